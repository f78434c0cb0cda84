"""The services every feature shares, against SQLite and the Keitaro emulator: the one access decision
(services/access.py) and the tracker → client service (services/clients.py)."""

from __future__ import annotations

from datetime import date
from itertools import pairwise

import pytest

from keitaro import ClientPool, ReportQuery
from services.access import ROLE_ACTIONS, Access, Action, Place, allows, in_chat
from services.clients import TrackerClients
from storage import Database, SecretBox, Tracker, TrackerRepo, UserRepo
from storage.alert_groups import AlertGroupRepo
from storage.alerts import AlertRepo
from storage.members import MEMBER_ROLES, MemberRepo
from storage.oncall import OncallRepo, Rotation
from storage.outbox import OutboxRepo
from storage.subscriptions import SubscriptionRepo
from tests.component.keys import ADMIN
from tests.fakes.keitaro import KeitaroEmulator

OWNER, ADMIN_USER, ON_DUTY, BACKUP, STRANGER = 1, 2, 3, 4, 5
TEAM = -100500
BOX = SecretBox("component-test-secret-0123456789")


async def _tracker(db: Database, url: str = "http://127.0.0.1:1", key: str = "k" * 20) -> Tracker:
    users, trackers = UserRepo(db), TrackerRepo(db, BOX)
    for uid in (OWNER, ADMIN_USER, ON_DUTY, BACKUP, STRANGER):
        await users.touch(uid, username=f"u{uid}", role="user")
    draft = await trackers.create_draft(OWNER, name="Main", admin_url=url, api_key=key)
    return await trackers.finalize(OWNER, draft.id)


def _access(db: Database) -> Access:
    return Access(
        TrackerRepo(db, BOX),
        OncallRepo(db),
        SubscriptionRepo(db),
        AlertRepo(db),
        frozenset({ADMIN_USER}),
        members=MemberRepo(db),
    )


@pytest.mark.parametrize("action", list(Action))
async def test_the_owner_may_do_everything_a_stranger_nothing(db: Database, action: Action) -> None:
    tracker = await _tracker(db)
    access = _access(db)
    assert await access.tracker(OWNER, tracker.id, action) == tracker
    assert await access.active(OWNER, action) == tracker
    assert await access.trackers(OWNER, action) == [tracker]
    assert await access.tracker(STRANGER, tracker.id, action, where=Place(STRANGER)) is None
    assert await access.active(STRANGER, action) is None and await access.trackers(STRANGER, action) == []
    assert await access.tracker(OWNER, tracker.id + 99, action) is None  # a forged id finds nothing


async def test_a_bot_admin_may_set_the_rotation_and_nothing_else(db: Database) -> None:
    tracker = await _tracker(db)
    access = _access(db)
    assert await access.tracker(ADMIN_USER, tracker.id, Action.ONCALL) == tracker
    for action in set(Action) - {Action.ONCALL, Action.RESPOND}:
        assert await access.tracker(ADMIN_USER, tracker.id, action) is None, action
    # answering an alert needs a chat that hears the tracker
    assert await access.tracker(ADMIN_USER, tracker.id, Action.RESPOND, where=Place(TEAM)) is None


async def test_people_on_call_respond_to_alerts_only_from_a_chat_that_hears_the_tracker(db: Database) -> None:
    tracker = await _tracker(db)
    access = _access(db)
    await OncallRepo(db).save(
        Rotation(tracker.id, "weekly", (ON_DUTY,), "10:00", "UTC", date(2026, 1, 5), BACKUP, TEAM, 15, 3)
    )
    team = Place(TEAM)
    assert await access.tracker(ON_DUTY, tracker.id, Action.RESPOND, where=team) is None  # not subscribed
    await SubscriptionRepo(db).subscribe(TEAM, tracker.id, OWNER, "supergroup", "Night", "en")
    for person in (ON_DUTY, BACKUP, ADMIN_USER):
        assert await access.tracker(person, tracker.id, Action.RESPOND, where=team) == tracker, person
        assert await access.tracker(person, tracker.id, Action.TOGGLE, where=team) is None, person
    assert await access.tracker(STRANGER, tracker.id, Action.RESPOND, where=team) is None
    # a private chat hears the tracker when the alert was sent there
    alerts = AlertRepo(db)
    rule = await alerts.create(OWNER, tracker.id, "tracker_down", "Down", None, {}, "critical")
    alert = await alerts.open_alert(rule.id, "", tracker.id, "critical", "2026-01-05T10:00:00.000Z", 1.0)
    mine = Place(ON_DUTY, alert_id=alert.id)
    assert await access.tracker(ON_DUTY, tracker.id, Action.RESPOND, where=mine) is None
    row = await OutboxRepo(db).enqueue(ON_DUTY, {"type": "alert", "alert_id": alert.id, "event": "fire"})
    assert row
    (due,) = await OutboxRepo(db).due(1, db.now(), chat_id=ON_DUTY)
    await OutboxRepo(db).mark_sent(due.id, 77, db.now(), alert_id=alert.id)
    assert await access.tracker(ON_DUTY, tracker.id, Action.RESPOND, where=mine) == tracker
    # a storm's group message there (issue 19): the backup, told by an escalation, answers from it
    groups = AlertGroupRepo(db)
    group = await groups.create(tracker.id, "2026-01-05T10:00:00.000Z", "2026-01-05T10:01:00.000Z")
    backups = Place(BACKUP, group_id=group.id)
    assert await access.tracker(BACKUP, tracker.id, Action.RESPOND, where=backups) is None
    await groups.join(group.id, {alert.id: [BACKUP]})
    assert await access.tracker(BACKUP, tracker.id, Action.RESPOND, where=backups) == tracker
    assert (
        await access.tracker(STRANGER, tracker.id, Action.RESPOND, where=Place(BACKUP, group_id=group.id))
        is None
    )


