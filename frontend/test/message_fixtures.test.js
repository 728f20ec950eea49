// The shared message fixtures (tests/fixtures/messages/*.json), run through findFields,
// encodeFields, collectCustomData and buildMessage. The Python test client runs the same
// files (tests/test_live_client_fixtures.py), and a Playwright test records what the real
// client sends for them (tests/browser/test_message_fixtures.py): the three agree.
//
// The fixtures' HTML is written well-formed (every element closed, attributes quoted), so a
// small parser builds the elements these modules read; field defaults follow the DOM's.

import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { encodeFields, findFields } from "../src/form_values.js";
import { buildMessage, collectCustomData } from "../src/protocol.js";

const FIXTURES = fileURLToPath(new URL("../../tests/fixtures/messages/", import.meta.url));
const VOID = new Set(["input", "br", "img", "hr", "meta", "link"]);
const FIELD_TAGS = new Set(["INPUT", "SELECT", "TEXTAREA"]);
const LISTED = new Set(["BUTTON", "FIELDSET", "INPUT", "OBJECT", "OUTPUT", "SELECT", "TEXTAREA"]);
const ENTITIES = { amp: "&", lt: "<", gt: ">", quot: '"', "#39": "'" };

/** @param {string} text */
const decode = (text) => text.replace(/&(amp|lt|gt|quot|#39);/g, (_, name) => ENTITIES[name]);

class MiniElement {
  /** @param {string} name @param {Record<string, string>} attributes @param {MiniDocument} document */
  constructor(name, attributes, document) {
    this.tagName = name.toUpperCase();
    this.attributes = attributes;
    this.document = document;
    /** @type {MiniElement | null} */
    this.parentElement = null;
    /** @type {(MiniElement | string)[]} */
    this.children = [];
    // Field state, as the DOM initialises it from the markup.
    this.valueState = null;
  }

  getAttribute(name) {
    return Object.prototype.hasOwnProperty.call(this.attributes, name) ? this.attributes[name] : null;
  }

  hasAttribute(name) {
    return this.getAttribute(name) !== null;
  }

  /** @returns {MiniElement[]} */
  descendants() {
    return this.children.flatMap((child) => (typeof child === "string" ? [] : [child, ...child.descendants()]));
  }

  get textContent() {
    return this.children.map((child) => (typeof child === "string" ? child : child.textContent)).join("");
  }

  closest(selector) {
    const tag = selector.toUpperCase();
    for (let node = /** @type {MiniElement | null} */ (this); node; node = node.parentElement) {
      if (node.tagName === tag) return node;
    }
    return null;
  }

  querySelectorAll(selector) {
    assert.equal(selector, "input, select, textarea");
    return this.descendants().filter((element) => FIELD_TAGS.has(element.tagName));
  }

  /** form.elements: listed elements whose form owner is this form. */
  get elements() {
    return this.document.root.descendants().filter((element) => LISTED.has(element.tagName) && element.form === this);
  }

  get form() {
    const id = this.getAttribute("form");
    if (id !== null) {
      const owner = this.document.getElementById(id);
      return owner && owner.tagName === "FORM" ? owner : null;
    }
    return this.closest("form");
  }

  get name() {
    return this.getAttribute("name") ?? "";
  }

  get type() {
    const type = (this.getAttribute("type") ?? "text").toLowerCase();
    return type;
  }

  get disabled() {
    return this.hasAttribute("disabled");
  }

  get multiple() {
    return this.hasAttribute("multiple");
  }

  get checked() {
    return this.checkedState ?? this.hasAttribute("checked");
  }

  get options() {
    const options = this.descendants().filter((element) => element.tagName === "OPTION");
    const flagged = options.filter((option) => option.hasAttribute("selected"));
    let selected = flagged;
    if (!this.multiple && flagged.length === 0) {
      selected = options.filter((option) => !option.hasAttribute("disabled")).slice(0, 1);
    } else if (!this.multiple) {
      selected = flagged.slice(-1);
    }
    return options.map((option) => ({
      selected: this.selectedState ? this.selectedState.includes(option.optionValue) : selected.includes(option),
      value: option.optionValue,
    }));
  }

  get optionValue() {
    return this.getAttribute("value") ?? this.textContent.replace(/\s+/g, " ").trim();
  }

  get value() {
    if (this.valueState !== null) return this.valueState;
    if (this.tagName === "TEXTAREA") return this.textContent.replace(/^\n/, "");
    if (this.tagName === "SELECT") return this.options.find((option) => option.selected)?.value ?? "";
    const value = this.getAttribute("value");
    if (value === null) return this.type === "checkbox" || this.type === "radio" ? "on" : "";
    return value;
  }

  get dataset() {
    /** @type {Record<string, string>} */
    const dataset = {};
    for (const [name, value] of Object.entries(this.attributes)) {
      if (name.startsWith("data-")) dataset[name.slice(5).replace(/-([a-z])/g, (_, c) => c.toUpperCase())] = value;
    }
    return dataset;
  }
}

class MiniDocument {
  /** @param {string} html  A body's content. */
  constructor(html) {
    this.root = new MiniElement("body", { "data-controller": "page" }, this);
    let current = this.root;
    const tokens = /<!--[\s\S]*?-->|<\/([a-zA-Z0-9]+)\s*>|<([a-zA-Z0-9]+)((?:\s+[^\s=>]+(?:="[^"]*"|='[^']*')?)*)\s*\/?>|([^<]+)/g;
    for (const match of html.matchAll(tokens)) {
      const [, closing, opening, attributeText, text] = match;
      if (text !== undefined) current.children.push(decode(text));
      else if (closing !== undefined) {
        assert.equal(current.tagName, closing.toUpperCase(), `unbalanced </${closing}> in a fixture`);
        current = /** @type {MiniElement} */ (current.parentElement);
      } else if (opening !== undefined) {
        /** @type {Record<string, string>} */
        const attributes = {};
        for (const [, name, double, single] of attributeText.matchAll(/([^\s=]+)(?:="([^"]*)"|='([^']*)')?/g)) {
          attributes[name] = decode(double ?? single ?? "");
        }
        const element = new MiniElement(opening, attributes, this);
        element.parentElement = current;
        current.children.push(element);
        if (!VOID.has(opening.toLowerCase())) current = element;
      }
    }
    assert.equal(current, this.root, "an element of the fixture is not closed");
  }

  getElementById(id) {
    return this.root.descendants().find((element) => element.getAttribute("id") === id) ?? null;
  }
}

/**
 * Apply a `before` step or the action's own state change to the mini DOM.
 * @param {MiniDocument} document
 * @param {{kind: string, target: string, value?: string}} step
 */
function applyState(document, step) {
  const element = /** @type {MiniElement} */ (document.getElementById(step.target));
  if (step.kind === "fill") element.valueState = step.value ?? "";
  if (step.kind === "check") element.checkedState = true;
  if (step.kind === "select") element.selectedState = [step.value ?? ""];
}

for (const file of readdirSync(FIXTURES).filter((name) => name.endsWith(".json")).sort()) {
  const fixture = JSON.parse(readFileSync(join(FIXTURES, file), "utf8"));
  // `"node": false`: the case is about what the DOM reports (value sanitization, defaults),
  // which only LiveClient and chromium have.
  if (fixture.node === false) continue;
  test(`fixture_${file.replace(/\.json$/, "")}`, () => {
    const document = new MiniDocument(fixture.html);
    for (const step of fixture.before ?? []) applyState(document, step);
    applyState(document, fixture.action);
    const sender = document.getElementById(fixture.sender ?? fixture.action.target);
    assert.ok(sender, `no element with id ${fixture.sender ?? fixture.action.target}`);
    const { fields, formId, missing } = findFields(
      /** @type {any} */ (sender),
      /** @type {any} */ (document),
    );
    assert.equal(missing, false);
    // As client.js: each file input among the fields names its uploads (none chosen here).
    const fileInputs = Array.from(fields).filter(
      (field) => field.tagName === "INPUT" && /** @type {any} */ (field).type === "file",
    );
    const files = fileInputs.length
      ? Object.fromEntries(fileInputs.map((field) => [/** @type {any} */ (field).name, []]))
      : undefined;
    const message = buildMessage({
      functionName: fixture.expected.function,
      form: encodeFields(fields),
      data: collectCustomData(sender.dataset),
      lang: fixture.lang,
      room: "fixture-room",
      formId,
      ref: "tab.1",
      files,
    });
    const { ref, room, ...comparable } = message;
    assert.deepEqual(comparable, { ...fixture.expected, lang: fixture.lang });
  });
}
