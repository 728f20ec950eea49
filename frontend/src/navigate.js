// Live navigation: links and GET forms inside `data-liveview-navigate` are fetched as normal
// Django requests (middleware, redirects, login_required, 404 and 500 pages behave as for a
// full load) and the page is swapped in place: <head> merged, <body> morphed, history pushed,
// scroll and focus set, the title announced. The WebSocket stays open; the server is told the
// new path. Back and Forward show the snapshot at once, then revalidate against the server.

import { ATTR, CSP_NONCE_META, EVENT, NAVIGATION } from "./constants.js";
import { mergeHead } from "./head.js";
import { formDestination, linkDestination, linkParts, optedIn } from "./navigate_links.js";
import { createPageSwap, scriptNonces, takePageScripts } from "./page_swap.js";
import { createPrefetchCache } from "./prefetch.js";
import { findNonce } from "./scripts.js";

/** @typedef {import("./diagnostics.js").Diagnostics} Diagnostics */

/**
 * @typedef {Object} FetchedPage
 * @property {number} status
 * @property {string} url  Where the request ended, after redirects.
 * @property {string} html
 * @property {string | null} csp  Its Content-Security-Policy header.
 */

/**
 * Whether a history entry's state marks a page reached (or left) by live navigation.
 * @param {unknown} state
 */
function isNavigated(state) {
  return Boolean(state && typeof state === "object" && /** @type {{navigated?: unknown}} */ (state).navigated);
}

/**
 * @param {Object} deps
 * @param {Window & typeof globalThis} deps.window
 * @param {Document} deps.document
 * @param {Diagnostics} deps.diagnostics
 * @param {{touch: (selectors: string[]) => void, push: (url: string) => void}} deps.history
 * @param {(root: Element, deep: boolean) => void} deps.cleanup
 * @param {(elements: Element[]) => void} deps.rearm
 * @param {(path: string) => void} deps.sendPath  Tell the server the page's new path.
 * @param {(fetchedBuild: string) => boolean} deps.isStale  Whether a page of this build needs
 *   a full load (the tab runs another build).
 */
