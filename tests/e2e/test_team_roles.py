"""The role walk (issue 16): every command of the bot's menu and every button that acts on a tracker,
once per role, against the one table of what each role may do (``services.access.ROLE_ACTIONS``;
what each command and button needs: ``handlers.permissions``).

One bot per role with a shared set-up: the owner connects the tracker, the person joins with the
role (the owner walks as themselves). For an allowed command or button the answer is its normal
screen; for a refused one the button is absent or the answer is the role refusal
(``access-role-refused``), and the Keitaro emulator received no write either way (allowed writes
are opened and cancelled: the walk proves the door, the write tests prove the writes).
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from aiogram import BaseMiddleware
from aiogram.types import TelegramObject, Update

from bot.app import BotApp
from bot.i18n import build_core
from handlers.features import menu
from handlers.permissions import BUTTONS, COMMANDS
from handlers.resources.declarations import RESOURCES
from handlers.resources.writes import needed
from services.access import ROLE_ACTIONS, ROLES, Action
from tests.conftest import BotRunner
from tests.e2e.helpers import active_tracker_id, add_tracker
from tests.e2e.team import join_team
from tests.e2e.test_resources_every_action import writes
from tests.fakes.keitaro import KeitaroEmulator
from tests.fakes.telegram import BotMessage, FakeTelegram, FakeUser

CORE = build_core("en")
SEP = "\x1d"  # aiogram-dialog: intent id SEP widget data
RULE = "Main is down"


def t(key: str, **args: Any) -> str:
    return CORE.get(key, "en", **args)


def plain(text: str) -> str:
    return re.sub(r"<[^>]+>", "", text)


def popup(answer: dict[str, Any]) -> str:
    """A button's answer as the person sees it: plain text (the bot takes the HTML out)."""
    text = str(answer.get("text") or "")
    assert "<" not in text and "&lt;" not in text, text
    return text


class Done(BaseMiddleware):
    """The ids of the updates the bot finished handling (outermost, like the fuzz suite's)."""

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


class Walk:
    def __init__(self, app: BotApp, tg: FakeTelegram, keitaro: KeitaroEmulator, person: FakeUser, role: str):
        self.app, self.tg, self.keitaro, self.person, self.role = app, tg, keitaro, person, role
        self.done = Done()
        app.dp.update.outer_middleware._middlewares.insert(0, self.done)
        self.refusal = plain(t("access-role-refused", tracker="Main", role=t(f"role-{role}")))
        self.seen: list[str] = []  # what was checked, for the failure message

    def may(self, action: Action | None) -> bool:
        return action is None or action in ROLE_ACTIONS[self.role]

    async def settle(self, timeout: float = 20) -> None:
        """Until the bot finished the last update (and what it started at once)."""
        last = self.tg._next_update_id - 1
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while last not in self.done.ids or self.app.inflight.count:
            assert loop.time() < deadline, f"update {last} not finished in {timeout}s"
            await asyncio.sleep(0.005)

    def _new_texts(self, since: int) -> list[str]:
        return [plain(e.message.text) for e in self.person.events[since:] if e.kind != "deleted"]

    async def command(self, name: str) -> list[str]:
        since = len(self.person.events)
        await self.person.send(f"/{name}")
        await self.settle()
        return self._new_texts(since)

    async def press(self, label: str, message: BotMessage | None = None) -> str:
        """Press a shown button; the popup's text (or "")."""
        query = await self.person.press(label, message=message)
        await self.settle()
        return popup(await self.person.callback_answer(query))

    async def forge(self, message: BotMessage, widget_data: str) -> str:
        """Press a button the screen does not show (a stale or forged one) on a dialog message."""
        prefix = next(
            str(b["callback_data"]).split(SEP, 1)[0]
            for row in message._inline_buttons()
            for b in row
            if SEP in str(b.get("callback_data") or "")
        )
        query = self.tg.user_pressed(self.person, message, f"{prefix}{SEP}{widget_data}")
        await self.settle()
        return popup(await self.person.callback_answer(query))

    def check(self, what: str, action: Action | None, allowed_seen: bool, refused_seen: bool) -> None:
        self.seen.append(what)
        if self.may(action):
            assert allowed_seen and not refused_seen, f"{self.role}: {what} should work ({action})"
        else:
            assert refused_seen, f"{self.role}: {what} should be refused ({action})"


def labels(message: BotMessage) -> list[str]:
    return [b for row in message.buttons() for b in row]


@pytest.fixture
async def team(tg: FakeTelegram, keitaro: KeitaroEmulator, runner: BotRunner) -> tuple[BotApp, FakeUser]:
    app = await runner.start()
    owner = tg.user(9100, first_name="Olga", username="olga")
    await add_tracker(owner, keitaro)
    return app, owner


