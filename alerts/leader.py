"""One alert engine, whoever runs it: the lease ``alert-engine`` decides which process ticks.

Every process runs the engine loop (:meth:`alerts.engine.AlertEngine.run`); with a :class:`Leader`
only the holder of the lease ticks, the others try to take it every ``check_every`` seconds. The
holder renews it as often, in a task of its own (a long tick does not let it run out).

Hand-over bound: the lease lasts ``ttl`` (default: one ``ALERT_INTERVAL_SECONDS``) from its last
renewal, and a follower tries every ``check_every`` (a quarter of it). A holder that dies renewed
its lease at most at its death, so the lease runs out at most ``ttl`` later and a follower takes it
at most ``check_every`` after that -- then ticks at once: the next tick starts within
``ttl + check_every`` = 1.25 intervals of the death (plus a database round trip), inside the two
intervals promised.

No alert fires twice or is lost in the hand-over: the engine's writes go through
:meth:`Leader.fenced` (a :class:`storage.leases.FencedDatabase`), so they commit only while this
process holds the lease with the epoch it ticks under; what a holder had committed before it lost
the lease is what a crash at that point leaves, which the engine's order of writes and the outbox's
dedup keys make safe to redo (alerts/engine.py). A holder that notices the loss (a renewal refused
or not made in time) stops its tick at once (:meth:`lost`).

With SQLite (one process) there is no :class:`Leader`: the engine ticks as it always did, at no cost.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import re
import secrets
import socket
import time
from collections.abc import Callable, Coroutine
from dataclasses import replace
from typing import Any

from alerts.context import AlertsContext
from alerts.pacing import wait_any
from services.clock import Clock
from storage.alerts import AlertRepo
from storage.db import Conn, Database
from storage.leases import FencedDatabase, LeaseLost, LeaseRepo
from storage.oncall import OncallRepo
from storage.outbox import OutboxRepo

__all__ = ["ENGINE_LEASE", "Leader", "LeaseLost", "make_leader", "process_id"]

log = logging.getLogger(__name__)

ENGINE_LEASE = "alert-engine"

Work = Callable[[asyncio.Event], Coroutine[Any, Any, None]]


def process_id() -> str:
    """An id of this process run: host, pid and a random part (a restarted process is a new holder)."""
    host = re.sub(r"[^A-Za-z0-9.-]", "-", socket.gethostname())[:40] or "host"
    return f"{host}:{os.getpid()}:{secrets.token_hex(4)}"


def make_leader(db: Database, interval: float, *, clock: Clock | None = None) -> Leader | None:
    """The engine's leader on a database other processes share (PostgreSQL); ``None`` on SQLite,
    where this process is the only one and ticks without asking."""
    return Leader(db, interval=interval, clock=clock) if db.shared else None


class Leader:
    """Holds, renews, waits for and gives up the lease ``name`` for this process."""

    def __init__(
        self,
        db: Database,
        *,
        interval: float,
        name: str = ENGINE_LEASE,
        clock: Clock | None = None,
        holder: str | None = None,
        ttl: float | None = None,
        check_every: float | None = None,
    ) -> None:
        self.db = db
        self.repo = LeaseRepo(db)
        self.name = name
        self.clock: Clock = clock or db.now
        self.holder = holder or process_id()
        self.ttl = float(ttl if ttl is not None else max(interval, 0.1))
        self.check_every = float(check_every if check_every is not None else max(self.ttl / 4, 0.02))
        self.epoch: int | None = None
        self.serving: int | None = None  # the epoch the engine ticks under (set by the engine): fenced
        self.tenures: list[tuple[int, float]] = []  # (epoch, time.monotonic() when taken): for logs and tests
        self._valid_until = float("-inf")  # monotonic: the lease surely lasts until then
        self._changed = asyncio.Event()
        self._lost = asyncio.Event()

    # ----------------------------------------------------------------- state

    @property
    def leading(self) -> bool:
        """This process holds the lease (as far as it knows: the fence is what makes sure)."""
        return self.epoch is not None and time.monotonic() < self._valid_until

    def lost(self) -> asyncio.Event:
        """Set when the current tenure ends (a fresh event for every tenure)."""
        return self._lost

    async def wait_leading(self, stop: asyncio.Event) -> bool:
        """Wait until this process leads (True) or ``stop`` is set (False)."""
        while not self.leading:
            if stop.is_set():
                return False
            await wait_any((stop, self._changed), self.check_every)
        return not stop.is_set()

    async def lead(self, stop: asyncio.Event, work: Work) -> None:
        """Run ``work(stop)`` while this process holds the lease, until ``stop`` is set: wait for the
        lease, start ``work`` at once when it is taken, cancel it when the lease is lost, and give the
        lease up after a graceful stop -- not when cancelled: that is a crash, and a successor takes
        over once the lease runs out. ``serving`` is the tenure's epoch while ``work`` runs."""
        keeper = asyncio.create_task(self.keep(stop), name=f"lease-{self.name}")
        crashed = False
        working: asyncio.Task[None] | None = None
        try:
            while await self.wait_leading(stop):
                self.serving, lost = self.epoch, self._lost
                working = asyncio.create_task(work(stop), name=f"lease-{self.name}-work")
                watch = asyncio.create_task(lost.wait())
                try:
                    await asyncio.wait((working, watch), return_when=asyncio.FIRST_COMPLETED)
                finally:
                    watch.cancel()
                if not working.done():  # the lease is gone: what is left of the work must not run
                    log.warning("lease %s lost: the work in progress is stopped", self.name)
                    working.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await working
                self.serving = None
                if not stop.is_set():
                    await self.refresh()  # the work ended early (a write refused?): where is the lease
        except asyncio.CancelledError:
            crashed = True
            raise
        finally:
            self.serving = None
            if working is not None and not working.done():
                working.cancel()
            keeper.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await keeper
            if not crashed:
                await self.release()

    # ----------------------------------------------------------------- the lease

    async def keep(self, stop: asyncio.Event) -> None:
        """Try to take or renew the lease every ``check_every`` seconds until ``stop`` is set (or
        cancelled). Giving it up is :meth:`release`'s job, once the ticks have stopped."""
        while not stop.is_set():
            await self.refresh()
            wait = self.check_every
            if self.epoch is not None:  # wake up in time to notice the lease running out
                wait = min(wait, max(self._valid_until - time.monotonic(), 0.0) + 0.001)
            await wait_any((stop,), wait)

    async def refresh(self) -> bool:
        """One attempt to take or renew the lease; whether this process leads afterwards."""
        started = time.monotonic()
        try:
            epoch = await self.repo.try_acquire(self.name, self.holder, self.ttl, self.clock())
        except Exception:
            log.exception("lease %s: could not take or renew it", self.name)
            self._check_expiry()
            return self.leading
        if epoch is None:
            self._end("taken by another process")
        else:
            if epoch != self.epoch:
                self._end("a new tenure")
                self._begin(epoch, started)
            self._valid_until = started + self.ttl
        self._check_expiry()
        return self.leading

    async def release(self) -> None:
        """Give the lease up now (graceful stop: a successor need not wait for it to run out)."""
        epoch = self.epoch
        self._end("released")
        if epoch is None:
            return
        try:
            await self.repo.release(self.name, self.holder, epoch, self.clock())
        except Exception:
            log.exception("lease %s: could not release it (it runs out by itself)", self.name)

    def _begin(self, epoch: int, started: float) -> None:
        self.epoch = epoch
        self.tenures.append((epoch, started))
        self._lost = asyncio.Event()
        log.info("lease %s: taken by %s (epoch %s)", self.name, self.holder, epoch)
        self._signal()

    def _end(self, why: str) -> None:
        if self.epoch is None:
            return
        log.info("lease %s: epoch %s of %s ended (%s)", self.name, self.epoch, self.holder, why)
        self.epoch = None
        self._valid_until = float("-inf")
        self._lost.set()
        self._signal()

    def _check_expiry(self) -> None:
        if self.epoch is not None and time.monotonic() >= self._valid_until:
            self._end("not renewed in time")

    def _signal(self) -> None:
        self._changed.set()
        self._changed = asyncio.Event()

    # ----------------------------------------------------------------- fencing

    async def check(self, conn: Conn) -> None:
        """The fence (inside a write's transaction): raises :class:`LeaseLost` unless this process
        holds the lease with the epoch the engine ticks under (``serving``: a tick begun under an
        earlier tenure must not write under a later one -- somebody else may have led between)."""
        epoch = self.serving
        if epoch is None or not await self.repo.holds(conn, self.name, self.holder, epoch, self.clock()):
            raise LeaseLost(f"lease {self.name} is not held by {self.holder} (epoch {epoch})")

    def fenced(self, ctx: AlertsContext) -> AlertsContext:
        """``ctx`` with the repositories the engine writes through (alerts and automations, the
        outbox, escalation steps and digests) on a fenced view of their database."""
        db = FencedDatabase(self.db, self.check)  # the leader's database is the context's
        return replace(
            ctx,
            alerts=AlertRepo(db) if ctx.alerts is not None else ctx.alerts,
            outbox=OutboxRepo(db) if ctx.outbox is not None else ctx.outbox,
            oncall=OncallRepo(db) if ctx.oncall is not None else ctx.oncall,
        )
