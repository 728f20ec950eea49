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
  var UPLOAD_DROP_ATTR = "data-liveview-upload-drop";
  var UPLOAD_SELECTOR = `input[type="file"], [${UPLOAD_DROP_ATTR}]`;

  // src/bindings/intersect.js
  function rootMarginFor(value) {
    const px = value === null ? 0 : Number.parseInt(value, 10);
    return `${Number.isFinite(px) ? px : 0}px`;
  }
  function intersectionChange(wasVisible, isVisible) {
    if (isVisible && wasVisible !== true) return "appear";
    if (!isVisible && wasVisible === true) return "disappear";
    return null;
  }
  function createIntersectBinding({ trigger, IntersectionObserver, debug }) {
    const observers = /* @__PURE__ */ new Map();
    const visible = /* @__PURE__ */ new WeakMap();
    const observed = /* @__PURE__ */ new WeakSet();
    function onEntries(entries) {
      for (const entry of entries) {
        const element = entry.target;
        if (!element.isConnected) {
          forget(element);
          continue;
        }
        const change = intersectionChange(visible.get(element), entry.isIntersecting);
        visible.set(element, entry.isIntersecting);
        if (!change) continue;
        const name = element.getAttribute(
          change === "appear" ? ATTR.intersectAppear : ATTR.intersectDisappear
        );
        if (name) trigger(element, name);
      }
    }
    function observerFor(margin) {
      let observer = observers.get(margin);
      if (!observer && IntersectionObserver) {
        observer = new IntersectionObserver(onEntries, { rootMargin: margin });
        observers.set(margin, observer);
      }
      return observer;
    }
    function forget(element) {
      for (const observer of observers.values()) observer.unobserve(element);
      observed.delete(element);
      visible.delete(element);
    }
    const binding = {
      selector: `[${ATTR.intersectAppear}], [${ATTR.intersectDisappear}]`,
      /**
       * Observed anew, as a new element: on screen, it "appears" again (the infinite scroll
       * trigger re-rendered with the next page number loads that page).
       */
      rearm(element, matches) {
        forget(element);
        if (matches) binding.bind(element);
      },
      bind(element) {
        if (observed.has(element)) return;
        const observer = observerFor(rootMarginFor(element.getAttribute(ATTR.intersectThreshold)));
        if (!observer) {
          debug("IntersectionObserver is not available; intersect bindings are off");
          return;
        }
        observed.add(element);
        observer.observe(element);
      }
    };
    return binding;
  }

  // src/bindings/keyboard.js
  var NAMED_KEYS = (
    /** @type {Record<string, string>} */
    {
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
      PageDown: "page_down"
    }
  );
  var KEY_NAMES = Object.freeze([
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
    "page_down"
  ]);
  var MODIFIERS = /* @__PURE__ */ new Set(["ctrl", "alt", "meta", "shift"]);
  var SINGLE_KEY = /^[a-z0-9]$/;
  function parseCombo(text) {
    const combo = { key: "", ctrl: false, alt: false, meta: false, shift: false };
    for (const rawPart of text.toLowerCase().split("+")) {
      const part = rawPart.trim();
      if (MODIFIERS.has(part)) {
        combo[
          /** @type {"ctrl" | "alt" | "meta" | "shift"} */
          part
        ] = true;
      } else if (combo.key === "" && (SINGLE_KEY.test(part) || KEY_NAMES.includes(part))) {
        combo.key = part;
      } else {
        return null;
      }
    }
    return combo.key === "" ? null : combo;
  }
  function keyName(event) {
    const key = typeof event.key === "string" ? event.key : "";
    if (key.length === 1 && SINGLE_KEY.test(key.toLowerCase())) return key.toLowerCase();
    if (Object.prototype.hasOwnProperty.call(NAMED_KEYS, key)) return NAMED_KEYS[key];
    const physical = /^(?:Key([A-Z])|Digit([0-9]))$/.exec(event.code ?? "");
    if (physical) return (physical[1] ?? physical[2]).toLowerCase();
    return null;
  }
  function matchesCombo(combo, event) {
    return keyName(event) === combo.key && combo.ctrl === Boolean(event.ctrlKey) && combo.alt === Boolean(event.altKey) && combo.meta === Boolean(event.metaKey) && combo.shift === Boolean(event.shiftKey);
  }
  function parseKeyboardMap(json) {
    let raw;
    try {
      raw = JSON.parse(json);
    } catch {
      return { bindings: [], problems: [`keyboard map is not valid JSON: ${json}`] };
    }
    if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
      return { bindings: [], problems: ["keyboard map must be a JSON object"] };
    }
    const bindings = [];
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
  function findBinding(bindings, event) {
    return bindings.find((binding) => matchesCombo(binding.combo, event)) ?? null;
  }
  function isEditable(target) {
    if (!target || !("tagName" in target)) return false;
    const element = (
      /** @type {HTMLElement} */
      target
    );
    return element.isContentEditable || element.tagName === "INPUT" || element.tagName === "TEXTAREA" || element.tagName === "SELECT";
  }
  function createKeyboardBinding({ document, trigger, reportError }) {
    const bound = /* @__PURE__ */ new WeakMap();
    const parsed = /* @__PURE__ */ new Map();
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
    function onKeydown(element, global, event) {
      if (event.defaultPrevented || event.isComposing) return;
      const binding2 = findBinding(bindingsOf(element), event);
      if (!binding2) return;
      const plain = !binding2.combo.ctrl && !binding2.combo.alt && !binding2.combo.meta;
      if (global && plain && /^([a-z0-9]|space)$/.test(binding2.combo.key) && isEditable(event.target)) {
        return;
      }
      event.preventDefault();
      trigger(element, binding2.functionName);
    }
    const binding = {
      /** @param {Element} element */
      bind(element) {
        if (bound.has(element)) return;
        const listening = new AbortController();
        bound.set(element, listening);
        bindingsOf(element);
        const { signal } = listening;
        if (element === document.body) {
          document.addEventListener("keydown", (event) => onKeydown(element, true, event), { signal });
          return;
        }
        if (!element.hasAttribute("tabindex") && /** @type {HTMLElement} */
        element.tabIndex < 0) {
          element.setAttribute("tabindex", "-1");
        }
        element.addEventListener(
          "keydown",
          (event) => onKeydown(
            element,
            false,
            /** @type {KeyboardEvent} */
            event
          ),
          { signal }
        );
      },
      /** A kept element whose map changed or went: its listener goes, a new one if it has one. */
      rearm(element, matches) {
        bound.get(element)?.abort();
        bound.delete(element);
        if (matches) binding.bind(element);
      },
      selector: `[${ATTR.keyboardMap}]`
    };
    return binding;
  }

  // src/part_bindings.js
  definePart(
    /** @type {any} */
    window,
    "bindings",
    { createKeyboardBinding, createIntersectBinding }
  );
})();
