// Live navigation as the main script sees it: navigate.js and what it needs (page_swap.js,
// head.js) are a separate part, loaded when the page uses live navigation (an element with
// `data-liveview-navigate`, now or inserted later), when the server follows the tab's path
// (`<html data-liveview-build>`), or when this history entry was reached live. Until then
// there is nothing for it to do: no visit can start, and the server follows no path.

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
  /** @type {Navigation | null} */
  let navigation = null;
  /** @type {Promise<Navigation | null> | null} */
  let loading = null;
  let started = false;

  function ready() {
    loading ??= load().then(
      (loaded) => {
        navigation = loaded;
        if (started) loaded.start();
        return loaded;
      },
      (error) => {
        loading = null;
        reportError("live navigation is not available", { error: String(error) });
        return null;
      },
    );
    return loading;
  }

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
      if (navigation) navigation.start();
      else if (needed()) ready();
    },
    /** An element opting into live navigation appeared. */
    preload() {
      if (started && !loading) ready();
    },
    pathChanged() {
      navigation?.pathChanged();
    },
    /**
     * @param {Element} element
     * @param {string} html
     * @returns {boolean}  false: restore it the usual way.
     */
    restoreRegion(element, html) {
      return navigation ? navigation.restoreRegion(element, html) : false;
    },
  };
}
