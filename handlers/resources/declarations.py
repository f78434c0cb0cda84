"""One declaration per Keitaro resource the browser shows."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from handlers.numbers import money
from handlers.resources.actions import (
    archive_for_good,
    check_domain,
    clone,
    cost,
    delete,
    network,
    payout,
    postback_url,
    raw_update,
    rename,
    shares,
    state_actions,
    statuses,
    url,
    user_type,
    weight,
)
from handlers.resources.names import Names
from handlers.resources.parsers import S2S_STATUSES
from handlers.resources.s2s import LINK as S2S_LINK
from handlers.resources.s2s import S2S
from handlers.resources.spec import Field, Link, Money, ResourceSpec
from keitaro import Filter, KeitaroClient, ReportQuery, errors


def _listed(list_name: str, deleted_name: str | None = None, *, parent_key: str | None = None) -> Any:
    """A fetch over ``<resource>.<list_name>`` (+ ``deleted`` for the archived filter)."""

    async def fetch(client: KeitaroClient, parent: dict[str, Any], flt: str) -> list[Any]:
        resource = getattr(client, _RESOURCE[list_name])
        items: list[Any] = []
        if flt != "archived":
            op = getattr(resource, list_name.split(".")[1])
            items = await (op(parent[parent_key]) if parent_key else op())
        if deleted_name and flt in ("archived", "all"):
            deleted = await getattr(resource, deleted_name)()
            if parent_key:
                deleted = [d for d in deleted if getattr(d, parent_key, None) == parent[parent_key]]
            items = [*items, *deleted]
        return items

    return fetch


_RESOURCE = {
    "campaigns.list": "campaigns",
    "offers.list": "offers",
    "landing_pages.list": "landing_pages",
    "affiliate_networks.list": "affiliate_networks",
    "traffic_sources.list": "traffic_sources",
    "domains.list": "domains",
}


def _get(resource: str) -> Any:
    async def get(client: KeitaroClient, item_id: int, parent: dict[str, Any]) -> Any:
        return await getattr(client, resource).get(item_id)

    return get


def _create(resource: str) -> Any:
    async def create(client: KeitaroClient, parent: dict[str, Any], body: Any) -> Any:
        created = await getattr(client, resource).create(json=body)
        return created[0] if isinstance(created, list) else created

    return create


def _money(value: Any, currency: Any, note: Any = "") -> Money | None:
    return None if value is None else Money(value, currency, str(note or ""))


def _shares(links: list[Any], id_attr: str) -> list[tuple[Any, str]]:
    """(id, "70%") of a flow's offers or landings; the card shows the names."""
    return [(getattr(x, id_attr), f"{x.share or 0}%") for x in links]


# Keitaro values the cards show in words (res-v-<field>-<value>)
CAMPAIGN_TYPES = ("position", "weight")
FLOW_TYPES = ("forced", "regular", "default")
SCHEMAS = ("landings", "redirect", "action")
ACTION_TYPES = ("http", "curl", "status404", "show_text", "show_html", "local_file", "campaign")
PAGE_TYPES = ("local", "external", "preloaded", "action")
USER_TYPES = ("USER", "ADMIN")
DNS_STATES = ("active", "error")
YES_NO = ("yes", "no")


async def _campaign_extra(
    client: KeitaroClient, campaign: Any, timezone: str, now: datetime, names: Names
) -> list[tuple[str, dict[str, Any]]]:
    """Today's numbers (in the tracker's time zone) and the campaign's S2S postbacks."""
    lines: list[tuple[str, dict[str, Any]]] = []
    query = ReportQuery(
        range="today",
        timezone=timezone,
        dimensions=["campaign_id"],
        measures=["clicks", "conversions", "revenue", "cost", "profit"],
        filters=[Filter.where("campaign_id", "EQUALS", campaign.id)],
    )
    row = (await client.reports.run(query, now=now)).rows
    numbers = row[0] if row else {}
    lines.append(
        (
            "res-today",
            {
                "clicks": int(numbers.get("clicks") or 0),
                "conversions": int(numbers.get("conversions") or 0),
                "revenue": money(numbers.get("revenue") or 0, None, names.lang),
                "cost": money(numbers.get("cost") or 0, None, names.lang),
                "profit": money(numbers.get("profit") or 0, None, names.lang),
                "tz": timezone,
            },
        )
    )
    for postback in campaign.postbacks:
        lines.append(
            (
                "res-s2s-line",
                {
                    "method": str(postback.method or "GET"),
                    "statuses": names.statuses(postback.statuses),
                    "url": postback.url or "",
                },
            )
        )
    return lines


