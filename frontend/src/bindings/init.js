// data-liveview-init="fn": call fn once when the element first appears.

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
  };
}
