import assert from "node:assert/strict";
import { test } from "node:test";
import { createFlights, createLoading } from "../src/loading.js";

// Elements with just what loading states touch: attributes, classes, text and `disabled`.
class FakeElement {
  /** @param {string} tagName @param {Record<string, string>} [attributes] @param {string} [text] */
  constructor(tagName, attributes = {}, text = "") {
    this.tagName = tagName;
    /** @type {Map<string, string>} */
    this.attributes = new Map(Object.entries(attributes));
    this.classes = new Set();
    this.textContent = text;
    this.disabled = false;
    this.isConnected = true;
    this.children = [];
    this.classList = {
      /** @param {string} name */
      add: (name) => void this.classes.add(name),
      /** @param {string} name */
      remove: (name) => void this.classes.delete(name),
      /** @param {string} name @param {boolean} on */
      toggle: (name, on) => void (on ? this.classes.add(name) : this.classes.delete(name)),
    };
  }
  get innerHTML() {
    return this.textContent;
  }
  set innerHTML(html) {
    this.textContent = html;
  }
  /** @param {string} name */
  getAttribute(name) {
    return this.attributes.get(name) ?? null;
  }
  /** @param {string} name @param {string} value */
  setAttribute(name, value) {
    this.attributes.set(name, value);
  }
  /** @param {string} name */
  removeAttribute(name) {
    this.attributes.delete(name);
  }
  busy() {
    return this.classes.has("liveview-loading") && this.getAttribute("aria-busy") === "true";
  }
}

function setup({ ackTimeout = 30000 } = {}) {
  const html = new FakeElement("HTML");
  /** @type {FakeElement[]} */
  const elements = [];
  const document = {
    documentElement: html,
    querySelectorAll: () => elements.filter((e) => e.isConnected && e.getAttribute("data-liveview-function") !== null),
  };
  /** @type {[string, any][]} */
  const events = [];
  /** @type {Map<number, {fn: () => void, ms: number}>} */
  const timers = new Map();
  let next = 1;
  const loading = createLoading({
    document: /** @type {any} */ (document),
    diagnostics: { emit: (name, detail) => void events.push([name, detail]), debug() {}, error() {} },
    timers: {
      setTimeout: (fn, ms) => {
        timers.set(next, { fn, ms });
        return next++;
      },
      clearTimeout: (id) => void timers.delete(id),
    },
    ackTimeout,
  });
  /** @param {string} fn @param {Record<string, string>} [attributes] @param {string} [text] */
  const add = (fn, attributes = {}, text = "") => {
    const element = new FakeElement("BUTTON", { "data-liveview-function": fn, ...attributes }, text);
    elements.push(element);
    return element;
  };
  /** @param {string} ref @param {string} fn */
  const msg = (ref, fn) => ({ ref, function: fn });
  return { loading, html, elements, add, events, timers, msg, /** @param {string} n */ names: (n) => events.filter(([e]) => e === n) };
}

test("flights_count_overlapping_calls_per_function_and_element", () => {
  const flights = createFlights();
  const element = /** @type {any} */ ({});
  assert.equal(flights.add("t.1", { function: "save", element, page: false }), true);
  assert.equal(flights.add("t.1", { function: "save", element, page: false }), false);
  flights.add("t.2", { function: "save", element, page: true });
  flights.add("t.3", { function: "load", element: null, page: false });
  assert.equal(flights.count("save"), 2);
  assert.deepEqual([...flights.functions()], ["save", "load"]);
  assert.equal(flights.pageLoading(), true);
  flights.remove("t.2");
  assert.equal(flights.count("save"), 1);
  assert.equal(flights.pageLoading(), false);
  assert.deepEqual([...flights.elements()], [element]);
  flights.remove("t.1");
  assert.deepEqual([...flights.elements()], []);
  assert.equal(flights.remove("t.1"), null);
  assert.equal(flights.size(), 1);
});

test("flights_mark_oldest_page_once", () => {
  const flights = createFlights();
  assert.equal(flights.markOldestPage(), null);
  flights.add("t.1", { function: "go", element: null, page: false });
  flights.add("t.2", { function: "other", element: null, page: false });
  assert.equal(flights.markOldestPage()?.function, "go");
  flights.markOldestPage();
  assert.equal(flights.pageLoading(), true);
  flights.remove("t.1");
  assert.equal(flights.pageLoading(), false);
});

test("busy_until_ack_for_trigger_and_same_function", () => {
  const t = setup();
  const button = t.add("save");
  const twin = t.add("save");
  const other = t.add("load");
  t.loading.start(t.msg("t.1", "save"), /** @type {any} */ (button));
  assert.ok(button.busy() && twin.busy());
  assert.ok(!other.busy());
  assert.deepEqual(t.names("liveview:loading-start"), [
    ["liveview:loading-start", { function: "save", ref: "t.1", element: button }],
  ]);
  t.loading.end("t.1", "ack");
  assert.ok(!button.busy() && !twin.busy());
  assert.equal(button.getAttribute("aria-busy"), null);
  assert.deepEqual(t.names("liveview:loading-end")[0][1], { function: "save", ref: "t.1", element: button, reason: "ack" });
});

