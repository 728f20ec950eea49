/*! liveview 0.1.0 | bundles idiomorph 0.8.0, 0BSD */
"use strict";
(() => {
  // node_modules/idiomorph/dist/idiomorph.esm.js
  var Idiomorph = (function() {
    "use strict";
    const noOp = () => {
    };
    const defaults = {
      morphStyle: "outerHTML",
      callbacks: {
        beforeNodeAdded: noOp,
        afterNodeAdded: noOp,
        beforeNodeMorphed: noOp,
        afterNodeMorphed: noOp,
        beforeNodeRemoved: noOp,
        afterNodeRemoved: noOp,
        beforeAttributeUpdated: noOp
      },
      head: {
        style: "merge",
        shouldPreserve: (elt) => elt.getAttribute("im-preserve") === "true",
        shouldReAppend: (elt) => elt.getAttribute("im-re-append") === "true",
        shouldRemove: noOp,
        afterHeadMorphed: noOp
      },
      restoreFocus: true
    };
    function morph(oldNode, newContent, config2 = {}) {
      const oldElt = normalizeElement(oldNode);
      const newNode = normalizeParent(newContent);
      const ctx = createMorphContext(oldElt, newNode, config2);
      return withHeadBlocking(
        ctx,
        oldElt,
        newNode,
        /** @param {MorphContext} ctx */
        (ctx2) => {
          const morphedNodes = saveAndRestoreFocus(ctx2, () => {
            if (ctx2.morphStyle === "innerHTML") {
              morphChildren(ctx2, oldElt, newNode);
              return Array.from(oldElt.childNodes);
            } else {
              return morphOuterHTML(ctx2, oldElt, newNode);
            }
          });
          ctx2.pantry.remove();
          return morphedNodes;
        }
      );
    }
    function morphOuterHTML(ctx, oldNode, newNode) {
      const oldParent = normalizeParent(oldNode);
      morphChildren(
        ctx,
        oldParent,
        newNode,
        // these two optional params are the secret sauce
        oldNode,
        // start point for iteration
        oldNode.nextSibling
        // end point for iteration
      );
      return Array.from(oldParent.childNodes);
    }
    function saveAndRestoreFocus(ctx, fn) {
      if (!ctx.config.restoreFocus) return fn();
      let activeElement = (
        /** @type {HTMLInputElement|HTMLTextAreaElement|null} */
        ctx.doc.activeElement
      );
      if (!(is.inputElement(activeElement) || is.textAreaElement(activeElement))) {
        return fn();
      }
      const { id: activeElementId, selectionStart, selectionEnd } = activeElement;
      const results = fn();
      if (activeElementId && activeElementId !== ctx.doc.activeElement?.getAttribute("id")) {
        activeElement = ctx.target.querySelector(
          `[id="${CSS.escape(activeElementId)}"]`
        );
        activeElement?.focus();
      }
      if (activeElement && !activeElement.selectionEnd && selectionEnd) {
        try {
          activeElement.setSelectionRange(selectionStart, selectionEnd);
        } catch {
        }
      }
      return results;
    }
    const morphChildren = /* @__PURE__ */ (function() {
      function morphChildren2(ctx, oldParent, newParent, insertionPoint = null, endPoint = null) {
        if (is.templateElement(oldParent) && is.templateElement(newParent)) {
          oldParent = oldParent.content;
          newParent = newParent.content;
        }
        insertionPoint || (insertionPoint = oldParent.firstChild);
        for (const newChild of newParent.childNodes) {
          if (insertionPoint && insertionPoint != endPoint) {
            const bestMatch = findBestMatch(
              ctx,
              newChild,
              insertionPoint,
              endPoint
            );
            if (bestMatch) {
              if (bestMatch !== insertionPoint) {
                removeNodesBetween(ctx, insertionPoint, bestMatch);
              }
              morphNode(bestMatch, newChild, ctx);
              insertionPoint = bestMatch.nextSibling;
              continue;
            }
          }
          if (is.element(newChild)) {
            const newChildId = (
              /** @type {String} */
              newChild.getAttribute("id")
            );
            if (ctx.persistentIds.has(newChildId)) {
              const movedChild = moveBeforeById(
                oldParent,
                newChildId,
                insertionPoint,
                ctx
              );
              morphNode(movedChild, newChild, ctx);
              insertionPoint = movedChild.nextSibling;
              continue;
            }
          }
          const insertedNode = createNode(
            oldParent,
            newChild,
            insertionPoint,
            ctx
          );
          if (insertedNode) {
            insertionPoint = insertedNode.nextSibling;
          }
        }
        while (insertionPoint && insertionPoint != endPoint) {
          const tempNode = insertionPoint;
          insertionPoint = insertionPoint.nextSibling;
          removeNode(ctx, tempNode);
        }
      }
      function createNode(oldParent, newChild, insertionPoint, ctx) {
        if (ctx.callbacks.beforeNodeAdded(newChild) === false) return null;
        if (ctx.idMap.has(newChild)) {
          const newEmptyChild = ctx.doc.createElementNS(
            /** @type {Element} */
            newChild.namespaceURI,
            /** @type {Element} */
            newChild.localName
          );
          oldParent.insertBefore(newEmptyChild, insertionPoint);
          morphNode(newEmptyChild, newChild, ctx);
          ctx.callbacks.afterNodeAdded(newEmptyChild);
          return newEmptyChild;
        } else {
          const newClonedChild = ctx.doc.importNode(newChild, true);
          oldParent.insertBefore(newClonedChild, insertionPoint);
          ctx.callbacks.afterNodeAdded(newClonedChild);
          return newClonedChild;
        }
      }
      const findBestMatch = /* @__PURE__ */ (function() {
        function findBestMatch2(ctx, node, startPoint, endPoint) {
          let softMatch = null;
          let nextSibling = node.nextSibling;
          let siblingSoftMatchCount = 0;
          let cursor = startPoint;
          while (cursor && cursor != endPoint) {
            if (isSoftMatch(cursor, node)) {
              if (isIdSetMatch(ctx, cursor, node)) {
                return cursor;
              }
              if (softMatch === null) {
                if (!ctx.idMap.has(cursor)) {
                  softMatch = cursor;
                }
              }
            }
            if (softMatch === null && nextSibling && isSoftMatch(cursor, nextSibling)) {
              siblingSoftMatchCount++;
              nextSibling = nextSibling.nextSibling;
              if (siblingSoftMatchCount >= 2) {
                softMatch = void 0;
              }
            }
            if (ctx.activeElementAndParents.includes(cursor)) break;
            cursor = cursor.nextSibling;
          }
          return softMatch || null;
        }
        function isIdSetMatch(ctx, oldNode, newNode) {
          let oldSet = ctx.idMap.get(oldNode);
          let newSet = ctx.idMap.get(newNode);
          if (!newSet || !oldSet) return false;
          for (const id of oldSet) {
            if (newSet.has(id)) {
              return true;
            }
          }
          return false;
        }
        function isSoftMatch(oldNode, newNode) {
          const oldElt = (
            /** @type {Element} */
            oldNode
          );
          const newElt = (
            /** @type {Element} */
            newNode
          );
          return oldElt.nodeType === newElt.nodeType && oldElt.tagName === newElt.tagName && // If oldElt has an `id` with possible state and it doesn't match newElt.id then avoid morphing.
          // We'll still match an anonymous node with an IDed newElt, though, because if it got this far,
          // its not persistent, and new nodes can't have any hidden state.
          // We can't use .id because of form input shadowing, and we can't count on .getAttribute's presence because it could be a document-fragment
          (!oldElt.getAttribute?.("id") || oldElt.getAttribute?.("id") === newElt.getAttribute?.("id"));
        }
        return findBestMatch2;
      })();
      function removeNode(ctx, node) {
        if (node === ctx.pantry) return;
        if (ctx.idMap.has(node)) {
          moveBefore(ctx.pantry, node, null);
        } else {
          if (ctx.callbacks.beforeNodeRemoved(node) === false) return;
          node.parentNode?.removeChild(node);
          ctx.callbacks.afterNodeRemoved(node);
        }
      }
      function removeNodesBetween(ctx, startInclusive, endExclusive) {
        let cursor = startInclusive;
        while (cursor && cursor !== endExclusive) {
          let tempNode = (
            /** @type {Node} */
            cursor
          );
          cursor = cursor.nextSibling;
          removeNode(ctx, tempNode);
        }
        return cursor;
      }
      function moveBeforeById(parentNode, id, after, ctx) {
        const selector = `[id="${CSS.escape(id)}"]`;
        const target = (
          /** @type {Element} - will always be found */
          // ctx.target.id unsafe because of form input shadowing
          // ctx.target could be a document fragment which doesn't have `getAttribute`
          ctx.target.getAttribute?.("id") === id && ctx.target || ctx.target.querySelector(selector) || ctx.pantry.querySelector(selector)
        );
        removeElementFromAncestorsIdMaps(target, ctx);
        moveBefore(parentNode, target, after);
        return target;
      }
      function removeElementFromAncestorsIdMaps(element, ctx) {
        const id = (
          /** @type {String} */
          element.getAttribute("id")
        );
        while (element = element.parentNode) {
          let idSet = ctx.idMap.get(element);
          if (idSet) {
            idSet.delete(id);
            if (!idSet.size) {
              ctx.idMap.delete(element);
            }
          }
        }
      }
      function moveBefore(parentNode, element, after) {
        if (parentNode.moveBefore) {
          try {
            parentNode.moveBefore(element, after);
          } catch (e) {
            parentNode.insertBefore(element, after);
          }
        } else {
          parentNode.insertBefore(element, after);
        }
      }
      return morphChildren2;
    })();
    const morphNode = /* @__PURE__ */ (function() {
      function morphNode2(oldNode, newContent, ctx) {
        if (ctx.ignoreActive && oldNode === ctx.doc.activeElement) {
          return null;
        }
        if (ctx.callbacks.beforeNodeMorphed(oldNode, newContent) === false) {
          return oldNode;
        }
        if (is.headElement(oldNode) && ctx.head.style === "none") {
        } else if (is.headElement(oldNode) && ctx.head.style !== "morph") {
          handleHeadElement(
            oldNode,
            /** @type {HTMLHeadElement} */
            newContent,
            ctx
          );
        } else {
          morphAttributes(oldNode, newContent, ctx);
          if (!ignoreValueOfActiveElement(oldNode, ctx)) {
            morphChildren(ctx, oldNode, newContent);
          }
        }
        ctx.callbacks.afterNodeMorphed(oldNode, newContent);
        return oldNode;
      }
      function morphAttributes(oldNode, newNode, ctx) {
        let type = newNode.nodeType;
        if (type === 1) {
          const oldElt = (
            /** @type {Element} */
            oldNode
          );
          const newElt = (
            /** @type {Element} */
            newNode
          );
          const oldAttributes = oldElt.attributes;
          const newAttributes = newElt.attributes;
          for (const newAttribute of newAttributes) {
            if (oldElt.getAttribute(newAttribute.name) === newAttribute.value) {
              continue;
            }
            if (ignoreAttribute(newAttribute.name, oldElt, "update", ctx)) {
              continue;
            }
            oldElt.setAttributeNode(
              /** @type {Attr} */
              newAttribute.cloneNode()
            );
          }
          for (let i = oldAttributes.length - 1; 0 <= i; i--) {
            const oldAttribute = oldAttributes[i];
            if (!oldAttribute) continue;
            if (!newElt.hasAttribute(oldAttribute.name)) {
              if (ignoreAttribute(oldAttribute.name, oldElt, "remove", ctx)) {
                continue;
              }
              oldElt.removeAttribute(oldAttribute.name);
            }
          }
          if (!ignoreValueOfActiveElement(oldElt, ctx)) {
            syncInputValue(oldElt, newElt, ctx);
          }
        }
        if (type === 8 || type === 3) {
          if (oldNode.nodeValue !== newNode.nodeValue) {
            oldNode.nodeValue = newNode.nodeValue;
          }
        }
      }
      function syncInputValue(oldElement, newElement, ctx) {
        if (is.inputElement(oldElement) && is.inputElement(newElement) && newElement.type !== "file") {
          let newValue = newElement.value;
          let oldValue = oldElement.value;
          syncBooleanAttribute(oldElement, newElement, "checked", ctx);
          syncBooleanAttribute(oldElement, newElement, "disabled", ctx);
          if (!newElement.hasAttribute("value")) {
            if (!ignoreAttribute("value", oldElement, "remove", ctx)) {
              oldElement.value = "";
              oldElement.removeAttribute("value");
            }
          } else if (oldValue !== newValue) {
            if (!ignoreAttribute("value", oldElement, "update", ctx)) {
              oldElement.setAttribute("value", newValue);
              oldElement.value = newValue;
            }
          }
        } else if (is.optionElement(oldElement) && is.optionElement(newElement)) {
          syncBooleanAttribute(oldElement, newElement, "selected", ctx);
        } else if (is.textAreaElement(oldElement) && is.textAreaElement(newElement)) {
          let newValue = newElement.value;
          let oldValue = oldElement.value;
          if (ignoreAttribute("value", oldElement, "update", ctx)) {
            return;
          }
          if (newValue !== oldValue) {
            oldElement.value = newValue;
          }
          if (oldElement.firstChild && oldElement.firstChild.nodeValue !== newValue) {
            oldElement.firstChild.nodeValue = newValue;
          }
        }
      }
      function syncBooleanAttribute(oldElement, newElement, attributeName, ctx) {
        const newLiveValue = newElement[attributeName], oldLiveValue = oldElement[attributeName];
        if (newLiveValue !== oldLiveValue) {
          const ignoreUpdate = ignoreAttribute(
            attributeName,
            oldElement,
            "update",
            ctx
          );
          if (!ignoreUpdate) {
            oldElement[attributeName] = newElement[attributeName];
          }
          if (newLiveValue) {
            if (!ignoreUpdate) {
              oldElement.setAttribute(attributeName, "");
            }
          } else {
            if (!ignoreAttribute(attributeName, oldElement, "remove", ctx)) {
              oldElement.removeAttribute(attributeName);
            }
          }
        }
      }
      function ignoreAttribute(attr, element, updateType, ctx) {
        if (attr === "value" && ctx.ignoreActiveValue && element === ctx.doc.activeElement) {
          return true;
        }
        return ctx.callbacks.beforeAttributeUpdated(attr, element, updateType) === false;
      }
      function ignoreValueOfActiveElement(possibleActiveElement, ctx) {
        return !!ctx.ignoreActiveValue && possibleActiveElement === ctx.doc.activeElement && possibleActiveElement !== ctx.doc.body;
      }
      return morphNode2;
    })();
    function withHeadBlocking(ctx, oldNode, newNode, callback) {
      if (ctx.head.block && ctx.head.style !== "none") {
        const oldHead = oldNode.querySelector("head");
        const newHead = newNode.querySelector("head");
        if (oldHead && newHead) {
          const promises = handleHeadElement(oldHead, newHead, ctx);
          return Promise.all(promises).then(() => {
            const newCtx = Object.assign(ctx, {
              head: {
                block: false,
                style: "none"
              }
            });
            return callback(newCtx);
          });
        }
      }
      return callback(ctx);
    }
    function handleHeadElement(oldHead, newHead, ctx) {
      let added = [];
      let removed = [];
      let preserved = [];
      let nodesToAppend = [];
      let srcToNewHeadNodes = /* @__PURE__ */ new Map();
      for (const newHeadChild of newHead.children) {
        srcToNewHeadNodes.set(newHeadChild.outerHTML, newHeadChild);
      }
      for (const currentHeadElt of oldHead.children) {
        let inNewContent = srcToNewHeadNodes.has(currentHeadElt.outerHTML);
        let isReAppended = ctx.head.shouldReAppend(currentHeadElt);
        let isPreserved = ctx.head.shouldPreserve(currentHeadElt);
        if (inNewContent || isPreserved) {
          if (isReAppended) {
            removed.push(currentHeadElt);
          } else {
            srcToNewHeadNodes.delete(currentHeadElt.outerHTML);
            preserved.push(currentHeadElt);
          }
        } else {
          if (ctx.head.style === "append") {
            if (isReAppended) {
              removed.push(currentHeadElt);
              nodesToAppend.push(currentHeadElt);
            }
          } else {
            if (ctx.head.shouldRemove(currentHeadElt) !== false) {
              removed.push(currentHeadElt);
            }
          }
        }
      }
      nodesToAppend.push(...srcToNewHeadNodes.values());
      let promises = [];
      for (const newNode of nodesToAppend) {
        let newElt = (
          /** @type {ChildNode} */
          ctx.doc.createRange().createContextualFragment(newNode.outerHTML).firstChild
        );
        if (ctx.callbacks.beforeNodeAdded(newElt) !== false) {
          if ("href" in newElt && newElt.href || "src" in newElt && newElt.src) {
            let resolve;
            let promise = new Promise(function(_resolve) {
              resolve = _resolve;
            });
            newElt.addEventListener("load", function() {
              resolve();
            });
            promises.push(promise);
          }
          oldHead.appendChild(newElt);
          ctx.callbacks.afterNodeAdded(newElt);
          added.push(newElt);
        }
      }
      for (const removedElement of removed) {
        if (ctx.callbacks.beforeNodeRemoved(removedElement) !== false) {
          oldHead.removeChild(removedElement);
          ctx.callbacks.afterNodeRemoved(removedElement);
        }
      }
      ctx.head.afterHeadMorphed(oldHead, {
        added,
        kept: preserved,
        removed
      });
      return promises;
    }
    const createMorphContext = /* @__PURE__ */ (function() {
      function createMorphContext2(oldNode, newContent, config2) {
        const { persistentIds, idMap } = createIdMaps(oldNode, newContent);
        const mergedConfig = mergeDefaults(config2);
        const morphStyle = mergedConfig.morphStyle || "outerHTML";
        if (!["innerHTML", "outerHTML"].includes(morphStyle)) {
          throw `Do not understand how to morph style ${morphStyle}`;
        }
        if (morphStyle === "innerHTML" && !oldNode.append) {
          throw `Cannot morph the innerHTML of a ${oldNode.nodeName} node, as it cannot have children`;
        }
        const headStyle = mergedConfig.head.style || "merge";
        if (!["merge", "append", "morph", "none"].includes(headStyle)) {
          throw `Do not understand how to morph head style ${headStyle}`;
        }
        const doc = oldNode.ownerDocument;
        return {
          target: oldNode,
          newContent,
          doc,
          config: mergedConfig,
          morphStyle,
          ignoreActive: mergedConfig.ignoreActive,
          ignoreActiveValue: mergedConfig.ignoreActiveValue,
          restoreFocus: mergedConfig.restoreFocus,
          idMap,
          persistentIds,
          pantry: createPantry(doc),
          activeElementAndParents: createActiveElementAndParents(oldNode, doc),
          callbacks: mergedConfig.callbacks,
          head: mergedConfig.head
        };
      }
      function mergeDefaults(config2) {
        let finalConfig = Object.assign({}, defaults);
        Object.assign(finalConfig, config2);
        finalConfig.callbacks = Object.assign(
          {},
          defaults.callbacks,
          config2.callbacks
        );
        finalConfig.head = Object.assign({}, defaults.head, config2.head);
        return finalConfig;
      }
      function createPantry(doc) {
        const pantry = doc.createElement("div");
        pantry.hidden = true;
        doc.documentElement.append(pantry);
        return pantry;
      }
      function createActiveElementAndParents(oldNode, doc) {
        let activeElementAndParents = [];
        let elt = doc.activeElement;
        if (elt?.tagName !== "BODY" && oldNode.contains(elt)) {
          while (elt) {
            activeElementAndParents.push(elt);
            if (elt === oldNode) break;
            elt = elt.parentElement;
          }
        }
        return activeElementAndParents;
      }
      function findIdElements(root) {
        let elements = [];
        const rootElt = (
          /** @type {Partial<Element>} */
          root
        );
        for (const elt of rootElt.querySelectorAll?.("[id]") ?? []) {
          const id = elt.getAttribute("id");
          if (id) elements.push({ elt, id });
        }
        const rootId = rootElt.getAttribute?.("id");
        if (rootId)
          elements.push({ elt: (
            /** @type {Element} */
            root
          ), id: rootId });
        return elements;
      }
      function populateIdMapWithTree(idMap, persistentIds, root, elements) {
        for (const { elt, id } of elements) {
          if (persistentIds.has(id)) {
            let current = elt;
            while (current) {
              let idSet = idMap.get(current);
              if (idSet == null) {
                idSet = /* @__PURE__ */ new Set();
                idMap.set(current, idSet);
              }
              idSet.add(id);
              if (current === root) break;
              current = current.parentElement;
            }
          }
        }
      }
      function createIdMaps(oldContent, newContent) {
        const oldIdElements = findIdElements(oldContent);
        const newIdElements = findIdElements(newContent);
        const persistentIds = createPersistentIds(oldIdElements, newIdElements);
        let idMap = /* @__PURE__ */ new Map();
        populateIdMapWithTree(idMap, persistentIds, oldContent, oldIdElements);
        const newRoot = newContent.__idiomorphRoot || newContent;
        populateIdMapWithTree(idMap, persistentIds, newRoot, newIdElements);
        return { persistentIds, idMap };
      }
      function createPersistentIds(oldIdElements, newIdElements) {
        let duplicateIds = /* @__PURE__ */ new Set();
        let oldIdTagNameMap = /* @__PURE__ */ new Map();
        for (const { elt, id } of oldIdElements) {
          if (oldIdTagNameMap.has(id)) {
            duplicateIds.add(id);
          } else {
            oldIdTagNameMap.set(id, elt.tagName);
          }
        }
        let persistentIds = /* @__PURE__ */ new Set();
        for (const { elt, id } of newIdElements) {
          if (persistentIds.has(id)) {
            duplicateIds.add(id);
          } else if (oldIdTagNameMap.get(id) === elt.tagName) {
            persistentIds.add(id);
          }
        }
        for (const id of duplicateIds) {
          persistentIds.delete(id);
        }
        if (duplicateIds.size) {
          console.warn(
            "[Warning] duplicate ids found during morph, state loss within these elements is possible:",
            Array.from(duplicateIds)
          );
        }
        return persistentIds;
      }
      return createMorphContext2;
    })();
    const { normalizeElement, normalizeParent } = /* @__PURE__ */ (function() {
      const generatedByIdiomorph = /* @__PURE__ */ new WeakSet();
      function normalizeElement2(content) {
        if (is.document(content)) {
          return content.documentElement;
        } else {
          return (
            /** @type {Element} */
            content
          );
        }
      }
      function normalizeParent2(newContent) {
        if (newContent == null) {
          return document.createElement("div");
        } else if (typeof newContent === "string") {
          return normalizeParent2(parseContent(newContent));
        } else if (generatedByIdiomorph.has(
          /** @type {Element} */
          newContent
        )) {
          return (
            /** @type {Element} */
            newContent
          );
        } else if (is.node(newContent)) {
          if (newContent.parentNode) {
            return (
              /** @type {any} */
              new SlicedParentNode(newContent)
            );
          } else {
            const dummyParent = document.createElement("div");
            dummyParent.append(newContent);
            return dummyParent;
          }
        } else {
          const dummyParent = document.createElement("div");
          for (const elt of [...newContent]) {
            dummyParent.append(elt);
          }
          return dummyParent;
        }
      }
      class SlicedParentNode {
        /** @param {Node} node */
        constructor(node) {
          this.originalNode = node;
          this.realParentNode = /** @type {Element} */
          node.parentNode;
          this.previousSibling = node.previousSibling;
          this.nextSibling = node.nextSibling;
        }
        /** @returns {Node[]} */
        get childNodes() {
          const nodes = [];
          let cursor = this.previousSibling ? this.previousSibling.nextSibling : this.realParentNode.firstChild;
          while (cursor && cursor != this.nextSibling) {
            nodes.push(cursor);
            cursor = cursor.nextSibling;
          }
          return nodes;
        }
        /**
         * @param {string} selector
         * @returns {Element[]}
         */
        querySelectorAll(selector) {
          return this.childNodes.reduce(
            (results, node) => {
              if (is.element(node)) {
                if (node.matches(selector)) results.push(node);
                const nodeList = node.querySelectorAll(selector);
                for (let i = 0; i < nodeList.length; i++) {
                  results.push(nodeList[i]);
                }
              }
              return results;
            },
            /** @type {Element[]} */
            []
          );
        }
        /**
         * @param {Node} node
         * @param {Node} referenceNode
         * @returns {Node}
         */
        insertBefore(node, referenceNode) {
          return this.realParentNode.insertBefore(node, referenceNode);
        }
        /**
         * @param {Node} node
         * @param {Node} referenceNode
         * @returns {Node}
         */
        moveBefore(node, referenceNode) {
          return this.realParentNode.moveBefore(node, referenceNode);
        }
        /**
         * for later use with populateIdMapWithTree to halt upwards iteration
         * @returns {Node}
         */
        get __idiomorphRoot() {
          return this.originalNode;
        }
      }
      function parseContent(newContent) {
        let parser = new DOMParser();
        let contentWithSvgsRemoved = newContent.replace(
          /<svg(\s[^>]*>|>)([\s\S]*?)<\/svg>/gim,
          ""
        );
        if (contentWithSvgsRemoved.match(/<\/html>/) || contentWithSvgsRemoved.match(/<\/head>/) || contentWithSvgsRemoved.match(/<\/body>/)) {
          let content = parser.parseFromString(newContent, "text/html");
          content.doctype?.remove();
          if (contentWithSvgsRemoved.match(/<\/html>/)) {
            generatedByIdiomorph.add(content);
            return content;
          } else {
            let htmlElement = content.firstChild;
            if (htmlElement) {
              generatedByIdiomorph.add(htmlElement);
            }
            return htmlElement;
          }
        } else {
          let responseDoc = parser.parseFromString(
            "<body><template>" + newContent + "</template></body>",
            "text/html"
          );
          let content = (
            /** @type {HTMLTemplateElement} */
            responseDoc.body.querySelector("template").content
          );
          generatedByIdiomorph.add(content);
          return content;
        }
      }
      return { normalizeElement: normalizeElement2, normalizeParent: normalizeParent2 };
    })();
    const is = /* @__PURE__ */ (function() {
      const element = (value) => value instanceof Element || value?.nodeType === Node.ELEMENT_NODE;
      const htmlElement = (value, localName) => element(value) && value.localName === localName && value.namespaceURI === "http://www.w3.org/1999/xhtml";
      return {
        element,
        /** @param {unknown} value @returns {value is Node} */
        node: (value) => value instanceof Node || typeof /** @type {any} */
        value?.nodeType === "number",
        /** @param {Node | null | undefined} value @returns {value is Document} */
        document: (value) => value instanceof Document || value?.nodeType === Node.DOCUMENT_NODE,
        /** @param {Node | null | undefined} value @returns {value is HTMLTemplateElement} */
        templateElement: (value) => htmlElement(value, "template"),
        /** @param {Node | null | undefined} value @returns {value is HTMLHeadElement} */
        headElement: (value) => htmlElement(value, "head"),
        /** @param {Node | null | undefined} value @returns {value is HTMLInputElement} */
        inputElement: (value) => htmlElement(value, "input"),
        /** @param {Node | null | undefined} value @returns {value is HTMLOptionElement} */
        optionElement: (value) => htmlElement(value, "option"),
        /** @param {Node | null | undefined} value @returns {value is HTMLTextAreaElement} */
        textAreaElement: (value) => htmlElement(value, "textarea")
      };
    })();
    return {
      morph,
      defaults
    };
  })();

  // src/actions.js
  var PATTERN = /^(?:(?:([^.]+?)\+)?(.+?)(?:\.(.+?))?(?:@(window|document))?->)?(.+?)(?:#([^:]+?))(?::(.+))?$/;
  var MODIFIERS = ["meta", "ctrl", "alt", "shift"];
  var KEYS = (
    /** @type {Record<string, string>} */
    {
      enter: "Enter",
      tab: "Tab",
      esc: "Escape",
      space: " ",
      up: "ArrowUp",
      down: "ArrowDown",
      left: "ArrowLeft",
      right: "ArrowRight",
      home: "Home",
      end: "End",
      page_up: "PageUp",
      page_down: "PageDown"
    }
  );
  var DEFAULT_EVENTS = (
    /** @type {Record<string, string>} */
    {
      A: "click",
      BUTTON: "click",
      FORM: "submit",
      DETAILS: "toggle",
      SELECT: "change",
      TEXTAREA: "input"
    }
  );
  var PAGE = "page";
  var SCOPE = `[data-controller~="${PAGE}"]`;
  function parseAction(token, tagName, type) {
    const match = PATTERN.exec(token.trim());
    if (!match || !match[5] || !match[6]) return null;
    let eventName = match[2];
    let keyFilter = match[3] ?? "";
    if (keyFilter && !["keydown", "keyup", "keypress"].includes(eventName)) {
      eventName += `.${keyFilter}`;
      keyFilter = "";
    }
    if (!eventName) {
      const tag = tagName.toUpperCase();
      eventName = tag === "INPUT" ? type === "submit" ? "click" : "input" : DEFAULT_EVENTS[tag] ?? "";
    }
    if (!eventName) return null;
    const options = {};
    for (const option of (match[7] ?? "").split(":")) {
      if (option) options[option.replace(/^!/, "")] = !option.startsWith("!");
    }
    return {
      identifier: match[5],
      method: match[6],
      eventName,
      on: (
        /** @type {Action["on"]} */
        match[4] ?? ""
      ),
      keyFilter: match[1] || keyFilter,
      options
    };
  }
  function passesKeyFilter(filter, event, keyboard) {
    if (!filter) return true;
    const parts = keyboard ? filter.split("+") : [filter];
    const [meta, ctrl, alt, shift] = MODIFIERS.map((modifier) => parts.includes(modifier));
    if (Boolean(event.metaKey) !== meta || Boolean(event.ctrlKey) !== ctrl) return false;
    if (Boolean(event.altKey) !== alt || Boolean(event.shiftKey) !== shift) return false;
    if (!keyboard) return true;
    const key = parts.find((part) => !MODIFIERS.includes(part));
    if (!key) return true;
    const expected = KEYS[key] ?? (/^[a-z0-9]$/.test(key) ? key : null);
    return expected !== null && expected.toLowerCase() === String(event.key ?? "").toLowerCase();
  }
  function createActions({ window: window2, document: document2, client: client2, reportError, onOtherController }) {
    const bound = /* @__PURE__ */ new Map();
    let observer = null;
    function invoke(element, action, scope, event) {
      const keyboard = event instanceof window2.KeyboardEvent;
      const mouse = event instanceof window2.MouseEvent;
      if ((keyboard || mouse) && !passesKeyFilter(
        action.keyFilter,
        /** @type {KeyboardEvent} */
        event,
        keyboard
      )) {
        return;
      }
      const { target } = event;
      if (target !== element && target instanceof window2.Element && element.contains(target)) {
        if (target.closest(SCOPE) !== scope) return;
      }
      const { options } = action;
      if (options.stop) event.stopPropagation();
      if (options.prevent) event.preventDefault();
      if (options.self && target !== element) return;
      if (action.method === "stop") {
        event.stopPropagation();
      } else if (action.method === "run") {
        event.preventDefault();
        client2.run(action.on ? target instanceof window2.Element ? target : scope : element);
      } else {
        reportError(`data-action "${action.identifier}#${action.method}": page has no such method`, { element });
      }
    }
    function unbind(element) {
      const entry = bound.get(element);
      if (!entry) return;
      for (const [target, name, listener, capture] of entry.listeners) {
        target.removeEventListener(name, listener, capture);
      }
      bound.delete(element);
    }
    function bind(element) {
      const value = element.getAttribute("data-action") ?? "";
      const scope = element.closest(SCOPE);
      const entry = bound.get(element);
      if (entry && entry.value === value && entry.scope === scope) return;
      unbind(element);
      const listeners = [];
      const groups = /* @__PURE__ */ new Map();
      for (const token of value.split(/\s+/)) {
        if (!token) continue;
        const action = parseAction(token, element.tagName, element.getAttribute("type"));
        if (!action) continue;
        if (action.identifier !== PAGE) {
          onOtherController();
          continue;
        }
        if (!scope) continue;
        const key = `${action.on}|${action.eventName}|${Boolean(action.options.capture)}|${Boolean(action.options.once)}|${Boolean(action.options.passive)}`;
        let group = groups.get(key);
        if (!group) {
          group = [];
          groups.set(key, group);
          const target = action.on === "window" ? window2 : action.on === "document" ? document2 : element;
          const actions2 = group;
          const { capture = false, once = false, passive = false } = action.options;
          const listener = (event) => {
            for (const each of actions2) invoke(
              element,
              each,
              /** @type {Element} */
              scope,
              event
            );
          };
          target.addEventListener(action.eventName, listener, { capture, once, passive });
          listeners.push([target, action.eventName, listener, capture]);
        }
        group.push(action);
      }
      bound.set(element, { value, scope, listeners });
    }
    function scan(root) {
      if (root.hasAttribute("data-controller")) checkControllers(root);
      for (const element of Array.from(root.querySelectorAll("[data-controller]"))) checkControllers(element);
      if (root.hasAttribute("data-action")) bind(root);
      for (const element of Array.from(root.querySelectorAll("[data-action]"))) bind(element);
    }
    function checkControllers(element) {
      const names = (element.getAttribute("data-controller") ?? "").split(/\s+/);
      if (names.some((name) => name && name !== PAGE)) onOtherController();
    }
    function changed(records) {
      let removed = false;
      for (const record of records) {
        const target = (
          /** @type {Element} */
          record.target
        );
        if (record.type === "attributes") {
          if (record.attributeName === "data-controller") scan(target);
          else if (target.hasAttribute("data-action")) bind(target);
          else unbind(target);
          continue;
        }
        for (const node of Array.from(record.addedNodes)) if (node.nodeType === 1) scan(
          /** @type {Element} */
          node
        );
        if (record.removedNodes.length > 0) removed = true;
      }
      if (removed) {
        for (const element of Array.from(bound.keys())) if (!element.isConnected) unbind(element);
      }
    }
    return {
      start(root) {
        scan(root);
        const watcher = new window2.MutationObserver(changed);
        observer = watcher;
        watcher.observe(root, {
          subtree: true,
          childList: true,
          attributes: true,
          attributeFilter: ["data-action", "data-controller"]
        });
      },
      stop() {
        observer?.disconnect();
        observer = null;
        for (const element of Array.from(bound.keys())) unbind(element);
      }
    };
  }

  // src/chunks.js
  var REGISTRY = "liveviewChunks";
  function chunkUrl(src, name, version) {
    const url = new URL(src);
    const minified = /\.min(?:\.[0-9a-f]+)?\.js$/.test(url.pathname);
    const file = `liveview-${name}${minified ? ".min.js" : ".js"}`;
    return new URL(`${file}?v=${encodeURIComponent(version)}`, url).href;
  }
  function definePart(scope, name, exports) {
    (scope[REGISTRY] ?? (scope[REGISTRY] = {}))[name] = exports;
  }
  function createChunkLoader({ window: window2, document: document2, src, nonce, version }) {
    const loads = /* @__PURE__ */ new Map();
    return function load(name) {
      const known = loads.get(name) ?? (window2[REGISTRY]?.[name] ? Promise.resolve(window2[REGISTRY][name]) : null);
      if (known) return known;
      const promise = new Promise((resolve, reject) => {
        const script2 = document2.createElement("script");
        script2.src = chunkUrl(src, name, version);
        if (nonce) script2.nonce = nonce;
        script2.onload = () => {
          const exports = window2[REGISTRY]?.[name];
          if (exports) resolve(exports);
          else reject(new Error(`${script2.src} defined nothing`));
        };
        script2.onerror = () => {
          loads.delete(name);
          reject(new Error(`could not load ${script2.src}`));
        };
        document2.head.append(script2);
      });
      loads.set(name, promise);
      return promise;
    };
  }
  function onDemand(make, failure, reportError) {
    let promise = null;
    const ready = () => promise ?? (promise = make().then(
      (made) => ready.made = made,
      (error) => {
        promise = null;
        reportError(failure, { error: String(error) });
        return null;
      }
    ));
    return ready;
  }

  // src/constants.js
  var VERSION = true ? "0.1.0" : "dev";
  var ATTR = /* @__PURE__ */ Object.freeze({
    function: "data-liveview-function",
    formId: "data-liveview-form-id",
    debounce: "data-liveview-debounce",
    throttle: "data-liveview-throttle",
    focus: "data-liveview-focus",
    init: "data-liveview-init",
    intersectAppear: "data-liveview-intersect-appear",
    intersectDisappear: "data-liveview-intersect-disappear",
    intersectThreshold: "data-liveview-intersect-threshold",
    keyboardMap: "data-liveview-keyboard-map",
    morph: "data-liveview-morph",
    key: "data-liveview-key",
    disableWith: "data-liveview-disable-with",
    loading: "data-liveview-loading",
    persist: "data-liveview-persist",
    room: "data-room",
    identity: "data-liveview-identity",
    navigate: "data-liveview-navigate",
    permanent: "data-liveview-permanent",
    prefetch: "data-liveview-prefetch",
    build: "data-liveview-build"
  });
  var EVENT = /* @__PURE__ */ Object.freeze({
    connecting: "liveview:connecting",
    connected: "liveview:connected",
    disconnected: "liveview:disconnected",
    sent: "liveview:sent",
    message: "liveview:message",
    ack: "liveview:ack",
    queued: "liveview:queued",
    queueDropped: "liveview:queue-dropped",
    historyRestored: "liveview:history-restored",
    roomRefused: "liveview:room-refused",
    sessionEnded: "liveview:session-ended",
    loadingStart: "liveview:loading-start",
    loadingEnd: "liveview:loading-end",
    ackTimeout: "liveview:ack-timeout",
    error: "liveview:error",
    navigate: "liveview:navigate",
    navigated: "liveview:navigated",
    navigateAway: "liveview:navigate-away",
    stale: "liveview:stale",
    resync: "liveview:resync"
  });
  var LOADING = /* @__PURE__ */ Object.freeze({
    element: "liveview-loading",
    page: "liveview-page-loading"
  });
  var CLOSE = /* @__PURE__ */ Object.freeze({
    tooBig: 1009,
    revoked: 4401,
    roomRefused: 4403,
    rateLimited: 4429,
    slowReader: 4008
  });
  var MAX_MESSAGE_SIZE = 65536;
  var UPLOAD_MODE_ATTR = "data-liveview-upload";
  var UPLOAD_DROP_ATTR = "data-liveview-upload-drop";
  var UPLOAD_SELECTOR = `input[type="file"], [${UPLOAD_DROP_ATTR}]`;
  var NO_CONNECTION = /* @__PURE__ */ Object.freeze({
    id: "no-connection",
    show: "no-connection--show",
    hide: "no-connection--hide"
  });
  var CSP_NONCE_META = "liveview-csp-nonce";
  var DEFAULT_PATH = "/ws/liveview/";
  var DEFAULT_CONFIG = /* @__PURE__ */ Object.freeze({
    host: null,
    protocol: null,
    path: DEFAULT_PATH,
    reconnectDelay: 3e3,
    reconnectMultiplier: 1.5,
    reconnectMaxDelay: 3e4,
    maxReconnectAttempts: 5,
    jitter: 0.2,
    queueMaxSize: 100,
    queueMaxAge: 6e4,
    debug: false,
    scripts: true,
    ackTimeout: 3e4,
    persistFunctions: [],
    maxMessageSize: MAX_MESSAGE_SIZE
  });
  var STORAGE_KEY = /* @__PURE__ */ Object.freeze({
    snapshot: "liveview:snapshot:",
    order: "liveview:snapshot-order",
    counter: "liveview:snapshot-counter",
    intents: "liveview:intents",
    identity: "liveview:identity",
    carry: "liveview:carry",
    staleReload: "liveview:stale-reload"
  });
  var REPLAY_WINDOW = 6e5;

  // src/bindings/focus.js
  function createFocusBinding() {
    return {
      selector: `[${ATTR.focus}="true"]`,
      bind(element) {
        element.focus();
      },
      rearm(element, matches) {
        if (matches) element.focus();
      }
    };
  }

  // src/bindings/init.js
  function createInitBinding({ trigger }) {
    const done = /* @__PURE__ */ new WeakSet();
    return {
      selector: `[${ATTR.init}]`,
      bind(element) {
        if (done.has(element)) return;
        done.add(element);
        const functionName = element.getAttribute(ATTR.init);
        if (functionName) trigger(element, functionName);
      },
      rearm(element, matches) {
        done.add(element);
        const functionName = element.getAttribute(ATTR.init);
        if (matches && functionName) trigger(element, functionName);
      }
    };
  }

  // src/bindings/lazy.js
  function createLazyBinding({ selector, load, reportError }) {
    const waiting = /* @__PURE__ */ new Set();
    const ready = onDemand(load, "binding not available", reportError);
    function bindWaiting(binding) {
      for (const each of waiting) {
        try {
          if (each.isConnected && each.matches(selector)) binding.bind(each);
        } catch (error) {
          reportError("binding failed", { element: each, error: String(error) });
        }
      }
      waiting.clear();
    }
    function wait(element) {
      waiting.add(element);
      ready().then((binding) => binding && bindWaiting(binding));
    }
    return {
      selector,
      bind(element) {
        if (ready.made) ready.made.bind(element);
        else wait(element);
      },
      rearm(element, matches) {
        if (ready.made) ready.made.rearm?.(element, matches);
        else if (matches) wait(element);
        else waiting.delete(element);
      }
    };
  }

  // src/bindings/observer.js
  function matching(root, selector) {
    const found = Array.from(root.querySelectorAll(selector));
    if (root.matches(selector)) found.unshift(root);
    return found;
  }
  function createBindingObserver({ bindings, MutationObserver, reportError }) {
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
    let observer = null;
    return {
      /** Bind what is inside `root` now and watch it for insertions. @param {Element} root */
      start(root) {
        scan(root);
        observer = new MutationObserver((records) => {
          for (const record of records) {
            for (const node of Array.from(record.addedNodes)) {
              if (node.nodeType === 1 && node.isConnected) scan(
                /** @type {Element} */
                node
              );
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
      }
    };
  }

  // src/bindings/rate_limit.js
  function parseDelay(value) {
    if (value === null) return 0;
    const ms = Number.parseInt(value, 10);
    return Number.isFinite(ms) && ms > 0 ? ms : 0;
  }
  function createRateLimiter({ timers = globalThis, now = Date.now } = {}) {
    const states = /* @__PURE__ */ new WeakMap();
    function stateFor(owner, key) {
      let byKey = states.get(owner);
      if (!byKey) {
        byKey = /* @__PURE__ */ new Map();
        states.set(owner, byKey);
      }
      let state = byKey.get(key);
      if (!state) {
        state = { timer: null, last: -Infinity, pending: null };
        byKey.set(key, state);
      }
      return state;
    }
    function debounce(state, ms, fn) {
      if (state.timer !== null) timers.clearTimeout(state.timer);
      state.timer = timers.setTimeout(() => {
        state.timer = null;
        fn();
      }, ms);
    }
    function throttle(state, ms, fn) {
      const elapsed = now() - state.last;
      if (state.timer === null && elapsed >= ms) {
        state.last = now();
        fn();
        return;
      }
      state.pending = fn;
      if (state.timer !== null) return;
      state.timer = timers.setTimeout(() => {
        state.timer = null;
        state.last = now();
        const pending = state.pending;
        state.pending = null;
        pending?.();
      }, ms - elapsed);
    }
    return {
      call(owner, key, limits, fn) {
        if (limits.debounce > 0) debounce(stateFor(owner, key), limits.debounce, fn);
        else if (limits.throttle > 0) throttle(stateFor(owner, key), limits.throttle, fn);
        else fn();
      }
    };
  }

  // src/config.js
  var NUMBERS = [
    ["reconnectDelay", 0],
    ["reconnectMultiplier", 1],
    ["reconnectMaxDelay", 0],
    ["maxReconnectAttempts", 0, true],
    ["jitter", 0],
    ["queueMaxSize", 0],
    ["queueMaxAge", 0, true],
    ["ackTimeout", 0, true],
    ["maxMessageSize", 1, true]
  ];
  function normalizePath(path) {
    let result = path.startsWith("/") ? path : `/${path}`;
    if (!result.endsWith("/")) result += "/";
    return result;
  }
  function normalizeProtocol(protocol) {
    return protocol.replace(/:(\/\/)?$/, "").toLowerCase();
  }
  function normalizeConfig(raw) {
    const problems2 = [];
    let source = {};
    if (raw !== void 0 && raw !== null) {
      if (typeof raw === "object") source = /** @type {Record<string, unknown>} */
      raw;
      else problems2.push("webSocketConfig must be an object");
    }
    const own = (key) => Object.prototype.hasOwnProperty.call(source, key) ? source[key] : void 0;
    const problem = (name, what, value) => problems2.push(`webSocketConfig.${name} must be ${what}, got ${value}`);
    const optionalString = (name) => {
      const value = own(name);
      if (value === void 0 || value === null || value === "") return null;
      if (typeof value === "string") return value;
      problem(name, "a string", typeof value);
      return null;
    };
    const config2 = { ...DEFAULT_CONFIG, debug: own("debug") === true, persistFunctions: [] };
    for (const [name, min, infinite] of NUMBERS) {
      const value = own(name);
      if (value === void 0 || value === null) continue;
      if (typeof value === "number" && value >= min && (infinite || Number.isFinite(value))) {
        config2[name] = value;
      } else problem(name, `a number >= ${min}`, String(value));
    }
    config2.queueMaxSize = Math.floor(config2.queueMaxSize);
    if (config2.jitter > 1) {
      problem("jitter", "between 0 and 1", config2.jitter);
      config2.jitter = DEFAULT_CONFIG.jitter;
    }
    config2.host = optionalString("host");
    const protocol = optionalString("protocol");
    if (protocol !== null) config2.protocol = normalizeProtocol(protocol);
    const path = optionalString("path");
    if (path !== null) config2.path = normalizePath(path);
    const scripts = own("scripts");
    if (scripts === true || scripts === false || scripts === "nonce") config2.scripts = scripts;
    else if (scripts !== void 0) problem("scripts", 'true, false or "nonce"', String(scripts));
    const persist = own("persistFunctions");
    if (Array.isArray(persist) && persist.every((name) => typeof name === "string")) {
      config2.persistFunctions = [...persist];
    } else if (persist !== void 0 && persist !== null) {
      problems2.push("webSocketConfig.persistFunctions must be an array of function names");
    }
    return { config: config2, problems: problems2 };
  }
  function buildSocketUrl(config2, location, room) {
    const protocol = config2.protocol ?? (location.protocol === "https:" ? "wss" : "ws");
    const host = config2.host ?? location.host;
    return `${protocol}://${host}${config2.path}${encodeURIComponent(room)}/`;
  }
  function randomUuid(crypto = globalThis.crypto) {
    if (typeof crypto?.randomUUID === "function") return crypto.randomUUID();
    const bytes = new Uint8Array(16);
    if (typeof crypto?.getRandomValues === "function") crypto.getRandomValues(bytes);
    else for (let i = 0; i < 16; i += 1) bytes[i] = Math.floor(Math.random() * 256);
    bytes[6] = bytes[6] & 15 | 64;
    bytes[8] = bytes[8] & 63 | 128;
    const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }

  // src/form_values.js
  var FIELD_TAGS = /* @__PURE__ */ new Set(["INPUT", "SELECT", "TEXTAREA"]);
  var SKIPPED_INPUT_TYPES = /* @__PURE__ */ new Set(["submit", "button", "reset", "image", "file"]);
  var FIELD_SELECTOR = "input, select, textarea";
  function isSendable(field) {
    if (!FIELD_TAGS.has(field.tagName.toUpperCase())) return false;
    if (!field.name || field.disabled) return false;
    return !SKIPPED_INPUT_TYPES.has(typeOf(field));
  }
  function typeOf(field) {
    const tag = field.tagName.toUpperCase();
    if (tag === "SELECT") return field.multiple ? "select-multiple" : "select-one";
    if (tag === "TEXTAREA") return "textarea";
    return (field.type || "text").toLowerCase();
  }
  function selectedValues(field) {
    return Array.from(field.options ?? []).filter((option) => option.selected).map((option) => option.value);
  }
  function singleValue(field) {
    const type = typeOf(field);
    if (type === "checkbox") return Boolean(field.checked);
    if (type === "radio") return field.checked ? field.value : null;
    if (type === "select-multiple") return selectedValues(field);
    return field.value;
  }
  function groupValues(field) {
    const type = typeOf(field);
    if (type === "checkbox" || type === "radio") return field.checked ? [field.value] : [];
    if (type === "select-multiple") return selectedValues(field);
    return [field.value];
  }
  function encodeFields(fields) {
    const groups = /* @__PURE__ */ new Map();
    for (const field of fields) {
      if (!isSendable(field)) continue;
      const group = groups.get(field.name);
      if (group) group.push(field);
      else groups.set(field.name, [field]);
    }
    const entries = [];
    for (const [name, group] of groups) {
      if (group.length === 1) {
        entries.push([name, singleValue(group[0])]);
      } else if (group.every((field) => typeOf(field) === "radio")) {
        entries.push([name, group.find((field) => field.checked)?.value ?? null]);
      } else {
        entries.push([name, group.flatMap(groupValues)]);
      }
    }
    return Object.fromEntries(entries);
  }
  function fieldsIn(container) {
    const elements = container.tagName === "FORM" ? (
      // form.elements also holds controls placed outside it with form="id".
      Array.from(
        /** @type {HTMLFormElement} */
        container.elements
      )
    ) : Array.from(container.querySelectorAll(FIELD_SELECTOR));
    return (
      /** @type {FieldLike[]} */
      /** @type {unknown} */
      elements.filter((element) => FIELD_TAGS.has(element.tagName))
    );
  }
  function findFields(element, document2) {
    const formId = element.getAttribute(ATTR.formId);
    if (formId) {
      const owner = document2.getElementById(formId);
      return { fields: owner ? fieldsIn(owner) : [], formId, missing: owner === null };
    }
    if (element.tagName === "FORM") return { fields: fieldsIn(element), formId: null, missing: false };
    const form = element.closest("form");
    if (form) return { fields: fieldsIn(form), formId: null, missing: false };
    if (FIELD_TAGS.has(element.tagName)) {
      return { fields: [
        /** @type {FieldLike} */
        /** @type {unknown} */
        element
      ], formId: null, missing: false };
    }
    const parent = element.parentElement;
    const fields = parent ? fieldsIn(parent).filter(isSendable) : [];
    return { fields, formId: null, missing: false };
  }

  // src/snapshot_store.js
  function createIndexCounter(storage2) {
    let counter = 0;
    try {
      counter = Number(storage2?.getItem(STORAGE_KEY.counter) ?? 0);
    } catch {
    }
    if (!Number.isInteger(counter)) counter = 0;
    return (atLeast) => {
      counter = Math.max(counter, atLeast) + 1;
      try {
        storage2?.setItem(STORAGE_KEY.counter, String(counter));
      } catch {
      }
      return counter;
    };
  }

  // src/history.js
  function indexFromState(state) {
    if (state === null || typeof state !== "object") return null;
    const { liveview, index } = (
      /** @type {{liveview?: unknown, index?: unknown}} */
      state
    );
    return liveview === true && typeof index === "number" && Number.isInteger(index) ? index : null;
  }
  function sameDocument(a, b) {
    return a.split("#")[0] === b.split("#")[0];
  }
  function selectorFor(element) {
    const tag = element.tagName.toLowerCase();
    const { id } = element;
    if (id) {
      if (/^[A-Za-z_][\w-]*$/.test(id)) return `#${id}`;
      return `[id="${id.replace(/["\\]/g, "\\$&").replace(/\n/g, "\\a ")}"]`;
    }
    const parent = element.parentElement;
    if (tag === "body" || tag === "html" || !parent) return tag;
    const position = Array.from(parent.children).indexOf(element) + 1;
    return `${selectorFor(parent)} > ${tag}:nth-child(${position})`;
  }
  function createHistory({ window: window2, document: document2, storage: storage2, diagnostics: diagnostics2, load }) {
    const { history, location } = window2;
    const touched = /* @__PURE__ */ new Map();
    const nextIndex = createIndexCounter(storage2);
    let currentIndex = 0;
    let lastUrl = "";
    const ready = onDemand(() => load(touched, query), "history snapshots are not available", diagnostics2.error);
    function withPart(use) {
      if (ready.made) use(ready.made);
      else ready().then(use);
    }
    function query(selector) {
      try {
        return document2.querySelector(selector);
      } catch {
        return null;
      }
    }
    function snapshot() {
      const regions = [];
      for (const selector of touched.keys()) {
        const element = query(selector);
        if (element) regions.push([selector, element.innerHTML]);
      }
      return {
        url: location.href,
        title: document2.title,
        lang: document2.documentElement.getAttribute("lang"),
        scroll: { x: window2.scrollX, y: window2.scrollY },
        regions
      };
    }
    function manualScroll() {
      try {
        history.scrollRestoration = "manual";
      } catch {
      }
    }
    function onPopState(event) {
      const index = indexFromState(event.state);
      const url = location.href;
      if (index === null) {
        if (event.state !== null || sameDocument(url, lastUrl)) {
          lastUrl = url;
          return;
        }
        diagnostics2.debug("history: entry without liveview state, loading", url);
        location.reload();
        return;
      }
      if (index === currentIndex) {
        lastUrl = url;
        return;
      }
      const leaving = currentIndex;
      const current = snapshot();
      currentIndex = index;
      lastUrl = url;
      withPart((loaded) => {
        const snap = loaded?.store.get(index);
        loaded?.store.put(leaving, current);
        if (!loaded?.isSnapshot(snap)) {
          diagnostics2.debug("history: no snapshot for this entry, loading", url);
          location.reload();
          return;
        }
        loaded.restore(snap);
        diagnostics2.emit(EVENT.historyRestored, { url, index });
      });
    }
    return {
      /** Give the current entry an index (kept across reloads) and listen for Back/Forward. */
      start() {
        const state = history.state;
        const index = indexFromState(state);
        if (index === null) {
          currentIndex = nextIndex(0);
          const base = state !== null && typeof state === "object" ? state : {};
          history.replaceState({ ...base, liveview: true, index: currentIndex }, "");
        } else {
          currentIndex = index;
        }
        lastUrl = location.href;
        window2.addEventListener("popstate", onPopState);
      },
      /**
       * Note regions about to change, so snapshots include them from now on; their current
       * content is remembered the first time.
       * @param {string[]} selectors
       */
      touch(selectors) {
        for (const selector of selectors) {
          if (!touched.has(selector)) touched.set(selector, query(selector)?.innerHTML ?? null);
        }
      },
      /**
       * Snapshot the current entry, then push `url` (already checked same-origin) as a new entry.
       * Pushing the URL the page is at adds no entry, as a link to the same page does not.
       * @param {string} url
       */
      push(url) {
        if (url === location.href) return;
        const [index, current] = [currentIndex, snapshot()];
        withPart((loaded) => loaded?.store.put(index, current));
        manualScroll();
        currentIndex = nextIndex(currentIndex);
        history.pushState({ liveview: true, index: currentIndex }, "", url);
        manualScroll();
        lastUrl = location.href;
      },
      /** Forget every stored snapshot (another user's): fetches the part only if there are some. */
      forget() {
        let stored = ready.made !== void 0;
        try {
          stored || (stored = storage2?.getItem(STORAGE_KEY.order) != null);
        } catch {
        }
        if (stored) withPart((loaded) => loaded?.store.clear());
      },
      /** The current entry's index (for tests and diagnostics). */
      index: () => currentIndex
    };
  }

  // src/identity.js
  function identityOf(document2) {
    return document2.documentElement.getAttribute(ATTR.identity) || null;
  }
  function identityChanged(storage2, identity) {
    if (identity === null || !storage2) return false;
    let stored = null;
    try {
      stored = storage2.getItem(STORAGE_KEY.identity);
      storage2.setItem(STORAGE_KEY.identity, identity);
    } catch {
      return false;
    }
    return stored !== identity;
  }

  // src/intents.js
  function isStored(value) {
    if (value === null || typeof value !== "object") return false;
    const { message, at, sentAt } = (
      /** @type {Record<string, any>} */
      value
    );
    return message !== null && typeof message === "object" && typeof message.function === "string" && typeof message.ref === "string" && typeof at === "number" && (sentAt === null || typeof sentAt === "number");
  }
  function createIntents({
    storage: storage2 = null,
    now = Date.now,
    maxAge = Infinity,
    replayWindow = REPLAY_WINDOW,
    onExpired = () => {
    },
    onStorageError = () => {
    }
  } = {}) {
    const pending = /* @__PURE__ */ new Map();
    function expired(intent) {
      const age = now() - (intent.sentAt ?? intent.at);
      return intent.sentAt === null ? age > maxAge : age > replayWindow;
    }
    function save() {
      if (!storage2) return;
      const kept = [];
      for (const { message, at, sentAt, persist } of pending.values()) {
        if (persist) kept.push({ message, at, sentAt });
      }
      try {
        if (kept.length > 0) storage2.setItem(STORAGE_KEY.intents, JSON.stringify(kept));
        else storage2.removeItem(STORAGE_KEY.intents);
      } catch (error) {
        onStorageError(error instanceof Error ? `${error.name}: ${error.message}` : String(error));
      }
    }
    function restore() {
      let stored = null;
      try {
        stored = JSON.parse(storage2?.getItem(STORAGE_KEY.intents) ?? "null");
      } catch {
        stored = null;
      }
      if (!Array.isArray(stored)) return [];
      const stale = [];
      const restored = [];
      for (const item of stored.filter(isStored)) {
        const { replay: _, ...message } = (
          /** @type {ClientMessage & {replay?: boolean}} */
          item.message
        );
        const intent = { message, at: item.at, sentAt: item.sentAt, persist: true, restored: true };
        if (expired(intent)) stale.push(message);
        else if (!pending.has(message.ref)) {
          pending.set(message.ref, intent);
          restored.push(message);
        }
      }
      if (stale.length > 0) {
        save();
        onExpired(stale);
      }
      return restored;
    }
    return {
      restore,
      track(message, persist) {
        if (pending.has(message.ref)) return;
        pending.set(message.ref, { message, at: now(), sentAt: null, persist, restored: false });
        if (persist) save();
      },
      sent(ref) {
        const intent = pending.get(ref);
        if (!intent) return;
        intent.sentAt = now();
        intent.restored = false;
        if (intent.persist) save();
      },
      settle(ref) {
        const intent = pending.get(ref);
        if (!intent) return null;
        pending.delete(ref);
        if (intent.persist) save();
        return intent.message;
      },
      replays() {
        const replays = [];
        const stale = [];
        for (const intent of pending.values()) {
          if (intent.sentAt === null && !intent.restored) continue;
          if (expired(intent)) stale.push(intent.message);
          else replays.push({ ...intent.message, replay: true });
        }
        for (const message of stale) pending.delete(message.ref);
        if (stale.length > 0) {
          save();
          onExpired(stale);
        }
        return replays;
      },
      clear() {
        const messages = Array.from(pending.values(), (intent) => intent.message);
        pending.clear();
        try {
          storage2?.removeItem(STORAGE_KEY.intents);
        } catch {
        }
        return messages;
      },
      written: () => Array.from(pending.values()).filter((intent) => intent.sentAt !== null).map((intent) => intent.message),
      size: () => pending.size
    };
  }

  // src/loading.js
  function createFlights() {
    const flights = /* @__PURE__ */ new Map();
    const all = () => Array.from(flights.values());
    return {
      /**
       * @param {string} ref
       * @param {Flight} flight
       * @returns {boolean} false if `ref` is already in flight (nothing changes).
       */
      add(ref, flight) {
        if (flights.has(ref)) return false;
        flights.set(ref, flight);
        return true;
      },
      /**
       * @param {string} ref
       * @returns {Flight | null} The flight that ended, or null if `ref` was not in flight.
       */
      remove(ref) {
        const flight = flights.get(ref) ?? null;
        flights.delete(ref);
        return flight;
      },
      /** @param {string} ref */
      get: (ref) => flights.get(ref) ?? null,
      /**
       * Mark the oldest flight navigation-like (its reply pushed a URL: the server handles
       * messages in order, so a reply belongs to the oldest message not yet acknowledged).
       * @returns {Flight | null}
       */
      markOldestPage() {
        const [oldest = null] = flights.values();
        if (oldest) oldest.page = true;
        return oldest;
      },
      /** @param {string} name */
      count: (name) => all().filter((flight) => flight.function === name).length,
      functions: () => new Set(all().map((flight) => flight.function)),
      elements: () => new Set(all().flatMap((flight) => flight.element ? [flight.element] : [])),
      pageLoading: () => all().some((flight) => flight.page),
      size: () => flights.size
    };
  }
  function labelOf(element) {
    if (element.tagName === "INPUT") return "value";
    if (/^(?:BUTTON|A)$/.test(element.tagName) || element.children.length === 0) return "innerHTML";
    return null;
  }
  function createLoading({ document: document2, diagnostics: diagnostics2, timers, ackTimeout }) {
    const flights = createFlights();
    const navigating = /* @__PURE__ */ new Set();
    const deadlines = /* @__PURE__ */ new Map();
    const busy = /* @__PURE__ */ new Map();
    function mark(element) {
      const saved = { ariaBusy: element.getAttribute("aria-busy"), label: null, disabled: null };
      busy.set(element, saved);
      keep(element, saved);
    }
    function keep(element, saved) {
      element.classList.add(LOADING.element);
      if (element.getAttribute("aria-busy") !== "true") element.setAttribute("aria-busy", "true");
      const label = element.getAttribute(ATTR.disableWith);
      if (label === null) return;
      const key = labelOf(element);
      const control = (
        /** @type {HTMLInputElement} */
        element
      );
      if (saved.disabled === null) saved.disabled = Boolean(control.disabled);
      if (key !== null && (key === "value" ? control.value : element.textContent) !== label) {
        saved.label = control[key];
        if (key === "value") control.value = label;
        else element.textContent = label;
      }
      if ("disabled" in element && !control.disabled) control.disabled = true;
    }
    function unmark(element, saved) {
      busy.delete(element);
      element.classList.remove(LOADING.element);
      if (saved.ariaBusy === null) element.removeAttribute("aria-busy");
      else element.setAttribute("aria-busy", saved.ariaBusy);
      const key = labelOf(element);
      const control = (
        /** @type {HTMLInputElement} */
        element
      );
      if (saved.label !== null && key !== null) control[key] = saved.label;
      if (saved.disabled !== null && "disabled" in element) control.disabled = saved.disabled;
    }
    function refresh() {
      const wanted = /* @__PURE__ */ new Set();
      if (flights.size() > 0) {
        const names = flights.functions();
        for (const element of Array.from(document2.querySelectorAll(`[${ATTR.function}]`))) {
          if (names.has(element.getAttribute(ATTR.function) ?? "")) wanted.add(element);
        }
        for (const element of flights.elements()) if (element.isConnected) wanted.add(element);
      }
      for (const [element, saved] of busy) if (!wanted.has(element)) unmark(element, saved);
      for (const element of wanted) {
        const saved = busy.get(element);
        if (saved) keep(element, saved);
        else mark(element);
      }
      document2.documentElement.classList.toggle(LOADING.page, flights.pageLoading());
    }
    function end(ref, reason) {
      timers.clearTimeout(deadlines.get(ref));
      deadlines.delete(ref);
      const flight = flights.remove(ref);
      if (!flight) return;
      refresh();
      diagnostics2.emit(EVENT.loadingEnd, {
        function: flight.function,
        ref,
        element: flight.element,
        reason
      });
    }
    return {
      /**
       * A message was handed to the socket (sent or queued).
       * @param {{function: string, ref: string}} message
       * @param {Element | null} element
       */
      start(message, element) {
        const page2 = navigating.has(message.function) || element?.getAttribute(ATTR.loading) === "page";
        if (!flights.add(message.ref, { function: message.function, element, page: page2 })) return;
        refresh();
        diagnostics2.emit(EVENT.loadingStart, { function: message.function, ref: message.ref, element });
      },
      /**
       * The message was written to the socket: the acknowledgement should follow within
       * ackTimeout. Each (re)sending starts the wait again.
       * @param {string} ref
       */
      sent(ref) {
        if (!flights.get(ref) || !(ackTimeout > 0 && Number.isFinite(ackTimeout))) return;
        timers.clearTimeout(deadlines.get(ref));
        deadlines.set(
          ref,
          timers.setTimeout(() => {
            deadlines.delete(ref);
            const flight = flights.get(ref);
            if (!flight) return;
            end(ref, "timeout");
            diagnostics2.emit(EVENT.ackTimeout, { function: flight.function, ref, element: flight.element });
          }, ackTimeout)
        );
      },
      end,
      /** A reply pushed a URL: the call being handled is navigation-like, now and next time. */
      navigation() {
        const flight = flights.markOldestPage();
        if (!flight) return;
        navigating.add(flight.function);
        refresh();
      },
      /** Re-apply busy states after the DOM changed (a server update). */
      refresh() {
        if (flights.size() > 0 || busy.size > 0) refresh();
      },
      /** @param {string} name  How many messages of function `name` are in flight. */
      count: (name) => flights.count(name)
    };
  }

  // src/navigation_loader.js
  var NAVIGATE_SELECTOR = `[${ATTR.navigate}]:not([${ATTR.navigate}="false"])`;
  function createNavigationLoader({ window: window2, document: document2, load, reportError }) {
    let started = false;
    const ready = onDemand(
      () => load().then((loaded) => {
        if (started) loaded.start();
        return loaded;
      }),
      "live navigation is not available",
      reportError
    );
    function needed() {
      const state = window2.history.state;
      return document2.documentElement.hasAttribute(ATTR.build) || Boolean(state && typeof state === "object" && state.navigated) || document2.querySelector(NAVIGATE_SELECTOR) !== null;
    }
    return {
      start() {
        started = true;
        if (ready.made) ready.made.start();
        else if (needed()) ready();
      },
      /** An element opting into live navigation appeared. */
      preload() {
        if (started) ready();
      },
      pathChanged() {
        ready.made?.pathChanged();
      },
      /**
       * @param {Element} element
       * @param {string} html
       * @returns {boolean}  false: restore it the usual way.
       */
      restoreRegion(element, html) {
        return ready.made ? ready.made.restoreRegion(element, html) : false;
      }
    };
  }

  // src/resume.js
  var RESUME_PROTOCOL = "liveview.resume";
  var SINCE_PREFIX = "liveview.since.";
  function createResume(initial = {}) {
    const positions = new Map(Object.entries(initial));
    return {
      fresh(seq) {
        const known = positions.get(seq.group);
        return !(known && known[0] === seq.epoch && seq.n <= known[1]);
      },
      applied(seq) {
        positions.set(seq.group, [seq.epoch, seq.n]);
      },
      resynced(groups) {
        for (const [group, position] of Object.entries(groups)) {
          if (position === null) positions.delete(group);
          else positions.set(group, position);
        }
        return Object.keys(groups);
      },
      protocols() {
        const json = JSON.stringify(Object.fromEntries(positions));
        const encoded = btoa(json).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
        return [RESUME_PROTOCOL, SINCE_PREFIX + encoded];
      }
    };
  }
  function parseSeq(value) {
    if (value === null || typeof value !== "object" || Array.isArray(value)) return void 0;
    const { group, epoch, n } = (
      /** @type {Record<string, unknown>} */
      value
    );
    if (typeof group !== "string" || typeof epoch !== "string") return void 0;
    if (typeof n !== "number" || !Number.isInteger(n) || n < 0) return void 0;
    return { group, epoch, n };
  }
  function parseResync(value) {
    if (value === null || typeof value !== "object" || Array.isArray(value)) return void 0;
    const groups = {};
    for (const [group, position] of Object.entries(value)) {
      if (position === null) groups[group] = null;
      else if (Array.isArray(position) && typeof position[0] === "string" && Number.isInteger(position[1])) {
        groups[group] = [position[0], position[1]];
      } else return void 0;
    }
    return groups;
  }

  // src/protocol.js
  function buildMessage({ functionName, form, data, lang, room, formId, ref, files }) {
    const message = { function: functionName, form, data, lang, room, ref };
    if (formId) message.formId = formId;
    if (files) message.files = files;
    return message;
  }
  function collectCustomData(dataset) {
    const entries = [];
    for (const key of Object.keys(dataset)) {
      const value = dataset[key];
      if (/^data[A-Z]/.test(key) && typeof value === "string") entries.push([key, value]);
    }
    return Object.fromEntries(entries);
  }
  function createRefSequence(tabId) {
    let n = 0;
    return () => {
      n += 1;
      return `${tabId}.${n}`;
    };
  }
  var isString = (value) => typeof value === "string";
  var isScalar = (value) => typeof value === "string" || typeof value === "number";
  var STRING_KEYS = (
    /** @type {const} */
    [
      "target",
      "url",
      "title",
      "scroll",
      "script",
      "event",
      "function",
      "build"
    ]
  );
  var FLAG_KEYS = (
    /** @type {const} */
    ["append", "remove", "scrollTop", "duplicate", "morph"]
  );
  function parseServerMessage(text) {
    if (typeof text !== "string") return { ok: false, error: "frame is not text" };
    let raw;
    try {
      raw = JSON.parse(text);
    } catch {
      return { ok: false, error: "frame is not valid JSON" };
    }
    if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
      return { ok: false, error: "frame is not a JSON object" };
    }
    const source = (
      /** @type {Record<string, unknown>} */
      raw
    );
    const own = (key) => Object.prototype.hasOwnProperty.call(source, key) ? source[key] : void 0;
    const message = {};
    for (const key of STRING_KEYS) {
      const value = own(key);
      if (value === void 0 || value === null) continue;
      if (!isString(value)) return { ok: false, error: `"${key}" must be a string` };
      message[key] = /** @type {string} */
      value;
    }
    for (const key of FLAG_KEYS) {
      const value = own(key);
      if (value !== void 0 && value !== null) message[key] = Boolean(value);
    }
    const html = own("html");
    if (html !== void 0 && html !== null) {
      if (!isScalar(html)) return { ok: false, error: '"html" must be a string' };
      message.html = String(html);
    }
    const error = own("error");
    if (error !== void 0 && error !== null) {
      message.error = typeof error === "string" ? error : JSON.stringify(error);
    }
    const ack = own("ack");
    if (ack !== void 0 && ack !== null) {
      if (!isScalar(ack)) return { ok: false, error: '"ack" must be a string' };
      message.ack = String(ack);
    }
    if (Object.prototype.hasOwnProperty.call(source, "eventData")) message.eventData = source.eventData;
    const seq = own("seq");
    if (seq !== void 0 && seq !== null) {
      message.seq = parseSeq(seq);
      if (message.seq === void 0) return { ok: false, error: '"seq" must be {group, epoch, n}' };
    }
    const resync = own("resync");
    if (resync !== void 0 && resync !== null) {
      message.resync = parseResync(resync);
      if (message.resync === void 0) return { ok: false, error: '"resync" is malformed' };
    }
    return { ok: true, message };
  }
  var CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/;
  function sameOriginUrl(raw, base) {
    if (typeof raw !== "string" || raw === "" || CONTROL_CHARACTERS.test(raw)) return null;
    if (raw.includes("\\")) return null;
    let url;
    let page2;
    try {
      page2 = new URL(base);
      url = new URL(raw, page2);
    } catch {
      return null;
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") return null;
    if (url.origin !== page2.origin) return null;
    return url.href;
  }

  // src/scripts.js
  function wrapScript(code) {
    return "(function(s){s.__liveviewRan=true;try{(function(el){\n" + code + "\n}).call(s.__liveviewEl,s.__liveviewEl)}catch(e){s.__liveviewError=e}})(document.currentScript);";
  }
  function isClassicScript(script2) {
    const type = script2.getAttribute("type");
    return type === null || ["", "text/javascript"].includes(type.trim().toLowerCase());
  }
  function findNonce(document2) {
    const meta = document2.querySelector(`meta[name="${CSP_NONCE_META}"]`);
    const fromMeta = meta?.getAttribute("content");
    if (fromMeta) return fromMeta;
    const script2 = (
      /** @type {HTMLScriptElement | null} */
      document2.querySelector("script[nonce]")
    );
    return script2 ? script2.nonce || script2.getAttribute("nonce") || "" : "";
  }
  function takeScripts(nodes) {
    const code = [];
    for (const node of nodes) {
      if (node.nodeType !== 1) continue;
      const element = (
        /** @type {Element} */
        node
      );
      const scripts = Array.from(element.querySelectorAll("script"));
      if (element.tagName === "SCRIPT") scripts.unshift(element);
      for (const script2 of scripts) {
        if (!isClassicScript(script2)) continue;
        code.push(script2.textContent ?? "");
        script2.remove();
      }
    }
    return code;
  }
  function createScriptRunner({ document: document2, mode, diagnostics: diagnostics2 }) {
    return {
      /**
       * Run `code` with `el` and `this` bound to `element`. Errors are reported, not thrown.
       * @param {string} code
       * @param {Element | null} element
       * @param {"script" | "html"} [source]  The `script` key, or a `<script>` inside html.
       */
      run(code, element, source = "script") {
        if (mode === false) {
          diagnostics2.debug("server script skipped: webSocketConfig.scripts is false");
          return;
        }
        const nonce = findNonce(document2);
        if (source === "html" && nonce) {
          diagnostics2.error(
            "script in server HTML not run: the page has a CSP nonce, which only the script key gets",
            { code }
          );
          return;
        }
        if (mode === "nonce" && !nonce) {
          diagnostics2.error("server script not run: no CSP nonce found on the page");
          return;
        }
        const script2 = document2.createElement("script");
        if (nonce) script2.nonce = nonce;
        script2.text = wrapScript(code);
        script2.__liveviewEl = element;
        (document2.head ?? document2.documentElement).appendChild(script2);
        script2.remove();
        if (!script2.__liveviewRan) {
          diagnostics2.error("server script did not run: syntax error or blocked by the CSP", {
            code
          });
        } else if (script2.__liveviewError !== void 0) {
          diagnostics2.error("server script failed", { code, error: String(script2.__liveviewError) });
        }
      }
    };
  }

  // src/morph.js
  var KEY_ID = "liveview-key:";
  var TEXT_CONTENT = /^(?:SCRIPT|STYLE|TEXTAREA|TITLE)$/;
  function shouldMorph(target, message) {
    if (message.morph === false || TEXT_CONTENT.test(target.tagName.toUpperCase())) return false;
    const flag = target.closest(`[${ATTR.morph}]`);
    return flag === null || flag.getAttribute(ATTR.morph) !== "false";
  }
  function serverMayChange(name, element, change) {
    if (name === "tabindex" && change === "remove" && element.hasAttribute(ATTR.keyboardMap)) {
      return false;
    }
    const active = element.ownerDocument.activeElement;
    if (name === "value" || name === "checked") return element !== active;
    if (name === "selected") return element.closest("select") !== active;
    return name !== "open" || element.tagName !== "DETAILS" && element.tagName !== "DIALOG";
  }
  function keyIds(root) {
    for (const element of Array.from(root.querySelectorAll(`[${ATTR.key}]:not([id])`))) {
      element.id = KEY_ID + element.getAttribute(ATTR.key);
    }
  }
  function bindingSignature(element) {
    const parts = [];
    for (const { name, value } of Array.from(element.attributes)) {
      if (name === ATTR.key) continue;
      if (name.startsWith("data-liveview-") || name.startsWith("data-data-") || name === "data-action") {
        parts.push(`${name}=${value}`);
      }
    }
    return parts.sort().join("\n");
  }
  function hasClassicScript(content) {
    return Array.from(content.querySelectorAll("script")).some(isClassicScript);
  }
  function withCleanup(root) {
    return Array.from(root.querySelectorAll("*")).filter((el) => typeof el.__cleanup === "function");
  }
  function morphContent(target, html, cleanup) {
    const template = target.ownerDocument.createElement("template");
    template.innerHTML = html;
    const content = template.content;
    if (hasClassicScript(content)) return null;
    cleanup(target, false);
    const before = withCleanup(target);
    const changed = [];
    keyIds(target);
    keyIds(content);
    Idiomorph.morph(target, content, {
      morphStyle: "innerHTML",
      callbacks: {
        beforeNodeMorphed(oldNode, newNode) {
          if (oldNode.nodeType === 1 && newNode.nodeType === 1) {
            const old = (
              /** @type {Element} */
              oldNode
            );
            if (bindingSignature(old) !== bindingSignature(
              /** @type {Element} */
              newNode
            )) {
              changed.push(old);
            }
          }
          return true;
        },
        beforeNodeRemoved(node) {
          if (node.nodeType === 1) cleanup(
            /** @type {Element} */
            node,
            true
          );
          return true;
        },
        beforeAttributeUpdated: serverMayChange
      }
    });
    for (const element of Array.from(target.querySelectorAll(`[id^="${KEY_ID}"][${ATTR.key}]`))) {
      element.removeAttribute("id");
    }
    for (const element of before) if (!target.contains(element)) cleanup(element, false);
    return changed.filter((element) => target.contains(element));
  }

  // src/server_events.js
  var EMPTY_DETAIL = Object.freeze({});
  function createServerEvents({ window: window2, document: document2 }) {
    const ours = /* @__PURE__ */ new WeakSet();
    const guarded = /* @__PURE__ */ new Set();
    let current = null;
    function guard(event) {
      if (ours.has(event) || current === null || event.type !== current.name) return;
      if (current.frame.eventPhase === 0) {
        current = null;
        return;
      }
      event.stopImmediatePropagation();
    }
    return {
      dispatch(name, eventData, frame = null) {
        const detail = eventData === void 0 || eventData === null ? {} : eventData;
        const event = new CustomEvent(name, { detail, bubbles: true });
        ours.add(event);
        if (frame) {
          if (!guarded.has(name)) {
            guarded.add(name);
            window2.addEventListener(name, guard, true);
          }
          current = { name, frame };
        }
        document2.dispatchEvent(event);
      }
    };
  }

  // src/render.js
  function runCleanups(root, reportError, deep = true) {
    for (const element of deep ? [root, ...Array.from(root.querySelectorAll("*"))] : [root]) {
      const cleanup = element.__cleanup;
      if (typeof cleanup !== "function") continue;
      delete element.__cleanup;
      try {
        cleanup.call(element);
      } catch (error) {
        reportError("__cleanup failed", { element, error: String(error) });
      }
    }
  }
  function createRenderer({
    window: window2,
    document: document2,
    diagnostics: diagnostics2,
    scripts,
    history,
    events = createServerEvents({ window: window2, document: document2 }),
    rearm = () => {
    }
  }) {
    function query(selector) {
      try {
        return document2.querySelector(selector);
      } catch {
        return null;
      }
    }
    function morphed(target, html) {
      const cleanup = (root, deep) => runCleanups(root, diagnostics2.error, deep);
      const changed = morphContent(target, html, cleanup);
      if (changed === null) return false;
      if (changed.length > 0) rearm(changed);
      return true;
    }
    function applyToTarget(target, message) {
      if (message.remove) {
        runCleanups(target, diagnostics2.error);
        target.remove();
        return;
      }
      if (message.html === void 0) return;
      let inserted;
      if (message.append) {
        const before = target.lastChild;
        target.insertAdjacentHTML("beforeend", message.html);
        inserted = [];
        for (let node = before ? before.nextSibling : target.firstChild; node; node = node.nextSibling) {
          inserted.push(node);
        }
      } else if (shouldMorph(target, message) && morphed(target, message.html)) {
        return;
      } else {
        runCleanups(target, diagnostics2.error);
        target.innerHTML = message.html;
        inserted = Array.from(target.childNodes);
      }
      for (const code of takeScripts(inserted)) scripts.run(code, target, "html");
    }
    return {
      /**
       * Apply a parsed message. A target that matches nothing changes nothing at all.
       * @param {ServerMessage} message
       * @param {Event | null} [frame]  The socket's MessageEvent that carried it.
       */
      apply(message, frame = null) {
        if (message.ack !== void 0) {
          diagnostics2.emit(EVENT.ack, message.duplicate ? { ref: message.ack, duplicate: true } : { ref: message.ack });
        }
        let target = null;
        if (message.target !== void 0) {
          target = query(message.target);
          if (!target) {
            diagnostics2.error("target not found; message ignored", {
              target: message.target,
              message
            });
            return;
          }
        }
        const regions = [];
        if (target && message.remove) {
          if (target.parentElement) regions.push(selectorFor(target.parentElement));
        } else if (target && message.html !== void 0 && message.target !== void 0) {
          regions.push(message.target);
        }
        history.touch(regions);
        if (message.url !== void 0) {
          const url = sameOriginUrl(message.url, window2.location.href);
          if (url) history.push(url);
          else diagnostics2.error("url refused: not a same-origin http(s) URL", { url: message.url });
        }
        if (target) applyToTarget(target, message);
        if (message.title !== void 0) document2.title = message.title;
        if (message.scroll !== void 0) {
          const element = query(message.scroll);
          if (element) element.scrollIntoView({ behavior: "smooth" });
          else diagnostics2.error("scroll target not found", { scroll: message.scroll });
        }
        if (message.scrollTop) window2.scrollTo({ top: 0, behavior: "smooth" });
        if (message.script !== void 0) scripts.run(message.script, document2.body);
        if (message.event !== void 0) events.dispatch(message.event, message.eventData, frame);
        if (message.error !== void 0) {
          console.error("[liveview] server error:", message.error, message.function ?? "");
          diagnostics2.emit(EVENT.error, {
            source: "server",
            message: message.error,
            function: message.function ?? null
          });
        }
        diagnostics2.emit(EVENT.message, { message });
      }
    };
  }

  // src/socket.js
  var CONNECTING = 0;
  var OPEN = 1;
  function backoffDelay(attempt, config2, random) {
    const cap = config2.reconnectMaxDelay;
    const base = Math.min(config2.reconnectDelay * config2.reconnectMultiplier ** attempt, cap);
    const moved = base * (1 + config2.jitter * (2 * random - 1));
    return Math.round(Math.min(cap, Math.max(0, moved)));
  }
  function createSendQueue({ maxSize, maxAge, now, onDrop }) {
    let entries = [];
    function dropOld() {
      const limit = now() - maxAge;
      const stale = entries.filter((entry) => entry.at < limit);
      if (stale.length === 0) return;
      entries = entries.filter((entry) => entry.at >= limit);
      onDrop("age", stale.map((entry) => entry.item));
    }
    return {
      push(item) {
        dropOld();
        if (maxSize < 1) {
          onDrop("size", [item]);
          return false;
        }
        entries.push({ item, at: now() });
        if (entries.length > maxSize) {
          const over = entries.splice(0, entries.length - maxSize);
          onDrop("size", over.map((entry) => entry.item));
        }
        return true;
      },
      drain() {
        dropOld();
        const items = entries.map((entry) => entry.item);
        entries = [];
        return items;
      },
      size: () => entries.length
    };
  }
  function createSocket({
    url,
    WebSocket,
    config: config2,
    queue,
    diagnostics: diagnostics2,
    onMessage,
    onConnectionChange = () => {
    },
    onSocket = () => {
    },
    replays = () => [],
    onSent = () => {
    },
    onClose = () => {
    },
    renew = async () => null,
    query = () => "",
    protocols = () => void 0,
    timers = globalThis,
    random = Math.random
  }) {
    let socket = null;
    let timer = null;
    let attempt = 0;
    let exhausted = false;
    let stopped = false;
    let renewing = false;
    let held = false;
    let lastCode = null;
    const isOpen = () => socket !== null && socket.readyState === OPEN;
    const isActive = () => socket !== null && (socket.readyState === OPEN || socket.readyState === CONNECTING);
    function clearTimer() {
      if (timer !== null) timers.clearTimeout(timer);
      timer = null;
    }
    function flush() {
      for (const message of queue.drain()) transmit(message);
    }
    function transmit(message) {
      socket.send(JSON.stringify(message));
      diagnostics2.emit(EVENT.sent, { message });
      onSent(message);
    }
    function handleClose(event) {
      onConnectionChange(false);
      const detail = { code: event.code, reason: event.reason, wasClean: event.wasClean, attempt };
      if (stopped || held) {
        diagnostics2.emit(EVENT.disconnected, { ...detail, willReconnect: false });
        return;
      }
      onClose(event.code ?? 0);
      const previous = lastCode;
      lastCode = event.code ?? null;
      if (event.code === CLOSE.roomRefused || event.code === CLOSE.revoked) {
        if (event.code === CLOSE.roomRefused && previous === CLOSE.roomRefused) {
          giveUp(detail, "the server refused the fresh room too");
          return;
        }
        diagnostics2.emit(EVENT.disconnected, { ...detail, willReconnect: true, renew: true });
        renewing = true;
        renew(event.code).catch(() => null).then((next) => {
          renewing = false;
          if (stopped) return;
          if (next === null) giveUp(detail, "no fresh room could be fetched");
          else {
            url = next;
            connect();
          }
        });
        return;
      }
      if (attempt < config2.maxReconnectAttempts) {
        const delay = backoffDelay(attempt, config2, random());
        attempt += 1;
        timer = timers.setTimeout(() => {
          timer = null;
          connect();
        }, delay);
        diagnostics2.emit(EVENT.disconnected, { ...detail, willReconnect: true, delay });
      } else {
        exhausted = true;
        diagnostics2.emit(EVENT.disconnected, { ...detail, willReconnect: false });
      }
    }
    function giveUp(detail, why) {
      exhausted = true;
      lastCode = null;
      diagnostics2.emit(EVENT.disconnected, { ...detail, willReconnect: false });
      diagnostics2.emit(EVENT.roomRefused, { url, code: detail.code, reason: why });
      diagnostics2.error(`not connected: ${why}`, { url });
    }
    function connect() {
      if (stopped || held || renewing || isActive()) return;
      clearTimer();
      const address = url + query();
      diagnostics2.emit(EVENT.connecting, { url: address, attempt });
      let ws;
      try {
        ws = new WebSocket(address, protocols());
      } catch (error) {
        exhausted = true;
        diagnostics2.error("cannot open the WebSocket", { url: address, error: String(error) });
        return;
      }
      socket = ws;
      onSocket(ws);
      ws.addEventListener("open", () => {
        if (socket !== ws) return;
        attempt = 0;
        exhausted = false;
        onConnectionChange(true);
        diagnostics2.emit(EVENT.connected, { url: address });
        for (const message of replays()) transmit(message);
        flush();
      });
      ws.addEventListener("message", (event) => {
        if (socket === ws) onMessage(event.data, event);
      });
      ws.addEventListener("close", (event) => {
        if (socket !== ws) return;
        socket = null;
        handleClose(event);
      });
      ws.addEventListener("error", () => {
        diagnostics2.debug("WebSocket error", url);
      });
    }
    function rearm() {
      if (!exhausted || stopped || held || renewing) return;
      exhausted = false;
      attempt = 0;
      connect();
    }
    return {
      connect,
      send(message) {
        if (isOpen()) {
          transmit(message);
          return true;
        }
        if (stopped) {
          diagnostics2.error("not sent: the connection is closed for good", { message });
          return false;
        }
        if (queue.push(message)) diagnostics2.emit(EVENT.queued, { message, size: queue.size() });
        rearm();
        return true;
      },
      rearm,
      reconnectNow() {
        if (stopped || held || renewing || isActive()) return;
        exhausted = false;
        attempt = 0;
        connect();
      },
      close() {
        stopped = true;
        clearTimer();
        socket?.close();
      },
      hold() {
        if (stopped) return;
        held = true;
        clearTimer();
        socket?.close(1e3, "held");
      },
      release() {
        if (!held) return;
        held = false;
        exhausted = false;
        attempt = 0;
        connect();
      },
      isOpen,
      sendNow(data) {
        if (!isOpen()) return false;
        socket.send(data);
        return true;
      },
      isExhausted: () => exhausted,
      url: () => url
    };
  }

  // src/stale.js
  function handshakeQuery(build, location) {
    if (!build) return "";
    const query = new URLSearchParams({ build, path: location.pathname + location.search });
    return `?${query}`;
  }

  // src/stale_loader.js
  function createStaleLoader({ window: window2, document: document2, storage: storage2, load, reportError }) {
    const build = document2.documentElement.getAttribute(ATTR.build) || null;
    const ready = onDemand(
      () => load().then((guard) => {
        guard.start();
        return guard;
      }),
      "stale-build handling is not available",
      reportError
    );
    function carried() {
      try {
        return storage2?.getItem(STORAGE_KEY.carry) != null;
      } catch {
        return false;
      }
    }
    return {
      /** What the socket URL carries. */
      query: () => handshakeQuery(build, window2.location),
      /**
       * Whether a page of `fetchedBuild` (live navigation) must be loaded in full.
       * @param {string} fetchedBuild
       */
      isStale: (fetchedBuild) => build !== null && fetchedBuild !== "" && fetchedBuild !== build,
      /** @param {string} server  A server frame's `build`. */
      serverBuild(server) {
        if (build !== null && server !== build) ready().then((guard) => guard?.serverBuild(server));
      },
      /** @param {"credentials"} reason */
      reloadWhenSafe(reason) {
        ready().then((guard) => guard?.reloadWhenSafe(reason));
      },
      start() {
        if (build !== null || carried()) ready();
      }
    };
  }

  // src/upload_loader.js
  function isFileInput(element) {
    const input = (
      /** @type {HTMLInputElement} */
      element
    );
    return element.tagName === "INPUT" && input.type === "file" && Boolean(input.name) && !input.disabled;
  }
  function createUploadLoader({ document: document2, load, reportError }) {
    const ready = onDemand(load, "file uploads are not available", reportError);
    function dropZoneOf(target) {
      return target instanceof Element ? target.closest(`[${UPLOAD_DROP_ATTR}]`) : null;
    }
    return {
      /** The page has file inputs or drop zones now: the part is fetched ahead of their use. */
      preload() {
        if (document2.querySelector(UPLOAD_SELECTOR)) ready();
      },
      /** @param {Iterable<object>} fields @returns {HTMLInputElement[]} */
      inputsIn(fields) {
        return (
          /** @type {HTMLInputElement[]} */
          Array.from(fields).filter((f) => isFileInput(
            /** @type {Element} */
            f
          ))
        );
      },
      /**
       * @param {HTMLInputElement[]} inputs
       * @param {string} functionName
       * @returns {Promise<Record<string, string[]> | null>}
       */
      async prepare(inputs, functionName) {
        const loaded = await ready();
        return loaded ? loaded.prepare(inputs, functionName) : null;
      },
      /** @param {string} ref @param {HTMLInputElement[]} inputs */
      handOver(ref, inputs) {
        ready.made?.handOver(ref, inputs);
      },
      /** @param {string} ref */
      settled(ref) {
        ready.made?.settled(ref);
      },
      /** @param {unknown} data */
      onMessage(data) {
        if (ready.made) return ready.made.onMessage(data);
        return typeof data === "string" && data.startsWith('{"upload"');
      },
      resume() {
        ready.made?.resume();
      },
      /**
       * Auto uploads (`data-liveview-upload="auto"`) and drop zones (`data-liveview-upload-drop`),
       * by delegation, so elements inserted later work too.
       * @param {Document} root
       */
      bind(root) {
        root.addEventListener("change", (event) => {
          const input = (
            /** @type {HTMLInputElement} */
            event.target
          );
          if (!(input instanceof Element) || !isFileInput(input)) return;
          if (input.getAttribute(UPLOAD_MODE_ATTR) !== "auto") return;
          ready().then((loaded) => loaded?.autoUpload(input));
        });
        root.addEventListener("dragover", (event) => {
          if (dropZoneOf(event.target)) event.preventDefault();
        });
        root.addEventListener("drop", (event) => {
          const zone = dropZoneOf(event.target);
          const files = event.dataTransfer?.files;
          if (!zone || !files || files.length === 0) return;
          event.preventDefault();
          ready().then((loaded) => loaded?.drop(zone, files));
        });
      }
    };
  }

  // src/client.js
  function wireSize(message) {
    return JSON.stringify({ ...message, replay: true }).length;
  }
  function createClient({ window: window2, document: document2, config: config2, diagnostics: diagnostics2, WebSocket, storage: storage2, onSocket, loadPart: loadPart2 }) {
    let room = document2.documentElement.getAttribute(ATTR.room) || randomUuid(window2.crypto);
    let identity = identityOf(document2);
    let maxMessageSize = config2.maxMessageSize;
    const nextRef = createRefSequence(randomUuid(window2.crypto).slice(0, 8));
    const resume = createResume();
    const limiter = createRateLimiter({ timers: window2 });
    function showConnection(connected) {
      const banner = document2.getElementById(NO_CONNECTION.id);
      if (!banner) return;
      banner.classList.toggle(NO_CONNECTION.show, !connected);
      banner.classList.toggle(NO_CONNECTION.hide, connected);
    }
    const history = createHistory({
      window: window2,
      document: document2,
      storage: storage2,
      diagnostics: diagnostics2,
      load: (touched, query) => loadPart2("history").then(({ createSnapshotStore, createRestorer, isSnapshot }) => ({
        store: createSnapshotStore({
          storage: storage2,
          onFallback: (reason) => diagnostics2.debug("snapshots kept in memory:", reason)
        }),
        restore: createRestorer({
          window: window2,
          document: document2,
          touched,
          query,
          debug: diagnostics2.debug,
          cleanup: (element) => runCleanups(element, diagnostics2.error),
          swapRegion: (element, html) => navigation.restoreRegion(element, html)
        }),
        isSnapshot
      }))
    });
    const scripts = createScriptRunner({ document: document2, mode: config2.scripts, diagnostics: diagnostics2 });
    const renderer = createRenderer({
      window: window2,
      document: document2,
      diagnostics: diagnostics2,
      scripts,
      history: {
        touch: history.touch,
        push(url) {
          history.push(url);
          navigation.pathChanged();
        }
      },
      rearm: (elements) => bindings.rearm(elements)
    });
    const loading = createLoading({ document: document2, diagnostics: diagnostics2, timers: window2, ackTimeout: config2.ackTimeout });
    function dropped(reason, messages) {
      for (const message of messages) {
        intents.settle(message.ref);
        loading.end(message.ref, "dropped");
      }
      diagnostics2.emit(EVENT.queueDropped, { reason, count: messages.length, messages });
    }
    const intents = createIntents({
      storage: storage2,
      now: Date.now,
      maxAge: config2.queueMaxAge,
      onExpired: (messages) => dropped("age", messages),
      onStorageError: (reason) => diagnostics2.debug("persistent messages kept in memory:", reason)
    });
    const stale = createStaleLoader({
      window: window2,
      document: document2,
      storage: storage2,
      reportError: diagnostics2.error,
      load: () => loadPart2("stale").then(
        ({ createStaleGuard }) => createStaleGuard({ window: window2, document: document2, storage: storage2, diagnostics: diagnostics2, inFlight: () => intents.size() })
      )
    });
    const navigation = createNavigationLoader({
      window: window2,
      document: document2,
      reportError: diagnostics2.error,
      load: () => loadPart2("navigation").then(
        ({ createNavigation }) => createNavigation({
          window: window2,
          document: document2,
          diagnostics: diagnostics2,
          history,
          cleanup: (root, deep) => runCleanups(root, diagnostics2.error, deep),
          rearm: (elements) => bindings.rearm(elements),
          sendPath: (path) => socket.send({ navigate: path }),
          isStale: stale.isStale
        })
      )
    });
    const queue = createSendQueue({
      maxSize: config2.queueMaxSize,
      maxAge: config2.queueMaxAge,
      now: Date.now,
      onDrop: (reason, messages) => dropped(
        reason,
        /** @type {ClientMessage[]} */
        messages
      )
    });
    function forgetUser() {
      history.forget();
      const messages = /* @__PURE__ */ new Map();
      for (const message of [...intents.clear(), ...queue.drain()]) {
        messages.set(
          /** @type {ClientMessage} */
          message.ref,
          /** @type {ClientMessage} */
          message
        );
      }
      for (const ref of messages.keys()) loading.end(ref, "dropped");
      if (messages.size > 0) {
        diagnostics2.emit(EVENT.queueDropped, {
          reason: "session",
          count: messages.size,
          messages: [...messages.values()]
        });
      }
    }
    async function renew(code) {
      if (code === CLOSE.revoked) {
        forgetUser();
        diagnostics2.emit(EVENT.sessionEnded, { code });
      }
      const fresh = await loadPart2("stale").then(
        ({ fetchPage }) => fetchPage(window2, diagnostics2.debug),
        (error) => {
          diagnostics2.debug("could not fetch the page for a fresh room:", String(error));
          return null;
        }
      );
      if (fresh === null || fresh.room === null) {
        if (fresh !== null) stale.reloadWhenSafe("credentials");
        return code === CLOSE.revoked ? socket.url() : null;
      }
      if (fresh.identity !== null && fresh.identity !== identity) {
        identity = fresh.identity;
        if (identityChanged(storage2, identity) && code !== CLOSE.revoked) forgetUser();
      }
      room = fresh.room;
      return buildSocketUrl(config2, window2.location, room);
    }
    function refusedTooBig() {
      let largest = null;
      let largestSize = 0;
      for (const message of intents.written()) {
        const size = wireSize(message);
        if (size > largestSize) [largest, largestSize] = [message, size];
      }
      if (largest === null) return;
      maxMessageSize = Math.min(maxMessageSize, largestSize - 1);
      intents.settle(largest.ref);
      loading.end(largest.ref, "refused");
      diagnostics2.error("the server refused a message over its size limit; it is not sent again", {
        reason: "too-large",
        function: largest.function,
        ref: largest.ref,
        size: largestSize
      });
    }
    const uploads = createUploadLoader({
      document: document2,
      reportError: diagnostics2.error,
      load: () => loadPart2("uploads").then(
        ({ createUploads }) => createUploads({
          document: document2,
          diagnostics: diagnostics2,
          sendNow: (data) => socket.sendNow(data)
        })
      )
    });
    const socket = createSocket({
      url: buildSocketUrl(config2, window2.location, room),
      renew,
      query: stale.query,
      onClose(code) {
        if (code === CLOSE.tooBig) refusedTooBig();
      },
      WebSocket,
      config: config2,
      queue,
      diagnostics: diagnostics2,
      timers: window2,
      onSocket,
      onConnectionChange(connected) {
        showConnection(connected && window2.navigator.onLine !== false);
        if (connected) uploads.resume();
      },
      replays: () => intents.replays(),
      protocols: () => resume.protocols(),
      onSent(message) {
        const { ref } = (
          /** @type {ClientMessage} */
          message
        );
        intents.sent(ref);
        loading.sent(ref);
      },
      onMessage(data, frame) {
        if (uploads.onMessage(data)) return;
        const parsed = parseServerMessage(data);
        if (!parsed.ok) {
          diagnostics2.error(`bad message from the server: ${parsed.error}`, { data });
          return;
        }
        const { message } = parsed;
        if (message.build !== void 0) stale.serverBuild(message.build);
        if (message.seq !== void 0 && !resume.fresh(message.seq)) {
          diagnostics2.debug("group frame applied already, dropped:", message.seq);
          return;
        }
        if (message.resync !== void 0) {
          resynced(message.resync);
          return;
        }
        if (message.seq !== void 0 && Object.keys(message).length === 1) {
          resume.applied(message.seq);
          return;
        }
        if (message.url !== void 0) loading.navigation();
        renderer.apply(message, frame);
        if (message.seq !== void 0) resume.applied(message.seq);
        if (message.ack !== void 0) {
          intents.settle(message.ack);
          uploads.settled(message.ack);
          loading.end(message.ack, message.duplicate ? "duplicate" : "ack");
        } else loading.refresh();
      }
    });
    function send(element, functionName) {
      const { fields, formId, missing } = findFields(element, document2);
      if (missing) diagnostics2.error(`no element with id "${formId}" for ${ATTR.formId}`, { element });
      const form = encodeFields(fields);
      const fileInputs = uploads.inputsIn(fields);
      const ref = nextRef();
      if (fileInputs.length === 0) {
        dispatch(element, functionName, form, formId, null, [], ref);
        return;
      }
      loading.start({ function: functionName, ref }, element);
      uploads.prepare(fileInputs, functionName).then((files) => {
        if (files) dispatch(element, functionName, form, formId, files, fileInputs, ref);
        else loading.end(ref, "dropped");
      });
    }
    function dispatch(element, functionName, form, formId, files, fileInputs, ref) {
      const message = buildMessage({
        functionName,
        form,
        data: collectCustomData(
          /** @type {HTMLElement} */
          element.dataset ?? {}
        ),
        lang: document2.documentElement.lang,
        room,
        formId,
        ref,
        files
      });
      const size = wireSize(message);
      if (size > maxMessageSize) {
        diagnostics2.error(
          `message not sent: ${size} characters, over the limit of ${maxMessageSize}`,
          { reason: "too-large", function: functionName, size, limit: maxMessageSize, element },
          element
        );
        loading.end(ref, "dropped");
        return;
      }
      const persist = element.getAttribute(ATTR.persist) === "true" || config2.persistFunctions.includes(functionName);
      intents.track(message, persist);
      if (files) uploads.handOver(message.ref, fileInputs);
      loading.start(message, element);
      if (!socket.send(message)) {
        intents.settle(message.ref);
        loading.end(message.ref, "dropped");
      }
    }
    function resynced(groups) {
      const detail = { groups: resume.resynced(groups) };
      const event = new window2.CustomEvent(EVENT.resync, { detail, bubbles: true, cancelable: true });
      if (!document2.dispatchEvent(event)) return;
      for (const element of document2.querySelectorAll(`[${ATTR.init}]`)) {
        const functionName = element.getAttribute(ATTR.init);
        if (functionName) trigger(element, functionName);
      }
    }
    function trigger(element, functionName) {
      const limits = {
        debounce: parseDelay(element.getAttribute(ATTR.debounce)),
        throttle: parseDelay(element.getAttribute(ATTR.throttle))
      };
      limiter.call(element, functionName, limits, () => send(element, functionName));
    }
    const bindings = createBindingObserver({
      MutationObserver: window2.MutationObserver,
      reportError: diagnostics2.error,
      bindings: [
        createLazyBinding({
          selector: `[${ATTR.keyboardMap}]`,
          load: () => loadPart2("bindings").then(
            ({ createKeyboardBinding }) => createKeyboardBinding({ document: document2, trigger, reportError: diagnostics2.error })
          ),
          reportError: diagnostics2.error
        }),
        createInitBinding({ trigger }),
        createLazyBinding({
          selector: `[${ATTR.intersectAppear}], [${ATTR.intersectDisappear}]`,
          load: () => loadPart2("bindings").then(
            ({ createIntersectBinding }) => createIntersectBinding({
              trigger,
              IntersectionObserver: window2.IntersectionObserver,
              debug: diagnostics2.debug
            })
          ),
          reportError: diagnostics2.error
        }),
        createFocusBinding(),
        { selector: UPLOAD_SELECTOR, bind: () => uploads.preload() },
        { selector: NAVIGATE_SELECTOR, bind: () => navigation.preload() }
      ]
    });
    return {
      get room() {
        return room;
      },
      get url() {
        return socket.url();
      },
      start() {
        if (identityChanged(storage2, identity)) forgetUser();
        history.start();
        stale.start();
        navigation.start();
        for (const message of intents.restore()) loading.start(message, null);
        socket.connect();
        window2.addEventListener("offline", () => showConnection(false));
        window2.addEventListener("online", () => {
          if (socket.isOpen()) showConnection(true);
          else socket.reconnectNow();
        });
        document2.addEventListener("visibilitychange", () => {
          if (document2.visibilityState === "visible") socket.rearm();
        });
        window2.addEventListener("pageshow", (event) => {
          if (event.persisted) socket.reconnectNow();
        });
        bindings.start(document2.body ?? document2.documentElement);
        uploads.bind(document2);
      },
      run(element) {
        const functionName = element.getAttribute(ATTR.function);
        if (!functionName) {
          diagnostics2.error(`${ATTR.function} is missing; nothing sent`, { element });
          return;
        }
        socket.rearm();
        trigger(element, functionName);
      },
      trigger,
      disconnect: () => socket.hold(),
      connect: () => socket.release()
    };
  }

  // src/diagnostics.js
  function createDiagnostics({ target, debug = false, console: out = globalThis.console }) {
    function emit(name, detail) {
      if (debug) out.debug("[liveview]", name, detail);
      target.dispatchEvent(new CustomEvent(name, { detail, bubbles: true }));
    }
    return {
      emit,
      debug(...args) {
        if (debug) out.debug("[liveview]", ...args);
      },
      error(message, detail = {}, on = target) {
        out.error("[liveview]", message, detail);
        on.dispatchEvent(
          new CustomEvent(EVENT.error, {
            detail: { ...detail, source: "client", message },
            bubbles: true
          })
        );
      }
    };
  }

  // src/stimulus_handle.js
  var QUEUED = ["register", "load", "unload"];
  function createStimulusHandle({ window: window2, load, reportError }) {
    const calls = [];
    function settle(value) {
      Object.defineProperty(window2, "Stimulus", { value, writable: true, configurable: true, enumerable: true });
    }
    const start2 = onDemand(
      () => load().then((application) => {
        settle(application);
        for (const [method, args] of calls.splice(0)) application[method](...args);
        return application;
      }),
      "Stimulus could not be loaded",
      reportError
    );
    const standIn = {};
    for (const method of QUEUED) {
      standIn[method] = (...args) => {
        calls.push([method, args]);
        start2();
      };
    }
    Object.defineProperty(window2, "Stimulus", {
      configurable: true,
      enumerable: true,
      get() {
        start2();
        return standIn;
      },
      set: settle
    });
    return { load: start2 };
  }

  // src/index.js
  var page = (
    /** @type {LiveViewWindow} */
    window
  );
  var { config, problems } = normalizeConfig(page.webSocketConfig);
  var diagnostics = createDiagnostics({ target: document, debug: config.debug });
  for (const problem of problems) diagnostics.error(problem);
  var script = (
    /** @type {HTMLScriptElement | null} */
    document.currentScript ?? document.querySelector('script[src*="liveview"][src$=".js"]')
  );
  definePart(page, "core", { Idiomorph });
  var loadPart = createChunkLoader({
    window: page,
    document,
    src: script?.src || String(page.location),
    nonce: script?.nonce || script?.getAttribute("nonce") || "",
    version: VERSION
  });
  var storage = null;
  try {
    storage = page.sessionStorage;
  } catch {
    storage = null;
  }
  var client = createClient({
    window: page,
    document,
    config,
    diagnostics,
    WebSocket: page.WebSocket,
    storage,
    loadPart,
    onSocket(socket) {
      page.myWebSocket = socket;
    }
  });
  page.liveview = Object.freeze({ disconnect: client.disconnect, connect: client.connect });
  var actions = createActions({
    window: page,
    document,
    client,
    reportError: diagnostics.error,
    onOtherController: () => stimulus.load()
  });
  var stimulus = createStimulusHandle({
    window: page,
    load: () => loadPart("stimulus").then((part) => {
      actions.stop();
      return part.start(client);
    }),
    reportError: diagnostics.error
  });
  function start() {
    diagnostics.debug(`client ${VERSION} starting`, { url: client.url, room: client.room });
    actions.start(document.documentElement);
    client.start();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
