"""Safe writes, declared: what an action changes (before → after), how it runs, how it is undone.

An :class:`Action` belongs to a resource declaration. The browser shows the actions whose
``available`` says so, asks for a value when the action needs one, shows a confirmation card
built from ``changes``, runs ``apply`` and keeps a snapshot so ``undo`` can restore it for ten
minutes.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from handlers.resources.parsers import (
    S2S_STATUSES,
    clean_id,
    clean_name,
    clean_number,
    clean_url,
    clean_user_type,
    clean_weight,
    json_object,
    parse_shares,
    parse_statuses,
)
from handlers.resources.spec import state_of
from keitaro import DateRange, Filter, KeitaroClient, ReportQuery

UNDO_SECONDS = 600

Change = tuple[str, Any, Any]  # field label (res-f-…), before, after


@dataclass(frozen=True)
class Action:
    key: str  # locale: res-act-<key>
    available: Callable[[Any], bool]
    apply: Callable[[KeitaroClient, Any, Any], Awaitable[Any]]  # (client, item, value) → new item
    changes: Callable[[Any, Any], list[Change]]
    undo: Callable[[KeitaroClient, int, dict[str, Any]], Awaitable[Any]] | None = None
    ask: str | None = None  # locale key of the question when the action needs a value
    parse: Callable[[str], Any] | None = None  # typed text → value (raises InputError)
    stops_traffic: bool = False  # warn with the last 24 hours of traffic first
    guard_last_flow: bool = False
    typed_confirm: bool = False  # no undo: the user types the object's name to confirm
    # how the confirmation card shows the values of the changes (see handlers.resources.names):
    # ``ref`` — they are ids (or (id, suffix) pairs) of that kind; ``words`` — Keitaro values in words
    ref: str | None = None
    words: tuple[str, ...] = ()


def _state_action(
    resource: str,
    key: str,
    op: str,
    *,
    available_from: tuple[str, ...],
    after: str,
    inverse: str | None,
    stops_traffic: bool = False,
    guard_last_flow: bool = False,
) -> Action:
    async def apply(client: KeitaroClient, item: Any, _value: Any) -> Any:
        return await getattr(getattr(client, resource), op)(item.id)

    async def undo(client: KeitaroClient, item_id: int, _snapshot: dict[str, Any]) -> Any:
        assert inverse is not None
        return await getattr(getattr(client, resource), inverse)(item_id)

    return Action(
        key=key,
        available=lambda item: state_of(item) in available_from,
        apply=apply,
        changes=lambda item, _v: [("state", state_of(item), after)],
        undo=undo if inverse else None,
        stops_traffic=stops_traffic,
        guard_last_flow=guard_last_flow,
    )


def field_action(
    resource: str,
    key: str,
    field: str,
    parse: Callable[[str], Any],
    *,
    label: str | None = None,
    ref: str | None = None,
    words: tuple[str, ...] = (),
) -> Action:
    """Set one field to a typed value; the card shows it as ``res-f-<label>`` (default: the field)."""

    async def apply(client: KeitaroClient, item: Any, value: Any) -> Any:
        return await getattr(client, resource).update(item.id, json={field: value})

    async def undo(client: KeitaroClient, item_id: int, snapshot: dict[str, Any]) -> Any:
        return await getattr(client, resource).update(item_id, json={field: snapshot.get(field)})

    return Action(
        key=key,
        available=lambda item: state_of(item) != "archived",
        apply=apply,
        changes=lambda item, value: [(label or field, getattr(item, field, None), value)],
        undo=undo,
        ask=f"res-ask-{key}",
        parse=parse,
        ref=ref,
        words=words,
    )


def state_actions(
    resource: str,
    *,
    guard_last_flow: bool = False,
    only: tuple[str, ...] = ("disable", "enable", "archive", "restore"),
) -> tuple[Action, ...]:
    """disable / enable / archive / restore (or a subset), each undoable by its opposite."""
    return tuple(a for a in _all_state_actions(resource, guard_last_flow) if a.key in only)


def _all_state_actions(resource: str, guard_last_flow: bool) -> tuple[Action, ...]:
    return (
        _state_action(
            resource,
            "disable",
            "disable",
            available_from=("active",),
            after="disabled",
            inverse="enable",
            stops_traffic=True,
            guard_last_flow=guard_last_flow,
        ),
        _state_action(
            resource, "enable", "enable", available_from=("disabled",), after="active", inverse="disable"
        ),
        _state_action(
            resource,
            "archive",
            "archive",
            available_from=("active", "disabled"),
            after="archived",
            inverse="restore",
            stops_traffic=True,
            guard_last_flow=guard_last_flow,
        ),
        _state_action(
            resource, "restore", "restore", available_from=("archived",), after="active", inverse="archive"
        ),
    )


def rename(resource: str) -> Action:
    return field_action(resource, "rename", "name", clean_name)


def weight(resource: str) -> Action:
    return field_action(resource, "weight", "weight", clean_weight)


def payout(resource: str) -> Action:
    return field_action(resource, "payout", "payout_value", clean_number)


def cost(resource: str) -> Action:
    return field_action(resource, "cost", "cost_value", clean_number)


def postback_url(resource: str) -> Action:
    return field_action(resource, "postback_url", "postback_url", clean_url)


def raw_update(resource: str) -> Action:
    """Advanced: any fields the spec allows, as JSON; the card lists each field before → after and
    undo writes the previous values back."""

    async def apply(client: KeitaroClient, item: Any, value: Any) -> Any:
        return await getattr(client, resource).update(item.id, json=value)

    async def undo(client: KeitaroClient, item_id: int, snapshot: dict[str, Any]) -> Any:
        fields = snapshot.get("_changed", [])
        return await getattr(client, resource).update(item_id, json={f: snapshot.get(f) for f in fields})

    return Action(
        key="raw_update",
        available=lambda item: True,
        apply=apply,
        changes=lambda item, value: [
            (f"raw:{k}", (item.model_extra or {}).get(k, getattr(item, k, None)), v)
            for k, v in (value or {}).items()
        ],
        undo=undo,
        ask="res-ask-raw",
        parse=json_object,
    )


def clone(resource: str) -> Action:
    async def apply(client: KeitaroClient, item: Any, _value: Any) -> Any:
        return await getattr(client, resource).clone(item.id)

    return Action(
        key="clone",
        available=lambda item: state_of(item) != "archived",
        apply=apply,
        changes=lambda item, _v: [("copy", None, f"{item.name} (copy)")],
    )


def check_domain() -> Action:
    async def apply(client: KeitaroClient, item: Any, _value: Any) -> Any:
        return await client.domains.check(item.id)

    return Action(
        key="check",
        available=lambda item: state_of(item) != "archived",
        apply=apply,
        changes=lambda item, _v: [("dns", item.network_status, "?")],
        words=("active", "error"),
    )


# ---------------------------------------------------------------- guards


async def traffic_last_24h(
    client: KeitaroClient, *, field: str, item_id: int, timezone: str, now: datetime
) -> dict[str, Any]:
    """Clicks, conversions and cost of a campaign or flow in the 24 hours before ``now`` (the app's
    clock; zeros when none)."""
    query = ReportQuery(
        range=DateRange.model_validate({"from": now - timedelta(hours=24), "to": now}),
        timezone="UTC",
        dimensions=[field],
        measures=["clicks", "conversions", "cost"],
        filters=[Filter.where(field, "EQUALS", item_id)],
    )
    result = await client.reports.run(query, now=now)
    row = result.rows[0] if result.rows else {}
    return {
        "clicks": row.get("clicks") or 0,
        "conversions": row.get("conversions") or 0,
        "cost": row.get("cost") or 0,
        "tz": timezone,
    }


async def is_last_active_flow(client: KeitaroClient, flow: Any) -> bool:
    """Disabling/archiving ``flow`` would leave its active campaign with no active flow."""
    if state_of(flow) != "active" or flow.campaign_id is None:
        return False
    campaign = await client.campaigns.get(flow.campaign_id)
    if state_of(campaign) != "active":
        return False
    flows = await client.campaigns.streams(flow.campaign_id)
    return not [f for f in flows if f.id != flow.id and state_of(f) == "active"]


def undo_expired(at: float, now: float) -> bool:
    """Whether an undo offered at ``at`` has expired at ``now`` (UNIX seconds of the app's clock)."""
    return now - at > UNDO_SECONDS


def shares(kind: str) -> Action:
    """Edit a flow's offer (``kind="offers"``) or landing (``"landings"``) shares."""
    id_key = "offer_id" if kind == "offers" else "landing_id"

    def current(item: Any) -> list[tuple[Any, str]]:
        links = getattr(item, kind, None) or []
        return [(getattr(x, id_key), f"{x.share or 0}%") for x in links]

    async def apply(client: KeitaroClient, item: Any, value: Any) -> Any:
        body = [{id_key: ident, "share": share, "state": "active"} for ident, share in value]
        return await client.streams.update(item.id, json={kind: body})

    async def undo(client: KeitaroClient, item_id: int, snapshot: dict[str, Any]) -> Any:
        before = [
            {id_key: x[id_key], "share": x.get("share") or 0, "state": x.get("state") or "active"}
            for x in snapshot.get(kind) or []
        ]
        return await client.streams.update(item_id, json={kind: before})

    return Action(
        key=f"{kind}_shares",
        available=lambda item: state_of(item) != "archived",
        apply=apply,
        changes=lambda item, value: [(kind, current(item), [(i, f"{s}%") for i, s in value or []])],
        undo=undo,
        ask=f"res-ask-{kind}-shares",
        parse=parse_shares,
        ref="offers" if kind == "offers" else "landing_pages",
    )


def user_type() -> Action:
    return field_action(
        "users", "user_type", "type", clean_user_type, label="user_type", words=("USER", "ADMIN")
    )


def delete(resource: str, op: str = "delete", key: str = "delete") -> Action:
    """A deletion the bot cannot undo: behind a typed confirmation (the object's name)."""

    async def apply(client: KeitaroClient, item: Any, _value: Any) -> Any:
        return await getattr(getattr(client, resource), op)(item.id)

    after = "archived" if op == "archive" else "—"
    return Action(
        key=key,
        available=lambda item: state_of(item) != "archived",
        apply=apply,
        changes=lambda item, _v: [("state", state_of(item), after)],
        typed_confirm=True,
    )


def archive_for_good(resource: str) -> Action:
    """Archiving where the API has no restore (offers, landings, networks, sources): typed name."""
    return delete(resource, op="archive", key="archive")


def statuses(resource: str) -> Action:
    return field_action(
        resource, "statuses", "postback_statuses", parse_statuses, label="statuses", words=S2S_STATUSES
    )


def url(resource: str) -> Action:
    """Where an external/redirecting offer or landing sends visitors (its ``action_payload``)."""

    async def apply(client: KeitaroClient, item: Any, value: Any) -> Any:
        return await getattr(client, resource).update(item.id, json={"action_payload": value})

    async def undo(client: KeitaroClient, item_id: int, snapshot: dict[str, Any]) -> Any:
        return await getattr(client, resource).update(
            item_id, json={"action_payload": snapshot.get("action_payload")}
        )

    return Action(
        key="url",
        available=lambda item: state_of(item) != "archived" and item.url is not None,
        apply=apply,
        undo=undo,
        ask="res-ask-url",
        parse=clean_url,
        changes=lambda item, value: [("url", item.url, value)],
    )


def network() -> Action:
    return field_action("offers", "network", "affiliate_network_id", clean_id, ref="affiliate_networks")
