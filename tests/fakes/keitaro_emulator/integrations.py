"""``/integrations``: the AVScan key and IMKLO URL (set through query parameters) and Facebook ad
accounts with the campaigns they are attached to.

``state.integrations`` holds ``avscan_key``, ``imklo_api_url``, ``facebook`` (id → integration, as
Keitaro prints it) and ``facebook_campaigns`` (id → attached campaign ids).
"""

from __future__ import annotations

from typing import Any

from aiohttp import web

from tests.fakes.keitaro_emulator.common import Call, Route, error, ok
from tests.fakes.keitaro_emulator.entities import NOT_FOUND, Problems
from tests.fakes.keitaro_emulator.state import EmulatorState

__all__ = ["ROUTES", "seed"]

PROXY_PROTOCOLS = ("http", "https", "socks5")
_FIELDS = ("name", "ad_account_id", "token", "proxy_enabled", "proxy")


def _facebook(state: EmulatorState) -> dict[int, dict[str, Any]]:
    table: dict[int, dict[str, Any]] = state.integrations.setdefault("facebook", {})
    return table


def _links(state: EmulatorState) -> dict[int, list[int]]:
    table: dict[int, list[int]] = state.integrations.setdefault("facebook_campaigns", {})
    return table


# ---------------------------------------------------------------- avscan, imklo


async def get_avscan(call: Call) -> web.Response:
    return ok({"avscan_key": call.state.integrations.get("avscan_key", "")})


async def set_avscan(call: Call) -> web.Response:
    key = call.request.query.get("avscan_key")
    if key is None:
        return error(406, {"avscan_key": ["Avscan key can't be blank"]})
    if key and (len(key) < 16 or not key.isalnum()):
        return error(406, {"avscan_key": ["Avscan key is invalid"]})
    call.state.integrations["avscan_key"] = key
    return ok({"avscan_key": key})


async def get_imklo(call: Call) -> web.Response:
    return ok({"imklo_api_url": call.state.integrations.get("imklo_api_url", "")})


async def set_imklo(call: Call) -> web.Response:
    url = call.request.query.get("imklo_api_url")
    if url is None:
        return error(406, {"imklo_api_url": ["Imklo api url can't be blank"]})
    if url and not url.lower().startswith(("http://", "https://")):
        return error(406, {"imklo_api_url": ["Imklo api url must start with http:// or https://"]})
    call.state.integrations["imklo_api_url"] = url
    return ok({"imklo_api_url": url})


# ---------------------------------------------------------------- facebook


def _validate(body: dict[str, Any], creating: bool) -> Problems:
    problems = Problems()
    for field in ("name", "ad_account_id", "token"):
        if creating or field in body:
            problems.text(body, field, required=True)
    problems.flag(body, "proxy_enabled")
    proxy = body.get("proxy")
    if proxy is not None:
        if not isinstance(proxy, dict):
            problems.add("proxy", "Proxy must be an object")
        else:
            if proxy.get("protocol") is not None and proxy["protocol"] not in PROXY_PROTOCOLS:
                problems.add("proxy", f"Protocol must be one of: {', '.join(PROXY_PROTOCOLS)}")
            port = proxy.get("port")
            if port is not None and (
                isinstance(port, bool) or not isinstance(port, int) or not 0 < port < 65536
            ):
                problems.add("proxy", "Port must be a number from 1 to 65535")
    if body.get("proxy_enabled") is True and not (isinstance(proxy, dict) and proxy.get("address")):
        problems.add("proxy", "Proxy address can't be blank when the proxy is enabled")
    return problems


async def list_facebook(call: Call) -> web.Response:
    return ok({"data": list(_facebook(call.state).values())})


async def create_facebook(call: Call) -> web.Response:
    body = call.json_object()
    if isinstance(body, web.Response):
        return body
    problems = _validate(body, True)
    if problems:
        return problems.response()
    new_id = max(_facebook(call.state), default=0) + 1
    integration = {
        "id": new_id,
        "integration": "facebook",
        "proxy_enabled": False,
        "proxy": [],
        "last_error": "",
        "last_raw_error": "",
    } | {k: v for k, v in body.items() if k in _FIELDS}
    _facebook(call.state)[new_id] = integration
    return ok(integration)


async def get_facebook(call: Call) -> web.Response:
    integration = _facebook(call.state).get(call.id)
    return ok({"data": integration}) if integration is not None else error(404, NOT_FOUND)


