// A binding whose code is a part loaded on demand (chunks.js): the first element it applies to
// (at start, or inserted later by a server update) fetches the part; elements seen meanwhile are
// bound once it is there. Pages without such elements never fetch it.

import { onDemand } from "../chunks.js";

/** @typedef {import("./observer.js").Binding} Binding */

/**
 * @param {Object} deps
 * @param {string} deps.selector  Elements the real binding applies to.
 * @param {() => Promise<Binding>} deps.load  The real binding, made for this page.
 * @param {(message: string, detail?: Record<string, unknown>) => void} deps.reportError
 * @returns {Binding}
 */
export function createLazyBinding({ selector, load, reportError }) {
  /** @type {Set<Element>} */
  const waiting = new Set();
  const ready = onDemand(load, "binding not available", reportError);

  /** @param {Binding} binding */
  function bindWaiting(binding) {
    for (const each of waiting) {
      try {
        if (each.isConnected && each.matches(selector)) binding.bind(each);
      } catch (error) {
        reportError("binding failed", { element: each, error: String(error) });
      }
    }
    waiting.clear();
  }

  /** @param {Element} element */
  function wait(element) {
    waiting.add(element);
    // Each waiting element is bound once the part is there, even one that comes while the
    // part's promise settles; a failed load is tried again by the next element.
    ready().then((binding) => binding && bindWaiting(binding));
  }

  return {
    selector,
    bind(element) {
      if (ready.made) ready.made.bind(element);
      else wait(element);
    },
    rearm(element, matches) {
      if (ready.made) ready.made.rearm?.(element, matches);
      else if (matches) wait(element);
      else waiting.delete(element);
    },
  };
}
