import assert from "node:assert/strict";
import { test } from "node:test";

import { parseServerMessage } from "../src/protocol.js";
import { createResume, parseResync, parseSeq } from "../src/resume.js";

test("a frame is fresh until applied, then its number and older ones are duplicates", () => {
  const resume = createResume();
  const seq = { group: "broadcast", epoch: "e1", n: 4 };
  assert.equal(resume.fresh(seq), true);
  resume.applied(seq);
  assert.equal(resume.fresh(seq), false);
  assert.equal(resume.fresh({ ...seq, n: 3 }), false);
  assert.equal(resume.fresh({ ...seq, n: 5 }), true);
  assert.equal(resume.fresh({ ...seq, epoch: "e2", n: 1 }), true); // another log
});

/** @param {string[]} protocols */
function since(protocols) {
  assert.equal(protocols[0], "liveview.resume");
  const encoded = protocols[1].slice("liveview.since.".length).replace(/-/g, "+").replace(/_/g, "/");
  return JSON.parse(atob(encoded));
}

test("every connect offers to resume, from the positions applied ({} at first)", () => {
  const resume = createResume();
  assert.deepEqual(since(resume.protocols()), {});
  resume.applied({ group: "broadcast", epoch: "e1", n: 7 });
  assert.deepEqual(since(resume.protocols()), { broadcast: ["e1", 7] });
  for (const protocol of resume.protocols()) assert.match(protocol, /^[A-Za-z0-9._-]+$/);
});

test("a resync starts from where the server's logs stand, or forgets the group", () => {
  const resume = createResume({ a: ["e1", 3], b: ["e1", 9] });
  assert.deepEqual(resume.resynced({ a: ["e2", 10], b: null }), ["a", "b"]);
  assert.equal(resume.fresh({ group: "a", epoch: "e2", n: 10 }), false);
  assert.deepEqual(since(resume.protocols()), { a: ["e2", 10] });
});

test("seq and resync are type-checked when a frame is parsed", () => {
  assert.deepEqual(parseSeq({ group: "g", epoch: "e", n: 1 }), { group: "g", epoch: "e", n: 1 });
  for (const bad of [null, [], { group: "g", epoch: "e", n: 1.5 }, { group: 1, epoch: "e", n: 1 }]) {
    assert.equal(parseSeq(bad), undefined);
  }
  assert.deepEqual(parseResync({ g: ["e", 2], h: null }), { g: ["e", 2], h: null });
  assert.equal(parseResync({ g: "x" }), undefined);
  const ok = parseServerMessage('{"html":"x","seq":{"group":"g","epoch":"e","n":2}}');
  assert.equal(ok.ok && ok.message.seq?.n, 2);
  assert.equal(parseServerMessage('{"seq":{"group":"g"}}').ok, false);
  const resync = parseServerMessage('{"resync":{"broadcast":["e",5]}}');
  assert.deepEqual(resync.ok && resync.message.resync, { broadcast: ["e", 5] });
});
