// Morphing a target's content into the server's new HTML with idiomorph: elements that match
// are kept, so what the user did to them (focus, caret, a value typed and not sent yet, an open
// <details> or <dialog>, a scroll position, listeners added by page scripts) survives an update
// that has the same structure. Plain replacement stays available per message and per element.

import { Idiomorph } from "idiomorph";
import { ATTR } from "./constants.js";
import { isClassicScript } from "./scripts.js";

/** Prefix of the temporary ids that let idiomorph match `data-liveview-key` elements. */
const KEY_ID = "liveview-key:";

// Elements whose content is text, not markup: morphing them would parse that text as HTML.
const TEXT_CONTENT = /^(?:SCRIPT|STYLE|TEXTAREA|TITLE)$/;

/**
 * Whether replacing `target`'s content morphs. Not when the message says `"morph": false`,
 * nor when the nearest `data-liveview-morph` on the target or an ancestor is "false", nor for
 * elements whose content is text.
 * @param {Pick<Element, "closest" | "tagName">} target
 * @param {{morph?: boolean}} message
 */
export function shouldMorph(target, message) {
  if (message.morph === false || TEXT_CONTENT.test(target.tagName.toUpperCase())) return false;
  const flag = target.closest(`[${ATTR.morph}]`);
  return flag === null || flag.getAttribute(ATTR.morph) !== "false";
}

/**
 * Whether the server's HTML may change attribute `name` (and the state it reflects). Not the
 * value, checked or selected state of the field the user is in, and not `open` on <details>
 * and <dialog>, which is the user's (a modal dialog losing it would stay in the top layer).
 * Unlike idiomorph's ignoreActiveValue, the content of a focused button still updates.
 * Nor may it take away the `tabindex` a keyboard map gave its element (the server's HTML
 * never has it): the element could no longer be focused, so its keys would go unheard.
 * @param {string} name
 * @param {Element} element
 * @param {"update" | "remove"} [change]
 */
export function serverMayChange(name, element, change) {
  if (name === "tabindex" && change === "remove" && element.hasAttribute(ATTR.keyboardMap)) {
    return false;
  }
  const active = element.ownerDocument.activeElement;
  if (name === "value" || name === "checked") return element !== active;
  if (name === "selected") return element.closest("select") !== active;
  return name !== "open" || (element.tagName !== "DETAILS" && element.tagName !== "DIALOG");
}

/**
 * Give each `data-liveview-key` element without an id a temporary id made of its key, the only
 * thing idiomorph matches on besides tag names.
 * @param {Element | DocumentFragment} root
 */
function keyIds(root) {
  for (const element of Array.from(root.querySelectorAll(`[${ATTR.key}]:not([id])`))) {
    element.id = KEY_ID + element.getAttribute(ATTR.key);
  }
}

/**
 * The attributes that make an element a binding (what it sends, what it calls, when), as one
 * string: an element whose string changed is, for the page, a new element.
 * @param {Element} element
 */
export function bindingSignature(element) {
  const parts = [];
  for (const { name, value } of Array.from(element.attributes)) {
    if (name === ATTR.key) continue;
    if (name.startsWith("data-liveview-") || name.startsWith("data-data-") || name === "data-action") {
      parts.push(`${name}=${value}`);
    }
  }
  return parts.sort().join("\n");
}

/**
 * Whether `content` holds a classic script (one the client would run).
 * @param {DocumentFragment} content
 */
function hasClassicScript(content) {
  return Array.from(content.querySelectorAll("script")).some(isClassicScript);
}

/**
 * @param {Element} root
 * @returns {Element[]} Descendants of `root` that define `__cleanup`.
 */
function withCleanup(root) {
  return Array.from(root.querySelectorAll("*")).filter((el) => typeof el.__cleanup === "function");
}

/**
 * Morph the children of `target` into `html`. `__cleanup()` runs on the target (its content is
 * being replaced) and on every element the morph removes; the descendants it keeps keep theirs.
 * The focused input, textarea or select keeps the user's value.
 *
 * HTML that carries a classic script is not morphed and null is returned: the caller replaces
 * the content, as Django LiveView 2.x always did. Such scripts typically add listeners to the
 * elements they arrive with; run again on kept elements, they would add them twice.
 * @param {Element} target
 * @param {string} html
 * @param {(root: Element, deep: boolean) => void} cleanup  Calls `__cleanup` on `root`, and on
 *   its descendants too when `deep`.
 * @returns {Element[] | null} Kept elements whose binding attributes changed (to re-arm as
 *   new ones), or null if nothing was done.
 */
export function morphContent(target, html, cleanup) {
  const template = target.ownerDocument.createElement("template");
  template.innerHTML = html;
  const content = template.content;
  if (hasClassicScript(content)) return null;
  cleanup(target, false);
  const before = withCleanup(target);
  /** @type {Element[]} */
  const changed = [];
  keyIds(target);
  keyIds(content);
  Idiomorph.morph(target, content, {
    morphStyle: "innerHTML",
    callbacks: {
      beforeNodeMorphed(oldNode, newNode) {
        if (oldNode.nodeType === 1 && newNode.nodeType === 1) {
          const old = /** @type {Element} */ (oldNode);
          if (bindingSignature(old) !== bindingSignature(/** @type {Element} */ (newNode))) {
            changed.push(old);
          }
        }
        return true;
      },
      beforeNodeRemoved(node) {
        if (node.nodeType === 1) cleanup(/** @type {Element} */ (node), true);
        return true;
      },
      beforeAttributeUpdated: serverMayChange,
    },
  });
  for (const element of Array.from(target.querySelectorAll(`[id^="${KEY_ID}"][${ATTR.key}]`))) {
    element.removeAttribute("id");
  }
  // Elements idiomorph set aside to reuse and then dropped leave without a removal callback.
  for (const element of before) if (!target.contains(element)) cleanup(element, false);
  return changed.filter((element) => target.contains(element));
}
