// Where history snapshots live: sessionStorage (per tab, survives reloads), at most `limit`
// entries with the oldest pruned; anything storage refuses (quota, privacy mode) stays in memory.

import { SNAPSHOT_LIMIT, STORAGE_KEY } from "./constants.js";

/**
 * @typedef {Pick<Storage, "getItem" | "setItem" | "removeItem">} StorageLike
 *
 * @typedef {Object} SnapshotStore
 * @property {(index: number, snapshot: unknown) => void} put  Store (or replace) and prune.
 * @property {(index: number) => unknown} get  The snapshot, or null if there is none.
 * @property {() => number[]} indexes  Stored indexes, oldest first.
 * @property {() => void} clear  Forget every snapshot (indexes keep increasing: entries of the
 *   history that point at old indexes then find nothing and load their URL).
 */

/**
 * @param {Object} [options]
 * @param {StorageLike | null} [options.storage]  null: memory only.
 * @param {number} [options.limit]
 * @param {(reason: string) => void} [options.onFallback]  Told when storage refused something.
 * @returns {SnapshotStore}
 */
export function createSnapshotStore({ storage = null, limit = SNAPSHOT_LIMIT, onFallback = () => {} } = {}) {
  /** @type {Map<number, unknown>} */
  const memory = new Map();

  /** @param {string} key */
  function read(key) {
    if (!storage) return null;
    try {
      return storage.getItem(key);
    } catch {
      return null;
    }
  }

  /**
   * @param {string} key
   * @param {string} value
   */
  function write(key, value) {
    if (!storage) return false;
    try {
      storage.setItem(key, value);
      return true;
    } catch (error) {
      onFallback(error instanceof Error ? `${error.name}: ${error.message}` : String(error));
      return false;
    }
  }

  /** @param {string} key */
  function erase(key) {
    try {
      storage?.removeItem(key);
    } catch {
      // Nothing to free if storage is not usable.
    }
  }

  /** @param {string | null} text */
  function parseJson(text) {
    if (text === null) return null;
    try {
      return JSON.parse(text);
    } catch {
      return null;
    }
  }

  const saved = parseJson(read(STORAGE_KEY.order));
  /** Indexes oldest first: the order in which they were last stored. @type {number[]} */
  let order = Array.isArray(saved) ? saved.filter((n) => Number.isInteger(n)) : [];

  /** @param {number} index */
  const keyOf = (index) => `${STORAGE_KEY.snapshot}${index}`;

  function prune() {
    while (order.length > limit) {
      const oldest = /** @type {number} */ (order.shift());
      memory.delete(oldest);
      erase(keyOf(oldest));
    }
    write(STORAGE_KEY.order, JSON.stringify(order));
  }

  return {
    put(index, snapshot) {
      order = order.filter((n) => n !== index);
      order.push(index);
      if (write(keyOf(index), JSON.stringify(snapshot))) memory.delete(index);
      else {
        // Do not leave an older version of this entry behind in storage.
        erase(keyOf(index));
        memory.set(index, snapshot);
      }
      prune();
    },
    get(index) {
      if (memory.has(index)) return memory.get(index);
      return parseJson(read(keyOf(index)));
    },
    indexes: () => [...order],
    clear() {
      for (const index of order) erase(keyOf(index));
      order = [];
      memory.clear();
      erase(STORAGE_KEY.order);
    },
  };
}

/**
 * History entry indexes (history.js, in the main script): `next(atLeast)` is greater than
 * `atLeast` and than any index handed out before in this tab (kept in storage across reloads;
 * in memory where storage is refused). `clear()` of the store leaves it as it is: entries that
 * point at old indexes then find nothing and load their URL.
 * @param {StorageLike | null} storage
 * @returns {(atLeast: number) => number}
 */
export function createIndexCounter(storage) {
  let counter = 0;
  try {
    counter = Number(storage?.getItem(STORAGE_KEY.counter) ?? 0);
  } catch {
    // Storage refused: counted in memory.
  }
  if (!Number.isInteger(counter)) counter = 0;
  return (atLeast) => {
    counter = Math.max(counter, atLeast) + 1;
    try {
      storage?.setItem(STORAGE_KEY.counter, String(counter));
    } catch {
      // Counted in memory only.
    }
    return counter;
  };
}
