"""In-memory tracker state of the emulator, seeded with realistic data.

Entities are stored the way Keitaro returns them (plain dicts, some numbers as strings), so the
routes can answer with them as they are.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from services.clock import system_clock

__all__ = ["ADMIN_TIMEZONE", "EmulatorState", "campaign_defaults", "keitaro_time"]

ADMIN_TIMEZONE = "Europe/Moscow"


def keitaro_time(moment: datetime) -> str:
    """A timestamp the way Keitaro prints them (UTC)."""
    return moment.strftime("%Y-%m-%d %H:%M:%S")


def campaign_defaults(campaign_id: int) -> dict[str, Any]:
    """What Keitaro fills in for a campaign created with just a name."""
    return {
        "id": campaign_id,
        "alias": f"cmp{campaign_id:05d}",
        "name": f"Campaign {campaign_id}",
        "type": "position",
        "cookies_ttl": 24,
        "position": campaign_id,
        "state": "active",
        "cost_type": "CPC",
        "cost_value": "0.00",
        "cost_currency": "USD",
        "cost_auto": False,
        "group_id": None,
        "bind_visitors": None,
        "traffic_source_id": None,
        "token": f"tok{campaign_id:029d}",
        "parameters": [],
        "postbacks": [],
        "notes": "",
        "uniqueness_method": "ip_ua",
        "uniqueness_use_cookies": True,
        "traffic_loss": "0",
        "created_at": "2024-05-02 09:30:00",
        "updated_at": "2024-05-02 09:30:00",
    }


def _seed_campaigns() -> list[dict[str, Any]]:
    sub = {"name": "sub_id_1", "placeholder": "{adset_id}", "alias": "adset"}
    return [
        campaign_defaults(1)
        | {
            "alias": "fb-us-nutra",
            "name": "FB US Nutra",
            "cost_value": "0.50",
            "group_id": "2",
            "traffic_source_id": 3,
            "bind_visitors": "slo",
            "parameters": {"sub_id_1": sub},
            "postbacks": [
                {
                    "id": 7,
                    "campaign_id": 1,
                    "method": "GET",
                    "statuses": ["sale"],
                    "url": "https://graph.example.net/pb?click={subid}",
                }
            ],
            "notes": "main test campaign",
        },
        campaign_defaults(2)
        | {
            "alias": "tt-de-gambling",
            "name": "TT DE Gambling",
            "type": "weight",
            "state": "disabled",
            "cost_type": "CPM",
            "cost_value": "12.50",
            "cost_currency": "EUR",
            "group_id": 2,
            "traffic_source_id": "5",
        },
        campaign_defaults(3)
        | {
            "alias": "push-br-sweeps",
            "name": "Push BR Sweeps",
            "cost_type": "CPA",
            "cost_value": "1.2",
            "cost_auto": True,
            "group_id": "",
            "traffic_source_id": 2,
            "traffic_loss": "2.5",
        },
        campaign_defaults(4)
        | {
            "alias": "gads-uk-loans",
            "name": "Google UK Loans",
            "type": "weight",
            "cost_value": "0.80",
            "cost_currency": "GBP",
            "group_id": 1,
            "traffic_source_id": 1,
            "bind_visitors": "s",
            "domain_id": 1,
            "parameters": {
                "keyword": {"name": "keyword", "placeholder": "{keyword}", "alias": "kw"},
                "sub_id_2": {"name": "sub_id_2", "placeholder": "{gclid}", "alias": "gclid"},
            },
            "created_at": "2024-06-11 14:05:00",
            "updated_at": "2024-07-01 08:00:00",
        },
        campaign_defaults(5)
        | {
            "alias": "native-fr-dating",
            "name": "Native FR Dating (old)",
            "state": "deleted",
            "cost_type": "CPM",
            "cost_value": "1.10",
            "cost_currency": "EUR",
            "traffic_source_id": 4,
            "notes": "archived after the network closed",
            "updated_at": "2024-04-30 18:00:00",
        },
    ]


def _seed_users() -> list[dict[str, Any]]:
    full_kinds = (
        "offers",
        "campaigns",
        "landings",
        "traffic_sources",
        "streams",
        "affiliate_networks",
        "domains",
    )
    full = {f"{kind}_access_type": "full_access" for kind in full_kinds}
    return [
        {
            "id": 1,
            "login": "admin",
            "type": "ADMIN",
            "keyCount": 2,
            "access_data": full,
            "preferences": {"language": "ru", "timezone": ADMIN_TIMEZONE},
        },
        {
            "id": 2,
            "login": "buyer-anna",
            "type": "USER",
            "keyCount": "1",
            "access_data": full
            | {"campaigns_access_type": "to_groups_and_selected", "resources": ["campaigns"]},
            "preferences": {"language": "en", "timezone": "Europe/Berlin"},
        },
        {
            "id": 3,
            "login": "buyer-oleg",
            "type": "USER",
            "keyCount": 0,
            "access_data": {f"{kind}_access_type": "read_only" for kind in full_kinds}
            | {"campaigns_access_type": "created_by_user_groups_and_selected", "reports": ["campaigns"]},
            "preferences": [],
        },
    ]


@dataclass
class EmulatorState:
    # entity tables, stored the way Keitaro returns them; each group's module seeds its own
    campaigns: dict[int, dict[str, Any]] = field(default_factory=dict)
    streams: dict[int, dict[str, Any]] = field(default_factory=dict)
    offers: dict[int, dict[str, Any]] = field(default_factory=dict)
    landing_pages: dict[int, dict[str, Any]] = field(default_factory=dict)
    affiliate_networks: dict[int, dict[str, Any]] = field(default_factory=dict)
    traffic_sources: dict[int, dict[str, Any]] = field(default_factory=dict)
    domains: dict[int, dict[str, Any]] = field(default_factory=dict)
    groups: dict[int, dict[str, Any]] = field(default_factory=dict)
    users: dict[int, dict[str, Any]] = field(default_factory=dict)
    botlist: list[str] = field(default_factory=list)
    integrations: dict[str, Any] = field(default_factory=dict)
    # traffic: clicks and conversions as rows, logs by type (see traffic.py)
    clicks: list[dict[str, Any]] = field(default_factory=list)
    conversions: list[dict[str, Any]] = field(default_factory=list)
    logs: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    # file trees of local offers/landings by table and id, flow events, report labels by campaign
    entity_files: dict[str, dict[int, dict[str, str]]] = field(default_factory=dict)
    stream_events: dict[int, list[dict[str, Any]]] = field(default_factory=dict)
    traffic_labels: dict[int, dict[str, dict[str, str]]] | None = None
    next_ids: dict[str, int] = field(default_factory=dict)
    # the tracker's clock (aware UTC): every stamp, "today" of every report, the seeded traffic
    clock: Callable[[], datetime] = field(default=system_clock, repr=False)

    def now(self) -> datetime:
        return self.clock()

    @classmethod
    def seeded(cls, clock: Callable[[], datetime] = system_clock) -> EmulatorState:
        state = cls(clock=clock)
        for campaign in _seed_campaigns():
            state.campaigns[campaign["id"]] = campaign
        for user in _seed_users():
            state.users[user["id"]] = user
        return state

    def live(self, kind: str) -> list[dict[str, Any]]:
        """The rows of a table that its list endpoint returns (archived ones are not listed)."""
        table: dict[int, dict[str, Any]] = getattr(self, kind)
        return [row for row in table.values() if row.get("state") != "deleted"]

    def next_id(self, kind: str) -> int:
        table: dict[int, Any] = getattr(self, kind)
        candidate = max([self.next_ids.get(kind, 1), *(k + 1 for k in table)])
        self.next_ids[kind] = candidate + 1
        return candidate

    def add_campaign(self, **fields: Any) -> dict[str, Any]:
        campaign_id = int(fields.pop("id", None) or self.next_id("campaigns"))
        campaign = campaign_defaults(campaign_id) | fields
        self.campaigns[campaign_id] = campaign
        return campaign

    def snapshot(self) -> dict[str, Any]:
        return copy.deepcopy({k: v for k, v in vars(self).items() if k not in ("next_ids", "clock")})
