import assert from "node:assert/strict";
import { test } from "node:test";
import { createLazyBinding } from "../src/bindings/lazy.js";
import { chunkUrl, createChunkLoader, definePart, REGISTRY } from "../src/chunks.js";
import { createNavigationLoader } from "../src/navigation_loader.js";
import { createStaleLoader } from "../src/stale_loader.js";
import { createStimulusHandle } from "../src/stimulus_handle.js";
import { createUploadLoader, isFileInput } from "../src/upload_loader.js";

test("parts_are_fetched_next_to_the_main_script", () => {
  assert.equal(
    chunkUrl("https://x.test/static/liveview/liveview.min.js", "uploads", "1.2.0"),
    "https://x.test/static/liveview/liveview-uploads.min.js?v=1.2.0",
  );
  assert.equal(
    chunkUrl("https://x.test/s/liveview/liveview.min.0123abcd89ef.js?x=1", "stimulus", "1"),
    "https://x.test/s/liveview/liveview-stimulus.min.js?v=1",
    "a hashed file name (ManifestStaticFilesStorage) still loads the minified part",
  );
  assert.equal(chunkUrl("http://x.test/liveview.js", "navigation", "1"), "http://x.test/liveview-navigation.js?v=1");
});

/** A document whose added scripts "load" on the next tick, defining `defines[name]`. */
function fakeDocument(/** @type {Record<string, any>} */ window, /** @type {Record<string, unknown>} */ defines, fail = false) {
  /** @type {any[]} */
  const added = [];
  return {
    added,
    createElement: () => ({}),
    head: {
      append(/** @type {any} */ script) {
        added.push(script);
        setTimeout(() => {
          if (fail) {
            script.onerror();
            return;
          }
          const name = /liveview-(\w+)/.exec(script.src)?.[1] ?? "";
          if (defines[name]) definePart(window, name, /** @type {any} */ (defines[name]));
          script.onload();
        }, 0);
      },
    },
  };
}

test("a_part_loads_once_with_the_nonce", async () => {
  const window = /** @type {any} */ ({});
  const document = fakeDocument(window, { uploads: { createUploads: 1 } });
  const load = createChunkLoader({ window, document: /** @type {any} */ (document), src: "https://x.test/liveview.min.js", nonce: "n0nce", version: "1" });
  const [first, second] = await Promise.all([load("uploads"), load("uploads")]);
  assert.equal(first, second);
  assert.deepEqual(first, { createUploads: 1 });
  assert.equal(document.added.length, 1);
  assert.equal(document.added[0].nonce, "n0nce");
  assert.equal(window[REGISTRY].uploads, first);
  await assert.rejects(load("stimulus"), /defined nothing/);
  // A part already on the page (a second copy of the main script) is not fetched again.
  const again = createChunkLoader({ window, document: /** @type {any} */ (document), src: "https://x.test/liveview.min.js", nonce: "", version: "1" });
  assert.equal(await again("uploads"), first);
  assert.equal(document.added.length, 2);
});

test("a_part_that_fails_to_load_is_tried_again_later", async () => {
  const window = /** @type {any} */ ({});
  const document = fakeDocument(window, {}, true);
  const load = createChunkLoader({ window, document: /** @type {any} */ (document), src: "https://x.test/liveview.js", nonce: "", version: "1" });
  await assert.rejects(load("uploads"), /could not load https:\/\/x\.test\/liveview-uploads\.js\?v=1/);
  await assert.rejects(load("uploads"));
  assert.equal(document.added.length, 2);
  assert.equal(document.added[0].nonce, undefined);
});

test("window_stimulus_queues_calls_until_the_application_is_there", async () => {
  const window = /** @type {any} */ ({});
  /** @type {unknown[][]} */
  const calls = [];
  const application = { register: (/** @type {unknown[]} */ ...args) => calls.push(args) };
  let loads = 0;
  let fail = true;
  /** @type {string[]} */
  const errors = [];
  const handle = createStimulusHandle({
    window,
    load: async () => {
      loads += 1;
      if (fail) throw new Error("offline");
      return application;
    },
    reportError: (message) => errors.push(message),
  });
  assert.equal(await handle.load(), null, "a failed load is reported");
  assert.deepEqual(errors, ["Stimulus could not be loaded"]);
  fail = false;
  window.Stimulus.register("hello", "HelloController");
  assert.equal(loads, 2, "reading window.Stimulus starts the load again");
  assert.equal(await handle.load(), application);
  assert.equal(window.Stimulus, application);
  assert.deepEqual(calls, [["hello", "HelloController"]]);
  window.Stimulus = "mine";
  assert.equal(window.Stimulus, "mine", "a page may set its own");
});

