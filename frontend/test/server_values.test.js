// Values the client and the server must agree on, read from the Python sources: a change on
// one side only fails here.
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { test } from "node:test";
import { CLOSE, DEFAULT_CONFIG, MAX_MESSAGE_SIZE } from "../src/constants.js";

const PACKAGE = new URL("../../src/liveview/", import.meta.url);
const python = readdirSync(PACKAGE, { recursive: true })
  .map(String)
  .filter((name) => name.endsWith(".py"))
  .map((name) => readFileSync(new URL(name, PACKAGE), "utf8"))
  .join("\n");

/** @param {string} expression  digits and `*` only, such as `64 * 1024`. */
function product(expression) {
  assert.match(expression, /^[\d\s*]+$/, `not a plain product: ${expression}`);
  return expression.split("*").reduce((total, part) => total * Number(part.trim()), 1);
}

test("max_message_size_default_matches_the_server", () => {
  const match = /"MAX_MESSAGE_SIZE":\s*([^,\n]+),/.exec(python);
  assert.ok(match, "MAX_MESSAGE_SIZE default not found in src/liveview");
  assert.equal(product(match[1]), MAX_MESSAGE_SIZE);
  assert.equal(DEFAULT_CONFIG.maxMessageSize, MAX_MESSAGE_SIZE);
});

test("close_codes_match_the_server", () => {
  const names = {
    tooBig: "CLOSE_TOO_BIG",
    revoked: "CLOSE_REVOKED",
    roomRefused: "CLOSE_FORBIDDEN_ROOM",
    rateLimited: "CLOSE_RATE_LIMITED",
    slowReader: "CLOSE_SLOW_READER",
  };
  for (const [key, name] of Object.entries(names)) {
    const match = new RegExp(`^${name}\\s*(?::[^=]+)?=\\s*(\\d+)`, "m").exec(python);
    assert.ok(match, `${name} not found in src/liveview`);
    assert.equal(Number(match[1]), CLOSE[/** @type {keyof typeof CLOSE} */ (key)], name);
  }
});
