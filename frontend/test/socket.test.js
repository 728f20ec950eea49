import assert from "node:assert/strict";
import { test } from "node:test";
import { DEFAULT_CONFIG } from "../src/constants.js";
import { backoffDelay, createSendQueue, createSocket } from "../src/socket.js";

const noJitter = { ...DEFAULT_CONFIG, jitter: 0 };

test("backoffDelay_documented_schedule_without_jitter", () => {
  const delays = [0, 1, 2, 3, 4, 5, 6, 7, 8].map((n) => backoffDelay(n, noJitter, 0.5));
  assert.deepEqual(delays, [3000, 4500, 6750, 10125, 15188, 22781, 30000, 30000, 30000]);
});

test("backoffDelay_jitter_bounds", () => {
  const config = { ...DEFAULT_CONFIG, jitter: 0.2 };
  for (let attempt = 0; attempt < 10; attempt += 1) {
    const base = Math.min(3000 * 1.5 ** attempt, 30000);
    const low = backoffDelay(attempt, config, 0);
    const high = backoffDelay(attempt, config, 0.999999);
    assert.equal(low, Math.round(base * 0.8));
    assert.ok(high <= Math.min(30000, Math.round(base * 1.2)));
    assert.ok(high >= low);
    for (let r = 0; r < 1; r += 0.05) {
      const delay = backoffDelay(attempt, config, r);
      assert.ok(delay >= Math.round(base * 0.8) && delay <= 30000, `${attempt} ${r} ${delay}`);
      assert.ok(delay <= Math.round(base * 1.2));
    }
  }
});

test("backoffDelay_jitter_never_exceeds_cap", () => {
  const config = { ...DEFAULT_CONFIG, jitter: 1 };
  assert.equal(backoffDelay(20, config, 0.99), 30000);
  assert.equal(backoffDelay(0, config, 0), 0);
});

/** @param {{maxSize?: number, maxAge?: number}} [options] */
function queueWithClock({ maxSize = 3, maxAge = 1000 } = {}) {
  const clock = { now: 0 };
  /** @type {{reason: string, items: unknown[]}[]} */
  const drops = [];
  const queue = createSendQueue({
    maxSize,
    maxAge,
    now: () => clock.now,
    onDrop: (reason, items) => drops.push({ reason, items }),
  });
  return { queue, clock, drops };
}

test("queue_keeps_order", () => {
  const { queue, drops } = queueWithClock();
  queue.push("a");
  queue.push("b");
  assert.equal(queue.size(), 2);
  assert.deepEqual(queue.drain(), ["a", "b"]);
  assert.deepEqual(queue.drain(), []);
  assert.deepEqual(drops, []);
});

test("queue_size_bound_drops_oldest_and_announces", () => {
  const { queue, drops } = queueWithClock({ maxSize: 2 });
  assert.equal(queue.push("a"), true);
  queue.push("b");
  queue.push("c");
  assert.deepEqual(drops, [{ reason: "size", items: ["a"] }]);
  assert.deepEqual(queue.drain(), ["b", "c"]);
});

test("queue_size_zero_keeps_nothing", () => {
  const { queue, drops } = queueWithClock({ maxSize: 0 });
  assert.equal(queue.push("a"), false);
  assert.deepEqual(drops, [{ reason: "size", items: ["a"] }]);
  assert.equal(queue.size(), 0);
});

test("queue_age_bound_drops_stale_on_drain", () => {
  const { queue, clock, drops } = queueWithClock({ maxAge: 1000 });
  queue.push("old");
  clock.now = 600;
  queue.push("new");
  clock.now = 1500;
  assert.deepEqual(queue.drain(), ["new"]);
  assert.deepEqual(drops, [{ reason: "age", items: ["old"] }]);
});

test("queue_age_bound_is_inclusive", () => {
  const { queue, clock } = queueWithClock({ maxAge: 1000 });
  queue.push("a");
  clock.now = 1000;
  assert.deepEqual(queue.drain(), ["a"]);
});

test("queue_age_bound_drops_stale_on_push", () => {
  const { queue, clock, drops } = queueWithClock({ maxAge: 10 });
  queue.push("a");
  clock.now = 50;
  queue.push("b");
  assert.deepEqual(drops, [{ reason: "age", items: ["a"] }]);
  assert.equal(queue.size(), 1);
});

test("queue_infinite_age_keeps_everything", () => {
  const { queue, clock } = queueWithClock({ maxAge: Infinity });
  queue.push("a");
  clock.now = 1e12;
  assert.deepEqual(queue.drain(), ["a"]);
});

