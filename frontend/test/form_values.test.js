import assert from "node:assert/strict";
import { test } from "node:test";
import { encodeFields, findFields, isSendable } from "../src/form_values.js";

/** @param {Partial<import("../src/form_values.js").FieldLike>} props */
const input = (props) => ({ tagName: "INPUT", type: "text", name: "", value: "", ...props });
/** @param {string} name @param {string[]} selected @param {boolean} multiple */
const select = (name, selected, multiple) => ({
  tagName: "SELECT",
  name,
  value: selected[0] ?? "",
  multiple,
  options: ["a", "b", "c"].map((value) => ({ value, selected: selected.includes(value) })),
});

test("encode_text_fields", () => {
  assert.deepEqual(
    encodeFields([input({ name: "name", value: "Ada" }), { tagName: "TEXTAREA", name: "bio", value: "hi" }]),
    { name: "Ada", bio: "hi" },
  );
});

test("encode_skips_unnamed_disabled_and_buttons", () => {
  const fields = [
    input({ value: "no name" }),
    input({ name: "off", value: "x", disabled: true }),
    input({ name: "go", type: "submit", value: "Go" }),
    input({ name: "f", type: "file", value: "C:\\fakepath\\a.txt" }),
    { tagName: "BUTTON", name: "b", value: "1" },
    input({ name: "kept", value: "yes" }),
  ];
  assert.deepEqual(encodeFields(fields), { kept: "yes" });
  assert.equal(isSendable(input({ name: "x", type: "HIDDEN" })), true);
});

test("encode_checkbox_is_boolean", () => {
  assert.deepEqual(
    encodeFields([
      input({ name: "agree", type: "checkbox", value: "on", checked: true }),
      input({ name: "news", type: "checkbox", value: "on", checked: false }),
    ]),
    { agree: true, news: false },
  );
});

test("encode_radio_group_gives_checked_value", () => {
  const group = (/** @type {string | null} */ checked) =>
    ["s", "m", "l"].map((value) => input({ name: "size", type: "radio", value, checked: value === checked }));
  assert.deepEqual(encodeFields(group("m")), { size: "m" });
  assert.deepEqual(encodeFields(group(null)), { size: null });
  assert.deepEqual(encodeFields([input({ name: "one", type: "radio", value: "v", checked: false })]), {
    one: null,
  });
});

test("encode_select_single_and_multiple", () => {
  assert.deepEqual(encodeFields([select("one", ["b"], false)]), { one: "b" });
  assert.deepEqual(encodeFields([select("many", ["a", "c"], true)]), { many: ["a", "c"] });
  assert.deepEqual(encodeFields([select("none", [], true)]), { none: [] });
});

test("encode_repeated_names_become_arrays", () => {
  assert.deepEqual(
    encodeFields([input({ name: "tag", value: "x" }), input({ name: "tag", value: "y" }), input({ name: "t", value: "z" })]),
    { tag: ["x", "y"], t: "z" },
  );
});

test("encode_checkbox_group_gives_checked_values", () => {
  const fields = ["red", "green", "blue"].map((value) =>
    input({ name: "colors", type: "checkbox", value, checked: value !== "green" }),
  );
  assert.deepEqual(encodeFields(fields), { colors: ["red", "blue"] });
});

test("encode_proto_name_is_a_plain_key", () => {
  const values = encodeFields([input({ name: "__proto__", value: "x" })]);
  assert.equal(Object.getPrototypeOf(values), Object.prototype);
  assert.equal(JSON.stringify(values), '{"__proto__":"x"}');
});

