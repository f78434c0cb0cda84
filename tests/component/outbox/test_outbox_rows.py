"""The outbox's rows and the subscriptions on both backends: a dedup key is queued once and wakes the
sender, a waiting row holds back the later rows of its chat, the purge keeps what is pending, and
subscriptions follow their chat (also when a group becomes a supergroup)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from alerts.context import AlertsContext
from alerts.outbox import enqueue, wakeup
from storage.outbox import format_ts
from tests.component.outbox.support import TRACKER, add_alert, database, text, text_row


@pytest.mark.date_sensitive  # due times, deferrals and the purge compare times
async def test_a_dedup_key_is_queued_once_and_wakes_the_sender(ctx: AlertsContext) -> None:
    wake = wakeup(ctx)
    wake.clear()
    assert await enqueue(ctx, 10, text("a"), dedup_key="alert:1:fire")
    assert wake.is_set()
    wake.clear()
    assert not await enqueue(ctx, 10, text("a again"), dedup_key="alert:1:fire")
    assert not await enqueue(ctx, 11, text("other chat, same key"), dedup_key="alert:1:fire")
    assert not wake.is_set()  # nothing new: no reason to wake
    assert await enqueue(ctx, 10, text("b"))
    assert await enqueue(ctx, 10, text("b"))  # without a key nothing is deduplicated
    assert await ctx.outbox.pending_count() == 3
    due = await ctx.outbox.due(10, ctx.now())
    assert [r.payload["key"] for r in due] == ["a", "b", "b"]
    assert due[0].dedup_key == "alert:1:fire" and not due[0].silent


@pytest.mark.date_sensitive  # due times, deferrals and the purge compare times
async def test_a_waiting_row_holds_back_the_later_rows_of_its_chat(ctx: AlertsContext) -> None:
    now = ctx.now().replace(microsecond=0)  # the rows are stamped by the same clock
    outbox = ctx.outbox
    await outbox.enqueue(1, text_row("first to 1"))
    await outbox.enqueue(1, text_row("second to 1"))
    await outbox.enqueue(2, text_row("to 2"))
    first = (await outbox.due(10, now, chat_id=1))[0]
    await outbox.defer(first.id, now + timedelta(seconds=30), 1)

    assert [r.payload["key"] for r in await outbox.due(10, now)] == ["to 2"]
    assert await outbox.due_chats(now) == [2]
    assert await outbox.next_due(now) == now + timedelta(seconds=30)

    later = now + timedelta(seconds=31)
    assert [r.payload["key"] for r in await outbox.due(10, later)] == ["first to 1", "second to 1", "to 2"]
    assert await outbox.due_chats(later) == [1, 2]
    row = await outbox.get(first.id)
    assert row is not None and row.attempts == 1 and row.not_before == format_ts(now + timedelta(seconds=30))

    await outbox.mark_sent(first.id, 77, later)
    await outbox.fail((await outbox.due(10, later, chat_id=1))[0].id, "refused")
    assert await outbox.pending_count() == 1
    assert await outbox.retarget(2, 3) == 1
    assert [r.chat_id for r in await outbox.due(10, later)] == [3]
    assert await outbox.purge(later + timedelta(days=1)) == 2  # the sent and the failed row; pending stays
    assert await outbox.pending_count() == 1


async def test_subscriptions_follow_the_chat(ctx: AlertsContext) -> None:
    subs = ctx.subscriptions
    db = database(ctx)
    await db.execute(
        "INSERT INTO trackers (id, owner_id, name, admin_url, api_key_enc) VALUES (2, 1, ?, ?, ?)",
        ("u", "https://u", b"\x00"),
    )
    made = await subs.subscribe(-100, TRACKER, 1, "group", "Team", "ru", "warning")
    assert (made.chat_id, made.min_severity, made.active, made.is_group) == (-100, "warning", True, True)
    await subs.subscribe(5, TRACKER, 5, "private", None, "en")
    await subs.subscribe(5, 2, 5, "private", None, "en")
    assert [s.chat_id for s in await subs.for_tracker(TRACKER)] == [-100, 5]

    assert await subs.unsubscribe(5, TRACKER)
    assert not await subs.unsubscribe(5, TRACKER)
    assert [s.chat_id for s in await subs.for_tracker(TRACKER)] == [-100]
    assert [s.tracker_id for s in await subs.for_chat(5)] == [2]
    assert len(await subs.for_chat(5, include_inactive=True)) == 2
    again = await subs.subscribe(5, TRACKER, 5, "private", None, "ru", "critical")
    assert again.active and again.id == made.id + 1 and again.language == "ru"

    assert await subs.set_min_severity(-100, TRACKER, "critical")
    assert await subs.set_conversions(-100, TRACKER, True)
    assert await subs.set_digest_time(-100, TRACKER, "09:30")
    with pytest.raises(ValueError):
        await subs.set_min_severity(-100, TRACKER, "loud")
    with pytest.raises(ValueError):
        await subs.set_digest_time(-100, TRACKER, "9:30")
    group = await subs.get(-100, TRACKER)
    assert group is not None and (group.min_severity, group.conversions, group.digest_time) == (
        "critical",
        True,
        "09:30",
    )

    assert await subs.deactivate_chat(5) == 2
    assert await subs.for_chat(5) == []

    # a group becomes a supergroup: subscriptions and stored alert messages move to the new id;
    # a subscription the supergroup already had for the same tracker wins over the old one
    await add_alert(ctx, 7)
    await db.execute("INSERT INTO alert_messages (alert_id, chat_id, message_id) VALUES (7, -100, 3)")
    await subs.subscribe(-100, 2, 1, "group", "Team", "ru")
    await subs.subscribe(-1009, 2, 1, "supergroup", "Team", "en")
    assert await subs.migrate_chat(-100, -1009) == 1
    assert await subs.for_chat(-100, include_inactive=True) == []
    moved = {s.tracker_id: s for s in await subs.for_chat(-1009)}
    assert moved[TRACKER].chat_type == "supergroup" and moved[TRACKER].digest_time == "09:30"
    assert moved[2].language == "en"
    assert await ctx.outbox.alert_messages(7) == [(-1009, 3)]
