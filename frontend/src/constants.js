// Attribute names, event names and defaults shared by the client modules.

/** Version of the Python package, injected by build.mjs; "dev" when run unbundled (tests). */
export const VERSION =
  typeof __LIVEVIEW_VERSION__ === "string" ? __LIVEVIEW_VERSION__ : "dev";

export const ATTR = Object.freeze({
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
  room: "data-room",
});

/** Every event the client dispatches on `document`; names are `liveview:<value>`. */
export const EVENT = Object.freeze({
  connecting: "liveview:connecting",
  connected: "liveview:connected",
  disconnected: "liveview:disconnected",
  sent: "liveview:sent",
  message: "liveview:message",
  ack: "liveview:ack",
  queued: "liveview:queued",
  queueDropped: "liveview:queue-dropped",
  historyRestored: "liveview:history-restored",
  error: "liveview:error",
});

export const NO_CONNECTION = Object.freeze({
  id: "no-connection",
  show: "no-connection--show",
  hide: "no-connection--hide",
});

export const CSP_NONCE_META = "liveview-csp-nonce";

export const DEFAULT_PATH = "/ws/liveview/";

/**
 * @typedef {Object} Config
 * @property {string | null} host  Host (and port) of the WebSocket; null: `location.host`.
 * @property {string | null} protocol  "ws" or "wss"; null: "wss" on https pages, else "ws".
 * @property {string} path  Prefix before the room, with leading and trailing slash.
 * @property {number} reconnectDelay  First reconnection delay in ms.
 * @property {number} reconnectMultiplier  Factor applied to the delay after each failed attempt.
 * @property {number} reconnectMaxDelay  Upper bound of a delay in ms.
 * @property {number} maxReconnectAttempts  Attempts after a drop before giving up (Infinity allowed).
 * @property {number} jitter  Fraction (0..1) by which a delay is randomly moved up or down.
 * @property {number} queueMaxSize  Messages kept while disconnected; the oldest are dropped beyond.
 * @property {number} queueMaxAge  Age in ms after which a queued message is dropped.
 * @property {boolean} debug  Log lifecycle steps to the console.
 * @property {boolean | "nonce"} scripts  Run server scripts; "nonce": only with a CSP nonce.
 */

/** @type {Readonly<Config>} */
export const DEFAULT_CONFIG = Object.freeze({
  host: null,
  protocol: null,
  path: DEFAULT_PATH,
  reconnectDelay: 3000,
  reconnectMultiplier: 1.5,
  reconnectMaxDelay: 30000,
  maxReconnectAttempts: 5,
  jitter: 0.2,
  queueMaxSize: 100,
  queueMaxAge: 60000,
  debug: false,
  scripts: true,
});

export const SNAPSHOT_LIMIT = 50;

export const STORAGE_KEY = Object.freeze({
  snapshot: "liveview:snapshot:",
  order: "liveview:snapshot-order",
  counter: "liveview:snapshot-counter",
});
