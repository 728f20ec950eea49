import assert from "node:assert/strict";
import { test } from "node:test";
import { createRenderer, runCleanups } from "../src/render.js";

// Elements without an HTML parser: html is stored as text and inserts no child nodes, which is
// enough for the message logic; parsing and scripts inside html are covered by browser tests.
// They sit under data-liveview-morph="false" (plain replacement): morphing needs a real DOM
// and is covered by the browser tests (tests/browser/test_morphing.py).
class FakeElement {
  /** @param {string} html @param {FakeElement[]} [descendants] */
  constructor(html = "", descendants = []) {
    this.innerHTML = html;
    this.descendants = descendants;
    this.removed = false;
    this.childNodes = [];
    this.lastChild = null;
    this.firstChild = null;
    /** @type {FakeElement | null} */
    this.parentElement = null;
    this.tagName = "DIV";
    this.id = "";
  }
  querySelectorAll() {
    return this.descendants;
  }
  closest() {
    return { getAttribute: () => "false" };
  }
  /** @param {string} _where @param {string} html */
  insertAdjacentHTML(_where, html) {
    this.innerHTML += html;
  }
  remove() {
    this.removed = true;
  }
  scrollIntoView() {
    this.scrolled = true;
  }
}

function setup() {
  const body = new FakeElement();
  const parent = new FakeElement();
  parent.id = "list";
  /** @type {Record<string, FakeElement>} */
  const elements = { "#a": new FakeElement("old"), "#item": new FakeElement("item"), body };
  elements["#item"].parentElement = parent;
  /** @type {Event[]} */
  const dispatched = [];
  const document = {
    title: "before",
    body,
    /** @param {string} selector */
    querySelector(selector) {
      if (selector === "[") throw new SyntaxError("bad selector");
      return elements[selector] ?? null;
    },
    /** @param {Event} event */
    dispatchEvent: (event) => dispatched.push(event),
  };
  const window = {
    location: { href: "https://site/page" },
    /** @type {unknown[]} */
    scrolls: [],
    /** @param {unknown} options */
    scrollTo(options) {
      this.scrolls.push(options);
    },
  };
  /** @type {[string, any][]} */
  const events = [];
  /** @type {string[]} */
  const errors = [];
  const diagnostics = {
    /** @param {string} name @param {unknown} detail */
    emit: (name, detail) => events.push([name, detail]),
    debug() {},
    /** @param {string} message */
    error: (message) => errors.push(message),
  };
  /** @type {[string, unknown][]} */
  const scriptRuns = [];
  /** @type {string[][]} */
  const touched = [];
  /** @type {string[]} */
  const pushed = [];
  const renderer = createRenderer({
    window: /** @type {any} */ (window),
    document: /** @type {any} */ (document),
    diagnostics,
    scripts: { run: (code, element) => void scriptRuns.push([code, element]) },
    history: { touch: (s) => void touched.push(s), push: (url) => void pushed.push(url) },
  });
  return { renderer, elements, document, window, events, errors, scriptRuns, touched, pushed, dispatched };
}

test("replace_html_and_title", () => {
  const t = setup();
  t.renderer.apply({ target: "#a", html: "new", title: "after" });
  assert.equal(t.elements["#a"].innerHTML, "new");
  assert.equal(t.document.title, "after");
  assert.deepEqual(t.touched, [["#a"]]);
  assert.equal(t.events.at(-1)?.[0], "liveview:message");
});

test("append_html", () => {
  const t = setup();
  t.renderer.apply({ target: "#a", html: "+more", append: true });
  assert.equal(t.elements["#a"].innerHTML, "old+more");
});

test("replace_runs_cleanups_first", () => {
  const t = setup();
  /** @type {string[]} */
  const order = [];
  const child = new FakeElement();
  child.__cleanup = () => order.push("child");
  const target = t.elements["#a"];
  target.descendants = [child];
  target.__cleanup = () => order.push(`target saw ${target.innerHTML}`);
  t.renderer.apply({ target: "#a", html: "new" });
  assert.deepEqual(order, ["target saw old", "child"]);
  assert.equal(target.__cleanup, undefined, "not called twice");
});

test("append_keeps_cleanups", () => {
  const t = setup();
  let called = 0;
  t.elements["#a"].__cleanup = () => called++;
  t.renderer.apply({ target: "#a", html: "x", append: true });
  assert.equal(called, 0);
});

