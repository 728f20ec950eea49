// The Stimulus `page` controller: `page#run` sends, `page#stop` stops propagation.

import { Controller } from "@hotwired/stimulus";

/**
 * @param {{run: (element: Element) => void}} client
 * @returns {import("@hotwired/stimulus").ControllerConstructor}
 */
export function createPageController(client) {
  return class PageController extends Controller {
    /** @param {Event} event */
    run(event) {
      event.preventDefault();
      // currentTarget is the element carrying data-action, except for @window/@document
      // actions, where the element the event started from is the best guess.
      const { currentTarget, target } = event;
      const element = currentTarget instanceof Element ? currentTarget : target;
      client.run(element instanceof Element ? element : this.element);
    }

    /** @param {Event} event */
    stop(event) {
      event.stopPropagation();
    }
  };
}
