"""``/traffic_sources``: list (archived ones hidden), get, create, update, archive, clone.

Ids match the seeded campaigns: "FB US Nutra" runs on source 3 (Facebook), "TT DE Gambling" on 5
(TikTok).
"""

from __future__ import annotations

from typing import Any

from tests.fakes.keitaro_emulator.common import Call
from tests.fakes.keitaro_emulator.entities import Problems, archivable_routes
from tests.fakes.keitaro_emulator.state import EmulatorState

__all__ = ["PARAMETER_NAMES", "POSTBACK_STATUSES", "ROUTES", "seed"]

POSTBACK_STATUSES = ("lead", "sale", "rejected", "rebill")
PARAMETER_NAMES = (
    "keyword",
    "cost",
    "currency",
    "external_id",
    "creative_id",
    "ad_campaign_id",
    "source",
    *(f"sub_id_{n}" for n in range(1, 16)),
)


def _defaults(source_id: int) -> dict[str, Any]:
    return {
        "id": source_id,
        "name": f"Source {source_id}",
        "postback_url": "",
        "postback_statuses": [],
        "template_name": "",
        "accept_parameters": True,
        "parameters": [],
        "notes": "",
        "state": "active",
        "created_at": "2024-04-01 10:00:00",
        "updated_at": "2024-04-01 10:00:00",
        "traffic_loss": "0",
        "update_in_campaigns": None,
    }


def _validate_parameters(problems: Problems, value: Any) -> None:
    if value in (None, []):
        return
    if not isinstance(value, dict):
        problems.add("parameters", "Parameters must be an object")
        return
    for name, item in value.items():
        if name not in PARAMETER_NAMES:
            problems.add("parameters", f"Unknown parameter: {name}")
        elif item is not None and (
            not isinstance(item, dict) or any(not isinstance(v, str | None) for v in item.values())
        ):
            problems.add("parameters", f"{name}: expected {{name, placeholder, alias}} strings")


def _validate(call: Call, body: dict[str, Any], creating: bool) -> Problems:
    problems = Problems()
    if creating or "name" in body:
        problems.text(body, "name", required=True)
    problems.url(body, "postback_url")
    statuses = body.get("postback_statuses")
    if statuses is not None:
        if not isinstance(statuses, list) or not all(isinstance(s, str) for s in statuses):
            problems.add("postback_statuses", "Postback statuses must be a list of strings")
        else:
            for status in statuses:
                if status not in POSTBACK_STATUSES:
                    problems.add(
                        "postback_statuses",
                        f"Unknown status {status!r}; use: {', '.join(POSTBACK_STATUSES)}",
                    )
    for field in ("template_name", "notes"):
        problems.text(body, field)
    problems.flag(body, "accept_parameters")
    _validate_parameters(problems, body.get("parameters"))
    problems.choice(body, "state", ("active", "deleted"))
    loss = body.get("traffic_loss")
    if loss is not None and (
        isinstance(loss, bool) or not isinstance(loss, int | float) or not 0 <= loss <= 100
    ):
        problems.add("traffic_loss", "Traffic loss must be a number from 0 to 100")
    return problems


def _present(state: EmulatorState, source: dict[str, Any]) -> dict[str, Any]:
    """Keitaro prints ``traffic_loss`` as a string."""
    loss = source.get("traffic_loss")
    return source | {"traffic_loss": str(loss) if isinstance(loss, int | float) else loss}


def _param(name: str, placeholder: str, alias: str = "") -> dict[str, str]:
    return {"name": name, "placeholder": placeholder, "alias": alias}


def seed(state: EmulatorState) -> None:
    """Google Ads, PropellerAds, Facebook, Push House, TikTok (ids 1–5) and an archived popunder (6)."""
    sources = [
        _defaults(1)
        | {
            "name": "Google Ads",
            "template_name": "google_adwords",
            "parameters": {
                "keyword": _param("keyword", "{keyword}"),
                "external_id": _param("gclid", "{gclid}"),
                "ad_campaign_id": _param("campaignid", "{campaignid}"),
                "sub_id_1": _param("adgroupid", "{adgroupid}", "adgroup"),
            },
            "notes": "offline conversions, no postback",
        },
        _defaults(2)
        | {
            "name": "PropellerAds",
            "postback_url": "http://ad.propellerads.com/conversion.php?aid=3456789&pid=&tid=123456"
            "&visitor_id={external_id}&payout={revenue}",
            "postback_statuses": ["sale"],
            "template_name": "propellerads",
            "parameters": {
                "external_id": _param("visitor_id", "${SUBID}"),
                "cost": _param("cost", "${cost}"),
                "sub_id_1": _param("zoneid", "{zoneid}", "zone"),
                "sub_id_2": _param("campaignid", "{campaignid}"),
            },
            "created_at": "2024-04-02 11:00:00",
            "updated_at": "2024-04-02 11:00:00",
        },
        _defaults(3)
        | {
            "name": "Facebook",
            "postback_url": "https://capi.buyteam.pro/fb/event?fbclid={sub_id_5}&event=Purchase"
            "&value={revenue}&currency={currency}",
            "postback_statuses": ["sale"],
            "template_name": "facebook",
            "parameters": {
                "ad_campaign_id": _param("campaign_id", "{{campaign.id}}"),
                "creative_id": _param("ad_id", "{{ad.id}}"),
                "sub_id_1": _param("adset_id", "{{adset.id}}", "adset"),
                "sub_id_2": _param("placement", "{{placement}}"),
                "sub_id_5": _param("fbclid", "", "fbclid"),
            },
            "traffic_loss": "3.5",
        },
        _defaults(4)
        | {
            "name": "Push House",
            "postback_url": "https://push.house/api/conversion?click_id={external_id}&sum={revenue}"
            "&status={status}",
            "postback_statuses": ["lead", "sale", "rejected"],
            "template_name": "push_house",
            "parameters": {
                "external_id": _param("click_id", "{click_id}"),
                "cost": _param("cost", "{cost}"),
                "sub_id_1": _param("feed", "{feed}"),
            },
        },
        _defaults(5)
        | {
            "name": "TikTok",
            "postback_url": "https://business-api.tiktok.com/open_api/v1.3/pixel/track/?callback={external_id}"
            "&event=CompletePayment&value={revenue}",
            "postback_statuses": ["lead", "sale"],
            "template_name": "tiktok",
            "parameters": {
                "external_id": _param("ttclid", "__CALLBACK_PARAM__"),
                "ad_campaign_id": _param("campaign_id", "__CAMPAIGN_ID__"),
                "creative_id": _param("ad_id", "__CID__"),
                "sub_id_1": _param("adgroup_id", "__AID__", "adgroup"),
            },
            "traffic_loss": "1",
        },
        _defaults(6)
        | {
            "name": "Old Popunder Net",
            "state": "deleted",
            "postback_url": "http://popunder.example/pb?cid={external_id}",
            "postback_statuses": ["sale", "rebill"],
            "updated_at": "2024-03-01 09:00:00",
        },
    ]
    for source in sources:
        state.traffic_sources[source["id"]] = source


ROUTES = archivable_routes(
    "/traffic_sources",
    "traffic_sources",
    validate=_validate,
    defaults=_defaults,
    present=_present,
    archive_answer=lambda _source: {"success": True},
)
