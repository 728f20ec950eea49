import assert from "node:assert/strict";
import { test } from "node:test";
import { createActions, parseAction, passesKeyFilter } from "../src/actions.js";

test("action_descriptors_parse_as_stimulus_does", () => {
  assert.deepEqual(parseAction("click->page#run", "BUTTON", null), {
    identifier: "page",
    method: "run",
    eventName: "click",
    on: "",
    keyFilter: "",
    options: {},
  });
  const keyed = parseAction("keydown.ctrl+s@window->page#run:prevent:!passive", "DIV", null);
  assert.equal(keyed?.eventName, "keydown");
  assert.equal(keyed?.keyFilter, "ctrl+s");
  assert.equal(keyed?.on, "window");
  assert.deepEqual(keyed?.options, { prevent: true, passive: false });
  // A dot after another event is part of its name; a modifier+ prefix is a filter.
  assert.equal(parseAction("custom.thing->page#run", "DIV", null)?.eventName, "custom.thing");
  assert.equal(parseAction("ctrl+click->page#run", "DIV", null)?.keyFilter, "ctrl");
  // Default events per element.
  assert.equal(parseAction("page#run", "form", null)?.eventName, "submit");
  assert.equal(parseAction("page#run", "INPUT", "submit")?.eventName, "click");
  assert.equal(parseAction("page#run", "INPUT", "text")?.eventName, "input");
  assert.equal(parseAction("page#run", "SELECT", null)?.eventName, "change");
  assert.equal(parseAction("page#run", "DIV", null), null, "no default event for a div");
  assert.equal(parseAction("nonsense", "BUTTON", null), null);
  assert.equal(parseAction("other#go", "A", null)?.identifier, "other");
});

test("key_filters_match_stimulus", () => {
  const key = (/** @type {string} */ k, extra = {}) => ({ key: k, ...extra });
  assert.equal(passesKeyFilter("", key("x"), true), true);
  assert.equal(passesKeyFilter("enter", key("Enter"), true), true);
  assert.equal(passesKeyFilter("enter", key("a"), true), false);
  assert.equal(passesKeyFilter("esc", key("Escape"), true), true);
  assert.equal(passesKeyFilter("s", key("S"), true), true);
  assert.equal(passesKeyFilter("ctrl+s", key("s", { ctrlKey: true }), true), true);
  assert.equal(passesKeyFilter("ctrl+s", key("s"), true), false, "modifier missing");
  assert.equal(passesKeyFilter("s", key("s", { shiftKey: true }), true), false, "extra modifier");
  assert.equal(passesKeyFilter("ctrl", key("Control", { ctrlKey: true }), true), true, "modifier only");
  assert.equal(passesKeyFilter("unknown", key("u"), true), false);
  assert.equal(passesKeyFilter("alt", { altKey: true }, false), true, "a mouse event's modifier");
  assert.equal(passesKeyFilter("alt", {}, false), false);
  assert.equal(passesKeyFilter("meta", { metaKey: false }, false), false);
});

/** A minimal element: attributes, a parent, children, listeners. */
class FakeElement {
  /** @param {string} tagName @param {Record<string, string>} attributes */
  constructor(tagName, attributes = {}) {
    this.tagName = tagName;
    this.attributes = new Map(Object.entries(attributes));
    /** @type {FakeElement | null} */
    this.parent = null;
    /** @type {FakeElement[]} */
    this.children = [];
    /** @type {Map<string, Function[]>} */
    this.listeners = new Map();
    this.isConnected = true;
    this.nodeType = 1;
  }
  /** @param {FakeElement} child */
  append(child) {
    child.parent = this;
    this.children.push(child);
    return child;
  }
  /** @param {string} name */
  getAttribute(name) {
    return this.attributes.get(name) ?? null;
  }
  /** @param {string} name */
  hasAttribute(name) {
    return this.attributes.has(name);
  }
  /** @param {string} selector */
  matches(selector) {
    if (selector === '[data-controller~="page"]') {
      return (this.getAttribute("data-controller") ?? "").split(/\s+/).includes("page");
    }
    return this.hasAttribute(selector.slice(1, -1));
  }
  /** @param {string} selector */
  closest(selector) {
    /** @type {FakeElement | null} */
    let node = this;
    while (node && !node.matches(selector)) node = node.parent;
    return node;
  }
  /** @param {FakeElement} other */
  contains(other) {
    return other.closest === undefined ? false : Boolean(other && (other === this || (other.parent && this.contains(other.parent))));
  }
  /** @param {string} selector @returns {FakeElement[]} */
  querySelectorAll(selector) {
    return this.children.flatMap((child) => [...(child.matches(selector) ? [child] : []), ...child.querySelectorAll(selector)]);
  }
  /** @param {string} name @param {Function} listener */
  addEventListener(name, listener) {
    this.listeners.set(name, [...(this.listeners.get(name) ?? []), listener]);
  }
  /** @param {string} name @param {Function} listener */
  removeEventListener(name, listener) {
    this.listeners.set(name, (this.listeners.get(name) ?? []).filter((each) => each !== listener));
  }
  /** @param {string} name @param {Record<string, unknown>} [extra] */
  fire(name, extra = {}) {
    const event = Object.assign(name.startsWith("key") ? new FakeKeyboardEvent() : {}, {
      target: this,
      prevented: false,
      stopped: false,
      preventDefault() {
        this.prevented = true;
      },
      stopPropagation() {
        this.stopped = true;
      },
      ...extra,
    });
    for (const listener of this.listeners.get(name) ?? []) listener(event);
    return event;
  }
}