test("overlapping_calls_end_with_the_last_ack", () => {
  const t = setup();
  const button = t.add("save");
  t.loading.start(t.msg("t.1", "save"), /** @type {any} */ (button));
  t.loading.start(t.msg("t.2", "save"), /** @type {any} */ (button));
  t.loading.end("t.1", "ack");
  assert.ok(button.busy());
  assert.equal(t.loading.count("save"), 1);
  t.loading.end("t.2", "ack");
  assert.ok(!button.busy());
  t.loading.end("t.2", "ack"); // a second ack changes nothing
  assert.equal(t.names("liveview:loading-end").length, 2);
});

test("trigger_without_the_function_attribute_is_busy_too", () => {
  const t = setup();
  const field = new FakeElement("INPUT", { "aria-busy": "false" });
  t.loading.start(t.msg("t.1", "search"), /** @type {any} */ (field));
  assert.ok(field.busy());
  t.loading.end("t.1", "ack");
  assert.equal(field.getAttribute("aria-busy"), "false", "the page's own value is restored");
});

test("disable_with_disables_swaps_and_restores", () => {
  const t = setup();
  const button = t.add("save", { "data-liveview-disable-with": "Saving…" }, "Save");
  t.loading.start(t.msg("t.1", "save"), /** @type {any} */ (button));
  assert.equal(button.textContent, "Saving…");
  assert.equal(button.disabled, true);
  t.loading.end("t.1", "ack");
  assert.equal(button.textContent, "Save");
  assert.equal(button.disabled, false);
});

test("disable_with_keeps_a_label_the_server_rendered_meanwhile", () => {
  const t = setup();
  const button = t.add("save", { "data-liveview-disable-with": "Saving…" }, "Save");
  t.loading.start(t.msg("t.1", "save"), /** @type {any} */ (button));
  // A morph during the flight puts the server's new label back and drops the busy state.
  button.textContent = "Save again";
  button.disabled = false;
  button.classes.clear();
  t.loading.refresh();
  assert.ok(button.busy());
  assert.equal(button.textContent, "Saving…");
  assert.equal(button.disabled, true);
  t.loading.end("t.1", "ack");
  assert.equal(button.textContent, "Save again");
});

test("disable_with_on_an_input_swaps_its_value", () => {
  const t = setup();
  const input = new FakeElement("INPUT", { "data-liveview-disable-with": "Sending…" });
  Object.assign(input, { value: "Send" });
  t.loading.start(t.msg("t.1", "send"), /** @type {any} */ (input));
  assert.equal(/** @type {any} */ (input).value, "Sending…");
  t.loading.end("t.1", "ack");
  assert.equal(/** @type {any} */ (input).value, "Send");
});

test("elements_inserted_during_the_flight_become_busy_on_refresh", () => {
  const t = setup();
  t.loading.start(t.msg("t.1", "save"), null);
  const late = t.add("save");
  assert.ok(!late.busy());
  t.loading.refresh();
  assert.ok(late.busy());
  t.loading.end("t.1", "ack");
  assert.ok(!late.busy());
});

test("page_loading_from_attribute", () => {
  const t = setup();
  const link = t.add("open", { "data-liveview-loading": "page" });
  t.loading.start(t.msg("t.1", "open"), /** @type {any} */ (link));
  assert.ok(t.html.classes.has("liveview-page-loading"));
  t.loading.end("t.1", "ack");
  assert.ok(!t.html.classes.has("liveview-page-loading"));
});

test("a_reply_with_url_makes_the_function_navigation_like", () => {
  const t = setup();
  t.loading.start(t.msg("t.1", "next_page"), null);
  assert.ok(!t.html.classes.has("liveview-page-loading"));
  t.loading.navigation();
  assert.ok(t.html.classes.has("liveview-page-loading"));
  t.loading.end("t.1", "ack");
  assert.ok(!t.html.classes.has("liveview-page-loading"));
  t.loading.start(t.msg("t.2", "next_page"), null);
  assert.ok(t.html.classes.has("liveview-page-loading"), "remembered for the next call");
});

test("ack_timeout_ends_loading_and_reports", () => {
  const t = setup({ ackTimeout: 5000 });
  const button = t.add("save");
  t.loading.start(t.msg("t.1", "save"), /** @type {any} */ (button));
  assert.equal(t.timers.size, 0, "no deadline while only queued");
  t.loading.sent("t.1");
  t.loading.sent("t.1"); // re-sent: the wait starts again, one timer
  assert.equal(t.timers.size, 1);
  const [timer] = t.timers.values();
  assert.equal(timer.ms, 5000);
  timer.fn();
  assert.ok(!button.busy());
  assert.equal(t.names("liveview:loading-end")[0][1].reason, "timeout");
  assert.deepEqual(t.names("liveview:ack-timeout")[0][1], { function: "save", ref: "t.1", element: button });
});

test("ack_clears_the_deadline", () => {
  const t = setup();
  t.loading.start(t.msg("t.1", "save"), null);
  t.loading.sent("t.1");
  t.loading.end("t.1", "duplicate");
  assert.equal(t.timers.size, 0);
});

test("ack_timeout_zero_or_infinity_never_fires", () => {
  for (const ackTimeout of [0, Infinity]) {
    const t = setup({ ackTimeout });
    t.loading.start(t.msg("t.1", "save"), null);
    t.loading.sent("t.1");
    assert.equal(t.timers.size, 0);
  }
});

test("disconnected_trigger_is_forgotten", () => {
  const t = setup();
  const field = new FakeElement("INPUT");
  t.loading.start(t.msg("t.1", "search"), /** @type {any} */ (field));
  field.isConnected = false;
  t.loading.refresh();
  assert.ok(!field.busy());
});
