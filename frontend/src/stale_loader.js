// Stale tabs as the main script sees them: it puts the page's build in the socket handshake
// (stale.js `handshakeQuery`) and loads the rest of stale.js, a separate part, when the page has
// a build identifier (`<html data-liveview-build>`), when a reload carried values for this page,
// or when a credential the tab cannot renew asks for a reload. Other pages never fetch it.

import { onDemand } from "./chunks.js";
import { ATTR, STORAGE_KEY } from "./constants.js";
import { handshakeQuery } from "./stale.js";

/** @typedef {ReturnType<typeof import("./stale.js").createStaleGuard>} StaleGuard */

/**
 * @param {Object} deps
 * @param {Window & typeof globalThis} deps.window
 * @param {Document} deps.document
 * @param {import("./snapshot_store.js").StorageLike | null} deps.storage
 * @param {() => Promise<StaleGuard>} deps.load  The stale part, made for this page.
 * @param {(message: string, detail?: Record<string, unknown>) => void} deps.reportError
 */
export function createStaleLoader({ window, document, storage, load, reportError }) {
  const build = document.documentElement.getAttribute(ATTR.build) || null;
  const ready = onDemand(
    () =>
      load().then((guard) => {
        guard.start();
        return guard;
      }),
    "stale-build handling is not available",
    reportError,
  );

  function carried() {
    try {
      return storage?.getItem(STORAGE_KEY.carry) != null;
    } catch {
      return false;
    }
  }

  return {
    /** What the socket URL carries. */
    query: () => handshakeQuery(build, window.location),
    /**
     * Whether a page of `fetchedBuild` (live navigation) must be loaded in full.
     * @param {string} fetchedBuild
     */
    isStale: (fetchedBuild) => build !== null && fetchedBuild !== "" && fetchedBuild !== build,
    /** @param {string} server  A server frame's `build`. */
    serverBuild(server) {
      if (build !== null && server !== build) ready().then((guard) => guard?.serverBuild(server));
    },
    /** @param {"credentials"} reason */
    reloadWhenSafe(reason) {
      ready().then((guard) => guard?.reloadWhenSafe(reason));
    },
    start() {
      if (build !== null || carried()) ready();
    },
  };
}
