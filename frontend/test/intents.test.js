import assert from "node:assert/strict";
import { test } from "node:test";
import { DEFAULT_CONFIG, REPLAY_WINDOW, STORAGE_KEY } from "../src/constants.js";
import { createIntents } from "../src/intents.js";
import { createSendQueue, createSocket } from "../src/socket.js";

/** @param {string} ref @param {string} [fn] */
const message = (ref, fn = "place_order") => ({
  function: fn,
  form: {},
  data: {},
  lang: "en",
  room: "r",
  ref,
});

/** A sessionStorage stand-in; `broken` makes every write throw like a full quota. */
class MemoryStorage {
  constructor() {
    /** @type {Map<string, string>} */
    this.items = new Map();
    this.broken = false;
  }
  /** @param {string} key */
  getItem(key) {
    return this.items.get(key) ?? null;
  }
  /** @param {string} key @param {string} value */
  setItem(key, value) {
    if (this.broken) throw Object.assign(new Error("full"), { name: "QuotaExceededError" });
    this.items.set(key, value);
  }
  /** @param {string} key */
  removeItem(key) {
    this.items.delete(key);
  }
}

function setup({ storage = /** @type {MemoryStorage | null} */ (null), maxAge = Infinity } = {}) {
  const clock = { now: 1000 };
  /** @type {unknown[][]} */
  const expired = [];
  const intents = createIntents({
    storage,
    now: () => clock.now,
    maxAge,
    onExpired: (messages) => void expired.push(messages.map((m) => m.ref)),
  });
  return { intents, clock, expired };
}

test("unsent_messages_are_not_replayed", () => {
  const { intents } = setup();
  intents.track(message("t.1"), false);
  assert.deepEqual(intents.replays(), []);
  assert.equal(intents.size(), 1);
});

test("sent_unacked_messages_are_replayed_in_order_and_flagged", () => {
  const { intents } = setup();
  for (const ref of ["t.1", "t.2", "t.3"]) intents.track(message(ref), false);
  intents.sent("t.1");
  intents.sent("t.3");
  intents.sent("t.2");
  const replays = intents.replays();
  assert.deepEqual(replays.map((m) => m.ref), ["t.1", "t.2", "t.3"]);
  assert.ok(replays.every((m) => m.replay === true));
  // Replays are copies: the kept original is never flagged.
  intents.sent("t.1");
  assert.equal(intents.replays()[0].ref, "t.1");
});

test("settled_messages_are_forgotten", () => {
  const { intents } = setup();
  intents.track(message("t.1"), false);
  intents.sent("t.1");
  assert.equal(intents.settle("t.1")?.ref, "t.1");
  assert.equal(intents.settle("t.1"), null);
  assert.deepEqual(intents.replays(), []);
  assert.equal(intents.size(), 0);
});

test("tracking_twice_keeps_the_first", () => {
  const { intents } = setup();
  const first = message("t.1");
  intents.track(first, false);
  intents.track(message("t.1", "other"), false);
  intents.sent("t.1");
  assert.equal(intents.replays()[0].function, "place_order");
});

test("messages_sent_longer_ago_than_the_replay_window_expire", () => {
  const { intents, clock, expired } = setup();
  intents.track(message("t.1"), false);
  intents.track(message("t.2"), false);
  intents.sent("t.1");
  clock.now += 60_000;
  intents.sent("t.2");
  clock.now += REPLAY_WINDOW - 30_000;
  assert.deepEqual(intents.replays().map((m) => m.ref), ["t.2"]);
  assert.deepEqual(expired, [["t.1"]]);
  assert.equal(intents.size(), 1);
});

