// Part "navigation": live navigation (navigate.js, page_swap.js, head.js), loaded by
// navigation_loader.js. idiomorph comes from the main script (build.mjs maps the import).

import { definePart } from "./chunks.js";
import { createNavigation } from "./navigate.js";

definePart(/** @type {any} */ (window), "navigation", { createNavigation });
