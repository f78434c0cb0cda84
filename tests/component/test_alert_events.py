"""The alert timeline's repository (issue 19, part 5) on SQLite and on PostgreSQL: events are appended
in order, ``fired``/``resolved``/``notified`` are recorded with the alert's own writes and never twice,
a note keeps its text as typed, and the history lists a tracker's recent alerts newest first."""

from __future__ import annotations

from datetime import timedelta

import pytest

from storage import Database, SecretBox, TrackerRepo, UserRepo
from storage.alerts import AlertRepo, to_iso
from storage.outbox import OutboxRepo

OWNER = 501


async def _setup(db: Database) -> tuple[AlertRepo, int, int]:
    await UserRepo(db).touch(OWNER, username="owner", role="user")
    trackers = TrackerRepo(db, SecretBox(b"k" * 32))
    draft = await trackers.create_draft(OWNER, name="Main", admin_url="https://k.example", api_key="x" * 20)
    tracker = await trackers.finalize(OWNER, draft.id)
    repo = AlertRepo(db)
    rule = await repo.create(OWNER, tracker.id, "tracker_down", "Down", None, {}, "critical")
    return repo, tracker.id, rule.id


async def test_fired_and_resolved_are_recorded_once_with_the_alert(db: Database) -> None:
    repo, tracker_id, rule_id = await _setup(db)
    opened = to_iso(db.now())
    alert = await repo.open_alert(rule_id, "", tracker_id, "critical", opened, 3.5)
    again = await repo.open_alert(rule_id, "", tracker_id, "critical", opened, 4.0)  # the same alert
    assert again.id == alert.id
    closed = to_iso(db.now() + timedelta(minutes=5))
    assert await repo.resolve(alert.id, closed, 1.0)
    assert not await repo.resolve(alert.id, closed, 1.0)  # closed already: nothing more
    events = await repo.events.of_alert(alert.id)
    assert [(e.kind, e.at) for e in events] == [("fired", opened), ("resolved", closed)]
    assert events[0].detail == {"severity": "critical", "value": 3.5}
    assert events[1].detail == {"value": 1.0}


async def test_events_keep_order_actor_detail_and_dedup(db: Database) -> None:
    repo, tracker_id, rule_id = await _setup(db)
    now = db.now()
    alert = await repo.open_alert(rule_id, "", tracker_id, "critical", to_iso(now), 1.0)
    events = repo.events
    at = to_iso(now + timedelta(minutes=1))
    assert await events.record(alert.id, "acked", at=at, actor_id=7, actor_name="Oleg <b>")
    assert await events.record(alert.id, "escalated", at=at, detail={"step": 1, "chats": 2}, dedup="esc:1")
    assert not await events.record(alert.id, "escalated", at=at, detail={"step": 1}, dedup="esc:1")
    note = "  <i>restarted</i> the lander\nsecond line  "
    later = to_iso(now + timedelta(minutes=2))
    assert await events.record(
        alert.id, "note", at=later, actor_id=8, actor_name="Ann", detail={"text": note}
    )
    assert not await events.record(alert.id + 100, "note", at=later, detail={"text": "x"})  # no such alert
    with pytest.raises(ValueError, match="unknown"):
        await events.record(alert.id, "exploded", at=later)
    got = await events.of_alert(alert.id)
    assert [e.kind for e in got] == ["fired", "acked", "escalated", "note"]
    assert (got[1].actor_id, got[1].actor_name) == (7, "Oleg <b>")
    assert got[2].detail == {"chats": 2, "step": 1}
    assert got[3].detail["text"] == note  # kept exactly as typed


async def test_a_sent_alert_message_records_who_was_told_and_is_found_by_its_message(db: Database) -> None:
    repo, tracker_id, rule_id = await _setup(db)
    alert = await repo.open_alert(rule_id, "", tracker_id, "critical", to_iso(db.now()), 1.0)
    outbox = OutboxRepo(db)
    for chat in (OWNER, -100500):
        await outbox.enqueue(chat, {"type": "alert", "alert_id": alert.id, "event": "fire"})
    rows = await outbox.due(10, db.now())
    for number, row in enumerate(rows, start=40):
        await outbox.mark_sent(row.id, number, db.now(), alert_id=alert.id)
        await outbox.mark_sent(row.id, number, db.now(), alert_id=alert.id)  # marked again: once
    told = [e for e in await repo.events.of_alert(alert.id) if e.kind == "notified"]
    assert sorted(e.chat_id for e in told if e.chat_id is not None) == sorted([OWNER, -100500])
    assert await outbox.alert_of_message(-100500, 41) == alert.id
    assert await outbox.alert_of_message(-100500, 40) is None
    assert await outbox.alert_of_message(OWNER, 40) == alert.id
    # a repeat replaces the chat's stored message; the older one is still found by its outbox row
    await outbox.enqueue(OWNER, {"type": "alert", "alert_id": alert.id, "event": "repeat"})
    (repeat,) = await outbox.due(10, db.now())
    await outbox.mark_sent(repeat.id, 77, db.now(), alert_id=alert.id)
    assert await outbox.alert_of_message(OWNER, 77) == alert.id
    assert await outbox.alert_of_message(OWNER, 40) == alert.id
    await outbox.enqueue(OWNER, {"type": "text", "key": "x"})
    (text,) = await outbox.due(10, db.now())
    await outbox.mark_sent(text.id, 78, db.now())
    assert await outbox.alert_of_message(OWNER, 78) is None  # a message about no alert


async def test_history_lists_recent_alerts_newest_first(db: Database) -> None:
    repo, tracker_id, rule_id = await _setup(db)
    other = await repo.create(OWNER, tracker_id, "tracker_down", "Other", None, {}, "warning")
    now = db.now()
    old = await repo.open_alert(rule_id, "a", tracker_id, "critical", to_iso(now - timedelta(days=40)), 1.0)
    first = await repo.open_alert(rule_id, "b", tracker_id, "critical", to_iso(now - timedelta(days=3)), 1.0)
    second = await repo.open_alert(other.id, "", tracker_id, "warning", to_iso(now - timedelta(hours=2)), 1.0)
    since = to_iso(now - timedelta(days=30))
    assert [a.id for a in await repo.events.history(tracker_id, since)] == [second.id, first.id]
    assert [a.id for a in await repo.events.history(tracker_id, since, rule_ids=[rule_id])] == [first.id]
    assert await repo.events.history(tracker_id, since, rule_ids=[]) == []
    assert old.id not in [a.id for a in await repo.events.history(tracker_id, since)]
    await repo.delete(tracker_id, rule_id)  # the rule's alerts go, and their timelines with them
    assert await repo.events.of_alert(first.id) == []
