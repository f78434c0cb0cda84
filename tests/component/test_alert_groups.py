"""Alert groups in storage (issue 19, storms), on SQLite and on PostgreSQL: a group collects until
its window ends, alerts join it (each chat's listing kept apart), its message is the outbox row with
its dedup key, and it resolves and reminds once."""

from __future__ import annotations

from datetime import timedelta

from storage import Database, SecretBox, TrackerRepo, UserRepo
from storage.alert_groups import AlertGroupRepo, fire_key
from storage.alerts import AlertRepo
from storage.outbox import NewRow, OutboxRepo
from storage.timefmt import to_iso

OWNER, CHAT, TEAM = 100, 100, -100500


async def two_alerts(db: Database) -> tuple[int, list[int]]:
    await UserRepo(db).touch(OWNER, username=None, role="user")
    trackers = TrackerRepo(db, SecretBox(b"k" * 32))
    draft = await trackers.create_draft(OWNER, name="Main", admin_url="https://k.example", api_key="x" * 24)
    tracker = (await trackers.finalize(OWNER, draft.id)).id
    alerts, ids = AlertRepo(db), []
    for n in (1, 2):
        rule = await alerts.create(OWNER, tracker, "roi_below", f"rule {n}", 1, {}, "warning")
        ids.append(
            (await alerts.open_alert(rule.id, "campaign:1", tracker, "warning", to_iso(db.now()), -5.0)).id
        )
    return tracker, ids


async def test_a_group_collects_joins_lists_per_chat_and_closes_once(db: Database) -> None:
    tracker, (first, second) = await two_alerts(db)
    repo, now = AlertGroupRepo(db), db.now()
    group = await repo.create(tracker, to_iso(now), to_iso(now + timedelta(seconds=60)))
    assert (await repo.collecting(tracker, to_iso(now + timedelta(seconds=30)))) == group
    assert await repo.collecting(tracker, to_iso(now + timedelta(seconds=61))) is None
    await repo.join(group.id, {first: [CHAT, TEAM], second: [CHAT]})
    await repo.join(group.id, {first: [CHAT, TEAM]})  # again (a tick redone): nothing twice
    assert await repo.group_of(first) == group.id and await repo.group_of(second) == group.id
    assert [a.id for a in await repo.alerts(group.id)] == [first, second]
    assert [a.id for a in await repo.alerts_for(group.id, CHAT)] == [first, second]
    assert [a.id for a in await repo.alerts_for(group.id, TEAM)] == [first]
    assert await repo.chats(group.id) == [TEAM, CHAT]
    assert await repo.remind(group.id, to_iso(now)) and not await repo.remind(group.id, to_iso(now))
    assert await repo.resolve(group.id, to_iso(now)) and not await repo.resolve(group.id, to_iso(now))
    assert await repo.collecting(tracker, to_iso(now)) is None  # resolved: collects nothing


async def test_the_group_message_is_the_sent_outbox_row_with_its_key(db: Database) -> None:
    tracker, _alerts = await two_alerts(db)
    repo, outbox, now = AlertGroupRepo(db), OutboxRepo(db), db.now()
    group = await repo.create(tracker, to_iso(now), to_iso(now))
    payload = {"type": "alert_group", "group_id": group.id, "event": "fire"}
    assert await outbox.enqueue_many([NewRow(TEAM, payload, dedup_key=fire_key(group.id, TEAM))]) == 1
    assert await repo.message(group.id, TEAM) is None  # queued, not sent
    row = (await outbox.due(10, now + timedelta(seconds=1)))[0]
    await outbox.mark_sent(row.id, 777, now)
    assert await repo.message(group.id, TEAM) == 777
    assert await repo.message(group.id, CHAT) is None
