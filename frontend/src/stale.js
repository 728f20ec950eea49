// Tabs that never go stale. A page rendered with a build identifier (`<html
// data-liveview-build>`) announces it, with its path, in the socket handshake; a server running
// another build answers `{"build": "<its id>"}`. The client then dispatches `liveview:stale`
// (cancelable) and reloads at the next safe moment: nothing awaiting its acknowledgement, and
// no field edited since the last send, unless the tab is hidden. Field values not sent yet and
// the scroll position are carried over the reload (sessionStorage, this tab only).

import { ATTR, EVENT, STORAGE_KEY } from "./constants.js";
import { selectorFor } from "./history.js";

/** @typedef {import("./snapshot_store.js").StorageLike} StorageLike */
/** @typedef {import("./diagnostics.js").Diagnostics} Diagnostics */

/**
 * The query string a page's socket URL carries: "" for a page without a build identifier
 * (its URL stays the documented one), else its build and path.
 * @param {string | null} build
 * @param {{pathname: string, search: string}} location
 */
export function handshakeQuery(build, location) {
  if (!build) return "";
  const query = new URLSearchParams({ build, path: location.pathname + location.search });
  return `?${query}`;
}

/**
 * @typedef {Object} Carried  What a reload carries for the page it reloads.
 * @property {string} url
 * @property {{x: number, y: number}} scroll
 * @property {[string, string | boolean | string[]][]} fields  Selector and value (checked
 *   state for checkboxes and radios, selected values for selects).
 */

/**
 * Whether a reload may happen now.
 * @param {{inFlight: number, edited: boolean, hidden: boolean}} state
 */
export function safeToReload({ inFlight, edited, hidden }) {
  return inFlight === 0 && (!edited || hidden);
}

/**
 * Fields whose value the user changed from the page's (passwords and files never leave).
 * @param {ParentNode} root
 * @returns {Carried["fields"]}
 */
export function changedFields(root) {
  /** @type {Carried["fields"]} */
  const fields = [];
  for (const element of Array.from(root.querySelectorAll("input, textarea, select"))) {
    const field = /** @type {HTMLInputElement} */ (element);
    const type = (field.getAttribute("type") ?? "").toLowerCase();
    if (["password", "file", "hidden", "submit", "button", "reset", "image"].includes(type)) continue;
    if (field.tagName === "SELECT") {
      const options = Array.from(/** @type {HTMLSelectElement} */ (element).options);
      if (options.some((option) => option.selected !== option.defaultSelected)) {
        fields.push([selectorFor(element), options.filter((o) => o.selected).map((o) => o.value)]);
      }
    } else if (type === "checkbox" || type === "radio") {
      if (field.checked !== field.defaultChecked) fields.push([selectorFor(element), field.checked]);
    } else if (field.value !== field.defaultValue) {
      fields.push([selectorFor(element), field.value]);
    }
  }
  return fields;
}

/**
 * Put carried values back into the page.
 * @param {Document} document
 * @param {Carried["fields"]} fields
 */
export function restoreFields(document, fields) {
  for (const [selector, value] of fields) {
    let element = null;
    try {
      element = document.querySelector(selector);
    } catch {
      continue;
    }
    if (!element) continue;
    const field = /** @type {HTMLInputElement} */ (element);
    if (Array.isArray(value) && element.tagName === "SELECT") {
      for (const option of Array.from(/** @type {HTMLSelectElement} */ (element).options)) {
        option.selected = value.includes(option.value);
      }
    } else if (typeof value === "boolean") field.checked = value;
    else if (typeof value === "string") field.value = value;
  }
}

/**
 * @param {Object} deps
 * @param {Window & typeof globalThis} deps.window
 * @param {Document} deps.document
 * @param {StorageLike | null} deps.storage
 * @param {Diagnostics} deps.diagnostics
 * @param {() => number} deps.inFlight  Messages not acknowledged yet (sent or queued).
 */
