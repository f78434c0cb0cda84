"""The outbox: every notification is a row here before it is sent, and is marked sent only after
Telegram confirmed it (``alerts/sender.py`` explains the delivery guarantees).

A row is *pending* while ``sent_at`` and ``failed`` are both NULL. It is *due* when it is pending,
its ``not_before`` has passed, and no earlier pending row of the same chat is still waiting (so a
deferred message is never overtaken by a later one to the same chat: an edit never overtakes the
send it edits). Times are ISO-8601 UTC strings in the format of the schema's defaults, so they
compare as text.

Claims (several senders on one database, :mod:`alerts.sender`): a sender takes the head rows of
chats -- the oldest pending row of each, when it is due and nobody else's claim on it is running --
by writing its id into ``claimed_by`` and a deadline into ``claimed_until``
(:meth:`OutboxRepo.claim_heads`, ``SELECT … FOR UPDATE SKIP LOCKED`` on PostgreSQL, so senders
that claim at once skip each other's rows instead of waiting for them; on SQLite the single writer
makes the conditional ``UPDATE`` enough). Only a chat's head row can be claimed, so while one sender
holds it nobody takes a later row of that chat: a chat is served by one sender at a time, in order.
A sender renews its claims while it lives (:meth:`OutboxRepo.renew_claims`); the claims of one that
died run out at ``claimed_until`` and another sender takes the rows.

The (alert, chat) → message id of every alert message sent lives in ``alert_messages``, and only
this module reads or writes that table: a row there is the outbox's receipt of a delivered alert
message, written in the same transaction that marks the outbox row sent (so buttons and later edits
find it), moved with the chat when a group becomes a supergroup (:meth:`OutboxRepo.move_alert_messages`,
inside the subscriptions' own transaction) and read by the sender and, through
:meth:`storage.alerts.AlertRepo.messages_of`, by whoever edits an alert's messages.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from storage.alert_events import record_notified
from storage.db import Conn, Database, Row
from storage.timefmt import from_iso, to_iso

__all__ = ["PENDING", "NewRow", "OutboxRepo", "OutboxRow", "format_ts", "parse_ts", "row_of"]


format_ts = to_iso  # the names the outbox's callers use
parse_ts = from_iso


@dataclass(frozen=True, slots=True)
class OutboxRow:
    id: int
    chat_id: int
    payload: dict[str, Any]
    silent: bool
    dedup_key: str | None
    created_at: str
    not_before: str | None
    attempts: int
    sent_at: str | None
    message_id: int | None
    failed: str | None
    claimed_by: str | None = None  # the sender holding the row (several senders: storage.outbox_claims)
    claimed_until: str | None = None

    @property
    def kind(self) -> str:
        """The payload's ``type`` (``alert``, ``alert_edit``, ``conversions``, ``digest``, ``text``)."""
        return str(self.payload.get("type", ""))


@dataclass(frozen=True, slots=True)
class NewRow:
    """A notification to queue (:meth:`OutboxRepo.enqueue_many`)."""

    chat_id: int
    payload: dict[str, Any]
    silent: bool = False
    dedup_key: str | None = None
    not_before: datetime | None = None

    def params(self, created_at: datetime) -> tuple[Any, ...]:
        return (
            self.chat_id,
            json.dumps(self.payload, sort_keys=True, ensure_ascii=False),
            int(self.silent),
            self.dedup_key,
            None if self.not_before is None else format_ts(self.not_before),
            format_ts(created_at),
        )


_INSERT = (
    "INSERT INTO outbox (chat_id, payload, silent, dedup_key, not_before, created_at) "
    "VALUES (?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (dedup_key) DO NOTHING"
)


def row_of(row: Row) -> OutboxRow:
    try:
        payload = json.loads(row["payload"])
    except ValueError:
        payload = {}
    return OutboxRow(
        id=int(row["id"]),
        chat_id=int(row["chat_id"]),
        payload=payload if isinstance(payload, dict) else {},
        silent=bool(row["silent"]),
        dedup_key=row["dedup_key"],
        created_at=row["created_at"],
        not_before=row["not_before"],
        attempts=int(row["attempts"]),
        sent_at=row["sent_at"],
        message_id=row["message_id"],
        failed=row["failed"],
        claimed_by=row["claimed_by"],
        claimed_until=row["claimed_until"],
    )


