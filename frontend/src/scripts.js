// Running JavaScript sent by the server (`<script>` inside html, and the `script` key) without
// eval: each piece runs as a real inline <script>. Only the `script` key carries the page's CSP
// nonce: it is code a handler chose to send. A `<script>` inside html is markup, and markup may
// hold user input a handler echoed unescaped; giving it the nonce would run what the CSP is
// there to block, so on a page with a nonce it does not run at all.

import { CSP_NONCE_META } from "./constants.js";

/** @typedef {import("./diagnostics.js").Diagnostics} Diagnostics */

/**
 * The text of the inline script: it reaches its element through document.currentScript (no
 * global), binds `el` and `this` to it, marks that it started and keeps what it throws.
 * @param {string} code
 */
export function wrapScript(code) {
  return (
    "(function(s){s.__liveviewRan=true;try{(function(el){\n" +
    code +
    "\n}).call(s.__liveviewEl,s.__liveviewEl)}catch(e){s.__liveviewError=e}})(document.currentScript);"
  );
}

/**
 * A classic script: no type, an empty one, or text/javascript. Modules, JSON and templates are
 * data, not code to run, and stay where they are.
 * @param {Element} script
 */
export function isClassicScript(script) {
  const type = script.getAttribute("type");
  return type === null || ["", "text/javascript"].includes(type.trim().toLowerCase());
}

/**
 * The page's CSP nonce: `<meta name="liveview-csp-nonce" content="...">`, else the nonce of any
 * script of the page (read from the property: browsers blank the attribute).
 * @param {Pick<Document, "querySelector">} document
 * @returns {string}
 */
export function findNonce(document) {
  const meta = document.querySelector(`meta[name="${CSP_NONCE_META}"]`);
  const fromMeta = meta?.getAttribute("content");
  if (fromMeta) return fromMeta;
  const script = /** @type {HTMLScriptElement | null} */ (document.querySelector("script[nonce]"));
  return script ? script.nonce || script.getAttribute("nonce") || "" : "";
}

/**
 * Take the classic scripts out of freshly inserted nodes and return their code in document
 * order. The browser never runs scripts inserted as HTML text, so nothing ran yet.
 * @param {Node[]} nodes
 * @returns {string[]}
 */
export function takeScripts(nodes) {
  /** @type {string[]} */
  const code = [];
  for (const node of nodes) {
    if (node.nodeType !== 1) continue;
    const element = /** @type {Element} */ (node);
    /** @type {Element[]} */
    const scripts = Array.from(element.querySelectorAll("script"));
    if (element.tagName === "SCRIPT") scripts.unshift(element);
    for (const script of scripts) {
      if (!isClassicScript(script)) continue;
      code.push(script.textContent ?? "");
      script.remove();
    }
  }
  return code;
}

/**
 * @param {Object} deps
 * @param {Document} deps.document
 * @param {boolean | "nonce"} deps.mode  webSocketConfig.scripts.
 * @param {Diagnostics} deps.diagnostics
 */
export function createScriptRunner({ document, mode, diagnostics }) {
  return {
    /**
     * Run `code` with `el` and `this` bound to `element`. Errors are reported, not thrown.
     * @param {string} code
     * @param {Element | null} element
     * @param {"script" | "html"} [source]  The `script` key, or a `<script>` inside html.
     */
    run(code, element, source = "script") {
      if (mode === false) {
        diagnostics.debug("server script skipped: webSocketConfig.scripts is false");
        return;
      }
      const nonce = findNonce(document);
      if (source === "html" && nonce) {
        diagnostics.error(
          "script in server HTML not run: the page has a CSP nonce, which only the script key gets",
          { code },
        );
        return;
      }
      if (mode === "nonce" && !nonce) {
        diagnostics.error("server script not run: no CSP nonce found on the page");
        return;
      }
      const script = document.createElement("script");
      if (nonce) script.nonce = nonce;
      script.text = wrapScript(code);
      script.__liveviewEl = element;
      // An inline script runs during insertion, synchronously.
      (document.head ?? document.documentElement).appendChild(script);
      script.remove();
      if (!script.__liveviewRan) {
        diagnostics.error("server script did not run: syntax error or blocked by the CSP", {
          code,
        });
      } else if (script.__liveviewError !== undefined) {
        diagnostics.error("server script failed", { code, error: String(script.__liveviewError) });
      }
    },
  };
}
