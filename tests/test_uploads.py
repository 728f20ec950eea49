from __future__ import annotations

import hashlib
import os
import struct
import time
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest
from channels.routing import URLRouter
from django.test import override_settings

from liveview import Upload, liveview_handler, send
from liveview.routing import get_liveview_urlpatterns
from liveview.testing import LiveViewCommunicator
from liveview.upload_store import store

application = URLRouter(get_liveview_urlpatterns())
pytestmark = pytest.mark.django_db(transaction=True)

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 100


@pytest.fixture
def upload_dir(tmp_path):
    directory = tmp_path / "uploads"
    with override_settings(LIVEVIEW={"UPLOAD_DIR": str(directory)}):
        yield directory
    store.remove_all()  # what a test left for a resume must not count against the next
    assert len(store) == 0


def files_in(directory) -> list[str]:
    return sorted(os.listdir(directory)) if directory.exists() else []


def chunk(upload_id: str, offset: int, data: bytes) -> bytes:
    return bytes.fromhex(upload_id) + struct.pack(">Q", offset) + data


def session_comm(key: str, client: str | None = None) -> LiveViewCommunicator:
    comm = LiveViewCommunicator(application, room="r" + key)
    if client is not None:
        comm.scope["client"] = (client, 50000)
    comm.scope["session"] = SimpleNamespace(
        session_key=key, get_expiry_date=lambda: datetime.now(UTC) + timedelta(days=1)
    )
    return comm


async def start(comm, function, field="doc", name="a.txt", size=10, mime="text/plain", **extra):
    await comm.send_json_to(
        {"upload": "start", "key": "k1", "function": function, "field": field,
         "name": name, "size": size, "type": mime, **extra}
    )  # fmt: skip
    return await comm.receive_json_from()


async def upload(comm, function, data: bytes, **kwargs):
    """Start and send ``data`` in 64 KiB chunks, each after the previous ack."""
    reply = await start(comm, function, size=len(data), **kwargs)
    assert "uploadError" not in reply, reply
    upload_id, offset = reply["upload"], reply["offset"]
    while offset < len(data):
        await comm.send_to(bytes_data=chunk(upload_id, offset, data[offset : offset + 65536]))
        ack = await comm.receive_json_from()
        assert ack["upload"] == upload_id
        assert "uploadError" not in ack, ack
        offset = ack["offset"]
    return upload_id


async def test_upload_reaches_handler_as_uploaded_files(registry, upload_dir):
    seen = {}

    @liveview_handler("save")
    def save(consumer, content):
        (uploaded,) = content["files"]["doc"]
        seen["name"] = uploaded.name
        seen["digest"] = hashlib.sha256(uploaded.read()).hexdigest()
        seen["path"] = uploaded.temporary_file_path()
        send(consumer, {"target": "#out", "html": "saved"})

    data = os.urandom(200_000)
    async with LiveViewCommunicator(application) as comm:
        upload_id = await upload(comm, "save", data, name="report.txt")
        await comm.call("save", files={"doc": [upload_id]})
        assert (await comm.receive_json_from())["html"] == "saved"
    assert seen["name"] == "report.txt"
    assert seen["digest"] == hashlib.sha256(data).hexdigest()
    assert not os.path.exists(seen["path"])  # removed once the handler returned
    assert files_in(upload_dir) == []


async def test_handler_without_files_gets_empty_files(registry, upload_dir):
    @liveview_handler("plain")
    def plain(consumer, content):
        send(consumer, {"target": "#out", "html": str(dict(content["files"]))})

    async with LiveViewCommunicator(application) as comm:
        await comm.call("plain")
        assert (await comm.receive_json_from())["html"] == "{}"


async def test_oversize_upload_refused_before_any_byte(registry, upload_dir):
    @liveview_handler("save", uploads={"doc": Upload(max_size=1000)})
    def save(consumer, content):
        pass

    async with LiveViewCommunicator(application) as comm:
        reply = await start(comm, "save", size=1001)
        assert "too large" in reply["uploadError"]
        assert reply["key"] == "k1"
    assert files_in(upload_dir) == []


