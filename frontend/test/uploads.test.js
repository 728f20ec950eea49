import assert from "node:assert/strict";
import { test } from "node:test";
import { UPLOAD } from "../src/constants.js";
import { accepts, limitProblem, limitsOf } from "../src/upload_limits.js";
import { chunkFrame, createUploads } from "../src/uploads.js";

/** @param {Record<string, string>} attributes */
const element = (attributes) => /** @type {Element} */ (/** @type {unknown} */ ({
  getAttribute: (/** @type {string} */ name) => attributes[name] ?? null,
}));

test("accepts_empty_accept_takes_anything", () => {
  assert.equal(accepts("", "a.exe", "application/x-msdownload"), true);
});

test("accepts_by_extension_or_mime", () => {
  assert.equal(accepts(".pdf, image/*", "report.PDF", ""), true);
  assert.equal(accepts(".pdf, image/*", "photo.jpg", "image/jpeg"), true);
  assert.equal(accepts(".pdf, image/*", "notes.txt", "text/plain"), false);
  assert.equal(accepts("image/png", "a.png", "image/jpeg"), false);
});

test("limits_default_to_the_server_defaults", () => {
  assert.deepEqual(limitsOf(element({})), { maxSize: 10 * 1024 * 1024, maxFiles: 10, accept: "" });
});

test("limits_read_from_the_input", () => {
  const input = element({
    [UPLOAD.maxSizeAttr]: "2000",
    [UPLOAD.maxFilesAttr]: "1",
    accept: "image/*",
  });
  assert.deepEqual(limitsOf(input), { maxSize: 2000, maxFiles: 1, accept: "image/*" });
});

test("limit_problem_too_large_names_the_file", () => {
  const problem = limitProblem([{ name: "big.bin", size: 11, type: "" }], { maxSize: 10, maxFiles: 2, accept: "" });
  assert.equal(problem?.reason, "too-large");
  assert.equal(problem?.file, "big.bin");
});

test("limit_problem_too_many_files", () => {
  const file = { name: "a", size: 1, type: "" };
  assert.equal(limitProblem([file, file], { maxSize: 10, maxFiles: 1, accept: "" })?.reason, "too-many");
  assert.equal(limitProblem([file], { maxSize: 10, maxFiles: 1, accept: "" }), null);
});

test("chunk_frame_layout", () => {
  const id = "00112233445566778899aabbccddeeff";
  const frame = chunkFrame(id, 65536 * 3, new Uint8Array([7, 8, 9]).buffer);
  assert.equal(frame.length, UPLOAD.headerSize + 3);
  assert.deepEqual(Array.from(frame.slice(0, 16)), id.match(/../g)?.map((h) => Number.parseInt(h, 16)));
  assert.equal(new DataView(frame.buffer).getBigUint64(16), 196608n);
  assert.deepEqual(Array.from(frame.slice(24)), [7, 8, 9]);
});


/** A file input as uploads.js uses it, with the events it receives. */
function fakeInput(/** @type {File[]} */ files) {
  const target = new EventTarget();
  /** @type {string[]} */
  const events = [];
  const attributes = new Map();
  const input = Object.assign(target, {
    tagName: "INPUT",
    type: "file",
    name: "doc",
    disabled: false,
    files,
    classList: { toggle() {} },
    style: { setProperty() {} },
    getAttribute: (/** @type {string} */ name) => attributes.get(name) ?? null,
    setAttribute: (/** @type {string} */ name, /** @type {string} */ value) => attributes.set(name, value),
    removeAttribute: (/** @type {string} */ name) => attributes.delete(name),
    events,
  });
  for (const name of [UPLOAD.progressEvent, UPLOAD.doneEvent, UPLOAD.errorEvent]) {
    target.addEventListener(name, () => events.push(name));
  }
  return /** @type {any} */ (input);
}

function harness() {
  /** @type {(string | Uint8Array)[]} */
  const sent = [];
  let open = true;
  const uploads = createUploads({
    document: /** @type {any} */ ({ querySelectorAll: () => [] }),
    diagnostics: /** @type {any} */ ({ debug() {}, error() {} }),
    sendNow: (data) => open && sent.push(data) > 0,
    functionOf: () => "save",
  });
  const reply = (/** @type {object} */ message) => uploads.onMessage(JSON.stringify(message));
  return { uploads, sent, reply, setOpen: (/** @type {boolean} */ value) => (open = value) };
}

const ID = "0123456789abcdef0123456789abcdef";
const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

test("upload_sends_next_chunk_only_after_ack_and_resumes_from_server_offset", async () => {
  const data = new Uint8Array(3 * UPLOAD.chunkSize).map((_, i) => i % 251);
  const input = fakeInput([new File([data], "a.bin")]);
  const { uploads, sent, reply, setOpen } = harness();
  const prepared = uploads.prepare([input], "save");
  const start = JSON.parse(/** @type {string} */ (sent[0]));
  assert.equal(start.upload, "start");
  reply({ upload: ID, key: start.key, offset: 0, size: data.length, resume: "s3cret" });
  await tick();
  assert.equal(sent.length, 2); // one chunk, then nothing until its acknowledgement
  reply({ upload: ID, offset: UPLOAD.chunkSize });
  await tick();
  assert.equal(sent.length, 3);
  setOpen(false); // the connection drops with the second chunk unacknowledged
  setOpen(true);
  uploads.resume();
  const resume = JSON.parse(/** @type {string} */ (sent[3]));
  assert.equal(resume.id, ID);
  assert.equal(resume.resume, "s3cret"); // the start's secret: a resume survives a login
  assert.equal(start.resume, undefined);
  reply({ upload: ID, key: resume.key, offset: UPLOAD.chunkSize, size: data.length });
  await tick();
  const frame = /** @type {Uint8Array} */ (sent[4]);
  assert.equal(new DataView(frame.buffer).getBigUint64(16), BigInt(UPLOAD.chunkSize));
  reply({ upload: ID, offset: 2 * UPLOAD.chunkSize });
  await tick();
  reply({ upload: ID, offset: 3 * UPLOAD.chunkSize });
  assert.deepEqual(await prepared, { doc: [ID] });
  assert.ok(input.events.includes(UPLOAD.doneEvent));
});

test("upload_refused_by_server_fails_the_call", async () => {
  const input = fakeInput([new File(["x"], "a.txt")]);
  const { uploads, sent, reply } = harness();
  const prepared = uploads.prepare([input], "save");
  const start = JSON.parse(/** @type {string} */ (sent[0]));
  reply({ upload: "", key: start.key, uploadError: "file type not accepted" });
  assert.equal(await prepared, null);
  assert.ok(input.events.includes(UPLOAD.errorEvent));
});

test("over_limit_file_is_refused_before_anything_is_sent", async () => {
  const input = fakeInput([new File([new Uint8Array(UPLOAD.maxSize + 1)], "big.bin")]);
  const { uploads, sent } = harness();
  assert.equal(await uploads.prepare([input], "save"), null);
  assert.deepEqual(sent, []);
  assert.deepEqual(input.events, [UPLOAD.errorEvent]);
});
