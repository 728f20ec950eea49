"""The client safeguards and strict CSP pages: messages the client must handle with care."""

from __future__ import annotations

from typing import Any

from django.utils.html import format_html

from liveview import liveview_handler, send
from pages import catalogue


@liveview_handler("push_bad_url")
def push_bad_url(consumer: Any, content: dict[str, Any]) -> None:
    case = content["data"].get("case")
    if case not in catalogue.BAD_URLS:
        return
    html = format_html("The rest of the “{}” message was applied; the URL was not pushed.", case)
    send(consumer, {"target": "#bad-url-result", "html": html, "url": catalogue.BAD_URLS[case]})


@liveview_handler("send_proto_keys")
def send_proto_keys(consumer: Any, content: dict[str, Any]) -> None:
    # JSON.parse makes "__proto__" an ordinary own key; a client that merged or looked keys
    # up carelessly would pollute Object.prototype or act on the nested target.
    send(
        consumer,
        {
            "__proto__": {
                "target": "#proto-victim",
                "html": "polluted",
                "polluted": "yes",
                "script": 'document.getElementById("proto-victim").textContent = "polluted";',
            },
            "constructor": {"prototype": {"polluted": "yes"}},
            "target": "#proto-result",
            "html": "Applied: only the message's own documented keys were read.",
        },
    )


_HTML_SCRIPT = (
    "<span>waiting</span>"
    '<script>document.getElementById("html-script-out").textContent = "ran";</script>'
)


@liveview_handler("run_server_scripts")
def run_server_scripts(consumer: Any, content: dict[str, Any]) -> None:
    send(consumer, {"target": "#html-script-out", "html": _HTML_SCRIPT})
    send(consumer, {"script": 'document.getElementById("key-script-out").textContent = "ran";'})


@liveview_handler("csp_html_script")
def csp_html_script(consumer: Any, content: dict[str, Any]) -> None:
    html = (
        '<p class="csp-result">Waiting for the script.</p>'
        "<script>el.dataset.ran = 'yes';"
        ' el.querySelector(".csp-result").textContent = "Inserted and run under the strict CSP";'
        "</script>"
    )
    send(consumer, {"target": "#csp-target", "html": html})


@liveview_handler("csp_script_key")
def csp_script_key(consumer: Any, content: dict[str, Any]) -> None:
    send(consumer, {"script": 'document.getElementById("csp-key-out").textContent = "ran";'})


@liveview_handler("csp_echo")
def csp_echo(consumer: Any, content: dict[str, Any]) -> None:
    # Deliberately unsafe: the comment goes into the HTML unescaped, as a handler with an
    # injection bug would do. The page's CSP nonce must not make a <script> in it run.
    comment = str(content["form"].get("comment", ""))[:2000]
    send(consumer, {"target": "#csp-echo", "html": f"<p>{comment}</p>"})


@liveview_handler("measure")
def measure(consumer: Any, content: dict[str, Any]) -> None:
    size = len(str(content["form"].get("big", "")))
    send(consumer, {"target": "#measure-result", "html": f"The server got {size} characters."})
