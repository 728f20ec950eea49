// The wire format, mirroring the server's protocol.py: outbound messages are built here and
// inbound frames are parsed and checked here once; the rest of the client trusts the result.

import { parseResync, parseSeq } from "./resume.js";

/**
 * @typedef {Record<string, unknown>} FormValues
 *
 * @typedef {Object} ClientMessage
 * @property {string} function
 * @property {FormValues} form
 * @property {Record<string, string>} data
 * @property {string} lang
 * @property {string} room
 * @property {string} [formId]
 * @property {string} ref  Per-tab increasing reference, `<tab id>.<n>`; the server may ack it.
 * @property {boolean} [replay]  Re-sent after a reconnect or reload: the server runs it only if
 *   this ref never finished.
 * @property {Record<string, string[]>} [files]  File input name → ids of its finished uploads.
 *
 * @typedef {Object} ServerMessage  Only the keys the client understands, each type-checked.
 * @property {string} [target]
 * @property {string} [html]
 * @property {boolean} [append]
 * @property {boolean} [remove]
 * @property {string} [url]
 * @property {string} [title]
 * @property {string} [scroll]
 * @property {boolean} [scrollTop]
 * @property {string} [script]
 * @property {string} [event]
 * @property {unknown} [eventData]
 * @property {string} [error]
 * @property {string} [function]
 * @property {string} [ack]
 * @property {boolean} [duplicate]  With `ack`: the replayed ref had run already.
 * @property {boolean} [morph]  false: replace the target's content instead of morphing it.
 * @property {string} [build]  The server runs another build than the page's (stale.js).
 * @property {import("./resume.js").Seq} [seq]  The frame's number in its group's log.
 * @property {Record<string, [string, number] | null>} [resync]  Groups whose missed frames the
 *   server cannot replay, and where their logs stand now.
 */

/**
 * @param {Object} parts
 * @param {string} parts.functionName
 * @param {FormValues} parts.form
 * @param {Record<string, string>} parts.data
 * @param {string} parts.lang
 * @param {string} parts.room
 * @param {string | null} [parts.formId]
 * @param {string} parts.ref
 * @param {Record<string, string[]> | null} [parts.files]
 * @returns {ClientMessage}
 */
export function buildMessage({ functionName, form, data, lang, room, formId, ref, files }) {
  /** @type {ClientMessage} */
  const message = { function: functionName, form, data, lang, room, ref };
  if (formId) message.formId = formId;
  if (files) message.files = files;
  return message;
}

/**
 * The `data-data-*` attributes of an element, keyed as the dataset names them:
 * `data-data-comment-id="123"` gives `{dataCommentId: "123"}`. The server turns that into
 * `data_comment_id` and adds the documented `comment_id` alias.
 * @param {Record<string, string | undefined>} dataset  An element's DOMStringMap, or a plain object.
 * @returns {Record<string, string>}
 */
export function collectCustomData(dataset) {
  /** @type {[string, string][]} */
  const entries = [];
  for (const key of Object.keys(dataset)) {
    const value = dataset[key];
    if (/^data[A-Z]/.test(key) && typeof value === "string") entries.push([key, value]);
  }
  return Object.fromEntries(entries);
}

/**
 * Increasing per-tab references. Refs restart with each page load, so the tab id is drawn anew
 * each time too: a reload never repeats an earlier ref.
 * @param {string} tabId
 * @returns {() => string}
 */
export function createRefSequence(tabId) {
  let n = 0;
  return () => {
    n += 1;
    return `${tabId}.${n}`;
  };
}

/** @param {unknown} value */
const isString = (value) => typeof value === "string";

/** @param {unknown} value */
const isScalar = (value) => typeof value === "string" || typeof value === "number";

const STRING_KEYS = /** @type {const} */ ([
  "target",
  "url",
  "title",
  "scroll",
  "script",
  "event",
  "function",
  "build",
]);
const FLAG_KEYS = /** @type {const} */ (["append", "remove", "scrollTop", "duplicate", "morph"]);

/**
 * Parse one text frame. Only known keys are read, and only when they are own properties of a
 * plain object, so `__proto__` or `constructor` in a frame do nothing.
 * @param {unknown} text
 * @returns {{ok: true, message: ServerMessage} | {ok: false, error: string}}
 */
export function parseServerMessage(text) {
  if (typeof text !== "string") return { ok: false, error: "frame is not text" };
  /** @type {unknown} */
  let raw;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false, error: "frame is not valid JSON" };
  }
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
    return { ok: false, error: "frame is not a JSON object" };
  }
  const source = /** @type {Record<string, unknown>} */ (raw);
  /** @param {string} key */
  const own = (key) => (Object.prototype.hasOwnProperty.call(source, key) ? source[key] : undefined);

  /** @type {ServerMessage} */
  const message = {};
  for (const key of STRING_KEYS) {
    const value = own(key);
    if (value === undefined || value === null) continue;
    if (!isString(value)) return { ok: false, error: `"${key}" must be a string` };
    message[key] = /** @type {string} */ (value);
  }
  for (const key of FLAG_KEYS) {
    const value = own(key);
    if (value !== undefined && value !== null) message[key] = Boolean(value);
  }
  const html = own("html");
  if (html !== undefined && html !== null) {
    if (!isScalar(html)) return { ok: false, error: '"html" must be a string' };
    message.html = String(html);
  }
  const error = own("error");
  if (error !== undefined && error !== null) {
    message.error = typeof error === "string" ? error : JSON.stringify(error);
  }
  const ack = own("ack");
  if (ack !== undefined && ack !== null) {
    if (!isScalar(ack)) return { ok: false, error: '"ack" must be a string' };
    message.ack = String(ack);
  }
  if (Object.prototype.hasOwnProperty.call(source, "eventData")) message.eventData = source.eventData;
  const seq = own("seq");
  if (seq !== undefined && seq !== null) {
    message.seq = parseSeq(seq);
    if (message.seq === undefined) return { ok: false, error: '"seq" must be {group, epoch, n}' };
  }
  const resync = own("resync");
  if (resync !== undefined && resync !== null) {
    message.resync = parseResync(resync);
    if (message.resync === undefined) return { ok: false, error: '"resync" is malformed' };
  }
  return { ok: true, message };
}

// C0 controls, DEL and the C1 range: never part of a URL a server means to push.
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * The absolute form of `raw` if it points into the page's own origin over http(s), else null.
 * Refuses `javascript:`/`data:` URLs, `//host` and `\\host` forms, other origins and any
 * string with control characters (which browsers strip, hiding a scheme).
 * @param {unknown} raw
 * @param {string} base  The page's URL (location.href).
 * @returns {string | null}
 */
export function sameOriginUrl(raw, base) {
  if (typeof raw !== "string" || raw === "" || CONTROL_CHARACTERS.test(raw)) return null;
  if (raw.includes("\\")) return null;
  /** @type {URL} */
  let url;
  /** @type {URL} */
  let page;
  try {
    page = new URL(base);
    url = new URL(raw, page);
  } catch {
    return null;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return null;
  if (url.origin !== page.origin) return null;
  return url.href;
}
