"""``/offers``, and what offers share with landing pages (``landing_pages.py`` reuses it): list
without the archived, get, validating create/update (406 per field), archive, clone, and the file
editor of local offers/landings kept as an in-memory tree (``path`` → text) per entity, with a real
zip for ``download``. A ``url`` in a request body becomes an external ``action_payload``; an
``archive`` (base64 zip) becomes the entity's files.
"""

from __future__ import annotations

import base64
import binascii
import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from aiohttp import web

from tests.fakes.keitaro_emulator.common import Call, Handler, Route, error, ok
from tests.fakes.keitaro_emulator.state import EmulatorState
from tests.fakes.keitaro_emulator.streams import now

__all__ = ["ROUTES", "Kind", "entity_routes", "file_routes", "files_of", "seed"]

_PATH = re.compile(r"^[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*$")


@dataclass(frozen=True)
class Kind:
    """How one entity table (offers or landing pages) behaves in the emulator."""

    table: str  # EmulatorState attribute
    label: str  # "Offer", "Landing page"
    type_field: str  # offer_type / landing_type
    types: tuple[str, ...]
    states: tuple[str, ...]
    defaults: Callable[[EmulatorState, int], dict[str, Any]]  # (state, id) → a new row
    check: Callable[[dict[str, Any], Callable[[str, str], None]], None]  # kind-specific checks
    public: Callable[[EmulatorState, dict[str, Any]], dict[str, Any]] = lambda state, entity: entity

    def rows(self, state: EmulatorState) -> dict[int, dict[str, Any]]:
        rows: dict[int, dict[str, Any]] = getattr(state, self.table)
        return rows


def files_of(state: EmulatorState, table: str, entity_id: int) -> dict[str, str]:
    """The file tree of one offer/landing (``path`` → text), created empty on first use."""
    trees: dict[str, dict[int, dict[str, str]]] = state.entity_files
    return trees.setdefault(table, {}).setdefault(entity_id, {})