export function createStaleGuard({ window, document, storage, diagnostics, inFlight }) {
  const build = document.documentElement.getAttribute(ATTR.build) || null;
  let edited = false;
  /** A reload is due (for a build, or for credentials). */
  let due = false;
  /** The build a due reload is for; null for credentials. @type {string | null} */
  let reloadFor = null;

  /** @param {string} key */
  function read(key) {
    try {
      return storage?.getItem(key) ?? null;
    } catch {
      return null;
    }
  }

  /**
   * @param {string} key
   * @param {string | null} value
   */
  function write(key, value) {
    try {
      if (value === null) storage?.removeItem(key);
      else storage?.setItem(key, value);
    } catch {
      // Nothing is carried where storage is refused; the reload still happens.
    }
  }

  function reload() {
    /** @type {Carried} */
    const carried = {
      url: window.location.href,
      scroll: { x: window.scrollX, y: window.scrollY },
      fields: changedFields(document),
    };
    write(STORAGE_KEY.carry, JSON.stringify(carried));
    write(STORAGE_KEY.staleReload, reloadFor);
    diagnostics.debug("reloading the page", reloadFor ?? "for credentials");
    window.location.reload();
  }

  function check() {
    if (!due) return;
    const hidden = document.visibilityState === "hidden";
    if (safeToReload({ inFlight: inFlight(), edited, hidden })) reload();
  }

  /**
   * Reload at the next safe moment (after `liveview:stale`, unless it was cancelled).
   * @param {"build" | "credentials"} reason  A new build, or a credential (room, session)
   *   the tab could not renew.
   * @param {string | null} [server]  The build the server runs (reason "build").
   */
  function reloadWhenSafe(reason, server = null) {
    const event = new window.CustomEvent(EVENT.stale, {
      detail: { reason, build, server },
      bubbles: true,
      cancelable: true,
    });
    if (!document.dispatchEvent(event)) return;
    // Reloaded for this build already and still served the old one (a server of the old
    // build behind the same address): no reload loop, the tab goes on as it is.
    if (reason === "build" && read(STORAGE_KEY.staleReload) === server) {
      diagnostics.debug("still served the previous build after a reload; not reloading again");
      return;
    }
    due = true;
    if (reason === "build") reloadFor = server;
    check();
  }

  // The socket's query and the live-navigation check need no part: stale_loader.js.
  return {
    /** @param {string} server  A server frame's `build`. */
    serverBuild(server) {
      if (build !== null && server !== build) reloadWhenSafe("build", server);
    },
    reloadWhenSafe,
    start() {
      const text = read(STORAGE_KEY.carry);
      write(STORAGE_KEY.carry, null);
      if (text !== null) {
        try {
          const carried = /** @type {Carried} */ (JSON.parse(text));
          if (carried && carried.url === window.location.href) {
            restoreFields(document, Array.isArray(carried.fields) ? carried.fields : []);
            window.scrollTo(carried.scroll?.x ?? 0, carried.scroll?.y ?? 0);
          }
        } catch {
          // A damaged entry carries nothing.
        }
      }
      if (read(STORAGE_KEY.staleReload) === build) write(STORAGE_KEY.staleReload, null);
      const markEdited = (/** @type {Event} */ event) => {
        const target = event.target;
        if (target instanceof window.Element && target.matches("input, textarea, select")) edited = true;
      };
      document.addEventListener("input", markEdited, true);
      document.addEventListener("change", markEdited, true);
      document.addEventListener(EVENT.sent, (event) => {
        // A handler call sent the fields; a navigation's path message sends none.
        if (/** @type {CustomEvent} */ (event).detail?.message?.function) edited = false;
      });
      for (const name of [EVENT.ack, EVENT.loadingEnd, EVENT.queueDropped]) {
        // After the client's own handlers for the event have run.
        document.addEventListener(name, () => window.setTimeout(check, 0));
      }
      document.addEventListener("visibilitychange", check);
    },
  };
}