export function createNavigation({ window, document, diagnostics, history, cleanup, rearm, sendPath, isStale }) {
  const { location } = window;
  const swap = createPageSwap({ document, cleanup, rearm, reportError: diagnostics.error });
  const prefetched = createPrefetchCache({ now: () => Date.now(), ttl: NAVIGATION.prefetchTtl });
  /** @type {AbortController | null} */
  let current = null;
  /** @type {Map<Element, unknown>} */
  const hoverTimers = new Map();

  /** Scripts of the page Back/Forward showed from its snapshot, run if it cannot revalidate. */
  /** @type {Element[]} */
  let restoredScripts = [];

  /**
   * The page on screen is being replaced by another (or by itself, anew): its scripts take
   * down what they set up on `document` and `window` (docs/navigation.md, "Page scripts").
   * @param {string} url  Where the tab goes.
   */
  function leaving(url) {
    diagnostics.emit(EVENT.navigateAway, { url });
  }

  /**
   * Run the scripts of the page now on screen, as its load would.
   * @param {Element[]} scripts
   * @param {string[]} nonces  What the page's policy allows.
   */
  function runPageScripts(scripts, nonces) {
    for (const script of scripts) swap.runScript(script, document.body, nonces);
  }

  /** Whether the server follows this tab's path (its handshake had one, or it navigated). */
  const inHandshake = Boolean(document.documentElement.getAttribute(ATTR.build));
  let tracking = inHandshake;
  let lastPath = location.pathname + location.search;

  /** The tab shows another path: tell the server, once per change. */
  function pathChanged() {
    const path = location.pathname + location.search;
    if (!tracking || path === lastPath) return;
    lastPath = path;
    sendPath(path);
  }

  /** Flag the current history entry as a page reached (or left) by live navigation. */
  function markNavigated() {
    const state = window.history.state;
    if (state && typeof state === "object") window.history.replaceState({ ...state, navigated: true }, "");
  }

  /**
   * @param {string} url
   * @param {AbortSignal} signal
   * @param {"visit" | "prefetch" | "revalidate"} purpose  Sent as `X-LiveView-Navigate`, so a
   *   view can tell a hover's prefetch (which the user may never see) from a visit.
   * @returns {Promise<FetchedPage | null>}  null: no answer at all (offline, aborted).
   */
  async function request(url, signal, purpose) {
    try {
      const response = await window.fetch(url, {
        credentials: "same-origin",
        headers: { Accept: "text/html, application/xhtml+xml", "X-LiveView-Navigate": purpose },
        signal,
      });
      const type = response.headers.get("Content-Type") ?? "";
      if (!/^(text\/html|application\/xhtml\+xml)/i.test(type)) return null;
      const csp = response.headers.get("Content-Security-Policy");
      return { status: response.status, url: response.url || url, html: await response.text(), csp };
    } catch (error) {
      diagnostics.debug("navigation: fetch failed", url, String(error));
      return null;
    }
  }

  /** The element shown busy while a page is fetched and swapped in. @type {Element | null} */
  let busyElement = null;

  /** @param {boolean} on */
  function busy(on) {
    document.documentElement.classList.toggle(NAVIGATION.navigatingClass, on);
    busyElement?.removeAttribute("aria-busy");
    busyElement = on ? (document.querySelector("main") ?? document.body) : null;
    busyElement?.setAttribute("aria-busy", "true");
  }

  /** @param {string} url */
  function fullLoad(url) {
    diagnostics.debug("navigation: full page load", url);
    location.assign(url);
  }

  /**
   * Put a fetched page in place.
   * @param {FetchedPage} page
   * @param {"push" | "restore"} mode  push: a new visit (history entry, scripts, scroll,
   *   focus); restore: revalidating an entry Back/Forward showed.
   * @param {string} requested  The URL asked for (its #fragment survives redirects).
   * @param {AbortSignal} signal  Aborted when another visit starts.
   */
  async function render(page, mode, requested, signal) {
    const parsed = new window.DOMParser().parseFromString(page.html, "text/html");
    const build = parsed.documentElement.getAttribute(ATTR.build) ?? "";
    let url = page.url;
    const hash = new URL(requested).hash;
    if (hash && !new URL(url).hash) url += hash;
    // Another build, or a page that asks for it (its scripts or headers need a real load).
    const meta = parsed.head.querySelector(`meta[name="${NAVIGATION.meta}"]`);
    // A page rendered for another user (a login or logout in another tab): the socket and
    // what the tab stored are the previous user's, so the page is loaded in full.
    const identity = parsed.documentElement.getAttribute(ATTR.identity);
    const ours = document.documentElement.getAttribute(ATTR.identity);
    const otherUser = identity !== null && ours !== null && identity !== ours;
    // The nonces the new page's scripts may carry: its policy's, else the nonce it names.
    const policyNonces = scriptNonces(page.csp);
    const pageNonce = parsed.head.querySelector(`meta[name="${CSP_NONCE_META}"]`)?.getAttribute("content");
    const nonces = policyNonces.length > 0 ? policyNonces : pageNonce ? [pageNonce] : [];
    // A policy is the document's, set by its load: a page that comes with a nonce policy
    // while the tab has none (or the reverse) is loaded in full, under its own policy.
    const otherPolicy = (nonces.length > 0) !== Boolean(findNonce(document));
    if (isStale(build) || otherUser || otherPolicy || meta?.getAttribute("content") === "reload") {
      if (mode === "push") fullLoad(url);
      else location.reload();
      return false;
    }
    const scripts = takePageScripts(parsed.body);
    if (mode === "push") {
      // Snapshot the page we leave as it is, before anything of the new one (its title,
      // styles) is merged in; it must not keep the page busy when Back shows it.
      history.touch(["body"]);
      markNavigated();
      busyElement?.removeAttribute("aria-busy");
      history.push(url);
      busyElement?.setAttribute("aria-busy", "true");
      markNavigated();
    } else if (url.split("#")[0] !== location.href.split("#")[0]) {
      // Revalidating, the server redirected (a page now behind a login): show where to.
      window.history.replaceState(window.history.state, "", url);
    }
    const removeOld = await mergeHead(document, parsed.head, (script) =>
      swap.runScript(script, document.head, nonces),
    );
    // Another visit started while the new styles loaded: it swaps its own page in.
    if (signal.aborted) return false;
    // Back/Forward left the previous page already, when it showed the snapshot.
    if (mode === "push") leaving(url);
    restoredScripts = [];
    const lang = parsed.documentElement.getAttribute("lang");
    if (lang !== null) document.documentElement.setAttribute("lang", lang);
    swap.morphBody(parsed.body, mode === "push");
    removeOld();
    // The page's scripts run each time it is shown: a visit, and Back/Forward once the
    // server's version is in (the snapshot's copies may be stale, and lost their nonce).
    runPageScripts(scripts, nonces);
    if (mode === "push") {
      const target = hash ? document.getElementById(decodeURIComponent(hash.slice(1))) : null;
      if (target) target.scrollIntoView();
      else window.scrollTo(0, 0);
      swap.focus();
      swap.announce(document.title || (document.querySelector("h1")?.textContent ?? "").trim());
    }
    tracking = true;
    pathChanged();
    return true;
  }

  /**
   * Visit `url` live: fetch (or take the prefetched page), then swap it in.
   * @param {string} url
   * @param {"push" | "restore"} [mode]
   */
  async function visit(url, mode = "push") {
    const started = new window.CustomEvent(EVENT.navigate, {
      detail: { url, mode },
      bubbles: true,
      cancelable: true,
    });
    if (!document.dispatchEvent(started)) return;
    current?.abort();
    const controller = new AbortController();
    current = controller;
    busy(true);
    try {
      const purpose = mode === "push" ? "visit" : "revalidate";
      const page = (mode === "push" ? prefetched.take(url) : null) ?? request(url, controller.signal, purpose);
      const fetched = await page;
      if (controller.signal.aborted) return;
      if (fetched === null) {
        if (mode === "push") fullLoad(url);
        // Offline Back/Forward: the snapshot's scripts, unless the tab's CSP needs a nonce
        // that they no longer carry (they then stay off, as on a blocked load).
        else runPageScripts(restoredScripts.splice(0), []);
        return;
      }
      if (await render(fetched, mode, url, controller.signal)) {
        diagnostics.emit(EVENT.navigated, { url: location.href, status: fetched.status, mode });
      }
    } catch (error) {
      diagnostics.error("navigation failed; loading the page instead", { url, error: String(error) });
      if (mode === "push") fullLoad(url);
    } finally {
      if (current === controller) {
        current = null;
        busy(false);
      }
    }
  }

  /** @param {Element | null} link */
  function navigableLink(link) {
    if (!(link instanceof window.HTMLAnchorElement) || !link.hasAttribute("href")) return null;
    return optedIn(link) ? link : null;
  }

  /** @param {MouseEvent} event */
  function onClick(event) {
    const link = navigableLink(/** @type {Element} */ (event.target)?.closest?.("a[href]") ?? null);
    if (!link) return;
    const url = linkDestination(linkParts(link), event, location.href);
    if (url === null) return;
    event.preventDefault();
    // A prefetch not started yet would fetch the page a second time.
    window.clearTimeout(/** @type {number} */ (hoverTimers.get(link)));
    hoverTimers.delete(link);
    visit(url);
  }

  /** @param {SubmitEvent} event */
  function onSubmit(event) {
    const form = event.target;
    if (!(form instanceof window.HTMLFormElement) || event.defaultPrevented || !optedIn(form)) return;
    const submitter = event.submitter;
    const method = (submitter?.getAttribute("formmethod") ?? form.getAttribute("method") ?? "get").toLowerCase();
    const target = submitter?.getAttribute("formtarget") ?? form.getAttribute("target");
    if (method !== "get" || (target && target !== "_self")) return;
    const action = submitter?.getAttribute("formaction") ?? form.action;
    const url = formDestination(action, new FormData(form, submitter), location.href);
    if (url === null) return;
    event.preventDefault();
    visit(url);
  }

  /** @param {Event} event */
  function onHover(event) {
    const link = navigableLink(/** @type {Element} */ (event.target)?.closest?.("a[href]") ?? null);
    if (!link || link.getAttribute(ATTR.prefetch) === "false" || hoverTimers.has(link)) return;
    const url = linkDestination(linkParts(link), {}, location.href);
    if (url === null || url === location.href || prefetched.has(url)) return;
    const start = () => {
      hoverTimers.delete(link);
      const controller = new AbortController();
      prefetched.put(url, request(url, controller.signal, "prefetch"), () => controller.abort());
    };
    if (event.type === "touchstart") start();
    else {
      hoverTimers.set(link, window.setTimeout(start, NAVIGATION.hoverDelay));
      link.addEventListener(
        "mouseleave",
        () => {
          window.clearTimeout(/** @type {number} */ (hoverTimers.get(link)));
          hoverTimers.delete(link);
          prefetched.cancel(url);
        },
        { once: true },
      );
    }
  }

  /** Back/Forward showed a snapshot of a page reached live: ask the server what changed. */
  function onRestored() {
    pathChanged();
    if (!isNavigated(window.history.state)) return;
    swap.announce(document.title);
    visit(location.href, "restore");
  }

  return {
    start() {
      document.addEventListener("click", onClick);
      document.addEventListener("submit", onSubmit);
      document.addEventListener("mouseover", onHover);
      document.addEventListener("touchstart", onHover, { passive: true });
      document.addEventListener(EVENT.historyRestored, onRestored);
      // A new socket of a page without the path in its handshake: tell it, before replays.
      document.addEventListener(EVENT.connected, () => {
        if (tracking && !inHandshake) sendPath((lastPath = location.pathname + location.search));
      });
    },
    visit,
    pathChanged,
    /**
     * Replace a region restored from a snapshot. The body (a page reached live) is morphed,
     * so permanent elements keep their state; its scripts run once the revalidation brings
     * the server's version (or, offline, from the snapshot).
     * @param {Element} element
     * @param {string} html
     * @returns {boolean}  false: not ours, restore it the usual way.
     */
    restoreRegion(element, html) {
      if (element !== document.body) return false;
      const body = document.createElement("body");
      body.innerHTML = html;
      const scripts = takePageScripts(body);
      // An entry reached (or left) by live navigation is another showing of its page: the
      // page on screen is left, and the scripts run again once revalidated (onRestored).
      // Others (a URL a handler pushed) show the same page as it was: nothing is left.
      if (isNavigated(window.history.state)) {
        leaving(window.location.href);
        restoredScripts = scripts;
      }
      for (const { name, value } of Array.from(document.body.attributes)) body.setAttribute(name, value);
      swap.morphBody(body);
      return true;
    },
  };
}
