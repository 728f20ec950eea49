"""The floor: a raw ASGI WebSocket app doing the benchmark's work with no framework.

Same messages in and out as the liveview servers: ``say_hello`` and
``say_hello_async`` answer ``{"target": "#greeting", "html": ...}`` (the same
``bench_common.render_greeting``), ``broadcast_hello`` sends that update to every
open socket: directly in memory, or through one Redis PUBLISH and one subscriber
per process when ``REDIS_URL`` is set. It checks the Origin header (as the
liveview servers' AllowedHostsOriginValidator does), parses JSON (orjson when
available) and keeps one set of open sockets. Nothing else: no routing, no
middleware, no channel layer, no worker threads. GET / serves a page with a
few lines of inline JavaScript, the floor of the browser scenario.
"""

from __future__ import annotations

import asyncio
import os

from bench_common import hello_update

try:
    import orjson

    def dumps(data):
        return orjson.dumps(data).decode()

    loads = orjson.loads
except ImportError:  # pragma: no cover
    import json

    dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    loads = json.loads

ALLOWED_ORIGINS = {b"http://127.0.0.1", b"http://localhost"}
REDIS_URL = os.environ.get("REDIS_URL")
CHANNEL = "bench.floor.broadcast"

_sockets: set = set()
_redis = None
_subscriber: asyncio.Task | None = None

PAGE = b"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>floor</title></head>
<body>
<div><input type="text" name="name" value="Browser">
<button id="hello">Say hello</button></div>
<div id="greeting"></div>
<script>
const ws = new WebSocket(`ws://${location.host}/ws/liveview/floor/`);
window.myWebSocket = ws;
ws.onmessage = (e) => {
  const m = JSON.parse(e.data);
  const el = m.target && document.querySelector(m.target);
  if (el && m.html !== undefined) el.innerHTML = m.html;
};
document.getElementById("hello").addEventListener("click", (e) => {
  e.preventDefault();
  const name = document.querySelector("input[name=name]").value;
  ws.send(JSON.stringify({function: "say_hello", form: {name}, data: {}, lang: "en", room: "floor"}));
});
</script>
</body></html>
"""


def _origin_ok(scope) -> bool:
    for key, value in scope.get("headers", ()):
        if key == b"origin":
            return value.rsplit(b":", 1)[0] in ALLOWED_ORIGINS or value in ALLOWED_ORIGINS
    return False


async def _fan_out(text: str) -> None:
    message = {"type": "websocket.send", "text": text}
    for send in list(_sockets):
        try:
            await send(message)
        except Exception:  # closed meanwhile
            _sockets.discard(send)


async def _subscribe() -> None:
    pubsub = _redis.pubsub()
    await pubsub.subscribe(CHANNEL)
    async for item in pubsub.listen():
        if item.get("type") == "message":
            data = item["data"]
            await _fan_out(data.decode() if isinstance(data, bytes) else data)


async def _ensure_redis() -> None:
    global _redis, _subscriber
    if _redis is None:
        import redis.asyncio as aioredis

        _redis = aioredis.from_url(REDIS_URL)
        _subscriber = asyncio.get_running_loop().create_task(_subscribe())
        await asyncio.sleep(0.05)  # let the SUBSCRIBE land before the first PUBLISH


async def _http(scope, receive, send) -> None:
    if scope["path"] == "/":
        body, status, ctype = PAGE, 200, b"text/html; charset=utf-8"
    else:
        body, status, ctype = b"not found", 404, b"text/plain"
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", ctype), (b"content-length", str(len(body)).encode())],
        }
    )
    await send({"type": "http.response.body", "body": body})


async def application(scope, receive, send) -> None:
    kind = scope["type"]
    if kind == "http":
        await _http(scope, receive, send)
        return
    if kind != "websocket":
        return
    await receive()  # websocket.connect
    if not _origin_ok(scope):
        await send({"type": "websocket.close", "code": 1008})
        return
    if REDIS_URL:
        await _ensure_redis()
    await send({"type": "websocket.accept"})
    _sockets.add(send)
    try:
        while True:
            message = await receive()
            if message["type"] != "websocket.receive":
                break
            text = message.get("text")
            if text is None:
                continue
            content = loads(text)
            function = content.get("function")
            if function == "say_hello" or function == "say_hello_async":
                await send({"type": "websocket.send", "text": dumps(hello_update(content))})
            elif function == "broadcast_hello":
                out = dumps(hello_update(content))
                if REDIS_URL:
                    await _redis.publish(CHANNEL, out)
                else:
                    await _fan_out(out)
            else:
                await send({"type": "websocket.send", "text": dumps({"error": "Unknown function"})})
    finally:
        _sockets.discard(send)
