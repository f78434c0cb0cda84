"""A tracker's team (issue 16): the members besides the owner, with a role and an optional buyer
scope, the one-time invitations that make them members, and ownership hand-overs waiting for a yes.

* The owner stays ``trackers.owner_id``; a member row never says "owner".
* An invitation's token is shown once (in the link) and only its SHA-256 is stored. A guessed,
  expired, revoked or already used token all give the same answer: ``None``.
* Redeeming is one conditional ``UPDATE``: of two people racing with one link, one joins.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta

from storage.db import Database, Row
from storage.scope import Scope
from storage.timefmt import to_iso
from storage.tracker_rows import repick_active, tracker_memo

__all__ = [
    "HANDOVER_TTL",
    "INVITATION_TTL",
    "MEMBER_ROLES",
    "Handover",
    "Invitation",
    "Member",
    "MemberRepo",
    "Scope",
    "token_hash",
]

MEMBER_ROLES = ("viewer", "operator", "manager")
"""Roles a member can have, least to most (the owner is the tracker's ``owner_id``)."""
INVITATION_TTL = timedelta(hours=24)
TOKEN_BYTES = 24  # 192 bits; 32 characters of a t.me ?start= parameter (at most 64)


@dataclass(frozen=True, slots=True)
class Member:
    tracker_id: int
    user_id: int
    role: str
    scope: Scope | None
    invited_by: int
    joined_at: str


@dataclass(frozen=True, slots=True)
class Invitation:
    id: int
    tracker_id: int
    role: str
    scope: Scope | None
    invited_by: int
    created_at: str
    expires_at: str


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _role(value: str) -> str:
    if value not in MEMBER_ROLES:
        raise ValueError(f"a member's role is one of {MEMBER_ROLES}, not {value!r}")
    return value


def _member(row: Row) -> Member:
    return Member(
        tracker_id=int(row["tracker_id"]),
        user_id=int(row["user_id"]),
        role=row["role"],
        scope=Scope.from_json(row["scope"]),
        invited_by=int(row["invited_by"]),
        joined_at=row["joined_at"],
    )


def _invitation(row: Row) -> Invitation:
    return Invitation(
        id=int(row["id"]),
        tracker_id=int(row["tracker_id"]),
        role=row["role"],
        scope=Scope.from_json(row["scope"]),
        invited_by=int(row["invited_by"]),
        created_at=row["created_at"],
        expires_at=row["expires_at"],
    )


@dataclass(frozen=True, slots=True)
class Handover:
    tracker_id: int
    from_user: int
    to_user: int
    expires_at: str


HANDOVER_TTL = timedelta(hours=24)


class MemberRepo:
    """Callers decide who may invite, change or remove (the owner); this keeps the rows right.
    Every change of a membership forgets the trackers kept in memory (``storage.trackers``)."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def _forget(self, user_id: int) -> None:
        tracker_memo(self.db).forget(user_id)  # their own trackers too: the active one may move

    # ------------------------------------------------------------ invitations

    async def invite(
        self,
        tracker_id: int,
        invited_by: int,
        role: str,
        scope: Scope | None = None,
        *,
        ttl: timedelta = INVITATION_TTL,
    ) -> tuple[str, Invitation]:
        """A new invitation: the token (for the link, never stored) and what was stored."""
        token = secrets.token_urlsafe(TOKEN_BYTES)
        now = self.db.now()
        cursor_id = await self._insert_invitation(
            tracker_id, token_hash(token), _role(role), scope, invited_by, to_iso(now), to_iso(now + ttl)
        )
        found = await self.db.fetch_one("SELECT * FROM invitations WHERE id = ?", (cursor_id,))
        assert found is not None
        return token, _invitation(found)

    async def _insert_invitation(  # noqa: PLR0917 -- one row's columns
        self, tracker_id: int, digest: str, role: str, scope: Scope | None, by: int, now: str, until: str
    ) -> int:
        async with self.db.transaction() as conn:
            cursor = await conn.execute(
                "INSERT INTO invitations (tracker_id, token_hash, role, scope, invited_by, created_at,"
                " expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (tracker_id, digest, role, scope.to_json() if scope else None, by, now, until),
            )
            return int(cursor.lastrowid or 0)

    async def open_invitation(self, token: str) -> Invitation | None:
        """The invitation ``token`` opens, if it is still usable; ``None`` for every other case."""
        digest = token_hash(token)
        row = await self.db.fetch_one(
            "SELECT * FROM invitations WHERE token_hash = ? AND used_at IS NULL AND revoked_at IS NULL"
            " AND expires_at > ?",
            (digest, to_iso(self.db.now())),
        )
        if row is None or not hmac.compare_digest(str(row["token_hash"]), digest):
            return None
        return _invitation(row)

    async def mark_opened(self, invitation_id: int, user_id: int) -> None:
        """``user_id`` opened the invitation's link (they hold its token): their ✅ Join, pressed in
        any process, redeems it (:meth:`redeem_opened`). A later link opened replaces it."""
        await self.db.execute(
            "INSERT INTO invitation_opens (user_id, invitation_id, opened_at) VALUES (?, ?, ?)"
            " ON CONFLICT (user_id) DO UPDATE SET invitation_id = excluded.invitation_id,"
            " opened_at = excluded.opened_at",
            (user_id, invitation_id, to_iso(self.db.now())),
        )

    async def opened(self, user_id: int) -> Invitation | None:
        """The invitation ``user_id`` opened last, if it is still usable."""
        row = await self.db.fetch_one(
            "SELECT invitations.* FROM invitation_opens JOIN invitations ON invitations.id ="
            " invitation_opens.invitation_id WHERE invitation_opens.user_id = ? AND used_at IS NULL"
            " AND revoked_at IS NULL AND expires_at > ?",
            (user_id, to_iso(self.db.now())),
        )
        return None if row is None else _invitation(row)

    async def forget_opened(self, user_id: int) -> None:
        await self.db.execute("DELETE FROM invitation_opens WHERE user_id = ?", (user_id,))

    async def redeem(self, token: str, user_id: int) -> Member | None:
        """Use the invitation once: ``user_id`` becomes a member with its role and scope (a member
        already keeps the row, with the new role). ``None``: not usable, or ``user_id`` owns it."""
        invitation = await self.open_invitation(token)
        return None if invitation is None else await self._redeem(invitation, user_id)

    async def redeem_opened(self, invitation_id: int, user_id: int) -> Member | None:
        """:meth:`redeem` for the invitation ``user_id`` opened (:meth:`mark_opened`), if it is
        ``invitation_id`` and still usable; the opening is forgotten either way."""
        invitation = await self.opened(user_id)
        await self.forget_opened(user_id)
        if invitation is None or invitation.id != invitation_id:
            return None
        return await self._redeem(invitation, user_id)

    async def _redeem(self, invitation: Invitation, user_id: int) -> Member | None:
        now = to_iso(self.db.now())
        async with self.db.transaction() as conn:
            owner = await (
                await conn.execute("SELECT owner_id FROM trackers WHERE id = ?", (invitation.tracker_id,))
            ).fetchone()
            if owner is None or int(owner[0]) == user_id:
                return None
            taken = await conn.execute(
                "UPDATE invitations SET used_at = ?, used_by = ? WHERE id = ? AND used_at IS NULL"
                " AND revoked_at IS NULL AND expires_at > ?",
                (now, user_id, invitation.id, now),
            )
            if taken.rowcount != 1:
                return None  # somebody else was quicker, or it was revoked meanwhile
            await conn.execute(
                "INSERT INTO members (tracker_id, user_id, role, scope, invited_by, joined_at)"
                " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (tracker_id, user_id) DO UPDATE SET"
                " role = excluded.role, scope = excluded.scope, invited_by = excluded.invited_by",
                (
                    invitation.tracker_id, user_id, invitation.role,
                    invitation.scope.to_json() if invitation.scope else None, invitation.invited_by, now,
                ),
            )  # fmt: skip
            await repick_active(conn, user_id)  # a first tracker becomes the active one
        self._forget(user_id)
        return await self.member(invitation.tracker_id, user_id)

    async def revoke(self, tracker_id: int, invitation_id: int) -> bool:
        changed = await self.db.execute(
            "UPDATE invitations SET revoked_at = ? WHERE id = ? AND tracker_id = ? AND used_at IS NULL"
            " AND revoked_at IS NULL",
            (to_iso(self.db.now()), invitation_id, tracker_id),
        )
        return changed > 0

    async def pending(self, tracker_id: int) -> list[Invitation]:
        """Invitations of the tracker that can still be used, oldest first."""
        rows = await self.db.fetch_all(
            "SELECT * FROM invitations WHERE tracker_id = ? AND used_at IS NULL AND revoked_at IS NULL"
            " AND expires_at > ? ORDER BY id",
            (tracker_id, to_iso(self.db.now())),
        )
        return [_invitation(r) for r in rows]

    # ------------------------------------------------------------ members

    async def member(self, tracker_id: int, user_id: int) -> Member | None:
        row = await self.db.fetch_one(
            "SELECT * FROM members WHERE tracker_id = ? AND user_id = ?", (tracker_id, user_id)
        )
        return None if row is None else _member(row)

    async def members(self, tracker_id: int) -> list[Member]:
        rows = await self.db.fetch_all(
            "SELECT * FROM members WHERE tracker_id = ? ORDER BY joined_at, user_id", (tracker_id,)
        )
        return [_member(r) for r in rows]

    async def memberships(self, user_id: int) -> list[Member]:
        """The trackers ``user_id`` is a member of (not the ones they own)."""
        rows = await self.db.fetch_all(
            "SELECT * FROM members WHERE user_id = ? ORDER BY tracker_id", (user_id,)
        )
        return [_member(r) for r in rows]

    async def set_role(self, tracker_id: int, user_id: int, role: str, scope: Scope | None) -> bool:
        try:
            changed = await self.db.execute(
                "UPDATE members SET role = ?, scope = ? WHERE tracker_id = ? AND user_id = ?",
                (_role(role), scope.to_json() if scope else None, tracker_id, user_id),
            )
        finally:
            self._forget(user_id)
        return changed > 0

    async def set_scope(self, tracker_id: int, user_id: int, scope: Scope | None) -> bool:
        try:
            changed = await self.db.execute(
                "UPDATE members SET scope = ? WHERE tracker_id = ? AND user_id = ?",
                (scope.to_json() if scope else None, tracker_id, user_id),
            )
        finally:
            self._forget(user_id)
        return changed > 0

    async def remove(self, tracker_id: int, user_id: int) -> bool:
        """The member leaves (or is removed); their next tracker becomes active if it was this one.
        An ownership offer to them is withdrawn."""
        try:
            async with self.db.transaction() as conn:
                gone = await conn.execute(
                    "DELETE FROM members WHERE tracker_id = ? AND user_id = ?", (tracker_id, user_id)
                )
                await conn.execute(
                    "DELETE FROM handovers WHERE tracker_id = ? AND to_user = ?", (tracker_id, user_id)
                )
                await repick_active(conn, user_id)
        finally:
            self._forget(user_id)
        return int(gone.rowcount) > 0

    # ------------------------------------------------------------ ownership hand-over

    async def offer_handover(
        self, tracker_id: int, from_user: int, to_user: int, *, ttl: timedelta = HANDOVER_TTL
    ) -> Handover:
        """The owner offers the tracker to a member (one open offer per tracker: a new one replaces
        it); ``TrackerRepo.transfer`` carries it out when the member says yes."""
        now = self.db.now()
        await self.db.execute(
            "INSERT INTO handovers (tracker_id, from_user, to_user, created_at, expires_at)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT (tracker_id) DO UPDATE SET from_user = excluded.from_user,"
            " to_user = excluded.to_user, created_at = excluded.created_at, expires_at = excluded.expires_at",
            (tracker_id, from_user, to_user, to_iso(now), to_iso(now + ttl)),
        )
        return Handover(tracker_id, from_user, to_user, to_iso(now + ttl))

    async def handover(self, tracker_id: int) -> Handover | None:
        """The tracker's open ownership offer, if any."""
        row = await self.db.fetch_one(
            "SELECT * FROM handovers WHERE tracker_id = ? AND expires_at > ?",
            (tracker_id, to_iso(self.db.now())),
        )
        if row is None:
            return None
        return Handover(int(row["tracker_id"]), int(row["from_user"]), int(row["to_user"]), row["expires_at"])

    async def withdraw_handover(self, tracker_id: int) -> bool:
        return await self.db.execute("DELETE FROM handovers WHERE tracker_id = ?", (tracker_id,)) > 0
