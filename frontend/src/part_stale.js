// Part "stale": reloading a tab whose build is stale, or whose credentials cannot be renewed,
// at a safe moment (stale.js), loaded by stale_loader.js; and fetching the page again for a
// fresh room after the server refused one or ended the session (identity.js), loaded by
// client.js then.

import { definePart } from "./chunks.js";
import { fetchPage } from "./identity.js";
import { createStaleGuard } from "./stale.js";

definePart(/** @type {any} */ (window), "stale", { createStaleGuard, fetchPage });
