import assert from "node:assert/strict";
import { test } from "node:test";
import { shouldMorph } from "../src/morph.js";

// What shouldMorph reads of a target: its tag and the nearest data-liveview-morph (itself
// included). Morphing itself needs a real DOM: tests/browser/test_morphing.py.

/** @param {string} tagName @param {string | null} flag */
function target(tagName, flag) {
  return {
    tagName,
    /** @param {string} selector */
    closest(selector) {
      assert.equal(selector, "[data-liveview-morph]");
      return flag === null ? null : { getAttribute: () => flag };
    },
  };
}

test("morphs_by_default", () => {
  assert.equal(shouldMorph(target("DIV", null), {}), true);
  assert.equal(shouldMorph(target("DIV", "true"), { morph: true }), true);
});

test("message_opt_out", () => {
  assert.equal(shouldMorph(target("DIV", null), { morph: false }), false);
});

test("element_or_ancestor_opt_out_nearest_wins", () => {
  assert.equal(shouldMorph(target("DIV", "false"), {}), false);
  assert.equal(shouldMorph(target("DIV", "true"), {}), true);
});

test("text_content_elements_are_replaced", () => {
  for (const tag of ["TEXTAREA", "textarea", "SCRIPT", "STYLE", "TITLE"]) {
    assert.equal(shouldMorph(target(tag, null), {}), false, tag);
  }
});
