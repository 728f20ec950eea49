import assert from "node:assert/strict";
import { test } from "node:test";
import { formDestination, linkDestination } from "../src/navigate_links.js";
import { createPrefetchCache } from "../src/prefetch.js";

const HERE = "http://site.test/orders/?page=1";
const link = (/** @type {string} */ href, extra = {}) => ({ href, target: null, download: false, ...extra });

test("navigate_same_origin_link_is_followed_live", () => {
  assert.equal(linkDestination(link("/orders/7/"), {}, HERE), "http://site.test/orders/7/");
});

test("navigate_other_origin_and_schemes_are_left_to_the_browser", () => {
  assert.equal(linkDestination(link("http://other.test/"), {}, HERE), null);
  assert.equal(linkDestination(link("mailto:a@b.test"), {}, HERE), null);
  assert.equal(linkDestination(link("javascript:alert(1)"), {}, HERE), null);
});

test("navigate_modified_or_prevented_clicks_are_left_to_the_browser", () => {
  for (const event of [{ metaKey: true }, { ctrlKey: true }, { shiftKey: true }, { altKey: true }, { button: 1 }, { defaultPrevented: true }]) {
    assert.equal(linkDestination(link("/a/"), event, HERE), null, JSON.stringify(event));
  }
});

test("navigate_target_and_download_are_left_to_the_browser", () => {
  assert.equal(linkDestination(link("/a/", { target: "_blank" }), {}, HERE), null);
  assert.equal(linkDestination(link("/a/", { download: true }), {}, HERE), null);
  assert.equal(linkDestination(link("/a/", { target: "_self" }), {}, HERE), "http://site.test/a/");
});

test("navigate_fragment_of_this_page_is_left_to_the_browser", () => {
  assert.equal(linkDestination(link("#total"), {}, HERE), null);
  assert.equal(linkDestination(link("/orders/?page=2#total"), {}, HERE), "http://site.test/orders/?page=2#total");
});

test("navigate_get_form_replaces_the_query_of_its_action", () => {
  const entries = /** @type {[string, string][]} */ ([["q", "a b"], ["tag", "x"], ["tag", "y"]]);
  assert.equal(formDestination("/search/?old=1#top", entries, HERE), "http://site.test/search/?q=a+b&tag=x&tag=y");
  assert.equal(formDestination("http://other.test/search/", entries, HERE), null);
});

test("navigate_prefetch_is_used_once_and_only_while_fresh", async () => {
  let now = 0;
  const cache = createPrefetchCache({ now: () => now, ttl: 100 });
  const page = Promise.resolve({ status: 200, url: "/a/", html: "" });
  cache.put("/a/", page, () => {});
  assert.equal(cache.has("/a/"), true);
  assert.equal(cache.take("/a/"), page);
  assert.equal(cache.take("/a/"), null);
  cache.put("/b/", page, () => {});
  now = 101;
  assert.equal(cache.take("/b/"), null);
});

test("navigate_prefetch_cancel_aborts_only_a_pending_fetch", async () => {
  const cache = createPrefetchCache({ now: () => 0, ttl: 100 });
  let aborted = 0;
  /** @type {(value: null) => void} */
  let finish = () => {};
  cache.put("/a/", new Promise((resolve) => (finish = resolve)), () => (aborted += 1));
  cache.cancel("/a/");
  assert.equal(aborted, 1);
  assert.equal(cache.has("/a/"), false);
  const done = Promise.resolve(null);
  cache.put("/b/", done, () => (aborted += 1));
  await done;
  await Promise.resolve();
  cache.cancel("/b/");
  assert.equal(aborted, 1);
  assert.equal(cache.has("/b/"), true);
  finish(null);
});

test("navigate_prefetch_cache_is_bounded", () => {
  const cache = createPrefetchCache({ now: () => 0, ttl: 100, limit: 2 });
  for (const url of ["/a/", "/b/", "/c/"]) cache.put(url, Promise.resolve(null), () => {});
  assert.equal(cache.has("/a/"), false);
  assert.equal(cache.has("/c/"), true);
});
