import assert from "node:assert/strict";
import { test } from "node:test";
import { build, ENTRIES, gzipped, MAIN_GZIP_LIMIT, MAIN_LIMIT, MANGLED } from "../build.mjs";

test("build_is_deterministic_and_versioned", async () => {
  const [first, second] = [await build(), await build()];
  assert.equal(first.length, ENTRIES.length * 2);
  for (let i = 0; i < first.length; i += 1) {
    assert.equal(first[i].path, second[i].path);
    assert.ok(Buffer.from(first[i].contents).equals(Buffer.from(second[i].contents)));
  }
  assert.match(first[0].path, /liveview\.js$/);
  assert.match(first[1].path, /liveview\.min\.js$/);
  for (const file of first) {
    const text = new TextDecoder().decode(file.contents);
    assert.match(text, /^\/\*! liveview \d+\.\d+\.\d+\S* /);
    assert.doesNotMatch(text, /__LIVEVIEW_VERSION__/);
    assert.doesNotMatch(text, /\beval\(|new Function/);
  }
});

test("main_script_stays_within_the_original_size", async () => {
  const files = await build();
  const main = files.find((file) => file.path.endsWith("/liveview.min.js"));
  assert.ok(main);
  assert.ok(main.contents.length <= MAIN_LIMIT, `${main.contents.length} bytes`);
  assert.ok(gzipped(main.contents) <= MAIN_GZIP_LIMIT, `${gzipped(main.contents)} bytes gzipped`);
  // Stimulus and idiomorph are each in exactly one file: the parts share the main script's
  // idiomorph, and the main script carries no Stimulus.
  /** @param {string} suffix */
  const modules = (suffix) => {
    const file = files.find((each) => each.path.endsWith(suffix));
    return Object.keys(Object.values(file.metafile.outputs)[0].inputs).join("\n");
  };
  assert.match(modules("/liveview.min.js"), /idiomorph/);
  assert.doesNotMatch(modules("/liveview.min.js"), /@hotwired\/stimulus/);
  assert.match(modules("/liveview-stimulus.min.js"), /@hotwired\/stimulus/);
  assert.doesNotMatch(modules("/liveview-navigation.min.js"), /node_modules\/idiomorph/);
  assert.doesNotMatch(modules("/liveview-uploads.min.js"), /node_modules\/idiomorph/);
  // What only some pages use is in a part, not in the main script.
  for (const rare of ["bindings/keyboard.js", "bindings/intersect.js", "src/uploads.js", "src/navigate.js"]) {
    assert.doesNotMatch(modules("/liveview.min.js"), new RegExp(rare.replace(".", "\\.")));
  }
  assert.match(modules("/liveview-bindings.min.js"), /bindings\/keyboard\.js/);
});

test("shortened_property_names_agree_across_the_minified_files", async () => {
  const files = await build();
  // Each part is a bundle of its own: a name shortened in one and spelled out in another would
  // break the calls between them. Every minified file but Stimulus's shortens all of them; the
  // readable files keep them.
  for (const file of files) {
    const text = new TextDecoder().decode(file.contents);
    const minified = file.path.endsWith(".min.js") && !file.path.endsWith("liveview-stimulus.min.js");
    for (const name of MANGLED) {
      const spelled = new RegExp(`[.{,]${name}\\b(?!")`).test(text.replace(/"(?:[^"\\]|\\.)*"/g, '""'));
      if (minified) assert.ok(!spelled, `${name} is spelled out in ${file.path}`);
    }
  }
  const main = new TextDecoder().decode(files[0].contents);
  assert.match(main, /\bcreateNavigation\b/); // the readable main script is unchanged
});
