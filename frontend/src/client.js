// Builds the client from its parts and connects them to a page. Everything the client needs
// from the browser (window, document, WebSocket class, storage) comes in as arguments.

import { createFocusBinding } from "./bindings/focus.js";
import { createInitBinding } from "./bindings/init.js";
import { createLazyBinding } from "./bindings/lazy.js";
import { createBindingObserver } from "./bindings/observer.js";
import { createRateLimiter, parseDelay } from "./bindings/rate_limit.js";
import { buildSocketUrl, randomUuid } from "./config.js";
import { ATTR, CLOSE, EVENT, NO_CONNECTION, UPLOAD_SELECTOR } from "./constants.js";
import { findFields, encodeFields } from "./form_values.js";
import { createHistory } from "./history.js";
import { identityChanged, identityOf } from "./identity.js";
import { createIntents } from "./intents.js";
import { createLoading } from "./loading.js";
import { createNavigationLoader, NAVIGATE_SELECTOR } from "./navigation_loader.js";
import { buildMessage, collectCustomData, createRefSequence, parseServerMessage } from "./protocol.js";
import { createRenderer, runCleanups } from "./render.js";
import { createResume } from "./resume.js";
import { createScriptRunner } from "./scripts.js";
import { createSendQueue, createSocket } from "./socket.js";
import { createStaleLoader } from "./stale_loader.js";
import { createUploadLoader } from "./upload_loader.js";

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
 * @property {() => void} disconnect  Drop the connection and stay disconnected (what is sent
 *   meanwhile is queued) until `connect()`: to try what a lost connection does to a page.
 * @property {() => void} connect  Connect again after `disconnect()`.
 * @property {string} room  The page's room (a fresh one after the server refused it).
 * @property {string} url  The WebSocket URL.
 */

/**
 * Length of a message on the wire, as the server counts it against MAX_MESSAGE_SIZE, with
 * the replay flag it may carry when re-sent. (JS counts UTF-16 units, Python code points:
 * the count here is never lower than the server's.)
 * @param {ClientMessage} message
 */
function wireSize(message) {
  return JSON.stringify({ ...message, replay: true }).length;
}

/**
 * @param {Object} deps
 * @param {BrowserWindow} deps.window
 * @param {Document} deps.document
 * @param {Config} deps.config
 * @param {Diagnostics} deps.diagnostics
 * @param {import("./socket.js").SocketConstructor} deps.WebSocket
 * @param {import("./snapshot_store.js").StorageLike | null} deps.storage
 * @param {(socket: SocketLike) => void} [deps.onSocket]
 * @param {(name: string) => Promise<Record<string, any>>} deps.loadPart  Fetches a part of the
 *   client that only some pages need (chunks.js).
 * @returns {Client}
 */
