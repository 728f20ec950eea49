// Quiet-by-default reporting: every step is a `liveview:*` event on the document; the console
// hears about steps only in debug mode, and about real errors always.

import { EVENT } from "./constants.js";

/**
 * @typedef {Object} Diagnostics
 * @property {(name: string, detail?: unknown) => void} emit  Dispatch `name` (a `liveview:*` event).
 * @property {(...args: unknown[]) => void} debug  Console output in debug mode only.
 * @property {(message: string, detail?: Record<string, unknown>, on?: EventTarget) => void} error
 *   console.error plus a `liveview:error` event with `{source: "client", message, ...detail}`,
 *   dispatched on `on` (an element it concerns; it bubbles) or else on the document.
 */

/**
 * @typedef {Pick<Console, "debug" | "error">} ConsoleLike
 */

/**
 * @param {Object} options
 * @param {EventTarget} options.target  Where events are dispatched (the document).
 * @param {boolean} [options.debug]
 * @param {ConsoleLike} [options.console]
 * @returns {Diagnostics}
 */
export function createDiagnostics({ target, debug = false, console: out = globalThis.console }) {
  /** @type {Diagnostics["emit"]} */
  function emit(name, detail) {
    if (debug) out.debug("[liveview]", name, detail);
    target.dispatchEvent(new CustomEvent(name, { detail, bubbles: true }));
  }

  return {
    emit,
    debug(...args) {
      if (debug) out.debug("[liveview]", ...args);
    },
    error(message, detail = {}, on = target) {
      out.error("[liveview]", message, detail);
      on.dispatchEvent(
        new CustomEvent(EVENT.error, {
          detail: { ...detail, source: "client", message },
          bubbles: true,
        }),
      );
    },
  };
}
