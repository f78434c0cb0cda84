"""A tracker whose stored API key no longer decrypts (SECRET_KEY changed for that row): the tick
goes on for every other tracker, skips that one, and its owner is told once."""

from __future__ import annotations

import pytest

from storage import SecretBox
from tests.component.alert_engine.support import KEY_A, KEY_B, OWNER, World, add_tracker, reports_by_key
from tests.fakes.keitaro import KeitaroEmulator

pytestmark = pytest.mark.date_sensitive


async def test_a_tracker_with_an_unreadable_key_is_skipped_and_its_owner_told_once(
    world: World, emu: KeitaroEmulator
) -> None:
    a = await add_tracker(world, emu, "A", KEY_A)
    b = await add_tracker(world, emu, "B", KEY_B)
    await world.rule(a, "no_conversions", None, hours=6)
    await world.rule(b, "no_conversions", None, hours=6)
    other = SecretBox("another-secret-key-0123456789abcdef")
    blob = other.encrypt(KEY_B, owner_id=OWNER, purpose="tracker.api_key")
    await world.trackers.db.execute("UPDATE trackers SET api_key_enc = ? WHERE id = ?", (blob, b.id))
    world.trackers._memo.forget(OWNER)  # the repo's memory of the row (another process wrote it)

    reports = [await world.engine.tick() for _ in range(3)]

    assert all(r.failed == [] and r.unreadable == [b.id] for r in reports)
    assert reports_by_key(emu) == {KEY_A: 3}  # A checked every tick, B never asked with a wrong key
    told = [(chat, p) for chat, p, _silent, _key in world.outbox.rows if p["type"] == "text"]
    text = {"type": "text", "key": "alerts-tracker-key-unreadable", "args": {"tracker": "B"}}
    assert told == [(OWNER, text)]
