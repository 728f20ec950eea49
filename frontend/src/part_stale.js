// Part "stale": reloading a tab whose build is stale, or whose credentials cannot be renewed,
// at a safe moment (stale.js), loaded by stale_loader.js.

import { definePart } from "./chunks.js";
import { createStaleGuard } from "./stale.js";

definePart(/** @type {any} */ (window), "stale", { createStaleGuard });
