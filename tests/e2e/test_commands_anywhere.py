"""A command typed from any screen runs that command.

For every dialog of the bot (found in the running dispatcher, so a new dialog cannot be forgotten)
the test opens it the way a person would, types one command of the menu, and checks that the
command's own handler answered -- never the open window's "use the buttons" fallback, the unknown-
command reply or an internal error -- then opens the dialog again for the next command, until every
command of the menu was typed over every dialog.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from aiogram import BaseMiddleware, Router
from aiogram.fsm.state import StatesGroup
from aiogram.types import Message, TelegramObject
from aiogram_dialog import Dialog

from bot.app import BotApp
from handlers.alerts.states import AlertsSG
from handlers.features import all_features, menu
from handlers.oncall.states import OncallSG, SubscribeSG
from handlers.states import (
    AddTrackerSG,
    AuditSG,
    BotlistSG,
    ClicksSG,
    ConversionsSG,
    CostsSG,
    LanguageSG,
    LogsSG,
    MaintenanceSG,
    MembersSG,
    PostbackSG,
    ResourcesSG,
    StatsSG,
    TrackersSG,
    WizardSG,
)
from tests.conftest import BotRunner
from tests.e2e.helpers import add_tracker, wait_until
from tests.fakes.keitaro import KeitaroEmulator
from tests.fakes.telegram import FakeTelegram

# how a person opens each dialog: what they type (then, on which screen, what they press), and a
# text of the screen it opens
OPENERS: dict[type[StatesGroup], tuple[str, tuple[tuple[str, str], ...], str]] = {
    LanguageSG: ("/lang", (), "🌐 Language"),
    TrackersSG: ("/trackers", (), "📡 Your trackers"),
    AddTrackerSG: ("/trackers", (("📡 Your trackers", "Add tracker"),), "➕ New tracker"),
    PostbackSG: ("/postback", (), "🧪 Main"),
    ResourcesSG: ("/campaigns", (), "📦 Campaigns"),
    BotlistSG: ("/botlist", (), "🤖 Bot list"),
    StatsSG: ("/stats", (), "📊 Main · Today"),
    ConversionsSG: ("/conversions", (), "📊 Main · Today"),
    ClicksSG: ("/clicks", (), "find a click"),
    LogsSG: ("/logs", (), "📜 Postbacks log"),
    AlertsSG: ("/alerts", (), "🚨 Alerts"),
    OncallSG: ("/oncall", (), "on-call rotation"),
    SubscribeSG: ("/subscribe", (), "🔔 Notifications in this chat"),
    MembersSG: ("/trackers", (("📡 Your trackers", "Main"), ("📡 Main", "Members")), "— team"),
    AuditSG: ("/trackers", (("📡 Your trackers", "Main"), ("📡 Main", "Audit")), "— audit"),
    CostsSG: ("/costs", (), "💸 Costs in"),
    WizardSG: ("/campaigns", (("📦 Campaigns", "New campaign"),), "New campaign"),
    MaintenanceSG: (
        "/maintenance",
        (("🛠 Maintenance", "➕ New"), ("New maintenance", "The whole tracker")),
        "When should",
    ),
}

# what the bot must never answer to a command (wrong input, unknown command, an internal error)
NOT_A_COMMANDS_REPLY = ("input-use-buttons", "input-not-text", "unknown-command", "unknown-message")


def dialogs_of(router: Router) -> list[Dialog]:
    found = [router] if isinstance(router, Dialog) else []
    for child in router.sub_routers:
        found += dialogs_of(child)
    return found


class Recorder(BaseMiddleware):
    """An inner middleware of the commands router: runs only when one of its handlers matched."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, Callable[..., Any]]] = []

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        assert isinstance(event, Message)
        self.calls.append(((event.text or "").split()[0], data["handler"].callback))
        return await handler(event, data)


def commands_router(app: BotApp) -> Router:
    routers = [app.dp]
    while routers:
        router = routers.pop()
        if router.name == "commands":
            return router
        routers += router.sub_routers
    raise AssertionError("no commands router")


def test_every_dialog_has_an_opener_here() -> None:
    """A new dialog must be added to OPENERS (and so to the test below)."""
    from handlers.features import build_router

    groups = {d.states_group() for d in dialogs_of(build_router())}
    assert groups == set(OPENERS), groups ^ set(OPENERS)


def test_commands_come_before_every_dialog() -> None:
    """By construction: the commands router is the first child, every dialog comes after it."""
    from handlers.features import build_router

    root = build_router()
    assert root.sub_routers[0].name == "commands"
    assert not dialogs_of(root.sub_routers[0])
    registered = {c for f in all_features() for spec in f.commands for c in (spec.name, *spec.aliases)}
    assert set(menu()) <= registered


@pytest.mark.parametrize("group", list(OPENERS), ids=lambda g: g.__name__)
async def test_every_command_runs_over_this_dialog(
    group: type[StatesGroup], tg: FakeTelegram, keitaro: KeitaroEmulator, runner: BotRunner
) -> None:
    app = await runner.start()
    user = tg.user(8100, first_name="Oleg")
    await add_tracker(user, keitaro)
    recorder = Recorder()
    commands_router(app).message.middleware(recorder)
    handlers = {
        c: spec.handler for f in app.features for spec in f.commands for c in (spec.name, *spec.aliases)
    }
    bad = [app.core.get(key, "en") for key in NOT_A_COMMANDS_REPLY]

    async def idle() -> None:
        await wait_until(lambda: app.inflight.count == 0, what="the bot to finish the update")

    typed, press, screen = OPENERS[group]
    for command in menu():
        await user.send("/cancel")
        await user.expect("Cancel")
        await idle()
        user.skip_seen()
        await user.send(typed)
        for on_screen, button in press:
            await user.expect(on_screen)
            await user.press(button)
        await user.expect(screen)
        await idle()
        before = len(user.events)
        calls = len(recorder.calls)
        await user.send(f"/{command}")
        await wait_until(
            lambda n=calls: len(recorder.calls) > n,  # type: ignore[misc]
            what=f"/{command} over {group.__name__}",
        )
        await idle()
        name, callback = recorder.calls[calls]
        assert name == f"/{command}" and callback is handlers[command], (group.__name__, command)
        replies = [e.message.text for e in user.events[before:] if not e.markup_only and e.kind != "deleted"]
        assert replies, f"/{command} over {group.__name__}: no answer"
        for text in replies:
            assert not any(b in text for b in bad), (group.__name__, command, text)
            assert "Error id" not in text, (group.__name__, command, text)
        user.skip_seen()
