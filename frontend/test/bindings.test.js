import assert from "node:assert/strict";
import { test } from "node:test";
import { intersectionChange, rootMarginFor } from "../src/bindings/intersect.js";

test("rootMargin_from_threshold", () => {
  assert.equal(rootMarginFor("200"), "200px");
  assert.equal(rootMarginFor(null), "0px");
  assert.equal(rootMarginFor("soon"), "0px");
});

test("intersection_changes", () => {
  assert.equal(intersectionChange(undefined, true), "appear");
  assert.equal(intersectionChange(undefined, false), null, "starting outside is not leaving");
  assert.equal(intersectionChange(false, true), "appear");
  assert.equal(intersectionChange(true, false), "disappear");
  assert.equal(intersectionChange(true, true), null);
  assert.equal(intersectionChange(false, false), null);
});
