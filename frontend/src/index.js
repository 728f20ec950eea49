// The entry point and the only module with side effects: reads window.webSocketConfig, builds
// the client, binds the `page` actions, and exposes window.Stimulus, window.myWebSocket and
// window.liveview (connect, disconnect).
// The full Stimulus is a separate part, loaded when the page has controllers of its own or
// when something asks for window.Stimulus.

import { Idiomorph } from "idiomorph";
import { createActions } from "./actions.js";
import { createChunkLoader, definePart } from "./chunks.js";
import { createClient } from "./client.js";
import { normalizeConfig } from "./config.js";
import { VERSION } from "./constants.js";
import { createDiagnostics } from "./diagnostics.js";
import { createStimulusHandle } from "./stimulus_handle.js";

/** @typedef {Window & typeof globalThis & {webSocketConfig?: unknown, myWebSocket?: unknown, liveview?: unknown}} LiveViewWindow */

const page = /** @type {LiveViewWindow} */ (window);
const { config, problems } = normalizeConfig(page.webSocketConfig);
const diagnostics = createDiagnostics({ target: document, debug: config.debug });
for (const problem of problems) diagnostics.error(problem);

const script = /** @type {HTMLScriptElement | null} */ (
  document.currentScript ?? document.querySelector('script[src*="liveview"][src$=".js"]')
);
// What the parts share with the main script instead of carrying their own copy.
definePart(page, "core", { Idiomorph });
const loadPart = createChunkLoader({
  window: page,
  document,
  src: script?.src || String(page.location),
  nonce: script?.nonce || script?.getAttribute("nonce") || "",
  version: VERSION,
});

/** @type {import("./snapshot_store.js").StorageLike | null} */
let storage = null;
try {
  // Reading the property itself throws where the browser blocks storage.
  storage = page.sessionStorage;
} catch {
  storage = null;
}

const client = createClient({
  window: page,
  document,
  config,
  diagnostics,
  WebSocket: page.WebSocket,
  storage,
  loadPart,
  onSocket(socket) {
    page.myWebSocket = socket;
  },
});

// Drop this tab's connection on purpose and bring it back (a demo, a test, a "go offline"
// switch); nothing else of the client is public.
page.liveview = Object.freeze({ disconnect: client.disconnect, connect: client.connect });

const actions = createActions({
  window: page,
  document,
  client,
  reportError: diagnostics.error,
  onOtherController: () => stimulus.load(),
});
const stimulus = createStimulusHandle({
  window: page,
  load: () =>
    loadPart("stimulus").then((part) => {
      actions.stop(); // Stimulus runs the page actions from now on
      return part.start(client);
    }),
  reportError: diagnostics.error,
});

function start() {
  diagnostics.debug(`client ${VERSION} starting`, { url: client.url, room: client.room });
  actions.start(document.documentElement);
  client.start();
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
else start();
