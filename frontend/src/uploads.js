// File uploads over the socket (liveview/upload_socket.py is the other end). Each file is
// started with a text message, then sent as binary chunks of CHUNK_SIZE bytes, the next one only
// once the server acknowledged the previous (a slow link never floods the server). After a
// reconnect every unfinished upload is resumed from the offset the server reports. Progress is
// shown on the input and on elements naming it, and told by bubbling DOM events.

import { ATTR, UPLOAD } from "./constants.js";
import { limitProblem, limitsOf } from "./upload_limits.js";

/** @typedef {import("./diagnostics.js").Diagnostics} Diagnostics */

/**
 * @typedef {Object} Transfer  One file on its way.
 * @property {string} key  Per-tab key of its start message.
 * @property {File} file
 * @property {HTMLInputElement} input
 * @property {string} functionName
 * @property {string | null} id  The server's upload id, once started.
 * @property {string} resume  The upload's resume secret, from the server's answer to the start:
 *   kept in this tab's memory only, it lets a resume after a login (a new session) continue.
 * @property {number} offset  Bytes acknowledged.
 * @property {boolean} inFlight  A start or chunk waits for its answer.
 * @property {boolean} restarted  A resume was refused once and the file started over.
 * @property {"sending" | "done" | "failed"} state
 * @property {Promise<string | null>} promise  The upload id once done; null if it failed.
 * @property {(id: string | null) => void} settle
 */

/**
 * A binary chunk frame: 16 bytes of upload id, the offset as 8 bytes big-endian, the bytes.
 * @param {string} id  32 hex digits.
 * @param {number} offset
 * @param {ArrayBuffer} bytes
 */
export function chunkFrame(id, offset, bytes) {
  const frame = new Uint8Array(UPLOAD.headerSize + bytes.byteLength);
  for (let i = 0; i < 16; i += 1) frame[i] = Number.parseInt(id.slice(2 * i, 2 * i + 2), 16);
  new DataView(frame.buffer).setBigUint64(16, BigInt(offset));
  frame.set(new Uint8Array(bytes), UPLOAD.headerSize);
  return frame;
}

/**
 * The function an input's files go to when uploaded on their own (`data-liveview-upload="auto"`):
 * its `data-liveview-upload-function`, else its form's `data-liveview-function` (on the form or
 * an element in it).
 * @param {Element} input
 * @returns {string | null}
 */
export function uploadFunctionOf(input) {
  const own = input.getAttribute(UPLOAD.functionAttr);
  if (own) return own;
  const form = input.closest("form");
  return form?.getAttribute(ATTR.function) ?? form?.querySelector(`[${ATTR.function}]`)?.getAttribute(ATTR.function) ?? null;
}

/**
 * @param {Object} deps
 * @param {Document} deps.document
 * @param {Diagnostics} deps.diagnostics
 * @param {(data: string | Uint8Array) => boolean} deps.sendNow  Send if connected; false if not
 *   (the transfer waits for `resume()`).
 * @param {(element: Element) => string | null} [deps.functionOf]  The function an input's files
 *   are for when uploaded on their own (`data-liveview-upload="auto"`).
 */
