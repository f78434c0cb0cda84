"""``/streams`` (flows) and the flow catalogues.

Flows are stored the way Keitaro returns them: ``filters``, ``offers`` and ``landings`` are lists of
link objects with their own ids. ``PUT`` with ``offers``/``landings``/``filters`` replaces the whole
list (a link to the same offer/landing keeps its id). Shares of the active links must add up to 100
(406 otherwise). Every change is recorded as an event (``GET /streams/{id}/events``).
"""

from __future__ import annotations

import copy
from typing import Any

from aiohttp import web

from tests.fakes.keitaro_emulator.common import Call, Route, error, ok
from tests.fakes.keitaro_emulator.state import EmulatorState, keitaro_time

__all__ = ["ACTION_TYPES", "FILTER_NAMES", "ROUTES", "campaign_streams", "clone_streams", "now", "seed"]

TYPES = ("forced", "regular", "default")
SCHEMAS = ("landings", "redirect", "action")
STATES = ("active", "disabled", "deleted")
LINK_STATES = ("active", "disabled")
REQUIRED = {
    "campaign_id": "Campaign",
    "schema": "Schema",
    "type": "Type",
    "name": "Name",
    "action_type": "Action type",
}

# action type → what its action_payload holds ("redirect" types hold the URL to send the visitor to)
_ACTIONS = dict.fromkeys(
    ("http", "meta", "double_meta", "js", "blank_referrer", "formsubmit", "iframe"), "url"
)
_ACTIONS |= {"curl": "url", "remote": "url", "local_file": "folder", "show_text": "text", "show_html": "text"}
_ACTIONS |= {"status404": "", "do_nothing": "", "campaign": "campaign"}
ACTION_TYPES = tuple(_ACTIONS)
_REDIRECTS = ACTION_TYPES[:7]
_FILTER_GROUPS = {
    "geo": "country region city language",
    "network": "ip isp operator connection_type proxy",
    "device": "os os_version browser device_type device_model user_agent",
    "params": "keyword referrer empty_referrer source any_param",
    "other": "bot uniqueness schedule limit",
}
_FILTERS = [(name, group) for group, names in _FILTER_GROUPS.items() for name in names.split()]
FILTER_NAMES = frozenset({name for name, _ in _FILTERS} | {f"sub_id_{n}" for n in range(1, 16)})


def now(state: EmulatorState) -> str:
    """The tracker clock's time the way Keitaro prints it."""
    return keitaro_time(state.now())


# ---------------------------------------------------------------- storage helpers


def _events(state: EmulatorState) -> dict[int, list[dict[str, Any]]]:
    events: dict[int, list[dict[str, Any]]] = state.stream_events
    return events


def _record(state: EmulatorState, stream: dict[str, Any], action: str, changes: Any = None) -> None:
    log = _events(state).setdefault(int(stream["id"]), [])
    every = [e["id"] for events in _events(state).values() for e in events]
    log.append(
        {
            "id": max(every, default=0) + 1,
            "stream_id": stream["id"],
            "action": action,
            "user_login": "admin",
            "changes": changes or {},
            "created_at": now(state),
        }
    )


def _next_link_id(state: EmulatorState, key: str) -> int:
    ids = [int(link["id"]) for s in state.streams.values() for link in s.get(key) or [] if link.get("id")]
    return max(ids, default=0) + 1


def campaign_streams(state: EmulatorState, campaign_id: int) -> list[dict[str, Any]]:
    """The campaign's flows that are not archived, by position."""
    found = [
        s
        for s in state.streams.values()
        if int(s["campaign_id"]) == campaign_id and s.get("state") != "deleted"
    ]
    return sorted(found, key=lambda s: (int(s.get("position") or 0), int(s["id"])))


