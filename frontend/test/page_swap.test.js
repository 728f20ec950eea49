import assert from "node:assert/strict";
import { test } from "node:test";
import { scriptNonces } from "../src/page_swap.js";

test("page_swap_nonces_of_script_src", () => {
  assert.deepEqual(scriptNonces("script-src 'nonce-abc' 'self'; object-src 'none'"), ["abc"]);
});

test("page_swap_nonces_prefer_script_src_elem_then_script_src_then_default_src", () => {
  assert.deepEqual(scriptNonces("default-src 'nonce-d'; script-src 'nonce-s'; script-src-elem 'nonce-e'"), ["e"]);
  assert.deepEqual(scriptNonces("default-src 'nonce-d'; script-src 'nonce-s'"), ["s"]);
  assert.deepEqual(scriptNonces("default-src 'self' 'nonce-d'"), ["d"]);
});

test("page_swap_nonces_of_other_directives_do_not_count", () => {
  assert.deepEqual(scriptNonces("style-src 'nonce-style'; script-src 'self'"), []);
  assert.deepEqual(scriptNonces(null), []);
  assert.deepEqual(scriptNonces(""), []);
});

test("page_swap_nonces_first_directive_of_a_name_wins", () => {
  assert.deepEqual(scriptNonces("script-src 'nonce-one'; script-src 'nonce-two'"), ["one"]);
  assert.deepEqual(scriptNonces("SCRIPT-SRC 'NONCE-Mixed'"), ["Mixed"]);
});
