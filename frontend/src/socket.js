// The WebSocket connection: connect, reconnect with exponential backoff and jitter, and a
// bounded queue for what is sent while not connected. The WebSocket class, timers and random
// source are passed in, so all of it runs in tests without a browser.

import { CLOSE, EVENT } from "./constants.js";

/** @typedef {import("./constants.js").Config} Config */
/** @typedef {import("./diagnostics.js").Diagnostics} Diagnostics */

/**
 * @typedef {Object} SocketLike  What the client uses of a WebSocket.
 * @property {number} readyState
 * @property {(data: string | Uint8Array) => void} send
 * @property {(code?: number, reason?: string) => void} close
 * @property {(type: string, listener: (event: any) => void) => void} addEventListener
 *
 * @typedef {new (url: string, protocols?: string[]) => SocketLike} SocketConstructor
 *
 * @typedef {Object} Timers
 * @property {(fn: () => void, ms: number) => unknown} setTimeout
 * @property {(id: any) => void} clearTimeout
 */

const CONNECTING = 0;
const OPEN = 1;

/**
 * Delay before reconnection attempt number `attempt` (0 for the first): reconnectDelay times
 * reconnectMultiplier^attempt, capped at reconnectMaxDelay, then moved by up to ±jitter of itself
 * (never above the cap) so that clients dropped together do not all come back together.
 * @param {number} attempt
 * @param {Pick<Config, "reconnectDelay" | "reconnectMultiplier" | "reconnectMaxDelay" | "jitter">} config
 * @param {number} random  A number in [0, 1).
 */
export function backoffDelay(attempt, config, random) {
  const cap = config.reconnectMaxDelay;
  const base = Math.min(config.reconnectDelay * config.reconnectMultiplier ** attempt, cap);
  const moved = base * (1 + config.jitter * (2 * random - 1));
  return Math.round(Math.min(cap, Math.max(0, moved)));
}

/**
 * @template T
 * @typedef {Object} SendQueue
 * @property {(item: T) => boolean} push  Queue an item, dropping the oldest when over size;
 *   false if the queue holds nothing at all (maxSize 0) and the item itself was dropped.
 * @property {() => T[]} drain  Items still young enough, oldest first; empties the queue.
 * @property {() => number} size
 */

/**
 * A first-in first-out queue bounded by size and by age. Dropped items are handed to `onDrop`
 * with the reason, oldest first.
 * @template T
 * @param {Object} options
 * @param {number} options.maxSize
 * @param {number} options.maxAge  Milliseconds; Infinity keeps items forever.
 * @param {() => number} options.now
 * @param {(reason: "size" | "age", items: T[]) => void} options.onDrop
 * @returns {SendQueue<T>}
 */
export function createSendQueue({ maxSize, maxAge, now, onDrop }) {
  /** @type {{item: T, at: number}[]} */
  let entries = [];

  function dropOld() {
    const limit = now() - maxAge;
    const stale = entries.filter((entry) => entry.at < limit);
    if (stale.length === 0) return;
    entries = entries.filter((entry) => entry.at >= limit);
    onDrop("age", stale.map((entry) => entry.item));
  }

  return {
    push(item) {
      dropOld();
      if (maxSize < 1) {
        onDrop("size", [item]);
        return false;
      }
      entries.push({ item, at: now() });
      if (entries.length > maxSize) {
        const over = entries.splice(0, entries.length - maxSize);
        onDrop("size", over.map((entry) => entry.item));
      }
      return true;
    },
    drain() {
      dropOld();
      const items = entries.map((entry) => entry.item);
      entries = [];
      return items;
    },
    size: () => entries.length,
  };
}

