// Part "bindings": keyboard maps (bindings/keyboard.js) and intersect bindings
// (bindings/intersect.js), loaded by bindings/lazy.js when the page has such an element.

import { definePart } from "./chunks.js";
import { createIntersectBinding } from "./bindings/intersect.js";
import { createKeyboardBinding } from "./bindings/keyboard.js";

definePart(/** @type {any} */ (window), "bindings", { createKeyboardBinding, createIntersectBinding });
