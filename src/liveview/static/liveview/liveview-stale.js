/*! liveview 0.1.0 */
"use strict";
(() => {
  // src/chunks.js
  var REGISTRY = "liveviewChunks";
  function definePart(scope, name, exports) {
    (scope[REGISTRY] ?? (scope[REGISTRY] = {}))[name] = exports;
  }

  // src/constants.js
  var ATTR = /* @__PURE__ */ Object.freeze({
    function: "data-liveview-function",
    formId: "data-liveview-form-id",
    debounce: "data-liveview-debounce",
    throttle: "data-liveview-throttle",
    focus: "data-liveview-focus",
    init: "data-liveview-init",
    intersectAppear: "data-liveview-intersect-appear",
    intersectDisappear: "data-liveview-intersect-disappear",
    intersectThreshold: "data-liveview-intersect-threshold",
    keyboardMap: "data-liveview-keyboard-map",
    morph: "data-liveview-morph",
    key: "data-liveview-key",
    disableWith: "data-liveview-disable-with",
    loading: "data-liveview-loading",
    persist: "data-liveview-persist",
    room: "data-room",
    identity: "data-liveview-identity",
    navigate: "data-liveview-navigate",
    permanent: "data-liveview-permanent",
    prefetch: "data-liveview-prefetch",
    build: "data-liveview-build"
  });
  var EVENT = /* @__PURE__ */ Object.freeze({
    connecting: "liveview:connecting",
    connected: "liveview:connected",
    disconnected: "liveview:disconnected",
    sent: "liveview:sent",
    message: "liveview:message",
    ack: "liveview:ack",
    queued: "liveview:queued",
    queueDropped: "liveview:queue-dropped",
    historyRestored: "liveview:history-restored",
    roomRefused: "liveview:room-refused",
    sessionEnded: "liveview:session-ended",
    loadingStart: "liveview:loading-start",
    loadingEnd: "liveview:loading-end",
    ackTimeout: "liveview:ack-timeout",
    error: "liveview:error",
    navigate: "liveview:navigate",
    navigated: "liveview:navigated",
    navigateAway: "liveview:navigate-away",
    stale: "liveview:stale",
    resync: "liveview:resync"
  });
  var UPLOAD_DROP_ATTR = "data-liveview-upload-drop";
  var UPLOAD_SELECTOR = `input[type="file"], [${UPLOAD_DROP_ATTR}]`;
  var STORAGE_KEY = /* @__PURE__ */ Object.freeze({
    snapshot: "liveview:snapshot:",
    order: "liveview:snapshot-order",
    counter: "liveview:snapshot-counter",
    intents: "liveview:intents",
    identity: "liveview:identity",
    carry: "liveview:carry",
    staleReload: "liveview:stale-reload"
  });

  // src/identity.js
  function identityOf(document) {
    return document.documentElement.getAttribute(ATTR.identity) || null;
  }
  async function fetchPage(window2, debug) {
    let response;
    try {
      response = await window2.fetch(window2.location.href, {
        credentials: "same-origin",
        cache: "no-store",
        headers: { Accept: "text/html" }
      });
    } catch (error) {
      debug("could not fetch the page for a fresh room:", String(error));
      return null;
    }
    if (!response.ok) return { room: null, identity: null };
    try {
      const page = new window2.DOMParser().parseFromString(await response.text(), "text/html");
      return { room: page.documentElement.getAttribute(ATTR.room) || null, identity: identityOf(page) };
    } catch (error) {
      debug("could not read the page for a fresh room:", String(error));
      return null;
    }
  }

  // src/history.js
  function selectorFor(element) {
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

  // src/stale.js
  function safeToReload({ inFlight, edited, hidden }) {
    return inFlight === 0 && (!edited || hidden);
  }
  function changedFields(root) {
    const fields = [];
    for (const element of Array.from(root.querySelectorAll("input, textarea, select"))) {
      const field = (
        /** @type {HTMLInputElement} */
        element
      );
      const type = (field.getAttribute("type") ?? "").toLowerCase();
      if (["password", "file", "hidden", "submit", "button", "reset", "image"].includes(type)) continue;
      if (field.tagName === "SELECT") {
        const options = Array.from(
          /** @type {HTMLSelectElement} */
          element.options
        );
        if (options.some((option) => option.selected !== option.defaultSelected)) {
          fields.push([selectorFor(element), options.filter((o) => o.selected).map((o) => o.value)]);
        }
      } else if (type === "checkbox" || type === "radio") {
        if (field.checked !== field.defaultChecked) fields.push([selectorFor(element), field.checked]);
      } else if (field.value !== field.defaultValue) {
        fields.push([selectorFor(element), field.value]);
      }
    }
    return fields;
  }
  function restoreFields(document, fields) {
    for (const [selector, value] of fields) {
      let element = null;
      try {
        element = document.querySelector(selector);
      } catch {
        continue;
      }
      if (!element) continue;
      const field = (
        /** @type {HTMLInputElement} */
        element
      );
      if (Array.isArray(value) && element.tagName === "SELECT") {
        for (const option of Array.from(
          /** @type {HTMLSelectElement} */
          element.options
        )) {
          option.selected = value.includes(option.value);
        }
      } else if (typeof value === "boolean") field.checked = value;
      else if (typeof value === "string") field.value = value;
    }
  }
  function createStaleGuard({ window: window2, document, storage, diagnostics, inFlight }) {
    const build = document.documentElement.getAttribute(ATTR.build) || null;
    let edited = false;
    let due = false;
    let reloadFor = null;
    function read(key) {
      try {
        return storage?.getItem(key) ?? null;
      } catch {
        return null;
      }
    }
    function write(key, value) {
      try {
        if (value === null) storage?.removeItem(key);
        else storage?.setItem(key, value);
      } catch {
      }
    }
    function reload() {
      const carried = {
        url: window2.location.href,
        scroll: { x: window2.scrollX, y: window2.scrollY },
        fields: changedFields(document)
      };
      write(STORAGE_KEY.carry, JSON.stringify(carried));
      write(STORAGE_KEY.staleReload, reloadFor);
      diagnostics.debug("reloading the page", reloadFor ?? "for credentials");
      window2.location.reload();
    }
    function check() {
      if (!due) return;
      const hidden = document.visibilityState === "hidden";
      if (safeToReload({ inFlight: inFlight(), edited, hidden })) reload();
    }
    function reloadWhenSafe(reason, server = null) {
      const event = new window2.CustomEvent(EVENT.stale, {
        detail: { reason, build, server },
        bubbles: true,
        cancelable: true
      });
      if (!document.dispatchEvent(event)) return;
      if (reason === "build" && read(STORAGE_KEY.staleReload) === server) {
        diagnostics.debug("still served the previous build after a reload; not reloading again");
        return;
      }
      due = true;
      if (reason === "build") reloadFor = server;
      check();
    }
    return {
      /** @param {string} server  A server frame's `build`. */
      serverBuild(server) {
        if (build !== null && server !== build) reloadWhenSafe("build", server);
      },
      reloadWhenSafe,
      start() {
        const text = read(STORAGE_KEY.carry);
        write(STORAGE_KEY.carry, null);
        if (text !== null) {
          try {
            const carried = (
              /** @type {Carried} */
              JSON.parse(text)
            );
            if (carried && carried.url === window2.location.href) {
              restoreFields(document, Array.isArray(carried.fields) ? carried.fields : []);
              window2.scrollTo(carried.scroll?.x ?? 0, carried.scroll?.y ?? 0);
            }
          } catch {
          }
        }
        if (read(STORAGE_KEY.staleReload) === build) write(STORAGE_KEY.staleReload, null);
        const markEdited = (event) => {
          const target = event.target;
          if (target instanceof window2.Element && target.matches("input, textarea, select")) edited = true;
        };
        document.addEventListener("input", markEdited, true);
        document.addEventListener("change", markEdited, true);
        document.addEventListener(EVENT.sent, (event) => {
          if (
            /** @type {CustomEvent} */
            event.detail?.message?.function
          ) edited = false;
        });
        for (const name of [EVENT.ack, EVENT.loadingEnd, EVENT.queueDropped]) {
          document.addEventListener(name, () => window2.setTimeout(check, 0));
        }
        document.addEventListener("visibilitychange", check);
      }
    };
  }

  // src/part_stale.js
  definePart(
    /** @type {any} */
    window,
    "stale",
    { createStaleGuard, fetchPage }
  );
})();
