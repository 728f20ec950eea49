import assert from "node:assert/strict";
import { test } from "node:test";
import { buildSocketUrl, normalizeConfig, normalizePath, randomUuid } from "../src/config.js";
import { DEFAULT_CONFIG } from "../src/constants.js";

test("config_defaults", () => {
  const { config, problems } = normalizeConfig(undefined);
  assert.deepEqual(config, DEFAULT_CONFIG);
  assert.deepEqual(problems, []);
  assert.equal(config.reconnectDelay, 3000);
  assert.equal(config.reconnectMultiplier, 1.5);
  assert.equal(config.reconnectMaxDelay, 30000);
  assert.equal(config.maxReconnectAttempts, 5);
});

test("config_overrides", () => {
  const { config, problems } = normalizeConfig({
    host: "example.com:8000",
    protocol: "wss:",
    path: "sockets",
    reconnectDelay: 100,
    maxReconnectAttempts: Infinity,
    jitter: 0,
    queueMaxSize: 5,
    queueMaxAge: Infinity,
    debug: true,
    scripts: "nonce",
  });
  assert.deepEqual(problems, []);
  assert.equal(config.host, "example.com:8000");
  assert.equal(config.protocol, "wss");
  assert.equal(config.path, "/sockets/");
  assert.equal(config.maxReconnectAttempts, Infinity);
  assert.equal(config.queueMaxAge, Infinity);
  assert.equal(config.debug, true);
  assert.equal(config.scripts, "nonce");
});

test("config_invalid_values_fall_back_and_are_reported", () => {
  const { config, problems } = normalizeConfig({
    reconnectDelay: "soon",
    reconnectMultiplier: 0.5,
    jitter: 2,
    queueMaxSize: -1,
    reconnectMaxDelay: Infinity,
    scripts: "yes",
    host: 80,
  });
  assert.equal(config.reconnectDelay, 3000);
  assert.equal(config.reconnectMultiplier, 1.5);
  assert.equal(config.jitter, 0.2);
  assert.equal(config.queueMaxSize, 100);
  assert.equal(config.reconnectMaxDelay, 30000);
  assert.equal(config.scripts, true);
  assert.equal(config.host, null);
  assert.equal(problems.length, 7);
});

test("config_not_an_object", () => {
  assert.equal(normalizeConfig("x").problems.length, 1);
});

test("config_ignores_inherited_keys", () => {
  const raw = Object.create({ debug: true });
  assert.equal(normalizeConfig(raw).config.debug, false);
});

test("normalizePath_adds_slashes", () => {
  assert.equal(normalizePath("ws/liveview"), "/ws/liveview/");
  assert.equal(normalizePath("/ws/liveview/"), "/ws/liveview/");
});

test("socket_url_from_location", () => {
  const { config } = normalizeConfig(undefined);
  assert.equal(buildSocketUrl(config, { protocol: "http:", host: "localhost:8000" }, "abc"), "ws://localhost:8000/ws/liveview/abc/");
  assert.equal(buildSocketUrl(config, { protocol: "https:", host: "site.org" }, "abc"), "wss://site.org/ws/liveview/abc/");
});

test("socket_url_from_config", () => {
  const { config } = normalizeConfig({ host: "ws.site.org", protocol: "wss", path: "/live/" });
  assert.equal(buildSocketUrl(config, { protocol: "http:", host: "x" }, "r 1"), "wss://ws.site.org/live/r%201/");
});

test("randomUuid_without_randomUUID", () => {
  const uuid = randomUuid({ getRandomValues: (/** @type {any} */ a) => a.fill(0xab) });
  assert.match(uuid, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.match(randomUuid(), /^[0-9a-f-]{36}$/);
});

test("config_ack_timeout_and_persist_functions", () => {
  const { config, problems } = normalizeConfig({ ackTimeout: Infinity, persistFunctions: ["place_order"] });
  assert.deepEqual(problems, []);
  assert.equal(config.ackTimeout, Infinity);
  assert.deepEqual(config.persistFunctions, ["place_order"]);
  assert.equal(normalizeConfig({}).config.ackTimeout, 30000);
});

test("config_bad_ack_timeout_and_persist_functions_are_reported", () => {
  const { config, problems } = normalizeConfig({ ackTimeout: -1, persistFunctions: "place_order" });
  assert.equal(config.ackTimeout, 30000);
  assert.deepEqual(config.persistFunctions, []);
  assert.equal(problems.length, 2);
});
