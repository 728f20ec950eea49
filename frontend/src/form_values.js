// content["form"]: which fields a triggering element sends (SPEC 4.2) and how each is encoded.

import { ATTR } from "./constants.js";

/**
 * The parts of an input, select or textarea the encoding reads; tests pass plain objects.
 * @typedef {Object} FieldLike
 * @property {string} tagName
 * @property {string} [type]
 * @property {string} name
 * @property {string} value
 * @property {boolean} [checked]
 * @property {boolean} [disabled]
 * @property {boolean} [multiple]
 * @property {ArrayLike<{selected: boolean, value: string}>} [options]
 */

const FIELD_TAGS = new Set(["INPUT", "SELECT", "TEXTAREA"]);
// Buttons say which action was taken, not what was entered; files cannot travel as JSON.
const SKIPPED_INPUT_TYPES = new Set(["submit", "button", "reset", "image", "file"]);
const FIELD_SELECTOR = "input, select, textarea";

/**
 * Whether a field contributes to the form: named, enabled (as in a native submit), not a button.
 * @param {FieldLike} field
 */
export function isSendable(field) {
  if (!FIELD_TAGS.has(field.tagName.toUpperCase())) return false;
  if (!field.name || field.disabled) return false;
  return !SKIPPED_INPUT_TYPES.has(typeOf(field));
}

/** @param {FieldLike} field */
function typeOf(field) {
  const tag = field.tagName.toUpperCase();
  if (tag === "SELECT") return field.multiple ? "select-multiple" : "select-one";
  if (tag === "TEXTAREA") return "textarea";
  return (field.type || "text").toLowerCase();
}

/** @param {FieldLike} field */
function selectedValues(field) {
  return Array.from(field.options ?? [])
    .filter((option) => option.selected)
    .map((option) => option.value);
}

/**
 * Value of a field alone under its name: checkbox → boolean, radio → its value if checked
 * (else null), `<select multiple>` → array of selected values, anything else → its value.
 * @param {FieldLike} field
 * @returns {unknown}
 */
function singleValue(field) {
  const type = typeOf(field);
  if (type === "checkbox") return Boolean(field.checked);
  if (type === "radio") return field.checked ? field.value : null;
  if (type === "select-multiple") return selectedValues(field);
  return field.value;
}

/**
 * Values a field adds to a name shared by several fields: checked boxes and radios give their
 * value, unchecked ones nothing, a multiple select each selected value.
 * @param {FieldLike} field
 * @returns {unknown[]}
 */
function groupValues(field) {
  const type = typeOf(field);
  if (type === "checkbox" || type === "radio") return field.checked ? [field.value] : [];
  if (type === "select-multiple") return selectedValues(field);
  return [field.value];
}

/**
 * Encode fields into `{name: value}` in document order. A name used by one field gets that
 * field's value; a radio group gets the checked value (or null); any other repeated name gets an
 * array (for a checkbox group: the values of the checked boxes). Unnamed fields are skipped.
 * @param {Iterable<FieldLike>} fields
 * @returns {Record<string, unknown>}
 */
export function encodeFields(fields) {
  /** @type {Map<string, FieldLike[]>} */
  const groups = new Map();
  for (const field of fields) {
    if (!isSendable(field)) continue;
    const group = groups.get(field.name);
    if (group) group.push(field);
    else groups.set(field.name, [field]);
  }
  /** @type {[string, unknown][]} */
  const entries = [];
  for (const [name, group] of groups) {
    if (group.length === 1) {
      entries.push([name, singleValue(group[0])]);
    } else if (group.every((field) => typeOf(field) === "radio")) {
      entries.push([name, group.find((field) => field.checked)?.value ?? null]);
    } else {
      entries.push([name, group.flatMap(groupValues)]);
    }
  }
  // fromEntries defines own properties, so a field named "__proto__" stays a plain key.
  return Object.fromEntries(entries);
}

/**
 * @param {Element} container
 * @returns {FieldLike[]}
 */
function fieldsIn(container) {
  /** @type {Element[]} */
  const elements =
    container.tagName === "FORM"
      ? // form.elements also holds controls placed outside it with form="id".
        Array.from(/** @type {HTMLFormElement} */ (container).elements)
      : Array.from(container.querySelectorAll(FIELD_SELECTOR));
  return /** @type {FieldLike[]} */ (
    /** @type {unknown} */ (elements.filter((element) => FIELD_TAGS.has(element.tagName)))
  );
}

/**
 * The fields a triggering element sends, first matching rule wins: data-liveview-form-id names
 * the container; the element is a form; it is inside a form; it is a field itself; else the
 * named fields inside its parent element, and no further up. A button with nothing beside it
 * sends `{}`: looking further up would collect fields of unrelated parts of the page (a
 * password typed in another section) that the user never meant to send.
 * @param {Element} element
 * @param {Pick<Document, "getElementById">} document
 * @returns {{fields: FieldLike[], formId: string | null, missing: boolean}}
 */
export function findFields(element, document) {
  const formId = element.getAttribute(ATTR.formId);
  if (formId) {
    const owner = document.getElementById(formId);
    return { fields: owner ? fieldsIn(owner) : [], formId, missing: owner === null };
  }
  if (element.tagName === "FORM") return { fields: fieldsIn(element), formId: null, missing: false };
  const form = element.closest("form");
  if (form) return { fields: fieldsIn(form), formId: null, missing: false };
  if (FIELD_TAGS.has(element.tagName)) {
    return { fields: [/** @type {FieldLike} */ (/** @type {unknown} */ (element))], formId: null, missing: false };
  }
  const parent = element.parentElement;
  const fields = parent ? fieldsIn(parent).filter(isSendable) : [];
  return { fields, formId: null, missing: false };
}
