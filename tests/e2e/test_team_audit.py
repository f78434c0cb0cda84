"""Issue 16, points 3 and the scope of point 4 on the owner's side: the owner reads the tracker's
audit from the bot — who (name and role), what, when, before → after — and pages back; writes are
recorded in the member's name. An invitation can carry a scope (campaign groups by their Keitaro
names, a name prefix), which the team screen and the joiner see in words."""

from __future__ import annotations

import pytest

from storage.members import Scope
from tests.conftest import BotRunner
from tests.e2e.helpers import add_tracker
from tests.e2e.team import join_team
from tests.e2e.test_team_invite import LINK, open_members
from tests.fakes.keitaro import KeitaroEmulator
from tests.fakes.telegram import FakeTelegram

pytestmark = pytest.mark.usefixtures("bot")


@pytest.mark.date_sensitive  # the write's confirmation shows the last 24 hours of the app clock
async def test_audit_names_the_operator_who_disabled_a_campaign(
    tg: FakeTelegram, keitaro: KeitaroEmulator, runner: BotRunner
) -> None:
    owner, operator = tg.user(16201, first_name="Olga"), tg.user(16202, first_name="Boris")
    await add_tracker(owner, keitaro)
    app = runner.running.ctx
    (tracker,) = await app.trackers.list(owner.id)
    await operator.send("/start")
    await operator.expect("")
    await join_team(runner.running, owner, operator, tracker.id, "operator")

    await operator.send("/campaigns")
    await operator.expect("Campaigns — Main")
    await operator.press("FB US Nutra")
    await operator.expect("FB US Nutra ·", kind="edited")
    await operator.press("Disable")
    await operator.expect("Please check", kind="edited")
    await operator.press("Confirm")
    await operator.expect("Done: ⏸ Disable", kind="edited")
    assert keitaro.state.campaigns[1]["state"] == "disabled"

    entry = next(e for e in await app.audit.for_tracker(tracker.id) if e.action == "campaigns.disable")
    assert (entry.user_id, entry.role) == (operator.id, "operator")

    await owner.send("/trackers")
    await owner.expect("Your trackers")
    await owner.press("Main")
    await owner.expect("Main", kind="edited")
    await owner.press("Audit")
    view = await owner.expect("audit (times in UTC)")
    assert "Boris (operator): ⏸ Disable · campaigns #1" in view.text
    assert "state: active → disabled" in view.text
    assert "Olga (owner): connected the tracker" in view.text
    assert "Older" not in str(view.buttons())


async def test_audit_pages_back(tg: FakeTelegram, keitaro: KeitaroEmulator, runner: BotRunner) -> None:
    owner = tg.user(16211, first_name="Olga")
    await add_tracker(owner, keitaro)
    app = runner.running.ctx
    (tracker,) = await app.trackers.list(owner.id)
    for n in range(12):
        await app.audit.record(owner.id, "tracker.timezone", tracker_id=tracker.id, timezone=f"Zone/N{n}")
    await app.audit.record(owner.id, "something.new", tracker_id=tracker.id)
    await owner.send("/trackers")
    await owner.expect("Your trackers")
    await owner.press("Main")
    await owner.expect("Main", kind="edited")
    await owner.press("Audit")
    first = await owner.expect("audit (times in UTC)")
    assert "something.new" in first.text  # an unknown key is shown as it is
    assert "Zone/N11" in first.text and "Zone/N3" in first.text and "Zone/N2" not in first.text  # 10 a page
    await owner.press("Older")
    older = await owner.expect("audit", kind="edited")
    assert "Zone/N2" in older.text and "Zone/N0" in older.text and "connected the tracker" in older.text
    assert "Zone/N11" not in older.text
    await owner.press("Newer")
    again = await owner.expect("audit", kind="edited")
    assert "something.new" in again.text


async def test_a_scoped_invitation_in_words(
    tg: FakeTelegram, keitaro: KeitaroEmulator, runner: BotRunner
) -> None:
    owner, buyer = tg.user(16221, first_name="Olga"), tg.user(16222, first_name="Boris")
    await add_tracker(owner, keitaro)
    app = runner.running.ctx
    (tracker,) = await app.trackers.list(owner.id)
    await open_members(owner)
    await owner.press("Invite")
    await owner.expect("pick the role", kind="edited")
    await owner.press("Operator")
    await owner.expect("Which campaigns", kind="edited")
    await owner.press("Only some")
    picker = await owner.expect("Which campaigns of", kind="edited")
    assert "Now: all campaigns" in picker.text
    await owner.press("Done")
    await owner.expect("Pick at least one group", kind="edited")
    await owner.press("Team Oleg")
    await owner.expect("group “Team Oleg”", kind="edited")
    await owner.press("Name prefix")
    await owner.expect("Send the beginning of the campaign names")
    await owner.send("x" * 65)
    await owner.expect("A name prefix is one line of 1 to 64 characters")
    await owner.send("[FB] ")
    await owner.expect("names starting with “[FB]”")
    await owner.press("Done")
    sent = await owner.expect("Forward this link")
    assert "operator (group “Team Oleg” or names starting with “[FB]”)" in sent.text
    found = LINK.search(sent.text)
    assert found is not None

    await buyer.send(f"/start {found.group(1)}")
    shown = await buyer.expect("invites you")
    assert "Campaigns: group “Team Oleg” or names starting with “[FB]”" in shown.text
    await buyer.press("Join")
    await buyer.expect("You are on the team", kind="edited")
    member = await app.members.member(tracker.id, buyer.id)
    oleg = next(g["id"] for g in keitaro.state.groups.values() if g["name"] == "Team Oleg")
    assert member is not None and member.scope == Scope(groups=(oleg,), prefix="[FB]")

    # the owner widens it again: all campaigns
    await open_members(owner)
    team = owner.last_bot_message()
    assert (
        team is not None and "Boris — operator, group “Team Oleg” or names starting with “[FB]”" in team.text
    )
    await owner.press("Boris")
    await owner.expect("Role: operator", kind="edited")
    await owner.press("Change campaigns")
    await owner.expect("Which campaigns of", kind="edited")
    await owner.press("All campaigns")
    await owner.expect("they now see all campaigns", kind="edited")
    await buyer.expect("The owner changed which campaigns")
    member = await app.members.member(tracker.id, buyer.id)
    assert member is not None and member.scope is None
