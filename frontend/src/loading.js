// Loading states driven by acknowledgements. While a message is in flight (sent or queued, not
// yet acknowledged), the element that sent it and every element with the same
// data-liveview-function carry class `liveview-loading` and aria-busy="true";
// data-liveview-disable-with also disables them and swaps their text. Navigation-like calls put
// `liveview-page-loading` on <html>. An acknowledgement that never comes ends it after ackTimeout.

import { ATTR, EVENT, LOADING } from "./constants.js";

/** @typedef {import("./diagnostics.js").Diagnostics} Diagnostics */
/** @typedef {import("./socket.js").Timers} Timers */

/**
 * @typedef {Object} Flight
 * @property {string} function
 * @property {Element | null} element  The element that sent it (null: restored after a reload).
 * @property {boolean} page  Navigation-like: shows `liveview-page-loading`.
 */

/**
 * The bookkeeping of messages in flight, without the DOM: refs in send order. Counts are taken
 * over the flights, so overlapping calls of a function end only with the last one.
 */
export function createFlights() {
  /** @type {Map<string, Flight>} */
  const flights = new Map();
  const all = () => Array.from(flights.values());

  return {
    /**
     * @param {string} ref
     * @param {Flight} flight
     * @returns {boolean} false if `ref` is already in flight (nothing changes).
     */
    add(ref, flight) {
      if (flights.has(ref)) return false;
      flights.set(ref, flight);
      return true;
    },
    /**
     * @param {string} ref
     * @returns {Flight | null} The flight that ended, or null if `ref` was not in flight.
     */
    remove(ref) {
      const flight = flights.get(ref) ?? null;
      flights.delete(ref);
      return flight;
    },
    /** @param {string} ref */
    get: (ref) => flights.get(ref) ?? null,
    /**
     * Mark the oldest flight navigation-like (its reply pushed a URL: the server handles
     * messages in order, so a reply belongs to the oldest message not yet acknowledged).
     * @returns {Flight | null}
     */
    markOldestPage() {
      const [oldest = null] = flights.values();
      if (oldest) oldest.page = true;
      return oldest;
    },
    /** @param {string} name */
    count: (name) => all().filter((flight) => flight.function === name).length,
    functions: () => new Set(all().map((flight) => flight.function)),
    elements: () => new Set(all().flatMap((flight) => (flight.element ? [flight.element] : []))),
    pageLoading: () => all().some((flight) => flight.page),
    size: () => flights.size,
  };
}

/**
 * @typedef {Object} Saved  What an element looked like before it was marked busy.
 * @property {string | null} ariaBusy
 * @property {string | null} label  Its markup (value for an <input>) if disable-with swapped it.
 * @property {boolean | null} disabled  Its disabled state, once disable-with applied.
 */

/**
 * The text shown by an element that disable-with may swap: a button, link or input, or an
 * element holding only text. Anything else (a form, a container) would lose its content.
 * @param {Element} element
 * @returns {"value" | "innerHTML" | null}
 */
function labelOf(element) {
  if (element.tagName === "INPUT") return "value";
  if (/^(?:BUTTON|A)$/.test(element.tagName) || element.children.length === 0) return "innerHTML";
  return null;
}

/**
 * @param {Object} deps
 * @param {Document} deps.document
 * @param {Diagnostics} deps.diagnostics
 * @param {Timers} deps.timers
 * @param {number} deps.ackTimeout  Milliseconds; 0 or Infinity: never.
 */
