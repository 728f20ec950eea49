import assert from "node:assert/strict";
import { test } from "node:test";
import { createRateLimiter, parseDelay } from "../src/bindings/rate_limit.js";

function fakeClock() {
  let now = 0;
  /** @type {{at: number, fn: () => void, id: number}[]} */
  let timers = [];
  let nextId = 1;
  return {
    now: () => now,
    timers: {
      /** @param {() => void} fn @param {number} ms */
      setTimeout(fn, ms) {
        const id = nextId++;
        timers.push({ at: now + ms, fn, id });
        return id;
      },
      /** @param {number} id */
      clearTimeout(id) {
        timers = timers.filter((t) => t.id !== id);
      },
    },
    /** @param {number} ms */
    advance(ms) {
      const end = now + ms;
      for (;;) {
        timers.sort((a, b) => a.at - b.at);
        const due = timers[0];
        if (!due || due.at > end) break;
        timers.shift();
        now = due.at;
        due.fn();
      }
      now = end;
    },
  };
}

test("parseDelay_values", () => {
  assert.equal(parseDelay("500"), 500);
  assert.equal(parseDelay(null), 0);
  assert.equal(parseDelay("abc"), 0);
  assert.equal(parseDelay("-5"), 0);
});

test("no_limits_runs_at_once", () => {
  const limiter = createRateLimiter(fakeClock());
  let calls = 0;
  limiter.call({}, "f", { debounce: 0, throttle: 0 }, () => calls++);
  assert.equal(calls, 1);
});

test("debounce_waits_for_quiet", () => {
  const clock = fakeClock();
  const limiter = createRateLimiter(clock);
  const owner = {};
  /** @type {number[]} */
  const calls = [];
  for (let i = 0; i < 5; i += 1) {
    limiter.call(owner, "f", { debounce: 500, throttle: 0 }, () => calls.push(i));
    clock.advance(100);
  }
  assert.deepEqual(calls, []);
  clock.advance(399);
  assert.deepEqual(calls, []);
  clock.advance(1);
  assert.deepEqual(calls, [4]);
});

test("debounce_is_per_element", () => {
  const clock = fakeClock();
  const limiter = createRateLimiter(clock);
  /** @type {string[]} */
  const calls = [];
  limiter.call({}, "f", { debounce: 100, throttle: 0 }, () => calls.push("a"));
  limiter.call({}, "f", { debounce: 100, throttle: 0 }, () => calls.push("b"));
  clock.advance(100);
  assert.deepEqual(calls, ["a", "b"]);
});

test("throttle_leading_then_one_per_interval", () => {
  const clock = fakeClock();
  const limiter = createRateLimiter(clock);
  const owner = {};
  /** @type {[number, number][]} */
  const calls = [];
  // A call every 50 ms for 1 s with a 300 ms throttle.
  for (let i = 0; i < 20; i += 1) {
    limiter.call(owner, "f", { debounce: 0, throttle: 300 }, () => calls.push([i, clock.now()]));
    clock.advance(50);
  }
  clock.advance(1000);
  assert.deepEqual(calls[0], [0, 0]);
  for (let i = 1; i < calls.length; i += 1) assert.ok(calls[i][1] - calls[i - 1][1] >= 300);
  assert.equal(calls.at(-1)?.[0], 19, "the latest call is not lost");
  assert.equal(calls.length, 5);
});

test("throttle_idle_call_runs_at_once", () => {
  const clock = fakeClock();
  const limiter = createRateLimiter(clock);
  const owner = {};
  let calls = 0;
  limiter.call(owner, "f", { debounce: 0, throttle: 200 }, () => calls++);
  clock.advance(500);
  limiter.call(owner, "f", { debounce: 0, throttle: 200 }, () => calls++);
  assert.equal(calls, 2);
});
