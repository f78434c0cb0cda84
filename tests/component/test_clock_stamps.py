"""Every timestamp the storage writes is the database clock's, never SQLite's (or Python's) wall clock.

A :class:`ManualClock` stands at an odd moment (the last two seconds of February 2031, a year that
is no leap year), a short scenario writes a row into every table that has a ``*_at`` column, the
clock moves three seconds (into March), the scenario changes those rows, and then every ``*_at``
value of every table is read back: each is exactly one of the two moments, the one the operation
stands for. A column the scenario does not reach fails the test too, so a new ``*_at`` column (or a
new table) has to be added here.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from aiogram.fsm.storage.base import StorageKey

from services.clock import ManualClock
from storage import AuditRepo, Database, MetaRepo, SavedReportRepo, SecretBox, TrackerRepo, UserRepo
from storage.alert_groups import AlertGroupRepo
from storage.alerts import AlertRepo, AlertStateRow
from storage.fsm import SqliteStorage
from storage.leases import LeaseRepo
from storage.maintenance import MaintenanceRepo
from storage.members import HANDOVER_TTL, INVITATION_TTL, MemberRepo
from storage.outbox import OutboxRepo
from storage.subscriptions import SubscriptionRepo
from storage.timefmt import to_iso

T1 = datetime(2031, 2, 28, 23, 59, 58, 123_000, tzinfo=UTC)
T2 = T1 + timedelta(seconds=3)  # 2031-03-01T00:00:01.123Z
OWNER, OTHER = 41, 42
KEY = StorageKey(bot_id=1, chat_id=OWNER, user_id=OWNER)


@pytest.fixture
async def clocked(tmp_path: Path) -> AsyncIterator[tuple[Database, ManualClock]]:
    clock = ManualClock(T1)
    db = Database(tmp_path / "stamps.sqlite3", clock=clock)
    await db.open()
    yield db, clock
    await db.close()


async def stamp_columns(db: Database) -> list[tuple[str, str]]:
    """Every (table, column) of the schema whose name ends in ``_at``."""
    tables = [
        r["name"]
        for r in await db.fetch_all(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )
    ]
    found = []
    for table in tables:
        for column in await db.fetch_all(f"PRAGMA table_info({table})"):
            if str(column["name"]).endswith("_at"):
                found.append((table, str(column["name"])))
    return found


async def test_every_stamp_written_is_the_database_clocks(clocked: tuple[Database, ManualClock]) -> None:
    db, clock = clocked
    assert db.now() == T1 and to_iso(T1) == "2031-02-28T23:59:58.123Z"
    users, trackers = UserRepo(db), TrackerRepo(db, SecretBox(b"k" * 32))
    alerts, outbox, subs = AlertRepo(db), OutboxRepo(db), SubscriptionRepo(db)
    saved, audit, fsm = SavedReportRepo(db), AuditRepo(db), SqliteStorage(db)

    # --- at T1: a row in every table that has a stamp
    for uid in (OWNER, OTHER):
        await users.touch(uid, username=f"u{uid}", role="user")
    draft = await trackers.create_draft(OWNER, name="Main", admin_url="https://k.example", api_key="x" * 20)
    tracker = await trackers.finalize(OWNER, draft.id)
    await audit.record(OWNER, "tracker.add", tracker_id=tracker.id)
    report = await saved.save(OWNER, "Morning", {"range": "today"})
    rule = await alerts.create(OWNER, tracker.id, "tracker_down", "Down", None, {}, "critical")
    await alerts.save_state(AlertStateRow(rule.id, "", "firing", to_iso(clock())))
    alert = await alerts.open_alert(rule.id, "", tracker.id, "critical", to_iso(clock()), 1.0)
    await alerts.update_alert(alert.id, last_notified_at=to_iso(clock()), escalate_at=to_iso(clock()))
    await alerts.ack(alert.id, OWNER, "owner", to_iso(clock()))
    await alerts.automation.schedule(alert.id, to_iso(clock()), {"status": "scheduled"})
    assert await alerts.automation.claim(alert.id, to_iso(clock()))
    await subs.subscribe(OWNER, tracker.id, OWNER, "private", None, "en")
    await outbox.enqueue(OWNER, {"type": "text", "text": "hi"})
    [row] = await outbox.due(10, clock())
    await outbox.mark_sent(row.id, 7, clock())
    await fsm.set_state(KEY, "Form:name")
    await fsm.set_data(replace(KEY, user_id=OTHER, chat_id=OTHER), {"k": 1})
    await fsm.flush()
    meta = MetaRepo(db)
    await meta.write_key_check(SecretBox(b"k" * 32))
    await meta.set_bot_id(1)
    members = MemberRepo(db)
    joining, first = await members.invite(tracker.id, OWNER, "viewer")
    _unused, second = await members.invite(tracker.id, OWNER, "operator")
    hour_later = to_iso(T1 + timedelta(hours=1))  # maintenance windows (issue 19, part 3)
    maintenance = MaintenanceRepo(db)
    window = await maintenance.create(
        tracker.id, target="tracker", created_by=OWNER, starts_at=to_iso(clock()), ends_at=hour_later
    )
    await maintenance.begin(window.id, "once", to_iso(clock()), hour_later)
    await maintenance.mark_started(window.id, "once", to_iso(clock()))
    groups = AlertGroupRepo(db)  # storms (issue 19, part 2)
    group = await groups.create(tracker.id, to_iso(clock()), hour_later)

    # --- three seconds later, in March: the same rows changed
    clock.advance(timedelta(seconds=3))
    assert clock() == T2
    await users.touch(OWNER, username="renamed", role="user")
    assert await trackers.rename(OWNER, tracker.id, "Main 2")
    await saved.save(OWNER, "morning", {"range": "yesterday"}, replace=True)
    await alerts.mute(rule.id, to_iso(clock() + timedelta(hours=1)))
    await alerts.save_state(AlertStateRow(rule.id, "", "ok", to_iso(clock())))
    assert await alerts.automation.undone(alert.id, to_iso(clock()), {"status": "undone"})
    assert await alerts.resolve(alert.id, to_iso(clock()), 0.0)
    await subs.subscribe(OWNER, tracker.id, OWNER, "private", None, "ru")  # an update keeps created_at
    await fsm.set_state(KEY, "Form:age")
    await fsm.flush()
    await meta.set_bot_id(2)
    assert await members.redeem(joining, OTHER) is not None
    assert await members.revoke(tracker.id, second.id)
    await members.offer_handover(tracker.id, OWNER, OTHER)
    await members.mark_opened(first.id, OWNER)
    assert await LeaseRepo(db).try_acquire("alert-engine", "p1", 30.0, clock()) is not None
    assert await maintenance.cancel(tracker.id, window.id, OWNER, to_iso(clock()))
    await maintenance.finish(window.id, "once", to_iso(clock()), suppressed=0, still_firing=0)
    assert await groups.remind(group.id, to_iso(clock()))
    assert await groups.resolve(group.id, to_iso(clock()))

    t1, t2 = to_iso(T1), to_iso(T2)
    expected: dict[tuple[str, str], dict[str, str]] = {
        # (table, column) → {row key: stamp}
        ("users", "created_at"): {str(OWNER): t1, str(OTHER): t1},
        ("users", "last_seen_at"): {str(OWNER): t2, str(OTHER): t1},
        ("trackers", "created_at"): {str(tracker.id): t1},
        ("trackers", "updated_at"): {str(tracker.id): t2},
        ("audit", "created_at"): {"1": t1},
        ("saved_reports", "created_at"): {str(report.id): t1},
        ("saved_reports", "updated_at"): {str(report.id): t2},
        ("alert_rules", "created_at"): {str(rule.id): t1},
        ("alert_rules", "updated_at"): {str(rule.id): t2},
        ("alert_states", "updated_at"): {str(rule.id): t2},
        ("alerts", "opened_at"): {str(alert.id): t1},
        ("alerts", "resolved_at"): {str(alert.id): t2},
        ("alerts", "last_notified_at"): {str(alert.id): t1},
        ("alerts", "acked_at"): {str(alert.id): t1},
        ("alerts", "escalate_at"): {str(alert.id): t1},
        ("alerts", "auto_scheduled_at"): {str(alert.id): t1},
        ("alerts", "auto_done_at"): {str(alert.id): t1},
        ("alerts", "auto_undone_at"): {str(alert.id): t2},
        ("subscriptions", "created_at"): {"1": t1},
        ("outbox", "created_at"): {str(row.id): t1},
        ("outbox", "sent_at"): {str(row.id): t1},
        ("meta", "updated_at"): {"key_check": t1, "bot_id": t2},
        ("members", "joined_at"): {str(OTHER): t2},
        ("invitations", "created_at"): {str(first.id): t1, str(second.id): t1},
        ("invitations", "expires_at"): {str(i.id): to_iso(T1 + INVITATION_TTL) for i in (first, second)},
        ("invitations", "used_at"): {str(first.id): t2},
        ("invitations", "revoked_at"): {str(second.id): t2},
        ("handovers", "created_at"): {str(tracker.id): t2},
        ("handovers", "expires_at"): {str(tracker.id): to_iso(T2 + HANDOVER_TTL)},
        ("invitation_opens", "opened_at"): {str(OWNER): t2},
        ("leases", "expires_at"): {"alert-engine": to_iso(T2 + timedelta(seconds=30))},
        ("maintenance_windows", "created_at"): {str(window.id): t1},
        ("maintenance_windows", "starts_at"): {str(window.id): t1},
        ("maintenance_windows", "ends_at"): {str(window.id): hour_later},
        ("maintenance_windows", "cancelled_at"): {str(window.id): t2},
        ("maintenance_occurrences", "starts_at"): {"once": t1},
        ("maintenance_occurrences", "ends_at"): {"once": hour_later},
        ("maintenance_occurrences", "start_announced_at"): {"once": t1},
        ("maintenance_occurrences", "end_announced_at"): {"once": t2},
        ("alert_groups", "opened_at"): {str(group.id): t1},
        ("alert_groups", "reminded_at"): {str(group.id): t2},
        ("alert_groups", "resolved_at"): {str(group.id): t2},
        ("fsm", "updated_at"): {
            fsm.key_builder.build(KEY): t2,
            fsm.key_builder.build(replace(KEY, user_id=OTHER, chat_id=OTHER)): t1,
        },
    }
    row_key = {
        "alert_states": "rule_id",
        "fsm": "key",
        "meta": "name",
        "members": "user_id",
        "handovers": "tracker_id",
        "invitation_opens": "user_id",
        "leases": "name",
        "maintenance_occurrences": "occurrence",
    }
    columns = await stamp_columns(db)
    assert set(columns) == set(expected), "a *_at column this test does not check (or no longer exists)"
    for table, column in columns:
        key = row_key.get(table, "id")
        found = {
            str(r[0]): r[1]
            for r in await db.fetch_all(f"SELECT {key}, {column} FROM {table} WHERE {column} IS NOT NULL")
        }
        assert found == expected[(table, column)], (table, column)


async def test_purges_count_age_by_the_database_clock(clocked: tuple[Database, ManualClock]) -> None:
    """A row written now is old only when the database's clock says so, however the wall clock runs."""
    db, clock = clocked
    fsm, outbox = SqliteStorage(db), OutboxRepo(db)
    await fsm.set_state(KEY, "Form:name")
    await fsm.flush()
    await outbox.enqueue(OWNER, {"type": "text", "text": "hi"})
    [row] = await outbox.due(10, clock())
    await outbox.mark_sent(row.id, 7, clock())

    clock.advance(timedelta(days=30))
    assert await fsm.purge_older_than(30) == 0  # exactly 30 days: not older
    assert await outbox.purge(clock() - timedelta(days=30)) == 0
    clock.advance(timedelta(seconds=1))
    assert await fsm.purge_older_than(30) == 1
    assert await fsm.get_state(KEY) is None
    assert await outbox.purge(clock() - timedelta(days=30)) == 1
