"""Who of a tracker's recipients may read a notification: a member with a buyer scope hears only of
their own campaigns (issue 16, point 4).

* An alert about a campaign (``campaign:12``) or one of its flows reaches a scoped member only when
  that campaign is in their scope; an alert over the whole tracker (totals of every campaign, an
  offer's cap, the postback log) never does; "the tracker is down" carries no numbers and does.
  A rule a scoped member made is evaluated through their scope (``alerts.engine``), so its totals
  are of their campaigns and reach members with that same scope (and everyone unscoped).
* Conversion pushes reach a scoped member only with the conversions of their campaigns (a
  conversion whose postback did not say its campaign is left out for them).
* The daily digest covers every campaign: a scoped member gets a one-line note instead.

A private chat is its person's; a group hears what the person who subscribed it may see (a group a
scoped buyer subscribed is that buyer's room). Anyone who is not a scoped member (the owner, a
member without scope, a chat nobody's scope limits) hears everything as before. When the campaigns
of a scope cannot be found (the tracker does not answer), a scoped member hears nothing that needs
them: fail closed.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from alerts.context import AlertsContext
from keitaro.errors import KeitaroError
from storage import Tracker, TrackerSecretUnreadable
from storage.alert_rows import Alert, AlertRule
from storage.scope import Scope

__all__ = ["Audience", "Subject", "alert_subject", "open_alerts_for", "subject_of"]

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Subject:
    """What a notification tells of: one campaign, the whole tracker (``campaign_id`` None) or the
    campaigns of a buyer scope (``within``: a rule a scoped member made sees only theirs), or
    nothing any buyer could not see (``public``: the tracker is down)."""

    campaign_id: int | None = None
    public: bool = False
    within: Scope | None = None


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def subject_of(kind: str, scope: str, details: dict[str, Any]) -> Subject:
    """The subject of an alert of rule ``kind`` in ``scope`` (``details``: what its messages say)."""
    if kind == "tracker_down":
        return Subject(public=True)
    what, _, ident = scope.partition(":")
    if what == "campaign":
        return Subject(_int(ident))
    if what == "flow":
        args = details.get("text_args") or details.get("fired_args") or {}
        return Subject(_int(args.get("campaign_id")) if isinstance(args, dict) else None)
    within = details.get("within")
    return Subject(within=Scope.from_json(within) if isinstance(within, str) else None)


def alert_subject(alert: Alert) -> Subject:
    return subject_of(str(alert.details.get("kind", "")), alert.scope, alert.details)


class Audience:
    """The scopes of one tracker's recipients, looked up once per notification fan-out."""

    def __init__(self, ctx: AlertsContext, tracker_id: int) -> None:
        self.ctx = ctx
        self.tracker_id = tracker_id
        self._scopes: dict[int, Scope | None] = {}
        self._subscribers: dict[int, int] | None = None
        self._campaigns: dict[Scope, frozenset[int] | None] = {}

    async def scope_of(self, chat_id: int) -> Scope | None:
        """The scope that limits what ``chat_id`` may read (None: nothing limits it)."""
        if chat_id in self._scopes:
            return self._scopes[chat_id]
        person: int | None = chat_id
        if chat_id < 0:  # a group: whoever subscribed it
            if self._subscribers is None:
                subs = await self.ctx.subscriptions.for_tracker(self.tracker_id)
                self._subscribers = {s.chat_id: s.created_by for s in subs}
            person = self._subscribers.get(chat_id)
        scope = None
        if person is not None and self.ctx.members is not None:
            member = await self.ctx.members.member(self.tracker_id, person)
            scope = member.scope if member is not None else None
        self._scopes[chat_id] = scope
        return scope

    async def campaigns(self, scope: Scope) -> frozenset[int] | None:
        """The campaigns of ``scope`` now (None: the tracker could not say)."""
        if scope not in self._campaigns:
            found: frozenset[int] | None = None
            tracker = await self.ctx.trackers.find(self.tracker_id)
            if tracker is not None:
                clients = self.ctx.clients
                try:
                    client = clients.unscoped(tracker)
                    found = (await clients.scopes.resolve(tracker.id, scope, client)).campaigns
                except (KeitaroError, TrackerSecretUnreadable) as error:
                    log.info("tracker %s: the campaigns of a scope are unknown now: %s", tracker.id, error)
            self._campaigns[scope] = found
        return self._campaigns[scope]

    async def may_see(self, chat_id: int, subject: Subject) -> bool:
        if subject.public:
            return True
        scope = await self.scope_of(chat_id)
        if scope is None:
            return True
        if subject.campaign_id is None:  # numbers over many campaigns: the same scope's only
            return subject.within == scope
        campaigns = await self.campaigns(scope)
        return campaigns is not None and subject.campaign_id in campaigns

    async def rule_subject(self, rule: AlertRule) -> Subject:
        """What a rule's alerts tell of: its campaign, nothing secret (tracker down), or the
        numbers over its maker's scope (all campaigns when the maker is not scoped)."""
        if rule.kind == "tracker_down":
            return Subject(public=True)
        if rule.campaign_id is not None:
            return Subject(rule.campaign_id)
        maker = await self.ctx.members.member(self.tracker_id, rule.owner_id) if self.ctx.members else None
        return Subject(within=maker.scope if maker is not None else None)

    async def items_for(self, chat_id: int, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """The conversion push items ``chat_id`` may read."""
        scope = await self.scope_of(chat_id)
        if scope is None:
            return items
        campaigns = await self.campaigns(scope) or frozenset()
        return [item for item in items if _int(item.get("campaign_id")) in campaigns]


async def open_alerts_for(ctx: AlertsContext, tracker: Tracker, reader: int) -> list[Alert]:
    """The tracker's open alerts that ``reader`` may read (a scoped buyer: only theirs)."""
    found = await ctx.alerts.list_open([tracker.id])
    if tracker.scope is None:
        return found
    audience = Audience(ctx, tracker.id)
    return [a for a in found if await audience.may_see(reader, alert_subject(a))]
