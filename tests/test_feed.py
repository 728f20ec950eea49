"""Numbered group frames and their replay to tabs that come back (feed.py), in one
process: the log's bounds, the resume protocol, and what a socket may ask for."""

from __future__ import annotations

import base64
import json

import pytest
from channels.routing import URLRouter

from liveview import apush, feed, join, liveview_handler, send
from liveview.feed import Feed, parse_positions
from liveview.groups import topic_group
from liveview.routing import get_liveview_urlpatterns
from liveview.testing import LiveViewCommunicator

pytestmark = pytest.mark.django_db(transaction=True)
application = URLRouter(get_liveview_urlpatterns())


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def seq_of(text):
    return json.loads(text)["seq"]


def test_frames_are_numbered_per_group_in_one_epoch():
    log = Feed(Clock())
    a1, b1, a2 = (log.stamp(g, '{"html":"x"}') for g in ("a", "b", "a"))
    assert [seq_of(t)["n"] for t in (a1, b1, a2)] == [1, 1, 2]
    assert seq_of(a1)["epoch"] == seq_of(a2)["epoch"] != seq_of(b1)["epoch"]
    assert json.loads(a1)["html"] == "x"
    assert log.stamp("a", "[1, 2]") == "[1, 2]"  # not an object: neither numbered nor logged
    assert log.position("a") == (seq_of(a2)["epoch"], 2)


def test_since_replays_in_order_or_says_it_cannot():
    clock = Clock()
    log = Feed(clock)
    frames = [log.stamp("g", json.dumps({"html": str(i)})) for i in range(5)]
    epoch = seq_of(frames[0])["epoch"]
    assert log.since("g", (epoch, 2)) == frames[2:]
    assert log.since("g", (epoch, 5)) == []
    assert log.since("g", ("another-epoch", 2)) is None  # another process, or a new log
    assert log.since("unknown", (epoch, 0)) is None
    clock.now += feed.MAX_AGE + 1
    assert log.since("g", (epoch, 2)) is None  # too old: the frames are gone


def test_the_log_is_bounded_in_frames_and_characters():
    log = Feed(Clock(), max_frames=3, max_chars=250)
    frames = [log.stamp("g", json.dumps({"html": str(i)})) for i in range(5)]
    epoch = seq_of(frames[0])["epoch"]
    assert log.since("g", (epoch, 2)) == frames[2:]
    assert log.since("g", (epoch, 1)) is None
    big = [log.stamp("h", json.dumps({"html": "x" * 40})) for _ in range(3)]
    assert 200 < sum(map(len, big)) <= 250 + len(big[0])  # two of them fit
    assert log.since("h", (seq_of(big[0])["epoch"], 0)) is None
    assert log.since("h", (seq_of(big[0])["epoch"], 1)) == big[1:]


def test_idle_groups_are_forgotten():
    clock = Clock()
    log = Feed(clock)
    old = log.stamp("old", '{"html":"x"}')
    clock.now += feed.MAX_AGE + 1
    log.stamp("new", '{"html":"y"}')
    assert log.position("old") is None
    assert log.since("old", (seq_of(old)["epoch"], 0)) is None


@pytest.mark.parametrize(
    "raw",
    ["", "not json", "[]", '{"g": "x"}', '{"g": ["e", -1]}', '{"g": ["e", 1.5]}', '{"g": ["e"]}'],
)
def test_malformed_positions_are_ignored(raw):
    assert parse_positions(raw) == {}


def test_positions_are_bounded_in_count():
    raw = json.dumps({f"g{i}": ["e", i] for i in range(100)})
    assert len(parse_positions(raw)) == feed.MAX_REPORTED_GROUPS


# Through the consumer ---------------------------------------------------------------


def resuming(positions=None):
    """The subprotocols liveview.js offers: resuming, from the positions it applied
    (``{}`` on a first visit)."""
    encoded = base64.urlsafe_b64encode(json.dumps(positions or {}).encode()).decode()
    return ["liveview.resume", "liveview.since." + encoded.rstrip("=")]


async def next_frame(comm):
    """The next frame with something to apply (not only a group's position)."""
    while True:
        frame = await comm.receive_json_from()
        if set(frame) != {"seq"}:
            return frame


async def only_positions(comm):
    """True when all the socket got since is the positions of the groups it joined."""
    frames = []
    while not await comm.receive_nothing():
        frames.append(await comm.receive_json_from())
    return all(set(frame) == {"seq"} for frame in frames)


@pytest.fixture
def handlers(registry):
    @liveview_handler("enter")
    def enter(consumer, content):
        join(consumer, content["data"]["topic"])
        send(consumer, {"joined": True})


async def test_resuming_tabs_get_numbered_frames_others_get_them_as_sent():
    async with (
        LiveViewCommunicator(application, subprotocols=resuming()) as tab,
        LiveViewCommunicator(application) as plain,
    ):
        await push_broadcast("one")
        stamped = await next_frame(tab)
        assert stamped["html"] == "one"
        assert stamped["seq"]["group"] == "broadcast"
        assert stamped["seq"]["n"] >= 1
        assert await plain.receive_json_from() == {"html": "one"}


