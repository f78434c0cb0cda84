"""A buyer's scope on the way to Keitaro: the one place that makes a scoped member's client see only
their campaigns (issue 16, point 4).

:class:`ScopeGuard` stands between a scoped member's view of the tracker's client
(:meth:`keitaro.KeitaroClient.guarded`) and the tracker:

* reports and the click and conversion logs (``POST /report/build``, ``/clicks/log``,
  ``/conversions/log``) get the filter ``campaign_id IN_LIST [the campaigns in scope]`` (Keitaro
  ANDs filters), so totals are Keitaro's own over exactly those campaigns; with no campaign in scope
  the filter matches nothing (``campaign_id EQUALS 0``), never an unscoped query;
* lists of campaigns, flows and campaign groups are cut to the scope;
* a campaign outside the scope (``/campaigns/{id}...``) answers "not found" without a request; a
  flow is checked by its campaign (a write is sent only after the flow was read and found in scope);
* what cannot be cut to a scope is refused with :class:`OutOfScopeError`: the tracker's logs
  (``/logs``), deleting or re-costing clicks across campaigns, Keitaro users, Facebook integrations,
  and changes to things every campaign shares (offers, landing pages, networks, sources, domains,
  groups, the bot list, integrations).

The campaigns in scope (groups or a name prefix, :class:`storage.scope.Scope`) come from ``GET
/campaigns`` and ``GET /campaigns/deleted`` of the unscoped client, kept :data:`CACHE_SECONDS` on the
application's clock per tracker and scope (:class:`ScopeCache`), so a report costs no extra request
most of the time; a campaign write through the scoped view forgets them at once.
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from keitaro import KeitaroClient
from keitaro.errors import KeitaroError, NotFoundError, RequestInfo
from keitaro.models.campaigns import Campaign
from keitaro.resources.base import Send
from services.clock import Clock
from storage.scope import Scope

__all__ = ["CACHE_SECONDS", "InScope", "OutOfScopeError", "ScopeCache", "ScopeGuard", "in_scope"]

CACHE_SECONDS = 60.0
NOTHING = {"name": "campaign_id", "operator": "EQUALS", "expression": 0}  # matches no campaign
FILTERED = frozenset({("POST", "report/build"), ("POST", "clicks/log"), ("POST", "conversions/log")})
SHARED_READS = frozenset(
    {"offers", "landing_pages", "affiliate_networks", "traffic_sources", "domains", "botlist",
     "stream_types", "stream_schemas", "streams_actions", "stream_filters"}
)  # fmt: skip
SHARED_SETTINGS = frozenset({"integrations/avscan", "integrations/imklo"})


class OutOfScopeError(KeitaroError):
    """A request a scoped member may not make: it reads or changes more than their campaigns."""

    code = "scope"


@dataclass(frozen=True, slots=True)
class InScope:
    """The campaigns a scope covers now (archived ones included) and the groups they are in."""

    campaigns: frozenset[int]
    groups: frozenset[int]

    def filter(self) -> dict[str, Any]:
        """The Keitaro filter that keeps exactly these campaigns."""
        if not self.campaigns:
            return dict(NOTHING)
        return {"name": "campaign_id", "operator": "IN_LIST", "expression": sorted(self.campaigns)}


def in_scope(scope: Scope, campaign: Campaign) -> bool:
    """Whether a campaign belongs to the scope: one of its groups, or its name starts with the
    prefix (letter case aside)."""
    if campaign.group_id is not None and campaign.group_id in scope.groups:
        return True
    prefix = (scope.prefix or "").strip().casefold()
    return bool(prefix) and (campaign.name or "").strip().casefold().startswith(prefix)


@dataclass(slots=True)
class _Entry:
    at: datetime
    found: InScope


class ScopeCache:
    """The campaigns in each (tracker, scope), found with the tracker's unscoped client and kept
    ``seconds`` on the application's clock."""

    def __init__(self, clock: Clock, seconds: float = CACHE_SECONDS) -> None:
        self._clock = clock
        self._ttl = timedelta(seconds=seconds)
        self._entries: dict[tuple[int, Scope], _Entry] = {}

    async def resolve(self, tracker_id: int, scope: Scope, client: KeitaroClient) -> InScope:
        key = (tracker_id, scope)
        now = self._clock()
        entry = self._entries.get(key)
        if entry is not None and entry.at <= now < entry.at + self._ttl:
            return entry.found
        campaigns = list(await client.campaigns.list())
        with contextlib.suppress(NotFoundError):  # a tracker without the archive: the live ones only
            campaigns += await client.campaigns.deleted()
        mine = [c for c in campaigns if c.id is not None and in_scope(scope, c)]
        found = InScope(
            frozenset(int(c.id) for c in mine if c.id is not None),
            frozenset(c.group_id for c in mine if c.group_id is not None) | frozenset(scope.groups),
        )
        if len(self._entries) > 1024:
            self._entries.clear()
        self._entries[key] = _Entry(now, found)
        return found

    def forget(self, tracker_id: int) -> None:
        for key in [k for k in self._entries if k[0] == tracker_id]:
            del self._entries[key]


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _items(data: Any) -> list[Any] | None:
    if isinstance(data, list):
        return data
    if isinstance(data, dict) and isinstance(data.get("data"), list):
        return list(data["data"])
    return None


@dataclass(frozen=True, slots=True)
class _Call:
    method: str
    path: str
    rest: list[str]  # the path's segments after the first
    params: Any
    json: Any