async def test_default_limit_is_ten_megabytes(registry, upload_dir):
    @liveview_handler("save")
    def save(consumer, content):
        pass

    async with LiveViewCommunicator(application) as comm:
        assert "uploadError" in await start(comm, "save", size=10 * 1024 * 1024 + 1)
        assert "uploadError" not in await start(comm, "save", size=10 * 1024 * 1024)


async def test_undeclared_input_refused(registry, upload_dir):
    @liveview_handler("save", uploads={"avatar": Upload()})
    def save(consumer, content):
        pass

    async with LiveViewCommunicator(application) as comm:
        reply = await start(comm, "save", field="other")
        assert "no file input named 'other'" in reply["uploadError"]


async def test_file_count_limit(registry, upload_dir):
    @liveview_handler("save", uploads={"doc": Upload(max_files=2)})
    def save(consumer, content):
        pass

    async with LiveViewCommunicator(application) as comm:
        assert "uploadError" not in await start(comm, "save")
        assert "uploadError" not in await start(comm, "save")
        assert "too many files" in (await start(comm, "save"))["uploadError"]


async def test_accept_checks_extension_and_type(registry, upload_dir):
    @liveview_handler("save", uploads={"doc": Upload(accept=".pdf,application/pdf")})
    def save(consumer, content):
        pass

    async with LiveViewCommunicator(application) as comm:
        assert (
            "not accepted" in (await start(comm, "save", name="x.exe", mime="x/exe"))["uploadError"]
        )
        assert "uploadError" not in await start(comm, "save", name="x.pdf", mime="application/pdf")


async def test_image_that_is_not_one_refused_nothing_written(registry, upload_dir):
    @liveview_handler("save", uploads={"avatar": Upload(accept="image/*")})
    def save(consumer, content):
        pass

    async with LiveViewCommunicator(application) as comm:
        reply = await start(comm, "save", field="avatar", name="a.png", mime="image/png", size=50)
        await comm.send_to(bytes_data=chunk(reply["upload"], 0, b"<html>" + b"x" * 44))
        refused = await comm.receive_json_from()
        assert "not an accepted image" in refused["uploadError"]
    assert files_in(upload_dir) == []


async def test_real_image_accepted(registry, upload_dir):
    @liveview_handler("save", uploads={"avatar": Upload(accept="image/*")})
    def save(consumer, content):
        send(consumer, {"target": "#o", "html": content["files"]["avatar"][0].content_type})

    async with LiveViewCommunicator(application) as comm:
        upload_id = await upload(comm, "save", PNG, field="avatar", name="a.png", mime="image/png")
        await comm.call("save", files={"avatar": [upload_id]})
        assert (await comm.receive_json_from())["html"] == "image/png"


async def test_resume_from_another_socket_of_same_session(registry, upload_dir):
    @liveview_handler("save")
    def save(consumer, content):
        send(
            consumer,
            {"target": "#o", "html": hashlib.sha256(content["files"]["doc"][0].read()).hexdigest()},
        )

    data = os.urandom(150_000)
    async with session_comm("s1") as first:
        reply = await start(first, "save", size=len(data))
        upload_id = reply["upload"]
        await first.send_to(bytes_data=chunk(upload_id, 0, data[:65536]))
        assert (await first.receive_json_from())["offset"] == 65536
    async with session_comm("s1") as second:
        resumed = await start(second, "save", size=len(data), id=upload_id)
        assert resumed["offset"] == 65536
        offset = 65536
        while offset < len(data):
            await second.send_to(bytes_data=chunk(upload_id, offset, data[offset : offset + 65536]))
            offset = (await second.receive_json_from())["offset"]
        await second.call("save", files={"doc": [upload_id]})
        assert (await second.receive_json_from())["html"] == hashlib.sha256(data).hexdigest()


