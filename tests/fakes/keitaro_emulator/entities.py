"""Shared pieces of the entity routes: timestamps, per-field 406 answers, and the routes of an
entity archived by ``state = "deleted"`` (affiliate networks, traffic sources)."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from aiohttp import web

from tests.fakes.keitaro_emulator.common import Call, Route, error, ok
from tests.fakes.keitaro_emulator.state import EmulatorState, keitaro_time

__all__ = ["NOT_FOUND", "Problems", "archivable_routes", "checked_update", "now"]

NOT_FOUND = "Not found"


def now(state: EmulatorState) -> str:
    """The tracker clock's time the way Keitaro prints it."""
    return keitaro_time(state.now())


class Problems:
    """Per-field validation messages, answered as Keitaro's 406 ``{"field": ["message", ...]}``."""

    def __init__(self) -> None:
        self.fields: dict[str, list[str]] = {}

    def add(self, field: str, message: str) -> None:
        self.fields.setdefault(field, []).append(message)

    def __bool__(self) -> bool:
        return bool(self.fields)

    def response(self) -> web.Response:
        return error(406, self.fields)

    def text(self, body: dict[str, Any], field: str, *, required: bool = False, label: str = "") -> None:
        """``field`` must be a string (non-blank when ``required``)."""
        label = label or field.replace("_", " ").capitalize()
        if field not in body or body[field] is None:
            if required:
                self.add(field, f"{label} can't be blank")
            return
        value = body[field]
        if not isinstance(value, str):
            self.add(field, f"{label} must be a string")
        elif required and not value.strip():
            self.add(field, f"{label} can't be blank")

    def flag(self, body: dict[str, Any], field: str) -> None:
        if field in body and body[field] is not None and not isinstance(body[field], bool):
            self.add(field, f"{field.replace('_', ' ').capitalize()} must be true or false")

    def choice(
        self, body: dict[str, Any], field: str, allowed: tuple[str, ...], *, required: bool = False
    ) -> None:
        label = field.replace("_", " ").capitalize()
        if body.get(field) is None:
            if required:
                self.add(field, f"{label} can't be blank")
            return
        if body[field] not in allowed:
            self.add(field, f"{label} must be one of: {', '.join(allowed)}")

    def url(self, body: dict[str, Any], field: str) -> None:
        """Blank is allowed (no postback); otherwise an http(s) URL."""
        self.text(body, field)
        value = body.get(field)
        if (
            isinstance(value, str)
            and value.strip()
            and not value.strip().lower().startswith(("http://", "https://"))
        ):
            self.add(field, f"{field.replace('_', ' ').capitalize()} must start with http:// or https://")


Validator = Callable[[Call, dict[str, Any], bool], Problems]
Presenter = Callable[[EmulatorState, dict[str, Any]], dict[str, Any]]


async def checked_update(
    call: Call, table: str, validate: Callable[[Call, dict[str, Any], dict[str, Any]], Problems]
) -> tuple[dict[str, Any], dict[str, Any]] | web.Response:
    """The entity ``call.id`` of ``table`` and the request body, or the answer to send instead:
    404 for an unknown id, 400 for a body that is not an object, 406 with per-field messages."""
    entity = getattr(call.state, table).get(call.id)
    if entity is None:
        return error(404, NOT_FOUND)
    body = call.json_object()
    if isinstance(body, web.Response):
        return body
    problems = validate(call, body, entity)
    if problems:
        return problems.response()
    return entity, body


def _known(body: dict[str, Any], fields: dict[str, Any]) -> dict[str, Any]:
    """The writable fields of ``body`` (what the entity has, except ids and timestamps)."""
    return {k: v for k, v in body.items() if k in fields and k not in ("id", "created_at", "updated_at")}


def archivable_routes(
    path: str,
    table: str,
    *,
    validate: Validator,
    defaults: Callable[[int], dict[str, Any]],
    present: Presenter,
    archive_answer: Callable[[dict[str, Any]], Any],
) -> list[Route]:
    """list/get/create/update/archive/clone of an entity archived by ``state = "deleted"``."""

    def rows(state: EmulatorState) -> dict[int, dict[str, Any]]:
        result: dict[int, dict[str, Any]] = getattr(state, table)
        return result

    async def list_(call: Call) -> web.Response:
        return ok([present(call.state, e) for e in rows(call.state).values() if e.get("state") != "deleted"])

    async def get(call: Call) -> web.Response:
        entity = rows(call.state).get(call.id)
        return ok(present(call.state, entity)) if entity is not None else error(404, NOT_FOUND)

    async def create(call: Call) -> web.Response:
        body = call.json_object()
        if isinstance(body, web.Response):
            return body
        problems = validate(call, body, True)
        if problems:
            return problems.response()
        new_id = call.state.next_id(table)
        entity = defaults(new_id)
        entity |= _known(body, entity) | {"created_at": now(call.state), "updated_at": now(call.state)}
        rows(call.state)[new_id] = entity
        return ok(present(call.state, entity))

    async def update(call: Call) -> web.Response:
        entity = rows(call.state).get(call.id)
        if entity is None:
            return error(404, NOT_FOUND)
        body = call.json_object()
        if isinstance(body, web.Response):
            return body
        problems = validate(call, body, False)
        if problems:
            return problems.response()
        entity.update(_known(body, defaults(call.id)))
        entity["updated_at"] = now(call.state)
        return ok(present(call.state, entity))

    async def archive(call: Call) -> web.Response:
        entity = rows(call.state).get(call.id)
        if entity is None:
            return error(404, NOT_FOUND)
        entity["state"] = "deleted"
        entity["updated_at"] = now(call.state)
        return ok(archive_answer(present(call.state, entity)))

    async def clone(call: Call) -> web.Response:
        entity = rows(call.state).get(call.id)
        if entity is None:
            return error(404, NOT_FOUND)
        new_id = call.state.next_id(table)
        copied = copy.deepcopy(entity) | {
            "id": new_id,
            "name": f"{entity.get('name', '')} (copy)",
            "state": "active",
            "created_at": now(call.state),
            "updated_at": now(call.state),
        }
        rows(call.state)[new_id] = copied
        return ok(present(call.state, copied))

    one = path + r"/{id:\d+}"
    return [
        Route("GET", path, list_),
        Route("POST", path, create),
        Route("GET", one, get),
        Route("PUT", one, update),
        Route("DELETE", one, archive),
        Route("POST", one + "/clone", clone),
    ]
