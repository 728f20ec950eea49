"""JSON on the wire: orjson by default, the standard library elsewhere, same results."""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
from pathlib import Path

from liveview import protocol

SRC = Path(protocol.__file__).resolve().parents[1]

#: Frames as browsers send them and replies as handlers build them.
FRAMES = [
    '{"function":"say_hello","form":{"name":"Ada"},"data":{"userId":"1"},"lang":"en"}',
    '{"function":"x","form":{"bio":"line\\nbreak \\u00e9 \\ud83d\\ude00"},"ref":"r1"}',
    '{"function":"x","data":{"nested":{"camelCase":[1,2.5,true,null]}}}',
]
REPLIES = [
    {"target": "#greeting", "html": "<p>Héllo 😀</p>"},
    {"target": "#t", "data": {1: "int key", "2": "str key"}},  # json.dumps accepts int keys
    {"target": "#t", "data": {"big": 2**70}},  # over 64 bits: orjson refuses
    {"target": "#t", "data": [1.5, None, True, "x" * 300]},
]


def _encode_and_parse_in_a_process(block_orjson: bool) -> str:
    code = f"""
import sys, json
if {block_orjson!r}:
    sys.modules["orjson"] = None  # as on an interpreter without the wheel
from liveview import protocol
out = {{
    "have_orjson": protocol.HAVE_ORJSON,
    "parsed": [protocol.parse(f) for f in {FRAMES!r}],
    "encoded": [protocol.dumps(r) for r in {REPLIES!r}],
}}
print(json.dumps(out, sort_keys=True))
"""
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": str(SRC)},
    )
    return result.stdout


def test_the_default_install_brings_orjson_on_cpython():
    project = tomllib.loads((SRC.parent / "pyproject.toml").read_text())["project"]
    orjson = [r for r in project["dependencies"] if r.startswith("orjson")]
    assert orjson == ["orjson>=3.9; platform_python_implementation == 'CPython'"]
    assert protocol.HAVE_ORJSON


def test_standard_library_fallback_parses_and_encodes_the_same():
    fast = json.loads(_encode_and_parse_in_a_process(block_orjson=False))
    fallback = json.loads(_encode_and_parse_in_a_process(block_orjson=True))
    assert fast["have_orjson"] is True
    assert fallback["have_orjson"] is False
    assert fast["parsed"] == fallback["parsed"]
    assert [json.loads(e) for e in fast["encoded"]] == [json.loads(e) for e in fallback["encoded"]]


def test_replies_json_dumps_accepts_are_encoded_with_orjson_installed():
    assert json.loads(protocol.dumps({"data": {1: "a"}})) == {"data": {"1": "a"}}
    assert json.loads(protocol.dumps({"n": 2**70})) == {"n": 2**70}