/**
 * @typedef {Object} Socket
 * @property {() => void} connect  Open a connection unless one is open or opening.
 * @property {(message: object) => boolean} send  Send now if open, else queue and make sure a
 *   reconnection is under way (re-arming it if the attempts had run out). After `close()`
 *   nothing is sent again: the message is reported and dropped, and false returned.
 * @property {() => void} rearm  Start again after the attempts ran out; no-op otherwise.
 * @property {() => void} reconnectNow  Skip the pending backoff delay (the browser came online).
 * @property {() => void} close  Close for good: no reconnection.
 * @property {() => void} hold  Close the connection and stay disconnected, whatever would
 *   reconnect otherwise (backoff, `online`, a message sent: it is queued), until `release()`.
 * @property {() => void} release  Connect again after `hold()`; no-op when not held.
 * @property {() => boolean} isOpen
 * @property {(data: string | Uint8Array) => boolean} sendNow  Write a raw frame if connected
 *   (never queued: uploads resume by themselves after a reconnect); false if not.
 * @property {() => boolean} isExhausted  True once every reconnection attempt failed.
 * @property {() => string} url  The URL connected to (it changes when a room is renewed).
 */

/**
 * @param {Object} options
 * @param {string} options.url
 * @param {SocketConstructor} options.WebSocket
 * @param {Config} options.config
 * @param {SendQueue<object>} options.queue
 * @param {Diagnostics} options.diagnostics
 * @param {(data: unknown, frame: Event) => void} options.onMessage  Receives each frame's data
 *   and its MessageEvent.
 * @param {(connected: boolean) => void} [options.onConnectionChange]
 * @param {(socket: SocketLike) => void} [options.onSocket]  Told each new WebSocket.
 * @param {() => object[]} [options.replays]  Asked when a connection opens: messages to send
 *   first, before the queue (the unacknowledged ones of an earlier connection).
 * @param {(message: object) => void} [options.onSent]  Told each message written to a socket.
 * @param {(code: number) => void} [options.onClose]  Told each close code, before anything
 *   else is done about it.
 * @param {(code: number) => Promise<string | null>} [options.renew]  After a close that
 *   retrying cannot fix (a refused room, a revoked session): the URL to connect to instead,
 *   or null if none could be had.
 * @param {() => string} [options.query]  Appended to the URL at each connection (page info
 *   of stale.js: "" or "?build=…&path=…").
 * @param {() => string[] | undefined} [options.protocols]  The subprotocols each connection
 *   offers (the client's positions to resume group frames from).
 * @param {Timers} [options.timers]
 * @param {() => number} [options.random]
 * @returns {Socket}
 */
