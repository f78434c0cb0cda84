"""Forged callback data pressed on the bot's messages, in every dialog and outside them.

Real callback data is collected from every keyboard the bot sent while the walk of ``routes.discover``
ran (the fake Telegram records each call's ``reply_markup``) and from the ``CallbackData`` factories
the handlers define (found as subclasses, so a new one is fuzzed too). For each dialog (and once for
the buttons outside dialogs) hypothesis opens the dialog, presses up to two real buttons to go
deeper, then presses forged data on the newest keyboard: real data with mutated parts (huge,
negative, non-numeric ids, parts missing or added), another dialog's widget under this screen's
intent id, stale and foreign intent ids, other prefixes, random strings of up to 64 bytes. Each press
must leave no internal error, be answered (``answerCallbackQuery``), and the chat must still answer
``/help`` afterwards. Buttons whose label says they destroy (delete, archive, read-only…) are left
out of the real data, so that the walk's tracker survives the run.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from aiogram.filters.callback_data import CallbackData
from hypothesis import given, settings
from hypothesis import strategies as st

import handlers.features  # noqa: F401  (every CallbackData factory defined)
from tests.e2e.test_commands_anywhere import OPENERS
from tests.fuzz.routes import _UNSAFE, SEP, Route, discover, go, widget_data
from tests.fuzz.strategies import CALLBACK_PART, CALLBACK_SEPS, fit64, mutate
from tests.fuzz.targets import CALLBACK_TARGETS, OUTSIDE
from tests.fuzz.world import World, run

GROUPS = {g.__name__: g for g in OPENERS}


def factories() -> list[type[CallbackData]]:
    found: list[type[CallbackData]] = []
    todo = list(CallbackData.__subclasses__())
    while todo:
        cls = todo.pop()
        found.append(cls)
        todo += cls.__subclasses__()
    return found


def factory_samples() -> list[str]:
    """Each factory's prefix with as many parts as it has fields."""
    return [
        cls.__prefix__ + cls.__separator__ + cls.__separator__.join("1" for _ in cls.model_fields)
        for cls in factories()
    ]


def _keyboard_data(markup: Any) -> list[str]:
    if not isinstance(markup, dict):
        return []
    return [
        str(b["callback_data"])
        for row in markup.get("inline_keyboard", [])
        for b in row
        if b.get("callback_data") and not _UNSAFE.search(str(b.get("text", "")))
    ]


def sent_data(world: World) -> list[str]:
    """Every (safe) callback data of every keyboard the bot sent or edited in."""
    seen: dict[str, None] = {}
    for call in world.tg.calls:
        for data in _keyboard_data(call.params.get("reply_markup")):
            seen.setdefault(data, None)
    return list(seen)


def current_data(world: World) -> list[str]:
    last = next((m for m in reversed(world.user.messages()) if m.from_bot and m.buttons()), None)
    return _keyboard_data(last.reply_markup) if last is not None else []


@pytest.fixture(scope="module")
def routes(world: World) -> Iterator[dict[str, Route]]:
    yield world.call(discover(world), timeout=300)[0]


@pytest.fixture(scope="module")
def pool(world: World, routes: dict[str, Route]) -> Iterator[list[str]]:
    yield sent_data(world)


def test_the_pool_has_real_data(pool: list[str]) -> None:
    assert len(pool) >= 50, pool
    assert any(SEP in d for d in pool)
    assert {"alr", "sil", "menu", "unsub"} <= {cls.__prefix__ for cls in factories()}


@dataclass(frozen=True)
class Forgery:
    """How to forge one press, drawn without looking at the screen (hypothesis replays the same draws
    whatever the bot shows): the indexes pick among the data there is when the press is made."""

    presses: list[int]  # real buttons pressed first (index into the newest keyboard's data)
    mode: int  # 0 mutated real data · 1 real data of another screen · 2 another widget under this
    # screen's intent id · 3 random bytes
    mine: int
    other: int
    cut: int
    parts: list[str]
    sep: str
    noise: str

    def data(self, current: list[str], pool: list[str]) -> str:
        mine = (current or pool)[self.mine % len(current or pool)]
        other = pool[self.other % len(pool)]
        if self.mode == 0:
            return mutate(mine, self.cut, self.parts, self.sep)
        if self.mode == 1:
            return other
        if self.mode == 2:
            return fit64(mine.split(SEP)[0] + SEP + widget_data(other))
        return fit64(self.noise)


FORGERIES = st.builds(
    Forgery,
    presses=st.lists(st.integers(0, 63), max_size=2),
    mode=st.integers(0, 3),
    mine=st.integers(0, 10**6),
    other=st.integers(0, 10**6),
    cut=st.integers(0, 4),
    parts=st.lists(CALLBACK_PART, max_size=4),
    sep=CALLBACK_SEPS,
    noise=st.text(min_size=1, max_size=64),
)


