// One MutationObserver applies every binding to elements present at start and to those the
// server (or anything else) inserts later.

/**
 * @typedef {Object} Binding
 * @property {string} selector  Elements the binding applies to.
 * @property {(element: Element) => void} bind  Called for each such element when it appears.
 * @property {(element: Element, matches: boolean) => void} [rearm]  Called for an element kept
 *   in place whose binding attributes changed: treat it as a new one (`matches`: it still
 *   matches `selector`).
 */

/**
 * @param {Element} root
 * @param {string} selector
 */
function matching(root, selector) {
  const found = Array.from(root.querySelectorAll(selector));
  if (root.matches(selector)) found.unshift(root);
  return found;
}

/**
 * @param {Object} deps
 * @param {Binding[]} deps.bindings
 * @param {typeof MutationObserver} deps.MutationObserver
 * @param {(message: string, detail?: Record<string, unknown>) => void} deps.reportError
 */
export function createBindingObserver({ bindings, MutationObserver, reportError }) {
  /** @param {Element} root */
  function scan(root) {
    for (const binding of bindings) {
      for (const element of matching(root, binding.selector)) {
        try {
          binding.bind(element);
        } catch (error) {
          reportError("binding failed", { element, error: String(error) });
        }
      }
    }
  }

  /** @type {MutationObserver | null} */
  let observer = null;

  return {
    /** Bind what is inside `root` now and watch it for insertions. @param {Element} root */
    start(root) {
      scan(root);
      observer = new MutationObserver((records) => {
        for (const record of records) {
          for (const node of Array.from(record.addedNodes)) {
            // An element added and removed again before this callback is not on the page.
            if (node.nodeType === 1 && node.isConnected) scan(/** @type {Element} */ (node));
          }
        }
      });
      observer.observe(root, { childList: true, subtree: true });
    },
    /**
     * Elements kept in place whose binding attributes changed: re-armed as new ones.
     * @param {Element[]} elements
     */
    rearm(elements) {
      for (const element of elements) {
        for (const binding of bindings) {
          if (!binding.rearm) continue;
          try {
            binding.rearm(element, element.matches(binding.selector));
          } catch (error) {
            reportError("binding failed", { element, error: String(error) });
          }
        }
      }
    },
    stop() {
      observer?.disconnect();
      observer = null;
    },
  };
}
