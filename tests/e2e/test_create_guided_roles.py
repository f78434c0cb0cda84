"""Guided creation and roles (issue 17 part 1): a viewer does not see ➕ New campaign/offer and a
forged press is refused saying why; a buyer limited to some campaigns is told how to keep a new
campaign in their scope, and succeeds in their group."""

from __future__ import annotations

from storage.scope import Scope
from tests.conftest import BotRunner
from tests.e2e.helpers import active_tracker_id, add_tracker
from tests.e2e.team import join_team
from tests.e2e.test_create_guided import new_campaign, posts
from tests.fakes.keitaro import KeitaroEmulator
from tests.fakes.telegram import BotMessage, FakeTelegram, FakeUser

SEP = "\x1d"  # aiogram-dialog: intent id SEP widget data


async def forge(tg: FakeTelegram, person: FakeUser, message: BotMessage, widget_data: str) -> str:
    """Press a button the screen does not show, on a dialog message; the popup's text."""
    prefix = next(
        str(b["callback_data"]).split(SEP, 1)[0]
        for row in message._inline_buttons()
        for b in row
        if SEP in str(b.get("callback_data") or "")
    )
    query = tg.user_pressed(person, message, f"{prefix}{SEP}{widget_data}")
    return str((await person.callback_answer(query)).get("text") or "")


async def test_a_viewer_has_no_button_and_a_forged_press_is_refused(
    tg: FakeTelegram, keitaro: KeitaroEmulator, runner: BotRunner
) -> None:
    app = await runner.start()
    owner, viewer = tg.user(8201), tg.user(8202)
    await add_tracker(owner, keitaro)
    await join_team(app, owner, viewer, await active_tracker_id(app, owner), "viewer")
    await viewer.send("/campaigns")
    listing = await viewer.expect("Campaigns — Main")
    assert "New campaign" not in str(listing.buttons()) and "Create (JSON)" not in str(listing.buttons())
    answer = await forge(tg, viewer, listing, "new_campaigns")
    assert "Your role on" in answer and "viewer" in answer
    await viewer.send("/offers")
    offers = await viewer.expect("Offers — Main")
    assert "Your role on" in await forge(tg, viewer, offers, "new_offers")
    assert not posts(keitaro, "/campaigns") and not posts(keitaro, "/offers")
    # the owner sees both: the guided one and the JSON escape hatch
    await owner.send("/campaigns")
    mine = await owner.expect("Campaigns — Main")
    assert "➕ New campaign" in str(mine.buttons()) and "➕ Create (JSON)" in str(mine.buttons())


async def test_a_scoped_buyer_is_told_why_a_campaign_outside_the_scope_is_refused(
    tg: FakeTelegram, keitaro: KeitaroEmulator, runner: BotRunner
) -> None:
    app = await runner.start()
    owner, anna = tg.user(8301), tg.user(8302)
    await add_tracker(owner, keitaro)
    await join_team(app, owner, anna, await active_tracker_id(app, owner), "manager", Scope(groups=(2,)))
    await new_campaign(anna)
    await anna.send("Anna new")
    await anna.expect("alias", kind="sent")
    await anna.send("anna-new")
    await anna.expect("regular flows", kind="sent")
    await anna.press("by position")
    for question in ("Which domain", "Which traffic source", "How is the traffic paid"):
        await anna.expect(question, kind="edited")
        await anna.press("⏭ Skip")
    groups = await anna.expect("Which group", kind="edited")
    assert "Team Anna" in str(groups.buttons())
    assert "Team Oleg" not in str(groups.buttons())  # her groups only
    await anna.press("⏭ Skip")
    await anna.expect("I will create this campaign", kind="edited")
    await anna.press("✅ Create")
    refused = await anna.expect("your access is limited to your campaigns", kind="edited")
    assert "Put it in one of your groups" in refused.text
    assert "✅ Create" in str(refused.buttons())  # still on the summary, everything kept
    assert not posts(keitaro, "/campaigns")  # refused before the tracker was asked
    await anna.press("✏️ Change a field")
    await anna.expect("Which field", kind="edited")
    await anna.press("Group")
    await anna.expect("Which group", kind="edited")
    await anna.press("Team Anna · #2")
    await anna.expect("I will create this campaign", kind="edited")
    await anna.press("✅ Create")
    await anna.expect("Add the first flow now?", kind="edited")
    assert keitaro.state.campaigns[max(keitaro.state.campaigns)]["group_id"] == 2
