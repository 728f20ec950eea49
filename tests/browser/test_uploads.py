"""File uploads over the socket, on the demo's uploads page, in Debian's chromium."""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import shutil
import signal

import pytest
from PIL import Image
from playwright.sync_api import expect
from websockets.sync.client import connect

from tests.browser.support import configure, open_page, watch
from tests.servers import DemoServer
from tests.servers import open_page as fetch_page

MB = 1024 * 1024
CHUNK = 64 * 1024
FAST = "reconnectDelay: 100, reconnectMultiplier: 1.5, reconnectMaxDelay: 400, jitter: 0"


@pytest.fixture(scope="module")
def server(migrated_db, tmp_path_factory):
    """This module's own server, with its media and partial uploads in temporary folders."""
    base = tmp_path_factory.mktemp("uploads")
    database = base / "demo.sqlite3"
    shutil.copy(migrated_db, database)
    server = DemoServer(
        database,
        extra_env={"DEMO_MEDIA": str(base / "media"), "DEMO_UPLOAD_DIR": str(base / "parts")},
    )
    server.parts = base / "parts"
    server.start()
    yield server
    server.close()


def parts(server) -> list[str]:
    return sorted(os.listdir(server.parts)) if server.parts.exists() else []


def file_payload(name: str, data: bytes, mime: str = "application/octet-stream") -> dict:
    return {"name": name, "mimeType": mime, "buffer": data}


def attached(page, data: bytes):
    return page.locator(f'#attachment-list li[data-sha256="{hashlib.sha256(data).hexdigest()}"]')


def png(size: int = 64) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (size, size), (200, 30, 30)).save(out, "PNG")
    return out.getvalue()


def test_five_megabytes_with_progress_events(server, page):
    watcher = watch(page)
    before = parts(server)  # other tests' unfinished uploads, kept for a resume
    open_page(page, server.url + "/uploads/")
    data = os.urandom(5 * MB)
    page.set_input_files("#attachments-input", files=[file_payload("big.bin", data)])
    done = watcher.wait_for("liveview:upload-done")
    assert done == {"field": "attachments", "files": ["big.bin"], "total": len(data)}
    sent = [event["sent"] for event in watcher.events("liveview:upload-progress")]
    assert len(sent) > len(data) // CHUNK  # one per acknowledged chunk, and the start
    assert sent == sorted(sent)
    assert sent[-1] == len(data)
    expect(page.locator("#attachments-progress")).to_have_js_property("value", len(data))
    expect(page.locator("#attachments-input")).not_to_have_attribute("aria-busy", "true")
    page.click("#attach")
    expect(attached(page, data)).to_have_count(1)
    watcher.settled()  # the handler returned: its temporary files are gone
    assert parts(server) == before


def test_busy_while_chunks_wait_and_other_calls_flow(server, page):
    """The input is busy while its upload waits for acknowledgements (here held back), and
    the same socket's other calls are answered meanwhile."""
    held: list = []

    def route(ws):
        upstream = ws.connect_to_server()

        def from_page(message):
            if isinstance(message, bytes):
                held.append(message)  # never acknowledged
            else:
                upstream.send(message)

        ws.on_message(from_page)

    page.route_web_socket(re.compile(r".*/ws/liveview/.*"), route)
    open_page(page, server.url + "/uploads/")
    page.set_input_files("#attachments-input", files=[file_payload("a.bin", b"x" * 1000)])
    expect(page.locator("#attachments-input")).to_have_attribute("aria-busy", "true")
    expect(page.locator("#attachments-progress")).to_have_class(re.compile("liveview-loading"))
    page.click("#attach")  # waits for the held upload: busy meanwhile
    expect(page.locator("#attach-form")).to_have_attribute("aria-busy", "true")
    page.fill("#profile-name", "Ada")
    page.click("#profile-form button[type=submit]")  # no avatar chosen: the form says so
    expect(page.locator('#profile .error[data-field="avatar"]')).to_contain_text("required")
    expect(page.locator("#attachments-input")).to_have_attribute("aria-busy", "true")


