// Which clicks and submits live navigation takes over, and the URL each one goes to: same-origin
// links and GET forms inside `data-liveview-navigate`; everything else is left to the browser.

import { ATTR } from "./constants.js";

/**
 * @typedef {Object} ClickLike
 * @property {number} [button]
 * @property {boolean} [metaKey]
 * @property {boolean} [ctrlKey]
 * @property {boolean} [shiftKey]
 * @property {boolean} [altKey]
 * @property {boolean} [defaultPrevented]
 */

/**
 * Whether `element` is inside live navigation: the nearest `data-liveview-navigate` on it or
 * an ancestor, unless that one says "false".
 * @param {Element} element
 */
export function optedIn(element) {
  const scope = element.closest(`[${ATTR.navigate}]`);
  return scope !== null && scope.getAttribute(ATTR.navigate) !== "false";
}

/**
 * The URL a click on a link should navigate to live, or null to leave it to the browser: other
 * origins and schemes, modified clicks, `target`, `download`, and #fragments of this page.
 * @param {{href: string, target?: string | null, download?: boolean}} link
 * @param {ClickLike} event
 * @param {string} current  location.href
 * @returns {string | null}
 */
export function linkDestination(link, event, current) {
  if (event.defaultPrevented || (event.button ?? 0) !== 0) return null;
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return null;
  if (link.download || (link.target && link.target !== "_self")) return null;
  /** @type {URL} */
  let url;
  /** @type {URL} */
  let here;
  try {
    here = new URL(current);
    url = new URL(link.href, here);
  } catch {
    return null;
  }
  if ((url.protocol !== "http:" && url.protocol !== "https:") || url.origin !== here.origin) return null;
  if (url.hash && url.pathname === here.pathname && url.search === here.search) return null;
  return url.href;
}

/**
 * What `linkDestination` reads of a link.
 * @param {HTMLAnchorElement} link
 */
export function linkParts(link) {
  return { href: link.href, target: link.getAttribute("target"), download: link.hasAttribute("download") };
}

/**
 * The URL a GET form submits to: its action with the fields as the query string (replacing
 * the action's own, as browsers do). Null for another origin.
 * @param {string} action  The form's resolved action.
 * @param {Iterable<[string, FormDataEntryValue]>} entries
 * @param {string} current  location.href
 */
export function formDestination(action, entries, current) {
  let url;
  try {
    url = new URL(action, current);
  } catch {
    return null;
  }
  if (url.origin !== new URL(current).origin) return null;
  const query = new URLSearchParams();
  for (const [name, value] of entries) if (typeof value === "string") query.append(name, value);
  url.search = query.toString();
  url.hash = "";
  return url.href;
}
