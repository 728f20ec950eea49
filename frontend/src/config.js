// Reading window.webSocketConfig and the page into the settings the client runs with.

import { DEFAULT_CONFIG } from "./constants.js";

/** @typedef {import("./constants.js").Config} Config */

/**
 * @param {unknown} value
 * @param {number} min
 * @returns {value is number}
 */
function isNumberAtLeast(value, min) {
  return typeof value === "number" && !Number.isNaN(value) && value >= min;
}

/**
 * @param {string} name
 * @param {unknown} value
 * @param {number} min
 * @param {boolean} allowInfinity
 * @param {string[]} problems
 */
function pickNumber(name, value, min, allowInfinity, problems) {
  const fallback = /** @type {number} */ (DEFAULT_CONFIG[/** @type {keyof Config} */ (name)]);
  if (value === undefined || value === null) return fallback;
  if (isNumberAtLeast(value, min) && (allowInfinity || Number.isFinite(value))) return value;
  problems.push(`webSocketConfig.${name} must be a number >= ${min}, got ${String(value)}`);
  return fallback;
}

/**
 * @param {string} name
 * @param {unknown} value
 * @param {string[]} problems
 * @returns {string | null}
 */
function pickOptionalString(name, value, problems) {
  if (value === undefined || value === null || value === "") return null;
  if (typeof value === "string") return value;
  problems.push(`webSocketConfig.${name} must be a string, got ${typeof value}`);
  return null;
}

/**
 * "/ws/liveview" and "ws/liveview/" both become "/ws/liveview/".
 * @param {string} path
 */
export function normalizePath(path) {
  let result = path.startsWith("/") ? path : `/${path}`;
  if (!result.endsWith("/")) result += "/";
  return result;
}

/**
 * "wss", "wss:" and "wss://" all become "wss".
 * @param {string} protocol
 */
export function normalizeProtocol(protocol) {
  return protocol.replace(/:(\/\/)?$/, "").toLowerCase();
}

/**
 * Merge the user's window.webSocketConfig over the defaults. Invalid values fall back to the
 * default and are listed in `problems`, so a typo is reported instead of silently ignored.
 * @param {unknown} raw
 * @returns {{config: Config, problems: string[]}}
 */
export function normalizeConfig(raw) {
  /** @type {string[]} */
  const problems = [];
  /** @type {Record<string, unknown>} */
  let source = {};
  if (raw !== undefined && raw !== null) {
    if (typeof raw === "object") source = /** @type {Record<string, unknown>} */ (raw);
    else problems.push("webSocketConfig must be an object");
  }
  /** @param {string} key */
  const own = (key) => (Object.prototype.hasOwnProperty.call(source, key) ? source[key] : undefined);

  const protocol = pickOptionalString("protocol", own("protocol"), problems);
  const path = pickOptionalString("path", own("path"), problems);
  const scripts = own("scripts");
  /** @type {Config["scripts"]} */
  let scriptsMode = DEFAULT_CONFIG.scripts;
  if (scripts === true || scripts === false || scripts === "nonce") scriptsMode = scripts;
  else if (scripts !== undefined) {
    problems.push(`webSocketConfig.scripts must be true, false or "nonce", got ${String(scripts)}`);
  }
  const debug = own("debug");
  const multiplier = pickNumber("reconnectMultiplier", own("reconnectMultiplier"), 1, false, problems);
  const jitter = pickNumber("jitter", own("jitter"), 0, false, problems);
  const persist = own("persistFunctions");
  /** @type {string[]} */
  let persistFunctions = [];
  if (Array.isArray(persist) && persist.every((name) => typeof name === "string")) {
    persistFunctions = [...persist];
  } else if (persist !== undefined && persist !== null) {
    problems.push("webSocketConfig.persistFunctions must be an array of function names");
  }
  if (jitter > 1) problems.push(`webSocketConfig.jitter must be between 0 and 1, got ${jitter}`);

  return {
    config: {
      host: pickOptionalString("host", own("host"), problems),
      protocol: protocol === null ? null : normalizeProtocol(protocol),
      path: path === null ? DEFAULT_CONFIG.path : normalizePath(path),
      reconnectDelay: pickNumber("reconnectDelay", own("reconnectDelay"), 0, false, problems),
      reconnectMultiplier: multiplier,
      reconnectMaxDelay: pickNumber("reconnectMaxDelay", own("reconnectMaxDelay"), 0, false, problems),
      maxReconnectAttempts: pickNumber(
        "maxReconnectAttempts",
        own("maxReconnectAttempts"),
        0,
        true,
        problems,
      ),
      jitter: jitter > 1 ? DEFAULT_CONFIG.jitter : jitter,
      queueMaxSize: Math.floor(pickNumber("queueMaxSize", own("queueMaxSize"), 0, false, problems)),
      queueMaxAge: pickNumber("queueMaxAge", own("queueMaxAge"), 0, true, problems),
      debug: debug === true,
      scripts: scriptsMode,
      ackTimeout: pickNumber("ackTimeout", own("ackTimeout"), 0, true, problems),
      persistFunctions,
      maxMessageSize: pickNumber("maxMessageSize", own("maxMessageSize"), 1, true, problems),
    },
    problems,
  };
}

/**
 * `{protocol}://{host}{path}{room}/`, with protocol and host taken from the page when unset.
 * @param {Config} config
 * @param {{protocol: string, host: string}} location
 * @param {string} room
 */
export function buildSocketUrl(config, location, room) {
  const protocol = config.protocol ?? (location.protocol === "https:" ? "wss" : "ws");
  const host = config.host ?? location.host;
  return `${protocol}://${host}${config.path}${encodeURIComponent(room)}/`;
}

/**
 * A random version 4 UUID. crypto.randomUUID exists only in secure contexts, so plain http
 * pages on a LAN address build one from getRandomValues.
 * @param {Pick<Crypto, "getRandomValues"> & {randomUUID?: () => string}} [crypto]
 */
export function randomUuid(crypto = globalThis.crypto) {
  if (typeof crypto?.randomUUID === "function") return crypto.randomUUID();
  const bytes = new Uint8Array(16);
  if (typeof crypto?.getRandomValues === "function") crypto.getRandomValues(bytes);
  else for (let i = 0; i < 16; i += 1) bytes[i] = Math.floor(Math.random() * 256);
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
