// Builds the browser bundle into ../src/liveview/static/liveview/: liveview.js (readable) and
// liveview.min.js, both IIFEs with the Python package's version injected.
//
//   node build.mjs          write both files
//   node build.mjs --check  build in memory; exit 1 if the files on disk differ (CI)

import { readFile, writeFile, mkdir } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";

const here = dirname(fileURLToPath(import.meta.url));
const versionFile = join(here, "..", "src", "liveview", "__init__.py");
const outDir = join(here, "..", "src", "liveview", "static", "liveview");
const check = process.argv.includes("--check");

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

/** Build both files in memory: `[{path, contents}, ...]`, readable first. */
export async function build() {
  const version = await readVersion();
  /** @param {string} name */
  const versionOf = async (name) =>
    JSON.parse(await readFile(join(here, "node_modules", name, "package.json"), "utf8")).version;
  const stimulusVersion = await versionOf("@hotwired/stimulus");
  const idiomorphVersion = await versionOf("idiomorph");
  const common = {
    absWorkingDir: here,
    entryPoints: ["src/index.js"],
    bundle: true,
    format: "iife",
    target: ["es2020"],
    charset: "utf8",
    define: { __LIVEVIEW_VERSION__: JSON.stringify(version) },
    // Stimulus (MIT) is bundled in: its notice travels with it. idiomorph (0BSD) needs none;
    // it is named so readers know what is inside.
    banner: {
      js: `/*! liveview ${version} | bundles Stimulus ${stimulusVersion}, Copyright (c) 2023 Basecamp, LLC, MIT license; idiomorph ${idiomorphVersion}, 0BSD */`,
    },
    write: false,
    logLevel: "warning",
  };
  // Both variants in one invocation pair; no source maps or timestamps, so equal inputs give
  // equal bytes.
  const [readable, minified] = await Promise.all([
    esbuild.build({ ...common, outfile: join(outDir, "liveview.js") }),
    esbuild.build({ ...common, outfile: join(outDir, "liveview.min.js"), minify: true }),
  ]);
  return [readable, minified].map((result) => result.outputFiles[0]);
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
    console.log("bundle is up to date");
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
