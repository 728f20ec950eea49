// data-liveview-keyboard-map='{"ctrl+s": "save", "esc": "close"}': keys that call handlers.

import { ATTR } from "../constants.js";

/**
 * @typedef {Object} KeyCombo
 * @property {string} key  One of KEY_NAMES, a–z or 0–9.
 * @property {boolean} ctrl
 * @property {boolean} alt
 * @property {boolean} meta
 * @property {boolean} shift
 *
 * @typedef {Pick<KeyboardEvent, "key" | "code" | "ctrlKey" | "altKey" | "metaKey" | "shiftKey">} KeyEventLike
 *
 * @typedef {{combo: KeyCombo, functionName: string}} KeyBinding
 */

/** KeyboardEvent.key values of the named keys, by the name a map uses. */
const NAMED_KEYS = /** @type {Record<string, string>} */ ({
  Escape: "esc",
  Enter: "enter",
  " ": "space",
  Tab: "tab",
  ArrowUp: "up",
  ArrowDown: "down",
  ArrowLeft: "left",
  ArrowRight: "right",
  Home: "home",
  End: "end",
  PageUp: "page_up",
  PageDown: "page_down",
});

export const KEY_NAMES = Object.freeze([
  "esc",
  "enter",
  "space",
  "tab",
  "up",
  "down",
  "left",
  "right",
  "home",
  "end",
  "page_up",
  "page_down",
]);
const MODIFIERS = new Set(["ctrl", "alt", "meta", "shift"]);
const SINGLE_KEY = /^[a-z0-9]$/;

/**
 * Parse "ctrl+shift+s" (any order, any case) into a combo; null if it names an unknown key or
 * modifier, or no key or two keys.
 * @param {string} text
 * @returns {KeyCombo | null}
 */
export function parseCombo(text) {
  const combo = { key: "", ctrl: false, alt: false, meta: false, shift: false };
  for (const rawPart of text.toLowerCase().split("+")) {
    const part = rawPart.trim();
    if (MODIFIERS.has(part)) {
      combo[/** @type {"ctrl" | "alt" | "meta" | "shift"} */ (part)] = true;
    } else if (combo.key === "" && (SINGLE_KEY.test(part) || KEY_NAMES.includes(part))) {
      combo.key = part;
    } else {
      return null;
    }
  }
  return combo.key === "" ? null : combo;
}

/**
 * The map name of the key pressed, or null for keys a map cannot name. Letters and digits fall
 * back on the physical key (event.code) when event.key is something else, as with shift+1 ("!"),
 * alt+s on macOS ("ß") or a non-Latin layout.
 * @param {KeyEventLike} event
 * @returns {string | null}
 */
export function keyName(event) {
  const key = typeof event.key === "string" ? event.key : "";
  if (key.length === 1 && SINGLE_KEY.test(key.toLowerCase())) return key.toLowerCase();
  if (Object.prototype.hasOwnProperty.call(NAMED_KEYS, key)) return NAMED_KEYS[key];
  const physical = /^(?:Key([A-Z])|Digit([0-9]))$/.exec(event.code ?? "");
  if (physical) return (physical[1] ?? physical[2]).toLowerCase();
  return null;
}

/**
 * True if the event is exactly this combo: same key and the same modifiers, none extra
 * (so "s" does not fire on ctrl+s).
 * @param {KeyCombo} combo
 * @param {KeyEventLike} event
 */
export function matchesCombo(combo, event) {
  return (
    keyName(event) === combo.key &&
    combo.ctrl === Boolean(event.ctrlKey) &&
    combo.alt === Boolean(event.altKey) &&
    combo.meta === Boolean(event.metaKey) &&
    combo.shift === Boolean(event.shiftKey)
  );
}

/**
 * Parse a map attribute. Unusable entries are reported in `problems` and left out.
 * @param {string} json
 * @returns {{bindings: KeyBinding[], problems: string[]}}
 */