async def test_in_a_team_chat_the_active_tracker_is_the_rooms(db: Database) -> None:
    """A group subscribed to a tracker is its team's room: a member's "active" tracker there is the
    room's (their own active choice elsewhere stays theirs); a stranger gets nothing."""
    main = await _tracker(db)
    trackers = TrackerRepo(db, BOX)
    draft = await trackers.create_draft(
        ON_DUTY, name="Mine", admin_url="http://127.0.0.1:2", api_key="m" * 20
    )
    mine = await trackers.finalize(ON_DUTY, draft.id)
    members = MemberRepo(db)
    token, _ = await members.invite(main.id, OWNER, "viewer", None)
    assert await members.redeem(token, ON_DUTY) is not None
    access = _access(db)
    own = await access.active(ON_DUTY, Action.VIEW)
    assert own is not None and own.id == mine.id  # joining did not change their active choice
    assert await access.in_room(ON_DUTY, TEAM) is None  # the group hears nothing yet: nobody's room
    await SubscriptionRepo(db).subscribe(TEAM, main.id, OWNER, "supergroup", "Night", "en")
    token = in_chat(TEAM)
    try:
        room = await access.active(ON_DUTY, Action.VIEW)
        assert room is not None and room.id == main.id and room.role == "viewer"
        assert await access.active(ON_DUTY, Action.TOGGLE) is None  # the role still decides
        assert await access.in_room(ON_DUTY, TEAM) is True and await access.in_room(STRANGER, TEAM) is False
        assert await access.active(STRANGER, Action.VIEW) is None
        owned = await access.active(OWNER, Action.ADMINISTER)
        assert owned is not None and owned.id == main.id
    finally:
        token.var.reset(token)
    outside = await access.active(ON_DUTY, Action.VIEW)
    assert outside is not None and outside.id == mine.id  # in a private chat: their own choice


def test_allows_reads_the_role_table() -> None:
    for role, actions in ROLE_ACTIONS.items():
        assert {a for a in Action if allows(role, a)} == actions
    assert not any(allows(None, a) for a in Action) and not allows("nobody", Action.VIEW)


async def test_the_client_service_keeps_the_report_dialect_across_pools(
    db: Database, emulator: KeitaroEmulator
) -> None:
    """A client learns its tracker's dialect once, saves it on the tracker row, and a client made
    later (a restart: a new pool) starts from the saved one without asking twice."""
    emulator.report_dialect = "dimensions"
    tracker = await _tracker(db, emulator.url, ADMIN)
    trackers = TrackerRepo(db, BOX)
    seen: list[str] = []
    first = TrackerClients(trackers, ClientPool(allow_private=True), remember_secret=seen.append)
    query = ReportQuery(range="today", timezone="UTC", dimensions=["campaign"], measures=["clicks"])
    before = len(emulator.requests)
    await first.for_tracker(tracker).reports.run(query, now=db.now())
    assert len(emulator.requests) - before == 2  # the old names refused, then the new ones
    saved = await trackers.get(OWNER, tracker.id)
    assert saved is not None and saved.report_dialect == "dimensions"
    assert ADMIN in seen  # the log redactor learned the key it decrypted
    await first.aclose()

    again = TrackerClients(trackers, ClientPool(allow_private=True), remember_secret=seen.append)
    before = len(emulator.requests)
    await again.for_tracker(saved).reports.run(query, now=db.now())
    assert len(emulator.requests) - before == 1
    assert again.for_tracker(saved) is again.for_tracker(saved)  # one pooled client per tracker
    await again.forget(tracker.id)
    assert tracker.id not in again.pool
    await again.aclose()


def test_the_role_table_grows_from_viewer_to_owner_and_names_every_stored_role() -> None:
    """viewer ⊂ operator ⊂ manager ⊂ owner; only the owner administers (key, members, removal)."""
    chain = [ROLE_ACTIONS[role] for role in ("viewer", "operator", "manager", "owner")]
    assert all(low < high for low, high in pairwise(chain))
    assert ROLE_ACTIONS["owner"] == frozenset(Action)
    assert [r for r, acts in ROLE_ACTIONS.items() if Action.ADMINISTER in acts] == ["owner"]
    assert ROLE_ACTIONS["viewer"] == {Action.VIEW}
    assert {Action.RESPOND, Action.TOGGLE, Action.POSTBACK_TEST} <= ROLE_ACTIONS["operator"]
    assert Action.WRITE not in ROLE_ACTIONS["operator"] and Action.WRITE in ROLE_ACTIONS["manager"]
    assert set(ROLE_ACTIONS) == {*MEMBER_ROLES, "owner"}
