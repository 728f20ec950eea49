// Browser history for server-pushed URLs (SPEC 4.11). Before a URL is pushed, every region the
// server has touched is snapshotted under the current entry's index (kept in history.state);
// Back and Forward restore those regions, the title, <html lang> and the scroll position.
// Snapshots are taken here, in the main script; storing them and restoring one is the
// "history" part (history_restore.js, snapshot_store.js), loaded at the page's first push or
// first Back/Forward to an entry of its own. Pages that never push a URL never fetch it.

import { onDemand } from "./chunks.js";
import { EVENT, STORAGE_KEY } from "./constants.js";
import { createIndexCounter } from "./snapshot_store.js";

/** @typedef {import("./diagnostics.js").Diagnostics} Diagnostics */
/** @typedef {import("./history_restore.js").Snapshot} Snapshot */

/**
 * @typedef {Object} HistoryPart  What the "history" part does for this page.
 * @property {import("./snapshot_store.js").SnapshotStore} store
 * @property {(snapshot: Snapshot) => void} restore
 * @property {(value: unknown) => value is Snapshot} isSnapshot
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
 * @param {import("./snapshot_store.js").StorageLike | null} deps.storage
 * @param {Diagnostics} deps.diagnostics
 * @param {(touched: Map<string, string | null>, query: (selector: string) => Element | null) => Promise<HistoryPart>} deps.load
 *   The history part, made for this page (`touched` and `query` are this module's).
 */
export function createHistory({ window, document, storage, diagnostics, load }) {
  const { history, location } = window;
  /** Touched regions: selector → content before the first touch (null if absent then). */
  /** @type {Map<string, string | null>} */
  const touched = new Map();
  const nextIndex = createIndexCounter(storage);
  /** @type {number} */
  let currentIndex = 0;
  let lastUrl = "";
  const ready = onDemand(() => load(touched, query), "history snapshots are not available", diagnostics.error);

  /**
   * Run `use` with the part: at once if it is here, else once it has loaded (null: it could
   * not be loaded). Calls run in the order they were made.
   * @param {(part: HistoryPart | null) => void} use
   */
  function withPart(use) {
    if (ready.made) use(ready.made);
    else ready().then(use);
  }

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

  function manualScroll() {
    // We restore the scroll position ourselves; the browser must not race us.
    try {
      history.scrollRestoration = "manual";
    } catch {
      // Read-only in some embedded browsers.
    }
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
    const leaving = currentIndex;
    const current = snapshot();
    currentIndex = index;
    lastUrl = url;
    withPart((loaded) => {
      // Read the entry we go to before saving the one we leave: saving may prune the oldest
      // snapshot, and going back as far as the limit allows, that is the one we need.
      const snap = loaded?.store.get(index);
      loaded?.store.put(leaving, current);
      if (!loaded?.isSnapshot(snap)) {
        diagnostics.debug("history: no snapshot for this entry, loading", url);
        location.reload();
        return;
      }
      loaded.restore(snap);
      diagnostics.emit(EVENT.historyRestored, { url, index });
    });
  }

  return {
    /** Give the current entry an index (kept across reloads) and listen for Back/Forward. */
    start() {
      const state = history.state;
      const index = indexFromState(state);
      if (index === null) {
        currentIndex = nextIndex(0);
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
      const [index, current] = [currentIndex, snapshot()];
      withPart((loaded) => loaded?.store.put(index, current));
      manualScroll();
      currentIndex = nextIndex(currentIndex);
      history.pushState({ liveview: true, index: currentIndex }, "", url);
      manualScroll();
      lastUrl = location.href;
    },
    /** Forget every stored snapshot (another user's): fetches the part only if there are some. */
    forget() {
      let stored = ready.made !== undefined;
      try {
        stored ||= storage?.getItem(STORAGE_KEY.order) != null;
      } catch {
        // Nothing readable is stored.
      }
      if (stored) withPart((loaded) => loaded?.store.clear());
    },
    /** The current entry's index (for tests and diagnostics). */
    index: () => currentIndex,
  };
}
