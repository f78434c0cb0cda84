"""Issue 16, point 2: ownership is handed to a member with a yes from both sides — the owner offers,
the member accepts (and becomes the owner, with a key they can use) or declines (nothing changes);
a member whose own tracker has the same name is told to rename theirs first; role and scope changes
take effect at once."""

from __future__ import annotations

import pytest

from tests.conftest import BotRunner
from tests.e2e.helpers import add_tracker
from tests.e2e.team import join_team, owner_and_member
from tests.e2e.test_team_invite import open_members
from tests.fakes.keitaro import KeitaroEmulator
from tests.fakes.telegram import FakeTelegram, FakeUser

pytestmark = pytest.mark.usefixtures("bot")


async def offer(owner: FakeUser, member_name: str) -> None:
    await open_members(owner)
    await owner.press(member_name)
    await owner.expect("Role:", kind="edited")
    await owner.press("Hand over ownership")
    await owner.expect("They become the owner", kind="edited")
    await owner.press("Yes, offer it")
    await owner.expect(f"Offer sent to {member_name}", kind="edited")


async def test_offer_accept_new_owner_holds_the_key_old_owner_is_manager(
    tg: FakeTelegram, keitaro: KeitaroEmulator, runner: BotRunner
) -> None:
    owner, heir = tg.user(16101, first_name="Olga"), tg.user(16102, first_name="Boris")
    await add_tracker(owner, keitaro)
    app = runner.running.ctx
    (tracker,) = await app.trackers.list(owner.id)
    await heir.send("/start")
    await heir.expect("")
    await join_team(runner.running, owner, heir, tracker.id, "manager")

    await offer(owner, "Boris")
    asked = await heir.expect("Olga offers you the ownership of the tracker “Main”")
    assert (await app.trackers.find(tracker.id)).owner_id == owner.id  # type: ignore[union-attr]
    await heir.press("Become the owner", message=asked)
    await heir.expect("You are now the owner of “Main”", kind="edited")
    await owner.expect("Boris took over “Main”; you are now its manager.")

    moved = await app.trackers.find(tracker.id)
    assert moved is not None and moved.owner_id == heir.id
    assert (await app.members.member(tracker.id, owner.id)).role == "manager"  # type: ignore[union-attr]
    assert await app.members.member(tracker.id, heir.id) is None

    await heir.send("/trackers")
    await heir.expect("Your trackers")
    await heir.press("Main")
    card = await heir.expect("Main", kind="edited")
    labels = {b for row in card.buttons() for b in row}
    assert {"👥 Members", "📋 Audit"} <= labels and any("API key" in b for b in labels)
    assert "I cannot read the stored API key" not in card.text  # sealed again for the new owner
    await heir.press("Test connection")
    await heir.expect("Main: connected", kind="edited")

    await owner.send("/trackers")
    listing = await owner.expect("Your trackers")
    assert any("Main · manager" in b for row in listing.buttons() for b in row)

    audit = [e.action for e in await app.audit.for_tracker(tracker.id)]
    assert {"member.handover_offer", "member.handover_accept"} <= set(audit)

    # the old button does nothing twice
    await heir.press("Become the owner", message=asked)
    await heir.expect("This offer no longer stands", kind="edited")


async def test_decline_leaves_everything_as_it_was(
    tg: FakeTelegram, keitaro: KeitaroEmulator, runner: BotRunner
) -> None:
    owner, heir = tg.user(16111, first_name="Olga"), tg.user(16112, first_name="Boris")
    await add_tracker(owner, keitaro)
    app = runner.running.ctx
    (tracker,) = await app.trackers.list(owner.id)
    await heir.send("/start")
    await heir.expect("")
    await join_team(runner.running, owner, heir, tracker.id, "operator")

    await offer(owner, "Boris")
    await heir.expect("offers you the ownership")
    await heir.press("Decline")
    await heir.expect("You declined", kind="edited")
    await owner.expect("Boris declined to take over “Main”; nothing changed.")
    same = await app.trackers.find(tracker.id)
    assert same is not None and same.owner_id == owner.id
    assert (await app.members.member(tracker.id, heir.id)).role == "operator"  # type: ignore[union-attr]
    assert await app.members.handover(tracker.id) is None


async def test_a_tracker_of_the_same_name_must_be_renamed_first(
    tg: FakeTelegram, keitaro: KeitaroEmulator, runner: BotRunner
) -> None:
    owner, heir = tg.user(16121, first_name="Olga"), tg.user(16122, first_name="Boris")
    await add_tracker(owner, keitaro)
    await add_tracker(heir, keitaro)  # Boris has his own “Main”
    app = runner.running.ctx
    (tracker,) = await app.trackers.list(owner.id)
    await join_team(runner.running, owner, heir, tracker.id, "manager")
    await offer(owner, "Boris")
    await heir.expect("offers you the ownership")
    qid = await heir.press("Become the owner")
    answer = await heir.callback_answer(qid)
    assert "Rename yours in /trackers first" in str(answer.get("text"))
    assert (await app.trackers.find(tracker.id)).owner_id == owner.id  # type: ignore[union-attr]


async def test_role_change_takes_effect_at_once(
    tg: FakeTelegram, keitaro: KeitaroEmulator, runner: BotRunner
) -> None:
    owner, buyer, tracker = await owner_and_member(tg, keitaro, runner, (16131, 16132), "operator")
    app = runner.running.ctx
    await buyer.send("/campaigns")
    await buyer.expect("Campaigns — Main")
    await buyer.press("FB US Nutra")
    card = await buyer.expect("FB US Nutra ·", kind="edited")

    await open_members(owner)
    await owner.press("Boris")
    await owner.expect("Role: operator", kind="edited")
    await owner.press("Change role")
    await owner.expect("It takes effect at once", kind="edited")
    await owner.press("Viewer")
    await owner.expect("Role changed: now viewer", kind="edited")
    await buyer.expect("Your role on “Main” is now: viewer.")

    seen = len(keitaro.requests)
    qid = await buyer.press("Disable", message=card)
    answer = await buyer.callback_answer(qid)
    assert "Your role on" in str(answer.get("text")) + buyer.screen()
    assert keitaro.state.campaigns[1]["state"] == "active"
    assert not [r for r in keitaro.requests[seen:] if r.method != "GET"]
    assert (await app.members.member(tracker.id, buyer.id)).role == "viewer"  # type: ignore[union-attr]
