from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from liveview import protocol
from liveview.exceptions import ProtocolError
from liveview.protocol import dumps, parse, to_snake


@pytest.mark.parametrize(
    ("camel", "snake"),
    [
        ("commentId", "comment_id"),
        ("formId", "form_id"),
        ("scrollTop", "scroll_top"),
        ("already_snake", "already_snake"),
        ("dataCommentId", "data_comment_id"),
        ("HTMLParser", "html_parser"),
        ("userID2", "user_id2"),
        ("name", "name"),
    ],
)
def test_to_snake(camel, snake):
    assert to_snake(camel) == snake


def test_parse_minimal_message_gets_empty_form_and_data():
    assert parse('{"function": "f"}') == {"function": "f", "form": {}, "data": {}}


def test_parse_converts_keys_recursively():
    msg = parse(
        json.dumps(
            {
                "function": "f",
                "formId": "x",
                "form": {"firstName": "A"},
                "data": {"nested": {"innerKey": [{"deepKey": 1}]}},
            }
        )
    )
    assert msg["form_id"] == "x"
    assert msg["form"] == {"first_name": "A"}
    assert msg["data"]["nested"] == {"inner_key": [{"deep_key": 1}]}


def test_parse_data_prefix_gets_documented_alias():
    msg = parse(json.dumps({"function": "f", "data": {"dataCommentId": "123"}}))
    assert msg["data"]["comment_id"] == "123"
    assert msg["data"]["data_comment_id"] == "123"


def test_parse_alias_never_overwrites_a_sent_key():
    msg = parse(json.dumps({"function": "f", "data": {"dataId": "1", "id": "2"}}))
    assert msg["data"]["id"] == "2"


@pytest.mark.parametrize(
    ("frame", "message"),
    [
        ("not json", "invalid JSON"),
        ("[1, 2]", "expected a JSON object, got array"),
        ('"text"', "expected a JSON object, got string"),
        ("null", "expected a JSON object, got null"),
        ("{}", "'function' must be a non-empty string"),
        ('{"function": ""}', "'function' must be a non-empty string"),
        ('{"function": 5}', "'function' must be a non-empty string"),
        ('{"function": "f", "form": []}', "'form' must be an object, got array"),
        ('{"function": "f", "data": "x"}', "'data' must be an object, got string"),
    ],
)
def test_parse_rejects(frame, message):
    with pytest.raises(ProtocolError, match=message):
        parse(frame)


def test_parse_rejects_deep_nesting():
    frame = '{"function": "f", "data": ' + '{"a": ' * 40 + "1" + "}" * 40 + "}"
    with pytest.raises(ProtocolError, match="nested deeper"):
        parse(frame, max_depth=32)


def test_parse_rejects_extreme_nesting_without_recursion_error():
    frame = "[" * 100_000 + "]" * 100_000
    with pytest.raises(ProtocolError):
        parse(frame)


def test_parse_rejects_too_many_keys():
    data = {f"k{i}": i for i in range(50)}
    with pytest.raises(ProtocolError, match="too many keys"):
        parse(json.dumps({"function": "f", "data": data}), max_keys=20)


def test_parse_counts_array_items_against_max_keys():
    frame = json.dumps({"function": "f", "data": {"x": [[]] * 30}})
    with pytest.raises(ProtocolError, match="too many keys"):
        parse(frame, max_keys=20)


def test_parse_rejects_a_max_size_frame_of_empty_arrays_at_default_limits():
    # 64 KB of "[]," would otherwise expand to about 20,000 list objects (1.4 MB).
    frame = json.dumps({"function": "f", "data": {"x": [[]] * 21_000}}, separators=(",", ":"))
    assert len(frame) < 64 * 1024
    with pytest.raises(ProtocolError, match="too many keys"):
        parse(frame)


def test_parse_counts_empty_objects_as_nodes():
    frame = json.dumps({"function": "f", "data": {"x": [{}] * 30}})
    with pytest.raises(ProtocolError, match="too many keys"):
        parse(frame, max_keys=20)


def test_snake_cache_never_holds_more_than_its_character_bound():
    # What an attacker sends: unique camelCase keys, long ones and many short ones.
    for i in range(300):
        parse(json.dumps({"function": "f", "data": {f"longKey{i}" + "X" * 1000: 1}}))
    for i in range(60_000):
        to_snake(f"someKey{i}")
    held = sum(len(k) + len(v) for k, v in protocol._SNAKE_CACHE.items())
    assert held <= 256 * 1024  # about 0.5 MB with str overhead, whatever clients send
    assert held == protocol.snake_cache_chars()


def test_snake_cache_skips_keys_longer_than_its_key_bound():
    key = "veryLong" + "Key" * 40
    assert to_snake(key) == "very_long" + "_key" * 40
    assert key not in protocol._SNAKE_CACHE


def test_dumps_is_compact_and_unicode():
    assert dumps({"html": "¡hola!", "append": True}) == '{"html":"¡hola!","append":true}'


_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda children: st.lists(children) | st.dictionaries(st.text(), children),
    max_leaves=30,
)


@settings(max_examples=300, deadline=None)
@given(st.one_of(_json.map(json.dumps), st.text()))
def test_parse_fuzz_raises_only_protocol_error(frame):
    try:
        message = parse(frame)
    except ProtocolError:
        return
    assert isinstance(message["function"], str)
    assert isinstance(message["form"], dict)
    assert isinstance(message["data"], dict)
