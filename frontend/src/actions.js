// The `page` controller's actions without Stimulus: `data-action="click->page#run"` and the rest
// of Stimulus's action syntax (default events, `@window`/`@document`, key filters such as
// `keydown.enter` or `keydown.ctrl+s`, options `:prevent`, `:stop`, `:self`, `:once`,
// `:passive`, `:capture`, several actions per element), bound inside `data-controller="page"`
// and kept up to date for elements inserted or changed later. When the page names any other
// controller, `onOtherController` is told, so the full Stimulus can take over.

const PATTERN = /^(?:(?:([^.]+?)\+)?(.+?)(?:\.(.+?))?(?:@(window|document))?->)?(.+?)(?:#([^:]+?))(?::(.+))?$/;
const MODIFIERS = ["meta", "ctrl", "alt", "shift"];
const KEYS = /** @type {Record<string, string>} */ ({
  enter: "Enter",
  tab: "Tab",
  esc: "Escape",
  space: " ",
  up: "ArrowUp",
  down: "ArrowDown",
  left: "ArrowLeft",
  right: "ArrowRight",
  home: "Home",
  end: "End",
  page_up: "PageUp",
  page_down: "PageDown",
});
const DEFAULT_EVENTS = /** @type {Record<string, string>} */ ({
  A: "click",
  BUTTON: "click",
  FORM: "submit",
  DETAILS: "toggle",
  SELECT: "change",
  TEXTAREA: "input",
});
const PAGE = "page";
const SCOPE = `[data-controller~="${PAGE}"]`;

/**
 * @typedef {Object} Action
 * @property {string} identifier
 * @property {string} method
 * @property {string} eventName
 * @property {"window" | "document" | ""} on
 * @property {string} keyFilter
 * @property {Record<string, boolean>} options
 */

/**
 * Parse one token of `data-action` as Stimulus does; null when it names no controller method.
 * @param {string} token
 * @param {string} tagName  Of the element, for the default event.
 * @param {string | null} type  Its type attribute (`<input type="submit">` defaults to click).
 * @returns {Action | null}
 */
export function parseAction(token, tagName, type) {
  const match = PATTERN.exec(token.trim());
  if (!match || !match[5] || !match[6]) return null;
  let eventName = match[2];
  let keyFilter = match[3] ?? "";
  if (keyFilter && !["keydown", "keyup", "keypress"].includes(eventName)) {
    eventName += `.${keyFilter}`;
    keyFilter = "";
  }
  if (!eventName) {
    const tag = tagName.toUpperCase();
    eventName = tag === "INPUT" ? (type === "submit" ? "click" : "input") : DEFAULT_EVENTS[tag] ?? "";
  }
  if (!eventName) return null;
  /** @type {Record<string, boolean>} */
  const options = {};
  for (const option of (match[7] ?? "").split(":")) {
    if (option) options[option.replace(/^!/, "")] = !option.startsWith("!");
  }
  return {
    identifier: match[5],
    method: match[6],
    eventName,
    on: /** @type {Action["on"]} */ (match[4] ?? ""),
    keyFilter: match[1] || keyFilter,
    options,
  };
}

/**
 * Whether a key filter lets `event` through (Stimulus's rules: the modifiers must match
 * exactly; a keyboard event's key must be the named one).
 * @param {string} filter
 * @param {{key?: string, metaKey?: boolean, ctrlKey?: boolean, altKey?: boolean, shiftKey?: boolean}} event
 * @param {boolean} keyboard
 */
export function passesKeyFilter(filter, event, keyboard) {
  if (!filter) return true;
  const parts = keyboard ? filter.split("+") : [filter];
  const [meta, ctrl, alt, shift] = MODIFIERS.map((modifier) => parts.includes(modifier));
  if (Boolean(event.metaKey) !== meta || Boolean(event.ctrlKey) !== ctrl) return false;
  if (Boolean(event.altKey) !== alt || Boolean(event.shiftKey) !== shift) return false;
  if (!keyboard) return true;
  const key = parts.find((part) => !MODIFIERS.includes(part));
  if (!key) return true;
  const expected = KEYS[key] ?? (/^[a-z0-9]$/.test(key) ? key : null);
  return expected !== null && expected.toLowerCase() === String(event.key ?? "").toLowerCase();
}

/**
 * @typedef {Object} Actions
 * @property {(root: Element) => void} start  Bind the page and watch it.
 * @property {() => void} stop  Unbind everything (the full Stimulus takes over).
 */

/**
 * @param {Object} deps
 * @param {Window & typeof globalThis} deps.window
 * @param {Document} deps.document
 * @param {{run: (element: Element) => void}} deps.client
 * @param {(message: string, detail?: Record<string, unknown>) => void} deps.reportError
 * @param {() => void} deps.onOtherController  The page uses a controller other than `page`.
 * @returns {Actions}
 */
export function createActions({ window, document, client, reportError, onOtherController }) {
  /** Element → its bound listeners, with the data-action value they were made from. */
  const bound = new Map();
  /** @type {MutationObserver | null} */
  let observer = null;

  /**
   * @param {Element} element
   * @param {Action} action
   * @param {Element} scope
   * @param {Event} event
   */
  function invoke(element, action, scope, event) {
    const keyboard = event instanceof window.KeyboardEvent;
    const mouse = event instanceof window.MouseEvent;
    if ((keyboard || mouse) && !passesKeyFilter(action.keyFilter, /** @type {KeyboardEvent} */ (event), keyboard)) {
      return;
    }
    const { target } = event;
    if (target !== element && target instanceof window.Element && element.contains(target)) {
      if (target.closest(SCOPE) !== scope) return; // inside a nested page controller
    }
    const { options } = action;
    if (options.stop) event.stopPropagation();
    if (options.prevent) event.preventDefault();
    if (options.self && target !== element) return;
    if (action.method === "stop") {
      event.stopPropagation();
    } else if (action.method === "run") {
      event.preventDefault();
      client.run(action.on ? (target instanceof window.Element ? target : scope) : element);
    } else {
      reportError(`data-action "${action.identifier}#${action.method}": page has no such method`, { element });
    }
  }

  /** @param {Element} element */
  function unbind(element) {
    const entry = bound.get(element);
    if (!entry) return;
    for (const [target, name, listener, capture] of entry.listeners) {
      target.removeEventListener(name, listener, capture);
    }
    bound.delete(element);
  }

  /** @param {Element} element */
  function bind(element) {
    const value = element.getAttribute("data-action") ?? "";
    const scope = element.closest(SCOPE);
    const entry = bound.get(element);
    if (entry && entry.value === value && entry.scope === scope) return;
    unbind(element);
    /** @type {[EventTarget, string, EventListener, boolean][]} */
    const listeners = [];
    /** Per event target and name, the actions in their order, one listener for them all. */
    const groups = new Map();
    for (const token of value.split(/\s+/)) {
      if (!token) continue;
      const action = parseAction(token, element.tagName, element.getAttribute("type"));
      if (!action) continue;
      if (action.identifier !== PAGE) {
        onOtherController();
        continue;
      }
      if (!scope) continue;
      const key = `${action.on}|${action.eventName}|${Boolean(action.options.capture)}|${Boolean(action.options.once)}|${Boolean(action.options.passive)}`;
      let group = groups.get(key);
      if (!group) {
        group = [];
        groups.set(key, group);
        const target = action.on === "window" ? window : action.on === "document" ? document : element;
        const actions = group;
        const { capture = false, once = false, passive = false } = action.options;
        /** @type {EventListener} */
        const listener = (event) => {
          for (const each of actions) invoke(element, each, /** @type {Element} */ (scope), event);
        };
        target.addEventListener(action.eventName, listener, { capture, once, passive });
        listeners.push([target, action.eventName, listener, capture]);
      }
      group.push(action);
    }
    bound.set(element, { value, scope, listeners });
  }

  /** @param {Element} root */
  function scan(root) {
    if (root.hasAttribute("data-controller")) checkControllers(root);
    for (const element of Array.from(root.querySelectorAll("[data-controller]"))) checkControllers(element);
    if (root.hasAttribute("data-action")) bind(root);
    for (const element of Array.from(root.querySelectorAll("[data-action]"))) bind(element);
  }

  /** @param {Element} element */
  function checkControllers(element) {
    const names = (element.getAttribute("data-controller") ?? "").split(/\s+/);
    if (names.some((name) => name && name !== PAGE)) onOtherController();
  }

  /** @param {MutationRecord[]} records */
  function changed(records) {
    let removed = false;
    for (const record of records) {
      const target = /** @type {Element} */ (record.target);
      if (record.type === "attributes") {
        // A changed controller changes the scope of everything inside it.
        if (record.attributeName === "data-controller") scan(target);
        else if (target.hasAttribute("data-action")) bind(target);
        else unbind(target);
        continue;
      }
      for (const node of Array.from(record.addedNodes)) if (node.nodeType === 1) scan(/** @type {Element} */ (node));
      if (record.removedNodes.length > 0) removed = true;
    }
    if (removed) for (const element of Array.from(bound.keys())) if (!element.isConnected) unbind(element);
  }

  return {
    start(root) {
      scan(root);
      const watcher = new window.MutationObserver(changed);
      observer = watcher;
      watcher.observe(root, {
        subtree: true,
        childList: true,
        attributes: true,
        attributeFilter: ["data-action", "data-controller"],
      });
    },
    stop() {
      observer?.disconnect();
      observer = null;
      for (const element of Array.from(bound.keys())) unbind(element);
    },
  };
}
