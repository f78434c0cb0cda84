"""Several senders on one outbox (issue 18, point 5): claims on the head rows of chats, so that a row
is sent by one sender only and a chat by one at a time, in order; a killed sender's rows are taken
over once its claims run out (at most one duplicate per message it had in flight); a graceful stop
hands them over at once; an alert's edits are made by one pass, and a send in flight elsewhere is
brought up to date after it lands."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from alerts.context import AlertsContext
from alerts.model import Transport
from alerts.outbox import enqueue, enqueue_many, notice
from alerts.payloads import AlertEditPayload, AlertPayload, Payload, TextPayload
from alerts.sender import Pacing, Sender
from bot.transport import TelegramTransport
from services.clock import ShiftedClock
from storage.outbox_claims import OutboxClaims
from tests.component.outbox.support import (
    FAST,
    TRACKER,
    Texts,
    add_alert,
    database,
    open_ctx,
    people,
    sent_texts,
    successful_sends,
    text,
)
from tests.conftest import BACKENDS
from tests.fakes.telegram import FakeTelegram, fake_bot
from tests.scaleout.alert_workers import pending, wait_for

# ------------------------------------------------------------------------------------ fixtures


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
async def ctx(
    tmp_path: Path, clock: ShiftedClock, backend: str, request: pytest.FixtureRequest
) -> AsyncIterator[AlertsContext]:
    url = str(request.getfixturevalue("pg_url")) if backend == "postgres" else None
    context = await open_ctx(tmp_path / "bot.sqlite3", clock, url)
    db = database(context)
    await db.execute("INSERT INTO users (id) VALUES (1)")
    await db.execute(
        "INSERT INTO trackers (id, owner_id, name, admin_url, api_key_enc) VALUES (?, 1, ?, ?, ?)",
        (TRACKER, "t", "https://k", b"\x00"),
    )
    yield context
    await db.close()


@pytest.fixture
async def workers(
    ctx: AlertsContext, tmp_path: Path, clock: ShiftedClock
) -> AsyncIterator[list[AlertsContext]]:
    """Three more processes on the test's PostgreSQL database (each its own pool)."""
    url = getattr(database(ctx), "url", None)
    assert url is not None, "several senders share a PostgreSQL database"
    contexts = [await open_ctx(tmp_path / "bot.sqlite3", clock, url) for _ in range(3)]
    yield contexts
    for context in contexts:
        await database(context).close()


postgres = pytest.mark.parametrize("backend", ["postgres"])

# ------------------------------------------------------------------------------------ the claims


@pytest.mark.date_sensitive  # claims run out by the clock
async def test_only_a_chat_s_head_row_is_claimed_and_by_one_sender(ctx: AlertsContext) -> None:
    outbox, now = ctx.outbox, ctx.now()
    a, b = OutboxClaims(outbox, "a"), OutboxClaims(outbox, "b")
    until, later = now + timedelta(seconds=30), now + timedelta(seconds=31)
    for chat, key in ((1, "1a"), (1, "1b"), (2, "2a"), (3, "3a")):
        await outbox.enqueue(chat, {"type": "text", "key": key})
    (waiting,) = await outbox.due(1, now, chat_id=3)
    await outbox.defer(waiting.id, now + timedelta(seconds=10), 1)

    heads = await a.heads(now, until, 10)
    assert [(r.chat_id, r.payload["key"], r.claimed_by) for r in heads] == [(1, "1a", "a"), (2, "2a", "a")]
    assert await b.heads(now, until, 10) == []  # held by a; 1b is not a head; 3a waits
    assert await b.next(1, now, until) is None
    again = await a.next(1, now, until)  # its own claim
    assert again is not None and again.payload["key"] == "1a"
    await outbox.mark_sent(heads[0].id, 11, now)
    second = await b.next(1, now, until)  # the next head is free: b takes it, a no longer can
    assert second is not None and second.payload["key"] == "1b"
    assert await a.next(1, now, until) is None
    assert await a.renew(until) == 1  # 2a
    assert await a.release() == 1
    assert [r.payload["key"] for r in await b.heads(now, until, 10)] == ["1b", "2a"]
    # b dies: its claims run out, and a takes the rows (3a is due by then too)
    taken = await a.heads(later, later + timedelta(seconds=30), 10)
    assert [(r.payload["key"], r.claimed_by) for r in taken] == [("1b", "a"), ("2a", "a"), ("3a", "a")]


