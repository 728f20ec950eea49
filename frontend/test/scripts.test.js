import assert from "node:assert/strict";
import { test } from "node:test";
import vm from "node:vm";
import { createScriptRunner, findNonce, isClassicScript, wrapScript } from "../src/scripts.js";

/** A document whose appendChild runs inline scripts the way a browser does: synchronously. */
function fakeDocument({ nonceMeta = "", scriptNonce = "", blockWithoutNonce = false } = {}) {
  /** @type {any[]} */
  const appended = [];
  const document = {
    /** @param {string} selector */
    querySelector(selector) {
      if (selector.startsWith("meta") && nonceMeta) return { getAttribute: () => nonceMeta };
      if (selector === "script[nonce]" && scriptNonce) return { nonce: scriptNonce, getAttribute: () => "" };
      return null;
    },
    createElement: () => ({ nonce: "", text: "", remove() {} }),
    head: {
      /** @param {any} script */
      appendChild(script) {
        appended.push(script);
        if (blockWithoutNonce && !script.nonce) return;
        try {
          vm.runInNewContext(script.text, { document: { currentScript: script } });
        } catch {
          // A syntax error goes to window.onerror in a browser, not to the inserting code.
        }
      },
    },
  };
  return { document, appended };
}

function diagnosticsSpy() {
  /** @type {string[]} */
  const errors = [];
  return { errors, diagnostics: { emit() {}, debug() {}, error: (/** @type {string} */ m) => errors.push(m) } };
}

test("wrapped_script_binds_el_and_this", () => {
  const target = { id: "t", seen: /** @type {unknown[]} */ ([]) };
  const script = /** @type {any} */ ({ __liveviewEl: target });
  vm.runInNewContext(wrapScript("el.seen.push(el.id, this === el);"), { document: { currentScript: script } });
  assert.deepEqual(target.seen, ["t", true]);
  assert.equal(script.__liveviewRan, true);
});

test("wrapped_script_keeps_its_error_and_locals", () => {
  const script = /** @type {any} */ ({ __liveviewEl: null });
  const context = { document: { currentScript: script } };
  vm.runInNewContext(wrapScript("var leaked = 1; throw new Error('boom') // trailing comment"), context);
  assert.equal(String(script.__liveviewError), "Error: boom");
  assert.equal("leaked" in context, false);
});

test("classic_scripts_only", () => {
  /** @param {string | null} type */
  const script = (type) => /** @type {any} */ ({ getAttribute: () => type });
  assert.equal(isClassicScript(script(null)), true);
  assert.equal(isClassicScript(script("")), true);
  assert.equal(isClassicScript(script(" Text/JavaScript ")), true);
  assert.equal(isClassicScript(script("module")), false);
  assert.equal(isClassicScript(script("application/json")), false);
  assert.equal(isClassicScript(script("text/template")), false);
});

test("nonce_from_meta_then_scripts", () => {
  assert.equal(findNonce(/** @type {any} */ (fakeDocument({ nonceMeta: "m1", scriptNonce: "s1" }).document)), "m1");
  assert.equal(findNonce(/** @type {any} */ (fakeDocument({ scriptNonce: "s1" }).document)), "s1");
  assert.equal(findNonce(/** @type {any} */ (fakeDocument().document)), "");
});

test("runner_runs_with_target", () => {
  const { document } = fakeDocument();
  const { diagnostics, errors } = diagnosticsSpy();
  const runner = createScriptRunner({ document: /** @type {any} */ (document), mode: true, diagnostics });
  const target = /** @type {any} */ ({ text: "" });
  runner.run("el.text = 'done'", target);
  assert.equal(target.text, "done");
  assert.deepEqual(errors, []);
});

test("runner_copies_the_nonce", () => {
  const { document, appended } = fakeDocument({ scriptNonce: "abc", blockWithoutNonce: true });
  const { diagnostics, errors } = diagnosticsSpy();
  const runner = createScriptRunner({ document: /** @type {any} */ (document), mode: true, diagnostics });
  const target = /** @type {any} */ ({});
  runner.run("el.ok = true", target);
  assert.equal(appended[0].nonce, "abc");
  assert.equal(target.ok, true);
  assert.deepEqual(errors, []);
});

test("runner_reports_blocked_or_broken_scripts", () => {
  const { document } = fakeDocument({ blockWithoutNonce: true });
  const { diagnostics, errors } = diagnosticsSpy();
  createScriptRunner({ document: /** @type {any} */ (document), mode: true, diagnostics }).run("1", null);
  assert.equal(errors.length, 1);
  const broken = fakeDocument();
  createScriptRunner({ document: /** @type {any} */ (broken.document), mode: true, diagnostics }).run("if (", null);
  assert.equal(errors.length, 2);
});

test("runner_reports_thrown_errors", () => {
  const { document } = fakeDocument();
  const { diagnostics, errors } = diagnosticsSpy();
  createScriptRunner({ document: /** @type {any} */ (document), mode: true, diagnostics }).run("null.x", null);
  assert.deepEqual(errors, ["server script failed"]);
});

test("runner_disabled_runs_nothing", () => {
  const { document, appended } = fakeDocument();
  const { diagnostics, errors } = diagnosticsSpy();
  createScriptRunner({ document: /** @type {any} */ (document), mode: false, diagnostics }).run("1", null);
  assert.deepEqual(appended, []);
  assert.deepEqual(errors, []);
});

test("runner_nonce_mode_requires_a_nonce", () => {
  const { diagnostics, errors } = diagnosticsSpy();
  const without = fakeDocument();
  createScriptRunner({ document: /** @type {any} */ (without.document), mode: "nonce", diagnostics }).run("1", null);
  assert.deepEqual(without.appended, []);
  assert.equal(errors.length, 1);
  const withNonce = fakeDocument({ nonceMeta: "n" });
  createScriptRunner({ document: /** @type {any} */ (withNonce.document), mode: "nonce", diagnostics }).run("1", null);
  assert.equal(withNonce.appended.length, 1);
  assert.equal(errors.length, 1);
});