async def test_another_session_cannot_resume_or_write(registry, upload_dir):
    @liveview_handler("save")
    def save(consumer, content):
        pass

    async with session_comm("victim") as victim, session_comm("attacker") as attacker:
        upload_id = (await start(victim, "save", size=100))["upload"]
        refused = await start(attacker, "save", size=100, id=upload_id)
        assert "unknown upload" in refused["uploadError"]
        await attacker.send_to(bytes_data=chunk(upload_id, 0, b"x" * 100))
        assert "start an upload first" in (await attacker.receive_json_from())["error"]
        await attacker.call("save", files={"doc": [upload_id]})
        assert (await attacker.receive_json_from())["error"] == "unknown upload"
        assert os.path.getsize(upload_dir / f"{upload_id}.part") == 0


async def test_flood_of_starts_is_bounded(registry, upload_dir):
    @liveview_handler("save")
    def save(consumer, content):
        pass

    with override_settings(LIVEVIEW={"UPLOAD_DIR": str(upload_dir), "RATE_LIMIT_BURST": 1000}):
        async with session_comm("flood") as comm:
            refused = 0
            for _ in range(300):
                reply = await start(comm, "save", size=1)
                refused += "uploadError" in reply
            # 10 files per input and call: the rest are refused, with nothing written.
            assert refused == 290
        assert len(files_in(upload_dir)) == 20  # .part and .json of the 10 kept


async def test_abandoned_upload_is_swept(registry, upload_dir):
    @liveview_handler("save")
    def save(consumer, content):
        pass

    with override_settings(LIVEVIEW={"UPLOAD_DIR": str(upload_dir), "UPLOAD_TIMEOUT": 1}):
        async with LiveViewCommunicator(application) as comm:
            await start(comm, "save")
        assert len(files_in(upload_dir)) == 2
        import time

        store.sweep(time.monotonic() + 5)
        assert files_in(upload_dir) == []


async def test_wrong_offset_is_answered_with_the_right_one(registry, upload_dir):
    @liveview_handler("save")
    def save(consumer, content):
        pass

    async with LiveViewCommunicator(application) as comm:
        upload_id = (await start(comm, "save", size=100))["upload"]
        await comm.send_to(bytes_data=chunk(upload_id, 50, b"x" * 50))
        assert await comm.receive_json_from() == {"upload": upload_id, "offset": 0}


async def test_files_removed_when_the_handler_raises(registry, upload_dir):
    @liveview_handler("save")
    def save(consumer, content):
        raise ValueError("boom")

    async with LiveViewCommunicator(application) as comm:
        upload_id = await upload(comm, "save", b"abc")
        await comm.call("save", files={"doc": [upload_id]})
        assert "error" in await comm.receive_json_from()
    assert files_in(upload_dir) == []


async def test_unfinished_upload_is_not_handed_over(registry, upload_dir):
    ran = []

    @liveview_handler("save")
    def save(consumer, content):
        ran.append(True)

    async with LiveViewCommunicator(application) as comm:
        upload_id = (await start(comm, "save", size=100))["upload"]
        await comm.call("save", files={"doc": [upload_id]})
        assert (await comm.receive_json_from())["error"] == "upload not finished"
    assert ran == []


async def test_svg_is_not_an_image_for_image_accept(registry, upload_dir):
    @liveview_handler("save", uploads={"pic": Upload(accept="image/*")})
    def save(consumer, content):
        pass

    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    async with LiveViewCommunicator(application) as comm:
        reply = await start(
            comm, "save", field="pic", name="a.svg", mime="image/svg+xml", size=len(svg)
        )
        await comm.send_to(bytes_data=chunk(reply["upload"], 0, svg))
        assert "not an accepted image" in (await comm.receive_json_from())["uploadError"]


