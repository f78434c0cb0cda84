"""``POST /report/build``: real aggregates over the seeded clicks and conversions.

Definitions (the emulator's; Keitaro's documentation names the metrics without formulas):
conversions = leads + sales + rejected (rebills counted apart); revenue = lead + sale + rebill
revenue (rejected excluded); sale_revenue includes rebills; cost = click costs + conversion costs;
profit = revenue − cost; rates are percentages. Conversions count in the bucket of their click
(day/hour of the click in the requested time zone).

Dialect: an emulator speaks ONE dialect (``KeitaroEmulator.report_dialect``: ``"grouping"`` for
``grouping``/``metrics``, ``"dimensions"`` for ``dimensions``/``measures``). Any other top-level
key — including the other dialect's names — fails the whole request with
400 ``{"error": "Unsupported parameter \\"dimensions\\""}``; unknown metric and column names fail
it too (``Unknown metric "x"`` / ``Unknown column "x"``). The notes say the whole request fails but
not with which status or wording: 400 and these texts are the emulator's assumption.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any, Protocol

from aiohttp import web

from tests.fakes.keitaro_emulator.common import Call, Route, error, ok
from tests.fakes.keitaro_emulator.state import keitaro_time
from tests.fakes.keitaro_emulator.traffic_query import (
    CLICK_COLUMNS,
    Context,
    QueryError,
    in_range,
    matches,
    paginate,
    parse_filters,
    parse_range,
    parse_sort,
    sort_rows,
)

__all__ = ["DIALECTS", "EMULATOR", "METRICS", "ROUTES", "by_click", "metric_values"]


class _Settings(Protocol):
    report_dialect: str


EMULATOR: web.AppKey[_Settings] = web.AppKey("keitaro_emulator.traffic", _Settings)  # type: ignore[type-abstract]
DIALECTS = {"grouping": ("grouping", "metrics"), "dimensions": ("dimensions", "measures")}
_COMMON_KEYS = frozenset({"range", "filters", "sort", "limit", "offset", "columns", "summary"})

_SUMS = (
    "clicks", "campaign_unique_clicks", "stream_unique_clicks", "global_unique_clicks", "bots",
    "proxies", "empty_referrers", "lp_clicks", "cost", "leads", "sales", "rejected", "rebills",
    "lead_revenue", "sale_revenue", "rejected_revenue",
)  # fmt: skip
METRICS = frozenset(
    {
        *_SUMS, "uc_campaign_rate", "uc_stream_rate", "uc_global_rate", "bot_share", "conversions",
        "approve", "lp_ctr", "landing_clicked_period", "cr", "crs", "crl", "roi", "roi_confirmed", "epc",
        "epc_confirmed", "cps", "cpa", "cpc", "ecpc", "ecpm", "ecpm_confirmed", "ec", "ec_confirmed",
        "profitability", "revenue", "profit", "profit_confirmed", "lp_views", "confirmed_revenue",
        "confirmed_profit",
    }
)  # fmt: skip
_MONEY = frozenset(
    {"cost", "revenue", "profit", "lead_revenue", "sale_revenue", "rejected_revenue", "profit_confirmed",
     "confirmed_revenue", "confirmed_profit", "epc", "epc_confirmed", "cps", "cpa", "cpc", "ecpc", "ecpm",
     "ecpm_confirmed", "ec", "ec_confirmed"}
)  # fmt: skip
_COUNTS = frozenset({*_SUMS} - {"cost", "lead_revenue", "sale_revenue", "rejected_revenue"}) | {
    "conversions",
    "lp_views",
}


def by_click(conversions: list[dict[str, Any]]) -> dict[int, list[dict[str, Any]]]:
    index: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for conv in conversions:
        index[conv["click_id"]].append(conv)
    return index


def _add_click(acc: dict[str, float], click: dict[str, Any], convs: list[dict[str, Any]]) -> None:
    acc["clicks"] += 1
    acc["campaign_unique_clicks"] += click["is_unique_campaign"]
    acc["stream_unique_clicks"] += click["is_unique_stream"]
    acc["global_unique_clicks"] += click.get("is_unique_global", 0)
    acc["bots"] += click["is_bot"]
    acc["proxies"] += click["is_using_proxy"]
    acc["empty_referrers"] += click.get("is_empty_referrer", 0)
    acc["lp_clicks"] += click.get("landing_clicked", 0)
    acc["cost"] += click["cost"]
    for conv in convs:
        status = conv["status"]
        acc["cost"] += conv.get("cost", 0.0)
        if status == "lead":
            acc["leads"] += 1
            acc["lead_revenue"] += conv["revenue"]
        elif status == "sale":
            acc["sales"] += 1
            acc["sale_revenue"] += conv["revenue"]
        elif status == "rejected":
            acc["rejected"] += 1
            acc["rejected_revenue"] += conv["revenue"]
        elif status == "rebill":
            acc["rebills"] += 1
            acc["sale_revenue"] += conv["revenue"]


def _ratio(a: float, b: float, scale: float = 1.0) -> float:
    return a / b * scale if b else 0.0


def metric_values(acc: dict[str, float]) -> dict[str, float]:
    """Every metric from the summed counters."""
    m = dict(acc)
    clicks, cost = acc["clicks"], acc["cost"]
    conversions = acc["leads"] + acc["sales"] + acc["rejected"]
    revenue = acc["lead_revenue"] + acc["sale_revenue"]
    confirmed = acc["sale_revenue"]
    m.update(
        conversions=conversions,
        revenue=revenue,
        profit=revenue - cost,
        profit_confirmed=confirmed - cost,
        confirmed_revenue=confirmed,
        confirmed_profit=confirmed - cost,
        uc_campaign_rate=_ratio(acc["campaign_unique_clicks"], clicks, 100),
        uc_stream_rate=_ratio(acc["stream_unique_clicks"], clicks, 100),
        uc_global_rate=_ratio(acc["global_unique_clicks"], clicks, 100),
        bot_share=_ratio(acc["bots"], clicks, 100),
        approve=_ratio(acc["sales"], conversions, 100),
        lp_views=acc["lp_clicks"],
        lp_ctr=_ratio(acc["lp_clicks"], clicks, 100),
        landing_clicked_period=0.0,
        cr=_ratio(conversions, clicks, 100),
        crs=_ratio(acc["sales"], clicks, 100),
        crl=_ratio(acc["leads"], clicks, 100),
        roi=_ratio(revenue - cost, cost, 100),
        roi_confirmed=_ratio(confirmed - cost, cost, 100),
        profitability=_ratio(revenue - cost, revenue, 100),
        epc=_ratio(revenue, clicks),
        epc_confirmed=_ratio(confirmed, clicks),
        cps=_ratio(cost, acc["sales"]),
        cpa=_ratio(cost, conversions),
        cpc=_ratio(cost, clicks),
        ecpc=_ratio(cost, clicks),
        ecpm=_ratio(revenue, clicks, 1000),
        ecpm_confirmed=_ratio(confirmed, clicks, 1000),
        ec=_ratio(cost, conversions),
        ec_confirmed=_ratio(cost, acc["sales"]),
    )
    return m


def _format(name: str, value: Any) -> Any:
    if name in _COUNTS:
        return int(value)
    if name in _MONEY:
        return f"{value:.2f}"  # Keitaro sends money as strings
    if isinstance(value, float):
        return round(value, 2)
    return value


def _names(body: dict[str, Any], key: str) -> list[str]:
    value = body.get(key)
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise QueryError(f"{key} must be an array of strings")
    return value


def build_report(call: Call, body: dict[str, Any], dialect: str) -> dict[str, Any]:
    group_key, metric_key = DIALECTS[dialect]
    for key in body:
        if key not in _COMMON_KEYS and key not in (group_key, metric_key):
            raise QueryError(f'Unsupported parameter "{key}"')
    grouping, metrics = _names(body, group_key), _names(body, metric_key)
    for name in grouping:
        if name not in CLICK_COLUMNS:
            raise QueryError(f'Unknown column "{name}"')
    for name in metrics:
        if name not in METRICS:
            raise QueryError(f'Unknown metric "{name}"')
    filters = parse_filters(body.get("filters"), lambda n: n in CLICK_COLUMNS or n in METRICS)
    sort = parse_sort(body.get("sort"))
    for name, _ in sort:
        if name not in grouping and name not in metrics:
            raise QueryError(f'Unknown sort column "{name}"')
    start, end, tz = parse_range(body.get("range"), call.state.now())
    ctx = Context(call.state, tz, by_click(call.state.conversions))
    row_filters = [f for f in filters if f["name"] not in METRICS]
    metric_filters = [f for f in filters if f["name"] in METRICS]
    groups: dict[tuple[Any, ...], dict[str, float]] = {}
    for click in call.state.clicks:
        if not in_range(click["_ts"], start, end):
            continue
        if not all(_passes(ctx, click, f) for f in row_filters):
            continue
        key = tuple(ctx.click_value(click, name) for name in grouping)
        acc = groups.get(key)
        if acc is None:
            acc = groups[key] = dict.fromkeys(_SUMS, 0.0)
        _add_click(acc, click, ctx.conversions_by_click.get(click["click_id"], []))
    if not grouping and not groups:
        groups[()] = dict.fromkeys(_SUMS, 0.0)
    rows = []
    for key, acc in groups.items():
        values = metric_values(acc)
        if not all(matches(values[f["name"]], f["operator"], f["expression"]) for f in metric_filters):
            continue
        row: dict[str, Any] = dict(zip(grouping, key, strict=True))
        row.update({name: values[name] for name in metrics})
        rows.append(row)
    sort_rows(rows, sort or [(name, False) for name in grouping])
    total = len(rows)
    page = [{k: _format(k, v) if k in metrics else v for k, v in row.items()} for row in paginate(rows, body)]
    meta = {"execution_time": "0.01", "datetime": keitaro_time(call.state.now())}
    return {"rows": page, "total": total, "meta": meta}


def _passes(ctx: Context, click: dict[str, Any], flt: dict[str, Any]) -> bool:
    value = ctx.click_value(click, flt["name"])
    return matches(
        value,
        flt["operator"],
        flt["expression"],
        lambda: ctx.label_of(click["campaign_id"], flt["name"], value),
    )


async def report_build(call: Call) -> web.Response:
    body = call.json_object()
    if isinstance(body, web.Response):
        return body
    dialect = call.request.app[EMULATOR].report_dialect
    try:
        return ok(build_report(call, body, dialect))
    except QueryError as exc:
        return error(400, str(exc))


ROUTES = [Route("POST", "/report/build", report_build)]
