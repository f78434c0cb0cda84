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
from tests.fakes.keitaro_emulator.stream_rules import (
    ACTION_TYPES,
    ACTIONS,
    FILTER_NAMES,
    FILTERS,
    REDIRECTS,
    is_int,
    validate,
)

__all__ = ["ACTION_TYPES", "FILTER_NAMES", "ROUTES", "campaign_streams", "clone_streams", "now", "seed"]

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
        entry = old.pop(int(item["id"]), None) if is_int(item.get("id")) else None
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
    problems = validate(call.state, body, creating=True)
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
    problems = validate(call.state, body, creating=False)
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
            | {"type": "redirect" if k in REDIRECTS else "other"}
            for k, f in ACTIONS.items()
        ]
    )


async def stream_filters(call: Call) -> web.Response:
    modes = {"accept": "Only", "reject": "Except"}
    return ok(
        [
            {"value": value, "tooltip": value.replace("_", " ").capitalize(), "modes": modes, "group": group}
            | {"template": f'<div class="filter-{value}"></div>', "header_template": "", "defaults": []}
            for value, group in FILTERS
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
