"""``/campaigns``: CRUD with validation (406 per field), archive/restore (201, as the spec says),
enable/disable, clone (with the flows), the archive list, a campaign's flows and the cost update.

The campaigns themselves are seeded in ``state.py``; :func:`seed` adds their flows.
"""

from __future__ import annotations

import re
import secrets
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from aiohttp import web

from tests.fakes.keitaro_emulator.common import Call, Route, error, ok
from tests.fakes.keitaro_emulator.state import EmulatorState
from tests.fakes.keitaro_emulator.streams import campaign_streams, clone_streams, new_stream, now
from tests.fakes.keitaro_emulator.traffic_data import RATES_TO_USD
from tests.fakes.keitaro_emulator.traffic_rows import _apply_cost as apply_cost

__all__ = ["ROUTES", "seed"]

_TYPES = ("position", "weight")
_STATES = ("active", "disabled", "deleted")
_COST_TYPES = ("CPC", "CPUC", "CPM", "RevShare", "CPA", "CPS", "CPUV", "CPV")
_BIND = ("s", "sl", "slo")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}( \d{2}:\d{2}(:\d{2})?)?$")
_COSTS_REQUIRED = ("start_date", "end_date", "timezone", "cost", "currency")


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _validate(state: EmulatorState, body: dict[str, Any], *, campaign_id: int | None) -> dict[str, list[str]]:
    """Per-field problems; ``campaign_id`` is None when creating (then name and alias are required)."""
    problems: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        problems.setdefault(name, []).append(message)

    creating = campaign_id is None
    if creating or "name" in body:
        name = body.get("name")
        if not isinstance(name, str) or not name.strip():
            add("name", "Name can't be blank")
    if creating or "alias" in body:
        alias = body.get("alias")
        if not isinstance(alias, str) or not alias.strip():
            add("alias", "Alias can't be blank")
        elif any(c.get("alias") == alias and cid != campaign_id for cid, c in state.campaigns.items()):
            add("alias", "Alias is already in use")
    for key, allowed in (("type", _TYPES), ("state", _STATES), ("cost_type", _COST_TYPES)):
        if key in body and body[key] not in allowed:
            add(key, f"{key.replace('_', ' ').capitalize()} must be one of: {', '.join(allowed)}")
    if body.get("bind_visitors") not in (None, "", *_BIND):
        add("bind_visitors", f"Bind visitors must be one of: {', '.join(_BIND)}")
    if "cost_value" in body and _number(body["cost_value"]) is None:
        add("cost_value", "Cost value must be a number")
    for key in ("cookies_ttl", "traffic_source_id", "domain_id"):
        value = body.get(key)
        if value is not None and (isinstance(value, bool) or not str(value).isdigit()):
            add(key, f"{key.replace('_', ' ').capitalize()} must be an integer")
    postbacks = body.get("postbacks")
    if postbacks is not None and (
        not isinstance(postbacks, list)
        or not all(isinstance(p, dict) and isinstance(p.get("url"), str) and p["url"] for p in postbacks)
    ):
        add("postbacks", "Each postback needs a url")
    return problems


def _fields(campaign_id: int, body: dict[str, Any]) -> dict[str, Any]:
    fields = {k: v for k, v in body.items() if k != "id"}
    if "cost_value" in fields:
        fields["cost_value"] = f"{_number(fields['cost_value']):.2f}"
    if "postbacks" in fields:
        fields["postbacks"] = [
            {"id": p.get("id") or n, "campaign_id": campaign_id, "method": p.get("method", "GET")}
            | {"statuses": p.get("statuses", []), "url": p["url"]}
            for n, p in enumerate(fields["postbacks"], 1)
        ]
    return fields


def _found(call: Call) -> dict[str, Any] | web.Response:
    campaign = call.state.campaigns.get(call.id)
    return campaign if campaign is not None else error(404, "Campaign not found")


async def list_campaigns(call: Call) -> web.Response:
    return ok([c for c in call.state.campaigns.values() if c.get("state") != "deleted"])


async def deleted_campaigns(call: Call) -> web.Response:
    return ok([c for c in call.state.campaigns.values() if c.get("state") == "deleted"])


async def get_campaign(call: Call) -> web.Response:
    campaign = _found(call)
    return campaign if isinstance(campaign, web.Response) else ok(campaign)


