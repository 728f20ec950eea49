import assert from "node:assert/strict";
import { test } from "node:test";
import { createHistory, indexFromState, selectorFor } from "../src/history.js";
import { createRestorer, isSnapshot } from "../src/history_restore.js";
import { createSnapshotStore } from "../src/snapshot_store.js";

/** A page with a few regions and a native-like session history (entries, pointer, popstate). */
function fakePage(regions = { "#main": "home", "#side": "side 0" }) {
  /** @type {Map<string, {innerHTML: string, cleaned: number}>} */
  const elements = new Map(
    Object.entries(regions).map(([selector, html]) => [selector, { innerHTML: html, cleaned: 0 }]),
  );
  const attrs = new Map([["lang", "en"]]);
  const document = {
    title: "Home",
    /** @param {string} selector */
    querySelector: (selector) => elements.get(selector) ?? null,
    documentElement: {
      /** @param {string} n */
      getAttribute: (n) => attrs.get(n) ?? null,
      /** @param {string} n @param {string} v */
      setAttribute: (n, v) => attrs.set(n, v),
      /** @param {string} n */
      removeAttribute: (n) => attrs.delete(n),
    },
  };
  /** @type {{state: unknown, url: string}[]} */
  let entries = [{ state: null, url: "https://site/" }];
  let pointer = 0;
  /** @type {((event: {state: unknown}) => void)[]} */
  const listeners = [];
  const reloads = /** @type {string[]} */ ([]);
  const window = {
    scrollX: 0,
    scrollY: 0,
    /** @param {number} x @param {number} y */
    scrollTo(x, y) {
      window.scrollX = x;
      window.scrollY = y;
    },
    location: {
      get href() {
        return entries[pointer].url;
      },
      reload: () => reloads.push(entries[pointer].url),
    },
    history: {
      scrollRestoration: "auto",
      get state() {
        return entries[pointer].state;
      },
      /** @param {unknown} state @param {string} _title @param {string} url */
      pushState(state, _title, url) {
        entries = entries.slice(0, pointer + 1);
        entries.push({ state: structuredClone(state), url: new URL(url, entries[pointer].url).href });
        pointer += 1;
      },
      /** @param {unknown} state */
      replaceState(state) {
        entries[pointer].state = structuredClone(state);
      },
    },
    /** @param {string} type @param {(event: {state: unknown}) => void} listener */
    addEventListener(type, listener) {
      if (type === "popstate") listeners.push(listener);
    },
  };
  /**
   * Back or Forward by `delta`; resolves once what the listeners started (loading the history
   * part) is done.
   * @param {number} delta
   */
  function go(delta) {
    pointer += delta;
    for (const listener of listeners) listener({ state: entries[pointer].state });
    return new Promise((resolve) => setTimeout(resolve, 0));
  }
  /** @param {string} url  A #fragment navigation: new entry, null state, no popstate. */
  function followAnchor(url) {
    entries = entries.slice(0, pointer + 1);
    entries.push({ state: null, url: new URL(url, entries[pointer].url).href });
    pointer += 1;
  }
  return { window, document, elements, attrs, go, followAnchor, reloads, entries: () => entries };
}

/**
 * @param {ReturnType<typeof fakePage>} [page]
 * @param {any} [storage]
 * @param {number} [limit]  Snapshots kept (the store's default when undefined).
 * @param {boolean} [failing]  The history part cannot be loaded.
 */
function setup(page = fakePage(), storage = null, limit = undefined, failing = false) {
  /** @type {[string, any][]} */
  const events = [];
  const diagnostics = {
    /** @param {string} name @param {unknown} detail */
    emit: (name, detail) => events.push([name, detail]),
    debug() {},
    error() {},
  };
  const store = createSnapshotStore({ storage, limit });
  /** @type {string[]} */
  const loads = [];
  const history = createHistory({
    window: /** @type {any} */ (page.window),
    document: /** @type {any} */ (page.document),
    storage,
    diagnostics,
    load: async (touched, query) => {
      loads.push("history");
      if (failing) throw new Error("offline");
      const restore = createRestorer({
        window: /** @type {any} */ (page.window),
        document: /** @type {any} */ (page.document),
        touched,
        query,
        debug() {},
        cleanup: (element) => {
          /** @type {any} */ (element).cleaned += 1;
        },
      });
      return { store, restore, isSnapshot };
    },
  });
  history.start();
  /**
   * What the renderer does for {target, html, url}.
   * @param {string} selector @param {string} html @param {string} [url]
   */
  function serverUpdate(selector, html, url) {
    history.touch([selector]);
    if (url) history.push(new URL(url, page.window.location.href).href);
    /** @type {any} */ (page.elements.get(selector)).innerHTML = html;
  }
  const html = (/** @type {string} */ selector) => page.elements.get(selector)?.innerHTML;
  return { page, history, store, events, serverUpdate, html, loads };
}

