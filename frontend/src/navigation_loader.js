// Live navigation as the main script sees it: navigate.js and what it needs (page_swap.js,
// head.js) are a separate part, loaded when the page uses live navigation (an element with
// `data-liveview-navigate`, now or inserted later), when the server follows the tab's path
// (`<html data-liveview-build>`), or when this history entry was reached live. Until then
// there is nothing for it to do: no visit can start, and the server follows no path.

import { onDemand } from "./chunks.js";
import { ATTR } from "./constants.js";

/** @typedef {ReturnType<typeof import("./navigate.js").createNavigation>} Navigation */

/** Elements that opt into live navigation. */
export const NAVIGATE_SELECTOR = `[${ATTR.navigate}]:not([${ATTR.navigate}="false"])`;

/**
 * @param {Object} deps
 * @param {Window & typeof globalThis} deps.window
 * @param {Document} deps.document
 * @param {() => Promise<Navigation>} deps.load  The navigation part, made for this page.
 * @param {(message: string, detail?: Record<string, unknown>) => void} deps.reportError
 */
export function createNavigationLoader({ window, document, load, reportError }) {
  let started = false;
  const ready = onDemand(
    () =>
      load().then((loaded) => {
        if (started) loaded.start();
        return loaded;
      }),
    "live navigation is not available",
    reportError,
  );

  function needed() {
    const state = window.history.state;
    return (
      document.documentElement.hasAttribute(ATTR.build) ||
      Boolean(state && typeof state === "object" && state.navigated) ||
      document.querySelector(NAVIGATE_SELECTOR) !== null
    );
  }

  return {
    start() {
      started = true;
      if (ready.made) ready.made.start();
      else if (needed()) ready();
    },
    /** An element opting into live navigation appeared. */
    preload() {
      if (started) ready();
    },
    pathChanged() {
      ready.made?.pathChanged();
    },
    /**
     * @param {Element} element
     * @param {string} html
     * @returns {boolean}  false: restore it the usual way.
     */
    restoreRegion(element, html) {
      return ready.made ? ready.made.restoreRegion(element, html) : false;
    },
  };
}