@pytest.mark.parametrize("role", ROLES)
async def test_every_command_and_button_once_per_role(
    role: str, team: tuple[BotApp, FakeUser], tg: FakeTelegram, keitaro: KeitaroEmulator
) -> None:
    app, owner = team
    tid = await active_tracker_id(app, owner)
    person = owner
    if role != "owner":
        person = tg.user(9200, first_name="Petr", username="petr")
        await join_team(app, owner, person, tid, role)
    walk = Walk(app, tg, keitaro, person, role)
    before = writes(keitaro)

    # ---- every command of the bot's own list (the menu, /help)
    assert set(menu()) == set(COMMANDS), "handlers/permissions.COMMANDS must name every command"
    for name in menu():
        texts = await walk.command(name)
        answered = bool(texts) and not any(t("res-no-tracker") in x for x in texts)
        walk.check(f"/{name}", COMMANDS[name], answered, any(walk.refusal in x for x in texts))
    await walk.command("cancel")

    # ---- a resource list and card: the create and write buttons, shown or refused at the press
    owner_card_keys = await _card_keys(owner, walk)
    person.skip_seen()
    await person.send("/campaigns")
    listing = await person.expect("— Main")
    assert (t("btn-res-create") in labels(listing)) == walk.may(BUTTONS["resource.create"])
    first = next(b for b in labels(listing) if "FB US Nutra" in b)
    await walk.press(first, listing)
    card = await person.expect("·", kind="edited")
    by_label = {t("res-act-" + a.key): a.key for a in RESOURCES["campaigns"].actions}
    shown = {by_label[b] for b in labels(card) if b in by_label}
    assert shown == {k for k in owner_card_keys if walk.may(needed(k))}, (role, shown, owner_card_keys)
    for key in sorted(owner_card_keys):
        current = person.last_bot_message()
        assert current is not None
        if key in shown:
            answer = await walk.press(t("res-act-" + key), current)
            screen = person.last_bot_message()
            assert screen is not None and t("btn-cancel") in labels(screen), (role, key, screen.text)
            walk.check(f"card {key}", needed(key), walk.refusal not in answer, False)
            await walk.press(t("btn-cancel"), screen)
        else:
            answer = await walk.forge(current, f"act:{key}")
            walk.check(f"card {key} (forged)", needed(key), False, walk.refusal in answer)
    assert writes(keitaro) == before, f"{role}: the walk wrote to the tracker"

    # ---- /alerts: a new rule; /oncall: the rotation's settings; /botlist: its changes
    person.skip_seen()
    await person.send("/alerts")
    alerts = await person.expect("🚨")
    assert (t("alerts-btn-new") in labels(alerts)) == walk.may(BUTTONS["alerts.new_rule"])
    if not walk.may(BUTTONS["alerts.new_rule"]):
        answer = await walk.forge(alerts, "new")
        walk.check("new alert rule (forged)", BUTTONS["alerts.new_rule"], False, walk.refusal in answer)
    texts = await walk.command("oncall")
    screen = person.last_bot_message()
    assert screen is not None
    can_edit = t("oncall-btn-people") in labels(screen)
    read_only = any(plain(t("oncall-read-only", role=t(f"role-{role}"))) in x for x in texts)
    walk.check("rotation settings", BUTTONS["oncall.edit"], can_edit, read_only and not can_edit)
    person.skip_seen()
    await person.send("/botlist")
    botlist = await person.expect("🤖")
    changes = {b for b in labels(botlist) if b.startswith(("➕", "➖"))}
    assert bool(changes) == walk.may(BUTTONS["botlist.change"]), (role, labels(botlist))

    # ---- the tracker card: the owner's buttons
    person.skip_seen()
    await person.send("/trackers")
    trackers = await person.expect("📡 Your trackers")
    await walk.press("Main", trackers)
    card = person.last_bot_message()
    assert card is not None
    assert (t("btn-rename") in labels(card)) == walk.may(BUTTONS["tracker.owner"]), (role, labels(card))

    # ---- an alert in the person's private chat: snooze, mute, ack
    await app.alerting.ctx.subscriptions.subscribe(person.id, tid, person.id, "private", None, "en", "info")
    rule = await app.alerting.ctx.alerts.create(
        owner.id, tid, "tracker_down", RULE, None, {"failures": 2}, "critical"
    )
    keitaro.mode = "down"
    await app.alerting.engine.tick()
    await app.alerting.engine.tick()
    fired = await person.expect(RULE)
    keitaro.mode = "normal"
    alert = (await app.alerting.ctx.alerts.list_open([tid]))[0]
    answer = await walk.press(t("alerts-btn-snooze-1h"), fired)
    walk.check("alert snooze", BUTTONS["alert.snooze"], answer.startswith("💤"), walk.refusal in answer)
    answer = await walk.press(t("alerts-btn-mute"), fired)
    walk.check("alert mute", BUTTONS["alert.mute"], walk.refusal not in answer, walk.refusal in answer)
    if walk.may(BUTTONS["alert.mute"]):  # the mute menu is open on the message: back to the alert
        menu_message = person.last_bot_message()
        assert menu_message is not None and t("alerts-btn-mute-1h") in labels(menu_message)
        await walk.press(t("alerts-btn-back"), menu_message)
    answer = await walk.press(t("alerts-btn-ack"), person.last_bot_message() or fired)
    walk.check("alert ack", BUTTONS["alert.ack"], answer == plain(t("alerts-acked")), walk.refusal in answer)
    after = await app.alerting.ctx.alerts.get_alert(alert.id)
    assert after is not None
    assert (after.acked_by == person.id) == walk.may(Action.RESPOND)
    assert (after.snoozed_until is not None) == walk.may(Action.RESPOND)
    assert rule.id == after.rule_id
    assert writes(keitaro) == before, f"{role}: the walk wrote to the tracker"


async def _card_keys(owner: FakeUser, walk: Walk) -> set[str]:
    """The write buttons the owner's card of the first campaign shows (every one it offers)."""
    owner.skip_seen()
    await owner.send("/campaigns")
    listing = await owner.expect("— Main")
    first = next(b for b in labels(listing) if "FB US Nutra" in b)
    await owner.press(first, message=listing)
    card = await owner.expect("·", kind="edited")
    await walk.settle()
    by_label = {t("res-act-" + a.key): a.key for a in RESOURCES["campaigns"].actions}
    return {by_label[b] for b in labels(card) if b in by_label}
