import assert from "node:assert/strict";
import { test } from "node:test";
import {
  findBinding,
  keyName,
  matchesCombo,
  parseCombo,
  parseKeyboardMap,
} from "../src/bindings/keyboard.js";

/** @param {Partial<KeyboardEvent>} props */
const key = (props) => ({
  key: "",
  code: "",
  ctrlKey: false,
  altKey: false,
  metaKey: false,
  shiftKey: false,
  ...props,
});

test("parseCombo_single_letter", () => {
  assert.deepEqual(parseCombo("w"), { key: "w", ctrl: false, alt: false, meta: false, shift: false });
});

test("parseCombo_modifiers_in_any_order_and_case", () => {
  assert.deepEqual(parseCombo("Shift+CTRL+s"), {
    key: "s",
    ctrl: true,
    alt: false,
    meta: false,
    shift: true,
  });
  assert.deepEqual(parseCombo("meta+alt+1"), parseCombo("alt+meta+1"));
});

test("parseCombo_every_named_key", () => {
  const names = ["esc", "enter", "space", "tab", "up", "down", "left", "right", "home", "end", "page_up", "page_down"];
  for (const name of names) assert.equal(parseCombo(name)?.key, name);
  for (const name of ["a", "z", "0", "9"]) assert.equal(parseCombo(name)?.key, name);
});

test("parseCombo_rejects_unknown_or_incomplete", () => {
  for (const text of ["", "ctrl", "ctrl+", "f1", "hyper+a", "a+b", "escape", "ctrl++s"]) {
    assert.equal(parseCombo(text), null, text);
  }
});

test("keyName_letters_digits_and_named_keys", () => {
  assert.equal(keyName(key({ key: "W", code: "KeyW" })), "w");
  assert.equal(keyName(key({ key: "7", code: "Digit7" })), "7");
  assert.equal(keyName(key({ key: "Escape", code: "Escape" })), "esc");
  assert.equal(keyName(key({ key: " ", code: "Space" })), "space");
  assert.equal(keyName(key({ key: "ArrowUp" })), "up");
  assert.equal(keyName(key({ key: "PageDown" })), "page_down");
  assert.equal(keyName(key({ key: "F5", code: "F5" })), null);
});

test("keyName_falls_back_on_physical_key", () => {
  assert.equal(keyName(key({ key: "!", code: "Digit1", shiftKey: true })), "1");
  assert.equal(keyName(key({ key: "ß", code: "KeyS", altKey: true })), "s");
  assert.equal(keyName(key({ key: "ы", code: "KeyS" })), "s");
});

test("matchesCombo_requires_exact_modifiers", () => {
  const save = /** @type {NonNullable<ReturnType<typeof parseCombo>>} */ (parseCombo("ctrl+s"));
  assert.equal(matchesCombo(save, key({ key: "s", ctrlKey: true })), true);
  assert.equal(matchesCombo(save, key({ key: "s" })), false);
  assert.equal(matchesCombo(save, key({ key: "s", ctrlKey: true, shiftKey: true })), false);
  const plain = /** @type {NonNullable<ReturnType<typeof parseCombo>>} */ (parseCombo("s"));
  assert.equal(matchesCombo(plain, key({ key: "s", ctrlKey: true })), false);
  assert.equal(matchesCombo(plain, key({ key: "S", shiftKey: true })), false);
});

test("parseKeyboardMap_valid_map", () => {
  const { bindings, problems } = parseKeyboardMap('{"w":"move_up","ctrl+s":"save","esc":"close"}');
  assert.deepEqual(problems, []);
  assert.deepEqual(
    bindings.map((b) => b.functionName),
    ["move_up", "save", "close"],
  );
  assert.equal(findBinding(bindings, key({ key: "Escape" }))?.functionName, "close");
  assert.equal(findBinding(bindings, key({ key: "s", ctrlKey: true }))?.functionName, "save");
  assert.equal(findBinding(bindings, key({ key: "x" })), null);
});

test("parseKeyboardMap_reports_bad_entries_and_keeps_good_ones", () => {
  const { bindings, problems } = parseKeyboardMap('{"f13":"nope","w":"up","q":3}');
  assert.deepEqual(
    bindings.map((b) => b.functionName),
    ["up"],
  );
  assert.equal(problems.length, 2);
});

test("parseKeyboardMap_invalid_json", () => {
  assert.deepEqual(parseKeyboardMap("{w: up}").bindings, []);
  assert.equal(parseKeyboardMap("{w: up}").problems.length, 1);
  assert.equal(parseKeyboardMap('["w"]').problems.length, 1);
});

test("parseKeyboardMap_proto_key_is_just_an_unknown_combo", () => {
  const { bindings, problems } = parseKeyboardMap('{"__proto__":"x","a":"go"}');
  assert.equal(bindings.length, 1);
  assert.equal(problems.length, 1);
});

/** A page-wide map on a fake body: a document-level listener the binding can take back. */
function fakePage(map) {
  const document = new EventTarget();
  const attributes = new Map([["data-liveview-keyboard-map", map]]);
  const body = Object.assign(new EventTarget(), {
    getAttribute: (/** @type {string} */ name) => attributes.get(name) ?? null,
    hasAttribute: (/** @type {string} */ name) => attributes.has(name),
    setAttribute: (/** @type {string} */ name, /** @type {string} */ value) => attributes.set(name, value),
    tabIndex: -1,
  });
  Object.assign(document, { body });
  return { document, body, attributes };
}

/** @param {EventTarget} target @param {string} key */
function press(target, key) {
  const event = Object.assign(new Event("keydown", { cancelable: true }), {
    key, code: "", ctrlKey: false, altKey: false, metaKey: false, shiftKey: false, isComposing: false,
  });
  target.dispatchEvent(event);
}

test("keyboard_rearm_replaces_the_page_wide_listener_never_doubles_it", async () => {
  const { createKeyboardBinding } = await import("../src/bindings/keyboard.js");
  const { document, body, attributes } = fakePage('{"n": "next"}');
  /** @type {string[]} */
  const calls = [];
  /** @type {string[]} */
  const problems = [];
  const binding = createKeyboardBinding({
    document: /** @type {any} */ (document),
    trigger: (_element, name) => calls.push(name),
    reportError: (message) => problems.push(message),
  });
  binding.bind(/** @type {any} */ (body));
  binding.bind(/** @type {any} */ (body)); // bound once, however often it is seen
  press(document, "n");
  assert.deepEqual(calls, ["next"]);
  // A live navigation to a page whose body maps another key.
  attributes.set("data-liveview-keyboard-map", '{"p": "previous"}');
  binding.rearm?.(/** @type {any} */ (body), true);
  press(document, "n");
  press(document, "p");
  assert.deepEqual(calls, ["next", "previous"]);
  // And to a page without a map: nothing is listening any more.
  attributes.delete("data-liveview-keyboard-map");
  binding.rearm?.(/** @type {any} */ (body), false);
  press(document, "p");
  assert.deepEqual(calls, ["next", "previous"]);
  assert.deepEqual(problems, []); // a listener left behind would read the missing map
});
