// Reading window.webSocketConfig and the page into the settings the client runs with.

import { DEFAULT_CONFIG } from "./constants.js";

/** @typedef {import("./constants.js").Config} Config */

/**
 * The numeric settings: name, least value allowed, and whether Infinity is allowed.
 * @type {[keyof Config, number, boolean?][]}
 */
const NUMBERS = [
  ["reconnectDelay", 0],
  ["reconnectMultiplier", 1],
  ["reconnectMaxDelay", 0],
  ["maxReconnectAttempts", 0, true],
  ["jitter", 0],
  ["queueMaxSize", 0],
  ["queueMaxAge", 0, true],
  ["ackTimeout", 0, true],
  ["maxMessageSize", 1, true],
];

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
  /** @param {string} name @param {string} what @param {unknown} value */
  const problem = (name, what, value) => problems.push(`webSocketConfig.${name} must be ${what}, got ${value}`);
  /** @param {"host" | "protocol" | "path"} name */
  const optionalString = (name) => {
    const value = own(name);
    if (value === undefined || value === null || value === "") return null;
    if (typeof value === "string") return value;
    problem(name, "a string", typeof value);
    return null;
  };

  /** @type {Config} */
  const config = { ...DEFAULT_CONFIG, debug: own("debug") === true, persistFunctions: [] };
  for (const [name, min, infinite] of NUMBERS) {
    const value = own(name);
    if (value === undefined || value === null) continue;
    if (typeof value === "number" && value >= min && (infinite || Number.isFinite(value))) {
      /** @type {Record<string, unknown>} */ (config)[name] = value;
    }
    else problem(name, `a number >= ${min}`, String(value));
  }
  config.queueMaxSize = Math.floor(config.queueMaxSize);
  if (config.jitter > 1) {
    problem("jitter", "between 0 and 1", config.jitter);
    config.jitter = DEFAULT_CONFIG.jitter;
  }
  config.host = optionalString("host");
  const protocol = optionalString("protocol");
  if (protocol !== null) config.protocol = normalizeProtocol(protocol);
  const path = optionalString("path");
  if (path !== null) config.path = normalizePath(path);
  const scripts = own("scripts");
  if (scripts === true || scripts === false || scripts === "nonce") config.scripts = scripts;
  else if (scripts !== undefined) problem("scripts", 'true, false or "nonce"', String(scripts));
  const persist = own("persistFunctions");
  if (Array.isArray(persist) && persist.every((name) => typeof name === "string")) {
    config.persistFunctions = [...persist];
  } else if (persist !== undefined && persist !== null) {
    problems.push("webSocketConfig.persistFunctions must be an array of function names");
  }
  return { config, problems };
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
