// Attribute names, event names and defaults shared by the client modules. Each file built from
// them (build.mjs) keeps only what its modules use: the objects are marked pure, and numbers are
// literals (65_536, not 64 * 1024), which esbuild would otherwise keep even where unused.

/** Version of the Python package, injected by build.mjs; "dev" when run unbundled (tests). */
export const VERSION =
  typeof __LIVEVIEW_VERSION__ === "string" ? __LIVEVIEW_VERSION__ : "dev";

export const ATTR = /* @__PURE__ */ Object.freeze({
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
  build: "data-liveview-build",
});

/** Every event the client dispatches on `document`; names are `liveview:<value>`. */
export const EVENT = /* @__PURE__ */ Object.freeze({
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
  resync: "liveview:resync",
});

/** Classes the client toggles while messages are in flight. */
export const LOADING = /* @__PURE__ */ Object.freeze({
  element: "liveview-loading",
  page: "liveview-page-loading",
});

/**
 * Close codes the server sends (liveview/consumers.py), and what the client does about them.
 * TOO_BIG: a frame over MAX_MESSAGE_SIZE; the message is dropped, never replayed.
 * REVOKED: the user logged out over HTTP; reconnect as whoever the cookie says now, dropping
 * what the previous user left in the tab. ROOM_REFUSED: a room not issued to this session
 * (only with REQUIRE_SIGNED_ROOMS); fetch the page again for a fresh room. RATE_LIMITED and
 * SLOW_READER: reconnect with the usual backoff.
 */
export const CLOSE = /* @__PURE__ */ Object.freeze({
  tooBig: 1009,
  revoked: 4401,
  roomRefused: 4403,
  rateLimited: 4429,
  slowReader: 4008,
});

/**
 * The server's default LIVEVIEW["MAX_MESSAGE_SIZE"] (liveview/conf.py), in characters: a
 * message longer than this is refused by the client before it is sent.
 */
export const MAX_MESSAGE_SIZE = 65_536; // 64 KiB

/**
 * File uploads (uploads.js; liveview/uploads.py and conf.py on the server). maxSize and maxFiles
 * are the server's defaults (LIVEVIEW["UPLOAD_MAX_FILE_SIZE"], ["UPLOAD_MAX_FILES"]), used when
 * the page renders no limits for an input.
 */
/** What the main script needs of UPLOAD (upload_loader.js), so it carries no more of it. */
export const UPLOAD_MODE_ATTR = "data-liveview-upload";
export const UPLOAD_DROP_ATTR = "data-liveview-upload-drop";
/** Elements that make a page fetch the upload part. */
export const UPLOAD_SELECTOR = `input[type="file"], [${UPLOAD_DROP_ATTR}]`;

export const UPLOAD = /* @__PURE__ */ Object.freeze({
  chunkSize: 65_536, // 64 KiB
  headerSize: 24,
  maxSize: 10_485_760, // 10 MiB
  maxFiles: 10,
  modeAttr: UPLOAD_MODE_ATTR,
  dropAttr: UPLOAD_DROP_ATTR,
  progressAttr: "data-liveview-upload-progress",
  percentAttr: "data-liveview-upload-percent",
  functionAttr: "data-liveview-upload-function",
  maxSizeAttr: "data-liveview-upload-max-size",
  maxFilesAttr: "data-liveview-upload-max-files",
  loadingClass: "liveview-loading",
  progressEvent: "liveview:upload-progress",
  doneEvent: "liveview:upload-done",
  errorEvent: "liveview:upload-error",
});

export const NO_CONNECTION = /* @__PURE__ */ Object.freeze({
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
 * @property {number} ackTimeout  Ms after which a message still not acknowledged stops showing
 *   as loading (0 or Infinity: never).
 * @property {string[]} persistFunctions  Functions whose unacknowledged messages are kept in
 *   sessionStorage and re-sent after a reload.
 * @property {number} maxMessageSize  Longest message (JSON characters) the server accepts;
 *   longer ones are refused here, never sent. Match LIVEVIEW["MAX_MESSAGE_SIZE"].
 */

/** @type {Readonly<Config>} */
export const DEFAULT_CONFIG = /* @__PURE__ */ Object.freeze({
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
  ackTimeout: 30000,
  persistFunctions: [],
  maxMessageSize: MAX_MESSAGE_SIZE,
});

export const SNAPSHOT_LIMIT = 50;

export const STORAGE_KEY = /* @__PURE__ */ Object.freeze({
  snapshot: "liveview:snapshot:",
  order: "liveview:snapshot-order",
  counter: "liveview:snapshot-counter",
  intents: "liveview:intents",
  identity: "liveview:identity",
  carry: "liveview:carry",
  staleReload: "liveview:stale-reload",
});

/** Live navigation (navigate.js): how long a prefetched page may be used, hover delay. */
export const NAVIGATION = /* @__PURE__ */ Object.freeze({
  prefetchTtl: 10_000,
  hoverDelay: 60,
  announcerId: "liveview-announcer",
  navigatingClass: "liveview-navigating",
  /** `<meta name="liveview-navigate" content="reload">`: this page is always loaded in full. */
  meta: "liveview-navigate",
});

/**
 * How long the server remembers a finished ref (liveview/intents.py WINDOW). A message sent
 * longer ago than this is never re-sent: the server could no longer tell it already ran.
 */
export const REPLAY_WINDOW = 600_000; // 10 minutes
