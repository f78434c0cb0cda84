"""The one access decision: may this person do this action on this tracker?

Every command and every button asks it (through :meth:`Access.tracker`, :meth:`Access.active`,
:meth:`Access.trackers` or :meth:`Access.can`) at the moment it is pressed; nothing else decides.
The answer:

* the tracker's **owner** and its **members** may do what their role allows
  (:data:`ROLE_ACTIONS`, the one table — the README shows the same);
* a **bot admin** (``ADMIN_IDS``) may also set up the tracker's on-call rotation
  (:attr:`Action.ONCALL`);
* anyone who is a bot admin or takes turns in (or backs up) the tracker's rotation may
  **respond to its alerts** (:attr:`Action.RESPOND`) from a chat that hears the tracker (a chat
  subscribed to it, or one the alert was sent to);
* nobody else may do anything.

In a **team chat** (a group subscribed to one or more trackers) the person's "active" tracker is
the room's: their own active choice if the group hears it, else the first tracker the group hears
that is theirs, else the first one the group hears (which refuses them). The chat of the update
being handled is set once per update (:func:`in_chat`, by ``bot.middlewares``).

When the answer is no, :func:`last_refusal` says why (not theirs any more, or their role does not
allow it), so a screen can tell an old button's presser what changed.
"""

from __future__ import annotations

from contextvars import ContextVar, Token
from dataclasses import dataclass
from enum import StrEnum

from storage import Tracker, TrackerRepo
from storage.alert_groups import AlertGroupRepo
from storage.alerts import AlertRepo
from storage.members import MemberRepo
from storage.oncall import OncallRepo
from storage.subscriptions import SubscriptionRepo

__all__ = [
    "ROLES",
    "ROLE_ACTIONS",
    "Access",
    "Action",
    "Place",
    "Refusal",
    "allows",
    "in_chat",
    "last_refusal",
]


class Action(StrEnum):
    VIEW = "view"  # numbers, logs, resource lists and cards, alerts and who acknowledged them
    RESPOND = "respond"  # acknowledge, snooze and mute alerts
    TOGGLE = "toggle"  # enable, disable, pause campaigns and flows (safe write with undo)
    POSTBACK_TEST = "postback_test"  # send a test conversion
    WRITE = "write"  # every other change in the tracker
    ALERT_RULES = "alert_rules"  # alert rules, subscriptions, digests, conversion pushes
    ONCALL = "oncall"  # the on-call rotation and escalation
    ADMINISTER = "administer"  # API key, postback URL, read-only flag, removing the tracker


ROLE_ACTIONS: dict[str, frozenset[Action]] = {
    "viewer": frozenset({Action.VIEW}),
    "operator": frozenset({Action.VIEW, Action.RESPOND, Action.TOGGLE, Action.POSTBACK_TEST}),
    "manager": frozenset(set(Action) - {Action.ADMINISTER}),
    "owner": frozenset(Action),
}
"""What each role of a tracker's team may do — the one table (issue 16). The owner is the
tracker's ``owner_id``; the other roles are ``storage.members.MEMBER_ROLES``."""

ROLES = ("viewer", "operator", "manager", "owner")
"""The roles, least to most."""


def allows(role: str | None, action: Action) -> bool:
    """Does ``role`` (``None``: no role at all) allow ``action`` by the table? For drawing a screen
    (a write button shown or not); a press still asks :class:`Access`."""
    return role is not None and action in ROLE_ACTIONS.get(role, frozenset())


_chat: ContextVar[int | None] = ContextVar("access_group_chat", default=None)


def in_chat(chat_id: int | None) -> Token[int | None]:
    """The update being handled comes from the group ``chat_id`` (``None``: a private chat or no
    chat); :meth:`Access.active` answers with the room's tracker there. Reset with the token."""
    return _chat.set(chat_id)


@dataclass(frozen=True, slots=True)
class Refusal:
    """Why the last question was answered no: ``role`` is the person's role on the tracker when
    the role does not allow the action, ``None`` when the tracker is not theirs (removed, never
    shared, or shared no longer)."""

    action: Action
    role: str | None = None
    tracker_name: str | None = None


_refusal: ContextVar[Refusal | None] = ContextVar("access_refusal", default=None)


def last_refusal() -> Refusal | None:
    """Why the access decision last said no in this handler (``None``: it has not)."""
    return _refusal.get()


def _refuse(action: Action, tracker: Tracker | None = None, role: str | None = None) -> None:
    _refusal.set(Refusal(action, role, tracker.name if tracker is not None and role else None))


@dataclass(frozen=True, slots=True)
class Place:
    """Where a press comes from, for actions that depend on it (:attr:`Action.RESPOND`)."""

    chat_id: int
    alert_id: int | None = None  # the alert whose message was pressed
    group_id: int | None = None  # the storm group whose message was pressed (issue 19)


