"""A user's Keitaro trackers. API keys and postback URLs are stored only encrypted.

Every method takes the owner's id and filters by it: a tracker id from a button press is never
trusted on its own.

A tracker being added is kept as a *draft* row from the moment its key passes the live check, so
the key never has to live in FSM data; drafts are invisible in lists and become real trackers
with :meth:`TrackerRepo.finalize`.
"""

from __future__ import annotations

import hashlib
import sqlite3
from dataclasses import dataclass

import aiosqlite

from storage.db import Database
from storage.secretbox import SecretBox, SecretDecryptError
from storage.timefmt import to_iso

API_KEY = "tracker.api_key"
POSTBACK_URL = "tracker.postback_url"


class DuplicateTrackerName(Exception):
    """The owner already has a tracker with this name (case-insensitive)."""


class TrackerSecretUnreadable(SecretDecryptError):
    """A tracker's stored secret (``secret``: :data:`API_KEY` or :data:`POSTBACK_URL`) does not
    decrypt with the current ``SECRET_KEY`` (the key was changed, or the row was damaged): its owner
    must enter it again. Carries the tracker, never the secret."""

    def __init__(self, tracker: Tracker, secret: str, blob: bytes) -> None:
        super().__init__(f"the {secret} of tracker {tracker.id} cannot be decrypted")
        self.tracker_id = tracker.id
        self.owner_id = tracker.owner_id
        self.tracker_name = tracker.name
        self.secret = secret
        # names this stored copy (a hash of the ciphertext): "tell the owner once" per copy
        self.fingerprint = hashlib.sha256(blob).hexdigest()[:16]

    @property
    def is_api_key(self) -> bool:
        return self.secret == API_KEY


@dataclass(frozen=True, slots=True)
class Tracker:
    id: int
    owner_id: int
    name: str
    admin_url: str
    timezone: str
    is_active: bool
    is_draft: bool
    has_postback_url: bool
    created_at: str
    read_only: bool
    _api_key_enc: bytes
    _postback_url_enc: bytes | None
    report_dialect: str | None = None  # "grouping" | "dimensions" once a report found it


def _tracker(row: aiosqlite.Row) -> Tracker:
    return Tracker(
        id=row["id"],
        owner_id=row["owner_id"],
        name=row["name"],
        admin_url=row["admin_url"],
        timezone=row["timezone"],
        is_active=bool(row["is_active"]),
        is_draft=bool(row["is_draft"]),
        has_postback_url=row["postback_url_enc"] is not None,
        created_at=row["created_at"],
        read_only=bool(row["read_only"]),
        _api_key_enc=row["api_key_enc"],
        _postback_url_enc=row["postback_url_enc"],
        report_dialect=row["report_dialect"],
    )


class _OwnerMemo:
    """Each owner's saved trackers in memory: every update of a user asks for the active tracker
    (often more than once), and only :class:`TrackerRepo` writes the table, forgetting the
    owner's entry on every write. ``generation`` keeps a read that overlapped a write from
    storing what it read."""

    def __init__(self) -> None:
        self.trackers: dict[int, tuple[Tracker, ...]] = {}
        self.generation: dict[int, int] = {}

    def forget(self, owner_id: int) -> None:
        self.trackers.pop(owner_id, None)
        self.generation[owner_id] = self.generation.get(owner_id, 0) + 1


MEMO_KEY = "trackers"
MAX_MEMO_OWNERS = 20_000


