import assert from "node:assert/strict";
import { test } from "node:test";
import { createServerEvents } from "../src/server_events.js";

// Without a browser there is no event path: the fake document hands each event to the window
// first (its capture phase), then to its own listeners unless propagation was stopped.
function setUp() {
  const win = new EventTarget();
  const page = new EventTarget();
  const deliver = page.dispatchEvent.bind(page);
  page.dispatchEvent = (event) => {
    win.dispatchEvent(event);
    return event.cancelBubble ? false : deliver(event);
  };
  const events = createServerEvents({ window: /** @type {any} */ (win), document: /** @type {any} */ (page) });
  /** @type {unknown[]} */
  const heard = [];
  page.addEventListener("saved", (event) => heard.push(/** @type {CustomEvent} */ (event).detail));
  return { page, events, heard };
}

/**
 * The socket's MessageEvent, delivered to `listeners` in order as a browser does: its
 * eventPhase is AT_TARGET (2) until every listener ran, NONE (0) after. (Node's EventTarget
 * resets it early when a listener dispatches another event, so the frame is a plain object.)
 * @param {string} text
 * @param {((frame: any) => void)[]} listeners
 */
function deliverFrame(text, listeners) {
  const frame = { data: text, eventPhase: 2 };
  for (const listener of listeners) listener(frame);
  frame.eventPhase = 0;
}

test("server_event_with_extension_script_arrives_once", () => {
  const { page, events, heard } = setUp();
  /** @param {any} frame */
  const builtIn = (frame) => {
    const data = JSON.parse(frame.data);
    events.dispatch(data.event, data.eventData, frame);
  };
  /** @param {any} frame */
  const extension = (frame) => {
    const data = JSON.parse(frame.data);
    if (data.event) page.dispatchEvent(new CustomEvent(data.event, { detail: data.eventData }));
  };
  deliverFrame(JSON.stringify({ event: "saved", eventData: { id: 1 } }), [builtIn, extension]);
  deliverFrame(JSON.stringify({ event: "saved" }), [builtIn, extension]);
  assert.deepEqual(heard, [{ id: 1 }, {}]);
});

test("server_event_without_eventdata_has_empty_detail", () => {
  const { events, heard } = setUp();
  events.dispatch("saved", undefined, null);
  events.dispatch("saved", null, null);
  assert.deepEqual(heard, [{}, {}]);
});

test("server_event_guard_ends_with_the_frame", () => {
  const { page, events, heard } = setUp();
  deliverFrame("{}", [(frame) => events.dispatch("saved", { n: 1 }, frame)]);
  // Later, the page's own dispatch of the same name is not the frame's echo: it goes through.
  page.dispatchEvent(new CustomEvent("saved", { detail: { n: 2 } }));
  assert.deepEqual(heard, [{ n: 1 }, { n: 2 }]);
});
