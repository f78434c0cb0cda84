"""``/affiliate_networks``: list (archived ones hidden), get, create, update, archive, clone."""

from __future__ import annotations

from typing import Any

from tests.fakes.keitaro_emulator.common import Call
from tests.fakes.keitaro_emulator.entities import Problems, archivable_routes
from tests.fakes.keitaro_emulator.state import EmulatorState

__all__ = ["ROUTES", "seed"]

# ---------------------------------------------------------------- affiliate networks


def _defaults(network_id: int) -> dict[str, Any]:
    return {
        "id": network_id,
        "name": f"Network {network_id}",
        "postback_url": "",
        "offer_param": "",
        "state": "active",
        "template_name": "",
        "notes": "",
        "pull_api_options": "",
        "created_at": "2024-04-01 10:00:00",
        "updated_at": "2024-04-01 10:00:00",
    }


def _validate(call: Call, body: dict[str, Any], creating: bool) -> Problems:
    problems = Problems()
    if creating or "name" in body:
        problems.text(body, "name", required=True)
    problems.url(body, "postback_url")
    for field in ("offer_param", "notes"):
        problems.text(body, field)
    return problems


def _present(state: EmulatorState, network: dict[str, Any]) -> dict[str, Any]:
    """``offers`` is the number of (not archived) offers of the network."""
    count = sum(
        1
        for offer in state.offers.values()
        if str(offer.get("affiliate_network_id")) == str(network["id"]) and offer.get("state") != "deleted"
    )
    return network | {"offers": count}


def seed(state: EmulatorState) -> None:
    """Three active networks (ids 1–3) and an archived one (id 4)."""
    postback = "https://trk.buyteam.pro/7a1b2c3d/postback?subid={subid}&status={status}&payout={payout}"
    networks = [
        _defaults(1)
        | {
            "name": "ClickDealer",
            "postback_url": postback,
            "offer_param": "sub1={subid}&sub2={campaign_name}",
            "template_name": "clickdealer",
            "notes": "manager: @cd_anna",
        },
        _defaults(2)
        | {
            "name": "AdCombo",
            "postback_url": postback + "&currency=usd",
            "offer_param": "clickid={subid}&subacc={campaign_id}",
            "template_name": "adcombo",
            "created_at": "2024-04-03 12:30:00",
            "updated_at": "2024-05-10 08:15:00",
        },
        _defaults(3)
        | {
            "name": "Dr.Cash",
            "postback_url": postback.replace("status={status}", "status={status}&tid={tid}"),
            "offer_param": "sub_id={subid}",
            "template_name": "drcash",
            "pull_api_options": "",
        },
        _defaults(4)
        | {
            "name": "Old CPA Net",
            "state": "deleted",
            "notes": "stopped paying in March",
            "updated_at": "2024-03-20 18:00:00",
        },
    ]
    for network in networks:
        state.affiliate_networks[network["id"]] = network


ROUTES = archivable_routes(
    "/affiliate_networks",
    "affiliate_networks",
    validate=_validate,
    defaults=_defaults,
    present=_present,
    archive_answer=lambda network: network,
)