async def press(world: World, data: str) -> str:
    """Press ``data`` on the newest keyboard (or the newest bot message); the callback query id."""
    messages = [m for m in world.user.messages() if m.from_bot and not m.deleted]
    target = next((m for m in reversed(messages) if m.buttons()), messages[-1])
    query = world.tg.user_pressed(world.user, target, data)
    await world.settle(world.tg._next_update_id - 1)
    return query


@pytest.mark.parametrize("target", CALLBACK_TARGETS)
def test_forged_callback_data(target: str, world: World, pool: list[str]) -> None:
    group = GROUPS.get(target)
    outside = [*factory_samples(), *(d for d in pool if SEP not in d)]
    assert target == OUTSIDE or group is not None

    @settings(settings.get_profile("fuzz"))
    @given(how=FORGERIES)
    def one(how: Forgery) -> None:
        state = run(world, world.state())
        if group is not None and not (state or "").startswith(target + ":"):
            assert run(world, go(world, Route(group, ()))), f"{target} did not open"
        for index in how.presses if group is not None else ():
            real = current_data(world)
            if real:
                run(world, press(world, real[index % len(real)]))
        current = current_data(world) if group is not None else outside
        forgery = how.data(current, pool if group is not None else outside)
        found: list[str] = []
        problems = world.attempt(_press_into(world, forgery, found))
        assert not problems, f"{target} ← {forgery!r}: {problems}"
        assert found and found[0] in world.tg.callback_answers, f"{target} ← {forgery!r}: not answered"
        world.user.skip_seen()

    one()
    mark = world.mark()
    run(world, world.send("/cancel"))
    run(world, world.send("/help"))
    assert not world.problems(mark)
    assert run(world, world.user.expect("/stats", timeout=5))


async def _press_into(world: World, data: str, found: list[str]) -> None:
    found.append(await press(world, data))


BAD_ITEM_IDS = ["x", "99999999999999999999", "-9223372036854775809", "²", "٣", " 1", "1e3", ""]


def test_a_forged_list_item_is_a_stale_button(world: World) -> None:
    """A list's button (aiogram-dialog ``Select``) whose item id is not an id the bot could have
    shown -- not digits, beyond SQLite's range -- gets "this button no longer works", not an error."""
    stale = {world.app.core.get("stale-button", lang) for lang in ("en", "ru")}  # /lang may have been fuzzed
    tried = 0
    for group in OPENERS:
        run(world, go(world, Route(group, ())))
        for real in current_data(world):
            widget, _, item = widget_data(real).rpartition(":")
            if SEP not in real or not widget or not item.isdigit():
                continue
            for bad in BAD_ITEM_IDS:
                if (run(world, world.state()) or "").split(":")[0] != group.__name__:
                    run(world, go(world, Route(group, ())))
                intent = next(iter(current_data(world)), real).split(SEP)[0]
                found: list[str] = []
                problems = world.attempt(_press_into(world, f"{intent}{SEP}{widget}:{bad}", found))
                assert not problems, (group.__name__, widget, bad, problems)
                assert world.tg.callback_answers[found[0]].get("text") in stale, (group.__name__, widget, bad)
                tried += 1
    assert tried >= 2 * len(BAD_ITEM_IDS), tried


def forge_here(world: World, widget: str) -> tuple[list[str], str]:
    """Press ``widget`` (data without the intent id) under the newest keyboard's intent id: the
    problems, and the answer's text."""
    intent = next(d for d in current_data(world) if SEP in d).split(SEP)[0]
    found: list[str] = []
    problems = world.attempt(_press_into(world, f"{intent}{SEP}{widget}", found))
    return problems, str(world.tg.callback_answers.get(found[0], {}).get("text"))


def test_found_by_the_long_run(world: World, routes: dict[str, Route]) -> None:
    """Inputs the 10,000-example run found (each was an internal error)."""
    stale = {world.app.core.get("stale-button", lang) for lang in ("en", "ru")}
    # a currency button with a code no button shows (clean_currency's InputError escaped)
    assert run(world, go(world, routes["PostbackSG:currency"])) == "PostbackSG:currency"
    problems, answer = forge_here(world, "cur:EUR|²|²")
    assert not problems and answer in stale, (problems, answer)
    # "JSON" of an S2S postback's card (hidden there; the client has no S2S API of its own)
    run(world, go(world, Route(GROUPS["ResourcesSG"], ())))
    for label in ("FB US Nutra", "📤 S2S", "GET "):  # either language: /lang is fuzzed too
        run(world, world.press(label))
    assert run(world, world.state()) == "ResourcesSG:detail"
    problems, _ = forge_here(world, "json")
    assert not problems, problems
    assert run(world, world.state()) == "ResourcesSG:raw"
