"""Claims on outbox rows: several senders (one per worker process) on one database, each row sent
by one of them, each chat served by one at a time, in order (:mod:`storage.outbox` explains the
rule; :mod:`alerts.sender` the guarantees).

A claim is ``claimed_by`` (the sender's id) and ``claimed_until`` (ISO-8601 UTC text, compared as
text like every time in the database). Only a chat's head row -- its oldest pending row -- is ever
claimed for sending, so a later row of a chat cannot be taken while its head is held. PostgreSQL
locks what it claims with ``FOR UPDATE SKIP LOCKED``: senders that claim at the same moment skip
each other's rows instead of queueing behind them. SQLite has one writer, so its conditional
``UPDATE`` is atomic as it is.

An edit pass (the ``alert_edit`` rows of one alert: one pass edits the alert's messages in every
chat, see the sender) takes all those rows at once under a tag ``{sender}/edit/{alert}``, taking
them from lanes of other senders too (not from another pass; two passes that take at once are
served one after the other): so one pass, not one per sender, covers them.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from storage.outbox import PENDING, OutboxRepo, OutboxRow, format_ts, row_of

__all__ = ["OutboxClaims"]

EDIT_TAG = "/edit/"

# Heads: the oldest pending row of every chat, when due and not held by another sender.
_HEADS = f"""
    SELECT head.id AS id FROM (
        SELECT chat_id, MIN(id) AS first FROM outbox WHERE {PENDING} GROUP BY chat_id
    ) AS heads JOIN outbox AS head ON head.id = heads.first
    WHERE head.sent_at IS NULL AND head.failed IS NULL
      AND (head.not_before IS NULL OR head.not_before <= :now)
      AND (head.claimed_until IS NULL OR head.claimed_until <= :now OR head.claimed_by = :me)
    ORDER BY heads.first LIMIT :limit
