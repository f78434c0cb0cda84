"""Hostile text into every step of every conversation that takes typed text.

The steps come from the dialogs themselves (``targets.STEPS``), the way to each from walking the bot
(``routes.discover``); every step must be reached (no allow-list). At every step each generated text
must leave no internal error and no reply Telegram refuses (``World.problems``), and the step must
still work afterwards: the step's valid value is accepted, or ``/cancel`` answers. Junk a step
accepts may change what its route needs (a tracker renamed, a postback URL set): the route is then
walked again after ``World.restore``.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import given, settings

from tests.fuzz.routes import Route, discover, go, valid_inputs
from tests.fuzz.strategies import hostile_text
from tests.fuzz.targets import STEPS
from tests.fuzz.world import World, run


@pytest.fixture(scope="module")
def routes(world: World) -> Iterator[tuple[dict[str, Route], set[str]]]:
    yield world.call(discover(world), timeout=300)


def test_the_registry_has_text_steps() -> None:
    assert len(STEPS) >= 30, STEPS


def test_every_text_step_is_reachable(routes: tuple[dict[str, Route], set[str]]) -> None:
    """A step the walk cannot reach is not fuzzed: make it reachable from its dialog's opener."""
    found, missing = routes
    assert not missing, f"text steps no walk reaches: {sorted(missing)}"
    assert set(found) == set(STEPS)


def test_an_internal_error_is_caught(world: World) -> None:
    """The failure signal works: a handler that raises is seen (the bot's error handler logs it)."""
    world.app.dp.message.outer_middleware(_boom)
    mark = world.mark()
    run(world, world.send("__fuzz_boom__"))
    problems = world.problems(mark)
    assert any("unhandled error" in p for p in problems), problems
    world.errors.records.clear()


async def _boom(handler, event, data):  # type: ignore[no-untyped-def]
    if getattr(event, "text", None) == "__fuzz_boom__":
        raise RuntimeError("boom")
    return await handler(event, data)


async def reach(world: World, route: Route, step: str) -> bool:
    """Walk ``route``; when junk changed what it needs, restore the tracker and walk it again."""
    if await go(world, route) == step:
        return True
    await world.restore()
    return await go(world, route) == step


@pytest.mark.parametrize("step", STEPS)
def test_hostile_text_at_step(step: str, world: World, routes: tuple[dict[str, Route], set[str]]) -> None:
    route = routes[0].get(step)
    if route is None:
        pytest.fail(f"{step}: no route (see test_every_text_step_is_reachable)")
    assert run(world, reach(world, route, step)), f"{route} did not reach {step}"

    @settings(settings.get_profile("fuzz"))
    @given(junk=hostile_text())
    def one(junk: str) -> None:
        if run(world, world.state()) != step:
            assert run(world, reach(world, route, step)), f"{route} did not reach {step}"
        problems = world.attempt(world.send(junk))
        assert not problems, f"{step} ← {junk[:200]!r}…({len(junk)} chars): {problems}"
        world.user.skip_seen()

    one()
    # still usable: the step takes a valid value, or /cancel answers and the menu opens
    assert run(world, reach(world, route, step)), f"{route} did not reach {step}"
    mark = world.mark()
    valid = valid_inputs(world).get(step)
    if valid is not None:
        run(world, world.send(valid))
    run(world, world.send("/cancel"))
    run(world, world.send("/help"))
    assert not world.problems(mark)
    assert run(world, world.user.expect("/stats", timeout=5))
    run(world, world.restore())