def clone_streams(state: EmulatorState, from_campaign: int, to_campaign: int) -> None:
    """Copy every flow of one campaign (archived ones included) into another, with new ids."""
    for source in [s for s in state.streams.values() if int(s["campaign_id"]) == from_campaign]:
        stream = copy.deepcopy(source)
        stream["id"], stream["campaign_id"] = state.next_id("streams"), to_campaign
        for key in ("filters", "offers", "landings"):
            next_id = _next_link_id(state, key)
            for n, link in enumerate(stream.get(key) or []):
                link["id"], link["stream_id"] = next_id + n, stream["id"]
        state.streams[stream["id"]] = stream
        _record(state, stream, "create", {"cloned_from": source["id"]})


# ---------------------------------------------------------------- validation


def _is_int(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return True
    return isinstance(value, str) and value.strip().isdigit()


def _check_links(links: Any, key: str, id_key: str, table: dict[int, Any]) -> list[str]:
    if not isinstance(links, list):
        return [f"{key.capitalize()} must be an array"]
    problems: list[str] = []
    total, active, seen = 0, 0, set()
    for n, link in enumerate(links, 1):
        if not isinstance(link, dict):
            problems.append(f"#{n}: must be an object")
            continue
        ref, share = link.get(id_key), link.get("share")
        if not _is_int(ref):
            problems.append(f"#{n}: {id_key} can't be blank")
        elif int(ref) not in table:
            problems.append(f"#{n}: {id_key} {ref} does not exist")
        elif int(ref) in seen:
            problems.append(f"#{n}: {id_key} {ref} is listed twice")
        else:
            seen.add(int(ref))
        if not _is_int(share) or not 0 <= int(share) <= 100:
            problems.append(f"#{n}: share must be an integer from 0 to 100")
            continue
        link_state = link.get("state") or "active"
        if link_state not in LINK_STATES:
            problems.append(f"#{n}: state must be one of: {', '.join(LINK_STATES)}")
        elif link_state == "active":
            total, active = total + int(share), active + 1
    if not problems and active and total != 100:
        problems.append(f"Shares of the active {key} must add up to 100, got {total}")
    return problems


def _validate(state: EmulatorState, body: dict[str, Any], *, creating: bool) -> dict[str, list[str]]:
    problems: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        problems.setdefault(name, []).append(message)

    for name, label in REQUIRED.items():
        value = body.get(name)
        if (creating or name in body) and (value is None or (isinstance(value, str) and not value.strip())):
            add(name, f"{label} can't be blank")
    if body.get("campaign_id") is not None:
        if not _is_int(body["campaign_id"]):
            add("campaign_id", "Campaign must be an integer")
        elif int(body["campaign_id"]) not in state.campaigns:
            add("campaign_id", f"Campaign {body['campaign_id']} does not exist")
    for name, allowed in (("type", TYPES), ("schema", SCHEMAS), ("state", STATES)):
        if body.get(name) is not None and body[name] not in allowed:
            add(name, f"{name.capitalize()} must be one of: {', '.join(allowed)}")
    if body.get("action_type") and body["action_type"] not in ACTION_TYPES:
        add("action_type", f"Unknown action type {body['action_type']!r}")
    if "weight" in body and (isinstance(body["weight"], bool) or not isinstance(body["weight"], int | float)):
        add("weight", "Weight must be a number")
    if "position" in body and not _is_int(body["position"]):
        add("position", "Position must be an integer")
    for flag in ("collect_clicks", "filter_or"):
        if flag in body and not isinstance(body[flag], bool):
            add(flag, f"{flag} must be true or false")
    if "filters" in body:
        filters = body["filters"]
        if not isinstance(filters, list) or not all(isinstance(f, dict) for f in filters):
            add("filters", "Filters must be an array of objects")
        else:
            for n, item in enumerate(filters, 1):
                if item.get("name") not in FILTER_NAMES:
                    add("filters", f"#{n}: unknown filter {item.get('name')!r}")
                if item.get("mode") not in ("accept", "reject"):
                    add("filters", f"#{n}: mode must be accept or reject")
    for key, id_key, table in (
        ("offers", "offer_id", state.offers),
        ("landings", "landing_id", state.landing_pages),
    ):
        if key in body:
            for message in _check_links(body[key], key, id_key, table):
                add(key, message)
    return problems


# ---------------------------------------------------------------- writing


def _merge_links(
    state: EmulatorState, stream: dict[str, Any], key: str, id_key: str, items: list[dict[str, Any]]
) -> None:
    old = {int(link[id_key]): link for link in stream.get(key) or []}
    stamp, next_id, merged = now(state), _next_link_id(state, key), []
    for item in items:
        ref = int(item[id_key])
        link = old.pop(ref, None)
        if link is None:
            link, next_id = {"id": next_id, "created_at": stamp}, next_id + 1
        link.update({"stream_id": stream["id"], id_key: ref, "state": item.get("state") or "active"})
        link.update({"share": int(item["share"]), "updated_at": stamp})
        merged.append(link)
    stream[key] = merged


def _merge_filters(state: EmulatorState, stream: dict[str, Any], items: list[dict[str, Any]]) -> None:
    old = {int(f["id"]): f for f in stream.get("filters") or []}
    next_id, merged = _next_link_id(state, "filters"), []
    for item in items:
        entry = old.pop(int(item["id"]), None) if _is_int(item.get("id")) else None
        if entry is None:
            entry, next_id = {"id": next_id, "oid": None}, next_id + 1
        entry.update({"stream_id": stream["id"], "name": item["name"], "mode": item["mode"]})
        entry["payload"] = item.get("payload", [])
        merged.append(entry)
    stream["filters"] = merged


def _apply(state: EmulatorState, stream: dict[str, Any], body: dict[str, Any]) -> None:
    for key, value in body.items():
        if key in ("id", "offers", "landings", "filters", "triggers"):
            continue
        stream[key] = int(value) if key in ("campaign_id", "position") else value
    if "offers" in body:
        _merge_links(state, stream, "offers", "offer_id", body["offers"])
    if "landings" in body:
        _merge_links(state, stream, "landings", "landing_id", body["landings"])
    if "filters" in body:
        _merge_filters(state, stream, body["filters"])
    if "triggers" in body and isinstance(body["triggers"], list):
        stream["triggers"] = [
            dict(t, stream_id=stream["id"]) for t in body["triggers"] if isinstance(t, dict)
        ]
    stream["updated_at"] = now(state)


def new_stream(state: EmulatorState, stream_id: int, campaign_id: int) -> dict[str, Any]:
    """What Keitaro fills in for a new flow."""
    positions = [
        int(s.get("position") or 0) for s in state.streams.values() if int(s["campaign_id"]) == campaign_id
    ]
    return {
        "id": stream_id,
        "type": "regular",
        "name": f"Flow {stream_id}",
        "campaign_id": campaign_id,
        "position": max(positions, default=0) + 1,
        "weight": 100,
        "action_options": [],
        "comments": "",
        "state": "active",
        "updated_at": now(state),
        "action_type": "http",
        "action_payload": "",
        "schema": "redirect",
        "collect_clicks": True,
        "filter_or": False,
        "filters": [],
        "triggers": [],
        "landings": [],
        "offers": [],
    }


# ---------------------------------------------------------------- routes


def _found(call: Call) -> dict[str, Any] | web.Response:
    stream = call.state.streams.get(call.id)
    return stream if stream is not None else error(404, "Stream not found")


async def create_stream(call: Call) -> web.Response:
    body = call.json_object()
    if isinstance(body, web.Response):
        return body
    problems = _validate(call.state, body, creating=True)
    if problems:
        return error(406, problems)
    stream = new_stream(call.state, call.state.next_id("streams"), int(body["campaign_id"]))
    call.state.streams[stream["id"]] = stream
    _apply(call.state, stream, body)
    _record(call.state, stream, "create", body)
    return ok(stream)


async def get_stream(call: Call) -> web.Response:
    stream = _found(call)
    return stream if isinstance(stream, web.Response) else ok(stream)


async def update_stream(call: Call) -> web.Response:
    stream = _found(call)
    if isinstance(stream, web.Response):
        return stream
    body = call.json_object()
    if isinstance(body, web.Response):
        return body
    problems = _validate(call.state, body, creating=False)
    if problems:
        return error(406, problems)
    _apply(call.state, stream, body)
    _record(call.state, stream, "update", body)
    return ok(stream)


def _set_state(new_state: str, action: str) -> Any:
    async def handler(call: Call) -> web.Response:
        stream = _found(call)
        if isinstance(stream, web.Response):
            return stream
        if stream.get("state") != new_state:
            stream["state"], stream["updated_at"] = new_state, now(call.state)
            _record(call.state, stream, action, {"state": new_state})
        return ok(stream)

    return handler


async def deleted_streams(call: Call) -> web.Response:
    return ok([s for s in call.state.streams.values() if s.get("state") == "deleted"])


async def search_streams(call: Call) -> web.Response:
    query = call.request.query.get("query", "").strip().lower()
    if not query:
        return error(400, "Parameter 'query' is required")
    found = []
    for stream in call.state.streams.values():
        texts = [stream.get("name"), stream.get("comments"), stream.get("action_payload")]
        if stream.get("state") != "deleted" and any(isinstance(t, str) and query in t.lower() for t in texts):
            found.append(stream)
    return ok(found)


async def stream_events(call: Call) -> web.Response:
    stream = _found(call)
    if isinstance(stream, web.Response):
        return stream
    return ok(list(reversed(_events(call.state).get(call.id, []))))


async def stream_types(call: Call) -> web.Response:
    notes = {"forced": "Checked first", "regular": "By position or weight", "default": "When nothing matched"}
    return ok(
        [{"key": k, "name": k.title(), "field": "", "type": "", "description": d} for k, d in notes.items()]
    )


async def stream_schemas(call: Call) -> web.Response:
    names = {"landings": "Landing pages and offers", "redirect": "Redirect to offers", "action": "Action"}
    return ok([{"key": k, "name": n, "field": "", "type": "", "description": ""} for k, n in names.items()])


async def stream_actions(call: Call) -> web.Response:
    return ok(
        [
            {"key": k, "name": k.replace("_", " ").capitalize(), "field": f, "description": ""}
            | {"type": "redirect" if k in _REDIRECTS else "other"}
            for k, f in _ACTIONS.items()
        ]
    )


async def stream_filters(call: Call) -> web.Response:
    modes = {"accept": "Only", "reject": "Except"}
    return ok(
        [
            {"value": value, "tooltip": value.replace("_", " ").capitalize(), "modes": modes, "group": group}
            | {"template": f'<div class="filter-{value}"></div>', "header_template": "", "defaults": []}
            for value, group in _FILTERS
        ]
    )


ROUTES = [
    Route("POST", "/streams", create_stream),
    Route("GET", "/streams/deleted", deleted_streams),
    Route("GET", "/streams/search", search_streams),
    Route("GET", r"/streams/{id:\d+}", get_stream),
    Route("PUT", r"/streams/{id:\d+}", update_stream),
    Route("DELETE", r"/streams/{id:\d+}", _set_state("deleted", "archive")),
    Route("POST", r"/streams/{id:\d+}/restore", _set_state("active", "restore")),
    Route("POST", r"/streams/{id:\d+}/enable", _set_state("active", "enable")),
    Route("POST", r"/streams/{id:\d+}/disable", _set_state("disabled", "disable")),
    Route("GET", r"/streams/{id:\d+}/events", stream_events),
    Route("GET", "/stream_types", stream_types),
    Route("GET", "/stream_schemas", stream_schemas),
    Route("GET", "/streams_actions", stream_actions),
    Route("GET", "/stream_filters", stream_filters),
]


def seed(state: EmulatorState) -> None:
    """The seeded flows are put in by ``campaigns.seed``; here each gets its "create" event."""
    for stream in state.streams.values():
        _record(state, stream, "create")