// A WebSocket stand-in the tests open and close by hand.
class FakeWebSocket extends EventTarget {
  /** @type {FakeWebSocket[]} */
  static instances = [];
  /** @param {string} url */
  constructor(url) {
    super();
    this.url = url;
    this.readyState = 0;
    /** @type {string[]} */
    this.sent = [];
    FakeWebSocket.instances.push(this);
  }
  /** @param {string} data */
  send(data) {
    if (this.readyState !== 1) throw new Error("not open");
    this.sent.push(data);
  }
  close() {
    this.serverClose(1000);
  }
  open() {
    this.readyState = 1;
    this.dispatchEvent(new Event("open"));
  }
  /** @param {number} code */
  serverClose(code = 1006) {
    this.readyState = 3;
    const event = Object.assign(new Event("close"), { code, reason: "", wasClean: code === 1000 });
    this.dispatchEvent(event);
  }
  /** @param {string} data */
  receive(data) {
    this.dispatchEvent(Object.assign(new Event("message"), { data }));
  }
}

/**
 * @param {Record<string, unknown>} [configOverrides]
 * @param {{renew?: (code: number) => Promise<string | null>, query?: () => string}} [hooks]
 */
function setup(configOverrides = {}, hooks = {}) {
  FakeWebSocket.instances = [];
  /** @type {{fn: () => void, ms: number, id: number}[]} */
  const timers = [];
  let nextId = 1;
  const fakeTimers = {
    /** @param {() => void} fn @param {number} ms */
    setTimeout(fn, ms) {
      const id = nextId++;
      timers.push({ fn, ms, id });
      return id;
    },
    /** @param {number} id */
    clearTimeout(id) {
      const i = timers.findIndex((t) => t.id === id);
      if (i >= 0) timers.splice(i, 1);
    },
  };
  const runTimer = () => {
    const timer = timers.shift();
    assert.ok(timer, "a timer is pending");
    timer.fn();
    return timer.ms;
  };
  /** @type {[string, any][]} */
  const events = [];
  /** @type {string[]} */
  const errors = [];
  const diagnostics = {
    /** @param {string} name @param {unknown} detail */
    emit: (name, detail) => events.push([name, detail]),
    debug: () => {},
    /** @param {string} message */
    error: (message) => errors.push(message),
  };
  /** @type {unknown[]} */
  const received = [];
  /** @type {boolean[]} */
  const status = [];
  /** @type {unknown[]} */
  const sockets = [];
  /** @type {number[]} */
  const closes = [];
  const config = { ...DEFAULT_CONFIG, jitter: 0, ...configOverrides };
  const queue = createSendQueue({
    maxSize: config.queueMaxSize,
    maxAge: Infinity,
    now: () => 0,
    onDrop: () => {},
  });
  const socket = createSocket({
    url: "ws://test/ws/liveview/room/",
    WebSocket: FakeWebSocket,
    config,
    queue,
    diagnostics,
    timers: fakeTimers,
    random: () => 0.5,
    onMessage: (data) => received.push(data),
    onConnectionChange: (connected) => status.push(connected),
    onSocket: (ws) => sockets.push(ws),
    onClose: (code) => closes.push(code),
    renew: hooks.renew,
    query: hooks.query,
  });
  const current = () => FakeWebSocket.instances[FakeWebSocket.instances.length - 1];
  return { socket, timers, runTimer, events, errors, received, status, sockets, closes, current };
}

test("socket_connects_and_sends_json", () => {
  const { socket, current, events, status, sockets } = setup();
  socket.connect();
  current().open();
  socket.send({ function: "f" });
  assert.deepEqual(current().sent, ['{"function":"f"}']);
  assert.deepEqual(status, [true]);
  assert.equal(sockets[0], current());
  assert.deepEqual(
    events.map(([name]) => name),
    ["liveview:connecting", "liveview:connected", "liveview:sent"],
  );
});

test("socket_queues_while_connecting_and_flushes_in_order", () => {
  const { socket, current, events } = setup();
  socket.connect();
  socket.send({ n: 1 });
  socket.send({ n: 2 });
  assert.deepEqual(
    events.filter(([name]) => name === "liveview:queued").map(([, d]) => d.size),
    [1, 2],
  );
  current().open();
  assert.deepEqual(current().sent, ['{"n":1}', '{"n":2}']);
});

