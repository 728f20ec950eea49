// The entry point and the only module with side effects: reads window.webSocketConfig, builds
// the client, starts Stimulus with the `page` controller, and exposes window.Stimulus and
// window.myWebSocket.

import { Application } from "@hotwired/stimulus";
import { createClient } from "./client.js";
import { normalizeConfig } from "./config.js";
import { VERSION } from "./constants.js";
import { createPageController } from "./controller.js";
import { createDiagnostics } from "./diagnostics.js";

/** @typedef {Window & typeof globalThis & {webSocketConfig?: unknown, myWebSocket?: unknown, Stimulus?: Application}} LiveViewWindow */

const page = /** @type {LiveViewWindow} */ (window);
const { config, problems } = normalizeConfig(page.webSocketConfig);
const diagnostics = createDiagnostics({ target: document, debug: config.debug });
for (const problem of problems) diagnostics.error(problem);

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
  onSocket(socket) {
    page.myWebSocket = socket;
  },
});

const application = Application.start();
application.register("page", createPageController(client));
page.Stimulus = application;

function start() {
  diagnostics.debug(`client ${VERSION} starting`, { url: client.url, room: client.room });
  client.start();
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
else start();
