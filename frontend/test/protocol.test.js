import assert from "node:assert/strict";
import { test } from "node:test";
import {
  buildMessage,
  collectCustomData,
  createRefSequence,
  parseServerMessage,
  sameOriginUrl,
} from "../src/protocol.js";

test("buildMessage_has_the_documented_keys", () => {
  const message = buildMessage({
    functionName: "say_hello",
    form: { name: "Ada" },
    data: { dataCommentId: "123" },
    lang: "en",
    room: "r1",
    ref: "t.1",
  });
  assert.deepEqual(message, {
    function: "say_hello",
    form: { name: "Ada" },
    data: { dataCommentId: "123" },
    lang: "en",
    room: "r1",
    ref: "t.1",
  });
  assert.equal("formId" in message, false);
});

test("buildMessage_adds_formId_when_set", () => {
  const message = buildMessage({ functionName: "f", form: {}, data: {}, lang: "", room: "r", formId: "signup", ref: "t.2" });
  assert.equal(message.formId, "signup");
});

test("collectCustomData_keeps_only_data_data_attributes", () => {
  const dataset = {
    dataCommentId: "123",
    dataX: "1",
    liveviewFunction: "f",
    action: "click->page#run",
    database: "no",
    data: "bare",
  };
  assert.deepEqual(collectCustomData(dataset), { dataCommentId: "123", dataX: "1" });
});

test("refs_increase_per_tab", () => {
  const next = createRefSequence("ab12");
  assert.deepEqual([next(), next(), next()], ["ab12.1", "ab12.2", "ab12.3"]);
});

test("parse_full_message", () => {
  const text = JSON.stringify({
    target: "#a",
    html: "<p>x</p>",
    append: true,
    remove: false,
    url: "/x",
    title: "T",
    scroll: "#b",
    scrollTop: true,
    script: "1",
    event: "done",
    eventData: { n: 1 },
    error: "boom",
    function: "f",
    ack: "t.1",
    extra: "ignored",
  });
  const parsed = parseServerMessage(text);
  assert.ok(parsed.ok);
  assert.deepEqual(parsed.message, {
    target: "#a",
    url: "/x",
    title: "T",
    scroll: "#b",
    script: "1",
    event: "done",
    function: "f",
    append: true,
    remove: false,
    scrollTop: true,
    html: "<p>x</p>",
    error: "boom",
    ack: "t.1",
    eventData: { n: 1 },
  });
});

test("parse_ignores_proto_and_constructor", () => {
  const parsed = parseServerMessage('{"__proto__":{"target":"#evil","html":"x"},"constructor":{"prototype":{"polluted":1}},"title":"ok"}');
  assert.ok(parsed.ok);
  assert.deepEqual(parsed.message, { title: "ok" });
  assert.equal(Object.getPrototypeOf(parsed.message), Object.prototype);
  assert.equal(/** @type {any} */ ({}).polluted, undefined);
  assert.equal(/** @type {any} */ (parsed.message).target, undefined);
});

test("parse_inherited_keys_are_not_read", () => {
  const parsed = parseServerMessage("{}");
  assert.ok(parsed.ok);
  assert.deepEqual(Object.keys(parsed.message), []);
});

test("parse_rejects_bad_frames", () => {
  for (const text of ["not json", "[]", "null", "3", '"s"', '{"target": 5}', '{"html": {}}', '{"ack": []}']) {
    assert.equal(parseServerMessage(text).ok, false, text);
  }
  assert.equal(parseServerMessage(new ArrayBuffer(2)).ok, false);
});

test("parse_null_values_count_as_absent", () => {
  const parsed = parseServerMessage('{"target": null, "html": null, "title": "t"}');
  assert.ok(parsed.ok);
  assert.deepEqual(parsed.message, { title: "t" });
});

test("parse_numbers_html_and_ack_become_strings", () => {
  const parsed = parseServerMessage('{"target":"#n","html":42,"ack":7}');
  assert.ok(parsed.ok);
  assert.equal(parsed.message.html, "42");
  assert.equal(parsed.message.ack, "7");
});

test("parse_non_string_error_is_serialised", () => {
  const parsed = parseServerMessage('{"error":{"code":1}}');
  assert.ok(parsed.ok);
  assert.equal(parsed.message.error, '{"code":1}');
});

const base = "https://app.example/page?x=1";

test("sameOriginUrl_accepts_paths_and_same_origin", () => {
  assert.equal(sameOriginUrl("/articles/2/", base), "https://app.example/articles/2/");
  assert.equal(sameOriginUrl("?page=2", base), "https://app.example/page?page=2");
  assert.equal(sameOriginUrl("next", base), "https://app.example/next");
  assert.equal(sameOriginUrl("#top", base), "https://app.example/page?x=1#top");
  assert.equal(sameOriginUrl("https://app.example/a", base), "https://app.example/a");
  // A scheme without slashes that matches the page's is a relative path, as in browsers.
  assert.equal(sameOriginUrl("https:evil.com", base), "https://app.example/evil.com");
});

test("sameOriginUrl_refuses_dangerous_and_foreign", () => {
  const refused = [
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "//evil.com/",
    "\\\\evil.com",
    "/\\evil.com",
    "https://evil.com/",
    "http://app.example/",
    "https://app.example:8443/",
    "/ok\n",
    "/a\u0000b",
    "/a\u0085",
    "",
    "blob:https://app.example/uuid",
  ];
  for (const url of refused) assert.equal(sameOriginUrl(url, base), null, JSON.stringify(url));
  assert.equal(sameOriginUrl(/** @type {any} */ (42), base), null);
});
