/*! liveview 0.1.0 */
"use strict";
(() => {
  // src/chunks.js
  var REGISTRY = "liveviewChunks";
  function definePart(scope, name, exports) {
    (scope[REGISTRY] ?? (scope[REGISTRY] = {}))[name] = exports;
  }

  // src/constants.js
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
  var UPLOAD_MODE_ATTR = "data-liveview-upload";
  var UPLOAD_DROP_ATTR = "data-liveview-upload-drop";
  var UPLOAD_SELECTOR = `input[type="file"], [${UPLOAD_DROP_ATTR}]`;
  var UPLOAD = /* @__PURE__ */ Object.freeze({
    chunkSize: 65536,
    // 64 KiB
    headerSize: 24,
    maxSize: 10485760,
    // 10 MiB
    maxFiles: 10,
    modeAttr: UPLOAD_MODE_ATTR,
    dropAttr: UPLOAD_DROP_ATTR,
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
  function uploadFunctionOf(input) {
    const own = input.getAttribute(UPLOAD.functionAttr);
    if (own) return own;
    const form = input.closest("form");
    return form?.getAttribute(ATTR.function) ?? form?.querySelector(`[${ATTR.function}]`)?.getAttribute(ATTR.function) ?? null;
  }
  function createUploads({ document, diagnostics, sendNow, functionOf = uploadFunctionOf }) {
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
      const named = name ? Array.from(document.querySelectorAll(`[${UPLOAD.progressAttr}]`)).filter(
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
    function start(transfer) {
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
    function finish(transfer, id, error) {
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
        diagnostics.debug("upload failed", { file: transfer.file.name, error });
        emit(input, UPLOAD.errorEvent, {
          field: input.name,
          file: transfer.file.name,
          reason: "server",
          message: error ?? ""
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
        diagnostics.debug("upload refused before sending", problem);
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
      for (const transfer of transfers) start(transfer);
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
            start(transfer);
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
          pump(transfer).catch((error) => finish(transfer, null, String(error)));
        }
        return true;
      },
      /** The socket (re)opened: resume every upload not finished, re-attach finished ones. */
      resume() {
        for (const transfer of /* @__PURE__ */ new Set([...byKey.values(), ...byId.values()])) {
          if (transfer.state === "failed") continue;
          if (transfer.id) byKey.set(transfer.key, transfer);
          start(transfer);
        }
      },
      /**
       * Files dropped on a drop zone (`data-liveview-upload-drop`, naming its input or not):
       * they become the input's files, as if chosen there.
       * @param {Element} zone
       * @param {FileList} files
       */
      drop(zone, files) {
        const name = zone.getAttribute(UPLOAD.dropAttr);
        const inputs = Array.from(zone.querySelectorAll('input[type="file"]'));
        const input = (
          /** @type {HTMLInputElement | undefined} */
          (name ? inputs.find((i) => (
            /** @type {HTMLInputElement} */
            i.name === name
          )) : inputs[0]) ?? (name ? document.querySelector(`input[type="file"][name="${CSS.escape(name)}"]`) : void 0)
        );
        if (!input) {
          diagnostics.error("a drop zone without a file input", { element: zone });
          return;
        }
        input.files = files;
        input.dispatchEvent(new Event("change", { bubbles: true }));
      },
      /**
       * A file input with `data-liveview-upload="auto"` changed: its files start uploading now.
       * @param {HTMLInputElement} input
       */
      autoUpload(input) {
        if (!isFileInput(input)) return;
        const functionName = functionOf(input);
        if (!functionName) {
          diagnostics.error(`no function for the auto upload of "${input.name}"`, { element: input });
          return;
        }
        transfersOf(input, functionName);
      }
    };
  }

  // src/part_uploads.js
  definePart(
    /** @type {any} */
    window,
    "uploads",
    { createUploads }
  );
})();
