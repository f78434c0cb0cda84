"""The sender against each backend (on PostgreSQL claiming its rows, as one of several senders) and
the fake Telegram server (through TelegramTransport); the outbox's
own rows: test_outbox_rows.py, pacing: test_outbox_pacing.py.

What is promised (alerts/sender.py): written before sent, marked after Telegram confirmed, nothing
lost or doubled across a restart (one documented duplicate after a crash mid-send), paced to
Telegram's limits, 429 / 403 / migration handled, order per chat kept.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from alerts.context import AlertsContext
from alerts.model import Transport
from alerts.outbox import enqueue
from alerts.payloads import AlertEditPayload, AlertPayload, DigestPayload, Payload, TextPayload
from alerts.sender import Sender
from bot.transport import TelegramTransport
from tests.component.outbox.support import (
    CLAIM_SECONDS,
    FAST,
    TRACKER,
    Texts,
    add_alert,
    claims_run_out,
    database,
    equals,
    is_true,
    people,
    reopen,
    sent_texts,
    successful_sends,
    text,
    wait_until,
)
from tests.fakes.telegram import FakeTelegram

# ------------------------------------------------------------------------------------------ restart


async def test_a_restart_delivers_what_was_not_sent_exactly_once(
    tmp_path: Path, ctx: AlertsContext, tg: FakeTelegram, transport: TelegramTransport
) -> None:
    people(tg, 101, 102)
    for n in range(3):
        await enqueue(ctx, 101, text(f"to 101 #{n}"))
    for n in range(2):
        await enqueue(ctx, 102, text(f"to 102 #{n}"))

    # the first process stops while it waits a second before the next message to chat 101
    stop = asyncio.Event()
    first = Sender(ctx, transport)
    task = asyncio.create_task(first.run(stop))
    await tg.wait_call("sendMessage", lambda c: c.params["chat_id"] == 101)
    stop.set()
    await task
    sent_before = sent_texts(tg, 101) + sent_texts(tg, 102)
    assert 1 <= len(sent_before) < 5
    assert await ctx.outbox.pending_count() == 5 - len(sent_before)  # marked = sent, no more, no less
    await database(ctx).close()

    # a new process over the same database
    again = await reopen(ctx)
    try:
        assert await Sender(again, transport).drain() == 5 - len(sent_before)
        assert await Sender(again, transport).drain() == 0
        assert await again.outbox.pending_count() == 0
    finally:
        await database(again).close()
    assert sent_texts(tg, 101) == ["to 101 #0", "to 101 #1", "to 101 #2"]
    assert sent_texts(tg, 102) == ["to 102 #0", "to 102 #1"]
    assert len(successful_sends(tg)) == 5


class HangsAfterSending:
    """Delivers one message and then never returns: the process dies between send and mark."""

    def __init__(self, inner: Transport, victim: str) -> None:
        self.inner = inner
        self.victim = victim
        self.delivered = asyncio.Event()

    async def send(self, chat_id: int, payload: Payload, *, silent: bool) -> int | None:
        message_id = await self.inner.send(chat_id, payload, silent=silent)
        if isinstance(payload, TextPayload) and payload.key == self.victim:
            self.delivered.set()
            await asyncio.Event().wait()
        return message_id

    async def edit(self, chat_id: int, message_id: int, payload: AlertEditPayload) -> None:
        await self.inner.edit(chat_id, message_id, payload)


async def test_a_crash_between_send_and_mark_resends_that_one_message_once(
    tmp_path: Path, ctx: AlertsContext, tg: FakeTelegram, transport: TelegramTransport
) -> None:
    """The documented at-most-one duplicate (alerts/sender.py): better twice than never."""
    people(tg, 201, 202)
    await enqueue(ctx, 201, text("in flight"))
    await enqueue(ctx, 201, text("queued after it"))
    await enqueue(ctx, 202, text("elsewhere"))
    dying = HangsAfterSending(transport, "in flight")
    task = asyncio.create_task(Sender(ctx, dying, claim_seconds=CLAIM_SECONDS).run(asyncio.Event()))
    await asyncio.wait_for(dying.delivered.wait(), 10)
    await wait_until(lambda: equals(ctx.outbox.pending_count(), 2))  # "elsewhere" was sent and marked
    task.cancel()  # the crash
    with pytest.raises(asyncio.CancelledError):
        await task
    await database(ctx).close()

    again = await reopen(ctx)
    try:
        await claims_run_out(again)  # a crashed sender's claims hold its rows until they run out
        assert await Sender(again, transport).drain() == 2
        assert await again.outbox.pending_count() == 0
    finally:
        await database(again).close()
    assert sent_texts(tg, 201) == ["in flight", "in flight", "queued after it"]
    assert sent_texts(tg, 202) == ["elsewhere"]


# ------------------------------------------------------------------------------------------ failures


async def test_a_429_makes_the_sender_wait_and_still_deliver_everything_once(
    ctx: AlertsContext, tg: FakeTelegram, transport: TelegramTransport
) -> None:
    people(tg, 301, 302)
    for n in range(3):
        await enqueue(ctx, 301, text(f"a{n}"))
        await enqueue(ctx, 302, text(f"b{n}"))
    tg.fail_next("sendMessage", status=429, description="Too Many Requests: retry after 1", retry_after=1)
    stop = asyncio.Event()
    sender = Sender(
        ctx, transport, pacing=FAST, concurrency=1
    )  # one request at a time: none is in flight beside the 429
    task = asyncio.create_task(sender.run(stop))
    try:
        await wait_until(lambda: is_true(len(successful_sends(tg)) >= 6))
        await wait_until(lambda: equals(ctx.outbox.pending_count(), 0))
    finally:
        stop.set()
        await task

    sends = tg.calls_of("sendMessage")
    flood = next(c for c in sends if c.status == 429)
    after = [c for c in sends if c.at > flood.at]
    assert after and min(c.at for c in after) - flood.at >= 1.0  # waited what Telegram asked, overall
    assert Counter(c.params["chat_id"] for c in successful_sends(tg)) == {301: 3, 302: 3}
    assert sent_texts(tg, 301) == ["a0", "a1", "a2"] and sent_texts(tg, 302) == ["b0", "b1", "b2"]
    assert sender.stats["deferred"] == 1 and sender.stats["sent"] == 6


async def test_a_chat_that_blocked_the_bot_is_unsubscribed_and_never_retried(
    ctx: AlertsContext, tg: FakeTelegram, transport: TelegramTransport
) -> None:
    people(tg, 401, 402)
    tg.user(401).blocked = True
    await ctx.subscriptions.subscribe(401, TRACKER, 401, "private", None, "en")
    await ctx.subscriptions.subscribe(402, TRACKER, 402, "private", None, "en")
    await enqueue(ctx, 401, text("one"))
    await enqueue(ctx, 401, text("two"))
    await enqueue(ctx, 402, text("fine"))

    sender = Sender(ctx, transport)
    assert await sender.drain() == 3
    assert await sender.drain() == 0
    assert [s.chat_id for s in await ctx.subscriptions.for_tracker(TRACKER)] == [402]
    assert len([c for c in tg.calls_of("sendMessage") if c.params["chat_id"] == 401]) == 1
    assert sent_texts(tg, 402) == ["fine"]
    rows = await database(ctx).fetch_all("SELECT failed FROM outbox WHERE chat_id = 401")
    assert len(rows) == 2 and all(str(r["failed"]).startswith("chat gone") for r in rows)
    assert await ctx.outbox.pending_count() == 0


async def test_a_group_that_became_a_supergroup_is_followed(
    ctx: AlertsContext, tg: FakeTelegram, transport: TelegramTransport
) -> None:
    old, new = -500, -1_000_000_000_500
    tg.group(old, title="Team")
    await ctx.subscriptions.subscribe(old, TRACKER, 1, "group", "Team", "en", "warning")
    await add_alert(ctx, 9)
    await database(ctx).execute(
        "INSERT INTO alert_messages (alert_id, chat_id, message_id) VALUES (9, ?, 1)", (old,)
    )
    tg.migrate_group(old, new)
    await enqueue(ctx, old, text("first"))
    await enqueue(ctx, old, text("second"))

    sender = Sender(ctx, transport)
    await sender.drain()
    assert sent_texts(tg, new) == ["first", "second"]
    assert sent_texts(tg, old) == []
    assert sender.stats["migrated"] == 1
    (moved,) = await ctx.subscriptions.for_tracker(TRACKER)
    assert (moved.chat_id, moved.chat_type, moved.min_severity) == (new, "supergroup", "warning")
    assert await ctx.outbox.alert_messages(9) == [(new, 1)]
    rows = await database(ctx).fetch_all("SELECT chat_id, sent_at FROM outbox")
    assert all(r["chat_id"] == new and r["sent_at"] for r in rows)


class FailsTwice:
    def __init__(self, inner: Transport) -> None:
        self.inner = inner
        self.failures = 2

    async def send(self, chat_id: int, payload: Payload, *, silent: bool) -> int | None:
        if self.failures:
            self.failures -= 1
            raise ConnectionError("network down")
        return await self.inner.send(chat_id, payload, silent=silent)

    async def edit(self, chat_id: int, message_id: int, payload: AlertEditPayload) -> None:
        await self.inner.edit(chat_id, message_id, payload)


@pytest.mark.date_sensitive  # due times, deferrals and the purge compare times
async def test_other_errors_are_retried_with_backoff_then_given_up(
    ctx: AlertsContext, tg: FakeTelegram, transport: TelegramTransport
) -> None:
    from alerts.sender import Retry

    people(tg, 501)
    await enqueue(ctx, 501, text("eventually"))
    retry = Retry(max_attempts=3, base_seconds=0.05, max_seconds=0.1)
    stop = asyncio.Event()
    task = asyncio.create_task(Sender(ctx, FailsTwice(transport), pacing=FAST, retry=retry).run(stop))
    try:
        await wait_until(lambda: equals(ctx.outbox.pending_count(), 0))
    finally:
        stop.set()
        await task
    assert sent_texts(tg, 501) == ["eventually"]
    row = await ctx.outbox.get(1)
    assert row is not None and row.attempts == 2 and row.sent_at is not None

    # a 5xx is retried until max_attempts, then the row fails
    tg.fail_next("sendMessage", status=502, description="Bad Gateway", times=3)
    await enqueue(ctx, 501, text("unlucky"))
    stop = asyncio.Event()
    sender = Sender(ctx, transport, pacing=FAST, retry=retry)
    task = asyncio.create_task(sender.run(stop))
    try:
        await wait_until(lambda: equals(ctx.outbox.pending_count(), 0))
    finally:
        stop.set()
        await task
    unlucky = await ctx.outbox.get(2)
    assert (
        unlucky is not None and str(unlucky.failed).startswith("gave up after 3") and unlucky.sent_at is None
    )
    assert [c.status for c in tg.calls_of("sendMessage")][-3:] == [502, 502, 502]

    # Telegram refusing the request itself (400, here broken HTML) is not retried
    await enqueue(ctx, 501, text("<b>broken"))
    assert await sender.drain() == 1
    broken = await ctx.outbox.get(3)
    assert broken is not None and str(broken.failed).startswith("undeliverable") and broken.attempts == 0
    assert sender.stats["failed"] == 2
    assert sent_texts(tg, 501) == ["eventually"]


# ------------------------------------------------------------------------------------------ alerts


async def test_alert_messages_are_remembered_and_edited_in_place(
    ctx: AlertsContext, tg: FakeTelegram, transport: TelegramTransport, texts: Texts
) -> None:
    people(tg, 601, 602)
    await add_alert(ctx, 3)
    await enqueue(ctx, 601, AlertPayload(alert_id=3, event="fire"), dedup_key="a3:fire:601")
    await enqueue(ctx, 602, AlertPayload(alert_id=3, event="fire"), silent=True, dedup_key="a3:fire:602")
    await enqueue(ctx, 601, text("not an alert"))
    await enqueue(ctx, 601, DigestPayload(tracker_id=1, day=date(2026, 11, 26)))  # renders to nothing
    sender = Sender(ctx, transport, pacing=FAST)
    assert await sender.drain() == 4
    messages = dict(await ctx.outbox.alert_messages(3))
    assert set(messages) == {601, 602}
    assert [m.text for m in tg.bot_messages(601)] == ["alert 3 v1", "not an alert"]
    silent = {c.params["chat_id"]: c.params.get("disable_notification") for c in successful_sends(tg)}
    assert silent[602] is True and not silent[601]

    # the engine queues one edit per chat that has a message; one pass edits each message once
    texts.versions[3] = 2
    for chat_id in (601, 602):
        await enqueue(ctx, chat_id, AlertEditPayload(alert_id=3))
    assert await sender.drain() == 2
    for chat_id in (601, 602):
        (shown,) = [m for m in tg.bot_messages(chat_id) if m.message_id == messages[chat_id]]
        assert shown.text == "alert 3 v2" and shown.edits == 1 and shown.buttons() == [["Ack"]]
    assert len(tg.calls_of("editMessageText")) == 2
    assert sender.stats["superseded"] == 1

    await enqueue(ctx, 602, AlertEditPayload(alert_id=3))  # nothing changed: "not modified" is fine
    assert await sender.drain() == 1
    assert [c.status for c in tg.calls_of("editMessageText")][2:] == [400, 400]
    assert await ctx.outbox.pending_count() == 0
    assert sender.stats["failed"] == 0
