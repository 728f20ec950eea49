// Part "stimulus": the full Stimulus, for pages with controllers of their own. It takes over the
// `page` actions from actions.js and becomes window.Stimulus.

import { Application } from "@hotwired/stimulus";
import { definePart } from "./chunks.js";
import { createPageController } from "./controller.js";

definePart(/** @type {any} */ (window), "stimulus", {
  /**
   * @param {{run: (element: Element) => void}} client
   * @returns {Application}
   */
  start(client) {
    const application = Application.start();
    application.register("page", createPageController(client));
    return application;
  },
});
