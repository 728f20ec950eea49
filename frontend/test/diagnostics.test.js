import assert from "node:assert/strict";
import { test } from "node:test";
import { createDiagnostics } from "../src/diagnostics.js";

function recorder() {
  /** @type {{debug: unknown[][], error: unknown[][]}} */
  const calls = { debug: [], error: [] };
  return {
    calls,
    console: {
      /** @param {unknown[]} args */
      debug: (...args) => void calls.debug.push(args),
      /** @param {unknown[]} args */
      error: (...args) => void calls.error.push(args),
    },
  };
}

test("quiet_by_default_but_events_fire", () => {
  const target = new EventTarget();
  const { calls, console } = recorder();
  /** @type {unknown[]} */
  const details = [];
  target.addEventListener("liveview:connected", (event) => details.push(/** @type {CustomEvent} */ (event).detail));
  const diagnostics = createDiagnostics({ target, console });
  diagnostics.emit("liveview:connected", { url: "ws://x" });
  diagnostics.debug("step");
  assert.deepEqual(details, [{ url: "ws://x" }]);
  assert.deepEqual(calls, { debug: [], error: [] });
});

test("debug_mode_logs_steps", () => {
  const { calls, console } = recorder();
  const diagnostics = createDiagnostics({ target: new EventTarget(), debug: true, console });
  diagnostics.emit("liveview:sent", {});
  diagnostics.debug("step");
  assert.equal(calls.debug.length, 2);
});

test("errors_always_reach_console_and_event", () => {
  const target = new EventTarget();
  const { calls, console } = recorder();
  /** @type {unknown[]} */
  const details = [];
  target.addEventListener("liveview:error", (event) => details.push(/** @type {CustomEvent} */ (event).detail));
  createDiagnostics({ target, console }).error("target not found", { target: "#x" });
  assert.equal(calls.error.length, 1);
  assert.deepEqual(details, [{ target: "#x", source: "client", message: "target not found" }]);
});