test("indexFromState_only_ours", () => {
  assert.equal(indexFromState({ liveview: true, index: 3 }), 3);
  assert.equal(indexFromState({ index: 3 }), null);
  assert.equal(indexFromState(null), null);
  assert.equal(indexFromState({ liveview: true, index: "3" }), null);
});

test("isSnapshot_shape", () => {
  assert.equal(isSnapshot({ regions: [["#a", "x"]] }), true);
  assert.equal(isSnapshot({ regions: [["#a", 1]] }), false);
  assert.equal(isSnapshot(null), false);
});

test("start_stamps_the_first_entry", () => {
  const { page } = setup();
  assert.deepEqual(page.window.history.state, { liveview: true, index: 1 });
});

test("start_keeps_existing_state_keys", () => {
  const page = fakePage();
  page.window.history.replaceState({ other: 1 });
  setup(page);
  assert.deepEqual(page.window.history.state, { other: 1, liveview: true, index: 1 });
});

test("push_adds_entry_with_new_index", () => {
  const { page, history, serverUpdate } = setup();
  serverUpdate("#main", "articles", "/articles/");
  assert.equal(page.window.location.href, "https://site/articles/");
  assert.deepEqual(page.window.history.state, { liveview: true, index: 2 });
  assert.equal(history.index(), 2);
  assert.equal(page.window.history.scrollRestoration, "manual");
});

test("push_same_url_adds_no_entry", () => {
  const { page, serverUpdate } = setup();
  serverUpdate("#main", "again", "/");
  assert.equal(page.entries().length, 1);
});

test("back_and_forward_restore_regions_title_lang_scroll", async () => {
  const { page, events, serverUpdate, html } = setup();
  page.window.scrollTo(0, 120);
  serverUpdate("#main", "articles", "/articles/");
  page.document.title = "Articles";
  page.attrs.set("lang", "es");
  page.window.scrollTo(0, 0);

  await page.go(-1);
  assert.equal(html("#main"), "home");
  assert.equal(page.document.title, "Home");
  assert.equal(page.attrs.get("lang"), "en");
  assert.equal(page.window.scrollY, 120);
  assert.deepEqual(events.at(-1), ["liveview:history-restored", { url: "https://site/", index: 1 }]);

  await page.go(1);
  assert.equal(html("#main"), "articles");
  assert.equal(page.document.title, "Articles");
  assert.equal(page.attrs.get("lang"), "es");
  assert.equal(page.window.scrollY, 0);
  assert.deepEqual(events.at(-1), ["liveview:history-restored", { url: "https://site/articles/", index: 2 }]);
});

test("restore_calls_cleanup_on_replaced_regions", async () => {
  const { page, serverUpdate } = setup();
  serverUpdate("#main", "a", "/a");
  await page.go(-1);
  assert.equal(page.elements.get("#main")?.cleaned, 1);
});

test("multi_step_jump_and_zigzag", async () => {
  const { page, serverUpdate, html } = setup();
  serverUpdate("#main", "one", "/1");
  serverUpdate("#main", "two", "/2");
  serverUpdate("#main", "three", "/3");
  await page.go(-3);
  assert.equal(html("#main"), "home");
  await page.go(2);
  assert.equal(html("#main"), "two");
  await page.go(-1);
  assert.equal(html("#main"), "one");
  await page.go(2);
  assert.equal(html("#main"), "three");
});

test("region_first_touched_later_returns_to_its_earlier_content", async () => {
  const { page, serverUpdate, html } = setup();
  serverUpdate("#main", "one", "/1");
  serverUpdate("#side", "side 2", "/2");
  await page.go(-2);
  assert.equal(html("#main"), "home");
  assert.equal(html("#side"), "side 0");
  await page.go(2);
  assert.equal(html("#side"), "side 2");
});

test("changes_without_url_are_kept_with_the_entry", async () => {
  const { page, serverUpdate, html } = setup();
  serverUpdate("#main", "one", "/1");
  serverUpdate("#side", "typed on one");
  serverUpdate("#main", "two", "/2");
  await page.go(-1);
  assert.equal(html("#side"), "typed on one");
  assert.equal(html("#main"), "one");
});

test("branching_after_back_replaces_forward_entries", async () => {
  const { page, serverUpdate, html } = setup();
  serverUpdate("#main", "one", "/1");
  serverUpdate("#main", "two", "/2");
  await page.go(-1);
  serverUpdate("#main", "branch", "/b");
  assert.equal(page.entries().length, 3);
  await page.go(-1);
  assert.equal(html("#main"), "one");
  await page.go(-1);
  assert.equal(html("#main"), "home");
  await page.go(2);
  assert.equal(html("#main"), "branch");
});

test("entry_without_snapshot_reloads", async () => {
  const { page, serverUpdate, store } = setup();
  serverUpdate("#main", "one", "/1");
  // As if the first entry's snapshot had been pruned.
  /** @type {any} */ (store).get = () => null;
  await page.go(-1);
  assert.deepEqual(page.reloads, ["https://site/"]);
});