test("socket_passes_frames_on", () => {
  const { socket, current, received } = setup();
  socket.connect();
  current().open();
  current().receive('{"html":"x"}');
  assert.deepEqual(received, ['{"html":"x"}']);
});

test("socket_reconnects_with_backoff_then_gives_up", () => {
  const { socket, current, runTimer, timers, events, status } = setup({ maxReconnectAttempts: 3 });
  socket.connect();
  current().open();
  current().serverClose();
  /** @type {number[]} */
  const delays = [];
  for (let i = 0; i < 3; i += 1) {
    delays.push(runTimer());
    current().serverClose();
  }
  assert.deepEqual(delays, [3000, 4500, 6750]);
  assert.equal(timers.length, 0);
  assert.equal(socket.isExhausted(), true);
  const last = events.filter(([name]) => name === "liveview:disconnected").at(-1);
  assert.equal(last?.[1].willReconnect, false);
  assert.equal(status.at(-1), false);
});

test("socket_successful_reconnect_resets_attempts", () => {
  const { socket, current, runTimer } = setup();
  socket.connect();
  current().open();
  current().serverClose();
  assert.equal(runTimer(), 3000);
  current().serverClose();
  assert.equal(runTimer(), 4500);
  current().open();
  current().serverClose();
  assert.equal(runTimer(), 3000);
});

test("socket_send_rearms_after_exhaustion", () => {
  const { socket, current } = setup({ maxReconnectAttempts: 0 });
  socket.connect();
  current().serverClose();
  assert.equal(socket.isExhausted(), true);
  const before = current();
  socket.send({ function: "again" });
  assert.notEqual(current(), before);
  current().open();
  assert.deepEqual(current().sent, ['{"function":"again"}']);
});

test("socket_rearm_is_noop_while_retrying", () => {
  const { socket, current, timers } = setup();
  socket.connect();
  current().serverClose();
  const count = 1;
  socket.rearm();
  assert.equal(timers.length, count);
  socket.send({});
  assert.equal(timers.length, count);
});

test("socket_reconnectNow_skips_the_wait", () => {
  const { socket, current, timers } = setup();
  socket.connect();
  current().serverClose();
  assert.equal(timers.length, 1);
  socket.reconnectNow();
  assert.equal(timers.length, 0);
  assert.equal(current().readyState, 0);
});

test("socket_close_stops_reconnection", () => {
  const { socket, current, timers } = setup();
  socket.connect();
  current().open();
  socket.close();
  assert.equal(timers.length, 0);
  socket.connect();
  assert.equal(FakeWebSocket.instances.length, 1);
});

test("socket_hold_stays_disconnected_until_release", () => {
  const { socket, current, timers, events, status } = setup({ maxReconnectAttempts: 0 });
  socket.connect();
  current().open();
  socket.hold();
  assert.equal(current().readyState, 3);
  assert.deepEqual(status, [true, false]);
  assert.equal(events.at(-1)?.[1].willReconnect, false);
  assert.equal(timers.length, 0);
  // Nothing reconnects a held socket: not a send (queued), not the browser coming online.
  socket.send({ function: "later" });
  socket.reconnectNow();
  socket.rearm();
  socket.connect();
  assert.equal(FakeWebSocket.instances.length, 1);
  socket.release();
  assert.equal(FakeWebSocket.instances.length, 2);
  current().open();
  assert.deepEqual(current().sent, ['{"function":"later"}']);
  socket.release(); // not held: nothing happens
  assert.equal(FakeWebSocket.instances.length, 2);
});

test("socket_ignores_events_of_replaced_socket", () => {
  const { socket, current, received } = setup();
  socket.connect();
  const first = current();
  first.serverClose();
  socket.reconnectNow();
  first.receive("late");
  assert.deepEqual(received, []);
});

test("socket_bad_url_reports_once", () => {
  const { errors } = setup();
  const socket = createSocket({
    url: "nope",
    WebSocket: /** @type {any} */ (
      class {
        constructor() {
          throw new SyntaxError("bad url");
        }
      }
    ),
    config: DEFAULT_CONFIG,
    queue: createSendQueue({ maxSize: 1, maxAge: 1, now: () => 0, onDrop: () => {} }),
    diagnostics: { emit() {}, debug() {}, error: (m) => errors.push(m) },
    timers: { setTimeout: () => 0, clearTimeout() {} },
    onMessage() {},
  });
  socket.connect();
  assert.equal(errors.length, 1);
  assert.equal(socket.isExhausted(), true);
});

const tick = () => new Promise((resolve) => setImmediate(resolve));

