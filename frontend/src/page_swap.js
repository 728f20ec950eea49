// Putting a fetched page in place of the current one: <body> morphed (elements that match are
// kept, `data-liveview-permanent` ones untouched), page scripts run once, focus moved to the
// new content and its title announced through a polite live region.

import { Idiomorph } from "idiomorph";
import { ATTR, NAVIGATION } from "./constants.js";
import { bindingSignature, serverMayChange } from "./morph.js";
import { findNonce, isClassicScript } from "./scripts.js";

/**
 * Take the classic scripts out of `root` (a parsed page's body, not in the document): they are
 * run, or not, by the caller, never by insertion.
 * @param {Element | DocumentFragment} root
 * @returns {Element[]}
 */
export function takePageScripts(root) {
  const scripts = Array.from(root.querySelectorAll("script")).filter(isClassicScript);
  for (const script of scripts) script.remove();
  return scripts;
}

/**
 * The nonces a page's Content-Security-Policy lets scripts run with: the `'nonce-…'` sources of
 * its `script-src-elem`, else `script-src`, else `default-src` directive (the first of each
 * when a policy is sent twice, as the browser enforces both).
 * @param {string | null} policy  The response's Content-Security-Policy header.
 * @returns {string[]}
 */
export function scriptNonces(policy) {
  if (!policy) return [];
  /** @type {Map<string, string[]>} */
  const directives = new Map();
  for (const part of policy.split(/[;,]/)) {
    const [name, ...sources] = part.trim().split(/\s+/);
    const key = (name ?? "").toLowerCase();
    if (key && !directives.has(key)) directives.set(key, sources);
  }
  const sources =
    directives.get("script-src-elem") ?? directives.get("script-src") ?? directives.get("default-src") ?? [];
  return sources.flatMap((source) => {
    const found = /^'nonce-([^']+)'$/i.exec(source);
    return found ? [found[1]] : [];
  });
}

/**
 * @param {Object} deps
 * @param {Document} deps.document
 * @param {(root: Element, deep: boolean) => void} deps.cleanup  `__cleanup` on removed elements.
 * @param {(elements: Element[]) => void} deps.rearm  Kept elements whose bindings changed.
 * @param {(message: string, detail?: Record<string, unknown>) => void} deps.reportError
 */