// Going back as far as the snapshot limit allows: saving the entry being left used to prune
// the oldest snapshot, the very one being gone to, before it was read (a reload instead).
test("back_to_the_oldest_kept_snapshot_restores_it", async () => {
  const { page, serverUpdate, html, events } = setup(fakePage(), null, 2);
  serverUpdate("#main", "one", "/1");
  serverUpdate("#main", "two", "/2");
  await page.go(-2);
  assert.deepEqual(page.reloads, []);
  assert.equal(html("#main"), "home");
  assert.equal(events.filter(([n]) => n === "liveview:history-restored").length, 1);
});

test("fragment_entries_do_nothing", async () => {
  const { page, serverUpdate, events, html } = setup();
  serverUpdate("#main", "one", "/1");
  page.followAnchor("#section");
  await page.go(-1);
  assert.equal(html("#main"), "one");
  await page.go(1);
  assert.equal(html("#main"), "one");
  assert.deepEqual(page.reloads, []);
  assert.equal(events.filter(([n]) => n === "liveview:history-restored").length, 0);
});

test("foreign_state_is_left_alone", async () => {
  const { page, serverUpdate, html } = setup();
  serverUpdate("#main", "one", "/1");
  page.window.history.pushState({ router: "theirs" }, "", "/theirs");
  page.window.history.pushState({ liveview: true, index: 999 }, "", "/x");
  await page.go(-1);
  assert.equal(html("#main"), "one");
  assert.deepEqual(page.reloads, []);
});

test("snapshots_survive_reload_through_storage", async () => {
  /** @type {Map<string, string>} */
  const data = new Map();
  const storage = {
    getItem: (/** @type {string} */ k) => data.get(k) ?? null,
    setItem: (/** @type {string} */ k, /** @type {string} */ v) => void data.set(k, v),
    removeItem: (/** @type {string} */ k) => void data.delete(k),
  };
  const page = fakePage();
  const first = setup(page, /** @type {any} */ (storage));
  first.serverUpdate("#main", "one", "/1");
  // Reload: a fresh page at the same entry, rendered by the server, and a fresh client.
  const reloaded = fakePage({ "#main": "one", "#side": "side 0" });
  reloaded.entries().splice(0, 1, ...page.entries());
  await reloaded.go(1);
  const second = setup(reloaded, /** @type {any} */ (storage));
  assert.equal(second.history.index(), 2);
  await reloaded.go(-1);
  assert.equal(second.html("#main"), "home");
});

test("a_page_that_never_pushes_fetches_no_history_part", async () => {
  const { page, serverUpdate, loads, history } = setup();
  serverUpdate("#main", "changed");
  page.followAnchor("#section");
  await page.go(-1);
  history.forget();
  assert.deepEqual(loads, []);
  serverUpdate("#main", "one", "/1");
  assert.deepEqual(loads, ["history"]);
});

test("forget_clears_stored_snapshots_of_another_user", async () => {
  /** @type {Map<string, string>} */
  const data = new Map();
  const storage = {
    getItem: (/** @type {string} */ k) => data.get(k) ?? null,
    setItem: (/** @type {string} */ k, /** @type {string} */ v) => void data.set(k, v),
    removeItem: (/** @type {string} */ k) => void data.delete(k),
  };
  const first = setup(fakePage(), /** @type {any} */ (storage));
  first.serverUpdate("#main", "one", "/1");
  await first.page.go(0);
  assert.ok(data.has("liveview:snapshot:1"));
  // A later page of this tab, before its history part was ever loaded.
  const later = setup(fakePage(), /** @type {any} */ (storage));
  later.history.forget();
  await later.page.go(0);
  assert.deepEqual(later.loads, ["history"]);
  assert.ok(!data.has("liveview:snapshot:1"));
  assert.ok(!data.has("liveview:snapshot-order"));
});

test("back_without_the_history_part_loads_the_entry", async () => {
  const { page, serverUpdate, html } = setup(fakePage(), null, undefined, true);
  serverUpdate("#main", "one", "/1");
  await page.go(-1);
  assert.deepEqual(page.reloads, ["https://site/"]);
  assert.equal(html("#main"), "one");
});

test("selectorFor_uses_id_or_child_path", () => {
  /** @param {string} tagName @param {string} id @param {any} parent */
  const el = (tagName, id, parent) => {
    const node = { tagName, id, parentElement: parent, children: /** @type {any[]} */ ([]) };
    parent?.children.push(node);
    return node;
  };
  const body = el("BODY", "", null);
  const list = el("UL", "", body);
  el("LI", "", list);
  const second = el("LI", "", list);
  const named = el("DIV", "cart", body);
  assert.equal(selectorFor(/** @type {any} */ (named)), "#cart");
  assert.equal(selectorFor(/** @type {any} */ (el("P", 'a"b', body))), '[id="a\\"b"]');
  assert.equal(selectorFor(/** @type {any} */ (body)), "body");
  assert.equal(selectorFor(/** @type {any} */ (second)), "body > ul:nth-child(1) > li:nth-child(2)");
});