export function createLoading({ document, diagnostics, timers, ackTimeout }) {
  const flights = createFlights();
  /** Functions whose replies pushed a URL: their later calls are navigation-like. */
  /** @type {Set<string>} */
  const navigating = new Set();
  /** @type {Map<string, unknown>} */
  const deadlines = new Map();
  /** Elements currently shown busy, with what to restore. */
  /** @type {Map<Element, Saved>} */
  const busy = new Map();

  /** @param {Element} element */
  function mark(element) {
    /** @type {Saved} */
    const saved = { ariaBusy: element.getAttribute("aria-busy"), label: null, disabled: null };
    busy.set(element, saved);
    keep(element, saved);
  }

  /**
   * (Re)apply the busy state: a server update may have morphed the element back.
   * @param {Element} element
   * @param {Saved} saved
   */
  function keep(element, saved) {
    element.classList.add(LOADING.element);
    if (element.getAttribute("aria-busy") !== "true") element.setAttribute("aria-busy", "true");
    const label = element.getAttribute(ATTR.disableWith);
    if (label === null) return;
    const key = labelOf(element);
    const control = /** @type {HTMLInputElement} */ (element);
    if (saved.disabled === null) saved.disabled = Boolean(control.disabled);
    // A text that differs from ours is the original, or a new one the server rendered since.
    if (key !== null && (key === "value" ? control.value : element.textContent) !== label) {
      saved.label = control[key];
      if (key === "value") control.value = label;
      else element.textContent = label;
    }
    if ("disabled" in element && !control.disabled) control.disabled = true;
  }

  /**
   * @param {Element} element
   * @param {Saved} saved
   */
  function unmark(element, saved) {
    busy.delete(element);
    element.classList.remove(LOADING.element);
    if (saved.ariaBusy === null) element.removeAttribute("aria-busy");
    else element.setAttribute("aria-busy", saved.ariaBusy);
    const key = labelOf(element);
    const control = /** @type {HTMLInputElement} */ (element);
    if (saved.label !== null && key !== null) control[key] = saved.label;
    if (saved.disabled !== null && "disabled" in element) control.disabled = saved.disabled;
  }

  /** Make the page show exactly the flights there are. */
  function refresh() {
    /** @type {Set<Element>} */
    const wanted = new Set();
    if (flights.size() > 0) {
      const names = flights.functions();
      for (const element of Array.from(document.querySelectorAll(`[${ATTR.function}]`))) {
        if (names.has(element.getAttribute(ATTR.function) ?? "")) wanted.add(element);
      }
      for (const element of flights.elements()) if (element.isConnected) wanted.add(element);
    }
    for (const [element, saved] of busy) if (!wanted.has(element)) unmark(element, saved);
    for (const element of wanted) {
      const saved = busy.get(element);
      if (saved) keep(element, saved);
      else mark(element);
    }
    document.documentElement.classList.toggle(LOADING.page, flights.pageLoading());
  }

  /**
   * @param {string} ref
   * @param {"ack" | "duplicate" | "timeout" | "dropped" | "refused"} reason
   */
  function end(ref, reason) {
    timers.clearTimeout(deadlines.get(ref));
    deadlines.delete(ref);
    const flight = flights.remove(ref);
    if (!flight) return;
    refresh();
    diagnostics.emit(EVENT.loadingEnd, {
      function: flight.function,
      ref,
      element: flight.element,
      reason,
    });
  }

  return {
    /**
     * A message was handed to the socket (sent or queued).
     * @param {{function: string, ref: string}} message
     * @param {Element | null} element
     */
    start(message, element) {
      const page =
        navigating.has(message.function) || element?.getAttribute(ATTR.loading) === "page";
      if (!flights.add(message.ref, { function: message.function, element, page })) return;
      refresh();
      diagnostics.emit(EVENT.loadingStart, { function: message.function, ref: message.ref, element });
    },
    /**
     * The message was written to the socket: the acknowledgement should follow within
     * ackTimeout. Each (re)sending starts the wait again.
     * @param {string} ref
     */
    sent(ref) {
      if (!flights.get(ref) || !(ackTimeout > 0 && Number.isFinite(ackTimeout))) return;
      timers.clearTimeout(deadlines.get(ref));
      deadlines.set(
        ref,
        timers.setTimeout(() => {
          deadlines.delete(ref);
          const flight = flights.get(ref);
          if (!flight) return;
          end(ref, "timeout");
          diagnostics.emit(EVENT.ackTimeout, { function: flight.function, ref, element: flight.element });
        }, ackTimeout),
      );
    },
    end,
    /** A reply pushed a URL: the call being handled is navigation-like, now and next time. */
    navigation() {
      const flight = flights.markOldestPage();
      if (!flight) return;
      navigating.add(flight.function);
      refresh();
    },
    /** Re-apply busy states after the DOM changed (a server update). */
    refresh() {
      if (flights.size() > 0 || busy.size > 0) refresh();
    },
    /** @param {string} name  How many messages of function `name` are in flight. */
    count: (name) => flights.count(name),
  };
}