export function createPageSwap({ document, cleanup, rearm, reportError }) {
  /** Script URLs the tab has loaded: a page's script with one of them is not run again. */
  const seen = new Set(
    Array.from(document.querySelectorAll("script[src]"), (s) => /** @type {HTMLScriptElement} */ (s).src),
  );

  /**
   * Run a script of a fetched page as a full load would: a fresh element (the parser's copy
   * never runs). Under a CSP nonce, only scripts whose nonce is one the new page's own policy
   * allows run (a script injected into its markup with a made-up nonce does not), with the
   * document's nonce (the one the tab's policy names).
   * @param {Element} script
   * @param {Element} parent  Where the script stays (head scripts) or runs (body scripts).
   * @param {string[]} allowed  The nonces the new page's policy allows.
   * @returns {HTMLScriptElement | null}  The element that runs it; null if it was not run.
   */
  function runScript(script, parent, allowed) {
    const src = script.getAttribute("src");
    const absolute = src === null ? null : new URL(src, document.baseURI).href;
    if (absolute !== null && seen.has(absolute)) return null;
    const nonce = findNonce(document);
    const own = script.getAttribute("nonce");
    if (nonce && (!own || !allowed.includes(own))) {
      reportError(
        own
          ? "page script not run: its nonce is not one the page's CSP allows"
          : "page script not run: the page has a CSP nonce and this script has none",
        { src: absolute },
      );
      return null;
    }
    const fresh = document.createElement("script");
    for (const { name, value } of Array.from(script.attributes)) {
      if (name !== "nonce") fresh.setAttribute(name, value);
    }
    if (nonce) fresh.nonce = nonce;
    // Scripts inserted by code load asynchronously unless told otherwise; keep page order.
    if (absolute !== null) {
      seen.add(absolute);
      fresh.async = false;
    }
    fresh.text = script.textContent ?? "";
    parent.appendChild(fresh);
    return fresh;
  }

  /**
   * The live region that announces page changes, created once and kept across swaps.
   * @returns {HTMLElement}
   */
  function announcer() {
    let region = document.getElementById(NAVIGATION.announcerId);
    if (!region) {
      region = document.createElement("div");
      region.id = NAVIGATION.announcerId;
      region.setAttribute("aria-live", "polite");
      region.setAttribute("aria-atomic", "true");
      region.setAttribute(ATTR.permanent, "");
      region.style.cssText =
        "position:absolute;width:1px;height:1px;margin:-1px;padding:0;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0";
      document.body.appendChild(region);
    }
    return region;
  }

  return {
    runScript,
    /**
     * Morph the document's body into `next` (a body not in the document; its classic
     * scripts already taken out). Permanent elements with an id found in `next` stay as they
     * are; the announcer stays.
     * @param {HTMLElement} next
     * @param {boolean} [visit]  A new visit: kept elements with bindings are armed again, as
     *   a page load would (`data-liveview-init` calls again); else only changed ones are.
     */
    morphBody(next, visit = false) {
      const body = document.body;
      /** @type {Element[]} */
      const changed = [];
      const bodyBefore = bindingSignature(body);
      // Its children, not the element: idiomorph would put a parented element itself inside.
      const content = next.ownerDocument.createDocumentFragment();
      content.append(...Array.from(next.childNodes));
      Idiomorph.morph(body, content, {
        morphStyle: "innerHTML",
        callbacks: {
          beforeNodeMorphed(oldNode, newNode) {
            if (oldNode.nodeType !== 1 || newNode.nodeType !== 1) return true;
            const old = /** @type {Element} */ (oldNode);
            if (old.hasAttribute(ATTR.permanent) && old.id) return false;
            const signature = bindingSignature(old);
            if (signature !== bindingSignature(/** @type {Element} */ (newNode)) || (visit && signature)) {
              changed.push(old);
            }
            return true;
          },
          beforeNodeRemoved(node) {
            if (node.nodeType !== 1) return true;
            const element = /** @type {Element} */ (node);
            if (element.id === NAVIGATION.announcerId) return false;
            cleanup(element, true);
            return true;
          },
          beforeAttributeUpdated: serverMayChange,
        },
      });
      // The body element itself is kept: it takes the new page's attributes.
      for (const { name, value } of Array.from(next.attributes)) {
        if (body.getAttribute(name) !== value) body.setAttribute(name, value);
      }
      for (const { name } of Array.from(body.attributes)) {
        if (!next.hasAttribute(name) && name !== "aria-busy") body.removeAttribute(name);
      }
      // The body is kept, never "morphed" by idiomorph: its bindings (a page-wide keyboard map,
      // an init call) are the new page's, armed like those of any kept element.
      const bodyAfter = bindingSignature(body);
      if (bodyAfter !== bodyBefore || (visit && (bodyAfter || bodyBefore))) changed.push(body);
      const kept = changed.filter((element) => body.contains(element));
      if (kept.length > 0) rearm(kept);
    },
    /**
     * Move focus to the new content: an `autofocus` or `data-liveview-focus="true"` element,
     * else `<main>`, else the first
     * `<h1>`, else the body; an element that cannot take focus gets tabindex="-1".
     */
    focus() {
      const target =
        document.querySelector(`[autofocus], [${ATTR.focus}="true"]`) ??
        document.querySelector("main") ??
        document.querySelector("h1") ??
        document.body;
      if (!(target instanceof HTMLElement)) return;
      if (target.tabIndex < 0 && !target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
      target.focus({ preventScroll: true });
    },
    /**
     * Announce `text` politely (assistive technology reads it once).
     * @param {string} text
     */
    announce(text) {
      const region = announcer();
      // Emptied first, so the same title twice is still announced.
      region.textContent = "";
      document.defaultView?.requestAnimationFrame(() => {
        region.textContent = text;
      }) ?? (region.textContent = text);
    },
  };
}
