// Resumable group frames: the server numbers every frame it sends to a group (a broadcast, a
// topic, the room, the user, presence) within a log with an epoch. The client remembers, per
// group, the last number it applied; on every connect it reports them in the
// handshake and the server replays what it missed, in order, before live frames. A frame
// already applied (a replay racing a live one) is dropped. When the server cannot replay (the
// gap is older than its log, or the log is another one), it sends `{"resync": {...}}`.
// The positions travel as WebSocket subprotocols, so the socket URL stays the documented one.

/** Offered on every connect: the server then numbers group frames and replays. */
export const RESUME_PROTOCOL = "liveview.resume";
/** Followed by the base64url of `{group: [epoch, n]}`. */
export const SINCE_PREFIX = "liveview.since.";

/**
 * @typedef {Object} Seq  The number of a group frame.
 * @property {string} group
 * @property {string} epoch
 * @property {number} n
 *
 * @typedef {Object} Resume
 * @property {(seq: Seq) => boolean} fresh  False when this frame was applied already.
 * @property {(seq: Seq) => void} applied  Remember the frame as applied.
 * @property {(groups: Record<string, [string, number] | null>) => string[]} resynced  Start
 *   again from where the server's logs stand now; returns the groups concerned.
 * @property {() => string[]} protocols  The subprotocols to offer: resuming, from these
 *   positions.
 */

/**
 * @param {Record<string, [string, number]>} [initial]  Positions the page was rendered at.
 * @returns {Resume}
 */
export function createResume(initial = {}) {
  /** @type {Map<string, [string, number]>} */
  const positions = new Map(Object.entries(initial));
  return {
    fresh(seq) {
      const known = positions.get(seq.group);
      return !(known && known[0] === seq.epoch && seq.n <= known[1]);
    },
    applied(seq) {
      positions.set(seq.group, [seq.epoch, seq.n]);
    },
    resynced(groups) {
      for (const [group, position] of Object.entries(groups)) {
        if (position === null) positions.delete(group);
        else positions.set(group, position);
      }
      return Object.keys(groups);
    },
    protocols() {
      const json = JSON.stringify(Object.fromEntries(positions));
      // Group names and epochs are ASCII, so btoa takes the JSON as it is.
      const encoded = btoa(json).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
      return [RESUME_PROTOCOL, SINCE_PREFIX + encoded];
    },
  };
}

/**
 * The `seq` of a frame, if well formed.
 * @param {unknown} value
 * @returns {Seq | undefined}
 */
export function parseSeq(value) {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return undefined;
  const { group, epoch, n } = /** @type {Record<string, unknown>} */ (value);
  if (typeof group !== "string" || typeof epoch !== "string") return undefined;
  if (typeof n !== "number" || !Number.isInteger(n) || n < 0) return undefined;
  return { group, epoch, n };
}

/**
 * The `resync` of a frame, if well formed: group → [epoch, n] or null.
 * @param {unknown} value
 * @returns {Record<string, [string, number] | null> | undefined}
 */
export function parseResync(value) {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return undefined;
  /** @type {Record<string, [string, number] | null>} */
  const groups = {};
  for (const [group, position] of Object.entries(value)) {
    if (position === null) groups[group] = null;
    else if (
      Array.isArray(position) &&
      typeof position[0] === "string" &&
      Number.isInteger(position[1])
    ) {
      groups[group] = [position[0], position[1]];
    } else return undefined;
  }
  return groups;
}
