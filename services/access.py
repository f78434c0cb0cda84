"""The one access decision: may this person do this action on this tracker?

Every command and every button asks it (through :meth:`Access.tracker`, :meth:`Access.active`,
:meth:`Access.trackers` or :meth:`Access.can`); nothing else decides. Today the answer is:

* the tracker's **owner** may do everything;
* a **bot admin** (``ADMIN_IDS``) may also set up the tracker's on-call rotation
  (:attr:`Action.ONCALL`);
* anyone who is a bot admin or takes turns in (or backs up) the tracker's rotation may
  **respond to its alerts** (:attr:`Action.RESPOND`) from a chat that hears the tracker (a chat
  subscribed to it, or one the alert was sent to);
* nobody else may do anything.

The actions are named after what a team member will be allowed to do (viewer, operator, manager,
owner in the teams issue): adding roles changes this module only.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from storage import Tracker, TrackerRepo
from storage.alerts import AlertRepo
from storage.oncall import OncallRepo
from storage.subscriptions import SubscriptionRepo

__all__ = ["ROLE_ACTIONS", "Access", "Action", "Place"]


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
tracker's ``owner_id``; the other roles are ``storage.members.MEMBER_ROLES``. Not consulted yet:
memberships reach the decision below in the next step of the teams issue."""


@dataclass(frozen=True, slots=True)
class Place:
    """Where a press comes from, for actions that depend on it (:attr:`Action.RESPOND`)."""

    chat_id: int
    alert_id: int | None = None  # the alert whose message was pressed


class Access:
    def __init__(
        self,
        trackers: TrackerRepo,
        oncall: OncallRepo,
        subscriptions: SubscriptionRepo,
        alerts: AlertRepo,
        admin_ids: frozenset[int],
    ) -> None:
        self._trackers = trackers
        self._oncall = oncall
        self._subscriptions = subscriptions
        self._alerts = alerts
        self.admin_ids = admin_ids

    def is_admin(self, user_id: int) -> bool:
        return user_id in self.admin_ids

    async def can(
        self, user_id: int, tracker: Tracker, action: Action, *, where: Place | None = None
    ) -> bool:
        if tracker.owner_id == user_id:
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
        """The tracker if the person may do ``action`` on it, else ``None`` (a forged or stale id
        from a button finds nothing, exactly like a tracker that does not exist)."""
        tracker = await self._trackers.get(user_id, tracker_id)
        if tracker is None:
            if action not in (Action.ONCALL, Action.RESPOND):
                return None  # only the owner may: spare the lookup
            tracker = await self._trackers.find(tracker_id)
        if tracker is None or not await self.can(user_id, tracker, action, where=where):
            return None
        return tracker

    async def trackers(self, user_id: int, action: Action) -> list[Tracker]:
        """Every tracker the person may do ``action`` on (their own today), in a stable order."""
        return [t for t in await self._trackers.list(user_id) if await self.can(user_id, t, action)]

    async def active(self, user_id: int, action: Action) -> Tracker | None:
        """The person's active tracker if they may do ``action`` on it."""
        tracker = await self._trackers.get_active(user_id)
        if tracker is None or not await self.can(user_id, tracker, action):
            return None
        return tracker

    # ------------------------------------------------------------------------------------------

    async def _hears(self, tracker: Tracker, where: Place) -> bool:
        sub = await self._subscriptions.get(where.chat_id, tracker.id)
        if sub is not None and sub.active:
            return True
        if where.alert_id is None:
            return False
        return any(chat == where.chat_id for chat, _ in await self._alerts.messages_of(where.alert_id))

    async def _on_rotation(self, user_id: int, tracker_id: int) -> bool:
        rotation = await self._oncall.get(tracker_id)
        return rotation is not None and (user_id in rotation.people or user_id == rotation.backup_id)
