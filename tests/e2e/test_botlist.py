"""/botlist: view, add and remove with a confirmation card, validation and undo."""

from __future__ import annotations

from datetime import timedelta

import pytest

from handlers.resources.actions import UNDO_SECONDS
from services.clock import ShiftedClock
from tests.conftest import BotRunner
from tests.e2e.helpers import add_tracker
from tests.fakes.keitaro import KeitaroEmulator
from tests.fakes.telegram import FakeTelegram


@pytest.mark.date_sensitive  # the undo expires by the app's clock
async def test_add_validate_undo_and_remove(
    tg: FakeTelegram, keitaro: KeitaroEmulator, runner: BotRunner, clock: ShiftedClock
) -> None:
    await runner.start()
    user = tg.user(9001)
    await add_tracker(user, keitaro)
    start = list(keitaro.state.botlist)
    await user.send("/botlist")
    view = await user.expect("Bot list — Main")
    assert f"({len(start)} entries)" in view.text
    await user.press("Add")
    await user.expect("to add to Main's bot list", kind="edited")
    await user.send("1.2.3.4 not-an-ip")
    await user.expect("“not-an-ip” is not an IP", kind="sent")
    await user.send("203.0.113.7, 198.51.100.0/24")
    card = await user.expect("Add 2 entries on Main?", kind="sent")
    assert "203.0.113.7" in card.text and "198.51.100.0/24" in card.text
    assert keitaro.state.botlist == start  # nothing changed before Confirm
    await user.press("Confirm")
    done = await user.expect("Added 2 entries to the bot list", kind="edited")
    assert "203.0.113.7" in done.text
    assert {"203.0.113.7", "198.51.100.0/24"} <= set(keitaro.state.botlist)
    await user.press("Undo")
    await user.expect("Undone: 2 entries.", kind="edited")
    assert "203.0.113.7" not in keitaro.state.botlist
    await user.press("Remove")
    await user.expect("to remove from Main's bot list", kind="edited")
    await user.send(start[0])
    await user.expect("Remove 1 entry on Main?", kind="sent")
    await user.press("Confirm")
    removed = await user.expect("Removed 1 entry from the bot list", kind="edited")
    assert start[0] not in keitaro.state.botlist
    # the undo is offered for UNDO_SECONDS of the app's clock (not of the wall clock)
    assert any("Undo" in b for row in removed.buttons() for b in row)
    clock.offset += timedelta(seconds=UNDO_SECONDS + 1)
    answer = await user.callback_answer(await user.press("Undo", message=removed))
    assert answer.get("show_alert") and "it can no longer be undone" in answer["text"]
    assert start[0] not in keitaro.state.botlist
    assert runner.app is not None
    actions = {e.action for e in await runner.app.ctx.audit.for_user(9001)}
    assert {"botlist.add", "botlist.remove"} <= actions
