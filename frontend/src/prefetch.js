// Pages fetched in advance when the pointer rests on a link (or a finger touches it), each used
// once by the click that follows, for a short while.

/** @typedef {import("./navigate.js").FetchedPage} FetchedPage */

/**
 * Prefetched pages, each usable for `ttl` ms; at most `limit` kept.
 * @param {{now: () => number, ttl: number, limit?: number}} options
 */
export function createPrefetchCache({ now, ttl, limit = 20 }) {
  /** @type {Map<string, {at: number, page: Promise<FetchedPage | null>, abort: () => void, settled: boolean}>} */
  const entries = new Map();
  return {
    /**
     * @param {string} url
     * @param {Promise<FetchedPage | null>} page
     * @param {() => void} abort
     */
    put(url, page, abort) {
      entries.delete(url);
      const entry = { at: now(), page, abort, settled: false };
      entries.set(url, entry);
      page.then(
        () => (entry.settled = true),
        () => (entry.settled = true),
      );
      while (entries.size > limit) {
        const [oldest] = entries.keys();
        entries.delete(oldest);
      }
    },
    /**
     * Take a fresh entry for `url` (it is used once), or null.
     * @param {string} url
     */
    take(url) {
      const entry = entries.get(url);
      entries.delete(url);
      if (!entry || now() - entry.at > ttl) return null;
      return entry.page;
    },
    /** @param {string} url */
    has(url) {
      const entry = entries.get(url);
      return entry !== undefined && now() - entry.at <= ttl;
    },
    /**
     * The pointer left before the page arrived: stop fetching it.
     * @param {string} url
     */
    cancel(url) {
      const entry = entries.get(url);
      if (!entry || entry.settled) return;
      entries.delete(url);
      entry.abort();
    },
  };
}
