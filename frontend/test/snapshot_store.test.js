import assert from "node:assert/strict";
import { test } from "node:test";
import { createIndexCounter, createSnapshotStore } from "../src/snapshot_store.js";

/** A sessionStorage stand-in; `quota` bounds the total characters of the values. */
class FakeStorage {
  /** @param {number} [quota] */
  constructor(quota = Infinity) {
    /** @type {Map<string, string>} */
    this.data = new Map();
    this.quota = quota;
  }
  /** @param {string} key */
  getItem(key) {
    return this.data.has(key) ? /** @type {string} */ (this.data.get(key)) : null;
  }
  /** @param {string} key @param {string} value */
  setItem(key, value) {
    let used = value.length;
    for (const [k, v] of this.data) if (k !== key) used += v.length;
    if (used > this.quota) {
      const error = new Error("quota exceeded");
      error.name = "QuotaExceededError";
      throw error;
    }
    this.data.set(key, String(value));
  }
  /** @param {string} key */
  removeItem(key) {
    this.data.delete(key);
  }
  snapshotKeys() {
    return [...this.data.keys()].filter((k) => k.startsWith("liveview:snapshot:"));
  }
}

const snap = (/** @type {number} */ n) => ({ regions: [["#a", `content ${n}`]], title: `t${n}` });

test("store_put_and_get_through_storage", () => {
  const storage = new FakeStorage();
  const store = createSnapshotStore({ storage });
  store.put(1, snap(1));
  assert.deepEqual(store.get(1), snap(1));
  assert.deepEqual(storage.snapshotKeys(), ["liveview:snapshot:1"]);
  assert.equal(store.get(2), null);
});

test("store_survives_reload", () => {
  const storage = new FakeStorage();
  createSnapshotStore({ storage }).put(7, snap(7));
  const again = createSnapshotStore({ storage });
  assert.deepEqual(again.get(7), snap(7));
  assert.deepEqual(again.indexes(), [7]);
});

test("store_caps_at_50_pruning_oldest", () => {
  const storage = new FakeStorage();
  const store = createSnapshotStore({ storage });
  for (let i = 1; i <= 60; i += 1) store.put(i, snap(i));
  assert.equal(store.indexes().length, 50);
  assert.equal(store.indexes()[0], 11);
  assert.equal(store.get(10), null);
  assert.deepEqual(store.get(11), snap(11));
  assert.equal(storage.snapshotKeys().length, 50);
});

test("store_rewriting_an_entry_makes_it_newest", () => {
  const store = createSnapshotStore({ storage: new FakeStorage(), limit: 3 });
  store.put(1, snap(1));
  store.put(2, snap(2));
  store.put(3, snap(3));
  store.put(1, snap(10));
  store.put(4, snap(4));
  assert.deepEqual(store.indexes(), [3, 1, 4]);
  assert.deepEqual(store.get(1), snap(10));
  assert.equal(store.get(2), null);
});

test("store_quota_error_falls_back_to_memory", () => {
  const storage = new FakeStorage(400);
  /** @type {string[]} */
  const fallbacks = [];
  const store = createSnapshotStore({ storage, onFallback: (reason) => fallbacks.push(reason) });
  const big = { regions: [["#a", "x".repeat(1000)]] };
  store.put(1, snap(1));
  store.put(2, big);
  assert.deepEqual(store.get(2), big);
  assert.deepEqual(store.get(1), snap(1));
  assert.ok(fallbacks.some((reason) => reason.startsWith("QuotaExceededError")));
  assert.ok(!storage.snapshotKeys().includes("liveview:snapshot:2"));
});

test("store_memory_entries_count_towards_the_cap", () => {
  const storage = new FakeStorage(0);
  const store = createSnapshotStore({ storage, limit: 2 });
  store.put(1, snap(1));
  store.put(2, snap(2));
  store.put(3, snap(3));
  assert.equal(store.get(1), null);
  assert.deepEqual(store.get(3), snap(3));
});

test("store_quota_on_rewrite_drops_the_stale_stored_copy", () => {
  const storage = new FakeStorage(300);
  const store = createSnapshotStore({ storage });
  store.put(1, snap(1));
  const big = { regions: [["#a", "y".repeat(500)]] };
  store.put(1, big);
  assert.deepEqual(store.get(1), big);
  assert.ok(!storage.snapshotKeys().includes("liveview:snapshot:1"));
});

test("store_without_storage_is_memory_only", () => {
  const store = createSnapshotStore({ storage: null });
  store.put(1, snap(1));
  assert.deepEqual(store.get(1), snap(1));
  assert.equal(createIndexCounter(null)(0), 1);
});

test("store_storage_that_throws_on_every_call", () => {
  const hostile = {
    getItem() {
      throw new Error("SecurityError");
    },
    setItem() {
      throw new Error("SecurityError");
    },
    removeItem() {
      throw new Error("SecurityError");
    },
  };
  const store = createSnapshotStore({ storage: hostile });
  store.put(1, snap(1));
  assert.deepEqual(store.get(1), snap(1));
});

test("store_corrupt_entry_reads_as_missing", () => {
  const storage = new FakeStorage();
  storage.setItem("liveview:snapshot-order", "not json");
  storage.setItem("liveview:snapshot:5", "{broken");
  const store = createSnapshotStore({ storage });
  assert.deepEqual(store.indexes(), []);
  assert.equal(store.get(5), null);
});

test("index_counter_increases_and_persists", () => {
  const storage = new FakeStorage();
  const nextIndex = createIndexCounter(storage);
  assert.equal(nextIndex(0), 1);
  assert.equal(nextIndex(0), 2);
  assert.equal(nextIndex(10), 11);
  assert.equal(createIndexCounter(storage)(0), 12);
  storage.setItem("liveview:snapshot-counter", "garbage");
  assert.equal(createIndexCounter(storage)(0), 1, "a damaged counter starts over");
  const hostile = {
    getItem() {
      throw new Error("SecurityError");
    },
    setItem() {
      throw new Error("SecurityError");
    },
    removeItem() {},
  };
  const inMemory = createIndexCounter(hostile);
  assert.equal(inMemory(0), 1);
  assert.equal(inMemory(0), 2, "counted in memory where storage is refused");
});

test("clear_forgets_every_snapshot_but_not_the_counter", () => {
  const storage = new Map();
  const like = {
    getItem: (/** @type {string} */ k) => storage.get(k) ?? null,
    setItem: (/** @type {string} */ k, /** @type {string} */ v) => void storage.set(k, v),
    removeItem: (/** @type {string} */ k) => void storage.delete(k),
  };
  const store = createSnapshotStore({ storage: like });
  const nextIndex = createIndexCounter(like);
  const index = nextIndex(0);
  store.put(index, { regions: [] });
  store.clear();
  assert.equal(store.get(index), null);
  assert.deepEqual(store.indexes(), []);
  assert.equal(createSnapshotStore({ storage: like }).get(index), null);
  assert.ok(nextIndex(0) > index);
  assert.ok(createIndexCounter(like)(0) > index);
});
