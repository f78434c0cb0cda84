"""Issue 16, points 1, 2, 7: the owner invites by a one-time link, a teammate joins with one tap, the
owner is told; dead links (expired, revoked, reused, guessed, the owner's own) all get the same clear
answer and make nobody a member; a viewer reads but has none of the owner's buttons; a removed member
reaches nothing; a member leaves (and the rotation with them)."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from services.clock import ShiftedClock
from storage.oncall import Rotation
from tests.conftest import BotRunner
from tests.e2e.helpers import add_tracker, speak_russian
from tests.e2e.team import join_team, owner_and_member
from tests.fakes.keitaro import KeitaroEmulator
from tests.fakes.telegram import FakeTelegram, FakeUser

pytestmark = pytest.mark.usefixtures("bot")

LINK = re.compile(r"https://t\.me/[A-Za-z0-9_]+\?start=([A-Za-z0-9_-]+)")
DEAD = "This invitation link no longer works — ask for a new one"


async def open_members(owner: FakeUser, tracker: str = "Main") -> None:
    await owner.send("/trackers")
    await owner.expect("Your trackers")
    await owner.press(tracker)
    await owner.expect(tracker, kind="edited")
    await owner.press("Members")
    await owner.expect("team")


async def invite(owner: FakeUser, role: str = "Viewer") -> str:
    """/trackers → Main → 👥 Members → ➕ Invite → role → All campaigns: the token of the link."""
    await open_members(owner)
    await owner.press("Invite")
    await owner.expect("pick the role", kind="edited")
    await owner.press(role)
    await owner.expect("Which campaigns", kind="edited")
    await owner.press("All campaigns")
    sent = await owner.expect("Forward this link")
    assert "works once" in sent.text and "24 hours" in sent.text
    found = LINK.search(sent.text)
    assert found is not None, sent.text
    await owner.expect("The invitation link is in the message above")
    return found.group(1)


async def test_invite_join_viewer_reads_and_owner_is_told(
    tg: FakeTelegram, keitaro: KeitaroEmulator, runner: BotRunner
) -> None:
    owner, buyer = tg.user(16001, first_name="Olga"), tg.user(16002, first_name="Boris")
    await add_tracker(owner, keitaro)
    token = await invite(owner)
    assert token not in str(await runner.running.ctx.audit.for_user(owner.id))
    await runner.running.ctx.audit.db.execute("PRAGMA wal_checkpoint(FULL)")
    on_disk = b"".join(p.read_bytes() for p in runner.tmp_path.glob("bot.sqlite3*"))
    assert token.encode() not in on_disk  # only its hash is stored

    await buyer.send(f"/start {token}")
    offer = await buyer.expect("invites you")
    assert "Olga" in offer.text and "Main" in offer.text and "viewer" in offer.text
    await buyer.press("Join")
    done = await buyer.expect("You are on the team", kind="edited")
    assert "viewer" in done.text and "/trackers" in done.text
    await owner.expect("Boris joined “Main” as viewer")

    await buyer.send("/trackers")
    listing = await buyer.expect("Your trackers")
    assert any("Main · viewer" in b for row in listing.buttons() for b in row)

    await buyer.send("/stats")
    await buyer.expect("Totals vs ", kind="edited")

    await buyer.send("/trackers")
    await buyer.expect("Your trackers")
    await buyer.press("Main")
    card = await buyer.expect("Your role: viewer", kind="edited")
    labels = {b for row in card.buttons() for b in row}
    for owners in ("Members", "Audit", "Remove", "Rename", "Replace API key", "Test connection"):
        assert not any(owners in b for b in labels), (owners, labels)
    assert any("Leave" in b for b in labels)

    # the owner's team screen names them
    await open_members(owner)
    team = owner.last_bot_message()
    assert team is not None and "Boris — viewer, all campaigns" in team.text


@pytest.mark.date_sensitive
async def test_expired_revoked_reused_guessed_and_own_links(
    tg: FakeTelegram, keitaro: KeitaroEmulator, runner: BotRunner, clock: ShiftedClock
) -> None:
    owner, late, other = tg.user(16011, first_name="Olga"), tg.user(16012), tg.user(16013)
    await add_tracker(owner, keitaro)
    app = runner.running.ctx
    (tracker,) = await app.trackers.list(owner.id)

    expiring = await invite(owner)
    clock.offset += timedelta(hours=24, minutes=1)
    await late.send(f"/start {expiring}")
    await late.expect(DEAD)

    revoked = await invite(owner)
    await open_members(owner)
    await owner.press("Revoke invitation")
    await owner.expect("Invitation revoked", kind="edited")
    await late.send(f"/start {revoked}")
    await late.expect(DEAD)

    used = await invite(owner, "Operator")
    await late.send(f"/start {used}")
    await late.expect("invites you")
    await late.press("Join")
    await late.expect("You are on the team", kind="edited")
    await other.send(f"/start {used}")
    await other.expect(DEAD)

    await other.send("/start " + "A" * 32)
    await other.expect(DEAD)

    own = await invite(owner)
    await owner.send(f"/start {own}")
    await owner.expect("is your own tracker: you cannot join it")

    assert [m.user_id for m in await app.members.members(tracker.id)] == [late.id]
    assert await app.members.memberships(other.id) == []


async def test_removed_member_reaches_nothing_and_is_told(
    tg: FakeTelegram, keitaro: KeitaroEmulator, runner: BotRunner
) -> None:
    owner, buyer, tracker = await owner_and_member(tg, keitaro, runner, (16021, 16022), "operator")
    app = runner.running.ctx

    await buyer.send("/campaigns")
    campaigns = await buyer.expect("Campaigns — Main")

    await open_members(owner)
    await owner.press("Boris")
    await owner.expect("Role: operator", kind="edited")
    await owner.press("Remove from team")
    await owner.expect("Remove Boris from “Main”?", kind="edited")
    await owner.press("Yes, remove")
    await owner.expect("Boris is no longer on the team", kind="edited")
    await buyer.expect("The owner removed you from “Main”")
    assert await app.members.member(tracker.id, buyer.id) is None

    seen = len(keitaro.requests)
    qid = await buyer.press("FB US Nutra", message=campaigns)
    answer = await buyer.callback_answer(qid)
    assert "no longer shared" in str(answer.get("text")) or "no longer shared" in buyer.screen()
    await buyer.send("/stats")
    await buyer.expect("tracker")
    assert len(keitaro.requests) == seen, keitaro.requests[seen:]


async def test_leaving_cleans_the_rotation_and_tells_the_owner(
    tg: FakeTelegram, keitaro: KeitaroEmulator, runner: BotRunner
) -> None:
    owner, buyer, tracker = await owner_and_member(tg, keitaro, runner, (16031, 16032), "manager")
    app = runner.running.ctx
    await app.alerts.oncall.save(
        Rotation(
            tracker_id=tracker.id, rotation="weekly", people=(owner.id, buyer.id), handover="10:00",
            timezone="UTC", started_on=date(2026, 1, 5), backup_id=buyer.id, team_chat_id=None,
            escalate_minutes=15, max_repeats=3,
        )
    )  # fmt: skip
    subs = app.alerts.subscriptions
    await subs.subscribe(buyer.id, tracker.id, buyer.id, "private", None, "en")  # their own chat
    await subs.subscribe(-100777, tracker.id, buyer.id, "supergroup", "Buyers", "en")  # a group they set up
    await subs.subscribe(owner.id, tracker.id, owner.id, "private", None, "en")

    await buyer.send("/trackers")
    await buyer.expect("Your trackers")
    await buyer.press("Main")
    await buyer.expect("Your role: manager", kind="edited")
    await buyer.press("Leave")
    await buyer.expect("Leave Main?", kind="edited")
    await buyer.press("No, stay")
    await buyer.expect("Your role: manager", kind="edited")
    assert await app.members.member(tracker.id, buyer.id) is not None
    await buyer.press("Leave")
    await buyer.expect("Leave Main?", kind="edited")
    await buyer.press("Yes, leave")
    await buyer.expect("You left “Main”", kind="edited")
    await owner.expect("Boris left “Main” and its on-call rotation.")
    await owner.expect("The notifications Boris set up for “Main” stopped (2 chats)")
    assert [s.chat_id for s in await subs.for_tracker(tracker.id)] == [owner.id]  # the owner's stays

    assert await app.members.member(tracker.id, buyer.id) is None
    rotation = await app.alerts.oncall.get(tracker.id)
    assert rotation is not None and rotation.people == (owner.id,) and rotation.backup_id is None
    assert [t.name for t in await app.trackers.list(buyer.id)] == []


async def test_removing_the_tracker_tells_its_members(
    tg: FakeTelegram, keitaro: KeitaroEmulator, runner: BotRunner
) -> None:
    owner, buyer = tg.user(16041, first_name="Olga"), tg.user(16042, first_name="Boris")
    await add_tracker(owner, keitaro)
    (tracker,) = await runner.running.ctx.trackers.list(owner.id)
    await speak_russian(buyer)  # told in their own language
    await join_team(runner.running, owner, buyer, tracker.id, "viewer")
    await owner.send("/trackers")
    await owner.expect("Your trackers")
    await owner.press("Main")
    await owner.expect("Main", kind="edited")
    await owner.press("Remove")
    await owner.expect("Remove Main", kind="edited")
    await owner.press("Yes, remove")
    await owner.expect("removed", kind="edited")
    await buyer.expect("Владелец удалил трекер «Main»")
