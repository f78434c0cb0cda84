"""The new offer, step by step: name, URL (with the macros a click passes on), affiliate network,
payout type and amount (with an optional currency), countries, group."""

from __future__ import annotations

from typing import Any

from handlers.resources.wizard.steps import PICK, TEXT, Step, Values, Wizard, countries, money, name, url


def _body(values: Values) -> dict[str, Any]:
    body: dict[str, Any] = {
        "name": values["name"],
        "offer_type": "external",
        "action_type": "http",
        "action_payload": values["url"],
        "payout_type": values["payout_type"],
    }
    amount, currency = values["payout"]
    body["payout_value"] = float(amount)
    if currency:
        body["payout_currency"] = currency
    if values.get("network") is not None:
        body["affiliate_network_id"] = int(values["network"])
    if values.get("country"):
        body["country"] = list(values["country"])
    if values.get("group") is not None:
        body["group_id"] = int(values["group"])
    return body


OFFER = Wizard(
    key="offers",
    steps=(
        Step("name", TEXT, ("name",), parse=name),
        Step("url", TEXT, ("action_payload", "url", "offer_type", "action_type"), parse=url, hint=True),
        Step("network", PICK, ("affiliate_network_id",), source="affiliate_networks", optional=True),
        Step("payout_type", PICK, ("payout_type",), choices=("CPA", "CPC")),
        Step("payout", TEXT, ("payout_value", "payout_currency"), parse=money, hint=True),
        Step("country", TEXT, ("country",), parse=countries, optional=True, hint=True),
        Step("group", PICK, ("group_id",), source="offer_groups", optional=True),
    ),
    body=_body,
)
