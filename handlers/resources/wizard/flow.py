"""The new flow of a campaign, step by step: type, name, schema (landings and offers, a redirect to
offers, or an action), the offers and landings with their shares (an even split proposed; typed
shares must add up to 100), the common filters (countries, device type, bots) and the weight (a
campaign that rotates by weight) or the position.

Filters go out the way the API takes them: ``{name, mode: accept|reject, payload: [...]}`` with the
names of ``GET /stream_filters`` (``country``, ``device_type``, ``bot``)."""

from __future__ import annotations

from typing import Any

from handlers.resources.wizard.steps import (
    MULTI,
    PICK,
    TEXT,
    Step,
    Values,
    Wizard,
    countries,
    links,
    name,
    position,
    shares_of,
    split_proposal,
    text,
    url,
    weight,
)

PAYLOAD_ACTIONS = ("http", "show_text")


def _payload(raw: str, values: Values) -> str:
    return url(raw, values) if values.get("action") == "http" else text(raw, values)


def _filtered(values: Values) -> bool:
    return values.get("type") != "default"


def _filters(values: Values) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    if values.get("countries"):
        found.append({"name": "country", "mode": "accept", "payload": list(values["countries"])})
    if values.get("device"):
        found.append({"name": "device_type", "mode": "accept", "payload": [values["device"]]})
    if values.get("bots"):
        found.append(
            {"name": "bot", "mode": "reject" if values["bots"] == "block" else "accept", "payload": []}
        )
    return found


def _body(values: Values) -> dict[str, Any]:
    schema = values["schema"]
    body: dict[str, Any] = {
        "campaign_id": int(values["campaign_id"]),
        "type": values["type"],
        "name": values["name"],
        "schema": schema,
        "action_type": values.get("action") if schema == "action" else "http",
    }
    if schema == "action" and values.get("action") in PAYLOAD_ACTIONS and values.get("payload"):
        body["action_payload"] = values["payload"]
    if schema == "landings":
        body["landings"] = links(values, "landings", "landing_shares", "landing_id")
    if schema in ("landings", "redirect"):
        body["offers"] = links(values, "offers", "offer_shares", "offer_id")
    if _filtered(values):
        body["filters"] = _filters(values)
    if values.get("weight") is not None:
        body["weight"] = int(values["weight"])
    if values.get("position") is not None:
        body["position"] = int(values["position"])
    return body


def _by_weight(values: Values) -> bool:
    return _filtered(values) and values.get("campaign_type") == "weight"


FLOW = Wizard(
    key="streams",
    steps=(
        Step("type", PICK, ("type",), choices=("forced", "regular", "default"), hint=True),
        Step("name", TEXT, ("name",), parse=name),
        Step("schema", PICK, ("schema",), choices=("landings", "redirect", "action")),
        Step(
            "action",
            PICK,
            ("action_type",),
            choices=("http", "status404", "show_text", "do_nothing"),
            asked=lambda v: v.get("schema") == "action",
        ),
        Step(
            "payload",
            TEXT,
            ("action_payload",),
            parse=_payload,
            asked=lambda v: v.get("schema") == "action" and v.get("action") in PAYLOAD_ACTIONS,
        ),
        Step(
            "landings",
            MULTI,
            ("landings",),
            source="landing_pages",
            asked=lambda v: v.get("schema") == "landings",
        ),
        Step(
            "landing_shares",
            TEXT,
            (),
            parse=shares_of("landings"),
            proposal=split_proposal("landings"),
            asked=lambda v: v.get("schema") == "landings" and len(v.get("landings") or []) > 1,
        ),
        Step(
            "offers",
            MULTI,
            ("offers",),
            source="offers",
            asked=lambda v: v.get("schema") in ("landings", "redirect"),
        ),
        Step(
            "offer_shares",
            TEXT,
            (),
            parse=shares_of("offers"),
            proposal=split_proposal("offers"),
            asked=lambda v: v.get("schema") in ("landings", "redirect") and len(v.get("offers") or []) > 1,
        ),
        Step("countries", TEXT, ("filters",), parse=countries, optional=True, asked=_filtered, hint=True),
        Step("device", PICK, (), choices=("mobile", "desktop", "tablet"), optional=True, asked=_filtered),
        Step("bots", PICK, (), choices=("block", "only"), optional=True, asked=_filtered),
        Step("weight", TEXT, ("weight",), parse=weight, asked=_by_weight, hint=True),
        Step(
            "position",
            TEXT,
            ("position",),
            parse=position,
            optional=True,
            asked=lambda v: _filtered(v) and not _by_weight(v),
        ),
    ),
    body=_body,
)
