"""Closes sockets whose credentials are gone, with close code 4401.

- Logout over HTTP (``user_logged_out``): every socket of that user.
- A password change (``set_password`` then ``save``) or deactivation
  (``is_active`` saved as False): every socket of that user. New handshakes are
  refused by channels' ``AuthMiddleware`` already, which checks the session's auth
  hash (it no longer matches after a password change) and the session's expiry.
- Session expiry: each socket remembers when its session expires; once that time
  has passed the session is looked up again (another request may have extended
  it) and the socket is closed if it is gone or expired.

Users are reached through their user group on the channel layer, so every process
closes its own sockets of that user.
"""

from __future__ import annotations

import asyncio
import logging
import time
import weakref
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from asgiref.sync import async_to_sync, sync_to_async
from channels.layers import get_channel_layer
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.signals import user_logged_out
from django.core.exceptions import SynchronousOnlyOperation
from django.db.models.signals import post_save
from django.dispatch import receiver

from liveview import _compat, workers
from liveview.groups import user_group
from liveview.protocol import GroupEvent

if TYPE_CHECKING:
    from liveview.consumers import LiveViewConsumer

logger = logging.getLogger(__name__)

#: Seconds between two looks at a session that should have expired but was still
#: valid (extended by another request); also the least delay between two sweeps.
SESSION_RECHECK = 60.0
_MIN_SWEEP = 1.0


def revoke_user(pk: Any, reason: str) -> None:
    """Close every socket of the user ``pk`` on every process (sync code)."""
    layer = get_channel_layer()
    if layer is None:
        return
    group = user_group(pk)
    event: GroupEvent = {
        "type": "liveview.group",
        "group": group,
        "origin": reason,
        "action": "revoke",
    }
    try:
        # Through the layer even in this process: every process's hub hears it.
        async_to_sync(layer.group_send)(group, event)
    except Exception:
        # Logging out or saving a user must succeed even when the channel layer is down.
        logger.exception("Could not close the sockets of user %s (%s).", pk, reason)


@receiver(user_logged_out, dispatch_uid="liveview.revoke_on_logout")
def close_sockets_on_logout(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is None or user.pk is None:
        return
    pk = user.pk
    session = getattr(request, "session", None)
    if session is None:
        revoke_user(pk, "logout")
        return
    # Django sends user_logged_out *before* it flushes the session: a tab told now
    # reconnects (and fetches a fresh room) while the old session is still valid, and
    # is served as the user who just logged out. So the sockets are closed once the
    # session is flushed, as logout() and alogout() always do next.
    _after_flush(session, lambda: revoke_user(pk, "logout"))


def _after_flush(session: Any, then: Callable[[], None]) -> None:
    """Run ``then`` right after this session object's next ``flush``/``aflush``."""
    flush, aflush = session.flush, getattr(session, "aflush", None)

    def done() -> None:
        del session.flush  # the class's methods again
        if aflush is not None:
            del session.aflush
        then()

    def flushed() -> None:
        try:
            flush()
        finally:
            done()

    async def aflushed() -> None:
        try:
            assert aflush is not None
            await aflush()
        finally:
            await sync_to_async(done)()

    session.flush = flushed
    if aflush is not None:
        session.aflush = aflushed


@receiver(post_save, dispatch_uid="liveview.revoke_on_credentials_change")
def close_sockets_on_credentials_change(
    sender: Any, instance: Any, created: bool = False, **kwargs: Any
) -> None:
    if created or not isinstance(instance, AbstractBaseUser) or instance.pk is None:
        return
    if _compat.password_was_set(instance):
        revoke_user(instance.pk, "password change")
    elif getattr(instance, "is_active", True) is False:
        revoke_user(instance.pk, "deactivation")


# Session expiry -----------------------------------------------------------------------


class _Sweeper:
    """The sockets of one event loop with the time their session expires; one timer,
    set for the earliest. Sockets are held weakly: a closed one simply drops out."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.loop = loop
        self.expiry: weakref.WeakKeyDictionary[LiveViewConsumer, tuple[float, Any, str]] = (
            weakref.WeakKeyDictionary()
        )
        self._timer: asyncio.TimerHandle | None = None
        self._due = float("inf")
        self._task: asyncio.Task[None] | None = None

    def add(self, consumer: LiveViewConsumer, at: float, store_class: Any, key: str) -> None:
        self.expiry[consumer] = (at, store_class, key)
        self._arm(at)

    def _arm(self, at: float) -> None:
        if at >= self._due:
            return
        if self._timer is not None:
            self._timer.cancel()
        self._due = at
        delay = max(_MIN_SWEEP, at - time.time())
        self._timer = self.loop.call_later(delay, self._fire)

    def _fire(self) -> None:
        self._timer, self._due = None, float("inf")
        if self._task is None:
            self._task = self.loop.create_task(self._sweep())

    async def _sweep(self) -> None:
        try:
            now = time.time()
            for consumer, (at, store_class, key) in list(self.expiry.items()):
                if consumer.closed:
                    self.expiry.pop(consumer, None)
                elif at <= now:
                    if await workers.pool.run(_session_alive, store_class, key):
                        self.expiry[consumer] = (now + SESSION_RECHECK, store_class, key)
                    else:
                        self.expiry.pop(consumer, None)
                        logger.info("Closing a socket: its session expired.")
                        consumer._revoke()
            if self.expiry:
                self._arm(min(at for at, _, _ in self.expiry.values()))
        except Exception:
            logger.exception("Checking session expiry failed; retrying later.")
            self._arm(time.time() + SESSION_RECHECK)
        finally:
            self._task = None


def _session_alive(store_class: Any, key: str) -> bool:
    """Whether the session ``key`` still exists and has not expired (worker thread)."""
    return bool(store_class(key).load())


_sweepers: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, _Sweeper] = (
    weakref.WeakKeyDictionary()
)


def watch_session(consumer: LiveViewConsumer, session: Any) -> None:
    """Close ``consumer`` with 4401 once its session has expired (event loop thread;
    the session's data must already be loaded, as channels' AuthMiddleware does)."""
    key = getattr(session, "session_key", None)
    if not key:
        return
    try:
        at = session.get_expiry_date().timestamp()
    except SynchronousOnlyOperation:  # not loaded yet (no AuthMiddleware): not watched
        logger.debug("Session data not loaded at the handshake; expiry not watched.")
        return
    loop = asyncio.get_running_loop()
    sweeper = _sweepers.get(loop)
    if sweeper is None:
        sweeper = _sweepers[loop] = _Sweeper(loop)
    # ``__class__``, not ``type()``: channels wraps the session in a LazyObject.
    sweeper.add(consumer, at, session.__class__, key)
