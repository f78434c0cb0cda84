"""What /costs asks of Keitaro: the cost (and revenue) already there per campaign and day, read
from a report by campaign and day in the tracker's time zone; and the writes, one ``POST
/campaigns/{id}/update_costs`` per entry (API-NOTES §2.1: ``start_date``/``end_date``
``"YYYY-MM-DD HH:MM"`` in ``timezone``, ``cost`` as a string, ``currency``). Knows no Telegram.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from handlers.costs.parse import Entry
from keitaro import KeitaroClient
from keitaro import errors as kerr
from keitaro.models.campaigns import CampaignCostsUpdate
from keitaro.reports import DateRange, Filter, ReportQuery, Sort
from services.scope import OutOfScopeError

__all__ = ["Money", "Outcome", "campaign_choices", "read_costs", "roi", "sums", "write_one"]

PAGE = 1000
MAX_PAGES = 50
Money = dict[tuple[int, str], tuple[float, float]]
"""(campaign id, ISO day) → (cost, revenue) in the tracker's currency."""


def _float(value: Any) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return 0.0


async def campaign_choices(client: KeitaroClient) -> list[tuple[int, str]]:
    """(id, name) of every campaign the person may see (a scoped buyer's view lists theirs)."""
    return [(int(c.id), str(c.name or "")) for c in await client.campaigns.list()]


async def read_costs(
    client: KeitaroClient, entries: Sequence[Entry], timezone: str, *, now: datetime
) -> Money:
    """Cost and revenue per campaign and day over the days the entries cover."""
    if not entries:
        return {}
    ids = sorted({e.campaign_id for e in entries})
    first, last = min(e.start for e in entries), max(e.end for e in entries)
    query = ReportQuery(
        range=DateRange(**{"from": first, "to": last}), timezone=timezone,
        dimensions=["campaign_id", "day"], measures=["cost", "revenue"],
        filters=[Filter.where("campaign_id", "IN_LIST", ids)],
        sort=[Sort(name="campaign_id", order="ASC"), Sort(name="day", order="ASC")],
    )  # fmt: skip
    found: Money = {}
    offset = 0
    for _ in range(MAX_PAGES):
        page = await client.reports.run(query.model_copy(update={"limit": PAGE, "offset": offset}), now=now)
        for row in page.rows:
            day = str(row.get("day") or "")[:10]
            campaign_id = int(_float(row.get("campaign_id")))
            found[(campaign_id, day)] = (_float(row.get("cost")), _float(row.get("revenue")))
        offset += len(page.rows)
        if not page.rows or (page.total is not None and offset >= page.total) or len(page.rows) < PAGE:
            break
    return found


def sums(money: Money, campaign_id: int, days: Sequence[date]) -> tuple[float, float]:
    """(cost, revenue) of a campaign over ``days``."""
    cost = revenue = 0.0
    for day in days:
        c, r = money.get((campaign_id, day.isoformat()), (0.0, 0.0))
        cost, revenue = cost + c, revenue + r
    return cost, revenue


def roi(cost: float, revenue: float) -> float | None:
    """(revenue − cost) / cost in percent, as Keitaro counts it; None without a cost."""
    return None if cost <= 0 else (revenue - cost) / cost * 100


@dataclass(frozen=True, slots=True)
class Outcome:
    entry: Entry
    error: tuple[str, dict[str, str]] | None = None  # locale key and arguments when it failed


async def write_one(client: KeitaroClient, entry: Entry, timezone: str) -> Outcome:
    """One ``update_costs``; a campaign outside a scoped buyer's campaigns (the scoped client
    answers "not found" or refuses) is said to be outside them."""
    body = CampaignCostsUpdate(
        start_date=f"{entry.start.isoformat()} 00:00", end_date=f"{entry.end.isoformat()} 23:59",
        timezone=timezone, cost=format(entry.cost, "f"), currency=entry.currency,
    )  # fmt: skip
    try:
        await client.campaigns.update_costs(entry.campaign_id, json=body)
    except (OutOfScopeError, kerr.NotFoundError):
        return Outcome(entry, ("costs-err-campaign-scope", {"id": str(entry.campaign_id)}))
    except kerr.ValidationError as err:
        fields = getattr(err, "fields", None) or {}
        text = "; ".join(f"{k}: {', '.join(map(str, v))}" for k, v in fields.items()) or err.message
        return Outcome(entry, ("costs-write-refused", {"reason": text[:200]}))
    except kerr.KeitaroError as err:
        return Outcome(entry, (f"kerr-{err.code}", {"status": str(err.http_status or "")}))
    return Outcome(entry)
