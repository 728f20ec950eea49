// data-liveview-init="fn": call fn once when the element first appears, and again when the
// server re-renders it with other binding attributes (it is then a new element for the page).

import { ATTR } from "../constants.js";

/**
 * @param {Object} deps
 * @param {(element: Element, functionName: string) => void} deps.trigger
 * @returns {import("./observer.js").Binding}
 */
export function createInitBinding({ trigger }) {
  /** @type {WeakSet<Element>} */
  const done = new WeakSet();
  return {
    selector: `[${ATTR.init}]`,
    bind(element) {
      // Moving an element re-inserts it; it was already initialised.
      if (done.has(element)) return;
      done.add(element);
      const functionName = element.getAttribute(ATTR.init);
      if (functionName) trigger(element, functionName);
    },
    rearm(element, matches) {
      done.add(element);
      const functionName = element.getAttribute(ATTR.init);
      if (matches && functionName) trigger(element, functionName);
    },
  };
}
