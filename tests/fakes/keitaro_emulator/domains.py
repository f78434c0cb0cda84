"""``/domains``: list, deleted, get, create (several names at once), update, archive (201),
restore and check.

The emulator's "DNS": a domain points at the tracker unless its name is in :data:`UNRESOLVED` or
ends in a reserved ``.invalid``/``.test`` zone. ``check`` re-evaluates that, so renaming a broken
domain and checking it again turns its ``network_status`` to ``"active"``.
"""

from __future__ import annotations

import re
from typing import Any

from aiohttp import web

from tests.fakes.keitaro_emulator.common import Call, Route, error, ok
from tests.fakes.keitaro_emulator.entities import NOT_FOUND, Problems, checked_update, now
from tests.fakes.keitaro_emulator.state import EmulatorState

__all__ = ["ROUTES", "UNRESOLVED", "network_status", "seed"]

UNRESOLVED = frozenset({"lp.promo-br.xyz"})
_HOSTNAME = re.compile(r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,62}$")


def network_status(name: str) -> str:
    broken = name in UNRESOLVED or name.rsplit(".", 1)[-1] in ("invalid", "test")
    return "error" if broken else "active"


def _defaults(domain_id: int, name: str) -> dict[str, Any]:
    return {
        "id": domain_id,
        "name": name,
        "network_status": network_status(name),
        "default_campaign_id": None,
        "state": "active",
        "created_at": "2024-04-01 10:00:00",
        "updated_at": "2024-04-01 10:00:00",
        "wildcard": False,
        "catch_not_found": False,
        "notes": "",
        "ssl_redirect": False,
        "allow_indexing": True,
        "is_ssl": False,
    }


def _present(state: EmulatorState, domain: dict[str, Any]) -> dict[str, Any]:
    """``default_campaign`` mirrors ``default_campaign_id``; ``campaigns_count`` counts the
    campaigns bound to the domain."""
    count = sum(1 for c in state.campaigns.values() if str(c.get("domain_id")) == str(domain["id"]))
    return domain | {"default_campaign": domain.get("default_campaign_id"), "campaigns_count": count}


def _names(value: str) -> list[str]:
    return [n.strip().lower() for n in re.split(r"[\n,]", value) if n.strip()]


def _validate(call: Call, body: dict[str, Any], current: dict[str, Any] | None) -> Problems:
    problems = Problems()
    creating = current is None
    if creating or "name" in body:
        problems.text(body, "name", required=True, label="Domain name")
    if creating and body.get("is_ssl") is None:
        problems.add("is_ssl", "Is ssl can't be blank")
    for flag in ("is_ssl", "wildcard", "catch_not_found", "ssl_redirect", "allow_indexing"):
        problems.flag(body, flag)
    problems.text(body, "notes")
    problems.choice(body, "state", ("active", "deleted"))
    campaign_id = body.get("default_campaign_id")
    if campaign_id is not None and (
        isinstance(campaign_id, bool)
        or not isinstance(campaign_id, int)
        or campaign_id not in call.state.campaigns
    ):
        problems.add("default_campaign_id", f"Campaign {campaign_id} not found")
    if isinstance(body.get("name"), str) and body["name"].strip():
        names = _names(body["name"])
        if not creating and len(names) > 1:
            problems.add("name", "Only one domain name can be set here")
        taken = {d["name"] for d in call.state.domains.values() if d is not current}
        for name in names:
            if not _HOSTNAME.match(name):
                problems.add("name", f"{name} is not a valid domain name")
            elif name in taken:
                problems.add("name", f"Domain {name} already exists")
    return problems


def _writable(body: dict[str, Any]) -> dict[str, Any]:
    fields = set(_defaults(0, "")) - {"id", "name", "network_status", "created_at", "updated_at"}
    return {k: v for k, v in body.items() if k in fields}


async def list_domains(call: Call) -> web.Response:
    return ok([_present(call.state, d) for d in call.state.domains.values() if d.get("state") != "deleted"])


async def deleted_domains(call: Call) -> web.Response:
    return ok([_present(call.state, d) for d in call.state.domains.values() if d.get("state") == "deleted"])


async def get_domain(call: Call) -> web.Response:
    domain = call.state.domains.get(call.id)
    return ok(_present(call.state, domain)) if domain is not None else error(404, NOT_FOUND)


async def create_domains(call: Call) -> web.Response:
    body = call.json_object()
    if isinstance(body, web.Response):
        return body
    problems = _validate(call, body, None)
    if problems:
        return problems.response()
    created = []
    for name in _names(body["name"]):
        domain_id = call.state.next_id("domains")
        stamp = now(call.state)
        domain = _defaults(domain_id, name) | _writable(body) | {"created_at": stamp, "updated_at": stamp}
        call.state.domains[domain_id] = domain
        created.append(_present(call.state, domain))
    return ok(created)


async def update_domain(call: Call) -> web.Response:
    checked = await checked_update(call, "domains", _validate)
    if isinstance(checked, web.Response):
        return checked
    domain, body = checked
    domain.update(_writable(body))
    if "name" in body:
        domain["name"] = _names(body["name"])[0]
    domain["updated_at"] = now(call.state)
    return ok(_present(call.state, domain))


async def archive_domain(call: Call) -> web.Response:
    domain = call.state.domains.get(call.id)
    if domain is None:
        return error(404, NOT_FOUND)
    domain["state"] = "deleted"
    domain["updated_at"] = now(call.state)
    return ok(_present(call.state, domain), status=201)


async def restore_domain(call: Call) -> web.Response:
    domain = call.state.domains.get(call.id)
    if domain is None:
        return error(404, NOT_FOUND)
    domain["state"] = "active"
    domain["updated_at"] = now(call.state)
    return ok(_present(call.state, domain))


async def check_domain(call: Call) -> web.Response:
    domain = call.state.domains.get(call.id)
    if domain is None:
        return error(404, NOT_FOUND)
    domain["network_status"] = network_status(domain["name"])
    domain["updated_at"] = now(call.state)
    return ok(_present(call.state, domain))


def seed(state: EmulatorState) -> None:
    """Two working domains (1, 2), one whose DNS does not point at the tracker (3), one archived (4)."""
    domains = [
        _defaults(1, "trk.buyteam.pro")
        | {"is_ssl": True, "ssl_redirect": True, "allow_indexing": False, "notes": "main tracking domain"},
        _defaults(2, "go.buyteam.pro")
        | {
            "is_ssl": True,
            "default_campaign_id": 1,
            "catch_not_found": True,
            "updated_at": "2024-05-02 09:30:00",
        },
        _defaults(3, "lp.promo-br.xyz")
        | {"is_ssl": False, "notes": "A record still points at the old server"},
        _defaults(4, "old-offers.site")
        | {"state": "deleted", "network_status": "error", "updated_at": "2024-03-15 12:00:00"},
    ]
    for domain in domains:
        state.domains[domain["id"]] = domain


ROUTES = [
    Route("GET", "/domains", list_domains),
    Route("POST", "/domains", create_domains),
    Route("GET", "/domains/deleted", deleted_domains),
    Route("GET", r"/domains/{id:\d+}", get_domain),
    Route("PUT", r"/domains/{id:\d+}", update_domain),
    Route("DELETE", r"/domains/{id:\d+}", archive_domain),
    Route("POST", r"/domains/{id:\d+}/check", check_domain),
    Route("POST", r"/domains/{id:\d+}/restore", restore_domain),
]