class ScopeGuard:
    """The :class:`keitaro.client.RequestGuard` of one scoped member's view of one tracker."""

    def __init__(self, tracker_id: int, scope: Scope, cache: ScopeCache, unscoped: KeitaroClient) -> None:
        self.tracker_id = tracker_id
        self.scope = scope
        self._cache = cache
        self._unscoped = unscoped

    async def in_scope(self) -> InScope:
        return await self._cache.resolve(self.tracker_id, self.scope, self._unscoped)

    def _info(self, method: str, path: str) -> RequestInfo:
        return RequestInfo(method=method, url=self._unscoped.api_base + path, path=path)

    def _refuse(self, method: str, path: str) -> OutOfScopeError:
        what = f"{method} {path} is outside a buyer's scope"
        return OutOfScopeError(what, request=self._info(method, path))

    def _not_found(self, method: str, path: str) -> NotFoundError:
        return NotFoundError("Entity not found", http_status=404, request=self._info(method, path))

    async def __call__(
        self, method: str, path: str, params: Mapping[str, Any] | None, json: Any, send: Send
    ) -> Any:
        parts = path.split("?", 1)[0].strip("/").split("/")
        head, rest = parts[0], parts[1:]
        if (method, "/".join(parts)) in FILTERED:
            return await send(params, await self._filtered(json))
        if head == "campaigns":
            return await self._campaigns(_Call(method, path, rest, params, json), send)
        if head == "streams":
            return await self._streams(_Call(method, path, rest, params, json), send)
        if head == "report" and rest == ["labels"]:
            where = params if method == "GET" else json
            wanted = _int(where.get("campaign_id")) if isinstance(where, Mapping) else None
            if wanted is None or wanted not in (await self.in_scope()).campaigns:
                raise self._not_found(method, path)
            return await send(params, json)
        if method == "GET" and head == "groups":
            data = await send(params, json)
            kind, items = (params or {}).get("type"), _items(data)
            if items is None:
                return data
            groups = (await self.in_scope()).groups  # campaign groups: those of the scope's campaigns
            return [
                g for g in items if isinstance(g, dict)
                and ((g.get("type") or kind) != "campaigns" or _int(g.get("id")) in groups)
            ]  # fmt: skip
        if method == "GET" and (head in SHARED_READS or "/".join(parts[:2]) in SHARED_SETTINGS):
            return await send(params, json)
        raise self._refuse(method, path)

    async def _filtered(self, json: Any) -> Any:
        body = dict(json) if isinstance(json, Mapping) else {}
        filters = list(body.get("filters") or [])
        filters.append((await self.in_scope()).filter())
        body["filters"] = filters
        return body

    async def _campaigns(self, call: _Call, send: Send) -> Any:
        method, path, rest, params, json = call.method, call.path, call.rest, call.params, call.json
        if not rest or rest == ["deleted"]:
            if method == "GET":
                return self._cut(await send(params, json), "id", (await self.in_scope()).campaigns)
            if method == "POST" and not rest:  # a new campaign: only one that is in the scope
                body = json if isinstance(json, Mapping) else {}
                try:
                    new = Campaign.model_validate({"id": 0, **body})
                except ValueError:  # pydantic's error: let the tracker say what is wrong
                    new = None
                if new is not None and not in_scope(self.scope, new):
                    raise self._refuse(method, path)
                return await self._changed(send(params, json))
            raise self._refuse(method, path)
        if _int(rest[0]) not in (await self.in_scope()).campaigns:
            raise self._not_found(method, path)
        if method == "GET":
            return await send(params, json)
        return await self._changed(send(params, json))

    async def _changed(self, sending: Any) -> Any:
        try:
            return await sending
        finally:
            self._cache.forget(self.tracker_id)

    async def _streams(self, call: _Call, send: Send) -> Any:
        method, path, rest, params, json = call.method, call.path, call.rest, call.params, call.json
        campaigns = (await self.in_scope()).campaigns
        if not rest or rest[0] in ("deleted", "search"):
            if method == "GET" and rest:
                return self._cut(await send(params, json), "campaign_id", campaigns)
            if method == "POST" and not rest:
                if _int(json.get("campaign_id") if isinstance(json, Mapping) else None) not in campaigns:
                    raise self._not_found(method, path)
                return await send(params, json)
            raise self._refuse(method, path)
        flow_id = _int(rest[0])
        if flow_id is None:
            raise self._refuse(method, path)
        moving_to = json.get("campaign_id") if isinstance(json, Mapping) else None
        if moving_to is not None and _int(moving_to) not in campaigns:
            raise self._not_found(method, path)
        if method == "GET" and not rest[1:]:  # the flow itself: its answer says whose it is
            flow = await send(params, json)
            if not isinstance(flow, dict) or _int(flow.get("campaign_id")) not in campaigns:
                raise self._not_found(method, path)
            return flow
        flow = await self._unscoped.request("GET", f"/streams/{flow_id}")
        if not isinstance(flow, dict) or _int(flow.get("campaign_id")) not in campaigns:
            raise self._not_found(method, path)
        return await send(params, json)

    @staticmethod
    def _cut(data: Any, key: str, keep: frozenset[int]) -> Any:
        items = _items(data)
        if items is None:
            return [] if isinstance(data, dict) and _int(data.get(key)) not in keep else data
        return [item for item in items if isinstance(item, dict) and _int(item.get(key)) in keep]