def _is_number(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    try:
        float(value)
    except (TypeError, ValueError):
        return False
    return True


def _validate(kind: Kind, body: dict[str, Any], *, creating: bool) -> dict[str, list[str]]:
    problems: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        problems.setdefault(name, []).append(message)

    if creating or "name" in body:
        name = body.get("name")
        if not isinstance(name, str) or not name.strip():
            add("name", "Name can't be blank")
    if kind.type_field in body and body[kind.type_field] not in kind.types:
        add(kind.type_field, f"Type must be one of: {', '.join(kind.types)}")
    if "state" in body and body["state"] not in kind.states:
        add("state", f"State must be one of: {', '.join(kind.states)}")
    if body.get("group_id") not in (None, "") and not str(body["group_id"]).isdigit():
        add("group_id", "Group must be an integer")
    if "url" in body and (
        not isinstance(body["url"], str) or not body["url"].startswith(("http://", "https://"))
    ):
        add("url", "URL must start with http:// or https://")
    if body.get("archive") is not None and _unzip(body["archive"]) is None:
        add("archive", "Archive must be a base64-encoded zip file")
    kind.check(body, add)
    return problems


def _unzip(encoded: Any) -> dict[str, str] | None:
    try:
        raw = base64.b64decode(str(encoded), validate=True)
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            return {
                info.filename: archive.read(info).decode("utf-8", errors="replace")
                for info in archive.infolist()
                if not info.is_dir() and _PATH.match(info.filename)
            }
    except (binascii.Error, zipfile.BadZipFile, ValueError):
        return None


def _apply(state: EmulatorState, kind: Kind, entity: dict[str, Any], body: dict[str, Any]) -> None:
    for key, value in body.items():
        if key in ("id", "url", "archive"):
            continue
        entity[key] = format(Decimal(str(value)), "f") if key == "payout_value" else value
    if "url" in body:
        entity["action_payload"] = body["url"]
        if kind.type_field not in body:
            entity[kind.type_field] = "external"
        if "action_type" not in body:
            entity["action_type"] = "http"
    if body.get("archive") is not None:
        files = files_of(state, kind.table, int(entity["id"]))
        files.clear()
        files.update(_unzip(body["archive"]) or {})
        entity |= {kind.type_field: "local", "action_type": "local_file"}
    entity["updated_at"] = now(state)


def entity_routes(kind: Kind, base: str, *, archive: tuple[str, str], clone: tuple[str, str]) -> list[Route]:
    """List/create/get/update plus archive and clone at the given (method, path suffix)."""

    def found(call: Call) -> dict[str, Any] | web.Response:
        entity = kind.rows(call.state).get(call.id)
        return entity if entity is not None else error(404, f"{kind.label} not found")

    async def list_all(call: Call) -> web.Response:
        rows = kind.rows(call.state).values()
        return ok([kind.public(call.state, e) for e in rows if e.get("state") != "deleted"])

    async def get_one(call: Call) -> web.Response:
        entity = found(call)
        return entity if isinstance(entity, web.Response) else ok(kind.public(call.state, entity))

    async def create(call: Call) -> web.Response:
        body = call.json_object()
        if isinstance(body, web.Response):
            return body
        problems = _validate(kind, body, creating=True)
        if problems:
            return error(406, problems)
        entity = kind.defaults(call.state, call.state.next_id(kind.table))
        kind.rows(call.state)[entity["id"]] = entity
        _apply(call.state, kind, entity, body)
        return ok(kind.public(call.state, entity))

    async def update(call: Call) -> web.Response:
        entity = found(call)
        if isinstance(entity, web.Response):
            return entity
        body = call.json_object()
        if isinstance(body, web.Response):
            return body
        problems = _validate(kind, body, creating=False)
        if problems:
            return error(406, problems)
        _apply(call.state, kind, entity, body)
        return ok(kind.public(call.state, entity))

    async def archive_one(call: Call) -> web.Response:
        entity = found(call)
        if isinstance(entity, web.Response):
            return entity
        entity["state"], entity["updated_at"] = "deleted", now(call.state)
        return ok(kind.public(call.state, entity))

    async def clone_one(call: Call) -> web.Response:
        source = found(call)
        if isinstance(source, web.Response):
            return source
        new_id, stamp = call.state.next_id(kind.table), now(call.state)
        entity = dict(source, id=new_id, name=f"{source['name']} (copy)", created_at=stamp, updated_at=stamp)
        kind.rows(call.state)[new_id] = entity
        files_of(call.state, kind.table, new_id).update(files_of(call.state, kind.table, call.id))
        return ok(kind.public(call.state, entity))

    one = base + r"/{id:\d+}"
    return [
        Route("GET", base, list_all),
        Route("POST", base, create),
        Route("GET", one, get_one),
        Route("PUT", one, update),
        Route(archive[0], one + archive[1], archive_one),
        Route(clone[0], one + clone[1], clone_one),
    ]


# ---------------------------------------------------------------- the file editor


def _tree(root_name: str, files: dict[str, str]) -> dict[str, Any]:
    root: dict[str, Any] = {"name": root_name, "type": "dir", "ext": "", "path": "", "children": []}
    for path in sorted(files):
        node = root
        parts = path.split("/")
        for depth, part in enumerate(parts[:-1], 1):
            sub = "/".join(parts[:depth])
            match = next((c for c in node["children"] if c["path"] == sub and c["type"] == "dir"), None)
            if match is None:
                match = {"name": part, "type": "dir", "ext": "", "path": sub, "children": []}
                node["children"].append(match)
            node = match
        ext = parts[-1].rsplit(".", 1)[1] if "." in parts[-1] else ""
        node["children"].append({"name": parts[-1], "type": "file", "ext": ext, "path": path})
    for node in _walk(root):
        node.get("children", []).sort(key=lambda c: (c["type"] != "dir", c["name"]))
    return root


def _walk(node: dict[str, Any]) -> list[dict[str, Any]]:
    return [node, *(n for child in node.get("children", []) for n in _walk(child))]


def _zip(files: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(files):
            archive.writestr(path, files[path])
    return buffer.getvalue()


def file_routes(kind: Kind, base: str) -> list[Route]:
    """``get_structure``, ``get_file``, ``add_file``, ``update_file``, ``remove_file``, ``download``."""

    def handler(action: Callable[[Call, dict[str, str], str], web.Response], *, needs_path: bool) -> Handler:
        async def run(call: Call) -> web.Response:
            entity = kind.rows(call.state).get(call.id)
            if entity is None:
                return error(404, f"{kind.label} not found")
            path = call.request.query.get("path", "").strip()
            if needs_path and not path:
                return error(406, {"path": ["Path can't be blank"]})
            if needs_path and (not _PATH.match(path) or ".." in path.split("/")):
                return error(406, {"path": ["Path must be relative, e.g. order/success.html"]})
            return action(call, files_of(call.state, kind.table, call.id), path)

        return run

    def structure(call: Call, files: dict[str, str], _: str) -> web.Response:
        entity = kind.rows(call.state)[call.id]
        folder = str(entity.get("local_path") or f"{kind.table}_{call.id}").rstrip("/")
        return ok(_tree(folder.rsplit("/", 1)[-1], files))

    def read(call: Call, files: dict[str, str], path: str) -> web.Response:
        return ok({"data": files[path]}) if path in files else error(404, f"File {path} not found")

    def add(call: Call, files: dict[str, str], path: str) -> web.Response:
        if path in files or any(p.startswith(path + "/") for p in files):
            return error(406, {"path": [f"{path} already exists"]})
        files[path] = ""
        return ok({"path": path})

    def write(call: Call, files: dict[str, str], path: str) -> web.Response:
        if "data" not in call.request.query:
            return error(406, {"data": ["Data is required"]})
        files[path] = call.request.query["data"]
        return ok({"path": path})

    def remove(call: Call, files: dict[str, str], path: str) -> web.Response:
        if path not in files:
            return error(404, f"File {path} not found")
        del files[path]
        return ok({"success": True})

    def download(call: Call, files: dict[str, str], _: str) -> web.Response:
        name = f"{kind.table}_{call.id}.zip"
        headers = {"Content-Disposition": f'attachment; filename="{name}"'}
        return web.Response(body=_zip(files), content_type="application/octet-stream", headers=headers)

    one = base + r"/{id:\d+}"
    return [
        Route("GET", one + "/get_structure", handler(structure, needs_path=False)),
        Route("GET", one + "/get_file", handler(read, needs_path=True)),
        Route("POST", one + "/add_file", handler(add, needs_path=True)),
        Route("PUT", one + "/update_file", handler(write, needs_path=True)),
        Route("DELETE", one + "/remove_file", handler(remove, needs_path=True)),
        Route("GET", one + "/download", handler(download, needs_path=False)),
    ]


# ---------------------------------------------------------------- offers


def offer_defaults(state: EmulatorState, offer_id: int) -> dict[str, Any]:
    stamp = now(state)
    return (
        {"id": offer_id, "name": f"Offer {offer_id}", "group_id": None, "offer_type": "external"}
        | {"action_type": "http", "action_payload": "", "action_options": [], "affiliate_network_id": None}
        | {"payout_value": "0.00", "payout_currency": "USD", "payout_type": "CPA", "payout_auto": False}
        | {"payout_upsell": False, "state": "active", "country": [], "notes": "", "archive": ""}
        | {"local_path": None, "preview_path": None, "conversion_cap_enabled": False, "daily_cap": 0}
        | {
            "conversion_timezone": "UTC",
            "alternative_offer_id": None,
            "created_at": stamp,
            "updated_at": stamp,
        }
    )


def _check_offer(body: dict[str, Any], add: Callable[[str, str], None]) -> None:
    if "payout_type" in body and body["payout_type"] not in ("CPA", "CPC"):
        add("payout_type", "Payout type must be one of: CPA, CPC")
    for key in ("payout_value", "daily_cap"):
        if key in body and not _is_number(body[key]):
            add(key, f"{key.replace('_', ' ').capitalize()} must be a number")
    for key in ("affiliate_network_id", "alternative_offer_id"):
        if body.get(key) is not None and not str(body[key]).isdigit():
            add(key, f"{key.replace('_', ' ').capitalize()} must be an integer")
    country = body.get("country")
    if country is not None and (
        not isinstance(country, list) or not all(isinstance(c, str) for c in country)
    ):
        add("country", 'Country must be a list of codes, e.g. ["US", "DE"]')


def _public_offer(state: EmulatorState, offer: dict[str, Any]) -> dict[str, Any]:
    network = state.affiliate_networks.get(int(offer.get("affiliate_network_id") or 0)) or {}
    offer["affiliate_network"] = network.get("name")
    return offer


OFFERS = Kind(
    table="offers",
    label="Offer",
    type_field="offer_type",
    types=("external", "local", "preloaded", "action"),
    states=("active", "disabled", "deleted"),
    defaults=offer_defaults,
    check=_check_offer,
    public=_public_offer,
)

ROUTES = [
    *entity_routes(OFFERS, "/offers", archive=("DELETE", "/archive"), clone=("POST", "/clone")),
    *file_routes(OFFERS, "/offers"),
]


def seed(state: EmulatorState) -> None:
    """Seven offers of networks 1–3 (offer groups 4–6); the sweepstakes one is local, with files;
    the last one is archived."""
    cd, ac, dr = (
        "https://cd.example.com/c?s1={subid}&o=",
        "https://ac.example.com/x?c={subid}",
        "https://dr.example.com/t/",
    )
    rows = [
        ("Keto Slim US: CPA $38", 1, "38.00", "USD", ["US"], 4, cd + "1184"),
        ("Keto Slim US: backup", 2, "35.00", "USD", ["US", "CA"], 4, ac),
        ("Casino Royal DE", 3, "120.00", "EUR", ["DE", "AT"], 5, dr + "casino?sub_id={subid}"),
        ("Spin Palace DE", 3, "95", "EUR", ["DE"], 5, dr + "spin?sub_id={subid}"),
        ("Sweeps BR iPhone 15", 2, "0.05", "USD", ["BR"], 6, "sweeps_br"),
        ("QuickLoan UK", 1, "25.00", "GBP", ["GB"], None, cd + "2211"),
        ("Dating FR (old)", 1, "4.50", "EUR", ["FR"], None, cd + "977"),
    ]
    for n, (name, network, payout, currency, country, group, payload) in enumerate(rows, 1):
        offer = offer_defaults(state, n)
        offer |= {"name": name, "affiliate_network_id": network, "payout_value": payout}
        offer |= {"payout_currency": currency, "country": country, "group_id": group}
        offer["action_payload"] = payload
        offer |= {"created_at": "2024-04-20 10:00:00", "updated_at": "2024-05-01 12:00:00"}
        state.offers[n] = offer
    state.offers[2] |= {"conversion_cap_enabled": True, "daily_cap": "50", "alternative_offer_id": 1}
    state.offers[4] |= {"payout_auto": True, "payout_upsell": True, "notes": "payout comes in the postback"}
    state.offers[5] |= {"offer_type": "local", "action_type": "local_file", "payout_type": "CPC"}
    state.offers[5] |= {"local_path": "offers/sweeps_br/", "preview_path": "/offers/sweeps_br/index.php"}
    state.offers[7] |= {"state": "deleted"}
    files_of(state, "offers", 5).update(
        {
            "index.php": "<?php include 'form.html'; ?>",
            "form.html": '<form method="post" action="{offer}"><input name="phone"></form>',
            "css/style.css": "body { font-family: sans-serif; }",
            "img/iphone.svg": '<svg xmlns="http://www.w3.org/2000/svg"/>',
        }
    )
