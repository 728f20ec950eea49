from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from liveview.conf import config


def test_defaults():
    cfg = config.get()
    assert cfg.max_message_size == 65536
    assert cfg.max_depth == 32
    assert cfg.max_keys == 1000
    assert cfg.debug is False


def test_setting_change_is_picked_up():
    with override_settings(DEBUG=True, LIVEVIEW={"MAX_DEPTH": 5}):
        assert config.get().debug is True
        assert config.get().max_depth == 5
    assert config.get().max_depth == 32


def test_unknown_key_names_valid_choices():
    with (
        override_settings(LIVEVIEW={"MAX_SIZE": 5}),
        pytest.raises(ImproperlyConfigured, match="MAX_MESSAGE_SIZE"),
    ):
        config.get()


def test_bad_value_is_named():
    with (
        override_settings(LIVEVIEW={"MAX_DEPTH": 0}),
        pytest.raises(ImproperlyConfigured, match="MAX_DEPTH"),
    ):
        config.get()