// A minimal element tree for findFields: enough of Element for the rules it applies.
class FakeElement {
  /** @param {string} tagName @param {Record<string, string>} [attrs] @param {FakeElement[]} [children] */
  constructor(tagName, attrs = {}, children = []) {
    this.tagName = tagName.toUpperCase();
    this.attrs = attrs;
    this.name = attrs.name ?? "";
    this.value = attrs.value ?? "";
    this.type = attrs.type ?? "text";
    /** @type {FakeElement | null} */
    this.parentElement = null;
    this.children = children;
    for (const child of children) child.parentElement = this;
  }
  /** @param {string} name */
  getAttribute(name) {
    return this.attrs[name] ?? null;
  }
  /** @returns {FakeElement[]} */
  descendants() {
    return this.children.flatMap((child) => [child, ...child.descendants()]);
  }
  get elements() {
    return this.descendants().filter((el) => ["INPUT", "SELECT", "TEXTAREA", "BUTTON"].includes(el.tagName));
  }
  /** @param {string} _selector */
  querySelectorAll(_selector) {
    return this.descendants().filter((el) => ["INPUT", "SELECT", "TEXTAREA"].includes(el.tagName));
  }
  /** @param {string} tag */
  closest(tag) {
    for (let node = /** @type {FakeElement | null} */ (this); node; node = node.parentElement) {
      if (node.tagName === tag.toUpperCase()) return node;
    }
    return null;
  }
}

/** @param {FakeElement} root */
const fakeDocument = (root) => ({
  /** @param {string} id */
  getElementById: (id) => [root, ...root.descendants()].find((el) => el.attrs.id === id) ?? null,
});

/** @param {FakeElement} element @param {FakeElement} root */
function formOf(element, root) {
  const { fields, formId, missing } = findFields(/** @type {any} */ (element), /** @type {any} */ (fakeDocument(root)));
  return { form: encodeFields(fields), formId, missing };
}

test("find_element_is_a_form", () => {
  const form = new FakeElement("form", {}, [new FakeElement("input", { name: "q", value: "1" })]);
  const body = new FakeElement("body", {}, [form]);
  assert.deepEqual(formOf(form, body).form, { q: "1" });
});

test("find_element_inside_a_form", () => {
  const button = new FakeElement("button");
  const form = new FakeElement("form", {}, [new FakeElement("input", { name: "q", value: "1" }), button]);
  const body = new FakeElement("body", {}, [form, new FakeElement("input", { name: "outside" })]);
  assert.deepEqual(formOf(button, body).form, { q: "1" });
});

test("find_element_is_a_field", () => {
  const field = new FakeElement("input", { name: "search", value: "abc" });
  const body = new FakeElement("body", {}, [new FakeElement("div", {}, [field, new FakeElement("input", { name: "other" })])]);
  assert.deepEqual(formOf(field, body).form, { search: "abc" });
});

test("find_fields_beside_the_element", () => {
  const button = new FakeElement("button");
  const div = new FakeElement("div", {}, [new FakeElement("input", { name: "name", value: "Ada" }), button]);
  const body = new FakeElement("body", {}, [new FakeElement("input", { name: "far", value: "x" }), div]);
  assert.deepEqual(formOf(button, body).form, { name: "Ada" });
});

test("find_stops_at_the_parent_element", () => {
  // Fields of the grandparent (another section, a password) are never collected.
  const button = new FakeElement("button");
  const section = new FakeElement("div", {}, [
    new FakeElement("input", { name: "password", type: "password", value: "secret" }),
    new FakeElement("span", {}, [button]),
  ]);
  const body = new FakeElement("body", {}, [new FakeElement("input", { name: "far", value: "x" }), section]);
  assert.deepEqual(formOf(button, body).form, {});
});

test("find_element_without_parent_sends_nothing", () => {
  assert.deepEqual(formOf(new FakeElement("button"), new FakeElement("body")).form, {});
});

test("find_nothing_anywhere", () => {
  const button = new FakeElement("button");
  const body = new FakeElement("body", {}, [new FakeElement("div", {}, [button])]);
  assert.deepEqual(formOf(button, body).form, {});
});

test("find_form_id_overrides", () => {
  const button = new FakeElement("button", { "data-liveview-form-id": "signup" });
  const other = new FakeElement("form", { id: "signup" }, [new FakeElement("input", { name: "email", value: "a@b" })]);
  const mine = new FakeElement("form", {}, [new FakeElement("input", { name: "q", value: "1" }), button]);
  const body = new FakeElement("body", {}, [mine, other]);
  assert.deepEqual(formOf(button, body), { form: { email: "a@b" }, formId: "signup", missing: false });
});

test("find_form_id_missing_is_flagged", () => {
  const button = new FakeElement("button", { "data-liveview-form-id": "ghost" });
  const body = new FakeElement("body", {}, [button]);
  assert.deepEqual(formOf(button, body), { form: {}, formId: "ghost", missing: true });
});
