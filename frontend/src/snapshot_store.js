// Where history snapshots live: sessionStorage (per tab, survives reloads), at most `limit`
// entries with the oldest pruned; anything storage refuses (quota, privacy mode) stays in memory.

import { SNAPSHOT_LIMIT, STORAGE_KEY } from "./constants.js";

/**
 * @typedef {Pick<Storage, "getItem" | "setItem" | "removeItem">} StorageLike
 *
 * @typedef {Object} SnapshotStore
 * @property {(index: number, snapshot: unknown) => void} put  Store (or replace) and prune.
 * @property {(index: number) => unknown} get  The snapshot, or null if there is none.
 * @property {(atLeast: number) => number} nextIndex  A fresh index, greater than `atLeast` and
 *   than any handed out before in this tab.
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
  const savedCounter = Number(read(STORAGE_KEY.counter));
  let counter = Number.isInteger(savedCounter) ? savedCounter : 0;

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
    nextIndex(atLeast) {
      counter = Math.max(counter, atLeast) + 1;
      write(STORAGE_KEY.counter, String(counter));
      return counter;
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
