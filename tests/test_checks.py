from __future__ import annotations

from django.core.checks import run_checks
from django.test import override_settings


def liveview_messages():
    return [
        m
        for m in run_checks(include_deployment_checks=True)
        if m.id and m.id.startswith("liveview.")
    ]


@override_settings(ALLOWED_HOSTS=["*"], DEBUG=False)
def test_wildcard_allowed_hosts_without_debug_warns():
    (message,) = liveview_messages()
    assert message.id == "liveview.W001"
    assert "ALLOWED_HOSTS" in message.msg


@override_settings(ALLOWED_HOSTS=["*"], DEBUG=True)
def test_wildcard_allowed_hosts_with_debug_is_fine():
    assert liveview_messages() == []


@override_settings(ALLOWED_HOSTS=["example.com"], DEBUG=False)
def test_real_allowed_hosts_are_fine():
    assert liveview_messages() == []
