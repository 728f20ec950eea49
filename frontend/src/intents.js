// Exactly-once intents across reconnects: every message is kept from the moment it is handed to
// the socket until the server acknowledges its ref. After a reconnect, the ones sent on an
// earlier socket are sent again, in their original order and flagged `"replay": true`; the server
// runs a ref at most once and acknowledges a replay it already ran as a duplicate. Messages of
// persistent functions are also kept in sessionStorage, so a reload re-sends them.

import { REPLAY_WINDOW, STORAGE_KEY } from "./constants.js";

/** @typedef {import("./protocol.js").ClientMessage} ClientMessage */
/** @typedef {import("./snapshot_store.js").StorageLike} StorageLike */

/**
 * @typedef {Object} Intent
 * @property {ClientMessage} message  As first sent: same ref, never flagged replay.
 * @property {number} at  When it was handed to the socket (ms since the epoch).
 * @property {number | null} sentAt  When it was last written to a socket; null: never yet.
 * @property {boolean} persist  Kept in storage too.
 * @property {boolean} restored  Read back from storage after a reload: only a replay sends it.
 */

/**
 * @param {unknown} value
 * @returns {value is {message: ClientMessage, at: number, sentAt: number | null}}
 */
function isStored(value) {
  if (value === null || typeof value !== "object") return false;
  const { message, at, sentAt } = /** @type {Record<string, any>} */ (value);
  return (
    message !== null &&
    typeof message === "object" &&
    typeof message.function === "string" &&
    typeof message.ref === "string" &&
    typeof at === "number" &&
    (sentAt === null || typeof sentAt === "number")
  );
}

/**
 * @typedef {Object} Intents
 * @property {(message: ClientMessage, persist: boolean) => void} track  A message was handed to
 *   the socket (sent at once or queued).
 * @property {(ref: string) => void} sent  It was written to a socket.
 * @property {(ref: string) => ClientMessage | null} settle  Acknowledged (or dropped for good):
 *   forget it; returns it, or null if it was not pending.
 * @property {() => ClientMessage[]} replays  For a connection that just opened: the messages
 *   to send before anything else, flagged replay, oldest first. Those too old to replay safely
 *   are settled and handed to `onExpired` instead.
 * @property {() => ClientMessage[]} restore  Read the messages a previous page of this tab
 *   kept in storage (dropping, through `onExpired`, those too old to send); they go out with
 *   the next `replays()`. Returns them, oldest first.
 * @property {() => ClientMessage[]} clear  Forget every pending message, in memory and in
 *   storage (they belong to a user who is gone); returns them.
 * @property {() => ClientMessage[]} written  Pending messages already written to a socket,
 *   oldest first.
 * @property {() => number} size
 */

/**
 * @param {Object} [options]
 * @param {StorageLike | null} [options.storage]  sessionStorage, or null: memory only.
 * @param {() => number} [options.now]
 * @param {number} [options.maxAge]  A message never sent may wait this long (queueMaxAge).
 * @param {number} [options.replayWindow]  A sent message may be re-sent this long after it was
 *   last sent (as long as the server remembers refs).
 * @param {(messages: ClientMessage[]) => void} [options.onExpired]
 * @param {(reason: string) => void} [options.onStorageError]
 * @returns {Intents}
 */
export function createIntents({
  storage = null,
  now = Date.now,
  maxAge = Infinity,
  replayWindow = REPLAY_WINDOW,
  onExpired = () => {},
  onStorageError = () => {},
} = {}) {
  /** In the order they were first handed to the socket. @type {Map<string, Intent>} */
  const pending = new Map();

  /** @param {Intent} intent */
  function expired(intent) {
    const age = now() - (intent.sentAt ?? intent.at);
    return intent.sentAt === null ? age > maxAge : age > replayWindow;
  }

  function save() {
    if (!storage) return;
    const kept = [];
    for (const { message, at, sentAt, persist } of pending.values()) {
      if (persist) kept.push({ message, at, sentAt });
    }
    try {
      if (kept.length > 0) storage.setItem(STORAGE_KEY.intents, JSON.stringify(kept));
      else storage.removeItem(STORAGE_KEY.intents);
    } catch (error) {
      onStorageError(error instanceof Error ? `${error.name}: ${error.message}` : String(error));
    }
  }

  /** @returns {ClientMessage[]} */
  function restore() {
    /** @type {unknown} */
    let stored = null;
    try {
      stored = JSON.parse(storage?.getItem(STORAGE_KEY.intents) ?? "null");
    } catch {
      stored = null;
    }
    if (!Array.isArray(stored)) return [];
    /** @type {ClientMessage[]} */
    const stale = [];
    /** @type {ClientMessage[]} */
    const restored = [];
    for (const item of stored.filter(isStored)) {
      const { replay: _, ...message } = /** @type {ClientMessage & {replay?: boolean}} */ (
        item.message
      );
      /** @type {Intent} */
      const intent = { message, at: item.at, sentAt: item.sentAt, persist: true, restored: true };
      if (expired(intent)) stale.push(message);
      else if (!pending.has(message.ref)) {
        pending.set(message.ref, intent);
        restored.push(message);
      }
    }
    if (stale.length > 0) {
      save();
      onExpired(stale);
    }
    return restored;
  }

  return {
    restore,
    track(message, persist) {
      if (pending.has(message.ref)) return;
      pending.set(message.ref, { message, at: now(), sentAt: null, persist, restored: false });
      if (persist) save();
    },
    sent(ref) {
      const intent = pending.get(ref);
      if (!intent) return;
      intent.sentAt = now();
      intent.restored = false;
      if (intent.persist) save();
    },
    settle(ref) {
      const intent = pending.get(ref);
      if (!intent) return null;
      pending.delete(ref);
      if (intent.persist) save();
      return intent.message;
    },
    replays() {
      /** @type {ClientMessage[]} */
      const replays = [];
      /** @type {ClientMessage[]} */
      const stale = [];
      for (const intent of pending.values()) {
        // Never sent and not restored: it waits in the socket's queue and goes out normally.
        if (intent.sentAt === null && !intent.restored) continue;
        if (expired(intent)) stale.push(intent.message);
        else replays.push({ ...intent.message, replay: true });
      }
      for (const message of stale) pending.delete(message.ref);
      if (stale.length > 0) {
        save();
        onExpired(stale);
      }
      return replays;
    },
    clear() {
      const messages = Array.from(pending.values(), (intent) => intent.message);
      pending.clear();
      try {
        storage?.removeItem(STORAGE_KEY.intents);
      } catch {
        // Nothing stored if storage is not usable.
      }
      return messages;
    },
    written: () =>
      Array.from(pending.values())
        .filter((intent) => intent.sentAt !== null)
        .map((intent) => intent.message),
    size: () => pending.size,
  };
}
