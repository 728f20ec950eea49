// Part "history": the snapshot store and restoring an entry on Back/Forward
// (history_restore.js), loaded by history.js.

import { definePart } from "./chunks.js";
import { createRestorer, isSnapshot } from "./history_restore.js";
import { createSnapshotStore } from "./snapshot_store.js";

definePart(/** @type {any} */ (window), "history", { createRestorer, createSnapshotStore, isSnapshot });
