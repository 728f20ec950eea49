"""Presence (issue #5): who is in a topic, updates on join/leave/disconnect, dead processes."""

from __future__ import annotations

import pytest
from channels.routing import URLRouter
from django.test import override_settings

from liveview import liveview_handler, send
from liveview.presence import apresent, present, track, untrack
from liveview.routing import get_liveview_urlpatterns
from liveview.testing import LiveViewCommunicator

pytestmark = pytest.mark.django_db(transaction=True)
application = URLRouter(get_liveview_urlpatterns())


@pytest.fixture
def lobby(registry):
    @liveview_handler("enter")
    def enter(consumer, content):
        track(
            consumer,
            "lobby",
            {"name": content["data"]["name"]},
            template="presence/who.html",
            target="#who",
        )

    @liveview_handler("quiet_enter")
    async def quiet_enter(consumer, content):
        track(consumer, "lobby", {"name": content["data"]["name"]})
        send(consumer, {"entered": True})

    @liveview_handler("go_away")
    def go_away(consumer, content):
        untrack(consumer, "lobby")

    @liveview_handler("who")
    def who(consumer, content):
        send(consumer, {"names": sorted(m["name"] for m in present("lobby"))})


async def next_list(comm):
    frame = await comm.receive_json_from(timeout=5)
    assert frame["target"] == "#who", frame
    return frame["html"]


async def test_join_and_disconnect_update_everyone(lobby):
    async with LiveViewCommunicator(application) as ada:
        await ada.call("enter", data={"name": "Ada"})
        assert "Ada" in await next_list(ada)
        bob = LiveViewCommunicator(application)
        await bob.connect()
        await bob.call("enter", data={"name": "Bob"})
        for comm in (ada, bob):
            html = await next_list(comm)
            assert 'data-count="2"' in html
            assert "Ada" in html
            assert "Bob" in html
        await bob.disconnect()
        html = await next_list(ada)
        assert 'data-count="1"' in html
        assert "Bob" not in html


async def test_untrack_removes_but_keeps_subscription(lobby):
    async with LiveViewCommunicator(application) as ada, LiveViewCommunicator(application) as bob:
        await ada.call("enter", data={"name": "Ada"})
        await next_list(ada)
        await bob.call("enter", data={"name": "Bob"})
        await next_list(ada)
        await next_list(bob)
        await bob.call("go_away")
        assert "Bob" not in await next_list(ada)
        assert "Bob" not in await next_list(bob)  # still subscribed to the topic


async def test_present_from_sync_handler_and_apresent(lobby):
    async with LiveViewCommunicator(application) as ada:
        await ada.call("quiet_enter", data={"name": "Ada"})
        assert await ada.receive_json_from() == {"entered": True}
        await ada.call("who")
        assert await ada.receive_json_from() == {"names": ["Ada"]}
        assert [m["name"] for m in await apresent("lobby")] == ["Ada"]


async def test_present_in_async_code_says_to_use_apresent(lobby):
    async with LiveViewCommunicator(application) as ada:
        await ada.call("quiet_enter", data={"name": "Ada"})
        await ada.receive_json_from()
        with pytest.raises(RuntimeError, match="apresent"):
            present("lobby")


def test_track_checks_arguments():
    with pytest.raises(TypeError, match="together"):
        track(object(), "t", {}, template="x.html")
    with pytest.raises(TypeError):
        track(object(), "t", {"bad": object()})


async def test_redis_presence_across_hubs_and_dead_process_cleanup(registry, redis_server):
    """Two hubs on one Redis stand for two processes; deleting one's liveness key
    stands for that process being killed."""
    from channels.layers import channel_layers, get_channel_layer

    from liveview.hub import get_hub
    from liveview.presence import presence_of

    layers = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": [redis_server.url]},
        },
        "other": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": [redis_server.url]},
        },
    }
    with override_settings(CHANNEL_LAYERS=layers):
        first = presence_of(get_hub(get_channel_layer()))
        second = presence_of(get_hub(channel_layers["other"]))
        group = "liveview.topic.test-presence"
        await first.redis.delete("liveview:presence:" + group)
        await first.track(group, "s1", {"name": "Ada"})
        await second.track(group, "s2", {"name": "Bob"})
        assert sorted(m["name"] for m in await first.members(group)) == ["Ada", "Bob"]
        # The second "process" dies: its liveness key expires (deleted here instead of
        # waiting ALIVE_TTL seconds), and its entries drop out of every list.
        await first.redis.delete("liveview:presence:alive:" + second.hub.origin)
        assert [m["name"] for m in await first.members(group)] == ["Ada"]
        assert await first.redis.hlen("liveview:presence:" + group) == 1  # and were deleted
        ttl = await first.redis.ttl("liveview:presence:alive:" + first.hub.origin)
        assert 0 < ttl <= first.ttl == 15
        for presence in (first, second):
            await presence.hub.aclose()


async def test_track_with_unchanged_meta_sends_nothing(lobby):
    async with LiveViewCommunicator(application) as ada, LiveViewCommunicator(application) as bob:
        await ada.call("enter", data={"name": "Ada"})
        await next_list(ada)
        await bob.call("enter", data={"name": "Bob"})
        await next_list(ada)
        await next_list(bob)
        for _ in range(5):
            await bob.call("enter", data={"name": "Bob"})
        assert await ada.receive_nothing(timeout=0.5)


async def test_another_template_for_the_same_topic_does_not_take_it_over(lobby, caplog):
    @liveview_handler("enter_elsewhere")
    def enter_elsewhere(consumer, content):
        track(consumer, "lobby", {"name": "Eve"}, template="presence/other.html", target="#x")

    async with LiveViewCommunicator(application) as ada, LiveViewCommunicator(application) as eve:
        await ada.call("enter", data={"name": "Ada"})
        await next_list(ada)
        await eve.call("enter_elsewhere")
        html = await next_list(ada)  # still the lobby's own template and target
        assert "Eve" in html
        assert "already renders presence/who.html" in caplog.text
