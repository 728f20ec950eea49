/*! liveview 0.1.0 | bundles Stimulus 3.2.2, Copyright (c) 2023 Basecamp, LLC, MIT license; idiomorph 0.8.0, 0BSD */
"use strict";
(() => {
  // node_modules/@hotwired/stimulus/dist/stimulus.js
  var EventListener = class {
    constructor(eventTarget, eventName, eventOptions) {
      this.eventTarget = eventTarget;
      this.eventName = eventName;
      this.eventOptions = eventOptions;
      this.unorderedBindings = /* @__PURE__ */ new Set();
    }
    connect() {
      this.eventTarget.addEventListener(this.eventName, this, this.eventOptions);
    }
    disconnect() {
      this.eventTarget.removeEventListener(this.eventName, this, this.eventOptions);
    }
    bindingConnected(binding) {
      this.unorderedBindings.add(binding);
    }
    bindingDisconnected(binding) {
      this.unorderedBindings.delete(binding);
    }
    handleEvent(event) {
      const extendedEvent = extendEvent(event);
      for (const binding of this.bindings) {
        if (extendedEvent.immediatePropagationStopped) {
          break;
        } else {
          binding.handleEvent(extendedEvent);
        }
      }
    }
    hasBindings() {
      return this.unorderedBindings.size > 0;
    }
    get bindings() {
      return Array.from(this.unorderedBindings).sort((left, right) => {
        const leftIndex = left.index, rightIndex = right.index;
        return leftIndex < rightIndex ? -1 : leftIndex > rightIndex ? 1 : 0;
      });
    }
  };
  function extendEvent(event) {
    if ("immediatePropagationStopped" in event) {
      return event;
    } else {
      const { stopImmediatePropagation } = event;
      return Object.assign(event, {
        immediatePropagationStopped: false,
        stopImmediatePropagation() {
          this.immediatePropagationStopped = true;
          stopImmediatePropagation.call(this);
        }
      });
    }
  }
  var Dispatcher = class {
    constructor(application2) {
      this.application = application2;
      this.eventListenerMaps = /* @__PURE__ */ new Map();
      this.started = false;
    }
    start() {
      if (!this.started) {
        this.started = true;
        this.eventListeners.forEach((eventListener) => eventListener.connect());
      }
    }
    stop() {
      if (this.started) {
        this.started = false;
        this.eventListeners.forEach((eventListener) => eventListener.disconnect());
      }
    }
    get eventListeners() {
      return Array.from(this.eventListenerMaps.values()).reduce((listeners, map) => listeners.concat(Array.from(map.values())), []);
    }
    bindingConnected(binding) {
      this.fetchEventListenerForBinding(binding).bindingConnected(binding);
    }
    bindingDisconnected(binding, clearEventListeners = false) {
      this.fetchEventListenerForBinding(binding).bindingDisconnected(binding);
      if (clearEventListeners)
        this.clearEventListenersForBinding(binding);
    }
    handleError(error2, message, detail = {}) {
      this.application.handleError(error2, `Error ${message}`, detail);
    }
    clearEventListenersForBinding(binding) {
      const eventListener = this.fetchEventListenerForBinding(binding);
      if (!eventListener.hasBindings()) {
        eventListener.disconnect();
        this.removeMappedEventListenerFor(binding);
      }
    }
    removeMappedEventListenerFor(binding) {
      const { eventTarget, eventName, eventOptions } = binding;
      const eventListenerMap = this.fetchEventListenerMapForEventTarget(eventTarget);
      const cacheKey = this.cacheKey(eventName, eventOptions);
      eventListenerMap.delete(cacheKey);
      if (eventListenerMap.size == 0)
        this.eventListenerMaps.delete(eventTarget);
    }
    fetchEventListenerForBinding(binding) {
      const { eventTarget, eventName, eventOptions } = binding;
      return this.fetchEventListener(eventTarget, eventName, eventOptions);
    }
    fetchEventListener(eventTarget, eventName, eventOptions) {
      const eventListenerMap = this.fetchEventListenerMapForEventTarget(eventTarget);
      const cacheKey = this.cacheKey(eventName, eventOptions);
      let eventListener = eventListenerMap.get(cacheKey);
      if (!eventListener) {
        eventListener = this.createEventListener(eventTarget, eventName, eventOptions);
        eventListenerMap.set(cacheKey, eventListener);
      }
      return eventListener;
    }
    createEventListener(eventTarget, eventName, eventOptions) {
      const eventListener = new EventListener(eventTarget, eventName, eventOptions);
      if (this.started) {
        eventListener.connect();
      }
      return eventListener;
    }
    fetchEventListenerMapForEventTarget(eventTarget) {
      let eventListenerMap = this.eventListenerMaps.get(eventTarget);
      if (!eventListenerMap) {
        eventListenerMap = /* @__PURE__ */ new Map();
        this.eventListenerMaps.set(eventTarget, eventListenerMap);
      }
      return eventListenerMap;
    }
    cacheKey(eventName, eventOptions) {
      const parts = [eventName];
      Object.keys(eventOptions).sort().forEach((key) => {
        parts.push(`${eventOptions[key] ? "" : "!"}${key}`);
      });
      return parts.join(":");
    }
  };
  var defaultActionDescriptorFilters = {
    stop({ event, value }) {
      if (value)
        event.stopPropagation();
      return true;
    },
    prevent({ event, value }) {
      if (value)
        event.preventDefault();
      return true;
    },
    self({ event, value, element }) {
      if (value) {
        return element === event.target;
      } else {
        return true;
      }
    }
  };
  var descriptorPattern = /^(?:(?:([^.]+?)\+)?(.+?)(?:\.(.+?))?(?:@(window|document))?->)?(.+?)(?:#([^:]+?))(?::(.+))?$/;
  function parseActionDescriptorString(descriptorString) {
    const source = descriptorString.trim();
    const matches = source.match(descriptorPattern) || [];
    let eventName = matches[2];
    let keyFilter = matches[3];
    if (keyFilter && !["keydown", "keyup", "keypress"].includes(eventName)) {
      eventName += `.${keyFilter}`;
      keyFilter = "";
    }
    return {
      eventTarget: parseEventTarget(matches[4]),
      eventName,
      eventOptions: matches[7] ? parseEventOptions(matches[7]) : {},
      identifier: matches[5],
      methodName: matches[6],
      keyFilter: matches[1] || keyFilter
    };
  }
  function parseEventTarget(eventTargetName) {
    if (eventTargetName == "window") {
      return window;
    } else if (eventTargetName == "document") {
      return document;
    }
  }
  function parseEventOptions(eventOptions) {
    return eventOptions.split(":").reduce((options, token) => Object.assign(options, { [token.replace(/^!/, "")]: !/^!/.test(token) }), {});
  }
  function stringifyEventTarget(eventTarget) {
    if (eventTarget == window) {
      return "window";
    } else if (eventTarget == document) {
      return "document";
    }
  }
  function camelize(value) {
    return value.replace(/(?:[_-])([a-z0-9])/g, (_, char) => char.toUpperCase());
  }
  function namespaceCamelize(value) {
    return camelize(value.replace(/--/g, "-").replace(/__/g, "_"));
  }
  function capitalize(value) {
    return value.charAt(0).toUpperCase() + value.slice(1);
  }
  function dasherize(value) {
    return value.replace(/([A-Z])/g, (_, char) => `-${char.toLowerCase()}`);
  }
  function tokenize(value) {
    return value.match(/[^\s]+/g) || [];
  }
  function isSomething(object) {
    return object !== null && object !== void 0;
  }
  function hasProperty(object, property) {
    return Object.prototype.hasOwnProperty.call(object, property);
  }
  var allModifiers = ["meta", "ctrl", "alt", "shift"];
  var Action = class {
    constructor(element, index, descriptor, schema) {
      this.element = element;
      this.index = index;
      this.eventTarget = descriptor.eventTarget || element;
      this.eventName = descriptor.eventName || getDefaultEventNameForElement(element) || error("missing event name");
      this.eventOptions = descriptor.eventOptions || {};
      this.identifier = descriptor.identifier || error("missing identifier");
      this.methodName = descriptor.methodName || error("missing method name");
      this.keyFilter = descriptor.keyFilter || "";
      this.schema = schema;
    }
    static forToken(token, schema) {
      return new this(token.element, token.index, parseActionDescriptorString(token.content), schema);
    }
    toString() {
      const eventFilter = this.keyFilter ? `.${this.keyFilter}` : "";
      const eventTarget = this.eventTargetName ? `@${this.eventTargetName}` : "";
      return `${this.eventName}${eventFilter}${eventTarget}->${this.identifier}#${this.methodName}`;
    }
    shouldIgnoreKeyboardEvent(event) {
      if (!this.keyFilter) {
        return false;
      }
      const filters = this.keyFilter.split("+");
      if (this.keyFilterDissatisfied(event, filters)) {
        return true;
      }
      const standardFilter = filters.filter((key) => !allModifiers.includes(key))[0];
      if (!standardFilter) {
        return false;
      }
      if (!hasProperty(this.keyMappings, standardFilter)) {
        error(`contains unknown key filter: ${this.keyFilter}`);
      }
      return this.keyMappings[standardFilter].toLowerCase() !== event.key.toLowerCase();
    }
    shouldIgnoreMouseEvent(event) {
      if (!this.keyFilter) {
        return false;
      }
      const filters = [this.keyFilter];
      if (this.keyFilterDissatisfied(event, filters)) {
        return true;
      }
      return false;
    }
    get params() {
      const params = {};
      const pattern = new RegExp(`^data-${this.identifier}-(.+)-param$`, "i");
      for (const { name, value } of Array.from(this.element.attributes)) {
        const match = name.match(pattern);
        const key = match && match[1];
        if (key) {
          params[camelize(key)] = typecast(value);
        }
      }
      return params;
    }
    get eventTargetName() {
      return stringifyEventTarget(this.eventTarget);
    }
    get keyMappings() {
      return this.schema.keyMappings;
    }
    keyFilterDissatisfied(event, filters) {
      const [meta, ctrl, alt, shift] = allModifiers.map((modifier) => filters.includes(modifier));
      return event.metaKey !== meta || event.ctrlKey !== ctrl || event.altKey !== alt || event.shiftKey !== shift;
    }
  };
  var defaultEventNames = {
    a: () => "click",
    button: () => "click",
    form: () => "submit",
    details: () => "toggle",
    input: (e) => e.getAttribute("type") == "submit" ? "click" : "input",
    select: () => "change",
    textarea: () => "input"
  };
  function getDefaultEventNameForElement(element) {
    const tagName = element.tagName.toLowerCase();
    if (tagName in defaultEventNames) {
      return defaultEventNames[tagName](element);
    }
  }
  function error(message) {
    throw new Error(message);
  }
  function typecast(value) {
    try {
      return JSON.parse(value);
    } catch (o_O) {
      return value;
    }
  }
  var Binding = class {
    constructor(context, action) {
      this.context = context;
      this.action = action;
    }
    get index() {
      return this.action.index;
    }
    get eventTarget() {
      return this.action.eventTarget;
    }
    get eventOptions() {
      return this.action.eventOptions;
    }
    get identifier() {
      return this.context.identifier;
    }
    handleEvent(event) {
      const actionEvent = this.prepareActionEvent(event);
      if (this.willBeInvokedByEvent(event) && this.applyEventModifiers(actionEvent)) {
        this.invokeWithEvent(actionEvent);
      }
    }
    get eventName() {
      return this.action.eventName;
    }
    get method() {
      const method = this.controller[this.methodName];
      if (typeof method == "function") {
        return method;
      }
      throw new Error(`Action "${this.action}" references undefined method "${this.methodName}"`);
    }
    applyEventModifiers(event) {
      const { element } = this.action;
      const { actionDescriptorFilters } = this.context.application;
      const { controller } = this.context;
      let passes = true;
      for (const [name, value] of Object.entries(this.eventOptions)) {
        if (name in actionDescriptorFilters) {
          const filter = actionDescriptorFilters[name];
          passes = passes && filter({ name, value, event, element, controller });
        } else {
          continue;
        }
      }
      return passes;
    }
    prepareActionEvent(event) {
      return Object.assign(event, { params: this.action.params });
    }
    invokeWithEvent(event) {
      const { target, currentTarget } = event;
      try {
        this.method.call(this.controller, event);
        this.context.logDebugActivity(this.methodName, { event, target, currentTarget, action: this.methodName });
      } catch (error2) {
        const { identifier, controller, element, index } = this;
        const detail = { identifier, controller, element, index, event };
        this.context.handleError(error2, `invoking action "${this.action}"`, detail);
      }
    }
    willBeInvokedByEvent(event) {
      const eventTarget = event.target;
      if (event instanceof KeyboardEvent && this.action.shouldIgnoreKeyboardEvent(event)) {
        return false;
      }
      if (event instanceof MouseEvent && this.action.shouldIgnoreMouseEvent(event)) {
        return false;
      }
      if (this.element === eventTarget) {
        return true;
      } else if (eventTarget instanceof Element && this.element.contains(eventTarget)) {
        return this.scope.containsElement(eventTarget);
      } else {
        return this.scope.containsElement(this.action.element);
      }
    }
    get controller() {
      return this.context.controller;
    }
    get methodName() {
      return this.action.methodName;
    }
    get element() {
      return this.scope.element;
    }
    get scope() {
      return this.context.scope;
    }
  };
  var ElementObserver = class {
    constructor(element, delegate) {
      this.mutationObserverInit = { attributes: true, childList: true, subtree: true };
      this.element = element;
      this.started = false;
      this.delegate = delegate;
      this.elements = /* @__PURE__ */ new Set();
      this.mutationObserver = new MutationObserver((mutations) => this.processMutations(mutations));
    }
    start() {
      if (!this.started) {
        this.started = true;
        this.mutationObserver.observe(this.element, this.mutationObserverInit);
        this.refresh();
      }
    }
    pause(callback) {
      if (this.started) {
        this.mutationObserver.disconnect();
        this.started = false;
      }
      callback();
      if (!this.started) {
        this.mutationObserver.observe(this.element, this.mutationObserverInit);
        this.started = true;
      }
    }
    stop() {
      if (this.started) {
        this.mutationObserver.takeRecords();
        this.mutationObserver.disconnect();
        this.started = false;
      }
    }
    refresh() {
      if (this.started) {
        const matches = new Set(this.matchElementsInTree());
        for (const element of Array.from(this.elements)) {
          if (!matches.has(element)) {
            this.removeElement(element);
          }
        }
        for (const element of Array.from(matches)) {
          this.addElement(element);
        }
      }
    }
    processMutations(mutations) {
      if (this.started) {
        for (const mutation of mutations) {
          this.processMutation(mutation);
        }
      }
    }
    processMutation(mutation) {
      if (mutation.type == "attributes") {
        this.processAttributeChange(mutation.target, mutation.attributeName);
      } else if (mutation.type == "childList") {
        this.processRemovedNodes(mutation.removedNodes);
        this.processAddedNodes(mutation.addedNodes);
      }
    }
    processAttributeChange(element, attributeName) {
      if (this.elements.has(element)) {
        if (this.delegate.elementAttributeChanged && this.matchElement(element)) {
          this.delegate.elementAttributeChanged(element, attributeName);
        } else {
          this.removeElement(element);
        }
      } else if (this.matchElement(element)) {
        this.addElement(element);
      }
    }
    processRemovedNodes(nodes) {
      for (const node of Array.from(nodes)) {
        const element = this.elementFromNode(node);
        if (element) {
          this.processTree(element, this.removeElement);
        }
      }
    }
    processAddedNodes(nodes) {
      for (const node of Array.from(nodes)) {
        const element = this.elementFromNode(node);
        if (element && this.elementIsActive(element)) {
          this.processTree(element, this.addElement);
        }
      }
    }
    matchElement(element) {
      return this.delegate.matchElement(element);
    }
    matchElementsInTree(tree = this.element) {
      return this.delegate.matchElementsInTree(tree);
    }
    processTree(tree, processor) {
      for (const element of this.matchElementsInTree(tree)) {
        processor.call(this, element);
      }
    }
    elementFromNode(node) {
      if (node.nodeType == Node.ELEMENT_NODE) {
        return node;
      }
    }
    elementIsActive(element) {
      if (element.isConnected != this.element.isConnected) {
        return false;
      } else {
        return this.element.contains(element);
      }
    }
    addElement(element) {
      if (!this.elements.has(element)) {
        if (this.elementIsActive(element)) {
          this.elements.add(element);
          if (this.delegate.elementMatched) {
            this.delegate.elementMatched(element);
          }
        }
      }
    }
    removeElement(element) {
      if (this.elements.has(element)) {
        this.elements.delete(element);
        if (this.delegate.elementUnmatched) {
          this.delegate.elementUnmatched(element);
        }
      }
    }
  };
  var AttributeObserver = class {
    constructor(element, attributeName, delegate) {
      this.attributeName = attributeName;
      this.delegate = delegate;
      this.elementObserver = new ElementObserver(element, this);
    }
    get element() {
      return this.elementObserver.element;
    }
    get selector() {
      return `[${this.attributeName}]`;
    }
    start() {
      this.elementObserver.start();
    }
    pause(callback) {
      this.elementObserver.pause(callback);
    }
    stop() {
      this.elementObserver.stop();
    }
    refresh() {
      this.elementObserver.refresh();
    }
    get started() {
      return this.elementObserver.started;
    }
    matchElement(element) {
      return element.hasAttribute(this.attributeName);
    }
    matchElementsInTree(tree) {
      const match = this.matchElement(tree) ? [tree] : [];
      const matches = Array.from(tree.querySelectorAll(this.selector));
      return match.concat(matches);
    }
    elementMatched(element) {
      if (this.delegate.elementMatchedAttribute) {
        this.delegate.elementMatchedAttribute(element, this.attributeName);
      }
    }
    elementUnmatched(element) {
      if (this.delegate.elementUnmatchedAttribute) {
        this.delegate.elementUnmatchedAttribute(element, this.attributeName);
      }
    }
    elementAttributeChanged(element, attributeName) {
      if (this.delegate.elementAttributeValueChanged && this.attributeName == attributeName) {
        this.delegate.elementAttributeValueChanged(element, attributeName);
      }
    }
  };
  function add(map, key, value) {
    fetch(map, key).add(value);
  }
  function del(map, key, value) {
    fetch(map, key).delete(value);
    prune(map, key);
  }
  function fetch(map, key) {
    let values = map.get(key);
    if (!values) {
      values = /* @__PURE__ */ new Set();
      map.set(key, values);
    }
    return values;
  }
  function prune(map, key) {
    const values = map.get(key);
    if (values != null && values.size == 0) {
      map.delete(key);
    }
  }
  var Multimap = class {
    constructor() {
      this.valuesByKey = /* @__PURE__ */ new Map();
    }
    get keys() {
      return Array.from(this.valuesByKey.keys());
    }
    get values() {
      const sets = Array.from(this.valuesByKey.values());
      return sets.reduce((values, set) => values.concat(Array.from(set)), []);
    }
    get size() {
      const sets = Array.from(this.valuesByKey.values());
      return sets.reduce((size, set) => size + set.size, 0);
    }
    add(key, value) {
      add(this.valuesByKey, key, value);
    }
    delete(key, value) {
      del(this.valuesByKey, key, value);
    }
    has(key, value) {
      const values = this.valuesByKey.get(key);
      return values != null && values.has(value);
    }
    hasKey(key) {
      return this.valuesByKey.has(key);
    }
    hasValue(value) {
      const sets = Array.from(this.valuesByKey.values());
      return sets.some((set) => set.has(value));
    }
    getValuesForKey(key) {
      const values = this.valuesByKey.get(key);
      return values ? Array.from(values) : [];
    }
    getKeysForValue(value) {
      return Array.from(this.valuesByKey).filter(([_key, values]) => values.has(value)).map(([key, _values]) => key);
    }
  };
  var SelectorObserver = class {
    constructor(element, selector, delegate, details) {
      this._selector = selector;
      this.details = details;
      this.elementObserver = new ElementObserver(element, this);
      this.delegate = delegate;
      this.matchesByElement = new Multimap();
    }
    get started() {
      return this.elementObserver.started;
    }
    get selector() {
      return this._selector;
    }
    set selector(selector) {
      this._selector = selector;
      this.refresh();
    }
    start() {
      this.elementObserver.start();
    }
    pause(callback) {
      this.elementObserver.pause(callback);
    }
    stop() {
      this.elementObserver.stop();
    }
    refresh() {
      this.elementObserver.refresh();
    }
    get element() {
      return this.elementObserver.element;
    }
    matchElement(element) {
      const { selector } = this;
      if (selector) {
        const matches = element.matches(selector);
        if (this.delegate.selectorMatchElement) {
          return matches && this.delegate.selectorMatchElement(element, this.details);
        }
        return matches;
      } else {
        return false;
      }
    }
    matchElementsInTree(tree) {
      const { selector } = this;
      if (selector) {
        const match = this.matchElement(tree) ? [tree] : [];
        const matches = Array.from(tree.querySelectorAll(selector)).filter((match2) => this.matchElement(match2));
        return match.concat(matches);
      } else {
        return [];
      }
    }
    elementMatched(element) {
      const { selector } = this;
      if (selector) {
        this.selectorMatched(element, selector);
      }
    }
    elementUnmatched(element) {
      const selectors = this.matchesByElement.getKeysForValue(element);
      for (const selector of selectors) {
        this.selectorUnmatched(element, selector);
      }
    }
    elementAttributeChanged(element, _attributeName) {
      const { selector } = this;
      if (selector) {
        const matches = this.matchElement(element);
        const matchedBefore = this.matchesByElement.has(selector, element);
        if (matches && !matchedBefore) {
          this.selectorMatched(element, selector);
        } else if (!matches && matchedBefore) {
          this.selectorUnmatched(element, selector);
        }
      }
    }
    selectorMatched(element, selector) {
      this.delegate.selectorMatched(element, selector, this.details);
      this.matchesByElement.add(selector, element);
    }
    selectorUnmatched(element, selector) {
      this.delegate.selectorUnmatched(element, selector, this.details);
      this.matchesByElement.delete(selector, element);
    }
  };
  var StringMapObserver = class {
    constructor(element, delegate) {
      this.element = element;
      this.delegate = delegate;
      this.started = false;
      this.stringMap = /* @__PURE__ */ new Map();
      this.mutationObserver = new MutationObserver((mutations) => this.processMutations(mutations));
    }
    start() {
      if (!this.started) {
        this.started = true;
        this.mutationObserver.observe(this.element, { attributes: true, attributeOldValue: true });
        this.refresh();
      }
    }
    stop() {
      if (this.started) {
        this.mutationObserver.takeRecords();
        this.mutationObserver.disconnect();
        this.started = false;
      }
    }
    refresh() {
      if (this.started) {
        for (const attributeName of this.knownAttributeNames) {
          this.refreshAttribute(attributeName, null);
        }
      }
    }
    processMutations(mutations) {
      if (this.started) {
        for (const mutation of mutations) {
          this.processMutation(mutation);
        }
      }
    }
    processMutation(mutation) {
      const attributeName = mutation.attributeName;
      if (attributeName) {
        this.refreshAttribute(attributeName, mutation.oldValue);
      }
    }
    refreshAttribute(attributeName, oldValue) {
      const key = this.delegate.getStringMapKeyForAttribute(attributeName);
      if (key != null) {
        if (!this.stringMap.has(attributeName)) {
          this.stringMapKeyAdded(key, attributeName);
        }
        const value = this.element.getAttribute(attributeName);
        if (this.stringMap.get(attributeName) != value) {
          this.stringMapValueChanged(value, key, oldValue);
        }
        if (value == null) {
          const oldValue2 = this.stringMap.get(attributeName);
          this.stringMap.delete(attributeName);
          if (oldValue2)
            this.stringMapKeyRemoved(key, attributeName, oldValue2);
        } else {
          this.stringMap.set(attributeName, value);
        }
      }
    }
    stringMapKeyAdded(key, attributeName) {
      if (this.delegate.stringMapKeyAdded) {
        this.delegate.stringMapKeyAdded(key, attributeName);
      }
    }
    stringMapValueChanged(value, key, oldValue) {
      if (this.delegate.stringMapValueChanged) {
        this.delegate.stringMapValueChanged(value, key, oldValue);
      }
    }
    stringMapKeyRemoved(key, attributeName, oldValue) {
      if (this.delegate.stringMapKeyRemoved) {
        this.delegate.stringMapKeyRemoved(key, attributeName, oldValue);
      }
    }
    get knownAttributeNames() {
      return Array.from(new Set(this.currentAttributeNames.concat(this.recordedAttributeNames)));
    }
    get currentAttributeNames() {
      return Array.from(this.element.attributes).map((attribute) => attribute.name);
    }
    get recordedAttributeNames() {
      return Array.from(this.stringMap.keys());
    }
  };
  var TokenListObserver = class {
    constructor(element, attributeName, delegate) {
      this.attributeObserver = new AttributeObserver(element, attributeName, this);
      this.delegate = delegate;
      this.tokensByElement = new Multimap();
    }
    get started() {
      return this.attributeObserver.started;
    }
    start() {
      this.attributeObserver.start();
    }
    pause(callback) {
      this.attributeObserver.pause(callback);
    }
    stop() {
      this.attributeObserver.stop();
    }
    refresh() {
      this.attributeObserver.refresh();
    }
    get element() {
      return this.attributeObserver.element;
    }
    get attributeName() {
      return this.attributeObserver.attributeName;
    }
    elementMatchedAttribute(element) {
      this.tokensMatched(this.readTokensForElement(element));
    }
    elementAttributeValueChanged(element) {
      const [unmatchedTokens, matchedTokens] = this.refreshTokensForElement(element);
      this.tokensUnmatched(unmatchedTokens);
      this.tokensMatched(matchedTokens);
    }
    elementUnmatchedAttribute(element) {
      this.tokensUnmatched(this.tokensByElement.getValuesForKey(element));
    }
    tokensMatched(tokens) {
      tokens.forEach((token) => this.tokenMatched(token));
    }
    tokensUnmatched(tokens) {
      tokens.forEach((token) => this.tokenUnmatched(token));
    }
    tokenMatched(token) {
      this.delegate.tokenMatched(token);
      this.tokensByElement.add(token.element, token);
    }
    tokenUnmatched(token) {
      this.delegate.tokenUnmatched(token);
      this.tokensByElement.delete(token.element, token);
    }
    refreshTokensForElement(element) {
      const previousTokens = this.tokensByElement.getValuesForKey(element);
      const currentTokens = this.readTokensForElement(element);
      const firstDifferingIndex = zip(previousTokens, currentTokens).findIndex(([previousToken, currentToken]) => !tokensAreEqual(previousToken, currentToken));
      if (firstDifferingIndex == -1) {
        return [[], []];
      } else {
        return [previousTokens.slice(firstDifferingIndex), currentTokens.slice(firstDifferingIndex)];
      }
    }
    readTokensForElement(element) {
      const attributeName = this.attributeName;
      const tokenString = element.getAttribute(attributeName) || "";
      return parseTokenString(tokenString, element, attributeName);
    }
  };
  function parseTokenString(tokenString, element, attributeName) {
    return tokenString.trim().split(/\s+/).filter((content) => content.length).map((content, index) => ({ element, attributeName, content, index }));
  }
  function zip(left, right) {
    const length = Math.max(left.length, right.length);
    return Array.from({ length }, (_, index) => [left[index], right[index]]);
  }
  function tokensAreEqual(left, right) {
    return left && right && left.index == right.index && left.content == right.content;
  }
  var ValueListObserver = class {
    constructor(element, attributeName, delegate) {
      this.tokenListObserver = new TokenListObserver(element, attributeName, this);
      this.delegate = delegate;
      this.parseResultsByToken = /* @__PURE__ */ new WeakMap();
      this.valuesByTokenByElement = /* @__PURE__ */ new WeakMap();
    }
    get started() {
      return this.tokenListObserver.started;
    }
    start() {
      this.tokenListObserver.start();
    }
    stop() {
      this.tokenListObserver.stop();
    }
    refresh() {
      this.tokenListObserver.refresh();
    }
    get element() {
      return this.tokenListObserver.element;
    }
    get attributeName() {
      return this.tokenListObserver.attributeName;
    }
    tokenMatched(token) {
      const { element } = token;
      const { value } = this.fetchParseResultForToken(token);
      if (value) {
        this.fetchValuesByTokenForElement(element).set(token, value);
        this.delegate.elementMatchedValue(element, value);
      }
    }
    tokenUnmatched(token) {
      const { element } = token;
      const { value } = this.fetchParseResultForToken(token);
      if (value) {
        this.fetchValuesByTokenForElement(element).delete(token);
        this.delegate.elementUnmatchedValue(element, value);
      }
    }
    fetchParseResultForToken(token) {
      let parseResult = this.parseResultsByToken.get(token);
      if (!parseResult) {
        parseResult = this.parseToken(token);
        this.parseResultsByToken.set(token, parseResult);
      }
      return parseResult;
    }
    fetchValuesByTokenForElement(element) {
      let valuesByToken = this.valuesByTokenByElement.get(element);
      if (!valuesByToken) {
        valuesByToken = /* @__PURE__ */ new Map();
        this.valuesByTokenByElement.set(element, valuesByToken);
      }
      return valuesByToken;
    }
    parseToken(token) {
      try {
        const value = this.delegate.parseValueForToken(token);
        return { value };
      } catch (error2) {
        return { error: error2 };
      }
    }
  };
  var BindingObserver = class {
    constructor(context, delegate) {
      this.context = context;
      this.delegate = delegate;
      this.bindingsByAction = /* @__PURE__ */ new Map();
    }
    start() {
      if (!this.valueListObserver) {
        this.valueListObserver = new ValueListObserver(this.element, this.actionAttribute, this);
        this.valueListObserver.start();
      }
    }
    stop() {
      if (this.valueListObserver) {
        this.valueListObserver.stop();
        delete this.valueListObserver;
        this.disconnectAllActions();
      }
    }
    get element() {
      return this.context.element;
    }
    get identifier() {
      return this.context.identifier;
    }
    get actionAttribute() {
      return this.schema.actionAttribute;
    }
    get schema() {
      return this.context.schema;
    }
    get bindings() {
      return Array.from(this.bindingsByAction.values());
    }
    connectAction(action) {
      const binding = new Binding(this.context, action);
      this.bindingsByAction.set(action, binding);
      this.delegate.bindingConnected(binding);
    }
    disconnectAction(action) {
      const binding = this.bindingsByAction.get(action);
      if (binding) {
        this.bindingsByAction.delete(action);
        this.delegate.bindingDisconnected(binding);
      }
    }
    disconnectAllActions() {
      this.bindings.forEach((binding) => this.delegate.bindingDisconnected(binding, true));
      this.bindingsByAction.clear();
    }
    parseValueForToken(token) {
      const action = Action.forToken(token, this.schema);
      if (action.identifier == this.identifier) {
        return action;
      }
    }
    elementMatchedValue(element, action) {
      this.connectAction(action);
    }
    elementUnmatchedValue(element, action) {
      this.disconnectAction(action);
    }
  };
  var ValueObserver = class {
    constructor(context, receiver) {
      this.context = context;
      this.receiver = receiver;
      this.stringMapObserver = new StringMapObserver(this.element, this);
      this.valueDescriptorMap = this.controller.valueDescriptorMap;
    }
    start() {
      this.stringMapObserver.start();
      this.invokeChangedCallbacksForDefaultValues();
    }
    stop() {
      this.stringMapObserver.stop();
    }
    get element() {
      return this.context.element;
    }
    get controller() {
      return this.context.controller;
    }
    getStringMapKeyForAttribute(attributeName) {
      if (attributeName in this.valueDescriptorMap) {
        return this.valueDescriptorMap[attributeName].name;
      }
    }
    stringMapKeyAdded(key, attributeName) {
      const descriptor = this.valueDescriptorMap[attributeName];
      if (!this.hasValue(key)) {
        this.invokeChangedCallback(key, descriptor.writer(this.receiver[key]), descriptor.writer(descriptor.defaultValue));
      }
    }
    stringMapValueChanged(value, name, oldValue) {
      const descriptor = this.valueDescriptorNameMap[name];
      if (value === null)
        return;
      if (oldValue === null) {
        oldValue = descriptor.writer(descriptor.defaultValue);
      }
      this.invokeChangedCallback(name, value, oldValue);
    }
    stringMapKeyRemoved(key, attributeName, oldValue) {
      const descriptor = this.valueDescriptorNameMap[key];
      if (this.hasValue(key)) {
        this.invokeChangedCallback(key, descriptor.writer(this.receiver[key]), oldValue);
      } else {
        this.invokeChangedCallback(key, descriptor.writer(descriptor.defaultValue), oldValue);
      }
    }
    invokeChangedCallbacksForDefaultValues() {
      for (const { key, name, defaultValue, writer } of this.valueDescriptors) {
        if (defaultValue != void 0 && !this.controller.data.has(key)) {
          this.invokeChangedCallback(name, writer(defaultValue), void 0);
        }
      }
    }
    invokeChangedCallback(name, rawValue, rawOldValue) {
      const changedMethodName = `${name}Changed`;
      const changedMethod = this.receiver[changedMethodName];
      if (typeof changedMethod == "function") {
        const descriptor = this.valueDescriptorNameMap[name];
        try {
          const value = descriptor.reader(rawValue);
          let oldValue = rawOldValue;
          if (rawOldValue) {
            oldValue = descriptor.reader(rawOldValue);
          }
          changedMethod.call(this.receiver, value, oldValue);
        } catch (error2) {
          if (error2 instanceof TypeError) {
            error2.message = `Stimulus Value "${this.context.identifier}.${descriptor.name}" - ${error2.message}`;
          }
          throw error2;
        }
      }
    }
    get valueDescriptors() {
      const { valueDescriptorMap } = this;
      return Object.keys(valueDescriptorMap).map((key) => valueDescriptorMap[key]);
    }
    get valueDescriptorNameMap() {
      const descriptors = {};
      Object.keys(this.valueDescriptorMap).forEach((key) => {
        const descriptor = this.valueDescriptorMap[key];
        descriptors[descriptor.name] = descriptor;
      });
      return descriptors;
    }
    hasValue(attributeName) {
      const descriptor = this.valueDescriptorNameMap[attributeName];
      const hasMethodName = `has${capitalize(descriptor.name)}`;
      return this.receiver[hasMethodName];
    }
  };
  var TargetObserver = class {
    constructor(context, delegate) {
      this.context = context;
      this.delegate = delegate;
      this.targetsByName = new Multimap();
    }
    start() {
      if (!this.tokenListObserver) {
        this.tokenListObserver = new TokenListObserver(this.element, this.attributeName, this);
        this.tokenListObserver.start();
      }
    }
    stop() {
      if (this.tokenListObserver) {
        this.disconnectAllTargets();
        this.tokenListObserver.stop();
        delete this.tokenListObserver;
      }
    }
    tokenMatched({ element, content: name }) {
      if (this.scope.containsElement(element)) {
        this.connectTarget(element, name);
      }
    }
    tokenUnmatched({ element, content: name }) {
      this.disconnectTarget(element, name);
    }
    connectTarget(element, name) {
      var _a;
      if (!this.targetsByName.has(name, element)) {
        this.targetsByName.add(name, element);
        (_a = this.tokenListObserver) === null || _a === void 0 ? void 0 : _a.pause(() => this.delegate.targetConnected(element, name));
      }
    }
    disconnectTarget(element, name) {
      var _a;
      if (this.targetsByName.has(name, element)) {
        this.targetsByName.delete(name, element);
        (_a = this.tokenListObserver) === null || _a === void 0 ? void 0 : _a.pause(() => this.delegate.targetDisconnected(element, name));
      }
    }
    disconnectAllTargets() {
      for (const name of this.targetsByName.keys) {
        for (const element of this.targetsByName.getValuesForKey(name)) {
          this.disconnectTarget(element, name);
        }
      }
    }
    get attributeName() {
      return `data-${this.context.identifier}-target`;
    }
    get element() {
      return this.context.element;
    }
    get scope() {
      return this.context.scope;
    }
  };
  function readInheritableStaticArrayValues(constructor, propertyName) {
    const ancestors = getAncestorsForConstructor(constructor);
    return Array.from(ancestors.reduce((values, constructor2) => {
      getOwnStaticArrayValues(constructor2, propertyName).forEach((name) => values.add(name));
      return values;
    }, /* @__PURE__ */ new Set()));
  }
  function readInheritableStaticObjectPairs(constructor, propertyName) {
    const ancestors = getAncestorsForConstructor(constructor);
    return ancestors.reduce((pairs, constructor2) => {
      pairs.push(...getOwnStaticObjectPairs(constructor2, propertyName));
      return pairs;
    }, []);
  }
  function getAncestorsForConstructor(constructor) {
    const ancestors = [];
    while (constructor) {
      ancestors.push(constructor);
      constructor = Object.getPrototypeOf(constructor);
    }
    return ancestors.reverse();
  }
  function getOwnStaticArrayValues(constructor, propertyName) {
    const definition = constructor[propertyName];
    return Array.isArray(definition) ? definition : [];
  }
  function getOwnStaticObjectPairs(constructor, propertyName) {
    const definition = constructor[propertyName];
    return definition ? Object.keys(definition).map((key) => [key, definition[key]]) : [];
  }
  var OutletObserver = class {
    constructor(context, delegate) {
      this.started = false;
      this.context = context;
      this.delegate = delegate;
      this.outletsByName = new Multimap();
      this.outletElementsByName = new Multimap();
      this.selectorObserverMap = /* @__PURE__ */ new Map();
      this.attributeObserverMap = /* @__PURE__ */ new Map();
    }
    start() {
      if (!this.started) {
        this.outletDefinitions.forEach((outletName) => {
          this.setupSelectorObserverForOutlet(outletName);
          this.setupAttributeObserverForOutlet(outletName);
        });
        this.started = true;
        this.dependentContexts.forEach((context) => context.refresh());
      }
    }
    refresh() {
      this.selectorObserverMap.forEach((observer) => observer.refresh());
      this.attributeObserverMap.forEach((observer) => observer.refresh());
    }
    stop() {
      if (this.started) {
        this.started = false;
        this.disconnectAllOutlets();
        this.stopSelectorObservers();
        this.stopAttributeObservers();
      }
    }
    stopSelectorObservers() {
      if (this.selectorObserverMap.size > 0) {
        this.selectorObserverMap.forEach((observer) => observer.stop());
        this.selectorObserverMap.clear();
      }
    }
    stopAttributeObservers() {
      if (this.attributeObserverMap.size > 0) {
        this.attributeObserverMap.forEach((observer) => observer.stop());
        this.attributeObserverMap.clear();
      }
    }
    selectorMatched(element, _selector, { outletName }) {
      const outlet = this.getOutlet(element, outletName);
      if (outlet) {
        this.connectOutlet(outlet, element, outletName);
      }
    }
    selectorUnmatched(element, _selector, { outletName }) {
      const outlet = this.getOutletFromMap(element, outletName);
      if (outlet) {
        this.disconnectOutlet(outlet, element, outletName);
      }
    }
    selectorMatchElement(element, { outletName }) {
      const selector = this.selector(outletName);
      const hasOutlet = this.hasOutlet(element, outletName);
      const hasOutletController = element.matches(`[${this.schema.controllerAttribute}~=${outletName}]`);
      if (selector) {
        return hasOutlet && hasOutletController && element.matches(selector);
      } else {
        return false;
      }
    }
    elementMatchedAttribute(_element, attributeName) {
      const outletName = this.getOutletNameFromOutletAttributeName(attributeName);
      if (outletName) {
        this.updateSelectorObserverForOutlet(outletName);
      }
    }
    elementAttributeValueChanged(_element, attributeName) {
      const outletName = this.getOutletNameFromOutletAttributeName(attributeName);
      if (outletName) {
        this.updateSelectorObserverForOutlet(outletName);
      }
    }
    elementUnmatchedAttribute(_element, attributeName) {
      const outletName = this.getOutletNameFromOutletAttributeName(attributeName);
      if (outletName) {
        this.updateSelectorObserverForOutlet(outletName);
      }
    }
    connectOutlet(outlet, element, outletName) {
      var _a;
      if (!this.outletElementsByName.has(outletName, element)) {
        this.outletsByName.add(outletName, outlet);
        this.outletElementsByName.add(outletName, element);
        (_a = this.selectorObserverMap.get(outletName)) === null || _a === void 0 ? void 0 : _a.pause(() => this.delegate.outletConnected(outlet, element, outletName));
      }
    }
    disconnectOutlet(outlet, element, outletName) {
      var _a;
      if (this.outletElementsByName.has(outletName, element)) {
        this.outletsByName.delete(outletName, outlet);
        this.outletElementsByName.delete(outletName, element);
        (_a = this.selectorObserverMap.get(outletName)) === null || _a === void 0 ? void 0 : _a.pause(() => this.delegate.outletDisconnected(outlet, element, outletName));
      }
    }
    disconnectAllOutlets() {
      for (const outletName of this.outletElementsByName.keys) {
        for (const element of this.outletElementsByName.getValuesForKey(outletName)) {
          for (const outlet of this.outletsByName.getValuesForKey(outletName)) {
            this.disconnectOutlet(outlet, element, outletName);
          }
        }
      }
    }
    updateSelectorObserverForOutlet(outletName) {
      const observer = this.selectorObserverMap.get(outletName);
      if (observer) {
        observer.selector = this.selector(outletName);
      }
    }
    setupSelectorObserverForOutlet(outletName) {
      const selector = this.selector(outletName);
      const selectorObserver = new SelectorObserver(document.body, selector, this, { outletName });
      this.selectorObserverMap.set(outletName, selectorObserver);
      selectorObserver.start();
    }
    setupAttributeObserverForOutlet(outletName) {
      const attributeName = this.attributeNameForOutletName(outletName);
      const attributeObserver = new AttributeObserver(this.scope.element, attributeName, this);
      this.attributeObserverMap.set(outletName, attributeObserver);
      attributeObserver.start();
    }
    selector(outletName) {
      return this.scope.outlets.getSelectorForOutletName(outletName);
    }
    attributeNameForOutletName(outletName) {
      return this.scope.schema.outletAttributeForScope(this.identifier, outletName);
    }
    getOutletNameFromOutletAttributeName(attributeName) {
      return this.outletDefinitions.find((outletName) => this.attributeNameForOutletName(outletName) === attributeName);
    }
    get outletDependencies() {
      const dependencies = new Multimap();
      this.router.modules.forEach((module) => {
        const constructor = module.definition.controllerConstructor;
        const outlets = readInheritableStaticArrayValues(constructor, "outlets");
        outlets.forEach((outlet) => dependencies.add(outlet, module.identifier));
      });
      return dependencies;
    }
    get outletDefinitions() {
      return this.outletDependencies.getKeysForValue(this.identifier);
    }
    get dependentControllerIdentifiers() {
      return this.outletDependencies.getValuesForKey(this.identifier);
    }
    get dependentContexts() {
      const identifiers = this.dependentControllerIdentifiers;
      return this.router.contexts.filter((context) => identifiers.includes(context.identifier));
    }
    hasOutlet(element, outletName) {
      return !!this.getOutlet(element, outletName) || !!this.getOutletFromMap(element, outletName);
    }
    getOutlet(element, outletName) {
      return this.application.getControllerForElementAndIdentifier(element, outletName);
    }
    getOutletFromMap(element, outletName) {
      return this.outletsByName.getValuesForKey(outletName).find((outlet) => outlet.element === element);
    }
    get scope() {
      return this.context.scope;
    }
    get schema() {
      return this.context.schema;
    }
    get identifier() {
      return this.context.identifier;
    }
    get application() {
      return this.context.application;
    }
    get router() {
      return this.application.router;
    }
  };
  var Context = class {
    constructor(module, scope) {
      this.logDebugActivity = (functionName, detail = {}) => {
        const { identifier, controller, element } = this;
        detail = Object.assign({ identifier, controller, element }, detail);
        this.application.logDebugActivity(this.identifier, functionName, detail);
      };
      this.module = module;
      this.scope = scope;
      this.controller = new module.controllerConstructor(this);
      this.bindingObserver = new BindingObserver(this, this.dispatcher);
      this.valueObserver = new ValueObserver(this, this.controller);
      this.targetObserver = new TargetObserver(this, this);
      this.outletObserver = new OutletObserver(this, this);
      try {
        this.controller.initialize();
        this.logDebugActivity("initialize");
      } catch (error2) {
        this.handleError(error2, "initializing controller");
      }
    }
    connect() {
      this.bindingObserver.start();
      this.valueObserver.start();
      this.targetObserver.start();
      this.outletObserver.start();
      try {
        this.controller.connect();
        this.logDebugActivity("connect");
      } catch (error2) {
        this.handleError(error2, "connecting controller");
      }
    }
    refresh() {
      this.outletObserver.refresh();
    }
    disconnect() {
      try {
        this.controller.disconnect();
        this.logDebugActivity("disconnect");
      } catch (error2) {
        this.handleError(error2, "disconnecting controller");
      }
      this.outletObserver.stop();
      this.targetObserver.stop();
      this.valueObserver.stop();
      this.bindingObserver.stop();
    }
    get application() {
      return this.module.application;
    }
    get identifier() {
      return this.module.identifier;
    }
    get schema() {
      return this.application.schema;
    }
    get dispatcher() {
      return this.application.dispatcher;
    }
    get element() {
      return this.scope.element;
    }
    get parentElement() {
      return this.element.parentElement;
    }
    handleError(error2, message, detail = {}) {
      const { identifier, controller, element } = this;
      detail = Object.assign({ identifier, controller, element }, detail);
      this.application.handleError(error2, `Error ${message}`, detail);
    }
    targetConnected(element, name) {
      this.invokeControllerMethod(`${name}TargetConnected`, element);
    }
    targetDisconnected(element, name) {
      this.invokeControllerMethod(`${name}TargetDisconnected`, element);
    }
    outletConnected(outlet, element, name) {
      this.invokeControllerMethod(`${namespaceCamelize(name)}OutletConnected`, outlet, element);
    }
    outletDisconnected(outlet, element, name) {
      this.invokeControllerMethod(`${namespaceCamelize(name)}OutletDisconnected`, outlet, element);
    }
    invokeControllerMethod(methodName, ...args) {
      const controller = this.controller;
      if (typeof controller[methodName] == "function") {
        controller[methodName](...args);
      }
    }
  };
  function bless(constructor) {
    return shadow(constructor, getBlessedProperties(constructor));
  }
  function shadow(constructor, properties) {
    const shadowConstructor = extend(constructor);
    const shadowProperties = getShadowProperties(constructor.prototype, properties);
    Object.defineProperties(shadowConstructor.prototype, shadowProperties);
    return shadowConstructor;
  }
  function getBlessedProperties(constructor) {
    const blessings = readInheritableStaticArrayValues(constructor, "blessings");
    return blessings.reduce((blessedProperties, blessing) => {
      const properties = blessing(constructor);
      for (const key in properties) {
        const descriptor = blessedProperties[key] || {};
        blessedProperties[key] = Object.assign(descriptor, properties[key]);
      }
      return blessedProperties;
    }, {});
  }
  function getShadowProperties(prototype, properties) {
    return getOwnKeys(properties).reduce((shadowProperties, key) => {
      const descriptor = getShadowedDescriptor(prototype, properties, key);
      if (descriptor) {
        Object.assign(shadowProperties, { [key]: descriptor });
      }
      return shadowProperties;
    }, {});
  }
  function getShadowedDescriptor(prototype, properties, key) {
    const shadowingDescriptor = Object.getOwnPropertyDescriptor(prototype, key);
    const shadowedByValue = shadowingDescriptor && "value" in shadowingDescriptor;
    if (!shadowedByValue) {
      const descriptor = Object.getOwnPropertyDescriptor(properties, key).value;
      if (shadowingDescriptor) {
        descriptor.get = shadowingDescriptor.get || descriptor.get;
        descriptor.set = shadowingDescriptor.set || descriptor.set;
      }
      return descriptor;
    }
  }
  var getOwnKeys = (() => {
    if (typeof Object.getOwnPropertySymbols == "function") {
      return (object) => [...Object.getOwnPropertyNames(object), ...Object.getOwnPropertySymbols(object)];
    } else {
      return Object.getOwnPropertyNames;
    }
  })();
  var extend = (() => {
    function extendWithReflect(constructor) {
      function extended() {
        return Reflect.construct(constructor, arguments, new.target);
      }
      extended.prototype = Object.create(constructor.prototype, {
        constructor: { value: extended }
      });
      Reflect.setPrototypeOf(extended, constructor);
      return extended;
    }
    function testReflectExtension() {
      const a = function() {
        this.a.call(this);
      };
      const b = extendWithReflect(a);
      b.prototype.a = function() {
      };
      return new b();
    }
    try {
      testReflectExtension();
      return extendWithReflect;
    } catch (error2) {
      return (constructor) => class extended extends constructor {
      };
    }
  })();
  function blessDefinition(definition) {
    return {
      identifier: definition.identifier,
      controllerConstructor: bless(definition.controllerConstructor)
    };
  }
  var Module = class {
    constructor(application2, definition) {
      this.application = application2;
      this.definition = blessDefinition(definition);
      this.contextsByScope = /* @__PURE__ */ new WeakMap();
      this.connectedContexts = /* @__PURE__ */ new Set();
    }
    get identifier() {
      return this.definition.identifier;
    }
    get controllerConstructor() {
      return this.definition.controllerConstructor;
    }
    get contexts() {
      return Array.from(this.connectedContexts);
    }
    connectContextForScope(scope) {
      const context = this.fetchContextForScope(scope);
      this.connectedContexts.add(context);
      context.connect();
    }
    disconnectContextForScope(scope) {
      const context = this.contextsByScope.get(scope);
      if (context) {
        this.connectedContexts.delete(context);
        context.disconnect();
      }
    }
    fetchContextForScope(scope) {
      let context = this.contextsByScope.get(scope);
      if (!context) {
        context = new Context(this, scope);
        this.contextsByScope.set(scope, context);
      }
      return context;
    }
  };
  var ClassMap = class {
    constructor(scope) {
      this.scope = scope;
    }
    has(name) {
      return this.data.has(this.getDataKey(name));
    }
    get(name) {
      return this.getAll(name)[0];
    }
    getAll(name) {
      const tokenString = this.data.get(this.getDataKey(name)) || "";
      return tokenize(tokenString);
    }
    getAttributeName(name) {
      return this.data.getAttributeNameForKey(this.getDataKey(name));
    }
    getDataKey(name) {
      return `${name}-class`;
    }
    get data() {
      return this.scope.data;
    }
  };
  var DataMap = class {
    constructor(scope) {
      this.scope = scope;
    }
    get element() {
      return this.scope.element;
    }
    get identifier() {
      return this.scope.identifier;
    }
    get(key) {
      const name = this.getAttributeNameForKey(key);
      return this.element.getAttribute(name);
    }
    set(key, value) {
      const name = this.getAttributeNameForKey(key);
      this.element.setAttribute(name, value);
      return this.get(key);
    }
    has(key) {
      const name = this.getAttributeNameForKey(key);
      return this.element.hasAttribute(name);
    }
    delete(key) {
      if (this.has(key)) {
        const name = this.getAttributeNameForKey(key);
        this.element.removeAttribute(name);
        return true;
      } else {
        return false;
      }
    }
    getAttributeNameForKey(key) {
      return `data-${this.identifier}-${dasherize(key)}`;
    }
  };
  var Guide = class {
    constructor(logger) {
      this.warnedKeysByObject = /* @__PURE__ */ new WeakMap();
      this.logger = logger;
    }
    warn(object, key, message) {
      let warnedKeys = this.warnedKeysByObject.get(object);
      if (!warnedKeys) {
        warnedKeys = /* @__PURE__ */ new Set();
        this.warnedKeysByObject.set(object, warnedKeys);
      }
      if (!warnedKeys.has(key)) {
        warnedKeys.add(key);
        this.logger.warn(message, object);
      }
    }
  };
  function attributeValueContainsToken(attributeName, token) {
    return `[${attributeName}~="${token}"]`;
  }
  var TargetSet = class {
    constructor(scope) {
      this.scope = scope;
    }
    get element() {
      return this.scope.element;
    }
    get identifier() {
      return this.scope.identifier;
    }
    get schema() {
      return this.scope.schema;
    }
    has(targetName) {
      return this.find(targetName) != null;
    }
    find(...targetNames) {
      return targetNames.reduce((target, targetName) => target || this.findTarget(targetName) || this.findLegacyTarget(targetName), void 0);
    }
    findAll(...targetNames) {
      return targetNames.reduce((targets, targetName) => [
        ...targets,
        ...this.findAllTargets(targetName),
        ...this.findAllLegacyTargets(targetName)
      ], []);
    }
    findTarget(targetName) {
      const selector = this.getSelectorForTargetName(targetName);
      return this.scope.findElement(selector);
    }
    findAllTargets(targetName) {
      const selector = this.getSelectorForTargetName(targetName);
      return this.scope.findAllElements(selector);
    }
    getSelectorForTargetName(targetName) {
      const attributeName = this.schema.targetAttributeForScope(this.identifier);
      return attributeValueContainsToken(attributeName, targetName);
    }
    findLegacyTarget(targetName) {
      const selector = this.getLegacySelectorForTargetName(targetName);
      return this.deprecate(this.scope.findElement(selector), targetName);
    }
    findAllLegacyTargets(targetName) {
      const selector = this.getLegacySelectorForTargetName(targetName);
      return this.scope.findAllElements(selector).map((element) => this.deprecate(element, targetName));
    }
    getLegacySelectorForTargetName(targetName) {
      const targetDescriptor = `${this.identifier}.${targetName}`;
      return attributeValueContainsToken(this.schema.targetAttribute, targetDescriptor);
    }
    deprecate(element, targetName) {
      if (element) {
        const { identifier } = this;
        const attributeName = this.schema.targetAttribute;
        const revisedAttributeName = this.schema.targetAttributeForScope(identifier);
        this.guide.warn(element, `target:${targetName}`, `Please replace ${attributeName}="${identifier}.${targetName}" with ${revisedAttributeName}="${targetName}". The ${attributeName} attribute is deprecated and will be removed in a future version of Stimulus.`);
      }
      return element;
    }
    get guide() {
      return this.scope.guide;
    }
  };
  var OutletSet = class {
    constructor(scope, controllerElement) {
      this.scope = scope;
      this.controllerElement = controllerElement;
    }
    get element() {
      return this.scope.element;
    }
    get identifier() {
      return this.scope.identifier;
    }
    get schema() {
      return this.scope.schema;
    }
    has(outletName) {
      return this.find(outletName) != null;
    }
    find(...outletNames) {
      return outletNames.reduce((outlet, outletName) => outlet || this.findOutlet(outletName), void 0);
    }
    findAll(...outletNames) {
      return outletNames.reduce((outlets, outletName) => [...outlets, ...this.findAllOutlets(outletName)], []);
    }
    getSelectorForOutletName(outletName) {
      const attributeName = this.schema.outletAttributeForScope(this.identifier, outletName);
      return this.controllerElement.getAttribute(attributeName);
    }
    findOutlet(outletName) {
      const selector = this.getSelectorForOutletName(outletName);
      if (selector)
        return this.findElement(selector, outletName);
    }
    findAllOutlets(outletName) {
      const selector = this.getSelectorForOutletName(outletName);
      return selector ? this.findAllElements(selector, outletName) : [];
    }
    findElement(selector, outletName) {
      const elements = this.scope.queryElements(selector);
      return elements.filter((element) => this.matchesElement(element, selector, outletName))[0];
    }
    findAllElements(selector, outletName) {
      const elements = this.scope.queryElements(selector);
      return elements.filter((element) => this.matchesElement(element, selector, outletName));
    }
    matchesElement(element, selector, outletName) {
      const controllerAttribute = element.getAttribute(this.scope.schema.controllerAttribute) || "";
      return element.matches(selector) && controllerAttribute.split(" ").includes(outletName);
    }
  };
  var Scope = class _Scope {
    constructor(schema, element, identifier, logger) {
      this.targets = new TargetSet(this);
      this.classes = new ClassMap(this);
      this.data = new DataMap(this);
      this.containsElement = (element2) => {
        return element2.closest(this.controllerSelector) === this.element;
      };
      this.schema = schema;
      this.element = element;
      this.identifier = identifier;
      this.guide = new Guide(logger);
      this.outlets = new OutletSet(this.documentScope, element);
    }
    findElement(selector) {
      return this.element.matches(selector) ? this.element : this.queryElements(selector).find(this.containsElement);
    }
    findAllElements(selector) {
      return [
        ...this.element.matches(selector) ? [this.element] : [],
        ...this.queryElements(selector).filter(this.containsElement)
      ];
    }
    queryElements(selector) {
      return Array.from(this.element.querySelectorAll(selector));
    }
    get controllerSelector() {
      return attributeValueContainsToken(this.schema.controllerAttribute, this.identifier);
    }
    get isDocumentScope() {
      return this.element === document.documentElement;
    }
    get documentScope() {
      return this.isDocumentScope ? this : new _Scope(this.schema, document.documentElement, this.identifier, this.guide.logger);
    }
  };
  var ScopeObserver = class {
    constructor(element, schema, delegate) {
      this.element = element;
      this.schema = schema;
      this.delegate = delegate;
      this.valueListObserver = new ValueListObserver(this.element, this.controllerAttribute, this);
      this.scopesByIdentifierByElement = /* @__PURE__ */ new WeakMap();
      this.scopeReferenceCounts = /* @__PURE__ */ new WeakMap();
    }
    start() {
      this.valueListObserver.start();
    }
    stop() {
      this.valueListObserver.stop();
    }
    get controllerAttribute() {
      return this.schema.controllerAttribute;
    }
    parseValueForToken(token) {
      const { element, content: identifier } = token;
      return this.parseValueForElementAndIdentifier(element, identifier);
    }
    parseValueForElementAndIdentifier(element, identifier) {
      const scopesByIdentifier = this.fetchScopesByIdentifierForElement(element);
      let scope = scopesByIdentifier.get(identifier);
      if (!scope) {
        scope = this.delegate.createScopeForElementAndIdentifier(element, identifier);
        scopesByIdentifier.set(identifier, scope);
      }
      return scope;
    }
    elementMatchedValue(element, value) {
      const referenceCount = (this.scopeReferenceCounts.get(value) || 0) + 1;
      this.scopeReferenceCounts.set(value, referenceCount);
      if (referenceCount == 1) {
        this.delegate.scopeConnected(value);
      }
    }
    elementUnmatchedValue(element, value) {
      const referenceCount = this.scopeReferenceCounts.get(value);
      if (referenceCount) {
        this.scopeReferenceCounts.set(value, referenceCount - 1);
        if (referenceCount == 1) {
          this.delegate.scopeDisconnected(value);
        }
      }
    }
    fetchScopesByIdentifierForElement(element) {
      let scopesByIdentifier = this.scopesByIdentifierByElement.get(element);
      if (!scopesByIdentifier) {
        scopesByIdentifier = /* @__PURE__ */ new Map();
        this.scopesByIdentifierByElement.set(element, scopesByIdentifier);
      }
      return scopesByIdentifier;
    }
  };
  var Router = class {
    constructor(application2) {
      this.application = application2;
      this.scopeObserver = new ScopeObserver(this.element, this.schema, this);
      this.scopesByIdentifier = new Multimap();
      this.modulesByIdentifier = /* @__PURE__ */ new Map();
    }
    get element() {
      return this.application.element;
    }
    get schema() {
      return this.application.schema;
    }
    get logger() {
      return this.application.logger;
    }
    get controllerAttribute() {
      return this.schema.controllerAttribute;
    }
    get modules() {
      return Array.from(this.modulesByIdentifier.values());
    }
    get contexts() {
      return this.modules.reduce((contexts, module) => contexts.concat(module.contexts), []);
    }
    start() {
      this.scopeObserver.start();
    }
    stop() {
      this.scopeObserver.stop();
    }
    loadDefinition(definition) {
      this.unloadIdentifier(definition.identifier);
      const module = new Module(this.application, definition);
      this.connectModule(module);
      const afterLoad = definition.controllerConstructor.afterLoad;
      if (afterLoad) {
        afterLoad.call(definition.controllerConstructor, definition.identifier, this.application);
      }
    }
    unloadIdentifier(identifier) {
      const module = this.modulesByIdentifier.get(identifier);
      if (module) {
        this.disconnectModule(module);
      }
    }
    getContextForElementAndIdentifier(element, identifier) {
      const module = this.modulesByIdentifier.get(identifier);
      if (module) {
        return module.contexts.find((context) => context.element == element);
      }
    }
    proposeToConnectScopeForElementAndIdentifier(element, identifier) {
      const scope = this.scopeObserver.parseValueForElementAndIdentifier(element, identifier);
      if (scope) {
        this.scopeObserver.elementMatchedValue(scope.element, scope);
      } else {
        console.error(`Couldn't find or create scope for identifier: "${identifier}" and element:`, element);
      }
    }
    handleError(error2, message, detail) {
      this.application.handleError(error2, message, detail);
    }
    createScopeForElementAndIdentifier(element, identifier) {
      return new Scope(this.schema, element, identifier, this.logger);
    }
    scopeConnected(scope) {
      this.scopesByIdentifier.add(scope.identifier, scope);
      const module = this.modulesByIdentifier.get(scope.identifier);
      if (module) {
        module.connectContextForScope(scope);
      }
    }
    scopeDisconnected(scope) {
      this.scopesByIdentifier.delete(scope.identifier, scope);
      const module = this.modulesByIdentifier.get(scope.identifier);
      if (module) {
        module.disconnectContextForScope(scope);
      }
    }
    connectModule(module) {
      this.modulesByIdentifier.set(module.identifier, module);
      const scopes = this.scopesByIdentifier.getValuesForKey(module.identifier);
      scopes.forEach((scope) => module.connectContextForScope(scope));
    }
    disconnectModule(module) {
      this.modulesByIdentifier.delete(module.identifier);
      const scopes = this.scopesByIdentifier.getValuesForKey(module.identifier);
      scopes.forEach((scope) => module.disconnectContextForScope(scope));
    }
  };
  var defaultSchema = {
    controllerAttribute: "data-controller",
    actionAttribute: "data-action",
    targetAttribute: "data-target",
    targetAttributeForScope: (identifier) => `data-${identifier}-target`,
    outletAttributeForScope: (identifier, outlet) => `data-${identifier}-${outlet}-outlet`,
    keyMappings: Object.assign(Object.assign({ enter: "Enter", tab: "Tab", esc: "Escape", space: " ", up: "ArrowUp", down: "ArrowDown", left: "ArrowLeft", right: "ArrowRight", home: "Home", end: "End", page_up: "PageUp", page_down: "PageDown" }, objectFromEntries("abcdefghijklmnopqrstuvwxyz".split("").map((c) => [c, c]))), objectFromEntries("0123456789".split("").map((n) => [n, n])))
  };
  function objectFromEntries(array) {
    return array.reduce((memo, [k, v]) => Object.assign(Object.assign({}, memo), { [k]: v }), {});
  }
  var Application = class {
    constructor(element = document.documentElement, schema = defaultSchema) {
      this.logger = console;
      this.debug = false;
      this.logDebugActivity = (identifier, functionName, detail = {}) => {
        if (this.debug) {
          this.logFormattedMessage(identifier, functionName, detail);
        }
      };
      this.element = element;
      this.schema = schema;
      this.dispatcher = new Dispatcher(this);
      this.router = new Router(this);
      this.actionDescriptorFilters = Object.assign({}, defaultActionDescriptorFilters);
    }
    static start(element, schema) {
      const application2 = new this(element, schema);
      application2.start();
      return application2;
    }
    async start() {
      await domReady();
      this.logDebugActivity("application", "starting");
      this.dispatcher.start();
      this.router.start();
      this.logDebugActivity("application", "start");
    }
    stop() {
      this.logDebugActivity("application", "stopping");
      this.dispatcher.stop();
      this.router.stop();
      this.logDebugActivity("application", "stop");
    }
    register(identifier, controllerConstructor) {
      this.load({ identifier, controllerConstructor });
    }
    registerActionOption(name, filter) {
      this.actionDescriptorFilters[name] = filter;
    }
    load(head, ...rest) {
      const definitions = Array.isArray(head) ? head : [head, ...rest];
      definitions.forEach((definition) => {
        if (definition.controllerConstructor.shouldLoad) {
          this.router.loadDefinition(definition);
        }
      });
    }
    unload(head, ...rest) {
      const identifiers = Array.isArray(head) ? head : [head, ...rest];
      identifiers.forEach((identifier) => this.router.unloadIdentifier(identifier));
    }
    get controllers() {
      return this.router.contexts.map((context) => context.controller);
    }
    getControllerForElementAndIdentifier(element, identifier) {
      const context = this.router.getContextForElementAndIdentifier(element, identifier);
      return context ? context.controller : null;
    }
    handleError(error2, message, detail) {
      var _a;
      this.logger.error(`%s

%o

%o`, message, error2, detail);
      (_a = window.onerror) === null || _a === void 0 ? void 0 : _a.call(window, message, "", 0, 0, error2);
    }
    logFormattedMessage(identifier, functionName, detail = {}) {
      detail = Object.assign({ application: this }, detail);
      this.logger.groupCollapsed(`${identifier} #${functionName}`);
      this.logger.log("details:", Object.assign({}, detail));
      this.logger.groupEnd();
    }
  };
  function domReady() {
    return new Promise((resolve) => {
      if (document.readyState == "loading") {
        document.addEventListener("DOMContentLoaded", () => resolve());
      } else {
        resolve();
      }
    });
  }
  function ClassPropertiesBlessing(constructor) {
    const classes = readInheritableStaticArrayValues(constructor, "classes");
    return classes.reduce((properties, classDefinition) => {
      return Object.assign(properties, propertiesForClassDefinition(classDefinition));
    }, {});
  }
  function propertiesForClassDefinition(key) {
    return {
      [`${key}Class`]: {
        get() {
          const { classes } = this;
          if (classes.has(key)) {
            return classes.get(key);
          } else {
            const attribute = classes.getAttributeName(key);
            throw new Error(`Missing attribute "${attribute}"`);
          }
        }
      },
      [`${key}Classes`]: {
        get() {
          return this.classes.getAll(key);
        }
      },
      [`has${capitalize(key)}Class`]: {
        get() {
          return this.classes.has(key);
        }
      }
    };
  }
  function OutletPropertiesBlessing(constructor) {
    const outlets = readInheritableStaticArrayValues(constructor, "outlets");
    return outlets.reduce((properties, outletDefinition) => {
      return Object.assign(properties, propertiesForOutletDefinition(outletDefinition));
    }, {});
  }
  function getOutletController(controller, element, identifier) {
    return controller.application.getControllerForElementAndIdentifier(element, identifier);
  }
  function getControllerAndEnsureConnectedScope(controller, element, outletName) {
    let outletController = getOutletController(controller, element, outletName);
    if (outletController)
      return outletController;
    controller.application.router.proposeToConnectScopeForElementAndIdentifier(element, outletName);
    outletController = getOutletController(controller, element, outletName);
    if (outletController)
      return outletController;
  }
  function propertiesForOutletDefinition(name) {
    const camelizedName = namespaceCamelize(name);
    return {
      [`${camelizedName}Outlet`]: {
        get() {
          const outletElement = this.outlets.find(name);
          const selector = this.outlets.getSelectorForOutletName(name);
          if (outletElement) {
            const outletController = getControllerAndEnsureConnectedScope(this, outletElement, name);
            if (outletController)
              return outletController;
            throw new Error(`The provided outlet element is missing an outlet controller "${name}" instance for host controller "${this.identifier}"`);
          }
          throw new Error(`Missing outlet element "${name}" for host controller "${this.identifier}". Stimulus couldn't find a matching outlet element using selector "${selector}".`);
        }
      },
      [`${camelizedName}Outlets`]: {
        get() {
          const outlets = this.outlets.findAll(name);
          if (outlets.length > 0) {
            return outlets.map((outletElement) => {
              const outletController = getControllerAndEnsureConnectedScope(this, outletElement, name);
              if (outletController)
                return outletController;
              console.warn(`The provided outlet element is missing an outlet controller "${name}" instance for host controller "${this.identifier}"`, outletElement);
            }).filter((controller) => controller);
          }
          return [];
        }
      },
      [`${camelizedName}OutletElement`]: {
        get() {
          const outletElement = this.outlets.find(name);
          const selector = this.outlets.getSelectorForOutletName(name);
          if (outletElement) {
            return outletElement;
          } else {
            throw new Error(`Missing outlet element "${name}" for host controller "${this.identifier}". Stimulus couldn't find a matching outlet element using selector "${selector}".`);
          }
        }
      },
      [`${camelizedName}OutletElements`]: {
        get() {
          return this.outlets.findAll(name);
        }
      },
      [`has${capitalize(camelizedName)}Outlet`]: {
        get() {
          return this.outlets.has(name);
        }
      }
    };
  }
  function TargetPropertiesBlessing(constructor) {
    const targets = readInheritableStaticArrayValues(constructor, "targets");
    return targets.reduce((properties, targetDefinition) => {
      return Object.assign(properties, propertiesForTargetDefinition(targetDefinition));
    }, {});
  }
  function propertiesForTargetDefinition(name) {
    return {
      [`${name}Target`]: {
        get() {
          const target = this.targets.find(name);
          if (target) {
            return target;
          } else {
            throw new Error(`Missing target element "${name}" for "${this.identifier}" controller`);
          }
        }
      },
      [`${name}Targets`]: {
        get() {
          return this.targets.findAll(name);
        }
      },
      [`has${capitalize(name)}Target`]: {
        get() {
          return this.targets.has(name);
        }
      }
    };
  }
  function ValuePropertiesBlessing(constructor) {
    const valueDefinitionPairs = readInheritableStaticObjectPairs(constructor, "values");
    const propertyDescriptorMap = {
      valueDescriptorMap: {
        get() {
          return valueDefinitionPairs.reduce((result, valueDefinitionPair) => {
            const valueDescriptor = parseValueDefinitionPair(valueDefinitionPair, this.identifier);
            const attributeName = this.data.getAttributeNameForKey(valueDescriptor.key);
            return Object.assign(result, { [attributeName]: valueDescriptor });
          }, {});
        }
      }
    };
    return valueDefinitionPairs.reduce((properties, valueDefinitionPair) => {
      return Object.assign(properties, propertiesForValueDefinitionPair(valueDefinitionPair));
    }, propertyDescriptorMap);
  }
  function propertiesForValueDefinitionPair(valueDefinitionPair, controller) {
    const definition = parseValueDefinitionPair(valueDefinitionPair, controller);
    const { key, name, reader: read, writer: write } = definition;
    return {
      [name]: {
        get() {
          const value = this.data.get(key);
          if (value !== null) {
            return read(value);
          } else {
            return definition.defaultValue;
          }
        },
        set(value) {
          if (value === void 0) {
            this.data.delete(key);
          } else {
            this.data.set(key, write(value));
          }
        }
      },
      [`has${capitalize(name)}`]: {
        get() {
          return this.data.has(key) || definition.hasCustomDefaultValue;
        }
      }
    };
  }
  function parseValueDefinitionPair([token, typeDefinition], controller) {
    return valueDescriptorForTokenAndTypeDefinition({
      controller,
      token,
      typeDefinition
    });
  }
  function parseValueTypeConstant(constant) {
    switch (constant) {
      case Array:
        return "array";
      case Boolean:
        return "boolean";
      case Number:
        return "number";
      case Object:
        return "object";
      case String:
        return "string";
    }
  }
  function parseValueTypeDefault(defaultValue) {
    switch (typeof defaultValue) {
      case "boolean":
        return "boolean";
      case "number":
        return "number";
      case "string":
        return "string";
    }
    if (Array.isArray(defaultValue))
      return "array";
    if (Object.prototype.toString.call(defaultValue) === "[object Object]")
      return "object";
  }
  function parseValueTypeObject(payload) {
    const { controller, token, typeObject } = payload;
    const hasType = isSomething(typeObject.type);
    const hasDefault = isSomething(typeObject.default);
    const fullObject = hasType && hasDefault;
    const onlyType = hasType && !hasDefault;
    const onlyDefault = !hasType && hasDefault;
    const typeFromObject = parseValueTypeConstant(typeObject.type);
    const typeFromDefaultValue = parseValueTypeDefault(payload.typeObject.default);
    if (onlyType)
      return typeFromObject;
    if (onlyDefault)
      return typeFromDefaultValue;
    if (typeFromObject !== typeFromDefaultValue) {
      const propertyPath = controller ? `${controller}.${token}` : token;
      throw new Error(`The specified default value for the Stimulus Value "${propertyPath}" must match the defined type "${typeFromObject}". The provided default value of "${typeObject.default}" is of type "${typeFromDefaultValue}".`);
    }
    if (fullObject)
      return typeFromObject;
  }
  function parseValueTypeDefinition(payload) {
    const { controller, token, typeDefinition } = payload;
    const typeObject = { controller, token, typeObject: typeDefinition };
    const typeFromObject = parseValueTypeObject(typeObject);
    const typeFromDefaultValue = parseValueTypeDefault(typeDefinition);
    const typeFromConstant = parseValueTypeConstant(typeDefinition);
    const type = typeFromObject || typeFromDefaultValue || typeFromConstant;
    if (type)
      return type;
    const propertyPath = controller ? `${controller}.${typeDefinition}` : token;
    throw new Error(`Unknown value type "${propertyPath}" for "${token}" value`);
  }
  function defaultValueForDefinition(typeDefinition) {
    const constant = parseValueTypeConstant(typeDefinition);
    if (constant)
      return defaultValuesByType[constant];
    const hasDefault = hasProperty(typeDefinition, "default");
    const hasType = hasProperty(typeDefinition, "type");
    const typeObject = typeDefinition;
    if (hasDefault)
      return typeObject.default;
    if (hasType) {
      const { type } = typeObject;
      const constantFromType = parseValueTypeConstant(type);
      if (constantFromType)
        return defaultValuesByType[constantFromType];
    }
    return typeDefinition;
  }
  function valueDescriptorForTokenAndTypeDefinition(payload) {
    const { token, typeDefinition } = payload;
    const key = `${dasherize(token)}-value`;
    const type = parseValueTypeDefinition(payload);
    return {
      type,
      key,
      name: camelize(key),
      get defaultValue() {
        return defaultValueForDefinition(typeDefinition);
      },
      get hasCustomDefaultValue() {
        return parseValueTypeDefault(typeDefinition) !== void 0;
      },
      reader: readers[type],
      writer: writers[type] || writers.default
    };
  }
  var defaultValuesByType = {
    get array() {
      return [];
    },
    boolean: false,
    number: 0,
    get object() {
      return {};
    },
    string: ""
  };
  var readers = {
    array(value) {
      const array = JSON.parse(value);
      if (!Array.isArray(array)) {
        throw new TypeError(`expected value of type "array" but instead got value "${value}" of type "${parseValueTypeDefault(array)}"`);
      }
      return array;
    },
    boolean(value) {
      return !(value == "0" || String(value).toLowerCase() == "false");
    },
    number(value) {
      return Number(value.replace(/_/g, ""));
    },
    object(value) {
      const object = JSON.parse(value);
      if (object === null || typeof object != "object" || Array.isArray(object)) {
        throw new TypeError(`expected value of type "object" but instead got value "${value}" of type "${parseValueTypeDefault(object)}"`);
      }
      return object;
    },
    string(value) {
      return value;
    }
  };
  var writers = {
    default: writeString,
    array: writeJSON,
    object: writeJSON
  };
  function writeJSON(value) {
    return JSON.stringify(value);
  }
  function writeString(value) {
    return `${value}`;
  }
  var Controller = class {
    constructor(context) {
      this.context = context;
    }
    static get shouldLoad() {
      return true;
    }
    static afterLoad(_identifier, _application) {
      return;
    }
    get application() {
      return this.context.application;
    }
    get scope() {
      return this.context.scope;
    }
    get element() {
      return this.scope.element;
    }
    get identifier() {
      return this.scope.identifier;
    }
    get targets() {
      return this.scope.targets;
    }
    get outlets() {
      return this.scope.outlets;
    }
    get classes() {
      return this.scope.classes;
    }
    get data() {
      return this.scope.data;
    }
    initialize() {
    }
    connect() {
    }
    disconnect() {
    }
    dispatch(eventName, { target = this.element, detail = {}, prefix = this.identifier, bubbles = true, cancelable = true } = {}) {
      const type = prefix ? `${prefix}:${eventName}` : eventName;
      const event = new CustomEvent(type, { detail, bubbles, cancelable });
      target.dispatchEvent(event);
      return event;
    }
  };
  Controller.blessings = [
    ClassPropertiesBlessing,
    TargetPropertiesBlessing,
    ValuePropertiesBlessing,
    OutletPropertiesBlessing
  ];
  Controller.targets = [];
  Controller.outlets = [];
  Controller.values = {};

  // src/constants.js
  var VERSION = true ? "0.1.0" : "dev";
  var ATTR = Object.freeze({
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
  var EVENT = Object.freeze({
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
  var LOADING = Object.freeze({
    element: "liveview-loading",
    page: "liveview-page-loading"
  });
  var CLOSE = Object.freeze({
    tooBig: 1009,
    revoked: 4401,
    roomRefused: 4403,
    rateLimited: 4429,
    slowReader: 4008
  });
  var MAX_MESSAGE_SIZE = 64 * 1024;
  var UPLOAD = Object.freeze({
    chunkSize: 64 * 1024,
    headerSize: 24,
    maxSize: 10 * 1024 * 1024,
    maxFiles: 10,
    modeAttr: "data-liveview-upload",
    dropAttr: "data-liveview-upload-drop",
    progressAttr: "data-liveview-upload-progress",
    percentAttr: "data-liveview-upload-percent",
    functionAttr: "data-liveview-upload-function",
    maxSizeAttr: "data-liveview-upload-max-size",
    maxFilesAttr: "data-liveview-upload-max-files",
    loadingClass: "liveview-loading",
    progressEvent: "liveview:upload-progress",
    doneEvent: "liveview:upload-done",
    errorEvent: "liveview:upload-error"
  });
  var NO_CONNECTION = Object.freeze({
    id: "no-connection",
    show: "no-connection--show",
    hide: "no-connection--hide"
  });
  var CSP_NONCE_META = "liveview-csp-nonce";
  var DEFAULT_PATH = "/ws/liveview/";
  var DEFAULT_CONFIG = Object.freeze({
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
  var SNAPSHOT_LIMIT = 50;
  var STORAGE_KEY = Object.freeze({
    snapshot: "liveview:snapshot:",
    order: "liveview:snapshot-order",
    counter: "liveview:snapshot-counter",
    intents: "liveview:intents",
    identity: "liveview:identity",
    carry: "liveview:carry",
    staleReload: "liveview:stale-reload"
  });
  var NAVIGATION = Object.freeze({
    prefetchTtl: 1e4,
    hoverDelay: 60,
    announcerId: "liveview-announcer",
    navigatingClass: "liveview-navigating",
    /** `<meta name="liveview-navigate" content="reload">`: this page is always loaded in full. */
    meta: "liveview-navigate"
  });
  var REPLAY_WINDOW = 10 * 60 * 1e3;

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

  // src/bindings/intersect.js
  function rootMarginFor(value) {
    const px = value === null ? 0 : Number.parseInt(value, 10);
    return `${Number.isFinite(px) ? px : 0}px`;
  }
  function intersectionChange(wasVisible, isVisible) {
    if (isVisible && wasVisible !== true) return "appear";
    if (!isVisible && wasVisible === true) return "disappear";
    return null;
  }
  function createIntersectBinding({ trigger, IntersectionObserver, debug }) {
    const observers = /* @__PURE__ */ new Map();
    const visible = /* @__PURE__ */ new WeakMap();
    const observed = /* @__PURE__ */ new WeakSet();
    function onEntries(entries) {
      for (const entry of entries) {
        const element = entry.target;
        if (!element.isConnected) {
          forget(element);
          continue;
        }
        const change = intersectionChange(visible.get(element), entry.isIntersecting);
        visible.set(element, entry.isIntersecting);
        if (!change) continue;
        const name = element.getAttribute(
          change === "appear" ? ATTR.intersectAppear : ATTR.intersectDisappear
        );
        if (name) trigger(element, name);
      }
    }
    function observerFor(margin) {
      let observer = observers.get(margin);
      if (!observer && IntersectionObserver) {
        observer = new IntersectionObserver(onEntries, { rootMargin: margin });
        observers.set(margin, observer);
      }
      return observer;
    }
    function forget(element) {
      for (const observer of observers.values()) observer.unobserve(element);
      observed.delete(element);
      visible.delete(element);
    }
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
      }
    };
    return binding;
  }

  // src/bindings/keyboard.js
  var NAMED_KEYS = (
    /** @type {Record<string, string>} */
    {
      Escape: "esc",
      Enter: "enter",
      " ": "space",
      Tab: "tab",
      ArrowUp: "up",
      ArrowDown: "down",
      ArrowLeft: "left",
      ArrowRight: "right",
      Home: "home",
      End: "end",
      PageUp: "page_up",
      PageDown: "page_down"
    }
  );
  var KEY_NAMES = Object.freeze([
    "esc",
    "enter",
    "space",
    "tab",
    "up",
    "down",
    "left",
    "right",
    "home",
    "end",
    "page_up",
    "page_down"
  ]);
  var MODIFIERS = /* @__PURE__ */ new Set(["ctrl", "alt", "meta", "shift"]);
  var SINGLE_KEY = /^[a-z0-9]$/;
  function parseCombo(text) {
    const combo = { key: "", ctrl: false, alt: false, meta: false, shift: false };
    for (const rawPart of text.toLowerCase().split("+")) {
      const part = rawPart.trim();
      if (MODIFIERS.has(part)) {
        combo[
          /** @type {"ctrl" | "alt" | "meta" | "shift"} */
          part
        ] = true;
      } else if (combo.key === "" && (SINGLE_KEY.test(part) || KEY_NAMES.includes(part))) {
        combo.key = part;
      } else {
        return null;
      }
    }
    return combo.key === "" ? null : combo;
  }
  function keyName(event) {
    const key = typeof event.key === "string" ? event.key : "";
    if (key.length === 1 && SINGLE_KEY.test(key.toLowerCase())) return key.toLowerCase();
    if (Object.prototype.hasOwnProperty.call(NAMED_KEYS, key)) return NAMED_KEYS[key];
    const physical = /^(?:Key([A-Z])|Digit([0-9]))$/.exec(event.code ?? "");
    if (physical) return (physical[1] ?? physical[2]).toLowerCase();
    return null;
  }
  function matchesCombo(combo, event) {
    return keyName(event) === combo.key && combo.ctrl === Boolean(event.ctrlKey) && combo.alt === Boolean(event.altKey) && combo.meta === Boolean(event.metaKey) && combo.shift === Boolean(event.shiftKey);
  }
  function parseKeyboardMap(json) {
    let raw;
    try {
      raw = JSON.parse(json);
    } catch {
      return { bindings: [], problems: [`keyboard map is not valid JSON: ${json}`] };
    }
    if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
      return { bindings: [], problems: ["keyboard map must be a JSON object"] };
    }
    const bindings = [];
    const problems2 = [];
    for (const [text, functionName] of Object.entries(raw)) {
      const combo = parseCombo(text);
      if (!combo) problems2.push(`unknown key combination "${text}"`);
      else if (typeof functionName !== "string" || functionName === "") {
        problems2.push(`key "${text}" must map to a function name`);
      } else bindings.push({ combo, functionName });
    }
    return { bindings, problems: problems2 };
  }
  function findBinding(bindings, event) {
    return bindings.find((binding) => matchesCombo(binding.combo, event)) ?? null;
  }
  function isEditable(target) {
    if (!target || !("tagName" in target)) return false;
    const element = (
      /** @type {HTMLElement} */
      target
    );
    return element.isContentEditable || element.tagName === "INPUT" || element.tagName === "TEXTAREA" || element.tagName === "SELECT";
  }
  function createKeyboardBinding({ document: document2, trigger, reportError }) {
    const bound = /* @__PURE__ */ new WeakMap();
    const parsed = /* @__PURE__ */ new Map();
    function bindingsOf(element) {
      const json = element.getAttribute(ATTR.keyboardMap) ?? "";
      let bindings = parsed.get(json);
      if (!bindings) {
        const result = parseKeyboardMap(json);
        for (const problem of result.problems) reportError(problem, { element });
        bindings = result.bindings;
        parsed.set(json, bindings);
      }
      return bindings;
    }
    function onKeydown(element, global, event) {
      if (event.defaultPrevented || event.isComposing) return;
      const binding2 = findBinding(bindingsOf(element), event);
      if (!binding2) return;
      const plain = !binding2.combo.ctrl && !binding2.combo.alt && !binding2.combo.meta;
      if (global && plain && /^([a-z0-9]|space)$/.test(binding2.combo.key) && isEditable(event.target)) {
        return;
      }
      event.preventDefault();
      trigger(element, binding2.functionName);
    }
    const binding = {
      /** @param {Element} element */
      bind(element) {
        if (bound.has(element)) return;
        const listening = new AbortController();
        bound.set(element, listening);
        bindingsOf(element);
        const { signal } = listening;
        if (element === document2.body) {
          document2.addEventListener("keydown", (event) => onKeydown(element, true, event), { signal });
          return;
        }
        if (!element.hasAttribute("tabindex") && /** @type {HTMLElement} */
        element.tabIndex < 0) {
          element.setAttribute("tabindex", "-1");
        }
        element.addEventListener(
          "keydown",
          (event) => onKeydown(
            element,
            false,
            /** @type {KeyboardEvent} */
            event
          ),
          { signal }
        );
      },
      /** A kept element whose map changed or went: its listener goes, a new one if it has one. */
      rearm(element, matches) {
        bound.get(element)?.abort();
        bound.delete(element);
        if (matches) binding.bind(element);
      },
      selector: `[${ATTR.keyboardMap}]`
    };
    return binding;
  }

  // src/bindings/observer.js
  function matching(root, selector) {
    const found = Array.from(root.querySelectorAll(selector));
    if (root.matches(selector)) found.unshift(root);
    return found;
  }
  function createBindingObserver({ bindings, MutationObserver: MutationObserver2, reportError }) {
    function scan(root) {
      for (const binding of bindings) {
        for (const element of matching(root, binding.selector)) {
          try {
            binding.bind(element);
          } catch (error2) {
            reportError("binding failed", { element, error: String(error2) });
          }
        }
      }
    }
    let observer = null;
    return {
      /** Bind what is inside `root` now and watch it for insertions. @param {Element} root */
      start(root) {
        scan(root);
        observer = new MutationObserver2((records) => {
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
            } catch (error2) {
              reportError("binding failed", { element, error: String(error2) });
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
  function isNumberAtLeast(value, min) {
    return typeof value === "number" && !Number.isNaN(value) && value >= min;
  }
  function pickNumber(name, value, min, allowInfinity, problems2) {
    const fallback = (
      /** @type {number} */
      DEFAULT_CONFIG[
        /** @type {keyof Config} */
        name
      ]
    );
    if (value === void 0 || value === null) return fallback;
    if (isNumberAtLeast(value, min) && (allowInfinity || Number.isFinite(value))) return value;
    problems2.push(`webSocketConfig.${name} must be a number >= ${min}, got ${String(value)}`);
    return fallback;
  }
  function pickOptionalString(name, value, problems2) {
    if (value === void 0 || value === null || value === "") return null;
    if (typeof value === "string") return value;
    problems2.push(`webSocketConfig.${name} must be a string, got ${typeof value}`);
    return null;
  }
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
    const protocol = pickOptionalString("protocol", own("protocol"), problems2);
    const path = pickOptionalString("path", own("path"), problems2);
    const scripts = own("scripts");
    let scriptsMode = DEFAULT_CONFIG.scripts;
    if (scripts === true || scripts === false || scripts === "nonce") scriptsMode = scripts;
    else if (scripts !== void 0) {
      problems2.push(`webSocketConfig.scripts must be true, false or "nonce", got ${String(scripts)}`);
    }
    const debug = own("debug");
    const multiplier = pickNumber("reconnectMultiplier", own("reconnectMultiplier"), 1, false, problems2);
    const jitter = pickNumber("jitter", own("jitter"), 0, false, problems2);
    const persist = own("persistFunctions");
    let persistFunctions = [];
    if (Array.isArray(persist) && persist.every((name) => typeof name === "string")) {
      persistFunctions = [...persist];
    } else if (persist !== void 0 && persist !== null) {
      problems2.push("webSocketConfig.persistFunctions must be an array of function names");
    }
    if (jitter > 1) problems2.push(`webSocketConfig.jitter must be between 0 and 1, got ${jitter}`);
    return {
      config: {
        host: pickOptionalString("host", own("host"), problems2),
        protocol: protocol === null ? null : normalizeProtocol(protocol),
        path: path === null ? DEFAULT_CONFIG.path : normalizePath(path),
        reconnectDelay: pickNumber("reconnectDelay", own("reconnectDelay"), 0, false, problems2),
        reconnectMultiplier: multiplier,
        reconnectMaxDelay: pickNumber("reconnectMaxDelay", own("reconnectMaxDelay"), 0, false, problems2),
        maxReconnectAttempts: pickNumber(
          "maxReconnectAttempts",
          own("maxReconnectAttempts"),
          0,
          true,
          problems2
        ),
        jitter: jitter > 1 ? DEFAULT_CONFIG.jitter : jitter,
        queueMaxSize: Math.floor(pickNumber("queueMaxSize", own("queueMaxSize"), 0, false, problems2)),
        queueMaxAge: pickNumber("queueMaxAge", own("queueMaxAge"), 0, true, problems2),
        debug: debug === true,
        scripts: scriptsMode,
        ackTimeout: pickNumber("ackTimeout", own("ackTimeout"), 0, true, problems2),
        persistFunctions,
        maxMessageSize: pickNumber("maxMessageSize", own("maxMessageSize"), 1, true, problems2)
      },
      problems: problems2
    };
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

  // src/history.js
  function indexFromState(state) {
    if (state === null || typeof state !== "object") return null;
    const { liveview, index } = (
      /** @type {{liveview?: unknown, index?: unknown}} */
      state
    );
    return liveview === true && typeof index === "number" && Number.isInteger(index) ? index : null;
  }
  function isSnapshot(value) {
    if (value === null || typeof value !== "object") return false;
    const snapshot = (
      /** @type {Record<string, unknown>} */
      value
    );
    return Array.isArray(snapshot.regions) && snapshot.regions.every(
      (region) => Array.isArray(region) && typeof region[0] === "string" && typeof region[1] === "string"
    );
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
  function createHistory({ window: window2, document: document2, store, diagnostics: diagnostics2, cleanup, swapRegion = () => false }) {
    const { history, location } = window2;
    const touched = /* @__PURE__ */ new Map();
    let currentIndex = 0;
    let lastUrl = "";
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
    function save() {
      store.put(currentIndex, snapshot());
    }
    function manualScroll() {
      try {
        history.scrollRestoration = "manual";
      } catch {
      }
    }
    function setRegion(selector, html) {
      const element = query(selector);
      if (!element) {
        diagnostics2.debug("history: region not on this page", selector);
        return;
      }
      if (swapRegion(element, html)) return;
      cleanup(element);
      element.innerHTML = html;
    }
    function restore(snap) {
      const regions = new Map(snap.regions);
      for (const [selector, baseline] of touched) {
        if (!regions.has(selector) && baseline !== null) setRegion(selector, baseline);
      }
      for (const [selector, html] of regions) {
        if (!touched.has(selector)) touched.set(selector, query(selector)?.innerHTML ?? null);
        setRegion(selector, html);
      }
      if (typeof snap.title === "string") document2.title = snap.title;
      if (typeof snap.lang === "string") document2.documentElement.setAttribute("lang", snap.lang);
      else if (snap.lang === null) document2.documentElement.removeAttribute("lang");
      const { x = 0, y = 0 } = snap.scroll ?? {};
      window2.scrollTo(x, y);
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
      const snap = store.get(index);
      save();
      if (!isSnapshot(snap)) {
        diagnostics2.debug("history: no snapshot for this entry, loading", url);
        location.reload();
        return;
      }
      restore(snap);
      currentIndex = index;
      lastUrl = url;
      diagnostics2.emit(EVENT.historyRestored, { url, index });
    }
    return {
      /** Give the current entry an index (kept across reloads) and listen for Back/Forward. */
      start() {
        const state = history.state;
        const index = indexFromState(state);
        if (index === null) {
          currentIndex = store.nextIndex(0);
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
        save();
        manualScroll();
        currentIndex = store.nextIndex(currentIndex);
        history.pushState({ liveview: true, index: currentIndex }, "", url);
        manualScroll();
        lastUrl = location.href;
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
  async function fetchPage(window2, debug) {
    let response;
    try {
      response = await window2.fetch(window2.location.href, {
        credentials: "same-origin",
        cache: "no-store",
        headers: { Accept: "text/html" }
      });
    } catch (error2) {
      debug("could not fetch the page for a fresh room:", String(error2));
      return null;
    }
    if (!response.ok) return { room: null, identity: null };
    try {
      const page2 = new window2.DOMParser().parseFromString(await response.text(), "text/html");
      return { room: page2.documentElement.getAttribute(ATTR.room) || null, identity: identityOf(page2) };
    } catch (error2) {
      debug("could not read the page for a fresh room:", String(error2));
      return null;
    }
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
      } catch (error2) {
        onStorageError(error2 instanceof Error ? `${error2.name}: ${error2.message}` : String(error2));
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

  // src/scripts.js
  function wrapScript(code) {
    return "(function(s){s.__liveviewRan=true;try{(function(el){\n" + code + "\n}).call(s.__liveviewEl,s.__liveviewEl)}catch(e){s.__liveviewError=e}})(document.currentScript);";
  }
  function isClassicScript(script) {
    const type = script.getAttribute("type");
    return type === null || ["", "text/javascript"].includes(type.trim().toLowerCase());
  }
  function findNonce(document2) {
    const meta = document2.querySelector(`meta[name="${CSP_NONCE_META}"]`);
    const fromMeta = meta?.getAttribute("content");
    if (fromMeta) return fromMeta;
    const script = (
      /** @type {HTMLScriptElement | null} */
      document2.querySelector("script[nonce]")
    );
    return script ? script.nonce || script.getAttribute("nonce") || "" : "";
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
      for (const script of scripts) {
        if (!isClassicScript(script)) continue;
        code.push(script.textContent ?? "");
        script.remove();
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
        const script = document2.createElement("script");
        if (nonce) script.nonce = nonce;
        script.text = wrapScript(code);
        script.__liveviewEl = element;
        (document2.head ?? document2.documentElement).appendChild(script);
        script.remove();
        if (!script.__liveviewRan) {
          diagnostics2.error("server script did not run: syntax error or blocked by the CSP", {
            code
          });
        } else if (script.__liveviewError !== void 0) {
          diagnostics2.error("server script failed", { code, error: String(script.__liveviewError) });
        }
      }
    };
  }

  // src/head.js
  function headKey(element) {
    const tag = element.tagName.toLowerCase();
    const attr = (name) => element.getAttribute(name);
    switch (tag) {
      case "title":
      case "base":
        return tag;
      case "meta": {
        if (attr("charset") !== null) return "meta:charset";
        for (const name of ["name", "property", "http-equiv", "itemprop"]) {
          const value = attr(name);
          if (value !== null) return `meta:${name}=${value.toLowerCase()}`;
        }
        return `meta:${element.outerHTML}`;
      }
      case "link":
        return `link:${(attr("rel") ?? "").toLowerCase()}:${attr("href") ?? ""}`;
      case "script":
        return attr("src") !== null ? `script:src:${attr("src")}` : `script:text:${element.textContent}`;
      case "style":
        return `style:${element.textContent}`;
      default:
        return `${tag}:${element.outerHTML}`;
    }
  }
  function planHead(current, next) {
    const wanted = /* @__PURE__ */ new Map();
    for (const element of next) wanted.set(headKey(element), element);
    const plan = { remove: [], update: [], add: [] };
    const present = /* @__PURE__ */ new Set();
    for (const element of current) {
      const key = headKey(element);
      present.add(key);
      const counterpart = wanted.get(key);
      const tag = element.tagName;
      if (counterpart) {
        if (tag === "META" && key !== `meta:name=${CSP_NONCE_META}`) plan.update.push([element, counterpart]);
      } else if (tag !== "SCRIPT" && tag !== "TITLE" && !element.hasAttribute(ATTR.permanent)) {
        plan.remove.push(element);
      }
    }
    for (const [key, element] of wanted) {
      if (!present.has(key) && element.tagName !== "TITLE") plan.add.push(element);
    }
    return plan;
  }
  function loaded(element) {
    const stylesheet = element.tagName === "LINK" && (element.getAttribute("rel") ?? "").toLowerCase() === "stylesheet";
    const external = element.tagName === "SCRIPT" && element.hasAttribute("src");
    if (!stylesheet && !external) return Promise.resolve();
    return new Promise((resolve) => {
      element.addEventListener("load", () => resolve(), { once: true });
      element.addEventListener("error", () => resolve(), { once: true });
    });
  }
  async function mergeHead(document2, next, runScript) {
    const head = document2.head;
    const plan = planHead(Array.from(head.children), Array.from(next.children));
    const title = next.querySelector("title");
    if (title) document2.title = title.textContent ?? "";
    for (const [element, counterpart] of plan.update) {
      for (const { name, value } of Array.from(counterpart.attributes)) {
        if (element.getAttribute(name) !== value) element.setAttribute(name, value);
      }
    }
    const waits = [];
    for (const element of plan.add) {
      if (element.tagName === "SCRIPT") {
        if (isClassicScript(element) || element.getAttribute("type") === "module") {
          const running = runScript(element);
          if (running) waits.push(loaded(running));
        } else head.appendChild(document2.importNode(element, true));
        continue;
      }
      const copy = document2.importNode(element, true);
      waits.push(loaded(copy));
      head.appendChild(copy);
    }
    await Promise.all(waits);
    return () => {
      for (const element of plan.remove) element.remove();
    };
  }

  // src/navigate_links.js
  function optedIn(element) {
    const scope = element.closest(`[${ATTR.navigate}]`);
    return scope !== null && scope.getAttribute(ATTR.navigate) !== "false";
  }
  function linkDestination(link, event, current) {
    if (event.defaultPrevented || (event.button ?? 0) !== 0) return null;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return null;
    if (link.download || link.target && link.target !== "_self") return null;
    let url;
    let here;
    try {
      here = new URL(current);
      url = new URL(link.href, here);
    } catch {
      return null;
    }
    if (url.protocol !== "http:" && url.protocol !== "https:" || url.origin !== here.origin) return null;
    if (url.hash && url.pathname === here.pathname && url.search === here.search) return null;
    return url.href;
  }
  function linkParts(link) {
    return { href: link.href, target: link.getAttribute("target"), download: link.hasAttribute("download") };
  }
  function formDestination(action, entries, current) {
    let url;
    try {
      url = new URL(action, current);
    } catch {
      return null;
    }
    if (url.origin !== new URL(current).origin) return null;
    const query = new URLSearchParams();
    for (const [name, value] of entries) if (typeof value === "string") query.append(name, value);
    url.search = query.toString();
    url.hash = "";
    return url.href;
  }

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

  // src/morph.js
  var KEY_ID = "liveview-key:";
  var TEXT_CONTENT = /^(?:SCRIPT|STYLE|TEXTAREA|TITLE)$/;
  function shouldMorph(target, message) {
    if (message.morph === false || TEXT_CONTENT.test(target.tagName.toUpperCase())) return false;
    const flag = target.closest(`[${ATTR.morph}]`);
    return flag === null || flag.getAttribute(ATTR.morph) !== "false";
  }
  function serverMayChange(name, element) {
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

  // src/page_swap.js
  function takePageScripts(root) {
    const scripts = Array.from(root.querySelectorAll("script")).filter(isClassicScript);
    for (const script of scripts) script.remove();
    return scripts;
  }
  function scriptNonces(policy) {
    if (!policy) return [];
    const directives = /* @__PURE__ */ new Map();
    for (const part of policy.split(/[;,]/)) {
      const [name, ...sources2] = part.trim().split(/\s+/);
      const key = (name ?? "").toLowerCase();
      if (key && !directives.has(key)) directives.set(key, sources2);
    }
    const sources = directives.get("script-src-elem") ?? directives.get("script-src") ?? directives.get("default-src") ?? [];
    return sources.flatMap((source) => {
      const found = /^'nonce-([^']+)'$/i.exec(source);
      return found ? [found[1]] : [];
    });
  }
  function createPageSwap({ document: document2, cleanup, rearm, reportError }) {
    const seen = new Set(
      Array.from(document2.querySelectorAll("script[src]"), (s) => (
        /** @type {HTMLScriptElement} */
        s.src
      ))
    );
    function runScript(script, parent, allowed) {
      const src = script.getAttribute("src");
      const absolute = src === null ? null : new URL(src, document2.baseURI).href;
      if (absolute !== null && seen.has(absolute)) return null;
      const nonce = findNonce(document2);
      const own = script.getAttribute("nonce");
      if (nonce && (!own || !allowed.includes(own))) {
        reportError(
          own ? "page script not run: its nonce is not one the page's CSP allows" : "page script not run: the page has a CSP nonce and this script has none",
          { src: absolute }
        );
        return null;
      }
      const fresh = document2.createElement("script");
      for (const { name, value } of Array.from(script.attributes)) {
        if (name !== "nonce") fresh.setAttribute(name, value);
      }
      if (nonce) fresh.nonce = nonce;
      if (absolute !== null) {
        seen.add(absolute);
        fresh.async = false;
      }
      fresh.text = script.textContent ?? "";
      parent.appendChild(fresh);
      return fresh;
    }
    function announcer() {
      let region = document2.getElementById(NAVIGATION.announcerId);
      if (!region) {
        region = document2.createElement("div");
        region.id = NAVIGATION.announcerId;
        region.setAttribute("aria-live", "polite");
        region.setAttribute("aria-atomic", "true");
        region.setAttribute(ATTR.permanent, "");
        region.style.cssText = "position:absolute;width:1px;height:1px;margin:-1px;padding:0;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0";
        document2.body.appendChild(region);
      }
      return region;
    }
    return {
      runScript,
      /**
       * Morph the document's body into `next` (a body not in the document; its classic
       * scripts already taken out). Permanent elements with an id found in `next` stay as they
       * are; the announcer stays.
       * @param {HTMLElement} next
       * @param {boolean} [visit]  A new visit: kept elements with bindings are armed again, as
       *   a page load would (`data-liveview-init` calls again); else only changed ones are.
       */
      morphBody(next, visit = false) {
        const body = document2.body;
        const changed = [];
        const bodyBefore = bindingSignature(body);
        const content = next.ownerDocument.createDocumentFragment();
        content.append(...Array.from(next.childNodes));
        Idiomorph.morph(body, content, {
          morphStyle: "innerHTML",
          callbacks: {
            beforeNodeMorphed(oldNode, newNode) {
              if (oldNode.nodeType !== 1 || newNode.nodeType !== 1) return true;
              const old = (
                /** @type {Element} */
                oldNode
              );
              if (old.hasAttribute(ATTR.permanent) && old.id) return false;
              const signature = bindingSignature(old);
              if (signature !== bindingSignature(
                /** @type {Element} */
                newNode
              ) || visit && signature) {
                changed.push(old);
              }
              return true;
            },
            beforeNodeRemoved(node) {
              if (node.nodeType !== 1) return true;
              const element = (
                /** @type {Element} */
                node
              );
              if (element.id === NAVIGATION.announcerId) return false;
              cleanup(element, true);
              return true;
            },
            beforeAttributeUpdated: serverMayChange
          }
        });
        for (const { name, value } of Array.from(next.attributes)) {
          if (body.getAttribute(name) !== value) body.setAttribute(name, value);
        }
        for (const { name } of Array.from(body.attributes)) {
          if (!next.hasAttribute(name) && name !== "aria-busy") body.removeAttribute(name);
        }
        const bodyAfter = bindingSignature(body);
        if (bodyAfter !== bodyBefore || visit && (bodyAfter || bodyBefore)) changed.push(body);
        const kept = changed.filter((element) => body.contains(element));
        if (kept.length > 0) rearm(kept);
      },
      /**
       * Move focus to the new content: an `autofocus` or `data-liveview-focus="true"` element,
       * else `<main>`, else the first
       * `<h1>`, else the body; an element that cannot take focus gets tabindex="-1".
       */
      focus() {
        const target = document2.querySelector(`[autofocus], [${ATTR.focus}="true"]`) ?? document2.querySelector("main") ?? document2.querySelector("h1") ?? document2.body;
        if (!(target instanceof HTMLElement)) return;
        if (target.tabIndex < 0 && !target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
        target.focus({ preventScroll: true });
      },
      /**
       * Announce `text` politely (assistive technology reads it once).
       * @param {string} text
       */
      announce(text) {
        const region = announcer();
        region.textContent = "";
        document2.defaultView?.requestAnimationFrame(() => {
          region.textContent = text;
        }) ?? (region.textContent = text);
      }
    };
  }

  // src/prefetch.js
  function createPrefetchCache({ now, ttl, limit = 20 }) {
    const entries = /* @__PURE__ */ new Map();
    return {
      /**
       * @param {string} url
       * @param {Promise<FetchedPage | null>} page
       * @param {() => void} abort
       */
      put(url, page2, abort) {
        entries.delete(url);
        const entry = { at: now(), page: page2, abort, settled: false };
        entries.set(url, entry);
        page2.then(
          () => entry.settled = true,
          () => entry.settled = true
        );
        while (entries.size > limit) {
          const [oldest] = entries.keys();
          entries.delete(oldest);
        }
      },
      /**
       * Take a fresh entry for `url` (it is used once), or null.
       * @param {string} url
       */
      take(url) {
        const entry = entries.get(url);
        entries.delete(url);
        if (!entry || now() - entry.at > ttl) return null;
        return entry.page;
      },
      /** @param {string} url */
      has(url) {
        const entry = entries.get(url);
        return entry !== void 0 && now() - entry.at <= ttl;
      },
      /**
       * The pointer left before the page arrived: stop fetching it.
       * @param {string} url
       */
      cancel(url) {
        const entry = entries.get(url);
        if (!entry || entry.settled) return;
        entries.delete(url);
        entry.abort();
      }
    };
  }

  // src/navigate.js
  function isNavigated(state) {
    return Boolean(state && typeof state === "object" && /** @type {{navigated?: unknown}} */
    state.navigated);
  }
  function createNavigation({ window: window2, document: document2, diagnostics: diagnostics2, history, cleanup, rearm, sendPath, isStale }) {
    const { location } = window2;
    const swap = createPageSwap({ document: document2, cleanup, rearm, reportError: diagnostics2.error });
    const prefetched = createPrefetchCache({ now: () => Date.now(), ttl: NAVIGATION.prefetchTtl });
    let current = null;
    const hoverTimers = /* @__PURE__ */ new Map();
    let restoredScripts = [];
    function leaving(url) {
      diagnostics2.emit(EVENT.navigateAway, { url });
    }
    function runPageScripts(scripts, nonces) {
      for (const script of scripts) swap.runScript(script, document2.body, nonces);
    }
    const inHandshake = Boolean(document2.documentElement.getAttribute(ATTR.build));
    let tracking = inHandshake;
    let lastPath = location.pathname + location.search;
    function pathChanged() {
      const path = location.pathname + location.search;
      if (!tracking || path === lastPath) return;
      lastPath = path;
      sendPath(path);
    }
    function markNavigated() {
      const state = window2.history.state;
      if (state && typeof state === "object") window2.history.replaceState({ ...state, navigated: true }, "");
    }
    async function request(url, signal, purpose) {
      try {
        const response = await window2.fetch(url, {
          credentials: "same-origin",
          headers: { Accept: "text/html, application/xhtml+xml", "X-LiveView-Navigate": purpose },
          signal
        });
        const type = response.headers.get("Content-Type") ?? "";
        if (!/^(text\/html|application\/xhtml\+xml)/i.test(type)) return null;
        const csp = response.headers.get("Content-Security-Policy");
        return { status: response.status, url: response.url || url, html: await response.text(), csp };
      } catch (error2) {
        diagnostics2.debug("navigation: fetch failed", url, String(error2));
        return null;
      }
    }
    let busyElement = null;
    function busy(on) {
      document2.documentElement.classList.toggle(NAVIGATION.navigatingClass, on);
      busyElement?.removeAttribute("aria-busy");
      busyElement = on ? document2.querySelector("main") ?? document2.body : null;
      busyElement?.setAttribute("aria-busy", "true");
    }
    function fullLoad(url) {
      diagnostics2.debug("navigation: full page load", url);
      location.assign(url);
    }
    async function render(page2, mode, requested, signal) {
      const parsed = new window2.DOMParser().parseFromString(page2.html, "text/html");
      const build = parsed.documentElement.getAttribute(ATTR.build) ?? "";
      let url = page2.url;
      const hash = new URL(requested).hash;
      if (hash && !new URL(url).hash) url += hash;
      const meta = parsed.head.querySelector(`meta[name="${NAVIGATION.meta}"]`);
      const identity = parsed.documentElement.getAttribute(ATTR.identity);
      const ours = document2.documentElement.getAttribute(ATTR.identity);
      const otherUser = identity !== null && ours !== null && identity !== ours;
      const policyNonces = scriptNonces(page2.csp);
      const pageNonce = parsed.head.querySelector(`meta[name="${CSP_NONCE_META}"]`)?.getAttribute("content");
      const nonces = policyNonces.length > 0 ? policyNonces : pageNonce ? [pageNonce] : [];
      const otherPolicy = nonces.length > 0 !== Boolean(findNonce(document2));
      if (isStale(build) || otherUser || otherPolicy || meta?.getAttribute("content") === "reload") {
        if (mode === "push") fullLoad(url);
        else location.reload();
        return false;
      }
      const scripts = takePageScripts(parsed.body);
      if (mode === "push") {
        history.touch(["body"]);
        markNavigated();
        busyElement?.removeAttribute("aria-busy");
        history.push(url);
        busyElement?.setAttribute("aria-busy", "true");
        markNavigated();
      } else if (url.split("#")[0] !== location.href.split("#")[0]) {
        window2.history.replaceState(window2.history.state, "", url);
      }
      const removeOld = await mergeHead(
        document2,
        parsed.head,
        (script) => swap.runScript(script, document2.head, nonces)
      );
      if (signal.aborted) return false;
      if (mode === "push") leaving(url);
      restoredScripts = [];
      const lang = parsed.documentElement.getAttribute("lang");
      if (lang !== null) document2.documentElement.setAttribute("lang", lang);
      swap.morphBody(parsed.body, mode === "push");
      removeOld();
      runPageScripts(scripts, nonces);
      if (mode === "push") {
        const target = hash ? document2.getElementById(decodeURIComponent(hash.slice(1))) : null;
        if (target) target.scrollIntoView();
        else window2.scrollTo(0, 0);
        swap.focus();
        swap.announce(document2.title || (document2.querySelector("h1")?.textContent ?? "").trim());
      }
      tracking = true;
      pathChanged();
      return true;
    }
    async function visit(url, mode = "push") {
      const started = new window2.CustomEvent(EVENT.navigate, {
        detail: { url, mode },
        bubbles: true,
        cancelable: true
      });
      if (!document2.dispatchEvent(started)) return;
      current?.abort();
      const controller = new AbortController();
      current = controller;
      busy(true);
      try {
        const purpose = mode === "push" ? "visit" : "revalidate";
        const page2 = (mode === "push" ? prefetched.take(url) : null) ?? request(url, controller.signal, purpose);
        const fetched = await page2;
        if (controller.signal.aborted) return;
        if (fetched === null) {
          if (mode === "push") fullLoad(url);
          else runPageScripts(restoredScripts.splice(0), []);
          return;
        }
        if (await render(fetched, mode, url, controller.signal)) {
          diagnostics2.emit(EVENT.navigated, { url: location.href, status: fetched.status, mode });
        }
      } catch (error2) {
        diagnostics2.error("navigation failed; loading the page instead", { url, error: String(error2) });
        if (mode === "push") fullLoad(url);
      } finally {
        if (current === controller) {
          current = null;
          busy(false);
        }
      }
    }
    function navigableLink(link) {
      if (!(link instanceof window2.HTMLAnchorElement) || !link.hasAttribute("href")) return null;
      return optedIn(link) ? link : null;
    }
    function onClick(event) {
      const link = navigableLink(
        /** @type {Element} */
        event.target?.closest?.("a[href]") ?? null
      );
      if (!link) return;
      const url = linkDestination(linkParts(link), event, location.href);
      if (url === null) return;
      event.preventDefault();
      window2.clearTimeout(
        /** @type {number} */
        hoverTimers.get(link)
      );
      hoverTimers.delete(link);
      visit(url);
    }
    function onSubmit(event) {
      const form = event.target;
      if (!(form instanceof window2.HTMLFormElement) || event.defaultPrevented || !optedIn(form)) return;
      const submitter = event.submitter;
      const method = (submitter?.getAttribute("formmethod") ?? form.getAttribute("method") ?? "get").toLowerCase();
      const target = submitter?.getAttribute("formtarget") ?? form.getAttribute("target");
      if (method !== "get" || target && target !== "_self") return;
      const action = submitter?.getAttribute("formaction") ?? form.action;
      const url = formDestination(action, new FormData(form, submitter), location.href);
      if (url === null) return;
      event.preventDefault();
      visit(url);
    }
    function onHover(event) {
      const link = navigableLink(
        /** @type {Element} */
        event.target?.closest?.("a[href]") ?? null
      );
      if (!link || link.getAttribute(ATTR.prefetch) === "false" || hoverTimers.has(link)) return;
      const url = linkDestination(linkParts(link), {}, location.href);
      if (url === null || url === location.href || prefetched.has(url)) return;
      const start2 = () => {
        hoverTimers.delete(link);
        const controller = new AbortController();
        prefetched.put(url, request(url, controller.signal, "prefetch"), () => controller.abort());
      };
      if (event.type === "touchstart") start2();
      else {
        hoverTimers.set(link, window2.setTimeout(start2, NAVIGATION.hoverDelay));
        link.addEventListener(
          "mouseleave",
          () => {
            window2.clearTimeout(
              /** @type {number} */
              hoverTimers.get(link)
            );
            hoverTimers.delete(link);
            prefetched.cancel(url);
          },
          { once: true }
        );
      }
    }
    function onRestored() {
      pathChanged();
      if (!isNavigated(window2.history.state)) return;
      swap.announce(document2.title);
      visit(location.href, "restore");
    }
    return {
      start() {
        document2.addEventListener("click", onClick);
        document2.addEventListener("submit", onSubmit);
        document2.addEventListener("mouseover", onHover);
        document2.addEventListener("touchstart", onHover, { passive: true });
        document2.addEventListener(EVENT.historyRestored, onRestored);
        document2.addEventListener(EVENT.connected, () => {
          if (tracking && !inHandshake) sendPath(lastPath = location.pathname + location.search);
        });
      },
      visit,
      pathChanged,
      /**
       * Replace a region restored from a snapshot. The body (a page reached live) is morphed,
       * so permanent elements keep their state; its scripts run once the revalidation brings
       * the server's version (or, offline, from the snapshot).
       * @param {Element} element
       * @param {string} html
       * @returns {boolean}  false: not ours, restore it the usual way.
       */
      restoreRegion(element, html) {
        if (element !== document2.body) return false;
        const body = document2.createElement("body");
        body.innerHTML = html;
        const scripts = takePageScripts(body);
        if (isNavigated(window2.history.state)) {
          leaving(window2.location.href);
          restoredScripts = scripts;
        }
        for (const { name, value } of Array.from(document2.body.attributes)) body.setAttribute(name, value);
        swap.morphBody(body);
        return true;
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
    const error2 = own("error");
    if (error2 !== void 0 && error2 !== null) {
      message.error = typeof error2 === "string" ? error2 : JSON.stringify(error2);
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
      } catch (error2) {
        reportError("__cleanup failed", { element, error: String(error2) });
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
      if (stopped) {
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
      if (stopped || renewing || isActive()) return;
      clearTimer();
      const address = url + query();
      diagnostics2.emit(EVENT.connecting, { url: address, attempt });
      let ws;
      try {
        ws = new WebSocket(address, protocols());
      } catch (error2) {
        exhausted = true;
        diagnostics2.error("cannot open the WebSocket", { url: address, error: String(error2) });
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
      if (!exhausted || stopped || renewing) return;
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
        if (stopped || renewing || isActive()) return;
        exhausted = false;
        attempt = 0;
        connect();
      },
      close() {
        stopped = true;
        clearTimer();
        socket?.close();
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

  // src/snapshot_store.js
  function createSnapshotStore({ storage: storage2 = null, limit = SNAPSHOT_LIMIT, onFallback = () => {
  } } = {}) {
    const memory = /* @__PURE__ */ new Map();
    function read(key) {
      if (!storage2) return null;
      try {
        return storage2.getItem(key);
      } catch {
        return null;
      }
    }
    function write(key, value) {
      if (!storage2) return false;
      try {
        storage2.setItem(key, value);
        return true;
      } catch (error2) {
        onFallback(error2 instanceof Error ? `${error2.name}: ${error2.message}` : String(error2));
        return false;
      }
    }
    function erase(key) {
      try {
        storage2?.removeItem(key);
      } catch {
      }
    }
    function parseJson(text) {
      if (text === null) return null;
      try {
        return JSON.parse(text);
      } catch {
        return null;
      }
    }
    const saved = parseJson(read(STORAGE_KEY.order));
    let order = Array.isArray(saved) ? saved.filter((n) => Number.isInteger(n)) : [];
    const savedCounter = Number(read(STORAGE_KEY.counter));
    let counter = Number.isInteger(savedCounter) ? savedCounter : 0;
    const keyOf = (index) => `${STORAGE_KEY.snapshot}${index}`;
    function prune2() {
      while (order.length > limit) {
        const oldest = (
          /** @type {number} */
          order.shift()
        );
        memory.delete(oldest);
        erase(keyOf(oldest));
      }
      write(STORAGE_KEY.order, JSON.stringify(order));
    }
    return {
      put(index, snapshot) {
        order = order.filter((n) => n !== index);
        order.push(index);
        if (write(keyOf(index), JSON.stringify(snapshot))) memory.delete(index);
        else {
          erase(keyOf(index));
          memory.set(index, snapshot);
        }
        prune2();
      },
      get(index) {
        if (memory.has(index)) return memory.get(index);
        return parseJson(read(keyOf(index)));
      },
      nextIndex(atLeast) {
        counter = Math.max(counter, atLeast) + 1;
        write(STORAGE_KEY.counter, String(counter));
        return counter;
      },
      indexes: () => [...order],
      clear() {
        for (const index of order) erase(keyOf(index));
        order = [];
        memory.clear();
        erase(STORAGE_KEY.order);
      }
    };
  }

  // src/stale.js
  function handshakeQuery(build, location) {
    if (!build) return "";
    const query = new URLSearchParams({ build, path: location.pathname + location.search });
    return `?${query}`;
  }
  function safeToReload({ inFlight, edited, hidden }) {
    return inFlight === 0 && (!edited || hidden);
  }
  function changedFields(root) {
    const fields = [];
    for (const element of Array.from(root.querySelectorAll("input, textarea, select"))) {
      const field = (
        /** @type {HTMLInputElement} */
        element
      );
      const type = (field.getAttribute("type") ?? "").toLowerCase();
      if (["password", "file", "hidden", "submit", "button", "reset", "image"].includes(type)) continue;
      if (field.tagName === "SELECT") {
        const options = Array.from(
          /** @type {HTMLSelectElement} */
          element.options
        );
        if (options.some((option) => option.selected !== option.defaultSelected)) {
          fields.push([selectorFor(element), options.filter((o) => o.selected).map((o) => o.value)]);
        }
      } else if (type === "checkbox" || type === "radio") {
        if (field.checked !== field.defaultChecked) fields.push([selectorFor(element), field.checked]);
      } else if (field.value !== field.defaultValue) {
        fields.push([selectorFor(element), field.value]);
      }
    }
    return fields;
  }
  function restoreFields(document2, fields) {
    for (const [selector, value] of fields) {
      let element = null;
      try {
        element = document2.querySelector(selector);
      } catch {
        continue;
      }
      if (!element) continue;
      const field = (
        /** @type {HTMLInputElement} */
        element
      );
      if (Array.isArray(value) && element.tagName === "SELECT") {
        for (const option of Array.from(
          /** @type {HTMLSelectElement} */
          element.options
        )) {
          option.selected = value.includes(option.value);
        }
      } else if (typeof value === "boolean") field.checked = value;
      else if (typeof value === "string") field.value = value;
    }
  }
  function createStaleGuard({ window: window2, document: document2, storage: storage2, diagnostics: diagnostics2, inFlight }) {
    const build = document2.documentElement.getAttribute(ATTR.build) || null;
    let edited = false;
    let due = false;
    let reloadFor = null;
    function read(key) {
      try {
        return storage2?.getItem(key) ?? null;
      } catch {
        return null;
      }
    }
    function write(key, value) {
      try {
        if (value === null) storage2?.removeItem(key);
        else storage2?.setItem(key, value);
      } catch {
      }
    }
    function reload() {
      const carried = {
        url: window2.location.href,
        scroll: { x: window2.scrollX, y: window2.scrollY },
        fields: changedFields(document2)
      };
      write(STORAGE_KEY.carry, JSON.stringify(carried));
      write(STORAGE_KEY.staleReload, reloadFor);
      diagnostics2.debug("reloading the page", reloadFor ?? "for credentials");
      window2.location.reload();
    }
    function check() {
      if (!due) return;
      const hidden = document2.visibilityState === "hidden";
      if (safeToReload({ inFlight: inFlight(), edited, hidden })) reload();
    }
    function reloadWhenSafe(reason, server = null) {
      const event = new window2.CustomEvent(EVENT.stale, {
        detail: { reason, build, server },
        bubbles: true,
        cancelable: true
      });
      if (!document2.dispatchEvent(event)) return;
      if (reason === "build" && read(STORAGE_KEY.staleReload) === server) {
        diagnostics2.debug("still served the previous build after a reload; not reloading again");
        return;
      }
      due = true;
      if (reason === "build") reloadFor = server;
      check();
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
        if (build !== null && server !== build) reloadWhenSafe("build", server);
      },
      reloadWhenSafe,
      start() {
        const text = read(STORAGE_KEY.carry);
        write(STORAGE_KEY.carry, null);
        if (text !== null) {
          try {
            const carried = (
              /** @type {Carried} */
              JSON.parse(text)
            );
            if (carried && carried.url === window2.location.href) {
              restoreFields(document2, Array.isArray(carried.fields) ? carried.fields : []);
              window2.scrollTo(carried.scroll?.x ?? 0, carried.scroll?.y ?? 0);
            }
          } catch {
          }
        }
        if (read(STORAGE_KEY.staleReload) === build) write(STORAGE_KEY.staleReload, null);
        const markEdited = (event) => {
          const target = event.target;
          if (target instanceof window2.Element && target.matches("input, textarea, select")) edited = true;
        };
        document2.addEventListener("input", markEdited, true);
        document2.addEventListener("change", markEdited, true);
        document2.addEventListener(EVENT.sent, (event) => {
          if (
            /** @type {CustomEvent} */
            event.detail?.message?.function
          ) edited = false;
        });
        for (const name of [EVENT.ack, EVENT.loadingEnd, EVENT.queueDropped]) {
          document2.addEventListener(name, () => window2.setTimeout(check, 0));
        }
        document2.addEventListener("visibilitychange", check);
      }
    };
  }

  // src/upload_limits.js
  function limitsOf(input) {
    const number = (name, fallback) => {
      const value = Number.parseInt(input.getAttribute(name) ?? "", 10);
      return Number.isFinite(value) && value > 0 ? value : fallback;
    };
    return {
      maxSize: number(UPLOAD.maxSizeAttr, UPLOAD.maxSize),
      maxFiles: number(UPLOAD.maxFilesAttr, UPLOAD.maxFiles),
      accept: input.getAttribute("accept") ?? ""
    };
  }
  function accepts(accept, name, type) {
    const tokens = accept.split(",").map((token) => token.trim().toLowerCase()).filter(Boolean);
    if (tokens.length === 0) return true;
    const dot = name.lastIndexOf(".");
    const extension = dot >= 0 ? name.slice(dot).toLowerCase() : "";
    const mime = type.toLowerCase();
    return tokens.some((token) => {
      if (token.startsWith(".")) return token === extension;
      if (token.endsWith("/*")) return mime.startsWith(token.slice(0, -1));
      return token === mime;
    });
  }
  function limitProblem(files, limits) {
    if (files.length > limits.maxFiles) {
      return { reason: "too-many", message: `too many files: the limit is ${limits.maxFiles}` };
    }
    for (const file of Array.from(files)) {
      if (file.size > limits.maxSize) {
        return {
          reason: "too-large",
          message: `file too large: ${file.size} bytes, the limit is ${limits.maxSize}`,
          file: file.name
        };
      }
      if (!accepts(limits.accept, file.name, file.type)) {
        return { reason: "type", message: `file type not accepted (accepted: ${limits.accept})`, file: file.name };
      }
    }
    return null;
  }

  // src/uploads.js
  function chunkFrame(id, offset, bytes) {
    const frame = new Uint8Array(UPLOAD.headerSize + bytes.byteLength);
    for (let i = 0; i < 16; i += 1) frame[i] = Number.parseInt(id.slice(2 * i, 2 * i + 2), 16);
    new DataView(frame.buffer).setBigUint64(16, BigInt(offset));
    frame.set(new Uint8Array(bytes), UPLOAD.headerSize);
    return frame;
  }
  function createUploads({ document: document2, diagnostics: diagnostics2, sendNow, functionOf }) {
    const byKey = /* @__PURE__ */ new Map();
    const byId = /* @__PURE__ */ new Map();
    const current = /* @__PURE__ */ new WeakMap();
    const handedOver = /* @__PURE__ */ new Map();
    let counter = 0;
    const cancelledKeys = /* @__PURE__ */ new Map();
    function emit(target, name, detail) {
      target.dispatchEvent(new CustomEvent(name, { bubbles: true, detail }));
    }
    function indicators(input) {
      const name = input.name;
      const named = name ? Array.from(document2.querySelectorAll(`[${UPLOAD.progressAttr}]`)).filter(
        (element) => element.getAttribute(UPLOAD.progressAttr) === name
      ) : [];
      return [input, ...named];
    }
    function showProgress(input) {
      const state = current.get(input);
      if (!state) return;
      const total = state.files.reduce((sum, file) => sum + file.size, 0);
      const sent = state.transfers.reduce((sum, t) => sum + t.offset, 0);
      const busy = state.transfers.some((t) => t.state === "sending");
      for (const element of indicators(input)) {
        element.classList.toggle(UPLOAD.loadingClass, busy);
        if (busy) element.setAttribute("aria-busy", "true");
        else element.removeAttribute("aria-busy");
        if (element.tagName === "PROGRESS") {
          const progress = (
            /** @type {HTMLProgressElement} */
            element
          );
          progress.max = Math.max(total, 1);
          progress.value = sent;
        } else {
          element.style?.setProperty(
            "--liveview-upload-progress",
            String(total ? sent / total : 1)
          );
        }
      }
      input.setAttribute(UPLOAD.percentAttr, String(total ? Math.floor(100 * sent / total) : 100));
      emit(input, UPLOAD.progressEvent, { field: input.name, sent, total });
    }
    function cancel(transfers) {
      for (const transfer of transfers) {
        if (transfer.id && transfer.state !== "failed") {
          sendNow(JSON.stringify({ upload: "cancel", id: transfer.id, function: transfer.functionName }));
          byId.delete(transfer.id);
        } else if (!transfer.id && transfer.state === "sending") cancelledKeys.set(transfer.key, transfer.functionName);
        byKey.delete(transfer.key);
        transfer.state = "failed";
        transfer.settle(null);
      }
    }
    function start2(transfer) {
      transfer.inFlight = sendNow(
        JSON.stringify({
          upload: "start",
          key: transfer.key,
          function: transfer.functionName,
          field: transfer.input.name,
          name: transfer.file.name,
          size: transfer.file.size,
          type: transfer.file.type,
          ...transfer.id ? { id: transfer.id, resume: transfer.resume } : {}
        })
      );
    }
    async function pump(transfer) {
      if (transfer.state !== "sending" || transfer.id === null) return;
      if (transfer.offset >= transfer.file.size) {
        finish(transfer, transfer.id);
        return;
      }
      transfer.inFlight = true;
      const offset = transfer.offset;
      const bytes = await transfer.file.slice(offset, offset + UPLOAD.chunkSize).arrayBuffer();
      if (transfer.state !== "sending" || transfer.offset !== offset) return;
      transfer.inFlight = sendNow(chunkFrame(transfer.id, offset, bytes));
    }
    function finish(transfer, id, error2) {
      if (transfer.state !== "sending") return;
      transfer.state = id === null ? "failed" : "done";
      transfer.inFlight = false;
      byKey.delete(transfer.key);
      if (id === null && transfer.id) byId.delete(transfer.id);
      transfer.settle(id);
      const input = transfer.input;
      const state = current.get(input);
      showProgress(input);
      if (id === null) {
        diagnostics2.debug("upload failed", { file: transfer.file.name, error: error2 });
        emit(input, UPLOAD.errorEvent, {
          field: input.name,
          file: transfer.file.name,
          reason: "server",
          message: error2 ?? ""
        });
      } else if (state && state.transfers.every((t) => t.state === "done")) {
        emit(input, UPLOAD.doneEvent, {
          field: input.name,
          files: state.files.map((file) => file.name),
          total: state.files.reduce((sum, file) => sum + file.size, 0)
        });
      }
    }
    function transfersOf(input, functionName) {
      const files = Array.from(input.files ?? []);
      const known = current.get(input);
      if (known && known.files.length === files.length && known.files.every((file, i) => file === files[i]) && known.transfers.every((t) => t.state !== "failed" && t.functionName === functionName)) {
        return known.transfers;
      }
      if (known) cancel(known.transfers);
      const problem = limitProblem(files, limitsOf(input));
      if (problem) {
        emit(input, UPLOAD.errorEvent, { field: input.name, ...problem });
        diagnostics2.debug("upload refused before sending", problem);
        return null;
      }
      const transfers = files.map((file) => {
        let settle = () => {
        };
        const promise = new Promise((resolve) => {
          settle = resolve;
        });
        counter += 1;
        const transfer = {
          key: `u${counter}`,
          file,
          input,
          functionName,
          id: null,
          resume: "",
          offset: 0,
          inFlight: false,
          restarted: false,
          state: "sending",
          promise: (
            /** @type {Promise<string | null>} */
            promise
          ),
          settle
        };
        byKey.set(transfer.key, transfer);
        return transfer;
      });
      current.set(input, { files, transfers });
      showProgress(input);
      for (const transfer of transfers) start2(transfer);
      return transfers;
    }
    function isFileInput(element) {
      const input = (
        /** @type {HTMLInputElement} */
        element
      );
      return element.tagName === "INPUT" && input.type === "file" && Boolean(input.name) && !input.disabled;
    }
    return {
      /**
       * The named, enabled file inputs among `fields`.
       * @param {Iterable<object>} fields
       * @returns {HTMLInputElement[]}
       */
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
       * Upload every file of `inputs` for `functionName` (reusing uploads already under way).
       * @param {HTMLInputElement[]} inputs
       * @param {string} functionName
       * @returns {Promise<Record<string, string[]> | null>}  Input name → upload ids; null when a
       *   file was refused or failed (its input got `liveview:upload-error`).
       */
      async prepare(inputs, functionName) {
        const chosen = [];
        for (const input of inputs) {
          const transfers = transfersOf(input, functionName);
          if (transfers === null) return null;
          chosen.push([input.name, transfers]);
        }
        const files = {};
        for (const [name, transfers] of chosen) {
          const ids = await Promise.all(transfers.map((t) => t.promise));
          if (ids.some((id) => id === null)) return null;
          files[name] = [...files[name] ?? [], .../** @type {string[]} */
          ids];
        }
        return files;
      },
      /**
       * The action message with ref `ref` carries these uploads: they are re-attached after a
       * reconnect until it is acknowledged.
       * @param {string} ref
       * @param {HTMLInputElement[]} inputs
       */
      handOver(ref, inputs) {
        const transfers = inputs.flatMap((input) => current.get(input)?.transfers ?? []);
        handedOver.set(ref, transfers);
        for (const input of inputs) current.delete(input);
      },
      /** @param {string} ref */
      settled(ref) {
        for (const transfer of handedOver.get(ref) ?? []) if (transfer.id) byId.delete(transfer.id);
        handedOver.delete(ref);
      },
      /**
       * A frame from the server: handled here if it is about an upload.
       * @param {unknown} data
       * @returns {boolean}
       */
      onMessage(data) {
        if (typeof data !== "string" || !data.startsWith('{"upload"')) return false;
        let reply;
        try {
          reply = JSON.parse(data);
        } catch {
          return false;
        }
        const transfer = typeof reply.key === "string" ? byKey.get(reply.key) : typeof reply.upload === "string" ? byId.get(reply.upload) : void 0;
        if (!transfer) {
          const functionName = typeof reply.key === "string" ? cancelledKeys.get(reply.key) : void 0;
          if (functionName !== void 0 && typeof reply.upload === "string" && reply.upload) {
            cancelledKeys.delete(
              /** @type {string} */
              reply.key
            );
            sendNow(JSON.stringify({ upload: "cancel", id: reply.upload, function: functionName }));
          }
          return true;
        }
        transfer.inFlight = false;
        if (typeof reply.uploadError === "string") {
          if (transfer.state === "done") byId.delete(transfer.id ?? "");
          else if (typeof reply.key === "string" && transfer.id && !transfer.restarted) {
            byId.delete(transfer.id);
            Object.assign(transfer, { id: null, resume: "", offset: 0, restarted: true });
            showProgress(transfer.input);
            start2(transfer);
          } else finish(transfer, null, reply.uploadError);
          return true;
        }
        if (typeof reply.upload === "string" && /^[0-9a-f]{32}$/.test(reply.upload)) {
          transfer.id = reply.upload;
          byId.set(transfer.id, transfer);
          if (typeof reply.resume === "string") transfer.resume = reply.resume;
        }
        if (typeof reply.offset === "number" && transfer.state === "sending") {
          transfer.offset = reply.offset;
          showProgress(transfer.input);
          pump(transfer).catch((error2) => finish(transfer, null, String(error2)));
        }
        return true;
      },
      /** The socket (re)opened: resume every upload not finished, re-attach finished ones. */
      resume() {
        for (const transfer of /* @__PURE__ */ new Set([...byKey.values(), ...byId.values()])) {
          if (transfer.state === "failed") continue;
          if (transfer.id) byKey.set(transfer.key, transfer);
          start2(transfer);
        }
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
          if (input.getAttribute(UPLOAD.modeAttr) !== "auto") return;
          const functionName = functionOf(input);
          if (!functionName) {
            diagnostics2.error(`no function for the auto upload of "${input.name}"`, { element: input });
            return;
          }
          transfersOf(input, functionName);
        });
        root.addEventListener("dragover", (event) => {
          const zone = event.target instanceof Element ? event.target.closest(`[${UPLOAD.dropAttr}]`) : null;
          if (zone) event.preventDefault();
        });
        root.addEventListener("drop", (event) => {
          const zone = event.target instanceof Element ? event.target.closest(`[${UPLOAD.dropAttr}]`) : null;
          const files = event.dataTransfer?.files;
          if (!zone || !files || files.length === 0) return;
          event.preventDefault();
          const name = zone.getAttribute(UPLOAD.dropAttr);
          const inputs = Array.from(zone.querySelectorAll('input[type="file"]'));
          const input = (
            /** @type {HTMLInputElement | undefined} */
            (name ? inputs.find((i) => (
              /** @type {HTMLInputElement} */
              i.name === name
            )) : inputs[0]) ?? (name ? document2.querySelector(`input[type="file"][name="${CSS.escape(name)}"]`) : void 0)
          );
          if (!input) {
            diagnostics2.error("a drop zone without a file input", { element: zone });
            return;
          }
          input.files = files;
          input.dispatchEvent(new Event("change", { bubbles: true }));
        });
      }
    };
  }

  // src/client.js
  function wireSize(message) {
    return JSON.stringify({ ...message, replay: true }).length;
  }
  function createClient({ window: window2, document: document2, config: config2, diagnostics: diagnostics2, WebSocket, storage: storage2, onSocket }) {
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
    const store = createSnapshotStore({
      storage: storage2,
      onFallback: (reason) => diagnostics2.debug("snapshots kept in memory:", reason)
    });
    const cleanup = (element) => runCleanups(element, diagnostics2.error);
    const history = createHistory({
      window: window2,
      document: document2,
      store,
      diagnostics: diagnostics2,
      cleanup,
      swapRegion: (element, html) => navigation.restoreRegion(element, html)
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
    const stale = createStaleGuard({ window: window2, document: document2, storage: storage2, diagnostics: diagnostics2, inFlight: () => intents.size() });
    const navigation = createNavigation({
      window: window2,
      document: document2,
      diagnostics: diagnostics2,
      history,
      cleanup: (root, deep) => runCleanups(root, diagnostics2.error, deep),
      rearm: (elements) => bindings.rearm(elements),
      sendPath: (path) => socket.send({ navigate: path }),
      isStale: stale.isStale
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
      store.clear();
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
      const fresh = await fetchPage(window2, diagnostics2.debug);
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
    const uploads = createUploads({
      document: document2,
      diagnostics: diagnostics2,
      sendNow: (data) => socket.sendNow(data),
      functionOf(input) {
        const own = input.getAttribute(UPLOAD.functionAttr);
        if (own) return own;
        const form = input.closest("form");
        return form?.getAttribute(ATTR.function) ?? form?.querySelector(`[${ATTR.function}]`)?.getAttribute(ATTR.function) ?? null;
      }
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
        createKeyboardBinding({ document: document2, trigger, reportError: diagnostics2.error }),
        createInitBinding({ trigger }),
        createIntersectBinding({
          trigger,
          IntersectionObserver: window2.IntersectionObserver,
          debug: diagnostics2.debug
        }),
        createFocusBinding()
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
      trigger
    };
  }

  // src/controller.js
  function createPageController(client2) {
    return class PageController extends Controller {
      /** @param {Event} event */
      run(event) {
        event.preventDefault();
        const { currentTarget, target } = event;
        const element = currentTarget instanceof Element ? currentTarget : target;
        client2.run(element instanceof Element ? element : this.element);
      }
      /** @param {Event} event */
      stop(event) {
        event.stopPropagation();
      }
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

  // src/index.js
  var page = (
    /** @type {LiveViewWindow} */
    window
  );
  var { config, problems } = normalizeConfig(page.webSocketConfig);
  var diagnostics = createDiagnostics({ target: document, debug: config.debug });
  for (const problem of problems) diagnostics.error(problem);
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
    onSocket(socket) {
      page.myWebSocket = socket;
    }
  });
  var application = Application.start();
  application.register("page", createPageController(client));
  page.Stimulus = application;
  function start() {
    diagnostics.debug(`client ${VERSION} starting`, { url: client.url, room: client.room });
    client.start();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