export function createSocket({
  url,
  WebSocket,
  config,
  queue,
  diagnostics,
  onMessage,
  onConnectionChange = () => {},
  onSocket = () => {},
  replays = () => [],
  onSent = () => {},
  onClose = () => {},
  renew = async () => null,
  query = () => "",
  protocols = () => undefined,
  timers = globalThis,
  random = Math.random,
}) {
  /** @type {SocketLike | null} */
  let socket = null;
  /** @type {unknown} */
  let timer = null;
  let attempt = 0;
  let exhausted = false;
  let stopped = false;
  let renewing = false;
  /** Disconnected on purpose (`hold()`) until `release()`. */
  let held = false;
  /** Close code of the previous connection: a room refused right after a renewal gives up. */
  /** @type {number | null} */
  let lastCode = null;

  const isOpen = () => socket !== null && socket.readyState === OPEN;
  const isActive = () =>
    socket !== null && (socket.readyState === OPEN || socket.readyState === CONNECTING);

  function clearTimer() {
    if (timer !== null) timers.clearTimeout(timer);
    timer = null;
  }

  function flush() {
    for (const message of queue.drain()) transmit(message);
  }

  /** @param {object} message */
  function transmit(message) {
    /** @type {SocketLike} */ (socket).send(JSON.stringify(message));
    diagnostics.emit(EVENT.sent, { message });
    onSent(message);
  }

  /** @param {{code?: number, reason?: string, wasClean?: boolean}} event */
  function handleClose(event) {
    onConnectionChange(false);
    const detail = { code: event.code, reason: event.reason, wasClean: event.wasClean, attempt };
    if (stopped || held) {
      diagnostics.emit(EVENT.disconnected, { ...detail, willReconnect: false });
      return;
    }
    onClose(event.code ?? 0);
    const previous = lastCode;
    lastCode = event.code ?? null;
    if (event.code === CLOSE.roomRefused || event.code === CLOSE.revoked) {
      if (event.code === CLOSE.roomRefused && previous === CLOSE.roomRefused) {
        giveUp(detail, "the server refused the fresh room too");
        return;
      }
      diagnostics.emit(EVENT.disconnected, { ...detail, willReconnect: true, renew: true });
      renewing = true;
      renew(event.code)
        .catch(() => null)
        .then((next) => {
          renewing = false;
          if (stopped) return;
          if (next === null) giveUp(detail, "no fresh room could be fetched");
          else {
            url = next;
            connect();
          }
        });
      return;
    }
    if (attempt < config.maxReconnectAttempts) {
      const delay = backoffDelay(attempt, config, random());
      attempt += 1;
      timer = timers.setTimeout(() => {
        timer = null;
        connect();
      }, delay);
      diagnostics.emit(EVENT.disconnected, { ...detail, willReconnect: true, delay });
    } else {
      exhausted = true;
      diagnostics.emit(EVENT.disconnected, { ...detail, willReconnect: false });
    }
  }

  /**
   * The page cannot get a room the server accepts: say so, and wait for the next user
   * action, `online` or the tab becoming visible to try again (with a fresh room).
   * @param {Record<string, unknown>} detail
   * @param {string} why
   */
  function giveUp(detail, why) {
    exhausted = true;
    lastCode = null;
    diagnostics.emit(EVENT.disconnected, { ...detail, willReconnect: false });
    diagnostics.emit(EVENT.roomRefused, { url, code: detail.code, reason: why });
    diagnostics.error(`not connected: ${why}`, { url });
  }

  function connect() {
    if (stopped || held || renewing || isActive()) return;
    clearTimer();
    const address = url + query();
    diagnostics.emit(EVENT.connecting, { url: address, attempt });
    /** @type {SocketLike} */
    let ws;
    try {
      ws = new WebSocket(address, protocols());
    } catch (error) {
      // A malformed URL: retrying cannot help.
      exhausted = true;
      diagnostics.error("cannot open the WebSocket", { url: address, error: String(error) });
      return;
    }
    socket = ws;
    onSocket(ws);
    ws.addEventListener("open", () => {
      if (socket !== ws) return;
      attempt = 0;
      exhausted = false;
      onConnectionChange(true);
      diagnostics.emit(EVENT.connected, { url: address });
      for (const message of replays()) transmit(message);
      flush();
    });
    ws.addEventListener("message", (event) => {
      if (socket === ws) onMessage(event.data, event);
    });
    ws.addEventListener("close", (event) => {
      if (socket !== ws) return;
      socket = null;
      handleClose(event);
    });
    ws.addEventListener("error", () => {
      // A close event always follows; it does the reporting.
      diagnostics.debug("WebSocket error", url);
    });
  }

  function rearm() {
    if (!exhausted || stopped || held || renewing) return;
    exhausted = false;
    attempt = 0;
    connect();
  }

  return {
    connect,
    send(message) {
      if (isOpen()) {
        transmit(message);
        return true;
      }
      if (stopped) {
        diagnostics.error("not sent: the connection is closed for good", { message });
        return false;
      }
      if (queue.push(message)) diagnostics.emit(EVENT.queued, { message, size: queue.size() });
      rearm();
      return true;
    },
    rearm,
    reconnectNow() {
      if (stopped || held || renewing || isActive()) return;
      exhausted = false;
      attempt = 0;
      connect();
    },
    close() {
      stopped = true;
      clearTimer();
      socket?.close();
    },
    hold() {
      if (stopped) return;
      held = true;
      clearTimer();
      socket?.close(1000, "held");
    },
    release() {
      if (!held) return;
      held = false;
      exhausted = false;
      attempt = 0;
      connect();
    },
    isOpen,
    sendNow(data) {
      if (!isOpen()) return false;
      /** @type {SocketLike} */ (socket).send(data);
      return true;
    },
    isExhausted: () => exhausted,
    url: () => url,
  };
}
