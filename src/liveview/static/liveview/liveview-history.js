/*! liveview 0.1.0 */
"use strict";
(() => {
  // src/chunks.js
  var REGISTRY = "liveviewChunks";
  function definePart(scope, name, exports) {
    (scope[REGISTRY] ?? (scope[REGISTRY] = {}))[name] = exports;
  }

  // src/history_restore.js
  function isSnapshot(value) {
    if (value === null || typeof value !== "object") return false;
    const snapshot = (
      /** @type {Record<string, unknown>} */
      value
    );
    return Array.isArray(snapshot.regions) && snapshot.regions.every(
      (region) => Array.isArray(region) && typeof region[0] === "string" && typeof region[1] === "string"
    );
  }
  function createRestorer({ window: window2, document, touched, query, debug, cleanup, swapRegion = () => false }) {
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
      window2.scrollTo(x, y);
    };
  }

  // src/constants.js
  var UPLOAD_DROP_ATTR = "data-liveview-upload-drop";
  var UPLOAD_SELECTOR = `input[type="file"], [${UPLOAD_DROP_ATTR}]`;
  var SNAPSHOT_LIMIT = 50;
  var STORAGE_KEY = /* @__PURE__ */ Object.freeze({
    snapshot: "liveview:snapshot:",
    order: "liveview:snapshot-order",
    counter: "liveview:snapshot-counter",
    intents: "liveview:intents",
    identity: "liveview:identity",
    carry: "liveview:carry",
    staleReload: "liveview:stale-reload"
  });

  // src/snapshot_store.js
  function createSnapshotStore({ storage = null, limit = SNAPSHOT_LIMIT, onFallback = () => {
  } } = {}) {
    const memory = /* @__PURE__ */ new Map();
    function read(key) {
      if (!storage) return null;
      try {
        return storage.getItem(key);
      } catch {
        return null;
      }
    }
    function write(key, value) {
      if (!storage) return false;
      try {
        storage.setItem(key, value);
        return true;
      } catch (error) {
        onFallback(error instanceof Error ? `${error.name}: ${error.message}` : String(error));
        return false;
      }
    }
    function erase(key) {
      try {
        storage?.removeItem(key);
      } catch {
      }
    }
    function parseJson(text) {
      if (text === null) return null;
      try {
        return JSON.parse(text);
      } catch {
        return null;
      }
    }
    const saved = parseJson(read(STORAGE_KEY.order));
    let order = Array.isArray(saved) ? saved.filter((n) => Number.isInteger(n)) : [];
    const keyOf = (index) => `${STORAGE_KEY.snapshot}${index}`;
    function prune() {
      while (order.length > limit) {
        const oldest = (
          /** @type {number} */
          order.shift()
        );
        memory.delete(oldest);
        erase(keyOf(oldest));
      }
      write(STORAGE_KEY.order, JSON.stringify(order));
    }
    return {
      put(index, snapshot) {
        order = order.filter((n) => n !== index);
        order.push(index);
        if (write(keyOf(index), JSON.stringify(snapshot))) memory.delete(index);
        else {
          erase(keyOf(index));
          memory.set(index, snapshot);
        }
        prune();
      },
      get(index) {
        if (memory.has(index)) return memory.get(index);
        return parseJson(read(keyOf(index)));
      },
      indexes: () => [...order],
      clear() {
        for (const index of order) erase(keyOf(index));
        order = [];
        memory.clear();
        erase(STORAGE_KEY.order);
      }
    };
  }

  // src/part_history.js
  definePart(
    /** @type {any} */
    window,
    "history",
    { createRestorer, createSnapshotStore, isSnapshot }
  );
})();
