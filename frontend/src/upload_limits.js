// What a file input accepts, as the page says (`{% liveview_upload %}` renders the handler's
// declaration into the input) or by the server's defaults: checked before anything is sent, as
// the server checks it again (liveview/uploads.py) before keeping a byte.

import { UPLOAD } from "./constants.js";

/**
 * @typedef {Object} UploadLimits
 * @property {number} maxSize
 * @property {number} maxFiles
 * @property {string} accept
 */

/**
 * The limits the page gives an input (rendered by `{% liveview_upload %}`), else the defaults.
 * @param {Element} input
 * @returns {UploadLimits}
 */
export function limitsOf(input) {
  const number = (/** @type {string} */ name, /** @type {number} */ fallback) => {
    const value = Number.parseInt(input.getAttribute(name) ?? "", 10);
    return Number.isFinite(value) && value > 0 ? value : fallback;
  };
  return {
    maxSize: number(UPLOAD.maxSizeAttr, UPLOAD.maxSize),
    maxFiles: number(UPLOAD.maxFilesAttr, UPLOAD.maxFiles),
    accept: input.getAttribute("accept") ?? "",
  };
}

/**
 * Whether `accept` (as the HTML attribute) lets a file of this name and type in: an extension
 * token matches the name's extension, a MIME token (`image/*` too) the type. The server checks
 * the same, and the content of images besides.
 * @param {string} accept
 * @param {string} name
 * @param {string} type
 */
export function accepts(accept, name, type) {
  const tokens = accept
    .split(",")
    .map((token) => token.trim().toLowerCase())
    .filter(Boolean);
  if (tokens.length === 0) return true;
  const dot = name.lastIndexOf(".");
  const extension = dot >= 0 ? name.slice(dot).toLowerCase() : "";
  const mime = type.toLowerCase();
  return tokens.some((token) => {
    if (token.startsWith(".")) return token === extension;
    if (token.endsWith("/*")) return mime.startsWith(token.slice(0, -1));
    return token === mime;
  });
}

/**
 * Why a choice of files breaks an input's limits, or null.
 * @param {ArrayLike<{name: string, size: number, type: string}>} files
 * @param {UploadLimits} limits
 * @returns {{reason: string, message: string, file?: string} | null}
 */
export function limitProblem(files, limits) {
  if (files.length > limits.maxFiles) {
    return { reason: "too-many", message: `too many files: the limit is ${limits.maxFiles}` };
  }
  for (const file of Array.from(files)) {
    if (file.size > limits.maxSize) {
      return {
        reason: "too-large",
        message: `file too large: ${file.size} bytes, the limit is ${limits.maxSize}`,
        file: file.name,
      };
    }
    if (!accepts(limits.accept, file.name, file.type)) {
      return { reason: "type", message: `file type not accepted (accepted: ${limits.accept})`, file: file.name };
    }
  }
  return null;
}
