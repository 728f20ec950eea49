// The `event` key of a server message: a CustomEvent on `document`, delivered once.
//
// Django LiveView 2.x shipped no such dispatch; its docs show an extension script instead, a
// `message` listener on window.myWebSocket that parses the frame and dispatches `data.event`
// itself. Pages that keep that script would get every event twice. The built-in dispatch runs
// first (the client's own listener is the socket's first), and while the same frame is still
// being dispatched to the socket's other listeners, a foreign event of the same name is stopped
// before anything sees it: a page hears each event once, with the built-in detail.

/**
 * @typedef {Object} ServerEvents
 * @property {(name: string, eventData: unknown, frame?: Event | null) => void} dispatch
 *   Dispatch `name` on the document with `eventData` as detail (`{}` when absent). `frame`
 *   is the socket's MessageEvent that carried it.
 */

/** What `detail` is when the message has no eventData: never undefined or null. */
export const EMPTY_DETAIL = Object.freeze({});

/**
 * @param {Object} deps
 * @param {Pick<Window, "addEventListener">} deps.window
 * @param {Pick<Document, "dispatchEvent">} deps.document
 * @returns {ServerEvents}
 */
export function createServerEvents({ window, document }) {
  /** @type {WeakSet<Event>} */
  const ours = new WeakSet();
  /** Event names already guarded: one capture listener each. @type {Set<string>} */
  const guarded = new Set();
  /** @type {{name: string, frame: Event} | null} */
  let current = null;

  /** @param {Event} event */
  function guard(event) {
    if (ours.has(event) || current === null || event.type !== current.name) return;
    // eventPhase returns to NONE (0) once the frame reached all of the socket's listeners.
    if (current.frame.eventPhase === 0) {
      current = null;
      return;
    }
    event.stopImmediatePropagation();
  }

  return {
    dispatch(name, eventData, frame = null) {
      const detail = eventData === undefined || eventData === null ? {} : eventData;
      const event = new CustomEvent(name, { detail, bubbles: true });
      ours.add(event);
      if (frame) {
        if (!guarded.has(name)) {
          guarded.add(name);
          // Capturing on window comes first for events dispatched on document or window.
          window.addEventListener(name, guard, true);
        }
        current = { name, frame };
      }
      document.dispatchEvent(event);
    },
  };
}
