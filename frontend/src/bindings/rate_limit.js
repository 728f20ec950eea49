// data-liveview-debounce and data-liveview-throttle: how often a trigger may send.

/** @typedef {import("../socket.js").Timers} Timers */

/**
 * Milliseconds from an attribute value; absent, negative or not a number gives 0 (no limit).
 * @param {string | null} value
 */
export function parseDelay(value) {
  if (value === null) return 0;
  const ms = Number.parseInt(value, 10);
  return Number.isFinite(ms) && ms > 0 ? ms : 0;
}

/**
 * @typedef {Object} LimitState
 * @property {unknown} timer
 * @property {number} last  When the throttled function last ran.
 * @property {(() => void) | null} pending  The latest call waiting for the throttle interval.
 */

/**
 * @typedef {Object} RateLimiter
 * @property {(owner: object, key: string, limits: {debounce: number, throttle: number}, fn: () => void) => void} call
 *   Run `fn` now, or later as the limits say. State is kept per owner (an element) and key (the
 *   function name); debounce wins when both are set.
 */

/**
 * @param {Object} [options]
 * @param {Timers} [options.timers]
 * @param {() => number} [options.now]
 * @returns {RateLimiter}
 */
export function createRateLimiter({ timers = globalThis, now = Date.now } = {}) {
  /** @type {WeakMap<object, Map<string, LimitState>>} */
  const states = new WeakMap();

  /**
   * @param {object} owner
   * @param {string} key
   */
  function stateFor(owner, key) {
    let byKey = states.get(owner);
    if (!byKey) {
      byKey = new Map();
      states.set(owner, byKey);
    }
    let state = byKey.get(key);
    if (!state) {
      state = { timer: null, last: -Infinity, pending: null };
      byKey.set(key, state);
    }
    return state;
  }

  /**
   * Wait until `ms` pass without another call, then run the latest.
   * @param {LimitState} state
   * @param {number} ms
   * @param {() => void} fn
   */
  function debounce(state, ms, fn) {
    if (state.timer !== null) timers.clearTimeout(state.timer);
    state.timer = timers.setTimeout(() => {
      state.timer = null;
      fn();
    }, ms);
  }

  /**
   * Run at once if the interval since the last run has passed; otherwise keep the latest call
   * and run it when the interval ends: at most one run per interval, the first without delay.
   * @param {LimitState} state
   * @param {number} ms
   * @param {() => void} fn
   */
  function throttle(state, ms, fn) {
    const elapsed = now() - state.last;
    if (state.timer === null && elapsed >= ms) {
      state.last = now();
      fn();
      return;
    }
    state.pending = fn;
    if (state.timer !== null) return;
    state.timer = timers.setTimeout(() => {
      state.timer = null;
      state.last = now();
      const pending = state.pending;
      state.pending = null;
      pending?.();
    }, ms - elapsed);
  }

  return {
    call(owner, key, limits, fn) {
      if (limits.debounce > 0) debounce(stateFor(owner, key), limits.debounce, fn);
      else if (limits.throttle > 0) throttle(stateFor(owner, key), limits.throttle, fn);
      else fn();
    },
  };
}
