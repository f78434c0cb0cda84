"""Slow Keitaro reads shown the way a person expects: the screen says "building…" at once and is
edited in place when the result (or the error) is in.

A getter asks :func:`load` for a key (e.g. a hash of the report setup). The first time it starts
the fetch as a task and returns ``None`` — the window renders its "building…" text. When the task
ends, a background dialog update re-renders the same message with the result. Results are kept per
user in memory for :data:`TTL_SECONDS` (paging, CSV and chart use them without asking the tracker
again); "Refresh" calls :func:`forget`. After a restart the cache is empty and the next render
simply fetches again.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from aiogram_dialog import DialogManager

from handlers.ui import keitaro_error_key, user_id_of
from keitaro import errors as kerr

log = logging.getLogger(__name__)

TTL_SECONDS = 600.0
MAX_ENTRIES = 500


@dataclass
class Loaded:
    """A finished fetch: ``value`` on success, else ``error`` = (locale key, args)."""

    value: Any = None
    error: tuple[str, dict[str, str]] | None = None
    at: float = 0.0

    @property
    def ok(self) -> bool:
        return self.error is None


_DONE: OrderedDict[tuple[int, str], Loaded] = OrderedDict()
_RUNNING: dict[tuple[int, str], asyncio.Task[None]] = {}
_READY: dict[tuple[int, str], asyncio.Event] = {}  # set once the result is stored


def peek(user_id: int, key: str) -> Loaded | None:
    """The finished result for ``key`` if it is still fresh."""
    entry = _DONE.get((user_id, key))
    if entry is None:
        return None
    if time.monotonic() - entry.at > TTL_SECONDS:
        _DONE.pop((user_id, key), None)
        return None
    return entry


def forget(user_id: int, key: str | None = None) -> None:
    """Drop a cached result (or all of the user's); the next :func:`load` fetches again."""
    for k in [k for k in _DONE if k[0] == user_id and (key is None or k[1] == key)]:
        _DONE.pop(k, None)


def running(user_id: int, key: str) -> bool:
    return (user_id, key) in _RUNNING


def _store(slot: tuple[int, str], entry: Loaded) -> None:
    _DONE[slot] = entry
    _DONE.move_to_end(slot)
    while len(_DONE) > MAX_ENTRIES:
        _DONE.popitem(last=False)


Explain = Callable[[kerr.KeitaroError], tuple[str, dict[str, str]] | None]


def load(
    manager: DialogManager, key: str, fetch: Callable[[], Awaitable[Any]], *, explain: Explain | None = None
) -> Loaded | None:
    """The result for ``key``, or ``None`` while it is being fetched (a fetch is started if none
    runs). Keitaro errors become ``Loaded.error`` — ``explain(err)`` when it knows better, else
    :func:`handlers.ui.keitaro_error_key`; anything else is logged and shown as ``kerr-unknown``."""
    slot = (user_id_of(manager), key)
    entry = peek(*slot)
    if entry is not None:
        return entry
    if slot in _RUNNING:
        return None
    bg = manager.bg()

    async def run() -> None:
        try:
            value = await fetch()
        except asyncio.CancelledError:
            raise
        except kerr.KeitaroError as err:
            reason = (explain(err) if explain is not None else None) or keitaro_error_key(err)
            _store(slot, Loaded(error=reason, at=time.monotonic()))
        except Exception:
            log.exception("loading %s failed", key)
            _store(slot, Loaded(error=("kerr-unknown", {}), at=time.monotonic()))
        else:
            _store(slot, Loaded(value=value, at=time.monotonic()))
        finally:
            _RUNNING.pop(slot, None)
            ready = _READY.pop(slot, None)
            if ready is not None:
                ready.set()
        try:
            await bg.update({})
        except Exception:  # the user has left the dialog: nothing to update
            log.debug("loaded %s but the dialog is gone", key, exc_info=True)

    _READY[slot] = asyncio.Event()
    _RUNNING[slot] = asyncio.get_running_loop().create_task(run())
    return None


async def wait(user_id: int, key: str) -> Loaded | None:
    """Wait for a running fetch of ``key`` (used by actions such as CSV export that need the data
    now); returns the cached result, or ``None`` when nothing was loaded or running."""
    ready = _READY.get((user_id, key))
    if ready is not None:
        # the event, not the task: the task's last step is a dialog update that needs the user's
        # lock, which the caller (a button handler) holds
        await ready.wait()
    return peek(user_id, key)


def reset() -> None:
    """Stop every running fetch and drop every result (the bot starts or stops)."""
    cancel_all()
    _DONE.clear()


def cancel_all() -> None:
    """Stop every running fetch (shutdown)."""
    for task in list(_RUNNING.values()):
        task.cancel()
    _RUNNING.clear()
    for ready in list(_READY.values()):
        ready.set()
    _READY.clear()
