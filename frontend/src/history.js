// Browser history for server-pushed URLs (SPEC 4.11). Before a URL is pushed, every region the
// server has touched is snapshotted under the current entry's index (kept in history.state);
// Back and Forward restore those regions, the title, <html lang> and the scroll position.

import { EVENT } from "./constants.js";

/** @typedef {import("./snapshot_store.js").SnapshotStore} SnapshotStore */
/** @typedef {import("./diagnostics.js").Diagnostics} Diagnostics */

/**
 * @typedef {Object} Snapshot
 * @property {string} url
 * @property {string} title
 * @property {string | null} lang
 * @property {{x: number, y: number}} scroll
 * @property {[string, string][]} regions  Selector and innerHTML, in the order first touched.
 */

/**
 * The liveview index kept in a history.state, or null if the state is not ours.
 * @param {unknown} state
 * @returns {number | null}
 */
export function indexFromState(state) {
  if (state === null || typeof state !== "object") return null;
  const { liveview, index } = /** @type {{liveview?: unknown, index?: unknown}} */ (state);
  return liveview === true && typeof index === "number" && Number.isInteger(index) ? index : null;
}

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
 * @param {string} a
 * @param {string} b
 */
function sameDocument(a, b) {
  return a.split("#")[0] === b.split("#")[0];
}

/**
 * A selector that finds `element` again: `#id` where there is one, else a child-index path from
 * the nearest ancestor with an id (or from body).
 * @param {Element} element
 * @returns {string}
 */
export function selectorFor(element) {
  const tag = element.tagName.toLowerCase();
  const { id } = element;
  if (id) {
    if (/^[A-Za-z_][\w-]*$/.test(id)) return `#${id}`;
    return `[id="${id.replace(/["\\]/g, "\\$&").replace(/\n/g, "\\a ")}"]`;
  }
  const parent = element.parentElement;
  if (tag === "body" || tag === "html" || !parent) return tag;
  const position = Array.from(parent.children).indexOf(element) + 1;
  return `${selectorFor(parent)} > ${tag}:nth-child(${position})`;
}

/**
 * @param {Object} deps
 * @param {Window} deps.window
 * @param {Document} deps.document
 * @param {SnapshotStore} deps.store
 * @param {Diagnostics} deps.diagnostics
 * @param {(element: Element) => void} deps.cleanup  Runs __cleanup on an element and its descendants.
 * @param {(element: Element, html: string) => boolean} [deps.swapRegion]  Restores a region
 *   itself (true) instead of the plain replacement (live navigation morphs the body).
 */
export function createHistory({ window, document, store, diagnostics, cleanup, swapRegion = () => false }) {
  const { history, location } = window;
  /** Touched regions: selector → content before the first touch (null if absent then). */
  /** @type {Map<string, string | null>} */
  const touched = new Map();
  /** @type {number} */
  let currentIndex = 0;
  let lastUrl = "";

  /** @param {string} selector */
  function query(selector) {
    try {
      return document.querySelector(selector);
    } catch {
      return null;
    }
  }

  /** @returns {Snapshot} */
  function snapshot() {
    /** @type {[string, string][]} */
    const regions = [];
    for (const selector of touched.keys()) {
      const element = query(selector);
      if (element) regions.push([selector, element.innerHTML]);
    }
    return {
      url: location.href,
      title: document.title,
      lang: document.documentElement.getAttribute("lang"),
      scroll: { x: window.scrollX, y: window.scrollY },
      regions,
    };
  }

  function save() {
    store.put(currentIndex, snapshot());
  }

  function manualScroll() {
    // We restore the scroll position ourselves; the browser must not race us.
    try {
      history.scrollRestoration = "manual";
    } catch {
      // Read-only in some embedded browsers.
    }
  }

  /**
   * @param {string} selector
   * @param {string} html
   */
  function setRegion(selector, html) {
    const element = query(selector);
    if (!element) {
      diagnostics.debug("history: region not on this page", selector);
      return;
    }
    if (swapRegion(element, html)) return;
    cleanup(element);
    element.innerHTML = html;
  }

  /** @param {Snapshot} snap */
  function restore(snap) {
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
  }

  /** @param {PopStateEvent} event */
  function onPopState(event) {
    const index = indexFromState(event.state);
    const url = location.href;
    if (index === null) {
      // A #fragment entry of this same page, or another script's state: not ours to handle.
      if (event.state !== null || sameDocument(url, lastUrl)) {
        lastUrl = url;
        return;
      }
      diagnostics.debug("history: entry without liveview state, loading", url);
      location.reload();
      return;
    }
    if (index === currentIndex) {
      lastUrl = url;
      return;
    }
    // Read the entry we go to before saving the one we leave: saving may prune the oldest
    // snapshot, and going back as far as the limit allows, that is the one we need.
    const snap = store.get(index);
    save();
    if (!isSnapshot(snap)) {
      diagnostics.debug("history: no snapshot for this entry, loading", url);
      location.reload();
      return;
    }
    restore(snap);
    currentIndex = index;
    lastUrl = url;
    diagnostics.emit(EVENT.historyRestored, { url, index });
  }

  return {
    /** Give the current entry an index (kept across reloads) and listen for Back/Forward. */
    start() {
      const state = history.state;
      const index = indexFromState(state);
      if (index === null) {
        currentIndex = store.nextIndex(0);
        const base = state !== null && typeof state === "object" ? state : {};
        history.replaceState({ ...base, liveview: true, index: currentIndex }, "");
      } else {
        currentIndex = index;
      }
      lastUrl = location.href;
      window.addEventListener("popstate", onPopState);
    },
    /**
     * Note regions about to change, so snapshots include them from now on; their current
     * content is remembered the first time.
     * @param {string[]} selectors
     */
    touch(selectors) {
      for (const selector of selectors) {
        if (!touched.has(selector)) touched.set(selector, query(selector)?.innerHTML ?? null);
      }
    },
    /**
     * Snapshot the current entry, then push `url` (already checked same-origin) as a new entry.
     * Pushing the URL the page is at adds no entry, as a link to the same page does not.
     * @param {string} url
     */
    push(url) {
      if (url === location.href) return;
      save();
      manualScroll();
      currentIndex = store.nextIndex(currentIndex);
      history.pushState({ liveview: true, index: currentIndex }, "", url);
      manualScroll();
      lastUrl = location.href;
    },
    /** The current entry's index (for tests and diagnostics). */
    index: () => currentIndex,
  };
}
