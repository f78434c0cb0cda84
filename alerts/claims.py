"""The sender's claims on outbox rows when several senders share one database (PostgreSQL: one
sender per worker process). The rows and the SQL: :mod:`storage.outbox_claims`; what it guarantees:
:mod:`alerts.sender`.

A sender claims the head rows of a batch of chats (``batch``: a few times its concurrency, so the
senders of a fan-out share the chats instead of the first one taking them all), then each lane
claims the next row of its chat. Claims last ``seconds`` and are renewed every third of that while
the sender runs (:meth:`Claims.keep`): a sender that dies stops renewing, and its rows are free for
the others ``seconds`` later at most. A sender that could not renew in time (its claims may have run
out: the database was unreachable, the process stalled) does not start sending a row it may no longer
hold (:meth:`Claims.fresh`).
"""

from __future__ import annotations

import asyncio
import logging
import time
from datetime import datetime, timedelta

from alerts.pacing import Stopped, wait_any
from services.clock import Clock
from storage.outbox import OutboxRepo, OutboxRow
from storage.outbox_claims import EDIT_TAG, OutboxClaims

__all__ = ["ClaimLapsed", "Claims"]

log = logging.getLogger(__name__)

SAFETY = 0.8  # a row is sent only within this share of its claim's length (clocks, delays)


class ClaimLapsed(Stopped):
    """The claim on the row may have run out (not renewed in time): it is not sent by this sender."""


class Claims:
    """One sender's claims (``me``: its id) on the outbox ``outbox``."""

    def __init__(self, outbox: OutboxRepo, clock: Clock, me: str, *, seconds: float, batch: int) -> None:
        self.repo = OutboxClaims(outbox, me)
        self.clock = clock
        self.me = me
        self.seconds = float(seconds)
        self.batch = max(int(batch), 1)
        self._claimed: dict[int, float] = {}  # row id -> time.monotonic() when the claim was made
        self._renewed = float("-inf")  # time.monotonic() when the last renewal (of all claims) began

    def _window(self) -> tuple[datetime, datetime]:
        now = self.clock()
        return now, now + timedelta(seconds=self.seconds)

    async def heads(self) -> list[OutboxRow]:
        started = time.monotonic()
        now, until = self._window()
        rows = await self.repo.heads(now, until, self.batch)
        self._claimed.update((row.id, started) for row in rows)
        return rows

    async def next(self, chat_id: int) -> OutboxRow | None:
        started = time.monotonic()
        now, until = self._window()
        row = await self.repo.next(chat_id, now, until)
        if row is not None:
            self._claimed[row.id] = started
        return row

    def fresh(self, row_id: int) -> bool:
        """Does this sender surely still hold the row? (Else it must not send it.)"""
        since = max(self._claimed.get(row_id, float("-inf")), self._renewed)
        return time.monotonic() < since + SAFETY * self.seconds

    def check(self, row_id: int) -> None:
        if not self.fresh(row_id):
            raise ClaimLapsed(f"the claim on outbox row {row_id} may have run out")

    def forget(self, row_id: int) -> None:
        self._claimed.pop(row_id, None)

    async def keep(self, halt: asyncio.Event) -> None:
        """Renew every claim of this sender every third of their length until ``halt`` is set."""
        while not halt.is_set():
            await wait_any((halt,), self.seconds / 3)
            if halt.is_set():
                return
            started = time.monotonic()
            try:
                await self.repo.renew(self._window()[1])
            except Exception:
                log.exception("outbox: could not renew the claims of %s", self.me)
                continue
            self._renewed = started

    async def release(self, chat_id: int | None = None) -> None:
        """Let go of this sender's pending claims (of one chat): others take them at once."""
        try:
            await self.repo.release(chat_id)
        except Exception:
            log.exception("outbox: could not release the claims of %s (they run out)", self.me)
        if chat_id is None:
            self._claimed.clear()

    # ----------------------------------------------------------------- edit passes

    async def take_edits(self, row: OutboxRow, alert_id: int, up_to: int) -> bool:
        """Take the alert's ``alert_edit`` rows up to ``up_to`` for a pass that starts from ``row``;
        False when another sender's pass holds ``row`` (that pass covers it)."""
        now, until = self._window()
        taken = await self.repo.take_edits(alert_id, up_to, now, until)
        if row.id in taken:
            return True
        fresh = await self.repo.outbox.get(row.id)
        if fresh is None or fresh.sent_at is not None or fresh.failed is not None:
            return False
        holder = fresh.claimed_by or ""
        return not (EDIT_TAG in holder and holder != self.repo.pass_tag(alert_id))

    async def end_pass(self, alert_id: int) -> None:
        """A pass failed: the rows it took wait for the next one, whoever makes it."""
        try:
            await self.repo.release_pass(alert_id)
        except Exception:
            log.exception("outbox: could not release the edit rows of alert %s", alert_id)

    async def edited_since(self, alert_id: int, row_id: int) -> bool:
        return await self.repo.edits_after(alert_id, row_id)