class FakeKeyboardEvent {}

function setup() {
  const root = new FakeElement("BODY", { "data-controller": "page" });
  /** @type {Element[]} */
  const ran = [];
  const errors = /** @type {string[]} */ ([]);
  let others = 0;
  /** @type {((records: unknown[]) => void) | null} */
  let observe = null;
  const window = /** @type {any} */ ({
    MutationObserver: class {
      /** @param {(records: unknown[]) => void} callback */
      constructor(callback) {
        observe = callback;
      }
      observe() {}
      disconnect() {
        observe = null;
      }
    },
    addEventListener() {},
    Element: FakeElement,
    KeyboardEvent: FakeKeyboardEvent,
    MouseEvent: class {},
  });
  const actions = createActions({
    window,
    document: /** @type {any} */ ({ addEventListener() {} }),
    client: { run: (element) => ran.push(element) },
    reportError: (message) => errors.push(message),
    onOtherController: () => (others += 1),
  });
  return { root, ran, errors, actions, others: () => others, mutate: (/** @type {unknown[]} */ r) => observe?.(r) };
}

test("page_actions_run_and_stop_and_follow_changes", () => {
  const { root, ran, errors, actions, others, mutate } = setup();
  const button = root.append(new FakeElement("BUTTON", { "data-action": "click->page#stop click->page#run" }));
  const outside = new FakeElement("BUTTON", { "data-action": "click->page#run" });
  actions.start(/** @type {any} */ (root));
  const event = button.fire("click");
  assert.equal(event.prevented, true);
  assert.equal(event.stopped, true);
  assert.deepEqual(ran, [button]);
  assert.equal(outside.fire("click").prevented, false, "outside every page controller: unbound");

  // An inserted element is bound; a changed data-action rebinds; a removed one is unbound.
  const late = root.append(new FakeElement("A", { "data-action": "page#run page#missing other#x" }));
  mutate([{ type: "childList", target: root, addedNodes: [late], removedNodes: [] }]);
  late.fire("click");
  assert.deepEqual(ran, [button, late]);
  assert.match(errors[0], /page#missing/);
  assert.equal(others(), 1, "another controller named: Stimulus is wanted");
  late.attributes.set("data-action", "mouseover->page#run");
  mutate([{ type: "attributes", attributeName: "data-action", target: late }]);
  late.fire("click");
  assert.equal(ran.length, 2);
  late.fire("mouseover");
  assert.equal(ran.length, 3);
  late.isConnected = false;
  mutate([{ type: "childList", target: root, addedNodes: [], removedNodes: [late] }]);
  late.fire("mouseover");
  assert.equal(ran.length, 3);
  button.attributes.delete("data-action");
  mutate([{ type: "attributes", attributeName: "data-action", target: button }]);
  button.fire("click");
  assert.equal(ran.length, 3);

  // A new controller attribute: checked, and the scope rescanned.
  const widget = root.append(new FakeElement("DIV", { "data-controller": "page widget" }));
  mutate([{ type: "attributes", attributeName: "data-controller", target: widget }]);
  assert.equal(others(), 2);

  // Options and key filters.
  const field = root.append(new FakeElement("INPUT", { "data-action": "keydown.enter->page#run:self" }));
  mutate([{ type: "childList", target: root, addedNodes: [field], removedNodes: [] }]);
  field.fire("keydown", { key: "Enter" });
  assert.equal(ran.length, 4);
  field.fire("keydown", { key: "Enter", target: new FakeElement("SPAN") });
  assert.equal(ran.length, 4, ":self: only the element itself");

  actions.stop();
  field.fire("keydown", { key: "Enter" });
  assert.equal(ran.length, 4, "stopped: Stimulus runs the actions now");
});
