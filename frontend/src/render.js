// Applying one server message to the page (SPEC 3 and 4.10): target content (morph or replace,
// append, remove), then url, title, scroll, script, event and error.

import { EVENT } from "./constants.js";
import { selectorFor } from "./history.js";
import { morphContent, shouldMorph } from "./morph.js";
import { sameOriginUrl } from "./protocol.js";
import { takeScripts } from "./scripts.js";
import { createServerEvents } from "./server_events.js";

/** @typedef {import("./protocol.js").ServerMessage} ServerMessage */
/** @typedef {import("./diagnostics.js").Diagnostics} Diagnostics */

/**
 * Call `__cleanup()` on `root` and (unless `deep` is false) every descendant that defines one,
 * then forget it, so a later replacement does not call it twice. A failing cleanup is reported
 * and the rest go on.
 * @param {Element} root
 * @param {(message: string, detail?: Record<string, unknown>) => void} reportError
 * @param {boolean} [deep]
 */
export function runCleanups(root, reportError, deep = true) {
  for (const element of deep ? [root, ...Array.from(root.querySelectorAll("*"))] : [root]) {
    const cleanup = element.__cleanup;
    if (typeof cleanup !== "function") continue;
    delete element.__cleanup;
    try {
      cleanup.call(element);
    } catch (error) {
      reportError("__cleanup failed", { element, error: String(error) });
    }
  }
}

/**
 * @param {Object} deps
 * @param {Window} deps.window
 * @param {Document} deps.document
 * @param {Diagnostics} deps.diagnostics
 * @param {{run: (code: string, element: Element | null, source?: "script" | "html") => void}} deps.scripts
 * @param {{touch: (selectors: string[]) => void, push: (url: string) => void}} deps.history
 * @param {import("./server_events.js").ServerEvents} [deps.events]
 * @param {(elements: Element[]) => void} [deps.rearm]  Told the kept elements whose binding
 *   attributes a morph changed.
 */
export function createRenderer({
  window,
  document,
  diagnostics,
  scripts,
  history,
  events = createServerEvents({ window, document }),
  rearm = () => {},
}) {
  /** @param {string} selector */
  function query(selector) {
    try {
      return document.querySelector(selector);
    } catch {
      return null;
    }
  }

  /**
   * Morph `target` into `html`; false if the HTML must replace the content instead.
   * @param {Element} target
   * @param {string} html
   */
  function morphed(target, html) {
    const cleanup = (/** @type {Element} */ root, /** @type {boolean} */ deep) =>
      runCleanups(root, diagnostics.error, deep);
    const changed = morphContent(target, html, cleanup);
    if (changed === null) return false;
    if (changed.length > 0) rearm(changed);
    return true;
  }

  /**
   * @param {Element} target
   * @param {ServerMessage} message
   */
  function applyToTarget(target, message) {
    if (message.remove) {
      runCleanups(target, diagnostics.error);
      target.remove();
      return;
    }
    if (message.html === undefined) return;
    /** @type {Node[]} */
    let inserted;
    if (message.append) {
      const before = target.lastChild;
      target.insertAdjacentHTML("beforeend", message.html);
      inserted = [];
      for (let node = before ? before.nextSibling : target.firstChild; node; node = node.nextSibling) {
        inserted.push(node);
      }
    } else if (shouldMorph(target, message) && morphed(target, message.html)) {
      return;
    } else {
      runCleanups(target, diagnostics.error);
      target.innerHTML = message.html;
      inserted = Array.from(target.childNodes);
    }
    for (const code of takeScripts(inserted)) scripts.run(code, target, "html");
  }

  return {
    /**
     * Apply a parsed message. A target that matches nothing changes nothing at all.
     * @param {ServerMessage} message
     * @param {Event | null} [frame]  The socket's MessageEvent that carried it.
     */
    apply(message, frame = null) {
      if (message.ack !== undefined) {
        diagnostics.emit(EVENT.ack, message.duplicate ? { ref: message.ack, duplicate: true } : { ref: message.ack });
      }

      /** @type {Element | null} */
      let target = null;
      if (message.target !== undefined) {
        target = query(message.target);
        if (!target) {
          diagnostics.error("target not found; message ignored", {
            target: message.target,
            message,
          });
          return;
        }
      }

      // Regions this message changes; a removed element lives on in its parent's snapshot.
      /** @type {string[]} */
      const regions = [];
      if (target && message.remove) {
        if (target.parentElement) regions.push(selectorFor(target.parentElement));
      } else if (target && message.html !== undefined && message.target !== undefined) {
        regions.push(message.target);
      }
      history.touch(regions);

      if (message.url !== undefined) {
        const url = sameOriginUrl(message.url, window.location.href);
        if (url) history.push(url);
        else diagnostics.error("url refused: not a same-origin http(s) URL", { url: message.url });
      }

      if (target) applyToTarget(target, message);
      if (message.title !== undefined) document.title = message.title;
      if (message.scroll !== undefined) {
        const element = query(message.scroll);
        if (element) element.scrollIntoView({ behavior: "smooth" });
        else diagnostics.error("scroll target not found", { scroll: message.scroll });
      }
      if (message.scrollTop) window.scrollTo({ top: 0, behavior: "smooth" });
      if (message.script !== undefined) scripts.run(message.script, document.body);
      if (message.event !== undefined) events.dispatch(message.event, message.eventData, frame);
      if (message.error !== undefined) {
        console.error("[liveview] server error:", message.error, message.function ?? "");
        diagnostics.emit(EVENT.error, {
          source: "server",
          message: message.error,
          function: message.function ?? null,
        });
      }
      diagnostics.emit(EVENT.message, { message });
    },
  };
}
