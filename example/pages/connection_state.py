"""State a demo keeps per open socket (a counter, a position), gone with the socket."""

from __future__ import annotations

import threading
from typing import Any
from weakref import WeakKeyDictionary

_states: WeakKeyDictionary[Any, dict[str, Any]] = WeakKeyDictionary()
_lock = threading.Lock()


def state_of(consumer: Any) -> dict[str, Any]:
    # Sync handlers run in worker threads; one lock keeps setdefault safe.
    with _lock:
        return _states.setdefault(consumer, {})


def bump(consumer: Any, key: str) -> int:
    """Add one to the socket's counter ``key`` and return the new value."""
    with _lock:
        state = _states.setdefault(consumer, {})
        state[key] = state.get(key, 0) + 1
        return int(state[key])
