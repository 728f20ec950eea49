// Parts of the client that only some pages need (the full Stimulus, file uploads) are separate
// files next to liveview.min.js, fetched the first time a page needs them. Each is a classic
// script that puts its exports in `window.liveviewChunks[name]`; it is loaded from the same
// directory as the main script, with the same variant (`.min.js` or `.js`), the client's
// version as cache buster, and the main script's CSP nonce.

/** Where a loaded part leaves its exports. */
export const REGISTRY = "liveviewChunks";

/**
 * The URL of part `name`, next to the main script at `src`.
 * @param {string} src  The main script's URL.
 * @param {string} name
 * @param {string} version
 */
export function chunkUrl(src, name, version) {
  const url = new URL(src);
  const minified = /\.min(?:\.[0-9a-f]+)?\.js$/.test(url.pathname);
  const file = `liveview-${name}${minified ? ".min.js" : ".js"}`;
  return new URL(`${file}?v=${encodeURIComponent(version)}`, url).href;
}

/**
 * Register a part's exports (called by the part itself).
 * @param {Record<string, any>} scope  window
 * @param {string} name
 * @param {Record<string, unknown>} exports
 */
export function definePart(scope, name, exports) {
  (scope[REGISTRY] ??= {})[name] = exports;
}

/**
 * @param {Object} deps
 * @param {Window & Record<string, any>} deps.window
 * @param {Document} deps.document
 * @param {string} deps.src  The main script's URL.
 * @param {string} deps.nonce  Its CSP nonce ("" if none).
 * @param {string} deps.version
 * @returns {(name: string) => Promise<Record<string, any>>}
 */
export function createChunkLoader({ window, document, src, nonce, version }) {
  /** @type {Map<string, Promise<Record<string, any>>>} */
  const loads = new Map();
  return function load(name) {
    const known = loads.get(name) ?? (window[REGISTRY]?.[name] ? Promise.resolve(window[REGISTRY][name]) : null);
    if (known) return known;
    const promise = new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = chunkUrl(src, name, version);
      if (nonce) script.nonce = nonce;
      script.onload = () => {
        const exports = window[REGISTRY]?.[name];
        if (exports) resolve(exports);
        else reject(new Error(`${script.src} defined nothing`));
      };
      script.onerror = () => {
        loads.delete(name); // a later need tries again
        reject(new Error(`could not load ${script.src}`));
      };
      document.head.append(script);
    });
    loads.set(name, promise);
    return promise;
  };
}

/**
 * What a part makes for the page, loaded once, when first asked for: each call returns the same
 * promise, of null if it could not be loaded (`failure` is reported, and the next call tries
 * again). `made` is set to it once it is there, for callers that must not wait.
 * @template T
 * @param {() => Promise<T>} make  Loads the part and makes what the page needs of it.
 * @param {string} failure
 * @param {(message: string, detail?: Record<string, unknown>) => void} reportError
 * @returns {{(): Promise<T | null>, made?: T}}
 */
export function onDemand(make, failure, reportError) {
  /** @type {Promise<T | null> | null} */
  let promise = null;
  /** @type {{(): Promise<T | null>, made?: T}} */
  const ready = () =>
    (promise ??= make().then(
      (made) => (ready.made = made),
      (error) => {
        promise = null;
        reportError(failure, { error: String(error) });
        return null;
      },
    ));
  return ready;
}
