// Whose state the tab holds. History snapshots and persisted messages live in sessionStorage,
// which outlives a logout and the next user's login in the same tab: they are bound to the
// identity the page was rendered for (`<html data-liveview-identity>`, a value the server
// derives from the session) and dropped when it changes, so the next user never sees the
// previous user's HTML on Back, and no message of theirs is replayed under another session.
// After the server refused a room or ended a session, the page is fetched again for a fresh
// room and identity.

import { ATTR, STORAGE_KEY } from "./constants.js";

/** @typedef {import("./snapshot_store.js").StorageLike} StorageLike */

/**
 * The identity a page was rendered for, or null if it does not say.
 * @param {Pick<Document, "documentElement">} document
 */
export function identityOf(document) {
  return document.documentElement.getAttribute(ATTR.identity) || null;
}

/**
 * Record `identity` as the tab's; true if stored state may belong to someone else (the tab
 * held another identity, or none yet). A page that does not say (null) changes nothing.
 * @param {StorageLike | null} storage
 * @param {string | null} identity
 */
export function identityChanged(storage, identity) {
  if (identity === null || !storage) return false;
  /** @type {string | null} */
  let stored = null;
  try {
    stored = storage.getItem(STORAGE_KEY.identity);
    storage.setItem(STORAGE_KEY.identity, identity);
  } catch {
    return false;
  }
  return stored !== identity;
}

/**
 * The page as the server renders it now for this tab's cookie (`GET location.href`, same
 * origin): its room (null if the server answered without one: an error page, a page that no
 * longer has a room for this visitor) and identity; null if the server could not be reached.
 * @param {{fetch: typeof fetch, location: Location, DOMParser: typeof DOMParser}} window
 * @param {(...args: unknown[]) => void} debug
 * @returns {Promise<{room: string | null, identity: string | null} | null>}
 */
export async function fetchPage(window, debug) {
  let response;
  try {
    response = await window.fetch(window.location.href, {
      credentials: "same-origin",
      cache: "no-store",
      headers: { Accept: "text/html" },
    });
  } catch (error) {
    debug("could not fetch the page for a fresh room:", String(error));
    return null;
  }
  if (!response.ok) return { room: null, identity: null };
  try {
    const page = new window.DOMParser().parseFromString(await response.text(), "text/html");
    return { room: page.documentElement.getAttribute(ATTR.room) || null, identity: identityOf(page) };
  } catch (error) {
    debug("could not read the page for a fresh room:", String(error));
    return null;
  }
}
