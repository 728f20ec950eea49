// data-liveview-focus="true": focus the element on page load, whenever it is inserted, and
// when the server re-renders it with other binding attributes.

import { ATTR } from "../constants.js";

/** @returns {import("./observer.js").Binding} */
export function createFocusBinding() {
  return {
    selector: `[${ATTR.focus}="true"]`,
    bind(element) {
      /** @type {HTMLElement} */ (element).focus();
    },
    rearm(element, matches) {
      if (matches) /** @type {HTMLElement} */ (element).focus();
    },
  };
}
