import assert from "node:assert/strict";
import { test } from "node:test";
import { UPLOAD } from "../src/constants.js";
import { accepts, limitProblem, limitsOf } from "../src/upload_limits.js";
import { chunkFrame } from "../src/uploads.js";

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
