// Builds the browser bundle into ../src/liveview/static/liveview/: liveview.js (readable) and
// liveview.min.js, both IIFEs with the Python package's version injected, and the parts only
// some pages need, which the main script loads on demand (src/chunks.js): liveview-stimulus.js
// (the full Stimulus), liveview-uploads.js, liveview-navigation.js, liveview-bindings.js
// (keyboard maps, intersect bindings), liveview-history.js (storing and restoring history
// snapshots) and liveview-stale.js (stale-build reloads, room renewal), each readable and .min.js.
//
//   node build.mjs          write every file
//   node build.mjs --check  build in memory; exit 1 if the files on disk differ (CI), or if
//                           liveview.min.js is over MAIN_LIMIT bytes or MAIN_GZIP_LIMIT gzipped
//   node build.mjs --sizes  print what each module costs in each minified file (metafile)

import { readFile, writeFile, mkdir } from "node:fs/promises";
import { dirname, join, relative, sep } from "node:path";
import { gzipSync } from "node:zlib";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";

const here = dirname(fileURLToPath(import.meta.url));
const versionFile = join(here, "..", "src", "liveview", "__init__.py");
const outDir = join(here, "..", "src", "liveview", "static", "liveview");
const check = process.argv.includes("--check");

/** The main script, minified, stays within the original Django LiveView's (62,994 bytes). */
export const MAIN_LIMIT = 62994;
/**
 * The main script, minified and gzipped (zlib level 9), stays at the size reached so far, so it
 * cannot grow back. The target is the original 2.5.0's liveview.min.js: 16,140 bytes gzipped
 * the same way (16,130 with Python's gzip, as bench/ measures; "15.8 KB" there, KB = 1024).
 */
export const MAIN_GZIP_LIMIT = 18_076; // +28: a keyboard map keeps its tabindex through a morph
/**
 * Property names the minified files shorten (esbuild `mangleProps`): names only the client's own
 * objects carry (factories' methods and dependencies, constant tables' keys, the parts' exports,
 * idiomorph's internal morph context and helpers). Never a DOM or JavaScript name, a key of the
 * wire format, of `webSocketConfig`, of an event's `detail`, of what sessionStorage keeps, or of
 * idiomorph's options: those are read or written by name outside the bundle. The parts are
 * separate bundles, so every minified build shares one `mangleCache`: a name is shortened the
 * same way in each. Shortened this way, liveview.min.js is 490 bytes smaller gzipped (18,538 to
 * 18,048). A name added here must be one no outside code reads; a property added to the wire
 * format, an event's detail or `webSocketConfig` must not be spelled like one of these.
 */
export const MANGLED = [
  // dependencies and methods of the client's factories (client.js, socket.js, loading.js, ...)
  "diagnostics", "emit", "rearm", "reportError", "made", "onMessage", "onConnectionChange",
  "onSocket", "onStorageError", "onExpired", "onClose", "onSent", "onDrop", "onFallback",
  "onOtherController", "timers", "loadPart", "reloadWhenSafe", "restoreRegion", "swapRegion",
  "reconnectNow", "pathChanged", "serverBuild", "isSnapshot", "markOldestPage", "pageLoading",
  "sendNow", "isStale", "inputsIn", "prepare", "handOver", "resynced", "drain", "forget",
  "isOpen", "isExhausted", "replayWindow", "inFlight", "sendPath", "fetchPage", "missing",
  "eventName", "keyFilter", "functionName", "settle", "settled", "track", "written", "replays",
  "applied", "touch", "protocols", "query", "functions",
  // the parts' exports (chunks.js registers them, the main script calls them)
  "createIntersectBinding", "createKeyboardBinding", "createSnapshotStore", "createStaleGuard",
  "createNavigation", "createRestorer", "createUploads",
  // keys of the constant tables (constants.js) that no other object has
  "queueDropped", "historyRestored", "sessionEnded", "loadingStart", "loadingEnd", "navigateAway",
  "roomRefused", "tooBig", "revoked", "rateLimited", "slowReader", "staleReload",
  "intersectAppear", "intersectDisappear", "intersectThreshold", "keyboardMap", "disableWith",
  // idiomorph's morph context and helpers, which never leave it
  "idMap", "persistentIds", "pantry", "activeElementAndParents", "newContent", "realParentNode",
  "originalNode", "normalizeElement", "normalizeParent", "templateElement", "headElement",
  "inputElement", "optionElement", "textAreaElement",
];

/** Entry points: the main script and the parts it loads on demand. */
export const ENTRIES = [
  ["src/index.js", "liveview"],
  ["src/part_stimulus.js", "liveview-stimulus"],
  ["src/part_uploads.js", "liveview-uploads"],
  ["src/part_navigation.js", "liveview-navigation"],
  ["src/part_bindings.js", "liveview-bindings"],
  ["src/part_stale.js", "liveview-stale"],
  ["src/part_history.js", "liveview-history"],
];

/**
 * In the parts, `import { Idiomorph } from "idiomorph"` is the copy the main script already
 * carries (index.js registers it as part "core"), not a second one.
 * @type {esbuild.Plugin}
 */
const sharedIdiomorph = {
  name: "shared-idiomorph",
  setup(build) {
    build.onResolve({ filter: /^idiomorph$/ }, () => ({ path: "idiomorph", namespace: "shared" }));
    build.onLoad({ filter: /.*/, namespace: "shared" }, () => ({
      contents: "export const Idiomorph = window.liveviewChunks.core.Idiomorph;",
      loader: "js",
    }));
  },
};

