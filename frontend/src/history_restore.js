// Back and Forward to an entry of a server-pushed URL (history.js): the stored snapshot's
// regions, title, <html lang> and scroll position are put back. With the snapshot store
// (snapshot_store.js), this is the "history" part, loaded at the page's first push or first
// Back/Forward to such an entry.

/**
 * @typedef {Object} Snapshot
 * @property {string} url
 * @property {string} title
 * @property {string | null} lang
 * @property {{x: number, y: number}} scroll
 * @property {[string, string][]} regions  Selector and innerHTML, in the order first touched.
 */

/**
 * @param {unknown} value
 * @returns {value is Snapshot}
 */
export function isSnapshot(value) {
  if (value === null || typeof value !== "object") return false;
  const snapshot = /** @type {Record<string, unknown>} */ (value);
  return (
    Array.isArray(snapshot.regions) &&
    snapshot.regions.every(
      (region) =>
        Array.isArray(region) && typeof region[0] === "string" && typeof region[1] === "string",
    )
  );
}

/**
 * @param {Object} deps
 * @param {Window} deps.window
 * @param {Document} deps.document
 * @param {Map<string, string | null>} deps.touched  Regions the server touched on this page
 *   (history.js): selector → content before the first touch (null if absent then).
 * @param {(selector: string) => Element | null} deps.query
 * @param {(...args: unknown[]) => void} deps.debug
 * @param {(element: Element) => void} deps.cleanup  Runs __cleanup on an element and its descendants.
 * @param {(element: Element, html: string) => boolean} [deps.swapRegion]  Restores a region
 *   itself (true) instead of the plain replacement (live navigation morphs the body).
 * @returns {(snapshot: Snapshot) => void}
 */
export function createRestorer({ window, document, touched, query, debug, cleanup, swapRegion = () => false }) {
  /**
   * @param {string} selector
   * @param {string} html
   */
  function setRegion(selector, html) {
    const element = query(selector);
    if (!element) {
      debug("history: region not on this page", selector);
      return;
    }
    if (swapRegion(element, html)) return;
    cleanup(element);
    element.innerHTML = html;
  }

  return (snap) => {
    const regions = new Map(snap.regions);
    // Regions first touched after this snapshot was taken had their first-seen content then.
    // They go first: a region of the snapshot that contains one is the more recent truth.
    for (const [selector, baseline] of touched) {
      if (!regions.has(selector) && baseline !== null) setRegion(selector, baseline);
    }
    for (const [selector, html] of regions) {
      if (!touched.has(selector)) touched.set(selector, query(selector)?.innerHTML ?? null);
      setRegion(selector, html);
    }
    if (typeof snap.title === "string") document.title = snap.title;
    if (typeof snap.lang === "string") document.documentElement.setAttribute("lang", snap.lang);
    else if (snap.lang === null) document.documentElement.removeAttribute("lang");
    const { x = 0, y = 0 } = snap.scroll ?? {};
    window.scrollTo(x, y);
  };
}