test("socket_room_refused_renews_the_room_and_reconnects", async () => {
  /** @type {number[]} */
  const asked = [];
  const renew = async (/** @type {number} */ code) => {
    asked.push(code);
    return "ws://test/ws/liveview/fresh/";
  };
  const { socket, current, timers, events, closes } = setup({}, { renew });
  socket.connect();
  current().open();
  current().serverClose(4403);
  assert.deepEqual(closes, [4403]);
  assert.deepEqual(asked, [4403]);
  // While the fresh room is fetched, nothing reconnects with the refused one.
  socket.reconnectNow();
  assert.equal(FakeWebSocket.instances.length, 1);
  await tick();
  assert.equal(FakeWebSocket.instances.length, 2);
  assert.equal(current().url, "ws://test/ws/liveview/fresh/");
  assert.equal(socket.url(), "ws://test/ws/liveview/fresh/");
  assert.equal(timers.length, 0);
  const disconnected = events.filter(([name]) => name === "liveview:disconnected").at(-1);
  assert.equal(disconnected?.[1].renew, true);
  assert.equal(events.filter(([name]) => name === "liveview:room-refused").length, 0);
});

test("socket_room_refused_again_gives_up_until_the_next_action", async () => {
  const renew = async () => "ws://test/ws/liveview/fresh/";
  const { socket, current, events, errors, status } = setup({}, { renew });
  socket.connect();
  current().serverClose(4403);
  await tick();
  current().serverClose(4403);
  await tick();
  assert.equal(FakeWebSocket.instances.length, 2);
  assert.equal(status.at(-1), false);
  const refused = events.filter(([name]) => name === "liveview:room-refused");
  assert.deepEqual(refused, [
    [
      "liveview:room-refused",
      { url: "ws://test/ws/liveview/fresh/", code: 4403, reason: "the server refused the fresh room too" },
    ],
  ]);
  assert.equal(errors.length, 1);
  assert.equal(socket.isExhausted(), true);
  // Not a dead end: the next user action tries again.
  socket.send({ function: "later" });
  assert.equal(FakeWebSocket.instances.length, 3);
});

test("socket_room_refused_without_a_fresh_room_gives_up", async () => {
  const { socket, current, events } = setup({}, { renew: async () => null });
  socket.connect();
  current().serverClose(4403);
  await tick();
  assert.equal(FakeWebSocket.instances.length, 1);
  const [refused] = events.filter(([name]) => name === "liveview:room-refused");
  assert.equal(refused[1].reason, "no fresh room could be fetched");
  assert.equal(socket.isExhausted(), true);
});

test("socket_revoked_renews_every_time", async () => {
  /** @type {number[]} */
  const asked = [];
  const renew = async (/** @type {number} */ code) => {
    asked.push(code);
    return "ws://test/ws/liveview/next/";
  };
  const { socket, current } = setup({}, { renew });
  socket.connect();
  current().open();
  current().serverClose(4401);
  await tick();
  current().open();
  current().serverClose(4401);
  await tick();
  assert.deepEqual(asked, [4401, 4401]);
  assert.equal(FakeWebSocket.instances.length, 3);
});

test("socket_rate_limited_and_slow_reader_closes_reconnect_with_backoff", () => {
  const { socket, current, timers, runTimer, events } = setup();
  socket.connect();
  current().open();
  current().serverClose(4429);
  assert.equal(timers.length, 1);
  runTimer();
  current().open();
  current().serverClose(4008);
  assert.equal(timers.length, 1);
  assert.equal(FakeWebSocket.instances.length, 2);
  assert.equal(events.filter(([name]) => name === "liveview:room-refused").length, 0);
});

test("socket_query_is_read_at_each_connection", () => {
  let path = "/a/";
  const { socket, current, events, runTimer } = setup({}, { query: () => `?path=${path}` });
  socket.connect();
  assert.equal(current().url, "ws://test/ws/liveview/room/?path=/a/");
  current().open();
  path = "/b/";
  current().serverClose(1006);
  runTimer();
  assert.equal(current().url, "ws://test/ws/liveview/room/?path=/b/");
  const connecting = events.filter(([name]) => name === "liveview:connecting").map(([, d]) => d.url);
  assert.deepEqual(connecting, ["ws://test/ws/liveview/room/?path=/a/", "ws://test/ws/liveview/room/?path=/b/"]);
  // The base URL (what a renewal replaces) has no query.
  assert.equal(socket.url(), "ws://test/ws/liveview/room/");
});