async def push_broadcast(html):
    await apush({"html": html}, broadcast=True)


async def test_a_tab_that_comes_back_gets_what_it_missed_in_order_before_live_frames():
    async with LiveViewCommunicator(application, subprotocols=resuming()) as tab:
        await push_broadcast("before")
        seq = (await next_frame(tab))["seq"]
    async with LiveViewCommunicator(application) as other:  # keeps the process publishing
        for index in range(5):
            await push_broadcast(f"missed {index}")
        position = {"broadcast": [seq["epoch"], seq["n"]]}
        async with LiveViewCommunicator(application, subprotocols=resuming(position)) as back:
            await push_broadcast("live")
            got = [await next_frame(back) for _ in range(6)]
            assert [m["html"] for m in got] == [f"missed {i}" for i in range(5)] + ["live"]
            assert [m["seq"]["n"] for m in got] == list(range(seq["n"] + 1, seq["n"] + 7))
            assert await only_positions(back)
        del other


async def test_a_gap_older_than_the_log_is_announced_as_resync(settings):
    settings.LIVEVIEW = {"FEED_MAX_FRAMES": 3}
    async with LiveViewCommunicator(application, subprotocols=resuming()) as tab:
        await push_broadcast("before")
        seq = (await next_frame(tab))["seq"]
    for index in range(5):
        await push_broadcast(f"missed {index}")
    position = {"broadcast": [seq["epoch"], seq["n"]]}
    async with LiveViewCommunicator(application, subprotocols=resuming(position)) as back:
        frame = await next_frame(back)
        assert set(frame) == {"resync"}
        epoch, last = frame["resync"]["broadcast"]
        assert epoch == seq["epoch"]
        assert last == seq["n"] + 5
        assert await only_positions(back)


async def test_a_topic_joined_later_replays_from_the_reported_position(handlers):
    group = topic_group("news")
    async with LiveViewCommunicator(application, subprotocols=resuming()) as tab:
        await tab.call("enter", data={"topic": "news"})
        assert await next_frame(tab) == {"joined": True}
        await apush({"html": "first"}, topic="news")
        seq = (await next_frame(tab))["seq"]
        assert seq["group"] == group
        async with LiveViewCommunicator(application, subprotocols=resuming()) as keeper:
            await keeper.call("enter", data={"topic": "news"})
            assert await next_frame(keeper) == {"joined": True}
    await apush({"html": "second"}, topic="news")
    position = {group: [seq["epoch"], seq["n"]]}
    async with LiveViewCommunicator(application, subprotocols=resuming(position)) as back:
        assert await only_positions(back)  # not a member: nothing of the topic
        await back.call("enter", data={"topic": "news"})
        got = [await next_frame(back) for _ in range(2)]
        assert got[0]["html"] == "second"
        assert got[0]["seq"]["n"] == seq["n"] + 1
        assert got[1] == {"joined": True}


async def test_positions_for_groups_never_joined_deliver_nothing(handlers):
    async with LiveViewCommunicator(application, subprotocols=resuming()) as member:
        await member.call("enter", data={"topic": "someone else's topic"})
        assert await next_frame(member) == {"joined": True}
        await apush({"html": "private"}, topic="someone else's topic")
        seq = (await next_frame(member))["seq"]
        # The snoop knows the group's name and log: it still is not a member.
        position = {seq["group"]: [seq["epoch"], 0]}
        async with LiveViewCommunicator(application, subprotocols=resuming(position)) as snoop:
            assert await only_positions(snoop)


async def test_a_tab_that_applied_nothing_yet_still_resumes_from_its_join():
    async with LiveViewCommunicator(application, subprotocols=resuming()) as tab:
        first = await tab.receive_json_from()
        assert set(first) == {"seq"}  # where the broadcast log stood when it joined
        assert first["seq"]["group"] == "broadcast"
    async with LiveViewCommunicator(application) as other:
        await push_broadcast("while away")
        del other
    seq = first["seq"]
    position = {"broadcast": [seq["epoch"], seq["n"]]}
    async with LiveViewCommunicator(application, subprotocols=resuming(position)) as back:
        frame = await next_frame(back)
        assert frame["html"] == "while away"
        assert frame["seq"]["n"] == seq["n"] + 1


async def test_frames_between_the_render_and_the_socket_are_delivered():
    from asgiref.sync import sync_to_async
    from django.template import Context, Template

    template = Template('{% load liveview %}<html data-room="{% liveview_room_uuid %}">')
    async with LiveViewCommunicator(application) as other:  # the process serves broadcast
        await push_broadcast("before the render")
        html = await sync_to_async(template.render)(Context({}))
        room = html.split('data-room="')[1].split('"')[0]
        await push_broadcast("between render and socket")
        async with LiveViewCommunicator(application, room, subprotocols=resuming()) as tab:
            frame = await next_frame(tab)
            assert frame["html"] == "between render and socket"
            await push_broadcast("live")
            assert (await next_frame(tab))["html"] == "live"
        del other