test("uploads_load_when_a_page_needs_them", async () => {
  /** @type {string[]} */
  const errors = [];
  let hasInput = false;
  const document = /** @type {any} */ ({ querySelector: () => (hasInput ? {} : null), addEventListener() {} });
  const calls = /** @type {unknown[][]} */ ([]);
  const real = /** @type {any} */ ({
    prepare: async (/** @type {unknown} */ inputs) => ({ file: ["id"], inputs }),
    handOver: (/** @type {unknown[]} */ ...args) => calls.push(["handOver", ...args]),
    settled: (/** @type {unknown[]} */ ...args) => calls.push(["settled", ...args]),
    onMessage: () => "real",
    resume: () => calls.push(["resume"]),
  });
  let loads = 0;
  let fail = false;
  const uploads = createUploadLoader({
    document,
    reportError: (message) => errors.push(message),
    load: async () => {
      loads += 1;
      if (fail) throw new Error("offline");
      return real;
    },
  });
  uploads.preload();
  assert.equal(loads, 0, "no file input: nothing fetched");
  assert.equal(uploads.onMessage('{"upload":"x"}'), true, "a stray upload reply is swallowed");
  assert.equal(uploads.onMessage('{"html":"x"}'), false);
  uploads.handOver("r1", []);
  uploads.settled("r1");
  uploads.resume();
  assert.deepEqual(calls, []);
  fail = true;
  assert.equal(await uploads.prepare([], "save"), null);
  assert.deepEqual(errors, ["file uploads are not available"]);
  fail = false;
  hasInput = true;
  uploads.preload();
  uploads.preload();
  assert.equal(loads, 2);
  assert.deepEqual(await uploads.prepare([], "save"), { file: ["id"], inputs: [] });
  assert.equal(uploads.onMessage("{}"), "real");
  uploads.handOver("r2", []);
  uploads.settled("r2");
  uploads.resume();
  assert.deepEqual(calls, [["handOver", "r2", []], ["settled", "r2"], ["resume"]]);
  const file = { tagName: "INPUT", type: "file", name: "avatar", disabled: false };
  assert.equal(isFileInput(/** @type {any} */ (file)), true);
  assert.deepEqual(uploads.inputsIn([file, { ...file, name: "" }, { ...file, type: "text" }]), [file]);
});

test("navigation_loads_when_the_page_uses_it", async () => {
  let state = /** @type {unknown} */ (null);
  let build = false;
  let links = false;
  const window = /** @type {any} */ ({ history: { get state() { return state; } } });
  const document = /** @type {any} */ ({
    documentElement: { hasAttribute: () => build },
    querySelector: () => (links ? {} : null),
  });
  const calls = /** @type {unknown[]} */ ([]);
  const real = /** @type {any} */ ({
    start: () => calls.push("start"),
    pathChanged: () => calls.push("path"),
    restoreRegion: () => true,
  });
  let fail = false;
  /** @type {string[]} */
  const errors = [];
  const make = () =>
    createNavigationLoader({
      window,
      document,
      reportError: (message) => errors.push(message),
      load: async () => {
        if (fail) throw new Error("offline");
        return real;
      },
    });

  const plain = make();
  plain.preload();
  plain.start();
  plain.pathChanged();
  assert.equal(plain.restoreRegion(/** @type {any} */ ({}), ""), false);
  await new Promise((resolve) => setTimeout(resolve, 0));
  assert.deepEqual(calls, [], "a page without live navigation fetches nothing");

  // A link inserted later loads it, and it starts at once.
  plain.preload();
  await new Promise((resolve) => setTimeout(resolve, 0));
  assert.deepEqual(calls, ["start"]);
  plain.pathChanged();
  assert.equal(plain.restoreRegion(/** @type {any} */ ({}), ""), true);
  assert.deepEqual(calls, ["start", "path"]);

  for (const [setup, reason] of /** @type {[() => void, string][]} */ ([
    [() => (build = true), "the server follows the path"],
    [() => ((build = false), (state = { navigated: true })), "an entry reached live"],
    [() => ((state = null), (links = true)), "data-liveview-navigate"],
  ])) {
    setup();
    calls.length = 0;
    make().start();
    await new Promise((resolve) => setTimeout(resolve, 0));
    assert.deepEqual(calls, ["start"], reason);
  }
  fail = true;
  make().start();
  await new Promise((resolve) => setTimeout(resolve, 0));
  assert.deepEqual(errors, ["live navigation is not available"]);
});

