"""A tracker row as one person sees it (owner or member), the memory of them kept per database,
and the rule that keeps exactly one tracker active per person. Used by ``storage.trackers`` and
``storage.members``."""

from __future__ import annotations

from dataclasses import dataclass, replace

from storage.db import Conn, Database, Row
from storage.scope import Scope

__all__ = [
    "MAX_MEMO_OWNERS",
    "MEMO_KEY",
    "Tracker",
    "TrackerMemo",
    "repick_active",
    "shared_tracker_row",
    "tracker_memo",
    "tracker_row",
]


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
    # whose view this is and what they are: the owner ("owner", no scope) or a member (their role,
    # their buyer scope; ``is_active`` is then the member's own choice)
    viewer: int = 0
    role: str = "owner"
    scope: Scope | None = None

    @property
    def is_shared(self) -> bool:
        """Seen by a member, not by the owner."""
        return self.role != "owner"


def tracker_row(row: Row) -> Tracker:
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
        viewer=row["owner_id"],
    )


def shared_tracker_row(row: Row, user_id: int) -> Tracker:
    """A tracker as a member sees it (``row`` joins the tracker with the membership)."""
    return replace(
        tracker_row(row),
        viewer=user_id,
        role=row["m_role"],
        scope=Scope.from_json(row["m_scope"]),
        is_active=bool(row["m_active"]),
    )


async def repick_active(conn: Conn, user_id: int) -> None:
    """If ``user_id`` has no active tracker (owned or shared) any more, make their oldest own
    tracker active, else their oldest membership. Run inside the transaction that took it away."""
    async with conn.execute(
        "SELECT 1 FROM trackers WHERE owner_id = ? AND is_draft = 0 AND is_active = 1 UNION ALL"
        " SELECT 1 FROM members WHERE user_id = ? AND is_active = 1",
        (user_id, user_id),
    ) as cur:
        if await cur.fetchone() is not None:
            return
    changed = await conn.execute(
        "UPDATE trackers SET is_active = 1 WHERE id = (SELECT MIN(id) FROM trackers"
        " WHERE owner_id = ? AND is_draft = 0)",
        (user_id,),
    )
    if changed.rowcount == 0:
        await conn.execute(
            "UPDATE members SET is_active = 1 WHERE user_id = ? AND tracker_id = (SELECT MIN(tracker_id)"
            " FROM members WHERE user_id = ?)",
            (user_id, user_id),
        )


class _Forgetful(dict[int, tuple[Tracker, ...]]):
    """A memory that keeps nothing: the tables are shared with other processes (PostgreSQL), whose
    writes this process does not see."""

    def __setitem__(self, key: int, value: tuple[Tracker, ...]) -> None:
        return None


class TrackerMemo:
    """Each person's saved trackers in memory: every update of a user asks for the active tracker
    (often more than once), and only :class:`TrackerRepo` and ``MemberRepo`` write the tables,
    forgetting on every write. ``trackers`` holds what a person owns, ``shared`` what they are a
    member of (forgotten whole on any tracker change: a member's view copies the owner's row).
    ``generation`` keeps a read that overlapped a write from storing what it read."""

    def __init__(self, *, keep: bool = True) -> None:
        self.trackers: dict[int, tuple[Tracker, ...]] = {} if keep else _Forgetful()
        self.shared: dict[int, tuple[Tracker, ...]] = {} if keep else _Forgetful()
        self.generation: dict[int, int] = {}
        self.shared_generation = 0

    def forget(self, owner_id: int) -> None:
        self.trackers.pop(owner_id, None)
        self.generation[owner_id] = self.generation.get(owner_id, 0) + 1
        self.forget_shared()

    def forget_shared(self) -> None:
        self.shared.clear()
        self.shared_generation += 1

    def forget_all(self) -> None:
        self.trackers.clear()
        self.generation.clear()
        self.forget_shared()


MEMO_KEY = "trackers"
MAX_MEMO_OWNERS = 20_000


def tracker_memo(db: Database) -> TrackerMemo:
    """The one memory of trackers per database (``MemberRepo`` forgets through it too)."""
    memo = db.memo.get(MEMO_KEY)
    if not isinstance(memo, TrackerMemo):
        memo = db.memo[MEMO_KEY] = TrackerMemo(keep=not db.shared)
    return memo
