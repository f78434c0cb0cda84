"""Hostile arguments to every command of the bot, and hostile deep links (``/start <payload>``).

The commands are every ``CommandSpec`` of every feature (``targets.COMMANDS``, aliases included), so
a new command is fuzzed without anyone adding it; ``test_every_command_is_fuzzed`` also checks that
the running dispatcher answers no command the suite does not know. Each input must leave no internal
error and no reply Telegram refuses, and the chat must still answer ``/help`` afterwards.
"""

from __future__ import annotations

import pytest
from aiogram.filters import Command
from hypothesis import given, settings
from hypothesis import strategies as st

from handlers.features import menu
from tests.e2e.test_commands_anywhere import commands_router
from tests.fuzz.strategies import TEXT_MAX, hostile_text
from tests.fuzz.targets import COMMANDS, DEEP_LINK
from tests.fuzz.world import World, run


def registered(world: World) -> set[str]:
    """Every command a handler of the running bot's commands router answers."""
    names: set[str] = set()
    for handler in commands_router(world.app).message.handlers:
        for flt in handler.filters or ():
            if isinstance(flt.callback, Command):
                names |= {str(c) for c in flt.callback.commands}
    return names


def test_every_command_is_fuzzed(world: World) -> None:
    """A command the running bot answers (or lists in its menu) that this suite does not fuzz fails."""
    assert registered(world) - {"start"} <= set(COMMANDS)
    assert set(menu()) <= set(COMMANDS)
    assert "start" in COMMANDS and len(COMMANDS) >= 20, COMMANDS


def still_usable(world: World) -> None:
    mark = world.mark()
    run(world, world.send("/cancel"))
    run(world, world.send("/help"))
    assert not world.problems(mark)
    assert run(world, world.user.expect("/stats", timeout=5))


def _line(command: str, sep: str, junk: str) -> str:
    return f"/{command}{sep}{junk}"[:TEXT_MAX]


@pytest.mark.parametrize("command", COMMANDS)
def test_hostile_arguments(command: str, world: World) -> None:
    @settings(settings.get_profile("fuzz"))
    @given(sep=st.sampled_from([" ", "  ", "\n", " \u200b"]), junk=hostile_text())
    def one(sep: str, junk: str) -> None:
        text = _line(command, sep, junk)
        problems = world.attempt(world.send(text))
        assert not problems, f"{text[:200]!r}…({len(text)} chars): {problems}"
        world.user.skip_seen()

    one()
    still_usable(world)


_PAYLOAD = st.one_of(st.from_regex(r"[A-Za-z0-9_-]{1,64}", fullmatch=True), hostile_text())


def test_hostile_deep_links(world: World) -> None:
    assert DEEP_LINK

    @settings(settings.get_profile("fuzz"))
    @given(payload=_PAYLOAD)
    def one(payload: str) -> None:
        text = _line("start", " ", payload)
        problems = world.attempt(world.send(text))
        assert not problems, f"{text[:200]!r}…: {problems}"
        world.user.skip_seen()

    one()
    still_usable(world)