export function createUploads({ document, diagnostics, sendNow, functionOf = uploadFunctionOf }) {
  /** @type {Map<string, Transfer>} */
  const byKey = new Map();
  /** @type {Map<string, Transfer>} */
  const byId = new Map();
  /** Transfers of each input's current files (auto uploads, reused by the action). */
  /** @type {WeakMap<HTMLInputElement, {files: File[], transfers: Transfer[]}>} */
  const current = new WeakMap();
  /** Refs of sent actions → the transfers they hand over, forgotten once acknowledged. */
  /** @type {Map<string, Transfer[]>} */
  const handedOver = new Map();
  let counter = 0;
  /** Keys of starts cancelled before their answer came: that answer's upload is cancelled. */
  /** @type {Map<string, string>} */
  const cancelledKeys = new Map();

  /**
   * @param {Element} target
   * @param {string} name
   * @param {Record<string, unknown>} detail
   */
  function emit(target, name, detail) {
    target.dispatchEvent(new CustomEvent(name, { bubbles: true, detail }));
  }

  /** @param {HTMLInputElement} input */
  function indicators(input) {
    const name = input.name;
    const named = name
      ? Array.from(document.querySelectorAll(`[${UPLOAD.progressAttr}]`)).filter(
          (element) => element.getAttribute(UPLOAD.progressAttr) === name,
        )
      : [];
    return [input, ...named];
  }

  /** @param {HTMLInputElement} input */
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
        const progress = /** @type {HTMLProgressElement} */ (element);
        progress.max = Math.max(total, 1);
        progress.value = sent;
      } else {
        /** @type {HTMLElement} */ (element).style?.setProperty(
          "--liveview-upload-progress",
          String(total ? sent / total : 1),
        );
      }
    }
    input.setAttribute(UPLOAD.percentAttr, String(total ? Math.floor((100 * sent) / total) : 100));
    emit(input, UPLOAD.progressEvent, { field: input.name, sent, total });
  }

  /**
   * Files replaced before the action ran: the server drops their uploads (they count against
   * the input's file limit until then), and nothing waits for them any more.
   * @param {Transfer[]} transfers
   */
  function cancel(transfers) {
    for (const transfer of transfers) {
      if (transfer.id && transfer.state !== "failed") {
        sendNow(JSON.stringify({ upload: "cancel", id: transfer.id, function: transfer.functionName }));
        byId.delete(transfer.id);
      }
      else if (!transfer.id && transfer.state === "sending") cancelledKeys.set(transfer.key, transfer.functionName);
      byKey.delete(transfer.key);
      transfer.state = "failed";
      transfer.settle(null);
    }
  }

  /** @param {Transfer} transfer */
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
        ...(transfer.id ? { id: transfer.id, resume: transfer.resume } : {}),
      }),
    );
  }

  /** @param {Transfer} transfer */
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

  /**
   * @param {Transfer} transfer
   * @param {string | null} id
   * @param {string} [error]
   */
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
        message: error ?? "",
      });
    } else if (state && state.transfers.every((t) => t.state === "done")) {
      emit(input, UPLOAD.doneEvent, {
        field: input.name,
        files: state.files.map((file) => file.name),
        total: state.files.reduce((sum, file) => sum + file.size, 0),
      });
    }
  }

  /**
   * @param {HTMLInputElement} input
   * @param {string} functionName
   * @returns {Transfer[] | null}  null: the files break the input's limits (told by an event).
   */
  function transfersOf(input, functionName) {
    const files = Array.from(input.files ?? []);
    const known = current.get(input);
    if (
      known &&
      known.files.length === files.length &&
      known.files.every((file, i) => file === files[i]) &&
      known.transfers.every((t) => t.state !== "failed" && t.functionName === functionName)
    ) {
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
      /** @type {(id: string | null) => void} */
      let settle = () => {};
      const promise = new Promise((resolve) => {
        settle = resolve;
      });
      counter += 1;
      /** @type {Transfer} */
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
        promise: /** @type {Promise<string | null>} */ (promise),
        settle,
      };
      byKey.set(transfer.key, transfer);
      return transfer;
    });
    current.set(input, { files, transfers });
    showProgress(input);
    for (const transfer of transfers) start(transfer);
    return transfers;
  }

  /** @param {Element} element */
  function isFileInput(element) {
    const input = /** @type {HTMLInputElement} */ (element);
    return element.tagName === "INPUT" && input.type === "file" && Boolean(input.name) && !input.disabled;
  }

  return {
    /**
     * The named, enabled file inputs among `fields`.
     * @param {Iterable<object>} fields
     * @returns {HTMLInputElement[]}
     */
    inputsIn(fields) {
      return /** @type {HTMLInputElement[]} */ (Array.from(fields).filter((f) => isFileInput(/** @type {Element} */ (f))));
    },

    /**
     * Upload every file of `inputs` for `functionName` (reusing uploads already under way).
     * @param {HTMLInputElement[]} inputs
     * @param {string} functionName
     * @returns {Promise<Record<string, string[]> | null>}  Input name → upload ids; null when a
     *   file was refused or failed (its input got `liveview:upload-error`).
     */
    async prepare(inputs, functionName) {
      /** @type {[string, Transfer[]][]} */
      const chosen = [];
      for (const input of inputs) {
        const transfers = transfersOf(input, functionName);
        if (transfers === null) return null;
        chosen.push([input.name, transfers]);
      }
      /** @type {Record<string, string[]>} */
      const files = {};
      for (const [name, transfers] of chosen) {
        const ids = await Promise.all(transfers.map((t) => t.promise));
        if (ids.some((id) => id === null)) return null;
        files[name] = [...(files[name] ?? []), .../** @type {string[]} */ (ids)];
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
      /** @type {{upload?: unknown, key?: unknown, offset?: unknown, resume?: unknown, uploadError?: unknown}} */
      let reply;
      try {
        reply = JSON.parse(data);
      } catch {
        return false;
      }
      const transfer =
        typeof reply.key === "string"
          ? byKey.get(reply.key)
          : typeof reply.upload === "string"
            ? byId.get(reply.upload)
            : undefined;
      if (!transfer) {
        const functionName = typeof reply.key === "string" ? cancelledKeys.get(reply.key) : undefined;
        if (functionName !== undefined && typeof reply.upload === "string" && reply.upload) {
          cancelledKeys.delete(/** @type {string} */ (reply.key));
          sendNow(JSON.stringify({ upload: "cancel", id: reply.upload, function: functionName }));
        }
        return true;
      }
      transfer.inFlight = false;
      if (typeof reply.uploadError === "string") {
        if (transfer.state === "done") byId.delete(transfer.id ?? "");
        else if (typeof reply.key === "string" && transfer.id && !transfer.restarted) {
          // A resume the server cannot serve (another machine, or past UPLOAD_TIMEOUT): the
          // file starts over, once.
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
      for (const transfer of new Set([...byKey.values(), ...byId.values()])) {
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
      const input = /** @type {HTMLInputElement | undefined} */ (
        (name ? inputs.find((i) => /** @type {HTMLInputElement} */ (i).name === name) : inputs[0]) ??
          (name ? document.querySelector(`input[type="file"][name="${CSS.escape(name)}"]`) : undefined)
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
    },
  };
}
