"""``/campaigns``: list, get, and a validating create (for 406 answers)."""

from __future__ import annotations

import secrets

from aiohttp import web

from tests.fakes.keitaro_emulator.common import Call, Route, error, ok

__all__ = ["ROUTES"]

_TYPES = ("position", "weight")
_STATES = ("active", "disabled", "deleted")


async def list_campaigns(call: Call) -> web.Response:
    return ok([c for c in call.state.campaigns.values() if c.get("state") != "deleted"])


async def get_campaign(call: Call) -> web.Response:
    campaign = call.state.campaigns.get(call.id)
    return ok(campaign) if campaign is not None else error(404, "Not found")


async def create_campaign(call: Call) -> web.Response:
    body = call.json_object()
    if isinstance(body, web.Response):
        return body
    problems: dict[str, list[str]] = {}
    name = body.get("name")
    if not isinstance(name, str) or not name.strip():
        problems.setdefault("name", []).append("Name can't be blank")
    alias = body.get("alias")
    if alias is not None:
        if not isinstance(alias, str) or not alias.strip():
            problems.setdefault("alias", []).append("Alias is invalid")
        elif any(c.get("alias") == alias for c in call.state.campaigns.values()):
            problems.setdefault("alias", []).append("Alias is already in use")
    if "type" in body and body["type"] not in _TYPES:
        problems.setdefault("type", []).append(f"Type must be one of: {', '.join(_TYPES)}")
    if "state" in body and body["state"] not in _STATES:
        problems.setdefault("state", []).append(f"State must be one of: {', '.join(_STATES)}")
    if problems:
        return error(406, problems)
    fields = dict(body)
    fields.setdefault("alias", secrets.token_hex(4))
    if "cost_value" in fields:
        try:
            fields["cost_value"] = f"{float(fields['cost_value']):.2f}"
        except (TypeError, ValueError):
            return error(406, {"cost_value": ["Cost value must be a number"]})
    return ok(call.state.add_campaign(**fields))


ROUTES = [
    Route("GET", "/campaigns", list_campaigns),
    Route("POST", "/campaigns", create_campaign),
    Route("GET", r"/campaigns/{id:\d+}", get_campaign),
]