FLOW_SCAN_CAMPAIGNS = 60


async def _offer_extra(
    client: KeitaroClient, offer: Any, timezone: str, now: datetime, names: Names
) -> list[tuple[str, dict[str, Any]]]:
    """Which flows send traffic to this offer (scans the flows of up to 60 campaigns)."""
    campaigns = await client.campaigns.list()
    lines: list[tuple[str, dict[str, Any]]] = []
    for campaign in campaigns[:FLOW_SCAN_CAMPAIGNS]:
        for flow in await client.campaigns.streams(campaign.id):
            share = next((o.share for o in flow.offers if o.offer_id == offer.id), None)
            if share is not None:
                lines.append(
                    (
                        "res-used-by",
                        {
                            "campaign": campaign.name,
                            "flow": flow.name or f"#{flow.id}",
                            "share": int(share or 0),
                        },
                    )
                )
    if not lines:
        lines.append(("res-used-by-none", {}))
    if len(campaigns) > FLOW_SCAN_CAMPAIGNS:
        lines.append(("res-used-by-partial", {"n": FLOW_SCAN_CAMPAIGNS}))
    return lines


async def _streams_deleted(client: KeitaroClient, parent: dict[str, Any], flt: str) -> list[Any]:
    items: list[Any] = []
    if flt != "archived":
        items = await client.campaigns.streams(parent["campaign_id"])
    if flt in ("archived", "all"):
        deleted = await client.streams.deleted()
        items += [s for s in deleted if s.campaign_id == parent["campaign_id"]]
    return items


async def _group(client: KeitaroClient, item_id: int, parent: dict[str, Any]) -> Any:
    """Groups have no ``GET /groups/{id}``: find the group in the lists of each type."""
    for kind in ("campaigns", "offers", "landings"):
        found = next((g for g in await client.groups.list(type=kind) if g.id == item_id), None)
        if found is not None:
            return found
    raise errors.NotFoundError("Group not found", http_status=404)


async def _groups(client: KeitaroClient, parent: dict[str, Any], flt: str) -> list[Any]:
    return list(await client.groups.list(type=flt))


async def _users(client: KeitaroClient, parent: dict[str, Any], flt: str) -> list[Any]:
    return list(await client.users.list())