test("remove_cleans_up_and_snapshots_parent", () => {
  const t = setup();
  let called = 0;
  t.elements["#item"].__cleanup = () => called++;
  t.renderer.apply({ target: "#item", remove: true });
  assert.equal(t.elements["#item"].removed, true);
  assert.equal(called, 1);
  assert.deepEqual(t.touched, [["#list"]]);
});

test("missing_target_changes_nothing", () => {
  const t = setup();
  t.renderer.apply({ target: "#nope", html: "x", title: "changed", url: "/x", event: "e" });
  assert.equal(t.document.title, "before");
  assert.deepEqual(t.pushed, []);
  assert.deepEqual(t.dispatched, []);
  assert.equal(t.errors.length, 1);
  assert.deepEqual(t.events, []);
});

test("invalid_selector_is_a_missing_target", () => {
  const t = setup();
  t.renderer.apply({ target: "[", html: "x" });
  assert.equal(t.errors.length, 1);
});

test("no_target_still_applies_the_rest", () => {
  const t = setup();
  t.renderer.apply({ title: "T", url: "/next", scroll: "#a", scrollTop: true, script: "go()", event: "done", eventData: { n: 1 } });
  assert.equal(t.document.title, "T");
  assert.deepEqual(t.pushed, ["https://site/next"]);
  assert.equal(t.elements["#a"].scrolled, true);
  assert.equal(t.window.scrolls.length, 1);
  assert.deepEqual(t.scriptRuns, [["go()", t.elements.body]]);
  const event = /** @type {CustomEvent} */ (t.dispatched[0]);
  assert.equal(event.type, "done");
  assert.deepEqual(event.detail, { n: 1 });
  assert.equal(event.bubbles, true);
});

test("url_is_pushed_before_the_content_changes", () => {
  const t = setup();
  /** @type {string[]} */
  const seen = [];
  const renderer = createRenderer({
    window: /** @type {any} */ (t.window),
    document: /** @type {any} */ (t.document),
    diagnostics: { emit() {}, debug() {}, error() {} },
    scripts: { run() {} },
    history: { touch() {}, push: () => void seen.push(t.elements["#a"].innerHTML) },
  });
  renderer.apply({ target: "#a", html: "new", url: "/n" });
  assert.deepEqual(seen, ["old"]);
});

test("foreign_url_is_refused", () => {
  const t = setup();
  t.renderer.apply({ url: "javascript:alert(1)", title: "still applied" });
  assert.deepEqual(t.pushed, []);
  assert.equal(t.errors.length, 1);
  assert.equal(t.document.title, "still applied");
});

test("server_error_becomes_an_event", (context) => {
  const t = setup();
  const consoleError = context.mock.method(console, "error", () => {});
  t.renderer.apply({ error: "Handler error", function: "divide" });
  assert.equal(consoleError.mock.callCount(), 1);
  assert.deepEqual(t.events[0], ["liveview:error", { source: "server", message: "Handler error", function: "divide" }]);
});

test("ack_is_announced", () => {
  const t = setup();
  t.renderer.apply({ ack: "ab.3" });
  assert.deepEqual(t.events[0], ["liveview:ack", { ref: "ab.3" }]);
});

test("duplicate_ack_is_announced", () => {
  const t = setup();
  t.renderer.apply({ ack: "ab.3", duplicate: true });
  assert.deepEqual(t.events[0], ["liveview:ack", { ref: "ab.3", duplicate: true }]);
});

test("runCleanups_shallow_leaves_descendants", () => {
  const root = new FakeElement();
  const child = new FakeElement();
  root.descendants = [child];
  /** @type {string[]} */
  const order = [];
  root.__cleanup = () => void order.push("root");
  child.__cleanup = () => void order.push("child");
  runCleanups(/** @type {any} */ (root), () => {}, false);
  assert.deepEqual(order, ["root"]);
  assert.equal(typeof child.__cleanup, "function");
});

test("runCleanups_reports_and_continues", () => {
  const root = new FakeElement();
  const a = new FakeElement();
  const b = new FakeElement();
  root.descendants = [a, b];
  let ran = 0;
  a.__cleanup = () => {
    throw new Error("bad");
  };
  b.__cleanup = () => void ran++;
  /** @type {string[]} */
  const errors = [];
  runCleanups(/** @type {any} */ (root), (message) => void errors.push(message));
  assert.equal(ran, 1);
  assert.equal(errors.length, 1);
});