export function parseKeyboardMap(json) {
  /** @type {unknown} */
  let raw;
  try {
    raw = JSON.parse(json);
  } catch {
    return { bindings: [], problems: [`keyboard map is not valid JSON: ${json}`] };
  }
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
    return { bindings: [], problems: ["keyboard map must be a JSON object"] };
  }
  /** @type {KeyBinding[]} */
  const bindings = [];
  /** @type {string[]} */
  const problems = [];
  for (const [text, functionName] of Object.entries(raw)) {
    const combo = parseCombo(text);
    if (!combo) problems.push(`unknown key combination "${text}"`);
    else if (typeof functionName !== "string" || functionName === "") {
      problems.push(`key "${text}" must map to a function name`);
    } else bindings.push({ combo, functionName });
  }
  return { bindings, problems };
}

/**
 * The first binding the event matches, or null.
 * @param {KeyBinding[]} bindings
 * @param {KeyEventLike} event
 */
export function findBinding(bindings, event) {
  return bindings.find((binding) => matchesCombo(binding.combo, event)) ?? null;
}

/** @param {EventTarget | null} target */
function isEditable(target) {
  if (!target || !("tagName" in target)) return false;
  const element = /** @type {HTMLElement} */ (target);
  return (
    element.isContentEditable ||
    element.tagName === "INPUT" ||
    element.tagName === "TEXTAREA" ||
    element.tagName === "SELECT"
  );
}

/**
 * @param {Object} deps
 * @param {Document} deps.document
 * @param {(element: Element, functionName: string) => void} deps.trigger
 * @param {(message: string, detail?: Record<string, unknown>) => void} deps.reportError
 */
export function createKeyboardBinding({ document, trigger, reportError }) {
  /** The listener of each bound element, to remove when its map goes. @type {WeakMap<Element, AbortController>} */
  const bound = new WeakMap();
  /** @type {Map<string, KeyBinding[]>} */
  const parsed = new Map();

  /**
   * Parsed once per distinct attribute value; the value is read at each key press, so a map
   * changed in place takes effect.
   * @param {Element} element
   */
  function bindingsOf(element) {
    const json = element.getAttribute(ATTR.keyboardMap) ?? "";
    let bindings = parsed.get(json);
    if (!bindings) {
      const result = parseKeyboardMap(json);
      for (const problem of result.problems) reportError(problem, { element });
      bindings = result.bindings;
      parsed.set(json, bindings);
    }
    return bindings;
  }

  /**
   * @param {Element} element
   * @param {boolean} global
   * @param {KeyboardEvent} event
   */
  function onKeydown(element, global, event) {
    if (event.defaultPrevented || event.isComposing) return;
    const binding = findBinding(bindingsOf(element), event);
    if (!binding) return;
    // A page-wide "w" must not fire while the user types a w into a field.
    const plain = !binding.combo.ctrl && !binding.combo.alt && !binding.combo.meta;
    if (global && plain && /^([a-z0-9]|space)$/.test(binding.combo.key) && isEditable(event.target)) {
      return;
    }
    event.preventDefault();
    trigger(element, binding.functionName);
  }

  /** @type {import("./observer.js").Binding} */
  const binding = {
    /** @param {Element} element */
    bind(element) {
      if (bound.has(element)) return;
      const listening = new AbortController();
      bound.set(element, listening);
      bindingsOf(element);
      const { signal } = listening;
      if (element === document.body) {
        // The body's map is page-wide; a live navigation keeps the body element and
        // re-arms it with the new page's map (or none), so the listener never doubles.
        document.addEventListener("keydown", (event) => onKeydown(element, true, event), { signal });
        return;
      }
      if (!element.hasAttribute("tabindex") && /** @type {HTMLElement} */ (element).tabIndex < 0) {
        element.setAttribute("tabindex", "-1");
      }
      element.addEventListener(
        "keydown",
        (event) => onKeydown(element, false, /** @type {KeyboardEvent} */ (event)),
        { signal },
      );
    },
    /** A kept element whose map changed or went: its listener goes, a new one if it has one. */
    rearm(element, matches) {
      bound.get(element)?.abort();
      bound.delete(element);
      if (matches) binding.bind(element);
    },
    selector: `[${ATTR.keyboardMap}]`,
  };
  return binding;
}
