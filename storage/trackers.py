"""A user's Keitaro trackers: the ones they own and the ones they are a member of (issue 16). API
keys and postback URLs are stored only encrypted.

Reads take the person's id and return only trackers they own or are a member of, each as *their*
view (:attr:`Tracker.role`, :attr:`Tracker.scope`, :attr:`Tracker.is_active`); changes take the
owner's id and filter by it: a tracker id from a button press is never trusted on its own.

A tracker being added is kept as a *draft* row from the moment its key passes the live check, so
the key never has to live in FSM data; drafts are invisible in lists and become real trackers
with :meth:`TrackerRepo.finalize`.
"""

from __future__ import annotations

import builtins
import hashlib
import sqlite3

from storage.db import Database
from storage.secretbox import SecretBox, SecretDecryptError
from storage.timefmt import to_iso
from storage.tracker_rows import (
    MAX_MEMO_OWNERS,
    Tracker,
    TrackerMemo,
    repick_active,
    shared_tracker_row,
    tracker_memo,
    tracker_row,
)

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


class TrackerRepo:
    def __init__(self, db: Database, box: SecretBox) -> None:
        self.db = db
        self.box = box
        self._memo: TrackerMemo = tracker_memo(db)

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
        trackers = tuple(tracker_row(r) for r in rows)
        if memo.generation.get(owner_id, 0) == generation:
            if len(memo.trackers) >= MAX_MEMO_OWNERS:
                memo.trackers.pop(next(iter(memo.trackers)))
            memo.trackers[owner_id] = trackers
        return trackers

    async def _shared(self, user_id: int) -> tuple[Tracker, ...]:
        """The trackers ``user_id`` is a member of, as they see them, from memory when known."""
        memo = self._memo
        found = memo.shared.get(user_id)
        if found is not None:
            return found
        generation = memo.shared_generation
        rows = await self.db.fetch_all(
            "SELECT t.*, m.role AS m_role, m.scope AS m_scope, m.is_active AS m_active FROM members m"
            " JOIN trackers t ON t.id = m.tracker_id WHERE m.user_id = ? AND t.is_draft = 0 ORDER BY t.id",
            (user_id,),
        )
        trackers = tuple(shared_tracker_row(r, user_id) for r in rows)
        if memo.shared_generation == generation:
            if len(memo.shared) >= MAX_MEMO_OWNERS:
                memo.shared.pop(next(iter(memo.shared)))
            memo.shared[user_id] = trackers
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
    async def list(self, user_id: int) -> list[Tracker]:
        """The person's own trackers, then the ones shared with them (each by id)."""
        return [*await self._owned(user_id), *await self._shared(user_id)]

    async def owned(self, owner_id: int) -> builtins.list[Tracker]:
        return list(await self._owned(owner_id))

    async def get(self, owner_id: int, tracker_id: int, *, include_draft: bool = False) -> Tracker | None:
        """The tracker as ``owner_id`` sees it: owned or shared with them (drafts: owned only)."""
        if not include_draft:
            return next((t for t in await self.list(owner_id) if t.id == tracker_id), None)
        row = await self.db.fetch_one(
            "SELECT * FROM trackers WHERE id = ? AND owner_id = ? AND (is_draft = 0 OR ? = 1)",
            (tracker_id, owner_id, int(include_draft)),
        )
        return None if row is None else tracker_row(row)

    async def find(self, tracker_id: int) -> Tracker | None:
        """A saved tracker by its id alone, whoever owns it. Only the access decision
        (``services.access``) and background jobs use it; a screen asks the access decision."""
        owner = await self.db.fetch_value(
            "SELECT owner_id FROM trackers WHERE id = ? AND is_draft = 0", (tracker_id,)
        )
        if owner is None:
            return None
        return next((t for t in await self._owned(int(owner)) if t.id == tracker_id), None)

    async def get_active(self, owner_id: int) -> Tracker | None:
        """The person's active tracker: an own one or a shared one (one at most)."""
        return next((t for t in await self.list(owner_id) if t.is_active), None)

    async def name_taken(self, owner_id: int, name: str, *, except_id: int | None = None) -> bool:
        row = await self.db.fetch_one(
            "SELECT 1 FROM trackers WHERE owner_id = ? AND is_draft = 0 AND lower(name) = lower(?)"
            " AND id IS DISTINCT FROM ?",
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
                    "SELECT 1 FROM trackers WHERE owner_id = ? AND is_active = 1 UNION ALL"
                    " SELECT 1 FROM members WHERE user_id = ? AND is_active = 1",
                    (owner_id, owner_id),
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

    async def _set_active(self, user_id: int, tracker_id: int) -> bool:
        """Own or shared: the one active tracker of ``user_id`` becomes ``tracker_id``."""
        async with self.db.transaction() as conn:
            async with conn.execute(
                "SELECT 1 FROM trackers WHERE id = ? AND owner_id = ? AND is_draft = 0",
                (tracker_id, user_id),
            ) as cur:
                owned = await cur.fetchone() is not None
            async with conn.execute(
                "SELECT 1 FROM members WHERE tracker_id = ? AND user_id = ?", (tracker_id, user_id)
            ) as cur:
                shared = await cur.fetchone() is not None
            if not owned and not shared:
                return False
            await conn.execute("UPDATE trackers SET is_active = 0 WHERE owner_id = ?", (user_id,))
            await conn.execute("UPDATE members SET is_active = 0 WHERE user_id = ?", (user_id,))
            if owned:
                await conn.execute(
                    "UPDATE trackers SET is_active = 1 WHERE id = ? AND owner_id = ?", (tracker_id, user_id)
                )
            else:
                await conn.execute(
                    "UPDATE members SET is_active = 1 WHERE tracker_id = ? AND user_id = ?",
                    (tracker_id, user_id),
                )
        return True

    async def delete(self, owner_id: int, tracker_id: int) -> Tracker | None:
        """Remove a tracker; if it was active, the oldest remaining one becomes active.

        Returns the tracker that is active afterwards (or None).
        """
        self._memo.forget_all()  # members may get another active tracker
        try:
            await self._delete(owner_id, tracker_id)
        finally:
            self._memo.forget_all()  # members may get another active tracker
        return await self.get_active(owner_id)

    async def _delete(self, owner_id: int, tracker_id: int) -> None:
        """Memberships and invitations go with the tracker (foreign keys cascade); a member whose
        active tracker it was gets their next one, like the owner."""
        async with self.db.transaction() as conn:
            async with conn.execute(
                "SELECT m.user_id FROM members m JOIN trackers t ON t.id = m.tracker_id"
                " WHERE m.tracker_id = ? AND t.owner_id = ?",
                (tracker_id, owner_id),
            ) as cur:
                members = [int(r[0]) for r in await cur.fetchall()]
            await conn.execute("DELETE FROM trackers WHERE id = ? AND owner_id = ?", (tracker_id, owner_id))
            for user_id in (owner_id, *members):
                await repick_active(conn, user_id)

    async def members_of(self, tracker_id: int) -> builtins.list[int]:
        """Who is a member of the tracker (not the owner), for telling them it changed."""
        rows = await self.db.fetch_all("SELECT user_id FROM members WHERE tracker_id = ?", (tracker_id,))
        return [int(r[0]) for r in rows]

    async def transfer(self, tracker_id: int, from_user: int, to_user: int) -> Tracker | None:
        """Hand the tracker to ``to_user`` (a member who was offered it, ``MemberRepo.offer_handover``):
        they become its owner, ``from_user`` a manager. The stored secrets are sealed again for the
        new owner. ``None``: no such offer is open, or ``to_user`` is no longer a member;
        :class:`DuplicateTrackerName` when the new owner already has a tracker of that name."""
        tracker = next((t for t in await self._owned(from_user) if t.id == tracker_id), None)
        if tracker is None:
            return None
        api_key = self.api_key(tracker)
        postback = self.postback_url(tracker)
        key_enc = self.box.encrypt(api_key, owner_id=to_user, purpose=API_KEY)
        pb_enc = (
            None if postback is None else self.box.encrypt(postback, owner_id=to_user, purpose=POSTBACK_URL)
        )
        now = to_iso(self.db.now())
        self._memo.forget_all()
        try:
            async with self.db.transaction() as conn:
                async with conn.execute(
                    "SELECT 1 FROM handovers WHERE tracker_id = ? AND from_user = ? AND to_user = ?"
                    " AND expires_at > ?",
                    (tracker_id, from_user, to_user, now),
                ) as cur:
                    if await cur.fetchone() is None:
                        return None  # never offered, withdrawn or expired
                async with conn.execute(
                    "SELECT is_active FROM members WHERE tracker_id = ? AND user_id = ?",
                    (tracker_id, to_user),
                ) as cur:
                    row = await cur.fetchone()
                if row is None:
                    return None
                await conn.execute(
                    "DELETE FROM members WHERE tracker_id = ? AND user_id = ?", (tracker_id, to_user)
                )
                await conn.execute(
                    "UPDATE trackers SET owner_id = ?, api_key_enc = ?, postback_url_enc = ?, is_active = ?,"
                    " updated_at = ? WHERE id = ? AND owner_id = ?",
                    (to_user, key_enc, pb_enc, int(row[0]), now, tracker_id, from_user),
                )
                await conn.execute(
                    "INSERT INTO members (tracker_id, user_id, role, scope, invited_by, joined_at, is_active)"
                    " VALUES (?, ?, 'manager', NULL, ?, ?, ?)",
                    (tracker_id, from_user, to_user, now, int(tracker.is_active)),
                )
                await conn.execute("DELETE FROM handovers WHERE tracker_id = ?", (tracker_id,))
        except sqlite3.IntegrityError as exc:
            raise DuplicateTrackerName from exc
        finally:
            self._memo.forget_all()
        return await self.find(tracker_id)