async def test_files_work_as_request_files_in_a_form(registry, upload_dir):
    from django import forms

    class DocForm(forms.Form):
        doc = forms.FileField()

    @liveview_handler("save")
    def save(consumer, content):
        form = DocForm(content["form"], content["files"])
        assert form.is_valid(), form.errors
        send(consumer, {"target": "#o", "html": form.cleaned_data["doc"].name})

    async with LiveViewCommunicator(application) as comm:
        upload_id = await upload(comm, "save", b"contents", name="n.txt")
        await comm.call("save", files={"doc": [upload_id]})
        assert (await comm.receive_json_from())["html"] == "n.txt"


def test_uploads_declaration_must_map_names_to_upload(registry):
    with pytest.raises(TypeError, match="uploads= must map input names"):
        liveview_handler("bad", uploads={"doc": 5})
    with pytest.raises(TypeError, match="max_size"):
        Upload(max_size=0)


def test_upload_tag_renders_the_declared_limits(registry):
    from django.template import Context, Template

    @liveview_handler(
        "save", uploads={"avatar": Upload(max_size=2000, max_files=1, accept="image/*")}
    )
    def save(consumer, content):
        pass

    html = Template('{% load liveview %}<input {% liveview_upload "save" "avatar" %}>').render(
        Context()
    )
    assert 'data-liveview-upload-max-size="2000"' in html
    assert 'data-liveview-upload-max-files="1"' in html
    assert 'accept="image/*"' in html
    assert 'data-liveview-upload-function="save"' in html


def test_upload_tag_refuses_an_undeclared_input(registry):
    from django.template import Context, Template, TemplateSyntaxError

    @liveview_handler("save", uploads={"avatar": Upload()})
    def save(consumer, content):
        pass

    with pytest.raises(TemplateSyntaxError, match="declares no input 'other'"):
        Template('{% load liveview %}{% liveview_upload "save" "other" %}').render(Context())


def test_client_defaults_match_the_server():
    """The browser's fallback limits and frame layout are the server's."""
    from pathlib import Path

    from liveview.conf import DEFAULTS
    from liveview.uploads import CHUNK_SIZE, HEADER_SIZE

    constants = (Path(__file__).parent.parent / "frontend/src/constants.js").read_text()
    block = constants[constants.index("export const UPLOAD =") :]
    # Literals with separators (constants.js says why): 10_485_760, 65_536.
    assert f"maxSize: {DEFAULTS['UPLOAD_MAX_FILE_SIZE']:_}," in block
    assert f"maxFiles: {DEFAULTS['UPLOAD_MAX_FILES']}," in block
    assert f"chunkSize: {CHUNK_SIZE:_}," in block
    assert f"headerSize: {HEADER_SIZE}," in block


async def test_cancelled_upload_frees_its_place_and_files(registry, upload_dir):
    @liveview_handler("save", uploads={"doc": Upload(max_files=1)})
    def save(consumer, content):
        pass

    async with LiveViewCommunicator(application) as comm:
        first = (await start(comm, "save"))["upload"]
        assert "too many files" in (await start(comm, "save"))["uploadError"]
        await comm.send_json_to({"upload": "cancel", "id": first, "function": "save"})
        second = await start(comm, "save")
        assert "uploadError" not in second
        assert files_in(upload_dir) == sorted(
            [f"{second['upload']}.json", f"{second['upload']}.part"]
        )


async def test_choosing_ten_other_files_is_not_rate_limited_on_default_settings(
    registry, upload_dir
):
    """The client cancels the ten uploads and starts ten others at once: twenty messages,
    as many as the default burst. The cancels of the socket's own uploads cost nothing."""

    @liveview_handler("save", uploads={"doc": Upload(max_files=10)})
    def save(consumer, content):
        pass

    async with LiveViewCommunicator(application) as comm:
        first = [(await start(comm, "save", name=f"f{i}.txt"))["upload"] for i in range(10)]
        for upload_id in first:
            await comm.send_json_to({"upload": "cancel", "id": upload_id, "function": "save"})
        for i in range(10):
            await comm.send_json_to(
                {"upload": "start", "key": f"s{i}", "function": "save", "field": "doc",
                 "name": f"s{i}.txt", "size": 10, "type": "text/plain"}
            )  # fmt: skip
        replies = [await comm.receive_json_from() for _ in range(10)]
    assert [r.get("key") for r in replies] == [f"s{i}" for i in range(10)], replies
    assert not [r for r in replies if "uploadError" in r or "error" in r]


