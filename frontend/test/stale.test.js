import assert from "node:assert/strict";
import { test } from "node:test";
import { headKey, planHead } from "../src/head.js";
import { handshakeQuery, safeToReload } from "../src/stale.js";

test("stale_no_build_keeps_the_documented_socket_url", () => {
  assert.equal(handshakeQuery(null, { pathname: "/a/", search: "?b=1" }), "");
});

test("stale_build_and_path_go_in_the_handshake", () => {
  assert.equal(handshakeQuery("v 2", { pathname: "/a/", search: "?b=1" }), "?build=v+2&path=%2Fa%2F%3Fb%3D1");
});

test("stale_reload_waits_for_acks_and_for_edits_of_a_visible_tab", () => {
  assert.equal(safeToReload({ inFlight: 0, edited: false, hidden: false }), true);
  assert.equal(safeToReload({ inFlight: 1, edited: false, hidden: false }), false);
  assert.equal(safeToReload({ inFlight: 0, edited: true, hidden: false }), false);
  // A hidden tab carries its edits over the reload; what awaits an ack is never dropped.
  assert.equal(safeToReload({ inFlight: 0, edited: true, hidden: true }), true);
  assert.equal(safeToReload({ inFlight: 1, edited: true, hidden: true }), false);
});

/**
 * A stand-in for a head element.
 * @param {string} tag
 * @param {Record<string, string>} [attrs]
 * @param {string} [text]
 */
function el(tag, attrs = {}, text = "") {
  return /** @type {Element} */ (
    /** @type {unknown} */ ({
      tagName: tag.toUpperCase(),
      textContent: text,
      outerHTML: `<${tag} ${JSON.stringify(attrs)}>${text}</${tag}>`,
      getAttribute: (/** @type {string} */ name) => attrs[name] ?? null,
      hasAttribute: (/** @type {string} */ name) => name in attrs,
    })
  );
}

test("head_script_key_ignores_the_per_response_nonce", () => {
  assert.equal(headKey(el("script", { src: "/a.js", nonce: "1" })), headKey(el("script", { src: "/a.js", nonce: "2" })));
  assert.equal(headKey(el("meta", { name: "Description", content: "a" })), "meta:name=description");
});

test("head_keys_tell_each_kind_of_head_element_apart", () => {
  assert.equal(headKey(el("base", { href: "/" })), "base");
  assert.equal(headKey(el("meta", { charset: "utf-8" })), "meta:charset");
  assert.equal(headKey(el("meta", { property: "og:Title", content: "a" })), "meta:property=og:title");
  assert.equal(headKey(el("meta", { "http-equiv": "Refresh", content: "5" })), "meta:http-equiv=refresh");
  // A meta naming nothing is only the same as an identical one.
  const bare = el("meta", { content: "x" });
  assert.equal(headKey(bare), `meta:${bare.outerHTML}`);
  assert.notEqual(headKey(bare), headKey(el("meta", { content: "y" })));
  assert.equal(headKey(el("link", {})), "link::");
  assert.equal(headKey(el("script", {}, "run()")), "script:text:run()");
  assert.notEqual(headKey(el("script", {}, "run()")), headKey(el("script", { src: "run()" })));
  const noscript = el("noscript", {}, "x");
  assert.equal(headKey(noscript), `noscript:${noscript.outerHTML}`);
});

test("head_plan_adds_new_updates_meta_removes_old_styles_keeps_scripts", () => {
  const oldStyle = el("link", { rel: "stylesheet", href: "/old.css" });
  const shared = el("link", { rel: "stylesheet", href: "/base.css" });
  const script = el("script", { src: "/liveview.js" });
  const description = el("meta", { name: "description", content: "old" });
  const nonceMeta = el("meta", { name: "liveview-csp-nonce", content: "n1" });
  const permanent = el("style", { "data-liveview-permanent": "" }, "x{}");
  const newStyle = el("link", { rel: "stylesheet", href: "/new.css" });
  const newDescription = el("meta", { name: "description", content: "new" });
  const plan = planHead(
    [el("title"), oldStyle, shared, script, description, nonceMeta, permanent],
    [
      el("title"),
      el("link", { rel: "stylesheet", href: "/base.css" }),
      newStyle,
      el("script", { src: "/liveview.js", nonce: "other" }),
      newDescription,
      el("meta", { name: "liveview-csp-nonce", content: "n2" }),
    ],
  );
  assert.deepEqual(plan.remove, [oldStyle]);
  assert.deepEqual(plan.update, [[description, newDescription]]);
  assert.deepEqual(plan.add, [newStyle]);
});
