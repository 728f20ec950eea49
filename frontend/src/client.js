// Builds the client from its parts and connects them to a page. Everything the client needs
// from the browser (window, document, WebSocket class, storage) comes in as arguments.

import { createFocusBinding } from "./bindings/focus.js";
import { createInitBinding } from "./bindings/init.js";
import { createIntersectBinding } from "./bindings/intersect.js";
import { createKeyboardBinding } from "./bindings/keyboard.js";
import { createBindingObserver } from "./bindings/observer.js";
import { createRateLimiter, parseDelay } from "./bindings/rate_limit.js";
import { buildSocketUrl, randomUuid } from "./config.js";
import { ATTR, EVENT, NO_CONNECTION } from "./constants.js";
import { findFields, encodeFields } from "./form_values.js";
import { createHistory } from "./history.js";
import { createIntents } from "./intents.js";
import { createLoading } from "./loading.js";
import { buildMessage, collectCustomData, createRefSequence, parseServerMessage } from "./protocol.js";
import { createRenderer, runCleanups } from "./render.js";
import { createScriptRunner } from "./scripts.js";
import { createSendQueue, createSocket } from "./socket.js";
import { createSnapshotStore } from "./snapshot_store.js";

/** @typedef {import("./constants.js").Config} Config */
/** @typedef {import("./diagnostics.js").Diagnostics} Diagnostics */
/** @typedef {import("./socket.js").SocketLike} SocketLike */
/** @typedef {import("./protocol.js").ClientMessage} ClientMessage */
/** @typedef {Window & typeof globalThis} BrowserWindow */

/**
 * @typedef {Object} Client
 * @property {() => void} start  Connect and bind the page; call once the DOM is parsed.
 * @property {(element: Element) => void} run  What `page#run` does for its element.
 * @property {(element: Element, functionName: string) => void} trigger  Send `functionName`
 *   with the element's form values and data-data-*, honouring its debounce/throttle.
 * @property {string} room
 * @property {string} url  The WebSocket URL.
 */

/**
 * @param {Object} deps
 * @param {BrowserWindow} deps.window
 * @param {Document} deps.document
 * @param {Config} deps.config
 * @param {Diagnostics} deps.diagnostics
 * @param {import("./socket.js").SocketConstructor} deps.WebSocket
 * @param {import("./snapshot_store.js").StorageLike | null} deps.storage
 * @param {(socket: SocketLike) => void} [deps.onSocket]
 * @returns {Client}
 */
