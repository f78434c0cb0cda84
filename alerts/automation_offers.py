"""The "offer's share → 0" automatic write (issue 17): in every active flow of the maker's view that
sends traffic to the offer next to another offer, the offer's share becomes 0 and its part goes to
the other offers in proportion (the shares keep their sum). A flow where it is the only offer is
left alone (a flow with no offer to send to would lose its traffic). ``before`` is the undo data:
each changed flow's offer list as it was."""

from __future__ import annotations

import asyncio
from typing import Any

from keitaro import KeitaroClient

__all__ = ["Plan", "plan_share_zero", "redistribute", "restore", "write"]

Links = list[dict[str, Any]]
Plan = tuple[dict[str, Links], dict[str, Links]]  # (before, after) by flow id (text: a JSON key)


def redistribute(links: Links, offer_id: int) -> Links | None:
    """``links`` with ``offer_id``'s share at 0 and its part spread over the other active offers;
    None when there is nothing to change (no share, or no other offer to take it)."""
    mine = [x for x in links if x["offer_id"] == offer_id and x["share"] > 0]
    others = [x for x in links if x["offer_id"] != offer_id and x["share"] > 0 and x["state"] == "active"]
    if not mine or not others:
        return None
    freed = sum(x["share"] for x in mine)
    base = sum(x["share"] for x in others)
    out: Links = []
    for x in links:
        share = 0 if x["offer_id"] == offer_id else x["share"]
        if x in others:
            share = x["share"] + freed * x["share"] // base
        out.append({**x, "share": share})
    rest = freed + base - sum(x["share"] for x in out if x["offer_id"] != offer_id)
    biggest = max((x for x in out if x["offer_id"] != offer_id and x["share"] > 0), key=lambda x: x["share"])
    biggest["share"] += rest  # rounding: the shares keep their sum
    return out


async def plan_share_zero(client: KeitaroClient, offer_id: int) -> Plan:
    before: dict[str, Links] = {}
    after: dict[str, Links] = {}
    campaigns = [c for c in await client.campaigns.list() if c.is_active]
    flow_lists = await asyncio.gather(*(client.campaigns.streams(c.id) for c in campaigns))
    for flows in flow_lists:
        for flow in flows:
            if str(flow.state or "active") != "active":
                continue
            links = [
                {"offer_id": o.offer_id, "share": int(o.share or 0), "state": str(o.state or "active")}
                for o in flow.offers
            ]
            changed = redistribute(links, offer_id)
            if changed is not None:
                before[str(flow.id)], after[str(flow.id)] = links, changed
    return before, after


async def write(client: KeitaroClient, shares: dict[str, Links]) -> None:
    for flow_id, links in sorted(shares.items()):
        await client.streams.update(int(flow_id), json={"offers": links})


async def restore(client: KeitaroClient, before: dict[str, Any]) -> None:
    await write(client, {str(k): list(v) for k, v in before.items()})