test("a_lazy_binding_binds_what_appeared_while_its_part_loaded", async () => {
  /** @type {string[]} */
  const bound = [];
  /** @type {string[]} */
  const errors = [];
  let loads = 0;
  let fail = true;
  const binding = createLazyBinding({
    selector: "[data-x]",
    async load() {
      loads += 1;
      if (fail) throw new Error("offline");
      return {
        selector: "[data-x]",
        bind: (/** @type {any} */ element) => {
          if (element.id === "broken") throw new Error("bad map");
          bound.push(element.id);
        },
        rearm: (/** @type {any} */ element, /** @type {boolean} */ matches) => bound.push(`${element.id}:${matches}`),
      };
    },
    reportError: (message) => errors.push(message),
  });
  /** @param {string} id @param {boolean} [connected] */
  const element = (id, connected = true) =>
    /** @type {any} */ ({ id, isConnected: connected, matches: () => true });
  const [a, b, gone, broken, dropped] = [element("a"), element("b"), element("gone", false), element("broken"), element("dropped")];
  binding.bind(a);
  await new Promise((resolve) => setTimeout(resolve, 0));
  assert.deepEqual(errors, ["binding not available"]);
  fail = false;
  binding.bind(b); // the next element tries again
  binding.bind(gone);
  binding.bind(broken);
  binding.rearm?.(dropped, true);
  binding.rearm?.(dropped, false);
  await new Promise((resolve) => setTimeout(resolve, 0));
  assert.equal(loads, 2);
  assert.deepEqual(bound, ["a", "b"], "removed, dropped and failing elements are not bound");
  assert.deepEqual(errors, ["binding not available", "binding failed"]);
  binding.bind(element("c"));
  binding.rearm?.(a, false);
  assert.deepEqual(bound, ["a", "b", "c", "a:false"], "once loaded, the part's binding is used at once");
});

test("the_stale_part_loads_only_for_a_build_a_carried_reload_or_a_credential", async () => {
  /** @param {string | null} build @param {Record<string, string>} stored */
  function make(build, stored = {}, fail = false) {
    /** @type {string[]} */
    const calls = [];
    /** @type {string[]} */
    const errors = [];
    const loader = createStaleLoader({
      window: /** @type {any} */ ({ location: { pathname: "/p", search: "?q=1" } }),
      document: /** @type {any} */ ({ documentElement: { getAttribute: () => build } }),
      storage: { getItem: (key) => stored[key] ?? null, setItem() {}, removeItem() {} },
      reportError: (message) => errors.push(message),
      async load() {
        calls.push("load");
        if (fail) throw new Error("offline");
        return /** @type {any} */ ({
          start: () => calls.push("start"),
          serverBuild: (/** @type {string} */ server) => calls.push(`build ${server}`),
          reloadWhenSafe: (/** @type {string} */ reason) => calls.push(`reload ${reason}`),
        });
      },
    });
    return { loader, calls, errors };
  }
  const tick = () => new Promise((resolve) => setTimeout(resolve, 0));
  const plain = make(null);
  plain.loader.start();
  plain.loader.serverBuild("b2");
  assert.equal(plain.loader.query(), "");
  assert.equal(plain.loader.isStale("b2"), false);
  await tick();
  assert.deepEqual(plain.calls, [], "a page without a build fetches nothing");
  plain.loader.reloadWhenSafe("credentials");
  await tick();
  assert.deepEqual(plain.calls, ["load", "start", "reload credentials"]);

  const built = make("b1");
  assert.equal(built.loader.query(), "?build=b1&path=%2Fp%3Fq%3D1");
  assert.equal(built.loader.isStale("b2"), true);
  assert.equal(built.loader.isStale("b1"), false);
  assert.equal(built.loader.isStale(""), false);
  built.loader.start();
  built.loader.serverBuild("b1");
  built.loader.serverBuild("b2");
  await tick();
  assert.deepEqual(built.calls, ["load", "start", "build b2"]);

  const carried = make(null, { "liveview:carry": "{}" });
  carried.loader.start();
  await tick();
  assert.deepEqual(carried.calls, ["load", "start"]);

  const failing = make("b1", {}, true);
  failing.loader.start();
  await tick();
  assert.deepEqual(failing.errors, ["stale-build handling is not available"]);
});

test("lazy_binding_binds_an_element_that_comes_while_the_part_settles", async () => {
  /** @type {string[]} */
  const bound = [];
  /** @type {any} */
  let binding = null;
  const element = (/** @type {string} */ id) => /** @type {any} */ ({ id, isConnected: true, matches: () => true });
  const late = element("late");
  binding = createLazyBinding({
    selector: "[data-x]",
    async load() {
      return {
        selector: "[data-x]",
        bind: (/** @type {any} */ each) => {
          bound.push(each.id);
          // A server update inserts another element as the first is bound, before the part's
          // promise has settled.
          if (each.id === "first") queueMicrotask(() => binding.bind(late));
        },
      };
    },
    reportError: () => {},
  });
  binding.bind(element("first"));
  await new Promise((resolve) => setTimeout(resolve, 0));
  assert.deepEqual(bound, ["first", "late"]);
});
