"""How the suite reaches every step that takes typed text: found, not listed.

The steps are the windows of the running dispatcher's dialogs that hold a ``TextInput`` or a
``MessageInput`` other than the "use the buttons" fallback (``world.text_states``). The way to each
is found by walking the bot the way a person would: each dialog is opened with its opener of
``tests/e2e/test_commands_anywhere.py`` (what a person types, then presses), then buttons are pressed
breadth first -- each path replayed from a fresh ``/cancel`` -- reading the dialog's state from
aiogram-dialog's stack after each press, until every text step has a path (or the budget is spent).
A press is remembered by the button's callback data without aiogram-dialog's intent id (the widget and
item id: ``pick:1``), not by its label, so a route survives the junk a step accepts (a tracker or a
campaign renamed to it). A press that keeps the state but changes the buttons (subscribing) counts
as a new screen. Buttons that would destroy what the walk needs (delete, archive, disable, read-only,
leave…) are not pressed. A step no path reaches fails ``test_every_text_step_is_reachable`` (no
allow-list): make it reachable by buttons from its dialog's opener (or add an opener for a new dialog).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from aiogram.fsm.state import StatesGroup

from tests.conftest import ADMIN_KEY
from tests.e2e.test_commands_anywhere import OPENERS
from tests.fuzz.world import World, text_states

MAX_DEPTH = 7
MAX_PRESSES = 160  # per dialog
_UNSAFE = re.compile(
    r"delet|remove|archiv|disable|leave|revoke|reset|clear|stop|off\b|unsubscribe|logout|read-only|"
    r"удал|архив|выключ|отключ|сброс|очист|покинуть|отпис|только чтение",
    re.IGNORECASE,
)


TYPED = "⌨ "  # a step of a route that types (the rest of the step) instead of pressing
SEP = "\x1d"  # aiogram-dialog's separator of the intent id and the widget's data


def widget_data(callback_data: str) -> str:
    """Callback data without aiogram-dialog's intent id (which changes with every opening)."""
    return callback_data.split(SEP, 1)[-1]


def valid_inputs(world: World) -> dict[str, str]:
    """A value each text step accepts (the walk types it to get past the step; the fuzz tests type
    it after the junk to show the step still works)."""
    click = str(max(world.keitaro.state.clicks, key=lambda c: c["_ts"])["sub_id"])
    return {
        "AddTrackerSG:name": "Second",
        "AddTrackerSG:url": world.keitaro.url,
        "AddTrackerSG:key": ADMIN_KEY,
        "AddTrackerSG:postback": world.keitaro.postback_url,
        # no valid AddTrackerSG:timezone: it would add a second tracker, and the walks of /postback
        # and /trackers change with it
        "TrackersSG:rename": "Main",
        "TrackersSG:timezone": "UTC",
        "TrackersSG:api_key": ADMIN_KEY,
        # no valid TrackersSG:postback: the walk would give Main a postback URL, and PostbackSG:url is
        # only asked of a tracker without one
        "PostbackSG:url": world.keitaro.postback_url,
        "PostbackSG:click": click,
        "PostbackSG:click_pick": click,
        "PostbackSG:status": "sale",
        "PostbackSG:payout": "12,5",
        "PostbackSG:cost": "3",
        "PostbackSG:currency": "USD",
        "PostbackSG:currency_other": "EUR",
        "PostbackSG:tid": "tid-1",
        "PostbackSG:sub1": "s1",
        "StatsSG:save_name": "My report",
        "StatsSG:custom": "01.01.2026-02.01.2026",
        "StatsSG:filter_country": "US",
        "ConversionsSG:range": "01.01.2026-02.01.2026",
        "ConversionsSG:filter_ask": "abc",
        "ClicksSG:ask": click,
        "ClicksSG:result": click,
        "LogsSG:view": "1",
        "LogsSG:search": "abc",
        "OncallSG:people": "@alice",
        "OncallSG:handover": "10:00",
        "OncallSG:backup": "@bob",
        "SubscribeSG:digest": "09:00",
        "BotlistSG:ask": "1.2.3.4",
        "ResourcesSG:list": "FB",
        "ResourcesSG:ask": "1",  # a name or a cost: both take it
        "MembersSG:prefix": "[FB] ",
        "CostsSG:ask": "1 2020-01-01 10 USD",  # a day in the past whatever the clock
        "WizardSG:text": "Test",  # the first typed step of a new campaign: its name
    }


@dataclass(frozen=True)
class Route:
    group: type[StatesGroup]
    presses: tuple[str, ...]  # TYPED + text, or a button's widget data
    labels: tuple[str, ...] = ()  # what the buttons said when the walk found the route

    def __str__(self) -> str:
        return " → ".join((OPENERS[self.group][0], *(self.labels or self.presses)))


async def go(world: World, route: Route) -> str | None:
    """Walk ``route`` from a fresh start; the state reached (None if a button was missing)."""
    typed, press, _screen = OPENERS[route.group]
    await world.send("/cancel")
    await world.send(typed)
    try:
        for _on_screen, button in press:
            await world.press(button)
        for label in route.presses:
            if label.startswith(TYPED):
                await world.send(label[len(TYPED) :])
            else:
                await world.press(_button(world, label))
    except AssertionError:
        return None
    return await world.state()


def _button(world: World, data: str) -> str:
    """The callback data of the newest keyboard's button whose widget data is ``data``."""
    for message in reversed(world.user.messages()):
        if message.from_bot and message.buttons():
            for row in message._inline_buttons():
                for button in row:
                    full = str(button.get("callback_data") or "")
                    if full and widget_data(full) == data:
                        return full
            break
    raise AssertionError(f"no button {data!r}")


def _buttons(world: World) -> list[tuple[str, str]]:
    """(widget data, label) of the safe buttons of the newest keyboard."""
    last = next((m for m in reversed(world.user.messages()) if m.from_bot and m.buttons()), None)
    if last is None:
        return []
    seen: list[tuple[str, str]] = []
    for row in last._inline_buttons():
        for button in row:
            label, data = str(button.get("text", "")), str(button.get("callback_data") or "")
            if data and not _UNSAFE.search(label) and widget_data(data) not in (d for d, _ in seen):
                seen.append((widget_data(data), label))
    return seen


async def discover(world: World) -> tuple[dict[str, Route], set[str]]:
    """A route to every text step found (state name → route), and the text steps not reached."""
    targets = {s.state for s in text_states(world.app.dp) if s.state is not None}
    found: dict[str, Route] = {}
    valid = valid_inputs(world)
    for group in OPENERS:
        presses = 0
        own = {t for t in targets if t.startswith(group.__name__ + ":")}
        if own <= set(found):
            continue
        start = Route(group, ())
        state = await go(world, start)
        if state is None:
            continue
        seen = {(state, tuple(_buttons(world)))}
        if state in targets:
            found.setdefault(state, start)
        queue = [start]
        while queue and presses < MAX_PRESSES and not own <= set(found):
            route = queue.pop(0)
            if len(route.presses) >= MAX_DEPTH:
                continue
            state = await go(world, route)
            moves = _buttons(world)
            if state in valid:
                moves.insert(0, (TYPED + valid[state], TYPED + valid[state]))
            for data, label in moves:
                presses += 1
                step = Route(group, (*route.presses, data), (*(route.labels or route.presses), label))
                reached = await go(world, step)
                screen = (reached, tuple(_buttons(world)))
                if reached is None or screen in seen:
                    continue
                seen.add(screen)
                if reached in targets:
                    found.setdefault(reached, step)
                queue.append(step)
    return found, targets - set(found)
