import assert from "node:assert/strict";
import { test } from "node:test";
import { build } from "../build.mjs";

test("build_is_deterministic_and_versioned", async () => {
  const [first, second] = [await build(), await build()];
  assert.equal(first.length, 2);
  for (let i = 0; i < 2; i += 1) {
    assert.equal(first[i].path, second[i].path);
    assert.ok(Buffer.from(first[i].contents).equals(Buffer.from(second[i].contents)));
  }
  assert.match(first[0].path, /liveview\.js$/);
  assert.match(first[1].path, /liveview\.min\.js$/);
  const minified = new TextDecoder().decode(first[1].contents);
  assert.match(minified, /^\/\*! liveview \d+\.\d+\.\d+\S* /);
  assert.doesNotMatch(minified, /__LIVEVIEW_VERSION__/);
  assert.doesNotMatch(minified, /\beval\(|new Function/);
});
