// Merging the <head> of a page reached by live navigation into the current one: the title,
// meta tags and styles become the new page's; scripts new to the tab run once, scripts already
// there are never run again (nor removed: what a script did cannot be undone).

import { ATTR, CSP_NONCE_META } from "./constants.js";
import { isClassicScript } from "./scripts.js";

/**
 * What identifies a head element across two pages: equal keys are "the same element", even if
 * an attribute such as a script's per-response nonce differs.
 * @param {Element} element
 * @returns {string}
 */
export function headKey(element) {
  const tag = element.tagName.toLowerCase();
  const attr = (/** @type {string} */ name) => element.getAttribute(name);
  switch (tag) {
    case "title":
    case "base":
      return tag;
    case "meta": {
      if (attr("charset") !== null) return "meta:charset";
      for (const name of ["name", "property", "http-equiv", "itemprop"]) {
        const value = attr(name);
        if (value !== null) return `meta:${name}=${value.toLowerCase()}`;
      }
      return `meta:${element.outerHTML}`;
    }
    case "link":
      return `link:${(attr("rel") ?? "").toLowerCase()}:${attr("href") ?? ""}`;
    case "script":
      return attr("src") !== null ? `script:src:${attr("src")}` : `script:text:${element.textContent}`;
    case "style":
      return `style:${element.textContent}`;
    default:
      return `${tag}:${element.outerHTML}`;
  }
}

/**
 * @typedef {Object} HeadPlan
 * @property {Element[]} remove  Current elements the new page does not have.
 * @property {[Element, Element][]} update  Current meta elements and their new version.
 * @property {Element[]} add  New page's elements the current head lacks, in order.
 */

/**
 * What to do to `current` so it shows `next`'s head. Scripts and `data-liveview-permanent`
 * elements are never removed; the CSP nonce meta is the document's, never replaced.
 * @param {Element[]} current
 * @param {Element[]} next
 * @returns {HeadPlan}
 */
export function planHead(current, next) {
  /** @type {Map<string, Element>} */
  const wanted = new Map();
  for (const element of next) wanted.set(headKey(element), element);
  /** @type {HeadPlan} */
  const plan = { remove: [], update: [], add: [] };
  /** @type {Set<string>} */
  const present = new Set();
  for (const element of current) {
    const key = headKey(element);
    present.add(key);
    const counterpart = wanted.get(key);
    const tag = element.tagName;
    if (counterpart) {
      if (tag === "META" && key !== `meta:name=${CSP_NONCE_META}`) plan.update.push([element, counterpart]);
    } else if (tag !== "SCRIPT" && tag !== "TITLE" && !element.hasAttribute(ATTR.permanent)) {
      plan.remove.push(element);
    }
  }
  for (const [key, element] of wanted) {
    if (!present.has(key) && element.tagName !== "TITLE") plan.add.push(element);
  }
  return plan;
}

/**
 * @param {Element} element
 * @returns {Promise<void>}  Settles when a stylesheet or external script finished loading
 *   (or failed); at once for anything else.
 */
function loaded(element) {
  const stylesheet =
    element.tagName === "LINK" && (element.getAttribute("rel") ?? "").toLowerCase() === "stylesheet";
  const external = element.tagName === "SCRIPT" && element.hasAttribute("src");
  if (!stylesheet && !external) return Promise.resolve();
  return new Promise((resolve) => {
    element.addEventListener("load", () => resolve(), { once: true });
    element.addEventListener("error", () => resolve(), { once: true });
  });
}

/**
 * Merge `next` (a parsed page's head) into `document.head`. New stylesheets and scripts are
 * added first and waited for (the new body never shows unstyled, and finds the libraries it
 * expects, as on a load); the old page's styles are removed after.
 * @param {Document} document
 * @param {HTMLHeadElement} next
 * @param {(script: Element) => Element | null} runScript  Runs a script new to the tab;
 *   returns the element that runs it (null: not run).
 * @returns {Promise<() => void>}  Resolves once the new styles loaded, with the function that
 *   removes what the new page does not have (call it once the body is in place).
 */
export async function mergeHead(document, next, runScript) {
  const head = document.head;
  const plan = planHead(Array.from(head.children), Array.from(next.children));
  const title = next.querySelector("title");
  if (title) document.title = title.textContent ?? "";
  for (const [element, counterpart] of plan.update) {
    for (const { name, value } of Array.from(counterpart.attributes)) {
      if (element.getAttribute(name) !== value) element.setAttribute(name, value);
    }
  }
  /** @type {Promise<void>[]} */
  const waits = [];
  for (const element of plan.add) {
    if (element.tagName === "SCRIPT") {
      if (isClassicScript(element) || element.getAttribute("type") === "module") {
        const running = runScript(element);
        if (running) waits.push(loaded(running));
      } else head.appendChild(document.importNode(element, true));
      continue;
    }
    const copy = document.importNode(element, true);
    waits.push(loaded(copy));
    head.appendChild(copy);
  }
  await Promise.all(waits);
  return () => {
    for (const element of plan.remove) element.remove();
  };
}
