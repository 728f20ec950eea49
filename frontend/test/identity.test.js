import assert from "node:assert/strict";
import { test } from "node:test";
import { identityChanged } from "../src/identity.js";

function storage() {
  const items = new Map();
  return {
    getItem: (/** @type {string} */ k) => items.get(k) ?? null,
    setItem: (/** @type {string} */ k, /** @type {string} */ v) => void items.set(k, v),
    removeItem: (/** @type {string} */ k) => void items.delete(k),
  };
}

test("identity_first_seen_counts_as_a_change", () => {
  assert.equal(identityChanged(storage(), "a"), true);
});

test("identity_same_again_is_no_change", () => {
  const tab = storage();
  identityChanged(tab, "a");
  assert.equal(identityChanged(tab, "a"), false);
});

test("identity_other_user_is_a_change", () => {
  const tab = storage();
  identityChanged(tab, "a");
  assert.equal(identityChanged(tab, "b"), true);
  assert.equal(identityChanged(tab, "b"), false);
});

test("identity_unknown_changes_nothing", () => {
  const tab = storage();
  identityChanged(tab, "a");
  assert.equal(identityChanged(tab, null), false);
  assert.equal(identityChanged(tab, "a"), false);
  assert.equal(identityChanged(null, "a"), false);
});