async def create_campaign(call: Call) -> web.Response:
    body = call.json_object()
    if isinstance(body, web.Response):
        return body
    problems = _validate(call.state, body, campaign_id=None)
    if problems:
        return error(406, problems)
    campaign_id = call.state.next_id("campaigns")
    stamp = now(call.state)
    fields = _fields(campaign_id, body) | {"created_at": stamp, "updated_at": stamp}
    return ok(call.state.add_campaign(id=campaign_id, **fields))


async def update_campaign(call: Call) -> web.Response:
    campaign = _found(call)
    if isinstance(campaign, web.Response):
        return campaign
    body = call.json_object()
    if isinstance(body, web.Response):
        return body
    problems = _validate(call.state, body, campaign_id=call.id)
    if problems:
        return error(406, problems)
    campaign.update(_fields(call.id, body) | {"updated_at": now(call.state)})
    return ok(campaign)


def _set_state(new_state: str, status: int = 200) -> Any:
    async def handler(call: Call) -> web.Response:
        campaign = _found(call)
        if isinstance(campaign, web.Response):
            return campaign
        if campaign.get("state") != new_state:
            campaign["state"], campaign["updated_at"] = new_state, now(call.state)
        return ok(campaign, status)

    return handler


async def clone_campaign(call: Call) -> web.Response:
    source = _found(call)
    if isinstance(source, web.Response):
        return source
    campaign_id, stamp = call.state.next_id("campaigns"), now(call.state)
    copy = {k: v for k, v in source.items() if k not in ("id", "alias", "token", "position")}
    copy |= {"name": f"{source.get('name')} (copy)", "alias": secrets.token_hex(4), "created_at": stamp}
    copy |= {
        "updated_at": stamp,
        "postbacks": [dict(p, campaign_id=campaign_id) for p in source["postbacks"]],
    }
    campaign = call.state.add_campaign(id=campaign_id, **copy)
    clone_streams(call.state, call.id, campaign_id)
    return ok(campaign)


async def campaign_flows(call: Call) -> web.Response:
    campaign = _found(call)
    if isinstance(campaign, web.Response):
        return campaign
    return ok(campaign_streams(call.state, call.id))


async def update_costs(call: Call) -> web.Response:
    campaign = _found(call)
    if isinstance(campaign, web.Response):
        return campaign
    body = call.json_object()
    if isinstance(body, web.Response):
        return body
    problems: dict[str, list[str]] = {}
    for key in _COSTS_REQUIRED:
        if body.get(key) in (None, ""):
            problems.setdefault(key, []).append(f"{key.replace('_', ' ').capitalize()} can't be blank")
    for key in ("start_date", "end_date"):
        if key not in problems and not _DATE.match(str(body[key])):
            problems.setdefault(key, []).append("Use the format YYYY-MM-DD HH:MM")
    if "cost" not in problems and (not isinstance(body["cost"], str) or _number(body["cost"]) is None):
        problems.setdefault("cost", []).append('Cost must be a numeric string, e.g. "19.22"')
    if "timezone" not in problems:
        try:
            ZoneInfo(str(body["timezone"]))
        except (ZoneInfoNotFoundError, ValueError):
            problems.setdefault("timezone", []).append("Unknown time zone")
    if "filters" in body and not isinstance(body["filters"], dict):
        problems.setdefault("filters", []).append("Filters must be an object")
    if "currency" not in problems and str(body["currency"]).upper() not in RATES_TO_USD:
        problems.setdefault("currency", []).append(f'Unknown currency "{body["currency"]}"')
    if problems:
        return error(406, problems)
    # API-NOTES §2.1: "Set cost for a time range" — the range's cost is the campaign's clicks' cost
    # in that range (spread over them, as the bulk /clicks/update_costs does), so the reports by
    # campaign and day show it; Keitaro runs it as a job, the emulator at once.
    only_uniques = bool(body.get("only_campaign_uniques"))
    apply_cost(call, [int(campaign["id"])], body, body, only_uniques=only_uniques)
    return ok({"success": True})


ROUTES = [
    Route("GET", "/campaigns", list_campaigns),
    Route("POST", "/campaigns", create_campaign),
    Route("GET", "/campaigns/deleted", deleted_campaigns),
    Route("GET", r"/campaigns/{id:\d+}", get_campaign),
    Route("PUT", r"/campaigns/{id:\d+}", update_campaign),
    Route("DELETE", r"/campaigns/{id:\d+}", _set_state("deleted", 201)),
    Route("POST", r"/campaigns/{id:\d+}/restore", _set_state("active", 201)),
    Route("POST", r"/campaigns/{id:\d+}/enable", _set_state("active")),
    Route("POST", r"/campaigns/{id:\d+}/disable", _set_state("disabled")),
    Route("POST", r"/campaigns/{id:\d+}/clone", clone_campaign),
    Route("GET", r"/campaigns/{id:\d+}/streams", campaign_flows),
    Route("POST", r"/campaigns/{id:\d+}/update_costs", update_costs),
]


