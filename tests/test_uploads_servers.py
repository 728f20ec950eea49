"""Uploads against real servers with a raw client: two processes sharing Redis and the
upload directory, and the server's memory during a 200 MB upload."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil

import pytest
from websockets.sync.client import ClientConnection, connect

from tests.servers import DemoServer, open_page

MB = 1024 * 1024
CHUNK = 64 * 1024


def start(ws: ClientConnection, size: int, upload_id: str | None = None, secret: str = "") -> dict:
    message = {
        "upload": "start", "key": "k", "function": "attach_files", "field": "attachments",
        "name": "big.bin", "size": size, "type": "application/octet-stream",
    }  # fmt: skip
    if upload_id:
        message["id"] = upload_id
    if secret:
        message["resume"] = secret
    ws.send(json.dumps(message))
    return json.loads(ws.recv(timeout=10))


def send_chunks(
    ws: ClientConnection, upload_id: str, data: bytes, offset: int, stop: int, each=None
):
    """Send ``data[offset:stop]`` chunk by chunk, each after the previous acknowledgement."""
    while offset < stop:
        piece = data[offset : min(offset + CHUNK, stop)]
        ws.send(bytes.fromhex(upload_id) + offset.to_bytes(8, "big") + piece)
        reply = json.loads(ws.recv(timeout=10))
        assert reply.get("upload") == upload_id, reply
        assert "uploadError" not in reply, reply
        offset = reply["offset"]
        if each is not None:
            each(offset)
    return offset


def attach(ws: ClientConnection, room: str, upload_id: str) -> str:
    """Call the demo's attach_files with the upload; the SHA-256 it stored, once the
    call is acknowledged (its uploads are removed by then)."""
    ws.send(json.dumps({"function": "attach_files", "form": {}, "data": {}, "room": room,
                        "ref": "t.1", "files": {"attachments": [upload_id]}}))  # fmt: skip
    digest = None
    while True:
        reply = json.loads(ws.recv(timeout=30))
        if reply.get("target") == "#attachments":
            match = re.search(r'data-sha256="([0-9a-f]{64})"', reply["html"])
            assert match, reply
            digest = match[1]
        elif reply.get("ack") == "t.1":
            assert digest is not None, "acknowledged without storing the file"
            return digest


@pytest.fixture
def two_servers(migrated_db, redis_server, tmp_path):
    """Two demo processes on one machine: one database, one Redis, one upload directory."""
    database = tmp_path / "demo.sqlite3"
    shutil.copy(migrated_db, database)
    env = {"DEMO_MEDIA": str(tmp_path / "media"), "DEMO_UPLOAD_DIR": str(tmp_path / "parts")}
    servers = [DemoServer(database, redis_url=redis_server.url, extra_env=env) for _ in range(2)]
    for server in servers:
        server.start()
    yield servers
    for server in servers:
        server.close()


def test_upload_resumes_on_another_process(two_servers):
    first, second = two_servers
    room, headers = open_page(first.url, "/uploads/")
    data = os.urandom(3 * MB)
    with connect(f"{first.ws_url}/ws/liveview/{room}/", additional_headers=headers) as ws:
        upload_id = start(ws, len(data))["upload"]
        send_chunks(ws, upload_id, data, 0, MB)
    # The same tab (session cookie, room) reconnects to the other process (another port
    # here, so another origin: behind one proxy both would be the same site).
    headers = {**headers, "Origin": second.url}
    with connect(f"{second.ws_url}/ws/liveview/{room}/", additional_headers=headers) as ws:
        resumed = start(ws, len(data), upload_id)
        assert resumed["offset"] == MB
        send_chunks(ws, upload_id, data, MB, len(data))
        assert attach(ws, room, upload_id) == hashlib.sha256(data).hexdigest()


def test_another_session_cannot_resume_on_another_process(two_servers):
    first, second = two_servers
    room, headers = open_page(first.url, "/uploads/")
    with connect(f"{first.ws_url}/ws/liveview/{room}/", additional_headers=headers) as ws:
        upload_id = start(ws, 1000)["upload"]
    other_room, other_headers = open_page(second.url, "/uploads/")
    url = f"{second.ws_url}/ws/liveview/{other_room}/"
    with connect(url, additional_headers=other_headers) as ws:
        assert "unknown upload" in start(ws, 1000, upload_id)["uploadError"]


@pytest.fixture
def big_server(demo_db, tmp_path):
    env = {
        "DEMO_MEDIA": str(tmp_path / "media"),
        "DEMO_UPLOAD_DIR": str(tmp_path / "parts"),
        "DEMO_ATTACHMENT_MAX_SIZE": str(250 * MB),
    }
    server = DemoServer(demo_db, settings="tests.upload_settings", extra_env=env)
    server.start()
    yield server
    server.close()


def test_server_memory_stays_flat_during_a_200_mb_upload(big_server):
    room, headers = open_page(big_server.url, "/uploads/")
    size = 200 * MB
    block = os.urandom(CHUNK)
    data = memoryview(block * (size // CHUNK))
    digest = hashlib.sha256(data).hexdigest()
    url = f"{big_server.ws_url}/ws/liveview/{room}/"
    with connect(url, additional_headers=headers, max_size=None) as ws:
        upload_id = start(ws, size)["upload"]
        send_chunks(ws, upload_id, data, 0, 4 * MB)  # warmed up: imports, buffers
        baseline = big_server.rss_kib()
        peak = [baseline]

        def sample(offset: int) -> None:
            if offset % (8 * MB) == 0:
                peak.append(big_server.rss_kib())

        send_chunks(ws, upload_id, data, 4 * MB, size, sample)
        peak.append(big_server.rss_kib())
        growth_mb = (max(peak) - baseline) / 1024
        # Bytes go to disk as they come: the server holds a chunk, not the file.
        assert growth_mb < 30, f"RSS grew by {growth_mb:.0f} MB during a 200 MB upload"
        assert attach(ws, room, upload_id) == digest