@pytest.mark.date_sensitive
async def test_an_edit_pass_takes_the_alert_s_edit_rows_from_lanes_but_not_from_another_pass(
    ctx: AlertsContext,
) -> None:
    outbox, now = ctx.outbox, ctx.now()
    until = now + timedelta(seconds=30)
    a, b = OutboxClaims(outbox, "a"), OutboxClaims(outbox, "b")
    edit = {"type": "alert_edit", "alert_id": 5}
    for chat in (7, 8, 9):
        await outbox.enqueue(chat, edit)
    await outbox.enqueue(9, {"type": "alert_edit", "alert_id": 6})
    horizon = await outbox.last_id()
    await outbox.enqueue(10, edit)  # queued after the pass began: not its business
    assert [r.chat_id for r in await b.heads(now, until, 1)] == [7]  # a lane of b holds chat 7's row

    taken = await a.take_edits(5, horizon, now, until)
    rows = {r.chat_id: r for r in await outbox.due(10, now) if r.id in taken}
    assert sorted(rows) == [7, 8, 9] and {r.claimed_by for r in rows.values()} == {"a/edit/5"}
    assert await b.take_edits(5, horizon, now, until) == set()  # a's pass has them
    assert not await a.edits_after(5, horizon + 1) and await a.edits_after(5, horizon)
    assert not await a.edits_after(6, horizon)
    assert await a.release_pass(5) == 3
    assert len(await b.take_edits(5, horizon, now, until)) == 3


# ------------------------------------------------------------------------------------ senders


def sender(ctx: AlertsContext, tg: FakeTelegram, name: str, **options: Any) -> Sender:
    transport = options.pop("transport", None) or TelegramTransport(
        fake_bot(tg), options.pop("texts", Texts())
    )
    return Sender(ctx, transport, pacing=options.pop("pacing", FAST), worker=name, **options)


async def run_all(senders: list[Sender], until: Any) -> None:
    stop = asyncio.Event()
    tasks = [asyncio.create_task(s.run(stop)) for s in senders]
    try:
        await wait_for(until, what="all delivered")
    finally:
        stop.set()
        await asyncio.gather(*tasks)


@postgres
async def test_three_senders_send_every_row_once_and_each_chat_in_order(
    ctx: AlertsContext, workers: list[AlertsContext], tg: FakeTelegram
) -> None:
    chats = list(range(3000, 3060))
    people(tg, *chats)
    await enqueue_many(ctx, [notice(chat, text(f"{chat}-{n}")) for n in range(5) for chat in chats])
    senders = [sender(w, tg, f"s{i}", concurrency=2) for i, w in enumerate(workers)]  # 16 chats a claim
    await run_all(senders, lambda: _eq(pending(database(ctx)), 0))

    texts = Counter(c.params["text"] for c in successful_sends(tg))
    assert len(texts) == 300 and set(texts.values()) == {1}  # every row, once
    for chat in chats:
        assert sent_texts(tg, chat) == [f"{chat}-{n}" for n in range(5)]  # in order
    assert all(s.stats["sent"] > 0 for s in senders), [s.stats["sent"] for s in senders]
    assert sum(s.stats["sent"] for s in senders) == 300


class DeliversThenHangs:
    """Delivers every message, then never answers: the process dies with them in flight."""

    def __init__(self, inner: Transport) -> None:
        self.inner = inner
        self.delivered: list[str] = []

    async def send(self, chat_id: int, payload: Payload, *, silent: bool) -> int | None:
        await self.inner.send(chat_id, payload, silent=silent)
        assert isinstance(payload, TextPayload)
        self.delivered.append(payload.key)
        await asyncio.Event().wait()
        return None

    async def edit(self, chat_id: int, message_id: int, payload: AlertEditPayload) -> None:
        raise AssertionError("no edits here")


@postgres
async def test_a_killed_sender_s_rows_are_taken_over_when_its_claims_run_out(
    ctx: AlertsContext, workers: list[AlertsContext], tg: FakeTelegram
) -> None:
    chats = list(range(4000, 4040))
    people(tg, *chats)
    await enqueue_many(ctx, [notice(chat, text(f"{chat}-{n}")) for n in range(3) for chat in chats])
    dying = DeliversThenHangs(TelegramTransport(fake_bot(tg), Texts()))
    killed = sender(workers[0], tg, "killed", transport=dying, concurrency=3, claim_seconds=1.0)
    task = asyncio.create_task(killed.run(asyncio.Event()))
    await wait_for(lambda: _true(len(dying.delivered) == 3), what="three in flight")
    held = await database(ctx).fetch_value("SELECT COUNT(*) FROM outbox WHERE claimed_by = 'killed'")
    assert held == 16  # a claim's batch: 16 chats' heads
    task.cancel()  # the crash: claims left behind, three messages delivered but never marked
    await asyncio.gather(task, return_exceptions=True)

    heirs = [sender(w, tg, f"heir{i}") for i, w in enumerate(workers[1:])]
    await run_all(heirs, lambda: _eq(pending(database(ctx)), 0))
    texts = Counter(c.params["text"] for c in successful_sends(tg))
    assert len(texts) == 120
    assert {t for t, n in texts.items() if n > 1} == set(dying.delivered)  # one duplicate each
    assert max(texts.values()) == 2
    for chat in chats:  # in order; a message in flight at the crash twice, one right after the other
        twice = [[t, t] if t in dying.delivered else [t] for t in (f"{chat}-{n}" for n in range(3))]
        assert sent_texts(tg, chat) == [t for group in twice for t in group]


