// File uploads as the page sees them, in the main script: it notices file inputs and drop zones
// and loads the upload part (uploads.js, a separate file) the first time a page needs it. Pages
// without file inputs never fetch it.

import { onDemand } from "./chunks.js";
import { UPLOAD_DROP_ATTR, UPLOAD_MODE_ATTR, UPLOAD_SELECTOR } from "./constants.js";

/** @typedef {ReturnType<typeof import("./uploads.js").createUploads>} Uploads */

/**
 * A named, enabled file input (what uploads.js uploads).
 * @param {Element} element
 */
export function isFileInput(element) {
  const input = /** @type {HTMLInputElement} */ (element);
  return element.tagName === "INPUT" && input.type === "file" && Boolean(input.name) && !input.disabled;
}

/**
 * @param {Object} deps
 * @param {Document} deps.document
 * @param {() => Promise<Uploads>} deps.load  The upload part, made for this page.
 * @param {(message: string, detail?: Record<string, unknown>) => void} deps.reportError
 */
export function createUploadLoader({ document, load, reportError }) {
  const ready = onDemand(load, "file uploads are not available", reportError);

  /** @param {EventTarget | null} target */
  function dropZoneOf(target) {
    return target instanceof Element ? target.closest(`[${UPLOAD_DROP_ATTR}]`) : null;
  }

  return {
    /** The page has file inputs or drop zones now: the part is fetched ahead of their use. */
    preload() {
      if (document.querySelector(UPLOAD_SELECTOR)) ready();
    },
    /** @param {Iterable<object>} fields @returns {HTMLInputElement[]} */
    inputsIn(fields) {
      return /** @type {HTMLInputElement[]} */ (Array.from(fields).filter((f) => isFileInput(/** @type {Element} */ (f))));
    },
    /**
     * @param {HTMLInputElement[]} inputs
     * @param {string} functionName
     * @returns {Promise<Record<string, string[]> | null>}
     */
    async prepare(inputs, functionName) {
      const loaded = await ready();
      return loaded ? loaded.prepare(inputs, functionName) : null;
    },
    /** @param {string} ref @param {HTMLInputElement[]} inputs */
    handOver(ref, inputs) {
      ready.made?.handOver(ref, inputs);
    },
    /** @param {string} ref */
    settled(ref) {
      ready.made?.settled(ref);
    },
    /** @param {unknown} data */
    onMessage(data) {
      if (ready.made) return ready.made.onMessage(data);
      // No upload was ever started on this page: a stray upload reply has nothing to feed.
      return typeof data === "string" && data.startsWith('{"upload"');
    },
    resume() {
      ready.made?.resume();
    },
    /**
     * Auto uploads (`data-liveview-upload="auto"`) and drop zones (`data-liveview-upload-drop`),
     * by delegation, so elements inserted later work too.
     * @param {Document} root
     */
    bind(root) {
      root.addEventListener("change", (event) => {
        const input = /** @type {HTMLInputElement} */ (event.target);
        if (!(input instanceof Element) || !isFileInput(input)) return;
        if (input.getAttribute(UPLOAD_MODE_ATTR) !== "auto") return;
        ready().then((loaded) => loaded?.autoUpload(input));
      });
      root.addEventListener("dragover", (event) => {
        if (dropZoneOf(event.target)) event.preventDefault();
      });
      root.addEventListener("drop", (event) => {
        const zone = dropZoneOf(event.target);
        const files = event.dataTransfer?.files;
        if (!zone || !files || files.length === 0) return;
        event.preventDefault();
        ready().then((loaded) => loaded?.drop(zone, files));
      });
    },
  };
}