export function createClient({ window, document, config, diagnostics, WebSocket, storage, onSocket, loadPart }) {
  let room = document.documentElement.getAttribute(ATTR.room) || randomUuid(window.crypto);
  let identity = identityOf(document);
  /** Longest message sent; lowered when the server refuses a shorter one (its limit is lower). */
  let maxMessageSize = config.maxMessageSize;
  const nextRef = createRefSequence(randomUuid(window.crypto).slice(0, 8));
  const resume = createResume();
  const limiter = createRateLimiter({ timers: window });

  /** @param {boolean} connected */
  function showConnection(connected) {
    const banner = document.getElementById(NO_CONNECTION.id);
    if (!banner) return;
    banner.classList.toggle(NO_CONNECTION.show, !connected);
    banner.classList.toggle(NO_CONNECTION.hide, connected);
  }

  const history = createHistory({
    window,
    document,
    storage,
    diagnostics,
    load: (touched, query) =>
      loadPart("history").then(({ createSnapshotStore, createRestorer, isSnapshot }) => ({
        store: createSnapshotStore({
          storage,
          onFallback: (/** @type {string} */ reason) => diagnostics.debug("snapshots kept in memory:", reason),
        }),
        restore: createRestorer({
          window,
          document,
          touched,
          query,
          debug: diagnostics.debug,
          cleanup: (/** @type {Element} */ element) => runCleanups(element, diagnostics.error),
          swapRegion: (/** @type {Element} */ element, /** @type {string} */ html) =>
            navigation.restoreRegion(element, html),
        }),
        isSnapshot,
      })),
  });
  const scripts = createScriptRunner({ document, mode: config.scripts, diagnostics });
  const renderer = createRenderer({
    window,
    document,
    diagnostics,
    scripts,
    history: {
      touch: history.touch,
      push(url) {
        history.push(url);
        navigation.pathChanged();
      },
    },
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
  const stale = createStaleLoader({
    window,
    document,
    storage,
    reportError: diagnostics.error,
    load: () =>
      loadPart("stale").then(({ createStaleGuard }) =>
        createStaleGuard({ window, document, storage, diagnostics, inFlight: () => intents.size() }),
      ),
  });
  const navigation = createNavigationLoader({
    window,
    document,
    reportError: diagnostics.error,
    load: () =>
      loadPart("navigation").then(({ createNavigation }) =>
        createNavigation({
          window,
          document,
          diagnostics,
          history,
          cleanup: (/** @type {Element} */ root, /** @type {boolean} */ deep) => runCleanups(root, diagnostics.error, deep),
          rearm: (/** @type {Element[]} */ elements) => bindings.rearm(elements),
          sendPath: (/** @type {string} */ path) => socket.send({ navigate: path }),
          isStale: stale.isStale,
        }),
      ),
  });
  const queue = createSendQueue({
    maxSize: config.queueMaxSize,
    maxAge: config.queueMaxAge,
    now: Date.now,
    onDrop: (reason, messages) => dropped(reason, /** @type {ClientMessage[]} */ (messages)),
  });
  /**
   * The tab's stored state belongs to a user who is gone: drop the history snapshots and every
   * message not yet acknowledged (never replayed under someone else's session).
   */
  function forgetUser() {
    history.forget();
    /** @type {Map<string, ClientMessage>} */
    const messages = new Map();
    for (const message of [...intents.clear(), ...queue.drain()]) {
      messages.set(/** @type {ClientMessage} */ (message).ref, /** @type {ClientMessage} */ (message));
    }
    for (const ref of messages.keys()) loading.end(ref, "dropped");
    if (messages.size > 0) {
      diagnostics.emit(EVENT.queueDropped, {
        reason: "session",
        count: messages.size,
        messages: [...messages.values()],
      });
    }
  }

  /**
   * After a refused room (4403) or a revoked session (4401): a fresh room for whoever the
   * cookie says the user is now, and the URL to connect to with it.
   * @param {number} code
   * @returns {Promise<string | null>}
   */
  async function renew(code) {
    if (code === CLOSE.revoked) {
      forgetUser();
      diagnostics.emit(EVENT.sessionEnded, { code });
    }
    // The page is fetched by the stale part (it also does the reload that may follow); not
    // loadable, as unreachable as the page itself.
    const fresh = await loadPart("stale").then(
      ({ fetchPage }) => fetchPage(window, diagnostics.debug),
      (error) => {
        diagnostics.debug("could not fetch the page for a fresh room:", String(error));
        return null;
      },
    );
    if (fresh === null || fresh.room === null) {
      // The server answered, but with no room to be had: a credential this tab cannot
      // renew. A reload at the next safe moment shows the user what the server says now.
      if (fresh !== null) stale.reloadWhenSafe("credentials");
      // Logged out: the room may still be accepted (it is unless rooms must be issued).
      return code === CLOSE.revoked ? socket.url() : null;
    }
    if (fresh.identity !== null && fresh.identity !== identity) {
      identity = fresh.identity;
      if (identityChanged(storage, identity) && code !== CLOSE.revoked) forgetUser();
    }
    room = fresh.room;
    return buildSocketUrl(config, window.location, room);
  }

  /**
   * The server closed the socket over a frame longer than its limit (lower than ours): the
   * longest message written and not acknowledged is the one, or one that would be refused as
   * well. It is dropped, never replayed, and nothing that long is sent again.
   */
  function refusedTooBig() {
    let largest = null;
    let largestSize = 0;
    for (const message of intents.written()) {
      const size = wireSize(message);
      if (size > largestSize) [largest, largestSize] = [message, size];
    }
    if (largest === null) return;
    maxMessageSize = Math.min(maxMessageSize, largestSize - 1);
    intents.settle(largest.ref);
    loading.end(largest.ref, "refused");
    diagnostics.error("the server refused a message over its size limit; it is not sent again", {
      reason: "too-large",
      function: largest.function,
      ref: largest.ref,
      size: largestSize,
    });
  }

  const uploads = createUploadLoader({
    document,
    reportError: diagnostics.error,
    load: () =>
      loadPart("uploads").then(({ createUploads }) =>
        createUploads({
          document,
          diagnostics,
          sendNow: (/** @type {string} */ data) => socket.sendNow(data),
        }),
      ),
  });

  const socket = createSocket({
    url: buildSocketUrl(config, window.location, room),
    renew,
    query: stale.query,
    onClose(code) {
      if (code === CLOSE.tooBig) refusedTooBig();
    },
    WebSocket,
    config,
    queue,
    diagnostics,
    timers: window,
    onSocket,
    onConnectionChange(connected) {
      showConnection(connected && window.navigator.onLine !== false);
      if (connected) uploads.resume(); // before the replays, which may name these uploads
    },
    replays: () => intents.replays(),
    protocols: () => resume.protocols(),
    onSent(message) {
      const { ref } = /** @type {ClientMessage} */ (message);
      intents.sent(ref);
      loading.sent(ref);
    },
    onMessage(data, frame) {
      if (uploads.onMessage(data)) return;
      const parsed = parseServerMessage(data);
      if (!parsed.ok) {
        diagnostics.error(`bad message from the server: ${parsed.error}`, { data });
        return;
      }
      const { message } = parsed;
      if (message.build !== undefined) stale.serverBuild(message.build);
      if (message.seq !== undefined && !resume.fresh(message.seq)) {
        diagnostics.debug("group frame applied already, dropped:", message.seq);
        return;
      }
      if (message.resync !== undefined) {
        resynced(message.resync);
        return;
      }
      if (message.seq !== undefined && Object.keys(message).length === 1) {
        resume.applied(message.seq); // a group's position only: nothing to show the page
        return;
      }
      if (message.url !== undefined) loading.navigation();
      renderer.apply(message, frame);
      if (message.seq !== undefined) resume.applied(message.seq);
      if (message.ack !== undefined) {
        intents.settle(message.ack);
        uploads.settled(message.ack);
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
    const form = encodeFields(fields);
    const fileInputs = uploads.inputsIn(fields);
    const ref = nextRef();
    if (fileInputs.length === 0) {
      dispatch(element, functionName, form, formId, null, [], ref);
      return;
    }
    // The files go first, each acknowledged chunk by chunk; the call follows once all are in.
    // The element shows busy meanwhile (and disable-with keeps it from being clicked again).
    loading.start({ function: functionName, ref }, element);
    uploads.prepare(fileInputs, functionName).then((files) => {
      if (files) dispatch(element, functionName, form, formId, files, fileInputs, ref);
      else loading.end(ref, "dropped");
    });
  }

  /**
   * @param {Element} element
   * @param {string} functionName
   * @param {Record<string, unknown>} form
   * @param {string | null} formId
   * @param {Record<string, string[]> | null} files
   * @param {HTMLInputElement[]} fileInputs
   * @param {string} ref
   */
  function dispatch(element, functionName, form, formId, files, fileInputs, ref) {
    const message = buildMessage({
      functionName,
      form,
      data: collectCustomData(/** @type {HTMLElement} */ (element).dataset ?? {}),
      lang: document.documentElement.lang,
      room,
      formId,
      ref,
      files,
    });
    const size = wireSize(message);
    if (size > maxMessageSize) {
      // The server would close the socket over it; nothing is sent, nothing shows as loading.
      diagnostics.error(
        `message not sent: ${size} characters, over the limit of ${maxMessageSize}`,
        { reason: "too-large", function: functionName, size, limit: maxMessageSize, element },
        element,
      );
      loading.end(ref, "dropped"); // shown busy while its files uploaded
      return;
    }
    const persist =
      element.getAttribute(ATTR.persist) === "true" || config.persistFunctions.includes(functionName);
    intents.track(message, persist);
    if (files) uploads.handOver(message.ref, fileInputs);
    loading.start(message, element);
    if (!socket.send(message)) {
      intents.settle(message.ref);
      loading.end(message.ref, "dropped");
    }
  }

  /**
   * The server could not replay what this tab missed of some groups: `liveview:resync` (with
   * `detail.groups`, cancelable) and, unless a listener prevents it, every
   * `data-liveview-init` handler of the page runs again.
   * @param {Record<string, [string, number] | null>} groups
   */
  function resynced(groups) {
    const detail = { groups: resume.resynced(groups) };
    const event = new window.CustomEvent(EVENT.resync, { detail, bubbles: true, cancelable: true });
    if (!document.dispatchEvent(event)) return;
    for (const element of document.querySelectorAll(`[${ATTR.init}]`)) {
      const functionName = element.getAttribute(ATTR.init);
      if (functionName) trigger(element, functionName);
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
      createLazyBinding({
        selector: `[${ATTR.keyboardMap}]`,
        load: () =>
          loadPart("bindings").then(({ createKeyboardBinding }) =>
            createKeyboardBinding({ document, trigger, reportError: diagnostics.error }),
          ),
        reportError: diagnostics.error,
      }),
      createInitBinding({ trigger }),
      createLazyBinding({
        selector: `[${ATTR.intersectAppear}], [${ATTR.intersectDisappear}]`,
        load: () =>
          loadPart("bindings").then(({ createIntersectBinding }) =>
            createIntersectBinding({
              trigger,
              IntersectionObserver: window.IntersectionObserver,
              debug: diagnostics.debug,
            }),
          ),
        reportError: diagnostics.error,
      }),
      createFocusBinding(),
      { selector: UPLOAD_SELECTOR, bind: () => uploads.preload() },
      { selector: NAVIGATE_SELECTOR, bind: () => navigation.preload() },
    ],
  });

  return {
    get room() {
      return room;
    },
    get url() {
      return socket.url();
    },
    start() {
      // Stored state of another user (a logout and a login in this tab since) is dropped
      // before anything reads it.
      if (identityChanged(storage, identity)) forgetUser();
      history.start();
      stale.start();
      navigation.start();
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
      uploads.bind(document);
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
    disconnect: () => socket.hold(),
    connect: () => socket.release(),
  };
}
