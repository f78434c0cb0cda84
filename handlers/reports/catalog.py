"""What /stats can group by and measure: short declarations, Keitaro names, display formats."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

__all__ = [
    "DEFAULT_METRICS",
    "GROUPS",
    "MAX_SUB_ID",
    "METRICS",
    "TIME_GROUPS",
    "Group",
    "Metric",
    "group_of",
]

MAX_SUB_ID = 15


@dataclass(frozen=True, slots=True)
class Group:
    """A "group by" choice: the Keitaro dimensions it asks for and how a row is labelled."""

    key: str
    dimensions: tuple[str, ...]
    label: Callable[[dict[str, Any]], str]


def _named(id_field: str, name_field: str) -> Callable[[dict[str, Any]], str]:
    def label(row: dict[str, Any]) -> str:
        name = str(row.get(name_field) or "").strip()
        ident = row.get(id_field)
        return name or (f"#{ident}" if ident not in (None, "", 0) else "—")

    return label


def _plain(field: str) -> Callable[[dict[str, Any]], str]:
    def label(row: dict[str, Any]) -> str:
        value = row.get(field)
        return "—" if value in (None, "") else str(value)

    return label


def _country(row: dict[str, Any]) -> str:
    code = str(row.get("country_code") or "").strip()
    name = str(row.get("country") or "").strip()
    return f"{code} {name}".strip() or "—"


def _hour(row: dict[str, Any]) -> str:
    value = row.get("hour")
    try:
        return f"{int(str(value)):02d}:00"
    except (TypeError, ValueError):
        return "—"


GROUPS: dict[str, Group] = {
    g.key: g
    for g in (
        Group("campaign", ("campaign_id", "campaign"), _named("campaign_id", "campaign")),
        Group("offer", ("offer_id", "offer"), _named("offer_id", "offer")),
        Group("flow", ("stream_id", "stream"), _named("stream_id", "stream")),
        Group("landing", ("landing_id", "landing"), _named("landing_id", "landing")),
        Group("country", ("country_code", "country"), _country),
        Group("source", ("ts_id", "ts"), _named("ts_id", "ts")),
        Group("network", ("affiliate_network_id", "affiliate_network"),
              _named("affiliate_network_id", "affiliate_network")),
        Group("day", ("day",), _plain("day")),
        Group("hour", ("hour",), _hour),
        *(Group(f"sub_id_{n}", (f"sub_id_{n}",), _plain(f"sub_id_{n}")) for n in range(1, MAX_SUB_ID + 1)),
    )
}  # fmt: skip
TIME_GROUPS = frozenset({"day", "hour"})


def group_of(key: str) -> Group:
    return GROUPS.get(key) or GROUPS["campaign"]


@dataclass(frozen=True, slots=True)
class Metric:
    """A measure: the Keitaro name and the display kind (``int``, ``money``, ``pct``, ``rate``)."""

    key: str
    api: str
    kind: str


METRICS: dict[str, Metric] = {
    m.key: m
    for m in (
        Metric("clicks", "clicks", "int"),
        Metric("uniques", "campaign_unique_clicks", "int"),
        Metric("conversions", "conversions", "int"),
        Metric("leads", "leads", "int"),
        Metric("sales", "sales", "int"),
        Metric("rejected", "rejected", "int"),
        Metric("revenue", "revenue", "money"),
        Metric("cost", "cost", "money"),
        Metric("profit", "profit", "money"),
        Metric("roi", "roi", "pct"),
        Metric("cr", "cr", "pct"),
        Metric("epc", "epc", "rate"),
    )
}
DEFAULT_METRICS: tuple[str, ...] = ("clicks", "conversions", "revenue", "profit", "roi")