# ---------------------------------------------------------------- seeded flows


def _links(key: str, pairs: list[tuple[int, int]], state: str = "active") -> list[dict[str, Any]]:
    return [{key: ref, "share": share, "state": state} for ref, share in pairs]


def _flow(tracker: EmulatorState, campaign_id: int, name: str, **fields: Any) -> None:
    stream = new_stream(tracker, tracker.next_id("streams"), campaign_id)
    stream |= {"name": name, "updated_at": "2024-05-03 10:00:00"}
    for key, id_key in (("offers", "offer_id"), ("landings", "landing_id"), ("filters", "name")):
        items = fields.pop(key, [])
        links = []
        for n, item in enumerate(items):
            link_id = 100 * stream["id"] + n + 1 if id_key != "name" else 1000 + 10 * stream["id"] + n
            link = {"id": link_id, "stream_id": stream["id"], **item}
            if id_key != "name":
                link |= {"created_at": "2024-05-03 10:00:00", "updated_at": "2024-05-03 10:00:00"}
            links.append(link)
        stream[key] = links
    tracker.streams[stream["id"]] = stream | fields


def _filter(name: str, *payload: str, mode: str = "accept") -> dict[str, Any]:
    return {"name": name, "mode": mode, "payload": list(payload), "oid": None}


def seed(tracker: EmulatorState) -> None:
    """Flows of the seeded campaigns (they point at the offers and landings that offers.py and
    landing_pages.py seed): per campaign a forced/regular/default mix, one disabled, one archived."""
    _flow(tracker, 1, "Bots and moderators", type="forced", schema="action", action_type="status404")
    _flow(
        tracker,
        1,
        "US iOS: quiz landers",
        schema="landings",
        filters=[_filter("country", "US"), _filter("os", "iOS")],
        landings=_links("landing_id", [(1, 50), (2, 50)]),
        offers=_links("offer_id", [(1, 70), (2, 30)]),
    )
    _flow(
        tracker,
        1,
        "US Android: direct",
        state="disabled",
        filters=[_filter("country", "US"), _filter("os", "Android")],
        offers=_links("offer_id", [(1, 100)]),
        comments="paused: low CR",
    )
    _flow(
        tracker,
        1,
        "Default: white page",
        type="default",
        schema="action",
        action_type="http",
        action_payload="https://healthy-tips.example.org/",
    )
    _flow(
        tracker,
        1,
        "CA test (old)",
        state="deleted",
        filters=[_filter("country", "CA")],
        offers=_links("offer_id", [(2, 100)]),
    )
    _flow(
        tracker,
        2,
        "DE casino A",
        weight=60,
        filters=[_filter("country", "DE", "AT")],
        offers=_links("offer_id", [(3, 100)]),
    )
    _flow(
        tracker,
        2,
        "DE casino B",
        weight="40",
        schema="landings",
        landings=_links("landing_id", [(3, 100)]),
        offers=_links("offer_id", [(3, 50), (4, 50)]),
        filters=[_filter("country", "DE", "AT")],
    )
    _flow(tracker, 2, "Default", type="default", schema="action", action_type="status404")
    _flow(
        tracker,
        3,
        "BR sweeps",
        filters=[_filter("country", "BR"), _filter("bot", mode="reject")],
        offers=_links("offer_id", [(5, 100)]),
        collect_clicks=False,
    )
    _flow(
        tracker,
        3,
        "Default",
        type="default",
        schema="action",
        action_type="show_text",
        action_payload="Nothing here",
    )
    _flow(
        tracker,
        4,
        "UK loans: calculator",
        schema="landings",
        weight=100,
        landings=_links("landing_id", [(4, 100)]),
        offers=_links("offer_id", [(6, 100)]),
    )
    _flow(
        tracker,
        4,
        "Default",
        type="default",
        schema="action",
        action_type="http",
        action_payload="https://www.moneyhelper.example.org.uk/",
    )
    _flow(tracker, 5, "FR dating", offers=_links("offer_id", [(7, 100)]))
