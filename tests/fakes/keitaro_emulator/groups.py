"""``/groups``: list by ``type`` (required), create, update, delete (``/groups/{id}/delete``).

Group ids are one sequence over all types (as in Keitaro): campaign groups 1–3, offer groups 4–6,
landing groups 7–9. Deleting a group ungroups what was in it.
"""

from __future__ import annotations

from typing import Any

from aiohttp import web

from tests.fakes.keitaro_emulator.common import Call, Route, error, ok
from tests.fakes.keitaro_emulator.entities import NOT_FOUND, Problems, checked_update
from tests.fakes.keitaro_emulator.state import EmulatorState

__all__ = ["GROUP_TYPES", "ROUTES", "seed"]

GROUP_TYPES = ("campaigns", "offers", "landings")
_MEMBERS = {"campaigns": "campaigns", "offers": "offers", "landings": "landing_pages"}


def _validate(call: Call, body: dict[str, Any], current: dict[str, Any] | None) -> Problems:
    problems = Problems()
    if current is None or "name" in body:
        problems.text(body, "name", required=True)
    problems.choice(body, "type", GROUP_TYPES, required=current is None)
    name, kind = body.get("name"), body.get("type", (current or {}).get("type"))
    if isinstance(name, str) and name.strip():
        for group in call.state.groups.values():
            if group is not current and group["type"] == kind and group["name"] == name.strip():
                problems.add("name", f"Group {name.strip()!r} already exists")
    return problems


async def list_groups(call: Call) -> web.Response:
    kind = call.request.query.get("type")
    if not kind:
        return error(400, 'Parameter "type" is required')
    if kind not in GROUP_TYPES:
        return error(400, f'Unknown group type "{kind}"; use one of: {", ".join(GROUP_TYPES)}')
    groups = [g for g in call.state.groups.values() if g["type"] == kind]
    return ok(sorted(groups, key=lambda g: (int(g["position"]), g["id"])))


async def create_group(call: Call) -> web.Response:
    body = call.json_object()
    if isinstance(body, web.Response):
        return body
    problems = _validate(call, body, None)
    if problems:
        return problems.response()
    group_id = call.state.next_id("groups")
    same_type = [int(g["position"]) for g in call.state.groups.values() if g["type"] == body["type"]]
    group = {
        "id": group_id,
        "name": body["name"].strip(),
        "position": max(same_type, default=0) + 1,
        "type": body["type"],
    }
    call.state.groups[group_id] = group
    return ok(group)


async def update_group(call: Call) -> web.Response:
    checked = await checked_update(call, "groups", _validate)
    if isinstance(checked, web.Response):
        return checked
    group, body = checked
    if "name" in body:
        group["name"] = body["name"].strip()
    if body.get("type") is not None:
        group["type"] = body["type"]
    return ok(group)


async def delete_group(call: Call) -> web.Response:
    group = call.state.groups.pop(call.id, None)
    if group is None:
        return error(404, NOT_FOUND)
    members: dict[int, dict[str, Any]] = getattr(call.state, _MEMBERS[group["type"]])
    for member in members.values():
        if str(member.get("group_id")) == str(group["id"]):
            member["group_id"] = None
    return ok(group)


def seed(state: EmulatorState) -> None:
    names = {
        "campaigns": ("Tests", "Team Anna", "Team Oleg"),
        "offers": ("Nutra", "Gambling", "Sweepstakes"),
        "landings": ("Prelanders", "Quizzes", "White pages"),
    }
    group_id = 0
    for kind, titles in names.items():
        for position, title in enumerate(titles, start=1):
            group_id += 1
            # Keitaro prints some positions as strings
            state.groups[group_id] = {
                "id": group_id,
                "name": title,
                "position": position if group_id % 2 else str(position),
                "type": kind,
            }


ROUTES = [
    Route("GET", "/groups", list_groups),
    Route("POST", "/groups", create_group),
    Route("PUT", r"/groups/{id:\d+}", update_group),
    Route("DELETE", r"/groups/{id:\d+}/delete", delete_group),
]
