// window.Stimulus before the full Stimulus is loaded: reading it starts the load; `register`,
// `load` and `unload` are queued and replayed on the real application, which replaces the
// stand-in as soon as it is there.

import { onDemand } from "./chunks.js";

/** The methods of a Stimulus Application that may be called before it is loaded. */
const QUEUED = ["register", "load", "unload"];

/**
 * @param {Object} deps
 * @param {Record<string, any>} deps.window
 * @param {() => Promise<any>} deps.load  Loads and starts the application.
 * @param {(message: string, detail?: Record<string, unknown>) => void} deps.reportError
 */
export function createStimulusHandle({ window, load, reportError }) {
  /** @type {[string, unknown[]][]} */
  const calls = [];

  /** @param {unknown} value */
  function settle(value) {
    Object.defineProperty(window, "Stimulus", { value, writable: true, configurable: true, enumerable: true });
  }

  const start = onDemand(
    () =>
      load().then((application) => {
        settle(application);
        for (const [method, args] of calls.splice(0)) application[method](...args);
        return application;
      }),
    "Stimulus could not be loaded",
    reportError,
  );

  /** @type {Record<string, (...args: unknown[]) => void>} */
  const standIn = {};
  for (const method of QUEUED) {
    standIn[method] = (...args) => {
      calls.push([method, args]);
      start();
    };
  }

  Object.defineProperty(window, "Stimulus", {
    configurable: true,
    enumerable: true,
    get() {
      start();
      return standIn;
    },
    set: settle,
  });

  return { load: start };
}