async def update_facebook(call: Call) -> web.Response:
    integration = _facebook(call.state).get(call.id)
    if integration is None:
        return error(404, NOT_FOUND)
    body = call.json_object()
    if isinstance(body, web.Response):
        return body
    problems = _validate(body, False)
    if problems:
        return problems.response()
    integration.update({k: v for k, v in body.items() if k in _FIELDS})
    return ok({"data": integration})


async def delete_facebook(call: Call) -> web.Response:
    if _facebook(call.state).pop(call.id, None) is None:
        return error(404, NOT_FOUND)
    _links(call.state).pop(call.id, None)
    return ok({"success": True})


async def facebook_campaigns(call: Call) -> web.Response:
    if call.id not in _facebook(call.state):
        return error(404, NOT_FOUND)
    campaigns = call.state.campaigns
    return ok(
        [
            {"name": campaigns[cid].get("name", ""), "value": cid}
            for cid in _links(call.state).get(call.id, [])
            if cid in campaigns
        ]
    )


def _campaign_id(call: Call) -> int | web.Response:
    body = call.json_object()
    if isinstance(body, web.Response):
        return body
    campaign_id = body.get("campaign_id")
    if campaign_id is None:
        return error(406, {"campaign_id": ["Campaign id can't be blank"]})
    if (
        isinstance(campaign_id, bool)
        or not isinstance(campaign_id, int)
        or campaign_id not in call.state.campaigns
    ):
        return error(406, {"campaign_id": [f"Campaign {campaign_id} not found"]})
    return campaign_id


async def attach_campaign(call: Call) -> web.Response:
    if call.id not in _facebook(call.state):
        return error(404, NOT_FOUND)
    campaign_id = _campaign_id(call)
    if isinstance(campaign_id, web.Response):
        return campaign_id
    linked = _links(call.state).setdefault(call.id, [])
    if campaign_id not in linked:
        linked.append(campaign_id)
    return ok({"success": True})


async def detach_campaign(call: Call) -> web.Response:
    if call.id not in _facebook(call.state):
        return error(404, NOT_FOUND)
    campaign_id = _campaign_id(call)
    if isinstance(campaign_id, web.Response):
        return campaign_id
    linked = _links(call.state).get(call.id, [])
    if campaign_id in linked:
        linked.remove(campaign_id)
    return ok({"success": True})


def seed(state: EmulatorState) -> None:
    state.integrations["avscan_key"] = ""
    state.integrations["imklo_api_url"] = "https://imklo.buyteam.pro/api/v1"
    state.integrations["facebook"] = {
        1: {
            "id": 1,
            "integration": "facebook",
            "name": "BM Main (USD)",
            "ad_account_id": "act_1234567890123",
            "token": "EAAGm0PX4ZCpsBAKZAfakeTokenForTheEmulator0123456789",
            "proxy_enabled": True,
            "proxy": {
                "protocol": "socks5",
                "address": "185.0.2.17",
                "port": 1080,
                "login": "fb",
                "password": "s3cret",
            },
            "last_error": "",
            "last_raw_error": "",
        },
        2: {
            "id": 2,
            "integration": "facebook",
            "name": "BM Backup",
            "ad_account_id": "act_9876543210987",
            "token": "EAAGm0PX4ZCpsBAOexpiredTokenForTheEmulator98765",
            "proxy_enabled": False,
            "proxy": [],
            "last_error": "Token expired",
            "last_raw_error": "Error validating access token: Session has expired on Monday, 06-May-24",
        },
    }
    state.integrations["facebook_campaigns"] = {1: [1], 2: []}


ROUTES = [
    Route("GET", "/integrations/avscan", get_avscan, admin_only=True),
    Route("PUT", "/integrations/avscan", set_avscan, admin_only=True),
    Route("GET", "/integrations/imklo", get_imklo, admin_only=True),
    Route("PUT", "/integrations/imklo", set_imklo, admin_only=True),
    Route("GET", "/integrations/facebook", list_facebook, admin_only=True),
    Route("POST", "/integrations/facebook", create_facebook, admin_only=True),
    Route("GET", r"/integrations/facebook/{id:\d+}", get_facebook, admin_only=True),
    Route("PUT", r"/integrations/facebook/{id:\d+}", update_facebook, admin_only=True),
    Route("DELETE", r"/integrations/facebook/{id:\d+}", delete_facebook, admin_only=True),
    Route("GET", r"/integrations/facebook/{id:\d+}/campaign", facebook_campaigns, admin_only=True),
    Route("POST", r"/integrations/facebook/{id:\d+}/campaign", attach_campaign, admin_only=True),
    Route("DELETE", r"/integrations/facebook/{id:\d+}/campaign", detach_campaign, admin_only=True),
]
