"""The benchmark handlers, identical for this project and the original.

Written only against the documented API (``liveview_handler`` and ``send``), so
the same file is imported by both servers; each one's own virtualenv decides
which ``liveview`` package it is.
"""

from __future__ import annotations

from bench_common import hello_update

from liveview import liveview_handler, send


@liveview_handler("say_hello")
def say_hello(consumer, content):
    send(consumer, hello_update(content))


@liveview_handler("say_hello_async")
async def say_hello_async(consumer, content):
    # The original (2.5.0) calls handlers synchronously and never awaits a
    # coroutine, so this variant is reported n/a for it.
    send(consumer, hello_update(content))


@liveview_handler("broadcast_hello")
def broadcast_hello(consumer, content):
    send(consumer, hello_update(content), broadcast=True)