test("persistent_messages_are_stored_and_unstored", () => {
  const storage = new MemoryStorage();
  const { intents } = setup({ storage });
  intents.track(message("t.1"), true);
  intents.track(message("t.2"), false);
  const stored = JSON.parse(storage.getItem(STORAGE_KEY.intents) ?? "null");
  assert.deepEqual(stored, [{ message: message("t.1"), at: 1000, sentAt: null }]);
  intents.sent("t.1");
  assert.equal(JSON.parse(storage.getItem(STORAGE_KEY.intents) ?? "")[0].sentAt, 1000);
  intents.settle("t.1");
  assert.equal(storage.getItem(STORAGE_KEY.intents), null);
});

test("restored_messages_replay_first_then_new_ones", () => {
  const storage = new MemoryStorage();
  const before = setup({ storage });
  before.intents.track(message("old.1"), true);
  before.intents.sent("old.1");
  before.intents.track(message("old.2"), true); // queued, never sent
  before.intents.track(message("old.3"), false); // not persistent: lost with the page

  // The reload: a new page of the same tab, with a new tab id for its own refs.
  const after = setup({ storage });
  assert.deepEqual(after.intents.restore().map((m) => m.ref), ["old.1", "old.2"]);
  after.intents.track(message("new.1"), true);
  after.intents.sent("new.1");
  after.intents.track(message("new.2"), false); // in the socket's queue: not a replay
  const replays = after.intents.replays();
  assert.deepEqual(replays.map((m) => m.ref), ["old.1", "old.2", "new.1"]);
  assert.ok(replays.every((m) => m.replay === true));
  // Once re-sent, a restored message is an ordinary pending one.
  for (const m of replays) after.intents.sent(m.ref);
  after.intents.settle("old.1");
  const stored = JSON.parse(storage.getItem(STORAGE_KEY.intents) ?? "null");
  assert.deepEqual(stored.map((/** @type {any} */ s) => s.message.ref), ["old.2", "new.1"]);
});

test("restore_drops_what_is_too_old_to_send", () => {
  const storage = new MemoryStorage();
  const before = setup({ storage, maxAge: 60_000 });
  before.intents.track(message("a.1"), true);
  before.intents.sent("a.1");
  before.intents.track(message("a.2"), true);
  const after = setup({ storage, maxAge: 60_000 });
  after.clock.now += 61_000; // a.2 waited longer than queueMaxAge; a.1 is within the window
  assert.deepEqual(after.intents.restore().map((m) => m.ref), ["a.1"]);
  assert.deepEqual(after.expired, [["a.2"]]);
  const later = setup({ storage, maxAge: 60_000 });
  later.clock.now += REPLAY_WINDOW + 1;
  assert.deepEqual(later.intents.restore(), []);
  assert.deepEqual(later.expired, [["a.1"]]);
  assert.equal(storage.getItem(STORAGE_KEY.intents), null);
});

test("restore_ignores_garbage_and_a_stale_replay_flag", () => {
  const storage = new MemoryStorage();
  storage.setItem(
    STORAGE_KEY.intents,
    JSON.stringify([
      { message: { ...message("x.1"), replay: true }, at: 1000, sentAt: 1000 },
      { message: { function: 3, ref: "x.2" }, at: 1000, sentAt: null },
      "junk",
    ]),
  );
  const { intents } = setup({ storage });
  const restored = intents.restore();
  assert.deepEqual(restored, [message("x.1")]);
  storage.setItem(STORAGE_KEY.intents, "{not json");
  assert.deepEqual(setup({ storage }).intents.restore(), []);
});

test("storage_failures_keep_messages_in_memory", () => {
  const storage = new MemoryStorage();
  storage.broken = true;
  /** @type {string[]} */
  const problems = [];
  const intents = createIntents({ storage, onStorageError: (reason) => void problems.push(reason) });
  intents.track(message("t.1"), true);
  intents.sent("t.1");
  assert.deepEqual(intents.replays().map((m) => m.ref), ["t.1"]);
  assert.match(problems[0], /QuotaExceededError/);
});

// The socket and the intents together: what goes on the wire after a reconnect.