async def test_cancels_of_uploads_that_are_not_the_sockets_own_pay_the_rate_limit(
    registry, upload_dir
):
    async with LiveViewCommunicator(application) as comm:
        for i in range(40):
            await comm.send_json_to({"upload": "cancel", "id": f"{i:032x}", "function": "save"})
        assert await comm.receive_json_from() == {"error": "too many messages; some were dropped"}


async def test_flood_across_inputs_sessions_and_sockets_is_bounded_per_client(registry, upload_dir):
    """An undeclared handler takes any input name: the per-user file count (by client
    address for anonymous users) still holds, whatever the number of names, sockets and
    sessions (anonymous sessions cost nothing to make)."""

    @liveview_handler("save")
    def save(consumer, content):
        pass

    with override_settings(LIVEVIEW={"UPLOAD_DIR": str(upload_dir), "RATE_LIMIT_BURST": 1000}):
        kept = 0
        for n in range(3):
            async with session_comm(f"session-{n}", client="203.0.113.9") as comm:
                for n in range(40):
                    kept += "uploadError" not in await start(comm, "save", field=f"f{n}", size=1)
        assert kept == 50  # UPLOAD_MAX_USER_FILES
        assert len(files_in(upload_dir)) == 100
        assert store.budget_used("client:203.0.113.9") == (50, 50)


async def test_process_total_is_bounded(registry, upload_dir):
    @liveview_handler("save")
    def save(consumer, content):
        pass

    limits = {"UPLOAD_DIR": str(upload_dir), "UPLOAD_MAX_PROCESS_BYTES": 1000}
    with override_settings(LIVEVIEW=limits):
        async with (
            LiveViewCommunicator(application) as one,
            LiveViewCommunicator(application) as two,
        ):
            assert "uploadError" not in await start(one, "save", size=600)
            assert "too many uploads" in (await start(two, "save", size=600))["uploadError"]


async def test_chunk_for_a_swept_upload_is_told_to_start_again(registry, upload_dir):
    import time

    @liveview_handler("save")
    def save(consumer, content):
        pass

    async with LiveViewCommunicator(application) as comm:
        upload_id = (await start(comm, "save", size=100))["upload"]
        store.sweep(time.monotonic() + 10_000)
        await comm.send_to(bytes_data=chunk(upload_id, 0, b"x" * 100))
        reply = await comm.receive_json_from()
        assert reply == {"upload": upload_id, "uploadError": "unknown upload; start again"}
    assert files_in(upload_dir) == []


async def test_sweep_leaves_an_upload_another_process_writes_to(registry, upload_dir):
    """Without Redis, processes of one machine share uploads through the directory: an
    upload this process saw abandoned but another process resumed (its bytes were
    written since) is forgotten here, not deleted under the other's writes."""

    @liveview_handler("save")
    def save(consumer, content):
        pass

    async with session_comm("s1") as comm:
        upload_id = (await start(comm, "save", size=100))["upload"]
        await comm.send_to(bytes_data=chunk(upload_id, 0, b"x" * 10))
        assert (await comm.receive_json_from())["offset"] == 10
    part = upload_dir / f"{upload_id}.part"
    later = os.stat(part).st_mtime + 5
    os.utime(part, (later, later))  # another process wrote the next chunk
    store.sweep(time.monotonic() + 10_000)
    assert len(store) == 0
    assert files_in(upload_dir) == sorted([f"{upload_id}.json", f"{upload_id}.part"])
    store.sweep(time.monotonic() + 10_000)  # nothing left here to remove it twice
    assert os.path.getsize(part) == 10