class Access:
    def __init__(
        self,
        trackers: TrackerRepo,
        oncall: OncallRepo,
        subscriptions: SubscriptionRepo,
        alerts: AlertRepo,
        admin_ids: frozenset[int],
        *,
        members: MemberRepo,
    ) -> None:
        self._trackers = trackers
        self._members = members
        self._oncall = oncall
        self._subscriptions = subscriptions
        self._alerts = alerts
        self.admin_ids = admin_ids

    def is_admin(self, user_id: int) -> bool:
        return user_id in self.admin_ids

    async def role(self, user_id: int, tracker: Tracker) -> str | None:
        """The person's role on the tracker (``"owner"`` or a member's role), ``None``: not theirs."""
        if tracker.owner_id == user_id:
            return "owner"
        if tracker.viewer == user_id:
            return tracker.role
        member = await self._members.member(tracker.id, user_id)
        return None if member is None else member.role

    async def can(
        self, user_id: int, tracker: Tracker, action: Action, *, where: Place | None = None
    ) -> bool:
        role = await self.role(user_id, tracker)
        if role is not None and action in ROLE_ACTIONS[role]:
            return True
        if action is Action.ONCALL:
            return self.is_admin(user_id)
        if action is Action.RESPOND and where is not None:
            return await self._hears(tracker, where) and (
                self.is_admin(user_id) or await self._on_rotation(user_id, tracker.id)
            )
        return False

    async def tracker(
        self, user_id: int, tracker_id: int, action: Action, *, where: Place | None = None
    ) -> Tracker | None:
        """The tracker as the person sees it (their role, their scope) if they may do ``action`` on
        it, else ``None`` (a forged or stale id from a button finds nothing, exactly like a tracker
        that does not exist; :func:`last_refusal` says which)."""
        tracker = await self._trackers.get(user_id, tracker_id)
        if tracker is None and action in (Action.ONCALL, Action.RESPOND):
            tracker = await self._trackers.find(tracker_id)  # a bot admin, a rotation's person
        if tracker is None:
            _refuse(action)
            return None
        if not await self.can(user_id, tracker, action, where=where):
            _refuse(action, tracker, await self.role(user_id, tracker))
            return None
        return tracker

    async def trackers(self, user_id: int, action: Action) -> list[Tracker]:
        """Every tracker the person may do ``action`` on — their own, then the ones shared with
        them — in a stable order."""
        return [t for t in await self._trackers.list(user_id) if await self.can(user_id, t, action)]

    async def active(self, user_id: int, action: Action) -> Tracker | None:
        """The person's active tracker (own or shared) if they may do ``action`` on it; in a team
        chat, the room's tracker (see the module's note)."""
        chat = _chat.get()
        room = (await self._room(user_id, chat))[0] if chat is not None else None
        tracker = room or await self._trackers.get_active(user_id)
        if tracker is None:
            _refuse(action)
            return None
        if not await self.can(user_id, tracker, action):
            _refuse(action, tracker, await self.role(user_id, tracker))
            return None
        return tracker

    async def in_room(self, user_id: int, chat_id: int) -> bool | None:
        """Is the person on the team of a tracker the group ``chat_id`` hears (owner or member)?
        ``None``: the group hears no tracker (it is nobody's team chat)."""
        tracker, theirs = await self._room(user_id, chat_id)
        return None if tracker is None else theirs

    # ------------------------------------------------------------------------------------------

    async def _room(self, user_id: int, chat_id: int) -> tuple[Tracker | None, bool]:
        """The tracker of the group's room the person works with (their active choice if the group
        hears it, else the first it hears that is theirs, else the first it hears) and whether it
        is theirs; ``(None, False)``: the group hears no tracker."""
        ids = [s.tracker_id for s in await self._subscriptions.for_chat(chat_id)]
        if not ids:
            return None, False
        theirs = {t.id: t for t in await self._trackers.list(user_id)}
        heard = [theirs[tid] for tid in ids if tid in theirs]
        mine = next((t for t in heard if t.is_active), None) or next(iter(heard), None)
        if mine is not None:
            return mine, True
        return await self._trackers.find(ids[0]), False

    async def _hears(self, tracker: Tracker, where: Place) -> bool:
        sub = await self._subscriptions.get(where.chat_id, tracker.id)
        if sub is not None and sub.active:
            return True
        if where.group_id is not None:  # a storm's message there (an escalation's, too)
            return where.chat_id in await AlertGroupRepo(self._alerts.db).chats(where.group_id)
        if where.alert_id is None:
            return False
        return any(chat == where.chat_id for chat, _ in await self._alerts.messages_of(where.alert_id))

    async def _on_rotation(self, user_id: int, tracker_id: int) -> bool:
        rotation = await self._oncall.get(tracker_id)
        return rotation is not None and (user_id in rotation.people or user_id == rotation.backup_id)
