"""``/users``: list, get, create, update, delete (201), access. Admin keys only (keys of other
users get 403 on every route, as on real trackers). Passwords are checked and never stored."""

from __future__ import annotations

from functools import cache
from typing import Any
from zoneinfo import available_timezones

from aiohttp import web

from tests.fakes.keitaro_emulator.common import Call, Route, error, ok
from tests.fakes.keitaro_emulator.entities import NOT_FOUND, Problems, checked_update

__all__ = ["ACCESS_ENTITIES", "ACCESS_TYPES", "ROUTES", "default_access"]

USER_TYPES = ("USER", "ADMIN")
LANGUAGES = ("ru", "en")
ACCESS_TYPES = ("full_access", "read_only", "to_groups_and_selected", "created_by_user_groups_and_selected")
ACCESS_ENTITIES = (
    "offers",
    "campaigns",
    "landings",
    "traffic_sources",
    "streams",
    "affiliate_networks",
    "domains",
)
_LISTS = ("resources", "allowed_resources", "reports")


@cache
def _zones() -> frozenset[str]:
    return frozenset(available_timezones())


def default_access(user_type: str) -> dict[str, Any]:
    level = "full_access" if user_type == "ADMIN" else "read_only"
    return {f"{entity}_access_type": level for entity in ACCESS_ENTITIES}


def _check_preferences(problems: Problems, value: Any) -> None:
    if value is None:
        return
    if not isinstance(value, dict):
        problems.add("preferences", "Preferences must be an object")
        return
    if value.get("language") is not None and value["language"] not in LANGUAGES:
        problems.add("preferences", f"Language must be one of: {', '.join(LANGUAGES)}")
    zone = value.get("timezone")
    if zone is not None and (not isinstance(zone, str) or zone not in _zones()):
        problems.add("preferences", f"Unknown time zone {zone!r}")


def _validate(call: Call, body: dict[str, Any], current: dict[str, Any] | None) -> Problems:
    problems = Problems()
    creating = current is None
    if creating or "login" in body:
        problems.text(body, "login", required=True)
    login = body.get("login")
    taken = {u.get("login") for u in call.state.users.values() if u is not current}
    if isinstance(login, str) and login.strip() and login.strip() in taken:
        problems.add("login", f"Login {login.strip()!r} is already taken")
    problems.choice(body, "type", USER_TYPES, required=creating)
    if creating or "new_password" in body or "new_password_confirmation" in body:
        problems.text(body, "new_password", required=True, label="Password")
        problems.text(body, "new_password_confirmation", required=True, label="Password confirmation")
        password, confirmation = body.get("new_password"), body.get("new_password_confirmation")
        if (
            isinstance(password, str)
            and isinstance(confirmation, str)
            and confirmation
            and password != confirmation
        ):
            problems.add("new_password_confirmation", "Passwords do not match")
    count = body.get("keyCount")
    if count is not None and (isinstance(count, bool) or not isinstance(count, int) or count < 0):
        problems.add("keyCount", "Key count must be a non-negative integer")
    _check_preferences(problems, body.get("preferences"))
    return problems


def _apply(user: dict[str, Any], body: dict[str, Any]) -> None:
    if isinstance(body.get("login"), str):
        user["login"] = body["login"].strip()
    if body.get("type") is not None:
        user["type"] = body["type"]
    if body.get("keyCount") is not None:
        user["keyCount"] = body["keyCount"]
    if isinstance(body.get("preferences"), dict):
        current = user.get("preferences")
        user["preferences"] = (current if isinstance(current, dict) else {}) | {
            k: v for k, v in body["preferences"].items() if v is not None
        }


async def list_users(call: Call) -> web.Response:
    return ok(list(call.state.users.values()))


async def get_user(call: Call) -> web.Response:
    user = call.state.users.get(call.id)
    return ok(user) if user is not None else error(404, NOT_FOUND)


async def create_user(call: Call) -> web.Response:
    body = call.json_object()
    if isinstance(body, web.Response):
        return body
    problems = _validate(call, body, None)
    if problems:
        return problems.response()
    user_id = call.state.next_id("users")
    user: dict[str, Any] = {
        "id": user_id,
        "login": "",
        "type": body["type"],
        "keyCount": 0,
        "access_data": default_access(body["type"]),
        "preferences": {"language": "en", "timezone": "UTC"},
    }
    _apply(user, body)
    call.state.users[user_id] = user
    return ok(user)


async def update_user(call: Call) -> web.Response:
    checked = await checked_update(call, "users", _validate)
    if isinstance(checked, web.Response):
        return checked
    user, body = checked
    _apply(user, body)
    return ok(user)


async def delete_user(call: Call) -> web.Response:
    if call.state.users.pop(call.id, None) is None:
        return error(404, NOT_FOUND)
    return ok({"success": True}, status=201)


async def update_access(call: Call) -> web.Response:
    """Merges the given ``access_data`` keys into the user's (unknown keys are kept)."""
    user = call.state.users.get(call.id)
    if user is None:
        return error(404, NOT_FOUND)
    body = call.json_object()
    if isinstance(body, web.Response):
        return body
    problems = Problems()
    access = body.get("access_data")
    if not isinstance(access, dict) or not access:
        problems.add("access_data", "Access data can't be blank")
        return problems.response()
    for key, value in access.items():
        if key.endswith("_access_type") and value not in ACCESS_TYPES:
            problems.add(key, f"Access type must be one of: {', '.join(ACCESS_TYPES)}")
        elif key in _LISTS and (not isinstance(value, list) or not all(isinstance(v, str) for v in value)):
            problems.add(key, f"{key.capitalize()} must be a list of strings")
    if problems:
        return problems.response()
    current = user.get("access_data")
    user["access_data"] = (current if isinstance(current, dict) else {}) | access
    return ok(user)


ROUTES = [
    Route("GET", "/users", list_users, admin_only=True),
    Route("POST", "/users", create_user, admin_only=True),
    Route("GET", r"/users/{id:\d+}", get_user, admin_only=True),
    Route("PUT", r"/users/{id:\d+}", update_user, admin_only=True),
    Route("DELETE", r"/users/{id:\d+}", delete_user, admin_only=True),
    Route("PUT", r"/users/{id:\d+}/access", update_access, admin_only=True),
]
