"""A tracker's team in SQLite (issue 16, step 1): invitations that work once, members with a
role and a buyer scope, and nothing of a token but its hash on disk."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from services.clock import ShiftedClock
from storage import Database, SecretBox, TrackerRepo, UserRepo
from storage.members import MEMBER_ROLES, MemberRepo, Scope, token_hash
from storage.oncall import OncallRepo, Rotation

pytestmark = pytest.mark.date_sensitive  # invitations expire on the ``db`` fixture's clock

OWNER, BUYER, OTHER = 100, 200, 300


async def tracker_of_owner(db: Database) -> int:
    await UserRepo(db).touch(OWNER, username=None, role="user")
    trackers = TrackerRepo(db, SecretBox(b"k" * 32))
    draft = await trackers.create_draft(OWNER, name="Main", admin_url="https://k.example", api_key="x" * 24)
    return (await trackers.finalize(OWNER, draft.id)).id


async def test_an_invitation_makes_a_member_once_with_its_role_and_scope(db: Database) -> None:
    repo, tracker = MemberRepo(db), await tracker_of_owner(db)
    scope = Scope(groups=(3, 5), prefix="Oleg ")
    token, invitation = await repo.invite(tracker, OWNER, "operator", scope)
    assert len(token) >= 32 and invitation.role == "operator" and invitation.scope == scope
    assert [i.id for i in await repo.pending(tracker)] == [invitation.id]
    member = await repo.redeem(token, BUYER)
    assert member is not None and (member.role, member.scope, member.invited_by) == ("operator", scope, OWNER)
    assert await repo.redeem(token, OTHER) is None  # used: the same answer as a guess
    assert await repo.member(tracker, OTHER) is None
    assert await repo.pending(tracker) == []
    assert [m.tracker_id for m in await repo.memberships(BUYER)] == [tracker]


async def test_expired_revoked_guessed_and_owner_tokens_all_answer_none(
    db: Database, clock: ShiftedClock
) -> None:
    repo, tracker = MemberRepo(db), await tracker_of_owner(db)
    expiring, _ = await repo.invite(tracker, OWNER, "viewer", ttl=timedelta(hours=1))
    revoked, invitation = await repo.invite(tracker, OWNER, "viewer")
    own, _ = await repo.invite(tracker, OWNER, "manager")
    assert await repo.revoke(tracker, invitation.id) and not await repo.revoke(tracker, invitation.id)
    clock.offset += timedelta(hours=1, seconds=1)
    for token in (expiring, revoked, "A" * 32, ""):
        assert await repo.open_invitation(token) is None
        assert await repo.redeem(token, BUYER) is None
    assert await repo.redeem(own, OWNER) is None  # the owner is not made a member of their tracker
    assert await repo.members(tracker) == []


def database_bytes(folder: Path) -> bytes:
    """The database file and its WAL and shared-memory files, as they are on disk."""
    return b"".join(p.read_bytes() for p in folder.glob("bot.sqlite3*"))


async def test_only_the_hash_of_a_token_is_stored(db: Database, tmp_path: Path) -> None:
    repo, tracker = MemberRepo(db), await tracker_of_owner(db)
    token, _ = await repo.invite(tracker, OWNER, "viewer")
    stored = await db.fetch_value("SELECT token_hash FROM invitations")
    assert stored == token_hash(token) and token not in stored
    if db.dialect == "sqlite":
        await db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        assert token.encode() not in database_bytes(tmp_path)
    else:  # every row of every table, as text
        tables = await db.fetch_all(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
        )
        for (table,) in tables:
            rows = await db.fetch_all(f'SELECT t::text FROM "{table}" AS t')
            assert all(token not in row[0] for row in rows), table


async def test_roles_change_members_leave_and_the_tracker_takes_its_team_along(db: Database) -> None:
    repo, tracker = MemberRepo(db), await tracker_of_owner(db)
    token, _ = await repo.invite(tracker, OWNER, "viewer")
    await repo.redeem(token, BUYER)
    assert await repo.set_role(tracker, BUYER, "manager", None)
    assert (await repo.member(tracker, BUYER)).role == "manager"  # type: ignore[union-attr]
    with pytest.raises(ValueError, match="role"):
        await repo.set_role(tracker, BUYER, "owner", None)  # ownership is not a member's role
    with pytest.raises(ValueError, match="role"):
        await repo.invite(tracker, OWNER, "admin")
    assert set(MEMBER_ROLES) == {"viewer", "operator", "manager"}
    await repo.invite(tracker, OWNER, "viewer")
    await db.execute("DELETE FROM trackers WHERE id = ?", (tracker,))  # removing the tracker
    assert await repo.members(tracker) == [] and await repo.pending(tracker) == []
    assert await db.fetch_value("SELECT COUNT(*) FROM invitations") == 0
    token, _ = await MemberRepo(db).invite(await tracker_of_owner(db), OWNER, "viewer")
    assert await repo.redeem(token, BUYER) is not None
    assert await repo.remove((await repo.memberships(BUYER))[0].tracker_id, BUYER)
    assert await repo.memberships(BUYER) == []


def test_a_scope_round_trips_and_empty_is_none() -> None:
    scope = Scope(groups=(7,), prefix="buyer-a")
    assert Scope.from_json(scope.to_json()) == scope
    assert Scope().to_json() is None and Scope.from_json(None) is None


async def test_a_member_who_goes_leaves_the_rotation_and_the_backup(db: Database) -> None:
    tracker = await tracker_of_owner(db)
    oncall = OncallRepo(db)
    assert not await oncall.drop_person(tracker, BUYER)  # no rotation yet
    await oncall.save(
        Rotation(
            tracker_id=tracker, rotation="weekly", people=(OWNER, BUYER, OTHER), handover="10:00",
            timezone="UTC", started_on=date(2026, 1, 5), backup_id=BUYER, team_chat_id=None,
            escalate_minutes=15, max_repeats=3,
        )
    )  # fmt: skip
    assert await oncall.drop_person(tracker, BUYER)
    rotation = await oncall.get(tracker)
    assert rotation is not None and rotation.people == (OWNER, OTHER) and rotation.backup_id is None
    assert not await oncall.drop_person(tracker, BUYER)  # already out: nothing to say
    assert await oncall.drop_person(tracker, OTHER)
    after = await oncall.get(tracker)
    assert after is not None and after.people == (OWNER,) and after.handover == "10:00"


async def test_join_pressed_in_another_process_redeems_the_link_opened_in_this_one(db: Database) -> None:
    """Several workers: the link opened on one, ✅ Join pressed on another (or after a restart). The
    database remembers which invitation the person opened — never the token."""
    repo, tracker = MemberRepo(db), await tracker_of_owner(db)
    token, invitation = await repo.invite(tracker, OWNER, "operator")
    await repo.mark_opened(invitation.id, BUYER)
    later = MemberRepo(db)  # another process's repository on the same database
    assert await later.redeem_opened(invitation.id + 1, OTHER) is None  # never opened by them
    assert (await later.opened(BUYER)) == invitation
    member = await later.redeem_opened(invitation.id, BUYER)
    assert member is not None and member.role == "operator"
    assert await later.opened(BUYER) is None  # used: forgotten, and the link is dead
    assert await repo.open_invitation(token) is None
    rows = await db.fetch_all("SELECT * FROM invitation_opens")
    assert rows == []
    _, second = await repo.invite(tracker, OWNER, "viewer")
    await repo.mark_opened(second.id, OTHER)
    await repo.revoke(tracker, second.id)
    assert await later.redeem_opened(second.id, OTHER) is None  # revoked after it was opened