def stall_and_restart(server, page, watcher, data: bytes, wipe: bool = False) -> None:
    """Upload ``data`` from the page; after 20 acknowledged chunks, hold the rest back,
    kill the server (SIGKILL), optionally delete its partial uploads, start it again."""
    configure(page, "{" + FAST + "}")
    stall = {"after": 20, "forwarded": 0}

    def route(ws):
        upstream = ws.connect_to_server()

        def from_page(message):
            if isinstance(message, bytes):
                if stall["after"] is not None and stall["forwarded"] >= stall["after"]:
                    return  # lost with the server: never acknowledged
                stall["forwarded"] += 1
            upstream.send(message)

        ws.on_message(from_page)

    page.route_web_socket(re.compile(r".*/ws/liveview/.*"), route)
    open_page(page, server.url + "/uploads/")
    page.set_input_files("#attachments-input", files=[file_payload("resume.bin", data)])
    page.wait_for_function(
        "(offset) => window.__liveviewEvents.some("
        "(e) => e.type === 'liveview:upload-progress' && e.detail.sent >= offset)",
        arg=20 * CHUNK,
    )
    server.pause(signal.SIGKILL)
    if wipe:  # as if the tab had landed on a machine that never saw the upload
        for name in parts(server):
            os.unlink(server.parts / name)
    stall["after"] = None
    server.resume()
    watcher.wait_for("liveview:upload-done")


def test_server_killed_mid_upload_resumes_from_last_acknowledged(server, page):
    watcher = watch(page)
    data = os.urandom(5 * MB)
    stall_and_restart(server, page, watcher, data)
    offset = 20 * CHUNK
    resumed = [m for m in watcher.received if m.get("key") and m.get("offset") == offset]
    assert resumed, "the restarted server was asked to resume and answered the acknowledged offset"
    page.click("#attach")
    expect(attached(page, data)).to_have_count(1)


def test_upload_unknown_after_restart_starts_over(server, page):
    watcher = watch(page)
    data = os.urandom(2 * MB)
    stall_and_restart(server, page, watcher, data, wipe=True)
    refused = [m for m in watcher.received if "unknown upload" in m.get("uploadError", "")]
    assert refused, "the resume was refused"
    assert watcher.events("liveview:upload-error") == []
    page.click("#attach")
    expect(attached(page, data)).to_have_count(1)


def test_oversize_file_refused_in_the_browser(server, page):
    watcher = watch(page)
    open_page(page, server.url + "/uploads/")
    too_big = b"\x89PNG\r\n\x1a\n" + b"\x00" * (2 * MB)
    page.set_input_files("#avatar", files=[file_payload("big.png", too_big, "image/png")])
    error = watcher.wait_for("liveview:upload-error")
    assert error["reason"] == "too-large"
    assert error["file"] == "big.png"
    watcher.settled()
    assert [m for m in watcher.sent if "upload" in m or "chunk" in m] == []
    assert watcher.sent_messages("preview_avatar") == []


def test_oversize_file_refused_by_the_server_nothing_written(server):
    """A raw client skips the browser's check: the server refuses before keeping a byte."""
    before = parts(server)  # other tests' unfinished uploads, kept for a resume
    room, headers = fetch_page(server.url, "/uploads/")
    with connect(f"{server.ws_url}/ws/liveview/{room}/", additional_headers=headers) as ws:
        ws.send(json.dumps({
            "upload": "start", "key": "k", "function": "attach_files", "field": "attachments",
            "name": "huge.bin", "size": 21 * MB, "type": "application/octet-stream",
        }))  # fmt: skip
        reply = json.loads(ws.recv(timeout=10))
        assert "too large" in reply["uploadError"]
        # Declaring a small size and sending more is refused too, and the upload removed.
        ws.send(json.dumps({
            "upload": "start", "key": "k2", "function": "attach_files", "field": "attachments",
            "name": "liar.bin", "size": 10, "type": "application/octet-stream",
        }))  # fmt: skip
        started = json.loads(ws.recv(timeout=10))
        upload_id = started["upload"]
        ws.send(bytes.fromhex(upload_id) + (0).to_bytes(8, "big") + b"y" * 1000)
        refused = json.loads(ws.recv(timeout=10))
        assert refused["upload"] == upload_id
        assert "too large" in refused["uploadError"]
    assert parts(server) == before


