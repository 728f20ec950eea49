// data-liveview-intersect-appear / -disappear="fn": call fn when the element enters or leaves
// the viewport; data-liveview-intersect-threshold="200" fires 200 px early.

import { ATTR } from "../constants.js";

/**
 * "200" → "200px"; absent or not a number → "0px".
 * @param {string | null} value
 */
export function rootMarginFor(value) {
  const px = value === null ? 0 : Number.parseInt(value, 10);
  return `${Number.isFinite(px) ? px : 0}px`;
}

/**
 * What an intersection change calls: "appear" on entering, "disappear" on leaving after having
 * been seen, nothing otherwise (an element that starts outside the viewport has not "left" it).
 * @param {boolean | undefined} wasVisible
 * @param {boolean} isVisible
 * @returns {"appear" | "disappear" | null}
 */
export function intersectionChange(wasVisible, isVisible) {
  if (isVisible && wasVisible !== true) return "appear";
  if (!isVisible && wasVisible === true) return "disappear";
  return null;
}

/**
 * @param {Object} deps
 * @param {(element: Element, functionName: string) => void} deps.trigger
 * @param {typeof IntersectionObserver | undefined} deps.IntersectionObserver
 * @param {(...args: unknown[]) => void} deps.debug
 * @returns {import("./observer.js").Binding}
 */
export function createIntersectBinding({ trigger, IntersectionObserver, debug }) {
  /** One observer per root margin. @type {Map<string, IntersectionObserver>} */
  const observers = new Map();
  /** @type {WeakMap<Element, boolean>} */
  const visible = new WeakMap();
  /** @type {WeakSet<Element>} */
  const observed = new WeakSet();

  /** @param {IntersectionObserverEntry[]} entries */
  function onEntries(entries) {
    for (const entry of entries) {
      const element = entry.target;
      if (!element.isConnected) {
        // Removed from the page: that is not leaving the viewport.
        forget(element);
        continue;
      }
      const change = intersectionChange(visible.get(element), entry.isIntersecting);
      visible.set(element, entry.isIntersecting);
      if (!change) continue;
      const name = element.getAttribute(
        change === "appear" ? ATTR.intersectAppear : ATTR.intersectDisappear,
      );
      if (name) trigger(element, name);
    }
  }

  /** @param {string} margin */
  function observerFor(margin) {
    let observer = observers.get(margin);
    if (!observer && IntersectionObserver) {
      observer = new IntersectionObserver(onEntries, { rootMargin: margin });
      observers.set(margin, observer);
    }
    return observer;
  }

  /** @param {Element} element */
  function forget(element) {
    for (const observer of observers.values()) observer.unobserve(element);
    observed.delete(element);
    visible.delete(element);
  }

  /** @type {import("./observer.js").Binding} */
  const binding = {
    selector: `[${ATTR.intersectAppear}], [${ATTR.intersectDisappear}]`,
    /**
     * Observed anew, as a new element: on screen, it "appears" again (the infinite scroll
     * trigger re-rendered with the next page number loads that page).
     */
    rearm(element, matches) {
      forget(element);
      if (matches) binding.bind(element);
    },
    bind(element) {
      if (observed.has(element)) return;
      const observer = observerFor(rootMarginFor(element.getAttribute(ATTR.intersectThreshold)));
      if (!observer) {
        debug("IntersectionObserver is not available; intersect bindings are off");
        return;
      }
      observed.add(element);
      observer.observe(element);
    },
  };
  return binding;
}