RESOURCES: dict[str, ResourceSpec] = {
    spec.key: spec
    for spec in (
        ResourceSpec(
            key="campaigns",
            command="campaigns",
            fetch=_listed("campaigns.list", "deleted"),
            get=_get("campaigns"),
            create=_create("campaigns"),
            fields=(
                Field("alias", lambda c: c.alias),
                Field("type", lambda c: c.type, words=CAMPAIGN_TYPES),
                Field("cost", lambda c: _money(c.cost_value, c.cost_currency, c.cost_type)),
                Field("source", lambda c: c.traffic_source_id, ref="traffic_sources"),
                Field("group", lambda c: c.group_id, ref="campaign_groups"),
                Field("s2s", lambda c: len(c.postbacks) or None),
                Field("created", lambda c: c.created_at),
            ),
            links=(Link("flows", "streams", lambda c: {"campaign_id": c.id, "campaign": c.name}), S2S_LINK),
            actions=(
                *state_actions("campaigns"),
                rename("campaigns"),
                cost("campaigns"),
                clone("campaigns"),
                raw_update("campaigns"),
            ),
            traffic_field="campaign_id",
            card_extra=_campaign_extra,
        ),
        ResourceSpec(
            key="streams",
            command="flows",
            aliases=("streams",),
            needs_parent=("campaign_id",),
            fetch=_streams_deleted,
            get=_get("streams"),
            create=_create("streams"),
            fields=(
                Field("type", lambda s: s.type, words=FLOW_TYPES),
                Field("schema", lambda s: s.schema_, words=SCHEMAS),
                Field("action", lambda s: s.action_type, words=ACTION_TYPES),
                Field("weight", lambda s: s.weight),
                Field("position", lambda s: s.position),
                Field("offers", lambda s: _shares(s.offers, "offer_id"), ref="offers"),
                Field("landings", lambda s: _shares(s.landings, "landing_id"), ref="landing_pages"),
                Field("filters", lambda s: ", ".join(f.name or "?" for f in s.filters) if s.filters else ""),
            ),
            actions=(
                *state_actions("streams", guard_last_flow=True),
                rename("streams"),
                weight("streams"),
                shares("offers"),
                shares("landings"),
                raw_update("streams"),
            ),
            traffic_field="stream_id",
        ),
        ResourceSpec(
            key="offers",
            command="offers",
            fetch=_listed("offers.list"),
            get=_get("offers"),
            create=_create("offers"),
            card_extra=_offer_extra,
            actions=(
                rename("offers"),
                url("offers"),
                payout("offers"),
                network(),
                raw_update("offers"),
                clone("offers"),
                archive_for_good("offers"),
            ),
            filters=("active", "disabled", "all"),
            fields=(
                Field("payout", lambda o: _money(o.payout_value, o.payout_currency, o.payout_type)),
                Field("network", lambda o: o.affiliate_network_id, ref="affiliate_networks"),
                Field("country", lambda o: ", ".join(o.country)),
                Field("offer_type", lambda o: o.offer_type, words=PAGE_TYPES),
                Field("url", lambda o: o.url),
                Field("cap", lambda o: o.daily_cap if o.conversion_cap_enabled else None),
            ),
        ),
        ResourceSpec(
            key="landing_pages",
            command="landings",
            fetch=_listed("landing_pages.list"),
            get=_get("landing_pages"),
            create=_create("landing_pages"),
            actions=(
                rename("landing_pages"),
                url("landing_pages"),
                raw_update("landing_pages"),
                clone("landing_pages"),
                archive_for_good("landing_pages"),
            ),
            filters=("active", "disabled", "all"),
            fields=(
                Field("landing_type", lambda lp: lp.landing_type, words=PAGE_TYPES),
                Field("url", lambda lp: lp.url),
            ),
        ),
        ResourceSpec(
            key="affiliate_networks",
            command="networks",
            fetch=_listed("affiliate_networks.list"),
            get=_get("affiliate_networks"),
            create=_create("affiliate_networks"),
            actions=(
                rename("affiliate_networks"),
                postback_url("affiliate_networks"),
                raw_update("affiliate_networks"),
                clone("affiliate_networks"),
                archive_for_good("affiliate_networks"),
            ),
            filters=("all",),
            default_filter="all",
            fields=(
                Field("postback_url", lambda n: n.postback_url),
                Field("offers_count", lambda n: n.offers),
            ),
        ),
        ResourceSpec(
            key="traffic_sources",
            command="sources",
            fetch=_listed("traffic_sources.list"),
            get=_get("traffic_sources"),
            create=_create("traffic_sources"),
            actions=(
                rename("traffic_sources"),
                postback_url("traffic_sources"),
                statuses("traffic_sources"),
                raw_update("traffic_sources"),
                clone("traffic_sources"),
                archive_for_good("traffic_sources"),
            ),
            filters=("all",),
            default_filter="all",
            fields=(
                Field("postback_url", lambda t: t.postback_url),
                Field("statuses", lambda t: [str(s) for s in t.postback_statuses], words=S2S_STATUSES),
            ),
        ),
        ResourceSpec(
            key="domains",
            command="domains",
            fetch=_listed("domains.list", "deleted"),
            get=_get("domains"),
            create=_create("domains"),
            actions=(
                check_domain(),
                *state_actions("domains", only=("archive", "restore")),
                raw_update("domains"),
            ),
            filters=("active", "archived", "all"),
            fields=(
                Field("dns", lambda d: d.network_status, words=DNS_STATES),
                Field("ssl", lambda d: {True: "yes", False: "no"}.get(d.is_ssl), words=YES_NO),
                Field("default_campaign", lambda d: d.default_campaign_id, ref="campaigns"),
            ),
        ),
        ResourceSpec(
            key="groups",
            command="groups",
            fetch=_groups,
            get=_group,
            create=_create("groups"),
            actions=(rename("groups"), delete("groups")),
            filters=("campaigns", "offers", "landings"),
            default_filter="campaigns",
            filter_of=lambda g: str(g.type or "campaigns"),
        ),
        ResourceSpec(
            key="users",
            command="users",
            fetch=_users,
            get=_get("users"),
            create=_create("users"),
            label=lambda u: str(u.login),
            actions=(user_type(), delete("users")),
            filters=("all",),
            default_filter="all",
            fields=(
                Field("user_type", lambda u: u.type, words=USER_TYPES),
                Field("language", lambda u: u.preferences.language if u.preferences else None),
                Field("timezone", lambda u: u.preferences.timezone if u.preferences else None),
            ),
        ),
    )
}
RESOURCES[S2S.key] = S2S