@postgres
async def test_a_graceful_stop_hands_the_rows_over_at_once(
    ctx: AlertsContext, workers: list[AlertsContext], tg: FakeTelegram
) -> None:
    chats = list(range(5000, 5010))
    people(tg, *chats)
    await enqueue_many(ctx, [notice(chat, text(f"{chat}-{n}")) for n in range(3) for chat in chats])
    slow = sender(workers[0], tg, "slow", pacing=Pacing(chat_interval=30.0), claim_seconds=600.0)
    stop = asyncio.Event()
    task = asyncio.create_task(slow.run(stop))
    claimed = database(ctx).fetch_value
    await wait_for(lambda: _true(slow.stats["sent"] == len(chats)), what="the first round")
    await wait_for(
        lambda: _eq(claimed("SELECT COUNT(*) FROM outbox WHERE claimed_by = 'slow' AND sent_at IS NULL"), 10),
        what="the first round sent, the second claimed",
    )
    stop.set()  # it waits half a minute per chat: stopped instead, it lets go of its claims
    await task
    assert await database(ctx).fetch_value("SELECT COUNT(*) FROM outbox WHERE claimed_by IS NOT NULL "
                                           "AND sent_at IS NULL") == 0  # fmt: skip
    assert await sender(workers[1], tg, "next").drain() == 2 * len(chats)  # no claim to wait for
    for chat in chats:
        assert sent_texts(tg, chat) == [f"{chat}-{n}" for n in range(3)]


@postgres
async def test_one_edit_pass_covers_the_alert_whichever_senders_hold_its_rows(
    ctx: AlertsContext, workers: list[AlertsContext], tg: FakeTelegram
) -> None:
    chats = list(range(6000, 6020))
    people(tg, *chats)
    await add_alert(ctx, 3)
    await enqueue_many(ctx, [notice(chat, AlertPayload(alert_id=3, event="fire")) for chat in chats])
    texts = Texts()
    assert await sender(ctx, tg, "first", texts=texts).drain() == len(chats)
    texts.versions[3] = 2
    await enqueue_many(ctx, [notice(chat, AlertEditPayload(alert_id=3)) for chat in chats])
    senders = [sender(w, tg, f"s{i}", texts=texts, concurrency=1) for i, w in enumerate(workers)]
    await run_all(senders, lambda: _eq(pending(database(ctx)), 0))
    assert len(tg.calls_of("editMessageText")) == len(chats)  # each message once: one pass
    for chat in chats:
        (shown,) = tg.bot_messages(chat)
        assert (shown.text, shown.edits) == ("alert 3 v2", 1)
    assert sum(s.stats["edited"] for s in senders) == 1


class Recording:
    """In memory: message ids, the edits made; a send to ``held`` waits until released."""

    def __init__(self, held: int | None = None, first_id: int = 100) -> None:
        self.held = held
        self.started, self.release = asyncio.Event(), asyncio.Event()
        self.next_id = first_id
        self.edits: list[tuple[int, int]] = []

    async def send(self, chat_id: int, payload: Payload, *, silent: bool) -> int | None:
        if chat_id == self.held:
            self.started.set()
            await self.release.wait()
        self.next_id += 1
        return self.next_id

    async def edit(self, chat_id: int, message_id: int, payload: AlertEditPayload) -> None:
        self.edits.append((chat_id, message_id))


@postgres
async def test_a_send_in_flight_elsewhere_during_an_edit_pass_is_edited_after_it_lands(
    ctx: AlertsContext, workers: list[AlertsContext], tg: FakeTelegram
) -> None:
    """The pass (in X) cannot wait for a send in flight in another process (Y): that send, once
    marked, sees the edit queued after it began and edits its own message."""
    x_ctx, y_ctx = workers[0], workers[1]
    await add_alert(ctx, 4)
    y = Recording(held=902, first_id=200)
    await enqueue(y_ctx, 902, AlertPayload(alert_id=4, event="fire"))
    y_sender = sender(y_ctx, tg, "y", transport=y)
    draining = asyncio.create_task(y_sender.drain())  # claims 902, then only waits for its lane
    try:
        await asyncio.wait_for(y.started.wait(), 10)  # its send is in flight
        x = Recording()
        await enqueue(x_ctx, 901, AlertPayload(alert_id=4, event="fire"))
        x_sender = sender(x_ctx, tg, "x", transport=x)
        assert await x_sender.drain() == 1
        # the engine queues an edit for every message stored: 901's (902's is in flight)
        await enqueue(x_ctx, 901, AlertEditPayload(alert_id=4))
        assert await x_sender.drain() == 1
        assert x.edits == [(901, 101)]
        y.release.set()
        assert await draining == 1
        assert y.edits == [(902, 201)]  # brought up to date by the sender that sent it
        assert sorted(await x_ctx.outbox.alert_messages(4)) == [(901, 101), (902, 201)]
    finally:
        y.release.set()
        await asyncio.gather(draining, return_exceptions=True)
    assert x.edits == [(901, 101)]


async def _true(value: bool) -> bool:
    return value


async def _eq(value: Any, expected: int) -> bool:
    return bool(await value == expected)
