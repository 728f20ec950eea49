// Part "uploads": chunked, resumable file uploads (uploads.js), loaded by upload_loader.js.

import { definePart } from "./chunks.js";
import { createUploads } from "./uploads.js";

definePart(/** @type {any} */ (window), "uploads", { createUploads });