PENDING = _PENDING = "sent_at IS NULL AND failed IS NULL"
# Due: pending, its time has come, and no earlier pending row of that chat is still waiting.
_DUE = f"""
    {_PENDING} AND (not_before IS NULL OR not_before <= :now)
    AND NOT EXISTS (
        SELECT 1 FROM outbox AS earlier
        WHERE earlier.chat_id = outbox.chat_id AND earlier.id < outbox.id
          AND earlier.sent_at IS NULL AND earlier.failed IS NULL AND earlier.not_before > :now
    )
"""


class OutboxRepo:
    """Rows of the ``outbox`` table (and the ``alert_messages`` a sent alert leaves behind)."""

    def __init__(self, db: Database) -> None:
        self.db = db
        # the payload's type and alert id in SQL (JSON functions differ between the backends)
        if db.dialect == "postgres":
            self.type_sql = "(CAST(payload AS jsonb) ->> 'type')"
            self.alert_sql = "CAST(CAST(payload AS jsonb) ->> 'alert_id' AS BIGINT)"
        else:
            self.type_sql = "json_extract(payload, '$.type')"
            self.alert_sql = "CAST(json_extract(payload, '$.alert_id') AS INTEGER)"

    async def enqueue(
        self,
        chat_id: int,
        payload: dict[str, Any],
        *,
        silent: bool = False,
        dedup_key: str | None = None,
        not_before: datetime | None = None,
    ) -> bool:
        """Queue a notification; False (and nothing queued) when ``dedup_key`` was queued before."""
        row = NewRow(chat_id, payload, silent=silent, dedup_key=dedup_key, not_before=not_before)
        return await self.enqueue_many([row]) > 0

    async def enqueue_many(self, rows: Sequence[NewRow]) -> int:
        """Queue many notifications in one transaction (a fan-out: all of them or none); how many were
        queued. A row whose ``dedup_key`` was queued before -- or earlier in ``rows`` -- is skipped."""
        if not rows:
            return 0
        async with self.db.transaction(durable=True) as conn:
            now = self.db.now()
            cursor = await conn.executemany(_INSERT, [r.params(now) for r in rows])
            queued = max(int(cursor.rowcount), 0)
            await cursor.close()
        return queued

    async def get(self, row_id: int) -> OutboxRow | None:
        row = await self.db.fetch_one("SELECT * FROM outbox WHERE id = ?", (row_id,))
        return None if row is None else row_of(row)

    async def due(self, limit: int, now: datetime, *, chat_id: int | None = None) -> list[OutboxRow]:
        """Pending rows whose time has come, oldest first (optionally of one chat only)."""
        params: dict[str, Any] = {"now": format_ts(now), "limit": limit}
        where = _DUE
        if chat_id is not None:
            where += " AND chat_id = :chat"
            params["chat"] = chat_id
        rows = await self.db.fetch_all(f"SELECT * FROM outbox WHERE {where} ORDER BY id LIMIT :limit", params)
        return [row_of(r) for r in rows]

    async def due_chats(self, now: datetime, limit: int = 1000) -> list[int]:
        """Chats that have a due row, the chat with the oldest due row first.

        A chat has a due row exactly when its oldest pending row is not waiting: that row is then the
        chat's oldest due row, and when it waits it holds back every later one. So one pass over the
        pending rows finds them all -- the _DUE condition row by row costs a pass per row, and this
        runs every time a chat's lane finishes (a thousand times in a fan-out to a thousand chats).
        """
        rows = await self.db.fetch_all(
            "SELECT heads.chat_id FROM ("
            f"  SELECT chat_id, MIN(id) AS first FROM outbox WHERE {_PENDING} GROUP BY chat_id"
            ") AS heads JOIN outbox AS head ON head.id = heads.first "
            "WHERE head.not_before IS NULL OR head.not_before <= :now ORDER BY heads.first LIMIT :limit",
            {"now": format_ts(now), "limit": limit},
        )
        return [int(r["chat_id"]) for r in rows]

    async def due_heads(self, now: datetime, chat_ids: Sequence[int]) -> list[OutboxRow]:
        """The oldest due row of each of ``chat_ids`` that has one (what each chat sends next), in
        one query -- rather than one query per chat when a fan-out starts a thousand of them."""
        heads: list[OutboxRow] = []
        for start in range(0, len(chat_ids), 1000):  # well below SQLite's limit on parameters
            part = chat_ids[start : start + 1000]
            rows = await self.db.fetch_all(
                "SELECT * FROM outbox WHERE id IN ("
                f"  SELECT MIN(id) FROM outbox WHERE {_PENDING} AND chat_id IN ({', '.join('?' * len(part))})"
                "  GROUP BY chat_id"
                ") AND (not_before IS NULL OR not_before <= ?)",
                (*part, format_ts(now)),
            )
            heads += (row_of(r) for r in rows)
        return sorted(heads, key=lambda row: row.id)

    async def next_due(self, now: datetime) -> datetime | None:
        """The earliest ``not_before`` still in the future among pending rows (when to look again)."""
        value = await self.db.fetch_value(
            f"SELECT MIN(not_before) FROM outbox WHERE {_PENDING} AND not_before > ?", (format_ts(now),)
        )
        return None if value is None else parse_ts(str(value))

    async def mark_sent(
        self,
        row_id: int,
        message_id: int | None,
        at: datetime,
        *,
        alert_id: int | None = None,
        photo: bool = False,
    ) -> None:
        """Telegram confirmed the row. With ``alert_id`` the message is also remembered in
        ``alert_messages`` (the newest message of that alert in that chat; ``photo``: it went out as
        the alert's chart with the text as its caption), in the same transaction.
        """
        async with self.db.transaction(durable=True) as conn:
            await conn.execute(
                "UPDATE outbox SET sent_at = ?, message_id = ? WHERE id = ?",
                (format_ts(at), None if message_id is None else int(message_id), row_id),
            )
            if alert_id is not None and message_id is not None:
                # the alert may have been deleted meanwhile (its rule removed): then there is nothing to
                # remember, and the foreign key must not undo the "sent" mark
                await conn.execute(
                    "INSERT INTO alert_messages (alert_id, chat_id, message_id, photo) "
                    "SELECT ?, chat_id, ?, ? FROM outbox WHERE id = ? "
                    "AND EXISTS (SELECT 1 FROM alerts WHERE id = ?) "
                    "ON CONFLICT (alert_id, chat_id) DO UPDATE SET message_id = excluded.message_id, "
                    "photo = excluded.photo",
                    (alert_id, int(message_id), 1 if photo else 0, row_id, alert_id),
                )
                await record_notified(conn, alert_id, row_id, format_ts(at))  # its timeline (issue 19)

    async def defer(self, row_id: int, not_before: datetime, attempts: int) -> None:
        """Try again at ``not_before``; ``attempts`` is the number of failed attempts so far. A claim
        on the row ends: whichever sender looks when it is due takes it."""
        await self.db.execute(
            "UPDATE outbox SET not_before = ?, attempts = ?, claimed_by = NULL, claimed_until = NULL "
            "WHERE id = ?",
            (format_ts(not_before), attempts, row_id),
            durable=True,
        )

    async def fail(self, row_id: int, reason: str) -> None:
        """Give up on the row for good (it is never retried)."""
        await self.db.execute(
            f"UPDATE outbox SET failed = ? WHERE id = ? AND {_PENDING}",
            (reason or "failed", row_id),
            durable=True,
        )

    async def fail_chat(self, chat_id: int, reason: str) -> int:
        """Give up on every pending message to a chat (it blocked the bot or is gone); how many.

        ``alert_edit`` rows are left alone: they edit the alert's messages in every chat, not only there.
        """
        return await self.db.execute(
            f"UPDATE outbox SET failed = ? WHERE chat_id = ? AND {_PENDING} "
            f"AND COALESCE({self.type_sql}, '') != 'alert_edit'",
            (reason or "failed", chat_id),
            durable=True,
        )

    async def retarget(self, old_chat_id: int, new_chat_id: int) -> int:
        """Send the pending rows of ``old_chat_id`` to ``new_chat_id`` (a group became a supergroup)."""
        return await self.db.execute(
            f"UPDATE outbox SET chat_id = ? WHERE chat_id = ? AND {_PENDING}",
            (new_chat_id, old_chat_id),
            durable=True,
        )

    async def last_id(self) -> int:
        """The id of the newest row (0 when empty): rows up to it were queued before this call."""
        return int(await self.db.fetch_value("SELECT COALESCE(MAX(id), 0) FROM outbox") or 0)

    async def settle_edits(self, alert_id: int, up_to: int, at: datetime) -> int:
        """Mark every pending ``alert_edit`` row of the alert with an id up to ``up_to`` sent (one pass
        over the alert's messages, made after they were queued, covered them); how many."""
        return await self.db.execute(
            f"UPDATE outbox SET sent_at = ? WHERE {_PENDING} AND id <= ? "
            f"AND {self.type_sql} = 'alert_edit' AND {self.alert_sql} = ?",
            (format_ts(at), up_to, alert_id),
            durable=True,
        )

    async def pending_count(self) -> int:
        return int(await self.db.fetch_value(f"SELECT COUNT(*) FROM outbox WHERE {_PENDING}") or 0)

    async def alert_messages(self, alert_id: int) -> list[tuple[int, int]]:
        """(chat_id, message_id) of every stored message about the alert."""
        rows = await self.db.fetch_all(
            "SELECT chat_id, message_id FROM alert_messages WHERE alert_id = ? ORDER BY chat_id", (alert_id,)
        )
        return [(int(r["chat_id"]), int(r["message_id"])) for r in rows]

    async def alert_of_message(self, chat_id: int, message_id: int) -> int | None:
        """The alert a message in ``chat_id`` is about (a reply to it is a note): its stored message, or
        an older one (a repeat, an escalation, the resolve) while its sent outbox row is kept."""
        value = await self.db.fetch_value(
            "SELECT alert_id FROM alert_messages WHERE chat_id = ? AND message_id = ?", (chat_id, message_id)
        )
        if value is None:
            value = await self.db.fetch_value(
                f"SELECT {self.alert_sql} FROM outbox WHERE chat_id = ? AND message_id = ? "
                f"AND sent_at IS NOT NULL AND {self.type_sql} = 'alert' ORDER BY id DESC LIMIT 1",
                (chat_id, message_id),
            )
        return None if value is None else int(value)

    async def pending_alert_chats(self, alert_id: int) -> list[int]:
        """Chats with a message about the alert still to send (or in flight): an edit queued there
        after it reaches that message too, once it is sent (a chat's rows go in order)."""
        rows = await self.db.fetch_all(
            f"SELECT DISTINCT chat_id FROM outbox WHERE {_PENDING} AND {self.type_sql} = 'alert' "
            f"AND {self.alert_sql} = ? ORDER BY chat_id",
            (alert_id,),
        )
        return [int(r["chat_id"]) for r in rows]

    async def photo_messages(self, alert_id: int) -> set[tuple[int, int]]:
        """``(chat_id, message_id)`` of the alert's stored messages that went out as a photo (its
        chart) with the text as its caption (issue 19)."""
        rows = await self.db.fetch_all(
            "SELECT chat_id, message_id FROM alert_messages WHERE alert_id = ? AND photo = 1", (alert_id,)
        )
        return {(int(r["chat_id"]), int(r["message_id"])) for r in rows}

    @staticmethod
    async def move_alert_messages(conn: Conn, old_chat_id: int, new_chat_id: int) -> None:
        """Inside the caller's transaction: the alert messages of ``old_chat_id`` now belong to
        ``new_chat_id`` (a group became a supergroup). Where the new chat already has a message about
        the same alert, that one is kept."""
        await conn.execute(
            "UPDATE alert_messages SET chat_id = ? WHERE chat_id = ? AND NOT EXISTS (SELECT 1 FROM "
            "alert_messages AS there WHERE there.chat_id = ? AND there.alert_id = alert_messages.alert_id)",
            (new_chat_id, old_chat_id, new_chat_id),
        )
        await conn.execute("DELETE FROM alert_messages WHERE chat_id = ?", (old_chat_id,))

    async def purge(self, before: datetime) -> int:
        """Delete sent and failed rows created before ``before`` (pending rows are never deleted).

        Their dedup keys go with them: keep ``before`` well behind anything that could be queued again.
        """
        return await self.db.execute(
            "DELETE FROM outbox WHERE (sent_at IS NOT NULL OR failed IS NOT NULL) AND created_at < ?",
            (format_ts(before),),
            durable=True,
        )

    async def backlog(self, now: datetime) -> tuple[int, datetime | None]:
        """Rows due and not sent (pending, their ``not_before`` passed), and since when the oldest of
        them has been due (its ``not_before``, else when it was queued) — ``/healthz``'s backlog."""
        row = await self.db.fetch_one(
            "SELECT COUNT(*) AS n, MIN(COALESCE(not_before, created_at)) AS since FROM outbox"
            f" WHERE {_PENDING} AND (not_before IS NULL OR not_before <= ?)",
            (format_ts(now),),
        )
        if row is None or not row["n"]:
            return 0, None
        return int(row["n"]), parse_ts(str(row["since"])) if row["since"] is not None else None