class FakeWebSocket extends EventTarget {
  /** @type {FakeWebSocket[]} */
  static instances = [];
  /** @param {string} url */
  constructor(url) {
    super();
    this.url = url;
    this.readyState = 0;
    /** @type {any[]} */
    this.sent = [];
    FakeWebSocket.instances.push(this);
  }
  /** @param {string} data */
  send(data) {
    this.sent.push(JSON.parse(data));
  }
  close() {}
  open() {
    this.readyState = 1;
    this.dispatchEvent(new Event("open"));
  }
  /** @param {number} code */
  serverClose(code) {
    this.readyState = 3;
    this.dispatchEvent(Object.assign(new Event("close"), { code, reason: "", wasClean: false }));
  }
}

function connected() {
  FakeWebSocket.instances = [];
  /** @type {(() => void)[]} */
  const timers = [];
  const intents = createIntents();
  const queue = createSendQueue({ maxSize: 100, maxAge: Infinity, now: () => 0, onDrop() {} });
  const socket = createSocket({
    url: "ws://test/ws/liveview/room/",
    WebSocket: FakeWebSocket,
    config: { ...DEFAULT_CONFIG, jitter: 0 },
    queue,
    diagnostics: { emit() {}, debug() {}, error() {} },
    timers: { setTimeout: (fn) => timers.push(fn), clearTimeout() {} },
    onMessage() {},
    replays: () => intents.replays(),
    onSent: (m) => intents.sent(/** @type {any} */ (m).ref),
  });
  /** @param {string} ref */
  const send = (ref) => {
    const m = message(ref);
    intents.track(m, false);
    return socket.send(m);
  };
  const current = () => FakeWebSocket.instances[FakeWebSocket.instances.length - 1];
  socket.connect();
  current().open();
  return { socket, intents, send, current, timers };
}

test("reconnect_replays_unacked_before_the_queue", () => {
  const { intents, send, current, timers } = connected();
  send("t.1");
  send("t.2");
  intents.settle("t.1");
  current().serverClose(1006);
  assert.equal(send("t.3"), true); // queued while disconnected
  timers.shift()?.();
  current().open();
  assert.deepEqual(
    current().sent.map((m) => [m.ref, m.replay ?? false]),
    [
      ["t.2", true],
      ["t.3", false],
    ],
  );
});

test("replays_repeat_until_acknowledged", () => {
  const { intents, send, current, timers } = connected();
  send("t.1");
  for (let drop = 0; drop < 2; drop += 1) {
    current().serverClose(1012);
    timers.shift()?.();
    current().open();
    assert.deepEqual(current().sent.map((m) => m.ref), ["t.1"]);
  }
  intents.settle("t.1");
  current().serverClose(1012);
  timers.shift()?.();
  current().open();
  assert.deepEqual(current().sent, []);
});

test("slow_reader_close_4008_reconnects_and_replays", () => {
  const { send, current, timers } = connected();
  send("t.1");
  current().serverClose(4008);
  assert.equal(timers.length, 1, "a reconnection is scheduled");
  timers.shift()?.();
  current().open();
  assert.deepEqual(current().sent.map((m) => [m.ref, m.replay]), [["t.1", true]]);
});

test("clear_forgets_memory_and_storage", () => {
  const storage = new MemoryStorage();
  const intents = createIntents({ storage });
  intents.track(message("t.1"), true);
  intents.track(message("t.2"), false);
  assert.deepEqual(intents.clear().map((m) => m.ref), ["t.1", "t.2"]);
  assert.equal(intents.size(), 0);
  assert.deepEqual(createIntents({ storage }).restore(), []);
});

test("written_lists_only_messages_sent_on_a_socket", () => {
  const intents = createIntents();
  intents.track(message("t.1"), false);
  intents.track(message("t.2"), false);
  intents.sent("t.2");
  assert.deepEqual(intents.written().map((m) => m.ref), ["t.2"]);
});
