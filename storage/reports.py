"""Saved report setups: a name per owner (case-insensitive), the setup as JSON."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from typing import Any

from storage.db import Database, Row
from storage.timefmt import to_iso

MAX_SAVED_REPORTS = 50


class DuplicateReportName(Exception):
    """The owner already has a saved report with this name (case-insensitive)."""


class TooManyReports(Exception):
    """The owner has :data:`MAX_SAVED_REPORTS` saved reports already."""


@dataclass(frozen=True, slots=True)
class SavedReport:
    id: int
    owner_id: int
    name: str
    setup: dict[str, Any]
    created_at: str


def _saved(row: Row) -> SavedReport:
    try:
        setup = json.loads(row["setup"])
    except ValueError:
        setup = {}
    return SavedReport(
        id=row["id"],
        owner_id=row["owner_id"],
        name=row["name"],
        setup=setup if isinstance(setup, dict) else {},
        created_at=row["created_at"],
    )


class SavedReportRepo:
    """Every query is filtered by owner: an id of somebody else's report finds nothing."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def list(self, owner_id: int) -> list[SavedReport]:
        rows = await self.db.fetch_all(
            "SELECT * FROM saved_reports WHERE owner_id = ? ORDER BY lower(name), id", (owner_id,)
        )
        return [_saved(r) for r in rows]

    async def get(self, owner_id: int, report_id: int) -> SavedReport | None:
        row = await self.db.fetch_one(
            "SELECT * FROM saved_reports WHERE id = ? AND owner_id = ?", (report_id, owner_id)
        )
        return None if row is None else _saved(row)

    async def save(
        self, owner_id: int, name: str, setup: dict[str, Any], *, replace: bool = False
    ) -> SavedReport:
        """Save under ``name``; with ``replace`` an existing report of that name is overwritten,
        else :class:`DuplicateReportName` is raised."""
        payload = json.dumps(setup, sort_keys=True)
        async with self.db.transaction() as conn:
            now = to_iso(self.db.now())
            async with conn.execute(
                "SELECT id FROM saved_reports WHERE owner_id = ? AND lower(name) = lower(?)",
                (owner_id, name),
            ) as cur:
                existing = await cur.fetchone()
            if existing is not None:
                if not replace:
                    raise DuplicateReportName(name)
                await conn.execute(
                    "UPDATE saved_reports SET setup = ?, name = ?, updated_at = ? WHERE id = ?",
                    (payload, name, now, existing["id"]),
                )
                report_id = int(existing["id"])
            else:
                async with conn.execute(
                    "SELECT COUNT(*) FROM saved_reports WHERE owner_id = ?", (owner_id,)
                ) as cur:
                    count_row = await cur.fetchone()
                if count_row is not None and count_row[0] >= MAX_SAVED_REPORTS:
                    raise TooManyReports
                try:
                    cursor = await conn.execute(
                        "INSERT INTO saved_reports (owner_id, name, setup, created_at, updated_at)"
                        " VALUES (?, ?, ?, ?, ?)",
                        (owner_id, name, payload, now, now),
                    )
                except sqlite3.IntegrityError as exc:
                    raise DuplicateReportName(name) from exc
                report_id = int(cursor.lastrowid or 0)
        saved = await self.get(owner_id, report_id)
        assert saved is not None
        return saved

    async def delete(self, owner_id: int, report_id: int) -> bool:
        return (
            await self.db.execute(
                "DELETE FROM saved_reports WHERE id = ? AND owner_id = ?", (report_id, owner_id)
            )
            > 0
        )