class TrackerRepo:
    def __init__(self, db: Database, box: SecretBox) -> None:
        self.db = db
        self.box = box
        memo = db.memo.get(MEMO_KEY)
        if not isinstance(memo, _OwnerMemo):
            memo = db.memo[MEMO_KEY] = _OwnerMemo()
        self._memo: _OwnerMemo = memo

    async def _owned(self, owner_id: int) -> tuple[Tracker, ...]:
        """The owner's saved (not draft) trackers by id, from memory when known."""
        memo = self._memo
        found = memo.trackers.get(owner_id)
        if found is not None:
            return found
        generation = memo.generation.get(owner_id, 0)
        rows = await self.db.fetch_all(
            "SELECT * FROM trackers WHERE owner_id = ? AND is_draft = 0 ORDER BY id", (owner_id,)
        )
        trackers = tuple(_tracker(r) for r in rows)
        if memo.generation.get(owner_id, 0) == generation:
            if len(memo.trackers) >= MAX_MEMO_OWNERS:
                memo.trackers.pop(next(iter(memo.trackers)))
            memo.trackers[owner_id] = trackers
        return trackers

    # --- secrets -----------------------------------------------------------------------------
    # A secret that does not decrypt raises :class:`TrackerSecretUnreadable` (never a bare
    # ``SecretDecryptError``): the bot answers it with "enter it again" for that tracker.
    def api_key(self, tracker: Tracker) -> str:
        try:
            return self.box.decrypt(tracker._api_key_enc, owner_id=tracker.owner_id, purpose=API_KEY)
        except SecretDecryptError as exc:
            raise TrackerSecretUnreadable(tracker, API_KEY, tracker._api_key_enc) from exc

    def postback_url(self, tracker: Tracker) -> str | None:
        if tracker._postback_url_enc is None:
            return None
        blob = tracker._postback_url_enc
        try:
            return self.box.decrypt(blob, owner_id=tracker.owner_id, purpose=POSTBACK_URL)
        except SecretDecryptError as exc:
            raise TrackerSecretUnreadable(tracker, POSTBACK_URL, blob) from exc

    def unreadable(self, tracker: Tracker) -> list[str]:
        """Which of the tracker's stored secrets do not decrypt (:data:`API_KEY`, :data:`POSTBACK_URL`)."""
        found = []
        for secret, read in ((API_KEY, self.api_key), (POSTBACK_URL, self.postback_url)):
            try:
                read(tracker)
            except TrackerSecretUnreadable:
                found.append(secret)
        return found

    # --- reads -------------------------------------------------------------------------------
    async def list(self, owner_id: int) -> list[Tracker]:
        return list(await self._owned(owner_id))

    async def get(self, owner_id: int, tracker_id: int, *, include_draft: bool = False) -> Tracker | None:
        if not include_draft:
            return next((t for t in await self._owned(owner_id) if t.id == tracker_id), None)
        row = await self.db.fetch_one(
            "SELECT * FROM trackers WHERE id = ? AND owner_id = ? AND (is_draft = 0 OR ?)",
            (tracker_id, owner_id, int(include_draft)),
        )
        return None if row is None else _tracker(row)

    async def find(self, tracker_id: int) -> Tracker | None:
        """A saved tracker by its id alone, whoever owns it. Only the access decision
        (``services.access``) and background jobs use it; a screen asks the access decision."""
        owner = await self.db.fetch_value(
            "SELECT owner_id FROM trackers WHERE id = ? AND is_draft = 0", (tracker_id,)
        )
        return None if owner is None else await self.get(int(owner), tracker_id)

    async def get_active(self, owner_id: int) -> Tracker | None:
        return next((t for t in await self._owned(owner_id) if t.is_active), None)

    async def name_taken(self, owner_id: int, name: str, *, except_id: int | None = None) -> bool:
        row = await self.db.fetch_one(
            "SELECT 1 FROM trackers WHERE owner_id = ? AND is_draft = 0 AND name = ? COLLATE NOCASE"
            " AND id IS NOT ?",
            (owner_id, name, except_id),
        )
        return row is not None

    async def count(self) -> int:
        return int(await self.db.fetch_value("SELECT COUNT(*) FROM trackers WHERE is_draft = 0"))

    # --- drafts ------------------------------------------------------------------------------
    async def create_draft(self, owner_id: int, *, name: str, admin_url: str, api_key: str) -> Tracker:
        """Replace any earlier draft of this owner with a new one holding the checked key."""
        enc = self.box.encrypt(api_key, owner_id=owner_id, purpose=API_KEY)
        self._memo.forget(owner_id)
        async with self.db.transaction() as conn:
            await conn.execute("DELETE FROM trackers WHERE owner_id = ? AND is_draft = 1", (owner_id,))
            now = to_iso(self.db.now())
            cursor = await conn.execute(
                "INSERT INTO trackers (owner_id, name, admin_url, api_key_enc, is_draft, created_at,"
                " updated_at) VALUES (?, ?, ?, ?, 1, ?, ?)",
                (owner_id, name, admin_url, enc, now, now),
            )
            tracker_id = cursor.lastrowid
        tracker = await self.get(owner_id, int(tracker_id or 0), include_draft=True)
        assert tracker is not None
        return tracker

    async def delete_drafts(self, owner_id: int) -> int:
        self._memo.forget(owner_id)
        return await self.db.execute("DELETE FROM trackers WHERE owner_id = ? AND is_draft = 1", (owner_id,))

    async def finalize(self, owner_id: int, tracker_id: int) -> Tracker:
        """Turn the draft into a tracker; the first tracker of a user becomes the active one."""
        self._memo.forget(owner_id)
        try:
            async with self.db.transaction() as conn:
                async with conn.execute(
                    "SELECT 1 FROM trackers WHERE owner_id = ? AND is_active = 1", (owner_id,)
                ) as cur:
                    has_active = await cur.fetchone() is not None
                await conn.execute(
                    "UPDATE trackers SET is_draft = 0, is_active = ?, updated_at = ?"
                    " WHERE id = ? AND owner_id = ? AND is_draft = 1",
                    (0 if has_active else 1, to_iso(self.db.now()), tracker_id, owner_id),
                )
        except sqlite3.IntegrityError as exc:
            raise DuplicateTrackerName from exc
        self._memo.forget(owner_id)
        tracker = await self.get(owner_id, tracker_id)
        if tracker is None:
            raise LookupError("draft not found")
        return tracker

    # --- changes -----------------------------------------------------------------------------
    async def _update(self, owner_id: int, tracker_id: int, column: str, value: object) -> bool:
        self._memo.forget(owner_id)
        try:
            changed = await self.db.execute(
                f"UPDATE trackers SET {column} = ?, updated_at = ? WHERE id = ? AND owner_id = ?",
                (value, to_iso(self.db.now()), tracker_id, owner_id),
            )
        except sqlite3.IntegrityError as exc:
            raise DuplicateTrackerName from exc
        finally:
            self._memo.forget(owner_id)
        return changed > 0

    async def rename(self, owner_id: int, tracker_id: int, name: str) -> bool:
        return await self._update(owner_id, tracker_id, "name", name)

    async def set_timezone(self, owner_id: int, tracker_id: int, timezone: str) -> bool:
        return await self._update(owner_id, tracker_id, "timezone", timezone)

    async def set_api_key(self, owner_id: int, tracker_id: int, api_key: str) -> bool:
        enc = self.box.encrypt(api_key, owner_id=owner_id, purpose=API_KEY)
        return await self._update(owner_id, tracker_id, "api_key_enc", enc)

    async def set_read_only(self, owner_id: int, tracker_id: int, read_only: bool) -> bool:
        return await self._update(owner_id, tracker_id, "read_only", int(read_only))

    async def set_report_dialect(self, owner_id: int, tracker_id: int, dialect: str | None) -> bool:
        return await self._update(owner_id, tracker_id, "report_dialect", dialect)

    async def set_postback_url(self, owner_id: int, tracker_id: int, url: str | None) -> bool:
        enc = None if url is None else self.box.encrypt(url, owner_id=owner_id, purpose=POSTBACK_URL)
        return await self._update(owner_id, tracker_id, "postback_url_enc", enc)

    async def set_active(self, owner_id: int, tracker_id: int) -> bool:
        self._memo.forget(owner_id)
        try:
            return await self._set_active(owner_id, tracker_id)
        finally:
            self._memo.forget(owner_id)

    async def _set_active(self, owner_id: int, tracker_id: int) -> bool:
        async with self.db.transaction() as conn:
            async with conn.execute(
                "SELECT 1 FROM trackers WHERE id = ? AND owner_id = ? AND is_draft = 0",
                (tracker_id, owner_id),
            ) as cur:
                if await cur.fetchone() is None:
                    return False
            await conn.execute("UPDATE trackers SET is_active = 0 WHERE owner_id = ?", (owner_id,))
            await conn.execute(
                "UPDATE trackers SET is_active = 1 WHERE id = ? AND owner_id = ?", (tracker_id, owner_id)
            )
        return True

    async def delete(self, owner_id: int, tracker_id: int) -> Tracker | None:
        """Remove a tracker; if it was active, the oldest remaining one becomes active.

        Returns the tracker that is active afterwards (or None).
        """
        self._memo.forget(owner_id)
        try:
            await self._delete(owner_id, tracker_id)
        finally:
            self._memo.forget(owner_id)
        return await self.get_active(owner_id)

    async def _delete(self, owner_id: int, tracker_id: int) -> None:
        async with self.db.transaction() as conn:
            await conn.execute("DELETE FROM trackers WHERE id = ? AND owner_id = ?", (tracker_id, owner_id))
            async with conn.execute(
                "SELECT id FROM trackers WHERE owner_id = ? AND is_draft = 0 AND is_active = 1", (owner_id,)
            ) as cur:
                active = await cur.fetchone()
            if active is None:
                await conn.execute(
                    "UPDATE trackers SET is_active = 1 WHERE id = (SELECT MIN(id) FROM trackers"
                    " WHERE owner_id = ? AND is_draft = 0)",
                    (owner_id,),
                )
