"""The access decision with a team (issue 16): what each role may do comes from the one table,
members see shared trackers as their own view (role, scope, their own active choice), a lowered
role or a removal takes effect at the next question and says why, the audit stamps the role, and
an ownership hand-over moves the key to the new owner."""

from __future__ import annotations

import pytest

from services.access import ROLE_ACTIONS, Access, Action, last_refusal
from storage import AuditRepo, Database, SecretBox, TrackerRepo, UserRepo
from storage.alerts import AlertRepo
from storage.members import MemberRepo, Scope
from storage.oncall import OncallRepo
from storage.subscriptions import SubscriptionRepo

pytestmark = pytest.mark.date_sensitive  # invitations and hand-overs expire on the db clock

OWNER, BUYER, LEAD = 100, 200, 300
BOX = SecretBox(b"k" * 32)
KEY = "owner-admin-api-key-0123456789"


async def _setup(db: Database) -> tuple[TrackerRepo, MemberRepo, Access, int]:
    users, trackers, members = UserRepo(db), TrackerRepo(db, BOX), MemberRepo(db)
    for uid in (OWNER, BUYER, LEAD):
        await users.touch(uid, username=f"u{uid}", role="user")
    draft = await trackers.create_draft(OWNER, name="Main", admin_url="https://k.example", api_key=KEY)
    tracker = await trackers.finalize(OWNER, draft.id)
    access = Access(
        trackers, OncallRepo(db), SubscriptionRepo(db), AlertRepo(db), frozenset(), members=members
    )
    return trackers, members, access, tracker.id


async def _join(
    members: MemberRepo, tracker_id: int, user: int, role: str, scope: Scope | None = None
) -> None:
    token, _ = await members.invite(tracker_id, OWNER, role, scope)
    assert await members.redeem(token, user) is not None


@pytest.mark.parametrize("role", ["viewer", "operator", "manager"])
async def test_a_member_may_do_exactly_what_the_table_gives_the_role(db: Database, role: str) -> None:
    trackers, members, access, tid = await _setup(db)
    await _join(members, tid, BUYER, role)
    for action in Action:
        allowed = action in ROLE_ACTIONS[role]
        found = await access.tracker(BUYER, tid, action)
        assert (found is not None) == allowed, (role, action)
        if not allowed:
            why = last_refusal()
            assert why is not None and why.role == role and why.tracker_name == "Main"
        assert (await access.active(BUYER, action) is not None) == allowed  # joined: active
        assert [t.id for t in await access.trackers(BUYER, action)] == ([tid] if allowed else [])
    shared = await trackers.get(BUYER, tid)
    assert shared is not None and shared.is_shared and shared.role == role and shared.viewer == BUYER
    assert ROLE_ACTIONS["viewer"] < ROLE_ACTIONS["operator"] < ROLE_ACTIONS["manager"] < ROLE_ACTIONS["owner"]


async def test_a_lowered_role_and_a_removal_take_effect_at_the_next_question(db: Database) -> None:
    _trackers, members, access, tid = await _setup(db)
    await _join(members, tid, BUYER, "manager")
    assert await access.tracker(BUYER, tid, Action.WRITE) is not None
    assert await members.set_role(tid, BUYER, "viewer", None)
    assert await access.tracker(BUYER, tid, Action.WRITE) is None
    assert last_refusal() is not None and last_refusal().role == "viewer"  # type: ignore[union-attr]
    assert await access.tracker(BUYER, tid, Action.VIEW) is not None
    assert await members.remove(tid, BUYER)
    assert await access.tracker(BUYER, tid, Action.VIEW) is None
    assert last_refusal() is not None and last_refusal().role is None  # type: ignore[union-attr]
    assert await access.active(BUYER, Action.VIEW) is None and await access.trackers(BUYER, Action.VIEW) == []


async def test_a_members_active_tracker_is_their_own_choice(db: Database) -> None:
    trackers, members, _access, tid = await _setup(db)
    draft = await trackers.create_draft(BUYER, name="Mine", admin_url="https://m.example", api_key=KEY)
    mine = await trackers.finalize(BUYER, draft.id)
    await _join(members, tid, BUYER, "viewer", Scope(prefix="B1 "))
    active = await trackers.get_active(BUYER)
    assert active is not None and active.id == mine.id  # joining keeps the active one
    assert [t.id for t in await trackers.list(BUYER)] == [mine.id, tid]
    assert await trackers.set_active(BUYER, tid)
    active = await trackers.get_active(BUYER)
    assert active is not None and active.id == tid and active.scope == Scope(prefix="B1 ")
    owner_view = await trackers.get_active(OWNER)
    assert owner_view is not None and owner_view.id == tid and owner_view.role == "owner"
    assert owner_view.scope is None  # the member's choice and scope are not the owner's
    await trackers.delete(OWNER, tid)  # the tracker goes: the member's next one becomes active
    active = await trackers.get_active(BUYER)
    assert active is not None and active.id == mine.id
    assert await members.memberships(BUYER) == []


async def test_the_audit_stamps_the_role_held_at_that_moment(db: Database) -> None:
    _trackers, members, _access, tid = await _setup(db)
    audit = AuditRepo(db)
    await _join(members, tid, BUYER, "operator")
    await audit.record(BUYER, "campaign.disable", tracker_id=tid, id=7)
    await audit.record(OWNER, "tracker.rename", tracker_id=tid, old="A", new="B")
    await members.set_role(tid, BUYER, "viewer", None)
    await audit.record(BUYER, "tracker.activate", tracker_id=tid)
    entries = await audit.for_tracker(tid)
    assert [(e.user_id, e.action, e.role) for e in entries] == [
        (BUYER, "tracker.activate", "viewer"),
        (OWNER, "tracker.rename", "owner"),
        (BUYER, "campaign.disable", "operator"),
    ]
    older = await audit.for_tracker(tid, limit=5, before_id=entries[1].id)
    assert [e.action for e in older] == ["campaign.disable"]


async def test_ownership_moves_only_on_an_open_offer_and_the_key_follows(db: Database) -> None:
    trackers, members, access, tid = await _setup(db)
    await _join(members, tid, LEAD, "manager")
    assert await trackers.transfer(tid, OWNER, LEAD) is None  # never offered
    await members.offer_handover(tid, OWNER, LEAD)
    assert await trackers.transfer(tid, OWNER, BUYER) is None  # offered to somebody else
    moved = await trackers.transfer(tid, OWNER, LEAD)
    assert moved is not None and moved.owner_id == LEAD
    assert trackers.api_key(moved) == KEY  # sealed again for the new owner
    assert await access.tracker(LEAD, tid, Action.ADMINISTER) is not None
    assert await access.tracker(OWNER, tid, Action.ADMINISTER) is None
    assert await access.tracker(OWNER, tid, Action.WRITE) is not None  # the old owner stays, as manager
    assert await members.handover(tid) is None
    assert await trackers.transfer(tid, OWNER, LEAD) is None  # the offer was used


async def test_a_person_is_told_things_in_their_language_before_they_chose_one(db: Database) -> None:
    users = UserRepo(db)
    fresh = await users.touch(BUYER, username=None, role="user", name="Борис", telegram_language="ru")
    assert (fresh.speaks, fresh.display()) == ("ru", "Борис")
    again = await users.touch(BUYER, username="boris", role="user")  # an update without them keeps both
    assert (again.speaks, again.name) == ("ru", "Борис")
    await users.set_language(BUYER, "en")
    chosen = await users.get(BUYER)
    assert chosen is not None and chosen.speaks == "en"  # their own choice wins
    assert await users.names([BUYER, 999]) == {BUYER: "Борис", 999: "999"}