"""
# A row a sender may take: pending, and nobody else's claim on it runs (one that ran out holds nothing).
_FREE = f"{PENDING} AND (claimed_until IS NULL OR claimed_until <= :now OR claimed_by = :me)"


class OutboxClaims:
    """The claims of one sender (``me``) on the outbox of ``outbox``."""

    def __init__(self, outbox: OutboxRepo, me: str) -> None:
        self.outbox = outbox
        self.db = outbox.db
        self.me = me
        self._pg = self.db.dialect == "postgres"

    async def heads(self, now: datetime, until: datetime, limit: int) -> list[OutboxRow]:
        """Claim (until ``until``) the due head rows of up to ``limit`` chats, oldest first. Heads this
        sender holds already are claimed again (and returned)."""
        lock = " FOR UPDATE OF head SKIP LOCKED" if self._pg else ""
        # the choice is made once (a CTE, materialized): as a plain subquery PostgreSQL may run it again
        # for each row it updates, and the rows it claimed a moment ago are then skipped, not counted
        return await self._claim(
            f"WITH picked AS MATERIALIZED ({_HEADS}{lock}) "
            "UPDATE outbox SET claimed_by = :me, claimed_until = :until "
            f"WHERE id IN (SELECT id FROM picked) AND {_FREE} RETURNING *",
            {"me": self.me, "until": format_ts(until), "now": format_ts(now), "limit": limit},
        )

    async def next(self, chat_id: int, now: datetime, until: datetime) -> OutboxRow | None:
        """Claim the head row of ``chat_id`` if it is due and free (the next one of a chat's lane)."""
        rows = await self._claim(
            "UPDATE outbox SET claimed_by = :me, claimed_until = :until "
            f"WHERE id = (SELECT MIN(id) FROM outbox WHERE chat_id = :chat AND {PENDING}) "
            f"AND (not_before IS NULL OR not_before <= :now) AND {_FREE} RETURNING *",
            {"me": self.me, "until": format_ts(until), "now": format_ts(now), "chat": chat_id},
        )
        return rows[0] if rows else None

    async def renew(self, until: datetime) -> int:
        """Every pending row this sender holds (for sending or in an edit pass) is held until
        ``until``; how many."""
        return await self.db.execute(
            f"UPDATE outbox SET claimed_until = :until WHERE {PENDING} "
            "AND (claimed_by = :me OR claimed_by LIKE :passes)",
            {"until": format_ts(until), "me": self.me, "passes": self.me + EDIT_TAG + "%"},
        )

    async def release(self, chat_id: int | None = None) -> int:
        """Let go of the pending rows this sender holds (of ``chat_id`` only, when given): another
        sender may take them at once (a graceful stop, a lane that ended early)."""
        where = f"{PENDING} AND (claimed_by = :me OR claimed_by LIKE :passes)"
        params: dict[str, Any] = {"me": self.me, "passes": self.me + EDIT_TAG + "%"}
        if chat_id is not None:
            where += " AND chat_id = :chat"
            params["chat"] = chat_id
        return await self.db.execute(
            f"UPDATE outbox SET claimed_by = NULL, claimed_until = NULL WHERE {where}", params
        )

    def pass_tag(self, alert_id: int) -> str:
        return f"{self.me}{EDIT_TAG}{alert_id}"

    async def take_edits(self, alert_id: int, up_to: int, now: datetime, until: datetime) -> set[int]:
        """Take, for an edit pass of this sender, the pending ``alert_edit`` rows of the alert queued
        up to row ``up_to``: free ones and ones a lane of any sender holds, not ones another pass
        holds; the ids taken."""
        outbox, tag = self.outbox, self.pass_tag(alert_id)
        # waits for a pass taking them at the same moment (rows locked in id order: no deadlock), then
        # sees its tag: one pass, not one per sender (a lane claiming one of them meanwhile is brief)
        lock = " ORDER BY id FOR UPDATE" if self._pg else ""
        rows = await self._claim(
            "WITH picked AS MATERIALIZED ("
            f"  SELECT id FROM outbox WHERE {PENDING} AND id <= :up_to"
            f"  AND {outbox.type_sql} = 'alert_edit' AND {outbox.alert_sql} = :alert"
            "   AND (claimed_until IS NULL OR claimed_until <= :now OR claimed_by = :tag"
            f"       OR claimed_by NOT LIKE :any_pass){lock}"
            ") UPDATE outbox SET claimed_by = :tag, claimed_until = :until "
            "WHERE id IN (SELECT id FROM picked) RETURNING *",
            {
                "tag": tag,
                "until": format_ts(until),
                "up_to": up_to,
                "alert": alert_id,
                "now": format_ts(now),
                "any_pass": "%" + EDIT_TAG + "%",
            },
        )
        return {row.id for row in rows}

    async def release_pass(self, alert_id: int) -> int:
        """Let go of the rows an edit pass took and did not settle (it failed: they wait for the next)."""
        return await self.db.execute(
            f"UPDATE outbox SET claimed_by = NULL, claimed_until = NULL WHERE {PENDING} AND claimed_by = ?",
            (self.pass_tag(alert_id),),
        )

    async def edits_after(self, alert_id: int, row_id: int) -> bool:
        """Was an ``alert_edit`` row of the alert queued after row ``row_id``?"""
        outbox = self.outbox
        value = await self.db.fetch_value(
            f"SELECT 1 FROM outbox WHERE id > ? AND {outbox.type_sql} = 'alert_edit' "
            f"AND {outbox.alert_sql} = ? LIMIT 1",
            (row_id, alert_id),
        )
        return value is not None

    async def _claim(self, sql: str, params: dict[str, Any]) -> list[OutboxRow]:
        async with self.db.transaction() as conn:
            cursor = await conn.execute(sql, params)
            rows = await cursor.fetchall()
            await cursor.close()
        return sorted((row_of(r) for r in rows), key=lambda row: row.id)
