"""The fuzz suite's world: the real bot, the fake Telegram (strict) and the Keitaro emulator, run
once per test module on an event loop of their own in a background thread, so that hypothesis'
synchronous ``@given`` tests can drive them (``World.call`` runs a coroutine there and waits).

What counts as a failure (``World.problems``):

* an ERROR log record -- the bot's error handler (``bot/errors.py``) logs every unexpected
  exception at ERROR before it apologises with an error id; aiogram logs at ERROR what even the
  error handler could not handle;
* a Bot API call the fake Telegram refused with 400 (entities that do not parse, a text over 4,096
  UTF-16 units, a caption over 1,024, callback data over 64 bytes, an answer over 200 characters):
  real Telegram refuses them the same way, and the person sees nothing.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from aiogram import BaseMiddleware, Router
from aiogram.fsm.state import State
from aiogram.fsm.storage.base import StorageKey
from aiogram.types import TelegramObject, Update
from aiogram_dialog import Dialog
from aiogram_dialog.widgets.input import MessageInput, TextInput
from aiogram_dialog.widgets.input.combined import CombinedInput

from bot.app import BotApp
from handlers.ui import unexpected_input
from services.clock import ShiftedClock
from tests.conftest import ADMIN_KEY, USER_KEY, BotRunner
from tests.e2e.helpers import add_tracker
from tests.fakes.keitaro import KeitaroEmulator
from tests.fakes.telegram import BotMessage, FakeTelegram, FakeUser

T = TypeVar("T")

# what a run sent and saw (printed at its end by conftest.py)
COUNTS = {"inputs": 0, "problems": 0}

# 400s that are part of normal life, not a broken reply
BENIGN_400 = ("message is not modified", "message to edit not found", "message to delete not found",
              "query is too old")  # fmt: skip


def dialogs_of(router: Router) -> list[Dialog]:
    found = [router] if isinstance(router, Dialog) else []
    for child in router.sub_routers:
        found += dialogs_of(child)
    return found


def _inputs(widget: Any) -> list[Any]:
    if isinstance(widget, CombinedInput):
        return [w for inner in widget.inputs for w in _inputs(inner)]
    return [widget] if widget is not None else []


def accepts_text(window: Any) -> bool:
    """Does the window take typed text (a TextInput, or a MessageInput other than the fallback that
    answers "use the buttons")?"""
    for widget in _inputs(getattr(window, "on_message", None)):
        if isinstance(widget, TextInput):
            return True
        if (
            isinstance(widget, MessageInput)
            and getattr(widget.func, "callback", None) is not unexpected_input
        ):
            return True
    return False


def text_states(router: Router) -> list[State]:
    """Every window of every dialog of ``router`` that takes typed text."""
    return [
        state
        for dialog in dialogs_of(router)
        for state, window in dialog.windows.items()
        if accepts_text(window)
    ]


class _ErrorLog(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


class _Done(BaseMiddleware):
    """Outer update middleware: the ids of the updates the bot finished handling."""

    def __init__(self) -> None:
        self.ids: set[int] = set()

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        try:
            return await handler(event, data)
        finally:
            if isinstance(event, Update):
                self.ids.add(event.update_id)


@dataclass
class Mark:
    calls: int
    errors: int


@dataclass
class World:
    tmp: Path
    loop: asyncio.AbstractEventLoop = field(default_factory=asyncio.new_event_loop)
    errors: _ErrorLog = field(default_factory=_ErrorLog)
    done: _Done = field(default_factory=_Done)

    def __post_init__(self) -> None:
        self.thread = threading.Thread(target=self.loop.run_forever, name="fuzz-bot", daemon=True)
        self.thread.start()

    # ------------------------------------------------------------------ running
    def call(self, coro: Coroutine[Any, Any, T], timeout: float = 60) -> T:
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout)

    def start(self) -> None:
        self.call(self._start())

    async def _start(self) -> None:
        clock = ShiftedClock()
        self.tg = FakeTelegram()
        await self.tg.start()
        self.keitaro = KeitaroEmulator(api_keys={ADMIN_KEY: "admin", USER_KEY: "user"}, clock=clock)
        await self.keitaro.start()
        self.runner = BotRunner(self.tg, self.tmp, clock)
        self.app: BotApp = await self.runner.start(log_level="INFO")
        # outermost, so an update counts as done only after the dispatcher's error handler ran
        self.app.dp.update.outer_middleware._middlewares.insert(0, self.done)
        logging.getLogger().addHandler(self.errors)
        self.user = self.tg.user(7700, first_name="Fuzz")
        await add_tracker(self.user, self.keitaro)

    def stop(self) -> None:
        logging.getLogger().removeHandler(self.errors)
        try:
            self.call(self._stop())
        finally:
            self.loop.call_soon_threadsafe(self.loop.stop)
            self.thread.join(10)

    async def _stop(self) -> None:
        await self.runner.stop()
        await self.keitaro.stop()
        await self.tg.stop()

    # ------------------------------------------------------------------ acting
    async def settle(self, update_id: int, timeout: float = 30) -> None:
        """Wait until the bot finished the update (and whatever it started at once)."""
        deadline = self.loop.time() + timeout
        while update_id not in self.done.ids or self.app.inflight.count:
            if self.loop.time() > deadline:
                raise AssertionError(f"the bot did not finish update {update_id} in {timeout}s")
            await asyncio.sleep(0.005)

    async def send(self, text: str, user: FakeUser | None = None) -> None:
        await (user or self.user).send(text)
        await self.settle(self.tg._next_update_id - 1)

    async def press(self, button: str, message: BotMessage | None = None) -> None:
        await self.user.press(button, message=message)
        await self.settle(self.tg._next_update_id - 1)

    async def forge(self, data: str) -> None:
        """Press a button that says ``data`` on the newest bot message with buttons (or any)."""
        messages = [m for m in self.user.messages() if m.from_bot]
        target = next((m for m in reversed(messages) if m.buttons()), messages[-1])
        self.tg.user_pressed(self.user, target, data)
        await self.settle(self.tg._next_update_id - 1)

    async def restore(self) -> None:
        """Undo what junk a step accepts may have changed of the person's first tracker (the walk's
        routes expect it): its name, its time zone, no postback URL (so /postback asks for one)."""
        trackers = self.app.ctx.trackers
        first = min((await trackers.list(self.user.id)), key=lambda t: t.id)
        await trackers.rename(self.user.id, first.id, "Main")
        await trackers.set_timezone(self.user.id, first.id, "UTC")
        await trackers.set_postback_url(self.user.id, first.id, None)

    async def state(self) -> str | None:
        """The state of the person's open dialog (the top of aiogram-dialog's stack), if any."""
        storage, bot_id, uid = self.app.dp.storage, self.app.bot.id, self.user.id
        stack = await storage.get_data(StorageKey(bot_id, uid, uid, destiny="aiogd:stack:"))
        intents = stack.get("intents") or []
        if not intents:
            return None
        context = await storage.get_data(StorageKey(bot_id, uid, uid, destiny=f"aiogd:context:{intents[-1]}"))
        state = context.get("state")
        return str(state) if state else None

    # ------------------------------------------------------------------ judging
    def attempt(self, coro: Coroutine[Any, Any, Any]) -> list[str]:
        """Send one hostile input (``coro``); the problems it caused (counted in ``COUNTS``)."""
        mark = self.mark()
        self.call(coro)
        found = self.problems(mark)
        COUNTS["inputs"] += 1
        COUNTS["problems"] += bool(found)
        return found

    def mark(self) -> Mark:
        return Mark(len(self.tg.calls), len(self.errors.records))

    def problems(self, since: Mark) -> list[str]:
        found = [
            f"{r.name}: {r.getMessage()} {r.exc_info[1]!r}" if r.exc_info else f"{r.name}: {r.getMessage()}"
            for r in self.errors.records[since.errors :]
        ]
        for call in self.tg.calls[since.calls :]:
            if (
                call.status >= 400
                and call.status != 429
                and not any(b in str(call.response) for b in BENIGN_400)
            ):
                found.append(f"Telegram refused {call.method}: {call.status} {call.response}")
        return found


def new_world(tmp: Path) -> World:
    world = World(tmp)
    world.start()
    return world


def run(world: World, coro: Awaitable[T]) -> T:
    async def wrap() -> T:
        return await coro

    return world.call(wrap())
