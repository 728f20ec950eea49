// data-liveview-focus="true": focus the element on page load and whenever it is inserted.

import { ATTR } from "../constants.js";

/** @returns {import("./observer.js").Binding} */
export function createFocusBinding() {
  return {
    selector: `[${ATTR.focus}="true"]`,
    bind(element) {
      /** @type {HTMLElement} */ (element).focus();
    },
  };
}
