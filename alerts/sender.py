"""Delivery: sends what the outbox holds, paced to Telegram's limits, each notification once.

Guarantees
----------
* **Written before sent, marked after confirmed.** Every notification is an ``outbox`` row before
  anything goes to Telegram (:func:`alerts.outbox.enqueue`), and the row is marked sent only after
  Telegram answered with the message. The row is the source of truth: on start the sender sends
  whatever is not marked, so nothing queued is lost by a restart, and nothing marked is sent again.
* **The one duplicate we accept.** Telegram has no idempotency key, so if the process dies after
  Telegram accepted a message and before the row was marked (the few milliseconds between the HTTP
  answer and the database commit), that message is sent again after the restart: at most one
  duplicate per crash, per message in flight. The alternative -- marking the row before sending --
  would lose it instead: an on-call alert that never arrives is worse than one that arrives twice.
  A graceful stop (the ``stop`` event) never produces it: messages in flight are finished and
  marked, waits for pacing abandoned before anything is sent. Cancelling ``run`` is a crash.
* **Order per chat.** A chat's rows go out one at a time, in order; a row waiting for a retry holds
  back its chat's later rows (the outbox's "due" rule): an edit never overtakes its message.

Several senders (one per worker process on a shared PostgreSQL database; ``claims``, on by default
when the database is shared): the guarantees above hold for all of them together.

* **Each row by one sender.** A sender claims the head rows of a batch of chats
  (:mod:`storage.outbox_claims`: ``FOR UPDATE SKIP LOCKED``), then the next row of each chat it
  serves; only a chat's head row can be claimed, so a chat is served by one sender at a time and
  in order. It renews its claims while it runs and does not start a send once it cannot be sure a
  claim still holds (:mod:`alerts.claims`).
* **A crash.** The claims of a sender that died run out ``claim_seconds`` later (30) and another
  sender takes its rows then: its messages in flight are sent again -- the same one duplicate per
  crash, per message in flight -- and the rest once. A graceful stop lets go of the claims at once.
* **Noticing rows.** A row queued by this process wakes this process's sender at once; the others
  look every ``share_poll_seconds`` (1) for rows to share and rows a dead sender left -- a poll, not
  LISTEN/NOTIFY: it holds no extra connection and has no reconnection to get wrong.
* **One budget.** With a shared :class:`alerts.pacing.Budget` (``ctx.budget``: Redis,
  :mod:`alerts.budget`) the limits below count every sender's requests together, and a 429 pauses
  them all; without one the pacing is this process's own.

Pacing (:class:`Pacing`, :mod:`alerts.pacing`): ``per_second`` requests overall in any second,
``chat_interval`` seconds between two messages to a chat, ``group_per_window`` per ``group_window``
to a group. A request counts from its start until its answer less the part of the round trip surely
spent on the way (:class:`alerts.pacing.Overall` shows why no window Telegram measures then holds
more); the message is rendered before the overall turn is waited for (a
:class:`~alerts.model.StagedTransport`), so a render never holds a slot. Waits sleep, never poll.

Failures (what the transport raises, see :mod:`alerts.model`):

* :class:`~alerts.model.RetryAfter` (429): the row waits ``seconds`` (its chat with it) and every send
  pauses for that long -- exactly what Telegram asked, no more;
* :class:`~alerts.model.ChatGone` (403, chat not found): the chat's subscriptions are switched off and
  its pending rows fail; never retried;
* :class:`~alerts.model.ChatMigrated`: subscriptions, stored alert messages and pending rows move to
  the supergroup, and the row is sent there;
* :class:`Undeliverable` (Telegram refused the request itself, e.g. a 400): the row fails at once;
* any other error: retried with exponential back-off, failed after ``Retry.max_attempts``.

An ``alert`` row, once sent, leaves (alert, chat, message) in ``alert_messages`` (``photo``: sent
with its chart, a :class:`~alerts.payloads.PhotoMessageId`; its ``alert_chart`` row then sends
nothing, :meth:`~alerts.edit_pass.EditPasses._chart_carried`). An ``alert_edit`` row edits every
stored message of that alert -- after waiting for sends of that alert still in flight, so none is
left behind with the old text -- and settles every other ``alert_edit`` row of that alert queued
before the pass began (the engine queues one per chat; one pass covers them all, so N chats cost N
edits, not N²). Several senders make one pass between them, and a send in flight in another process
is brought up to date by that process (:mod:`alerts.edit_pass`).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import Counter
from datetime import timedelta
from typing import Any

from alerts.claims import Claims
from alerts.context import AlertsContext
from alerts.edit_pass import EditPasses, Undeliverable
from alerts.leader import process_id
from alerts.model import ChatGone, ChatMigrated, DeliveryError, RetryAfter, StagedTransport, Transport
from alerts.outbox import wakeup
from alerts.pacing import BudgetUnavailable, Pacer, Pacing, Retry, Stopped, wait_any
from alerts.payloads import (
    AlertEditPayload,
    AlertGroupEditPayload,
    AlertPayload,
    Payload,
    PhotoMessageId,
    parse_payload,
)
from storage.outbox import OutboxRow

__all__ = ["Pacing", "Retry", "Sender", "Undeliverable"]

log = logging.getLogger(__name__)


class Sender(EditPasses):
    """Delivers the outbox through ``transport``; ``run`` until stopped, or ``drain`` what is due."""

    def __init__(
        self,
        ctx: AlertsContext,
        transport: Transport,
        *,
        pacing: Pacing | None = None,
        retry: Retry | None = None,
        concurrency: int = 8,
        poll_seconds: float = 30.0,
        keep_days: int = 30,
        claims: bool | None = None,
        claim_seconds: float = 30.0,
        share_poll_seconds: float = 1.0,
        worker: str | None = None,
    ) -> None:
        self.ctx = ctx
        self.transport = transport
        self.pacing = pacing or Pacing()
        self.retry = retry or Retry()
        self.poll_seconds = poll_seconds  # a look at the outbox even without a wake-up (safety net)
        self.keep_days = keep_days  # sent and failed rows are purged after this many days
        self.stats: Counter[str] = Counter()  # sent, edited, deferred, failed, migrated, gone
        self._pacer = Pacer(self.pacing, concurrency, budget=ctx.budget)
        # several senders on one database (claims: by default when other processes share it)
        self.claims: Claims | None = None
        if ctx.outbox.db.shared if claims is None else claims:
            batch = max(4 * concurrency, 16)
            me = worker or process_id()
            self.claims = Claims(ctx.outbox, ctx.now, me, seconds=claim_seconds, batch=batch)
            self.poll_seconds = min(poll_seconds, share_poll_seconds)  # rows queued by other processes
        self._lanes: dict[int, asyncio.Task[None]] = {}
        self._keeper: asyncio.Task[None] | None = None
        self._halt = asyncio.Event()
        self._active = False
        self._sending: Counter[int] = Counter()  # alert id -> "alert" sends in flight
        self._sent_cond = asyncio.Condition()
        self._purged_at = float("-inf")
        self._alert_locks: dict[int, list[Any]] = {}  # alert id -> [lock, users]
        self._unmarked: dict[int, int | None] = {}  # row id -> message id: sent, but the mark failed

    # ----------------------------------------------------------------- public

    async def run(self, stop: asyncio.Event) -> None:
        """Deliver until ``stop`` is set; then finish (and mark) the messages in flight and return."""
        self._begin(stop)
        wake = wakeup(self.ctx)
        killed = False
        try:
            while not stop.is_set():
                wake.clear()
                await self._maybe_purge()
                await self._start_lanes()
                await wait_any((stop, wake), await self._idle_seconds())
        except asyncio.CancelledError:
            killed = True  # cancelled, not stopped: like a crash, messages in flight are abandoned
            raise
        finally:
            self._halt.set()
            await self._finish(cancel=killed)

    async def drain(self) -> int:
        """Send everything due now (paced, like ``run``) and return how many rows were settled.

        Rows deferred to later (429, back-off) stay pending. Meant for tests and one-off runs.
        """
        self._begin(asyncio.Event())
        before = self._settled()
        wake = wakeup(self.ctx)
        killed = False
        try:
            while True:
                wake.clear()
                await self._start_lanes()
                running = [t for t in self._lanes.values() if not t.done()]
                if not running:
                    break
                # with claims a lane that ends makes room for another batch of chats: claim it then
                until = asyncio.FIRST_COMPLETED if self.claims else asyncio.ALL_COMPLETED
                await asyncio.wait(running, return_when=until)
        except asyncio.CancelledError:
            killed = True
            raise
        finally:
            self._halt.set()
            await self._finish(cancel=killed)
        return self._settled() - before

    # ----------------------------------------------------------------- the loop

    def _begin(self, halt: asyncio.Event) -> None:
        if self._active:
            raise RuntimeError("the sender is already running")
        self._active = True
        self._halt = self._pacer.halt = halt
        if self.claims is not None:  # renewed while this runs
            self._keeper = asyncio.create_task(self.claims.keep(halt), name="outbox-claims")

    async def _finish(self, *, cancel: bool = False) -> None:
        lanes = list(self._lanes.values())
        if cancel:
            for lane in lanes:
                lane.cancel()
        if lanes:
            await asyncio.gather(*lanes, return_exceptions=True)
        self._lanes.clear()
        if self._keeper is not None:
            self._keeper.cancel()
            self._keeper = None
        if self.claims is not None and not cancel:  # a graceful stop: others take the rows at once
            await self.claims.release()
        self._active = False

    def _settled(self) -> int:
        return sum(self.stats[k] for k in ("sent", "edited", "superseded", "failed", "gone"))

    async def _start_lanes(self) -> None:
        for chat_id, task in list(self._lanes.items()):
            if task.done():
                del self._lanes[chat_id]
        if self.claims is not None:  # the chats whose head rows this sender could claim (a batch)
            heads = {row.chat_id: row for row in await self.claims.heads()}
            new = [c for c in heads if c not in self._lanes]
        else:
            now = self.ctx.now()
            new = [c for c in await self.ctx.outbox.due_chats(now) if c not in self._lanes]
            # their first rows in one query: a fan-out starts a thousand lanes, and a query each would
            # queue a thousand round trips to the database before the first message could go
            heads = {row.chat_id: row for row in await self.ctx.outbox.due_heads(now, new)} if new else {}
        for chat_id in new:
            if not self._halt.is_set():
                lane = self._lane(chat_id, heads.get(chat_id))
                task = asyncio.create_task(lane, name=f"outbox-lane-{chat_id}")
                task.add_done_callback(self._lane_done)
                self._lanes[chat_id] = task
        self._pacer.forget_idle(self._lanes)

    def _lane_done(self, task: asyncio.Task[None]) -> None:
        if not task.cancelled() and task.exception() is not None:
            log.error("outbox lane crashed", exc_info=task.exception())
        wakeup(self.ctx).set()  # look again: the chat may have more, or moved (migration)

    async def _idle_seconds(self) -> float:
        now = self.ctx.now()
        upcoming = await self.ctx.outbox.next_due(now)
        if upcoming is None:
            return self.poll_seconds
        return min(max((upcoming - now).total_seconds(), 0.0), self.poll_seconds)

    async def _maybe_purge(self) -> None:
        if time.monotonic() - self._purged_at < 6 * 3600:
            return
        self._purged_at = time.monotonic()
        try:
            purged = await self.ctx.outbox.purge(self.ctx.now() - timedelta(days=self.keep_days))
        except Exception:
            log.exception("outbox purge failed")
            return
        if purged:
            log.info("outbox: purged %d old rows", purged)

    async def _lane(self, chat_id: int, head: OutboxRow | None = None) -> None:
        """Send a chat's due rows in order until none is due (or one has to wait), starting with
        ``head`` when the caller read it already (moments ago, like the reads below)."""
        try:
            while not self._halt.is_set():
                # one row at a time, read fresh: another lane may have moved or failed this chat's rows
                row, head = head, None
                if row is None:
                    row = await self._next(chat_id)
                    if row is None:
                        return
                await self._process(row)
                if self.claims is not None:
                    self.claims.forget(row.id)
        except Stopped:
            return
        except Exception:
            log.exception("outbox: delivery to chat %s failed unexpectedly", chat_id)
            if self.claims is not None:
                await self.claims.release(chat_id)
            await self._pacer.sleep(1.0)  # do not spin on a broken database

    async def _next(self, chat_id: int) -> OutboxRow | None:
        """The chat's next due row (claimed for this sender, with several senders)."""
        if self.claims is not None:
            return await self.claims.next(chat_id)
        rows = await self.ctx.outbox.due(1, self.ctx.now(), chat_id=chat_id)
        return rows[0] if rows else None

    # ----------------------------------------------------------------- one row

    async def _process(self, row: OutboxRow) -> bool:
        """Deliver one row; True when it is settled (sent or failed), False when it waits or moved."""
        try:
            payload = parse_payload(row.payload)
            if payload is None:
                raise Undeliverable(f"not a notification this version knows: {row.kind or '?'}")
            if isinstance(payload, AlertEditPayload | AlertGroupEditPayload):  # (group: issue 19 storms)
                await self._edit(row, payload)
            else:
                await self._send(row, payload)
            return True
        except Stopped:
            raise
        except RetryAfter as error:
            if not isinstance(error, BudgetUnavailable):  # a 429: every sender waits that long
                await self._pacer.pause(error.seconds)
            await self.ctx.outbox.defer(row.id, self.ctx.now() + _seconds(error.seconds), row.attempts)
            self.stats["deferred"] += 1
            log.warning("outbox: chat %s waits %ss (%s)", row.chat_id, error.seconds, error)
            return False
        except ChatGone as error:
            await self.ctx.subscriptions.deactivate_chat(row.chat_id)
            failed = await self.ctx.outbox.fail_chat(row.chat_id, f"chat gone: {error}")
            self.stats["gone"] += failed
            log.warning("outbox: chat %s is gone (%s); unsubscribed it", row.chat_id, error)
            return False
        except ChatMigrated as error:
            if error.new_chat_id == row.chat_id:
                return await self._retry_later(row, error)
            await self._migrate(row.chat_id, error.new_chat_id)
            return False
        except Undeliverable as error:
            await self.ctx.outbox.fail(row.id, f"undeliverable: {error}")
            self.stats["failed"] += 1
            log.warning("outbox: row %s to chat %s refused: %s", row.id, row.chat_id, error)
            return True
        except Exception as error:
            return await self._retry_later(row, error)

    async def _send(self, row: OutboxRow, payload: Payload) -> None:
        """Send (paced) and mark, tracking the alert's sends in flight from the moment the request
        starts (an edit waits for them: the message may carry the text from before the edit)."""
        if await self._chart_carried(row, payload):  # its message went out with it: nothing to send
            return
        alert_id = payload.alert_id if isinstance(payload, AlertPayload) else None
        # a resolve message has no buttons: the alert's message in that chat stays the one that
        # has them, so the closing edit takes them off
        resolve = isinstance(payload, AlertPayload) and payload.event == "resolve"
        remember = None if resolve else alert_id
        counted = False
        claims, staged = self.claims, self.transport if isinstance(self.transport, StagedTransport) else None
        prepared: list[Any] = []

        async def render() -> None:  # before the overall turn; an edit waits for this send from here
            nonlocal counted
            if alert_id is not None and not counted:
                self._sending[alert_id] += 1
                counted = True
            if staged is not None and not prepared:
                prepared.append(await staged.prepare(row.chat_id, payload))

        async def request() -> int | None:
            if claims is not None:
                claims.check(row.id)  # the row may be another sender's by now: not sent here
            await render()  # done already, unless a transport without ``prepare``
            if staged is not None:
                return await staged.deliver(row.chat_id, payload, prepared[0], silent=row.silent)
            return await self.transport.send(row.chat_id, payload, silent=row.silent)

        try:
            # several senders: an edit pass elsewhere cannot wait for this send, so this send looks
            # whether an edit of the alert was queued after it began, and makes it here if so
            mark = await self.ctx.outbox.last_id() if claims is not None and remember is not None else None
            if row.id in self._unmarked:  # sent already; only the mark failed last time
                message_id = self._unmarked[row.id]
            else:
                message_id = await self._pacer.paced(row.chat_id, request, render)
                self._unmarked[row.id] = message_id
            photo = isinstance(message_id, PhotoMessageId)  # sent with its chart (the caption fitted)
            await self.ctx.outbox.mark_sent(row.id, message_id, self.ctx.now(), alert_id=remember,
                                            photo=photo)  # fmt: skip
            del self._unmarked[row.id]
            self.stats["sent"] += 1
            if mark is not None and remember is not None and message_id is not None:
                await self._catch_up(row.chat_id, message_id, remember, mark)
        finally:
            if counted and alert_id is not None:
                async with self._sent_cond:
                    self._sending[alert_id] -= 1
                    if self._sending[alert_id] <= 0:
                        del self._sending[alert_id]
                    self._sent_cond.notify_all()

    async def _retry_later(self, row: OutboxRow, error: Exception) -> bool:
        attempts = row.attempts + 1
        if not isinstance(error, DeliveryError):
            log.error("outbox: row %s to chat %s: unexpected error", row.id, row.chat_id, exc_info=error)
        if attempts >= self.retry.max_attempts:
            await self.ctx.outbox.fail(row.id, f"gave up after {attempts} attempts: {error}")
            self.stats["failed"] += 1
            log.error("outbox: gave up on row %s to chat %s: %s", row.id, row.chat_id, error)
            return True
        delay = self.retry.delay(attempts)
        await self.ctx.outbox.defer(row.id, self.ctx.now() + _seconds(delay), attempts)
        self.stats["deferred"] += 1
        log.warning("outbox: row %s to chat %s failed (%s); retry in %ss", row.id, row.chat_id, error, delay)
        return False


def _seconds(value: float) -> timedelta:
    return timedelta(seconds=value)