export function createClient({ window, document, config, diagnostics, WebSocket, storage, onSocket }) {
  const room = document.documentElement.getAttribute(ATTR.room) || randomUuid(window.crypto);
  const url = buildSocketUrl(config, window.location, room);
  const nextRef = createRefSequence(randomUuid(window.crypto).slice(0, 8));
  const limiter = createRateLimiter({ timers: window });

  /** @param {boolean} connected */
  function showConnection(connected) {
    const banner = document.getElementById(NO_CONNECTION.id);
    if (!banner) return;
    banner.classList.toggle(NO_CONNECTION.show, !connected);
    banner.classList.toggle(NO_CONNECTION.hide, connected);
  }

  const store = createSnapshotStore({
    storage,
    onFallback: (reason) => diagnostics.debug("snapshots kept in memory:", reason),
  });
  /** @param {Element} element */
  const cleanup = (element) => runCleanups(element, diagnostics.error);
  const history = createHistory({ window, document, store, diagnostics, cleanup });
  const scripts = createScriptRunner({ document, mode: config.scripts, diagnostics });
  const renderer = createRenderer({
    window,
    document,
    diagnostics,
    scripts,
    history,
    rearm: (elements) => bindings.rearm(elements),
  });
  const loading = createLoading({ document, diagnostics, timers: window, ackTimeout: config.ackTimeout });

  /**
   * Messages that will never be sent (or re-sent): forget them and end their loading state.
   * @param {"size" | "age"} reason
   * @param {ClientMessage[]} messages
   */
  function dropped(reason, messages) {
    for (const message of messages) {
      intents.settle(message.ref);
      loading.end(message.ref, "dropped");
    }
    diagnostics.emit(EVENT.queueDropped, { reason, count: messages.length, messages });
  }

  const intents = createIntents({
    storage,
    now: Date.now,
    maxAge: config.queueMaxAge,
    onExpired: (messages) => dropped("age", messages),
    onStorageError: (reason) => diagnostics.debug("persistent messages kept in memory:", reason),
  });
  const queue = createSendQueue({
    maxSize: config.queueMaxSize,
    maxAge: config.queueMaxAge,
    now: Date.now,
    onDrop: (reason, messages) => dropped(reason, /** @type {ClientMessage[]} */ (messages)),
  });
  const socket = createSocket({
    url,
    WebSocket,
    config,
    queue,
    diagnostics,
    timers: window,
    onSocket,
    onConnectionChange: (connected) => showConnection(connected && window.navigator.onLine !== false),
    replays: () => intents.replays(),
    onSent(message) {
      const { ref } = /** @type {ClientMessage} */ (message);
      intents.sent(ref);
      loading.sent(ref);
    },
    onMessage(data, frame) {
      const parsed = parseServerMessage(data);
      if (!parsed.ok) {
        diagnostics.error(`bad message from the server: ${parsed.error}`, { data });
        return;
      }
      const { message } = parsed;
      if (message.url !== undefined) loading.navigation();
      renderer.apply(message, frame);
      if (message.ack !== undefined) {
        intents.settle(message.ack);
        loading.end(message.ack, message.duplicate ? "duplicate" : "ack");
      } else loading.refresh();
    },
  });

  /**
   * @param {Element} element
   * @param {string} functionName
   */
  function send(element, functionName) {
    const { fields, formId, missing } = findFields(element, document);
    if (missing) diagnostics.error(`no element with id "${formId}" for ${ATTR.formId}`, { element });
    const message = buildMessage({
      functionName,
      form: encodeFields(fields),
      data: collectCustomData(/** @type {HTMLElement} */ (element).dataset ?? {}),
      lang: document.documentElement.lang,
      room,
      formId,
      ref: nextRef(),
    });
    const persist =
      element.getAttribute(ATTR.persist) === "true" || config.persistFunctions.includes(functionName);
    intents.track(message, persist);
    loading.start(message, element);
    if (!socket.send(message)) {
      intents.settle(message.ref);
      loading.end(message.ref, "dropped");
    }
  }

  /** @type {Client["trigger"]} */
  function trigger(element, functionName) {
    const limits = {
      debounce: parseDelay(element.getAttribute(ATTR.debounce)),
      throttle: parseDelay(element.getAttribute(ATTR.throttle)),
    };
    limiter.call(element, functionName, limits, () => send(element, functionName));
  }

  const bindings = createBindingObserver({
    MutationObserver: window.MutationObserver,
    reportError: diagnostics.error,
    bindings: [
      createKeyboardBinding({ document, trigger, reportError: diagnostics.error }),
      createInitBinding({ trigger }),
      createIntersectBinding({
        trigger,
        IntersectionObserver: window.IntersectionObserver,
        debug: diagnostics.debug,
      }),
      createFocusBinding(),
    ],
  });

  return {
    room,
    url,
    start() {
      history.start();
      // A previous page of this tab left persistent messages unacknowledged: they are re-sent
      // (flagged replay) as soon as the socket opens, before anything this page sends.
      for (const message of intents.restore()) loading.start(message, null);
      socket.connect();
      window.addEventListener("offline", () => showConnection(false));
      window.addEventListener("online", () => {
        if (socket.isOpen()) showConnection(true);
        else socket.reconnectNow();
      });
      document.addEventListener("visibilitychange", () => {
        if (document.visibilityState === "visible") socket.rearm();
      });
      // Back from the back/forward cache: timers were frozen, the socket is likely gone.
      window.addEventListener("pageshow", (event) => {
        if (event.persisted) socket.reconnectNow();
      });
      bindings.start(document.body ?? document.documentElement);
    },
    run(element) {
      const functionName = element.getAttribute(ATTR.function);
      if (!functionName) {
        diagnostics.error(`${ATTR.function} is missing; nothing sent`, { element });
        return;
      }
      socket.rearm();
      trigger(element, functionName);
    },
    trigger,
  };
}