/** Read `__version__ = "X.Y.Z"` from the Python package, the one place the version is written. */
async function readVersion() {
  let text;
  try {
    text = await readFile(versionFile, "utf8");
  } catch (error) {
    throw new Error(`cannot read the version: ${versionFile} is missing (${error.code})`);
  }
  const match = /^__version__\s*=\s*["']([^"']+)["']/m.exec(text);
  if (!match) throw new Error(`no line __version__ = "X.Y.Z" in ${versionFile}`);
  return match[1];
}

/** Build every file in memory: `[{path, contents, metafile}, ...]`, readable before minified. */
export async function build() {
  const version = await readVersion();
  /** @param {string} name */
  const versionOf = async (name) =>
    JSON.parse(await readFile(join(here, "node_modules", name, "package.json"), "utf8")).version;
  const stimulusVersion = await versionOf("@hotwired/stimulus");
  const idiomorphVersion = await versionOf("idiomorph");
  const common = {
    absWorkingDir: here,
    bundle: true,
    format: "iife",
    target: ["es2020"],
    charset: "utf8",
    define: { __LIVEVIEW_VERSION__: JSON.stringify(version) },
    write: false,
    metafile: true,
    logLevel: "warning",
  };
  // Stimulus (MIT) is bundled in its part: its notice travels with it. idiomorph (0BSD) needs
  // none; it is named so readers know what is inside.
  /** @param {string} name */
  const banner = (name) => ({
    js:
      name === "liveview-stimulus"
        ? `/*! liveview ${version} | Stimulus ${stimulusVersion}, Copyright (c) 2023 Basecamp, LLC, MIT license */`
        : name === "liveview"
          ? `/*! liveview ${version} | bundles idiomorph ${idiomorphVersion}, 0BSD */`
          : `/*! liveview ${version} */`,
  });
  // Every variant of every entry; no source maps or timestamps, so equal inputs give equal bytes.
  const builds = ENTRIES.flatMap(([entry, name]) => {
    const options = { ...common, entryPoints: [entry], banner: banner(name) };
    if (name !== "liveview") options.plugins = [sharedIdiomorph];
    return [
      { ...options, outfile: join(outDir, `${name}.js`) },
      { ...options, outfile: join(outDir, `${name}.min.js`), minify: true },
    ];
  });
  const mangleProps = new RegExp(`^(?:${MANGLED.join("|")})$`);
  // The minified builds one after the other, each given the names the previous ones chose.
  // Stimulus's part is left as it is: it shares none of these names with the main script, and
  // its own properties (some spelled like ours, `eventName`) are Stimulus's business.
  /** @type {Record<string, string | false>} */
  let mangleCache = {};
  const results = [];
  for (const options of builds) {
    if (!options.minify || options.outfile.endsWith("liveview-stimulus.min.js")) {
      results.push(await esbuild.build(options));
      continue;
    }
    const result = await esbuild.build({ ...options, mangleProps, mangleCache });
    mangleCache = result.mangleCache ?? mangleCache;
    results.push(result);
  }
  return results.map((result) => Object.assign(result.outputFiles[0], { metafile: result.metafile }));
}

/** @param {Uint8Array} contents */
export const gzipped = (contents) => gzipSync(Buffer.from(contents), { level: 9 }).length;

/** @param {number} bytes */
const kb = (bytes) => `${(bytes / 1000).toFixed(1)} KB`;

/** Print each minified file's size (and gzipped) and what each module costs in it. */
function printSizes(files) {
  for (const file of files.filter((f) => f.path.endsWith(".min.js"))) {
    console.log(`${relative(process.cwd(), file.path)}: ${file.contents.length} bytes, ${gzipped(file.contents)} gzipped`);
    const [output] = Object.values(file.metafile.outputs);
    const inputs = Object.entries(output.inputs).sort((a, b) => b[1].bytesInOutput - a[1].bytesInOutput);
    for (const [path, { bytesInOutput }] of inputs) {
      if (bytesInOutput > 0) console.log(`  ${kb(bytesInOutput).padStart(8)}  ${path}`);
    }
  }
}

async function main() {
  const files = await build();
  if (check) {
    const stale = [];
    for (const file of files) {
      const onDisk = await readFile(file.path).catch(() => null);
      if (onDisk === null || !onDisk.equals(Buffer.from(file.contents))) stale.push(file.path);
    }
    if (stale.length > 0) {
      for (const path of stale) {
        console.error(`${relative(process.cwd(), path)} is missing or differs from a fresh build`);
      }
      console.error("run `npm run build` in frontend/ and commit the result");
      process.exit(1);
    }
    const main = files.find((f) => f.path.endsWith(`${sep}liveview.min.js`));
    if (main && main.contents.length > MAIN_LIMIT) {
      console.error(`liveview.min.js is ${main.contents.length} bytes, over the limit of ${MAIN_LIMIT}`);
      process.exit(1);
    }
    if (main && gzipped(main.contents) > MAIN_GZIP_LIMIT) {
      console.error(`liveview.min.js is ${gzipped(main.contents)} bytes gzipped, over the limit of ${MAIN_GZIP_LIMIT}`);
      process.exit(1);
    }
    console.log("bundle is up to date");
    return;
  }
  if (process.argv.includes("--sizes")) {
    printSizes(files);
    return;
  }
  await mkdir(outDir, { recursive: true });
  for (const file of files) {
    await writeFile(file.path, file.contents);
    console.log(`wrote ${relative(process.cwd(), file.path)} (${file.contents.length} bytes)`);
  }
}

// Run only as a script, so tests can import build().
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((error) => {
    console.error(`build failed: ${error.message}`);
    process.exit(1);
  });
}