def test_concurrent_uploads_from_two_tabs_while_a_third_clicks(server, new_page):
    uploaders = [new_page(), new_page()]
    watchers = [watch(tab) for tab in uploaders]
    for tab in uploaders:
        open_page(tab, server.url + "/uploads/")
    clicker = new_page()
    open_page(clicker, server.url + "/")
    files = [[os.urandom(MB) for _ in range(5)] for _ in uploaders]
    for tab, data in zip(uploaders, files, strict=True):
        payloads = [file_payload(f"f{i}.bin", d) for i, d in enumerate(data)]
        tab.set_input_files("#attachments-input", files=payloads)
    for n in range(5):
        clicker.fill("#name", f"clicker {n}")
        clicker.click("button:has-text('Say hello')")
        expect(clicker.locator("#greeting")).to_contain_text(f"Hello, clicker {n}!")
    for tab, watcher, data in zip(uploaders, watchers, files, strict=True):
        watcher.wait_for("liveview:upload-done")
        tab.click("#attach")
        for d in data:
            expect(attached(tab, d)).to_have_count(1)


def test_model_form_with_image_field_saves_the_image(server, page):
    open_page(page, server.url + "/uploads/")
    image = png()
    page.fill("#profile-name", "Ada")
    page.set_input_files("#avatar", files=[file_payload("ada.png", image, "image/png")])
    expect(page.locator("#avatar-thumbnail")).to_be_visible()  # the preview handler's
    page.click("#profile-form button[type=submit]")
    expect(page.locator("#profile-saved")).to_contain_text("Saved Ada.")
    src = page.get_attribute("#avatar-saved", "src")
    assert src.startswith("/media/avatars/ada")
    stored = page.request.get(server.url + src).body()
    assert hashlib.sha256(stored).hexdigest() == hashlib.sha256(image).hexdigest()


def test_drop_on_a_drop_zone_uploads(server, page):
    watcher = watch(page)
    open_page(page, server.url + "/uploads/")
    page.evaluate("""() => {
      const transfer = new DataTransfer();
      transfer.items.add(new File(["dropped bytes"], "drop.txt", { type: "text/plain" }));
      const zone = document.querySelector("[data-liveview-upload-drop]");
      zone.dispatchEvent(new DragEvent("drop", { dataTransfer: transfer, bubbles: true, cancelable: true }));
    }""")
    watcher.wait_for("liveview:upload-done")
    page.click("#attach")
    expect(attached(page, b"dropped bytes")).to_have_count(1)


def test_server_refusal_reaches_the_input_as_an_event(server, page):
    """A file the browser cannot judge (a text file named .png) is refused by the server's
    sniff of its first bytes; the input hears of it and the call is not made."""
    watcher = watch(page)
    open_page(page, server.url + "/uploads/")
    fake = b"not an image at all" * 10
    page.set_input_files("#avatar", files=[file_payload("fake.png", fake, "image/png")])
    error = watcher.wait_for("liveview:upload-error")
    assert error["reason"] == "server"
    assert "not an accepted image" in error["message"]
    watcher.settled()
    assert watcher.sent_messages("preview_avatar") == []
    expect(page.locator("#avatar")).not_to_have_attribute("aria-busy", "true")


def test_choosing_other_files_cancels_the_first_ones(server, page):
    """Ten files (the input's limit) chosen, then ten others: the first uploads are
    cancelled, so the second ones are not refused as one file too many."""
    watcher = watch(page)
    open_page(page, server.url + "/uploads/")
    first = [file_payload(f"first{i}.txt", f"first {i}".encode()) for i in range(10)]
    page.set_input_files("#attachments-input", files=first)
    watcher.wait_for("liveview:upload-done")
    second = [f"second {i}".encode() for i in range(10)]
    page.set_input_files(
        "#attachments-input",
        files=[file_payload(f"second{i}.txt", d) for i, d in enumerate(second)],
    )
    watcher.wait_for("liveview:upload-done", count=2)
    assert watcher.events("liveview:upload-error") == []
    page.click("#attach")
    for data in second:
        expect(attached(page, data)).to_have_count(1)
    expect(attached(page, b"first 0")).to_have_count(0)
