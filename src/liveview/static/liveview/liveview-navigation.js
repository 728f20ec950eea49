/*! liveview 0.1.0 */
"use strict";
(() => {
  // src/chunks.js
  var REGISTRY = "liveviewChunks";
  function definePart(scope, name, exports) {
    (scope[REGISTRY] ?? (scope[REGISTRY] = {}))[name] = exports;
  }

  // src/constants.js
  var ATTR = /* @__PURE__ */ Object.freeze({
    function: "data-liveview-function",
    formId: "data-liveview-form-id",
    debounce: "data-liveview-debounce",
    throttle: "data-liveview-throttle",
    focus: "data-liveview-focus",
    init: "data-liveview-init",
    intersectAppear: "data-liveview-intersect-appear",
    intersectDisappear: "data-liveview-intersect-disappear",
    intersectThreshold: "data-liveview-intersect-threshold",
    keyboardMap: "data-liveview-keyboard-map",
    morph: "data-liveview-morph",
    key: "data-liveview-key",
    disableWith: "data-liveview-disable-with",
    loading: "data-liveview-loading",
    persist: "data-liveview-persist",
    room: "data-room",
    identity: "data-liveview-identity",
    navigate: "data-liveview-navigate",
    permanent: "data-liveview-permanent",
    prefetch: "data-liveview-prefetch",
    build: "data-liveview-build"
  });
  var EVENT = /* @__PURE__ */ Object.freeze({
    connecting: "liveview:connecting",
    connected: "liveview:connected",
    disconnected: "liveview:disconnected",
    sent: "liveview:sent",
    message: "liveview:message",
    ack: "liveview:ack",
    queued: "liveview:queued",
    queueDropped: "liveview:queue-dropped",
    historyRestored: "liveview:history-restored",
    roomRefused: "liveview:room-refused",
    sessionEnded: "liveview:session-ended",
    loadingStart: "liveview:loading-start",
    loadingEnd: "liveview:loading-end",
    ackTimeout: "liveview:ack-timeout",
    error: "liveview:error",
    navigate: "liveview:navigate",
    navigated: "liveview:navigated",
    navigateAway: "liveview:navigate-away",
    stale: "liveview:stale",
    resync: "liveview:resync"
  });
  var UPLOAD_DROP_ATTR = "data-liveview-upload-drop";
  var UPLOAD_SELECTOR = `input[type="file"], [${UPLOAD_DROP_ATTR}]`;
  var CSP_NONCE_META = "liveview-csp-nonce";
  var NAVIGATION = /* @__PURE__ */ Object.freeze({
    prefetchTtl: 1e4,
    hoverDelay: 60,
    announcerId: "liveview-announcer",
    navigatingClass: "liveview-navigating",
    /** `<meta name="liveview-navigate" content="reload">`: this page is always loaded in full. */
    meta: "liveview-navigate"
  });

  // src/scripts.js
  function isClassicScript(script) {
    const type = script.getAttribute("type");
    return type === null || ["", "text/javascript"].includes(type.trim().toLowerCase());
  }
  function findNonce(document) {
    const meta = document.querySelector(`meta[name="${CSP_NONCE_META}"]`);
    const fromMeta = meta?.getAttribute("content");
    if (fromMeta) return fromMeta;
    const script = (
      /** @type {HTMLScriptElement | null} */
      document.querySelector("script[nonce]")
    );
    return script ? script.nonce || script.getAttribute("nonce") || "" : "";
  }

  // src/head.js
  function headKey(element) {
    const tag = element.tagName.toLowerCase();
    const attr = (name) => element.getAttribute(name);
    switch (tag) {
      case "title":
      case "base":
        return tag;
      case "meta": {
        if (attr("charset") !== null) return "meta:charset";
        for (const name of ["name", "property", "http-equiv", "itemprop"]) {
          const value = attr(name);
          if (value !== null) return `meta:${name}=${value.toLowerCase()}`;
        }
        return `meta:${element.outerHTML}`;
      }
      case "link":
        return `link:${(attr("rel") ?? "").toLowerCase()}:${attr("href") ?? ""}`;
      case "script":
        return attr("src") !== null ? `script:src:${attr("src")}` : `script:text:${element.textContent}`;
      case "style":
        return `style:${element.textContent}`;
      default:
        return `${tag}:${element.outerHTML}`;
    }
  }
  function planHead(current, next) {
    const wanted = /* @__PURE__ */ new Map();
    for (const element of next) wanted.set(headKey(element), element);
    const plan = { remove: [], update: [], add: [] };
    const present = /* @__PURE__ */ new Set();
    for (const element of current) {
      const key = headKey(element);
      present.add(key);
      const counterpart = wanted.get(key);
      const tag = element.tagName;
      if (counterpart) {
        if (tag === "META" && key !== `meta:name=${CSP_NONCE_META}`) plan.update.push([element, counterpart]);
      } else if (tag !== "SCRIPT" && tag !== "TITLE" && !element.hasAttribute(ATTR.permanent)) {
        plan.remove.push(element);
      }
    }
    for (const [key, element] of wanted) {
      if (!present.has(key) && element.tagName !== "TITLE") plan.add.push(element);
    }
    return plan;
  }
  function loaded(element) {
    const stylesheet = element.tagName === "LINK" && (element.getAttribute("rel") ?? "").toLowerCase() === "stylesheet";
    const external = element.tagName === "SCRIPT" && element.hasAttribute("src");
    if (!stylesheet && !external) return Promise.resolve();
    return new Promise((resolve) => {
      element.addEventListener("load", () => resolve(), { once: true });
      element.addEventListener("error", () => resolve(), { once: true });
    });
  }
  async function mergeHead(document, next, runScript) {
    const head = document.head;
    const plan = planHead(Array.from(head.children), Array.from(next.children));
    const title = next.querySelector("title");
    if (title) document.title = title.textContent ?? "";
    for (const [element, counterpart] of plan.update) {
      for (const { name, value } of Array.from(counterpart.attributes)) {
        if (element.getAttribute(name) !== value) element.setAttribute(name, value);
      }
    }
    const waits = [];
    for (const element of plan.add) {
      if (element.tagName === "SCRIPT") {
        if (isClassicScript(element) || element.getAttribute("type") === "module") {
          const running = runScript(element);
          if (running) waits.push(loaded(running));
        } else head.appendChild(document.importNode(element, true));
        continue;
      }
      const copy = document.importNode(element, true);
      waits.push(loaded(copy));
      head.appendChild(copy);
    }
    await Promise.all(waits);
    return () => {
      for (const element of plan.remove) element.remove();
    };
  }

  // src/navigate_links.js
  function optedIn(element) {
    const scope = element.closest(`[${ATTR.navigate}]`);
    return scope !== null && scope.getAttribute(ATTR.navigate) !== "false";
  }
  function linkDestination(link, event, current) {
    if (event.defaultPrevented || (event.button ?? 0) !== 0) return null;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return null;
    if (link.download || link.target && link.target !== "_self") return null;
    let url;
    let here;
    try {
      here = new URL(current);
      url = new URL(link.href, here);
    } catch {
      return null;
    }
    if (url.protocol !== "http:" && url.protocol !== "https:" || url.origin !== here.origin) return null;
    if (url.hash && url.pathname === here.pathname && url.search === here.search) return null;
    return url.href;
  }
  function linkParts(link) {
    return { href: link.href, target: link.getAttribute("target"), download: link.hasAttribute("download") };
  }
  function formDestination(action, entries, current) {
    let url;
    try {
      url = new URL(action, current);
    } catch {
      return null;
    }
    if (url.origin !== new URL(current).origin) return null;
    const query = new URLSearchParams();
    for (const [name, value] of entries) if (typeof value === "string") query.append(name, value);
    url.search = query.toString();
    url.hash = "";
    return url.href;
  }

  // shared:idiomorph
  var Idiomorph = window.liveviewChunks.core.Idiomorph;

  // src/morph.js
  function serverMayChange(name, element, change) {
    if (name === "tabindex" && change === "remove" && element.hasAttribute(ATTR.keyboardMap)) {
      return false;
    }
    const active = element.ownerDocument.activeElement;
    if (name === "value" || name === "checked") return element !== active;
    if (name === "selected") return element.closest("select") !== active;
    return name !== "open" || element.tagName !== "DETAILS" && element.tagName !== "DIALOG";
  }
  function bindingSignature(element) {
    const parts = [];
    for (const { name, value } of Array.from(element.attributes)) {
      if (name === ATTR.key) continue;
      if (name.startsWith("data-liveview-") || name.startsWith("data-data-") || name === "data-action") {
        parts.push(`${name}=${value}`);
      }
    }
    return parts.sort().join("\n");
  }

  // src/page_swap.js
  function takePageScripts(root) {
    const scripts = Array.from(root.querySelectorAll("script")).filter(isClassicScript);
    for (const script of scripts) script.remove();
    return scripts;
  }
  function scriptNonces(policy) {
    if (!policy) return [];
    const directives = /* @__PURE__ */ new Map();
    for (const part of policy.split(/[;,]/)) {
      const [name, ...sources2] = part.trim().split(/\s+/);
      const key = (name ?? "").toLowerCase();
      if (key && !directives.has(key)) directives.set(key, sources2);
    }
    const sources = directives.get("script-src-elem") ?? directives.get("script-src") ?? directives.get("default-src") ?? [];
    return sources.flatMap((source) => {
      const found = /^'nonce-([^']+)'$/i.exec(source);
      return found ? [found[1]] : [];
    });
  }
  function createPageSwap({ document, cleanup, rearm, reportError }) {
    const seen = new Set(
      Array.from(document.querySelectorAll("script[src]"), (s) => (
        /** @type {HTMLScriptElement} */
        s.src
      ))
    );
    function runScript(script, parent, allowed) {
      const src = script.getAttribute("src");
      const absolute = src === null ? null : new URL(src, document.baseURI).href;
      if (absolute !== null && seen.has(absolute)) return null;
      const nonce = findNonce(document);
      const own = script.getAttribute("nonce");
      if (nonce && (!own || !allowed.includes(own))) {
        reportError(
          own ? "page script not run: its nonce is not one the page's CSP allows" : "page script not run: the page has a CSP nonce and this script has none",
          { src: absolute }
        );
        return null;
      }
      const fresh = document.createElement("script");
      for (const { name, value } of Array.from(script.attributes)) {
        if (name !== "nonce") fresh.setAttribute(name, value);
      }
      if (nonce) fresh.nonce = nonce;
      if (absolute !== null) {
        seen.add(absolute);
        fresh.async = false;
      }
      fresh.text = script.textContent ?? "";
      parent.appendChild(fresh);
      return fresh;
    }
    function announcer() {
      let region = document.getElementById(NAVIGATION.announcerId);
      if (!region) {
        region = document.createElement("div");
        region.id = NAVIGATION.announcerId;
        region.setAttribute("aria-live", "polite");
        region.setAttribute("aria-atomic", "true");
        region.setAttribute(ATTR.permanent, "");
        region.style.cssText = "position:absolute;width:1px;height:1px;margin:-1px;padding:0;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0";
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
        const changed = [];
        const bodyBefore = bindingSignature(body);
        const content = next.ownerDocument.createDocumentFragment();
        content.append(...Array.from(next.childNodes));
        Idiomorph.morph(body, content, {
          morphStyle: "innerHTML",
          callbacks: {
            beforeNodeMorphed(oldNode, newNode) {
              if (oldNode.nodeType !== 1 || newNode.nodeType !== 1) return true;
              const old = (
                /** @type {Element} */
                oldNode
              );
              if (old.hasAttribute(ATTR.permanent) && old.id) return false;
              const signature = bindingSignature(old);
              if (signature !== bindingSignature(
                /** @type {Element} */
                newNode
              ) || visit && signature) {
                changed.push(old);
              }
              return true;
            },
            beforeNodeRemoved(node) {
              if (node.nodeType !== 1) return true;
              const element = (
                /** @type {Element} */
                node
              );
              if (element.id === NAVIGATION.announcerId) return false;
              cleanup(element, true);
              return true;
            },
            beforeAttributeUpdated: serverMayChange
          }
        });
        for (const { name, value } of Array.from(next.attributes)) {
          if (body.getAttribute(name) !== value) body.setAttribute(name, value);
        }
        for (const { name } of Array.from(body.attributes)) {
          if (!next.hasAttribute(name) && name !== "aria-busy") body.removeAttribute(name);
        }
        const bodyAfter = bindingSignature(body);
        if (bodyAfter !== bodyBefore || visit && (bodyAfter || bodyBefore)) changed.push(body);
        const kept = changed.filter((element) => body.contains(element));
        if (kept.length > 0) rearm(kept);
      },
      /**
       * Move focus to the new content: an `autofocus` or `data-liveview-focus="true"` element,
       * else `<main>`, else the first
       * `<h1>`, else the body; an element that cannot take focus gets tabindex="-1".
       */
      focus() {
        const target = document.querySelector(`[autofocus], [${ATTR.focus}="true"]`) ?? document.querySelector("main") ?? document.querySelector("h1") ?? document.body;
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
        region.textContent = "";
        document.defaultView?.requestAnimationFrame(() => {
          region.textContent = text;
        }) ?? (region.textContent = text);
      }
    };
  }

  // src/prefetch.js
  function createPrefetchCache({ now, ttl, limit = 20 }) {
    const entries = /* @__PURE__ */ new Map();
    return {
      /**
       * @param {string} url
       * @param {Promise<FetchedPage | null>} page
       * @param {() => void} abort
       */
      put(url, page, abort) {
        entries.delete(url);
        const entry = { at: now(), page, abort, settled: false };
        entries.set(url, entry);
        page.then(
          () => entry.settled = true,
          () => entry.settled = true
        );
        while (entries.size > limit) {
          const [oldest] = entries.keys();
          entries.delete(oldest);
        }
      },
      /**
       * Take a fresh entry for `url` (it is used once), or null.
       * @param {string} url
       */
      take(url) {
        const entry = entries.get(url);
        entries.delete(url);
        if (!entry || now() - entry.at > ttl) return null;
        return entry.page;
      },
      /** @param {string} url */
      has(url) {
        const entry = entries.get(url);
        return entry !== void 0 && now() - entry.at <= ttl;
      },
      /**
       * The pointer left before the page arrived: stop fetching it.
       * @param {string} url
       */
      cancel(url) {
        const entry = entries.get(url);
        if (!entry || entry.settled) return;
        entries.delete(url);
        entry.abort();
      }
    };
  }

  // src/navigate.js
  function isNavigated(state) {
    return Boolean(state && typeof state === "object" && /** @type {{navigated?: unknown}} */
    state.navigated);
  }
  function createNavigation({ window: window2, document, diagnostics, history, cleanup, rearm, sendPath, isStale }) {
    const { location } = window2;
    const swap = createPageSwap({ document, cleanup, rearm, reportError: diagnostics.error });
    const prefetched = createPrefetchCache({ now: () => Date.now(), ttl: NAVIGATION.prefetchTtl });
    let current = null;
    const hoverTimers = /* @__PURE__ */ new Map();
    let restoredScripts = [];
    function leaving(url) {
      diagnostics.emit(EVENT.navigateAway, { url });
    }
    function runPageScripts(scripts, nonces) {
      for (const script of scripts) swap.runScript(script, document.body, nonces);
    }
    const inHandshake = Boolean(document.documentElement.getAttribute(ATTR.build));
    let tracking = inHandshake;
    let lastPath = location.pathname + location.search;
    function pathChanged() {
      const path = location.pathname + location.search;
      if (!tracking || path === lastPath) return;
      lastPath = path;
      sendPath(path);
    }
    function markNavigated() {
      const state = window2.history.state;
      if (state && typeof state === "object") window2.history.replaceState({ ...state, navigated: true }, "");
    }
    async function request(url, signal, purpose) {
      try {
        const response = await window2.fetch(url, {
          credentials: "same-origin",
          headers: { Accept: "text/html, application/xhtml+xml", "X-LiveView-Navigate": purpose },
          signal
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
    let busyElement = null;
    function busy(on) {
      document.documentElement.classList.toggle(NAVIGATION.navigatingClass, on);
      busyElement?.removeAttribute("aria-busy");
      busyElement = on ? document.querySelector("main") ?? document.body : null;
      busyElement?.setAttribute("aria-busy", "true");
    }
    function fullLoad(url) {
      diagnostics.debug("navigation: full page load", url);
      location.assign(url);
    }
    async function render(page, mode, requested, signal) {
      const parsed = new window2.DOMParser().parseFromString(page.html, "text/html");
      const build = parsed.documentElement.getAttribute(ATTR.build) ?? "";
      let url = page.url;
      const hash = new URL(requested).hash;
      if (hash && !new URL(url).hash) url += hash;
      const meta = parsed.head.querySelector(`meta[name="${NAVIGATION.meta}"]`);
      const identity = parsed.documentElement.getAttribute(ATTR.identity);
      const ours = document.documentElement.getAttribute(ATTR.identity);
      const otherUser = identity !== null && ours !== null && identity !== ours;
      const policyNonces = scriptNonces(page.csp);
      const pageNonce = parsed.head.querySelector(`meta[name="${CSP_NONCE_META}"]`)?.getAttribute("content");
      const nonces = policyNonces.length > 0 ? policyNonces : pageNonce ? [pageNonce] : [];
      const otherPolicy = nonces.length > 0 !== Boolean(findNonce(document));
      if (isStale(build) || otherUser || otherPolicy || meta?.getAttribute("content") === "reload") {
        if (mode === "push") fullLoad(url);
        else location.reload();
        return false;
      }
      const scripts = takePageScripts(parsed.body);
      if (mode === "push") {
        history.touch(["body"]);
        markNavigated();
        busyElement?.removeAttribute("aria-busy");
        history.push(url);
        busyElement?.setAttribute("aria-busy", "true");
        markNavigated();
      } else if (url.split("#")[0] !== location.href.split("#")[0]) {
        window2.history.replaceState(window2.history.state, "", url);
      }
      const removeOld = await mergeHead(
        document,
        parsed.head,
        (script) => swap.runScript(script, document.head, nonces)
      );
      if (signal.aborted) return false;
      if (mode === "push") leaving(url);
      restoredScripts = [];
      const lang = parsed.documentElement.getAttribute("lang");
      if (lang !== null) document.documentElement.setAttribute("lang", lang);
      swap.morphBody(parsed.body, mode === "push");
      removeOld();
      runPageScripts(scripts, nonces);
      if (mode === "push") {
        const target = hash ? document.getElementById(decodeURIComponent(hash.slice(1))) : null;
        if (target) target.scrollIntoView();
        else window2.scrollTo(0, 0);
        swap.focus();
        swap.announce(document.title || (document.querySelector("h1")?.textContent ?? "").trim());
      }
      tracking = true;
      pathChanged();
      return true;
    }
    async function visit(url, mode = "push") {
      const started = new window2.CustomEvent(EVENT.navigate, {
        detail: { url, mode },
        bubbles: true,
        cancelable: true
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
    function navigableLink(link) {
      if (!(link instanceof window2.HTMLAnchorElement) || !link.hasAttribute("href")) return null;
      return optedIn(link) ? link : null;
    }
    function onClick(event) {
      const link = navigableLink(
        /** @type {Element} */
        event.target?.closest?.("a[href]") ?? null
      );
      if (!link) return;
      const url = linkDestination(linkParts(link), event, location.href);
      if (url === null) return;
      event.preventDefault();
      window2.clearTimeout(
        /** @type {number} */
        hoverTimers.get(link)
      );
      hoverTimers.delete(link);
      visit(url);
    }
    function onSubmit(event) {
      const form = event.target;
      if (!(form instanceof window2.HTMLFormElement) || event.defaultPrevented || !optedIn(form)) return;
      const submitter = event.submitter;
      const method = (submitter?.getAttribute("formmethod") ?? form.getAttribute("method") ?? "get").toLowerCase();
      const target = submitter?.getAttribute("formtarget") ?? form.getAttribute("target");
      if (method !== "get" || target && target !== "_self") return;
      const action = submitter?.getAttribute("formaction") ?? form.action;
      const url = formDestination(action, new FormData(form, submitter), location.href);
      if (url === null) return;
      event.preventDefault();
      visit(url);
    }
    function onHover(event) {
      const link = navigableLink(
        /** @type {Element} */
        event.target?.closest?.("a[href]") ?? null
      );
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
        hoverTimers.set(link, window2.setTimeout(start, NAVIGATION.hoverDelay));
        link.addEventListener(
          "mouseleave",
          () => {
            window2.clearTimeout(
              /** @type {number} */
              hoverTimers.get(link)
            );
            hoverTimers.delete(link);
            prefetched.cancel(url);
          },
          { once: true }
        );
      }
    }
    function onRestored() {
      pathChanged();
      if (!isNavigated(window2.history.state)) return;
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
        document.addEventListener(EVENT.connected, () => {
          if (tracking && !inHandshake) sendPath(lastPath = location.pathname + location.search);
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
        if (isNavigated(window2.history.state)) {
          leaving(window2.location.href);
          restoredScripts = scripts;
        }
        for (const { name, value } of Array.from(document.body.attributes)) body.setAttribute(name, value);
        swap.morphBody(body);
        return true;
      }
    };
  }

  // src/part_navigation.js
  definePart(
    /** @type {any} */
    window,
    "navigation",
    { createNavigation }
  );
})();
