"""Raw rows: ``POST /clicks/log``, ``POST /conversions/log``, ``POST /clicks/update_costs``,
``POST /clicks/clean`` and the labels of ``/report/labels``.

Logs take ``columns`` (unknown names fail the request: there is no ``payout`` column, the amount is
``revenue``), ``filters``, ``sort``, ``range`` and ``limit``/``offset`` ("either limit or range is a
must"), and answer ``{"rows", "total", "meta"}``. Clicks are dated by the click, conversions by the
postback. Cost updates and cleaning are applied at once (Keitaro schedules a job).
"""

from __future__ import annotations

from functools import partial
from typing import Any

from aiohttp import web

from tests.fakes.keitaro_emulator.common import Call, Route, error, ok
from tests.fakes.keitaro_emulator.traffic_data import RATES_TO_USD, traffic_labels
from tests.fakes.keitaro_emulator.traffic_query import (
    CLICK_COLUMNS,
    CONVERSION_COLUMNS,
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
from tests.fakes.keitaro_emulator.traffic_reports import by_click

__all__ = ["LABEL_REFS", "ROUTES"]

CLICK_DEFAULT = ["datetime", "sub_id", "campaign", "stream", "offer", "ip", "country", "is_bot"]
CONVERSION_DEFAULT = ["postback_datetime", "sub_id", "status", "revenue", "campaign", "offer", "tid"]
LABEL_REFS = frozenset(
    {"ip", "source", "ad_campaign_id", "creative_id", "keyword", "ad_campaign_idn"}
    | {f"sub_id_{n}" for n in range(1, 16)}
)
_MONEY = frozenset({"cost", "revenue", "profit"})


def _columns(body: dict[str, Any], known: frozenset[str], default: list[str]) -> list[str]:
    columns = body.get("columns")
    if columns in (None, []):
        return default
    if not isinstance(columns, list) or not all(isinstance(c, str) for c in columns):
        raise QueryError("columns must be an array of strings")
    for name in columns:
        if name not in known:
            raise QueryError(f'Unknown column "{name}"')
    return columns


def _conversion_value(ctx: Context, conv: dict[str, Any], click: dict[str, Any] | None, name: str) -> Any:
    if name in ("postback_datetime", "datetime"):
        return ctx.local(conv["_ts"]).strftime("%Y-%m-%d %H:%M:%S")
    if name == "click_datetime":
        return ctx.local(conv["_click_ts"]).strftime("%Y-%m-%d %H:%M:%S")
    if name == "sale_datetime":
        return ctx.local(conv["sale_ts"]).strftime("%Y-%m-%d %H:%M:%S") if conv.get("sale_ts") else ""
    if name == "sale_period":
        return int(conv["sale_ts"] - conv["_click_ts"]) if conv.get("sale_ts") else ""
    if name == "profit":
        return conv["revenue"] - conv.get("cost", 0.0)
    if name in conv:
        return conv[name]
    return ctx.click_value(click, name) if click is not None else ""


def _value(
    ctx: Context, item: dict[str, Any], click: dict[str, Any] | None, name: str, *, conversions: bool
) -> Any:
    if conversions:
        return _conversion_value(ctx, item, click, name)
    return ctx.click_value(item, name)


def _passes(
    ctx: Context,
    item: dict[str, Any],
    click: dict[str, Any] | None,
    flt: dict[str, Any],
    *,
    conversions: bool,
) -> bool:
    value = _value(ctx, item, click, flt["name"], conversions=conversions)
    label = partial(ctx.label_of, item["campaign_id"], flt["name"], value)
    return matches(value, flt["operator"], flt["expression"], label)


def _log(call: Call, *, conversions: bool) -> dict[str, Any]:
    body = call.json_object()
    if isinstance(body, web.Response):
        raise _Answer(body)
    known = CONVERSION_COLUMNS if conversions else CLICK_COLUMNS
    columns = _columns(body, known, CONVERSION_DEFAULT if conversions else CLICK_DEFAULT)
    if body.get("range") in (None, {}) and body.get("limit") in (None, ""):
        raise QueryError("Either limit or range must be set")
    filters = parse_filters(body.get("filters"), lambda n: n in known)
    sort = parse_sort(body.get("sort"))
    for name, _ in sort:
        if name not in known:
            raise QueryError(f'Unknown sort column "{name}"')
    start, end, tz = parse_range(body.get("range"), call.state.now())
    ctx = Context(call.state, tz, by_click(call.state.conversions))
    clicks = {c["click_id"]: c for c in call.state.clicks}
    wanted = list(dict.fromkeys([*columns, *(n for n, _ in sort)]))
    rows: list[dict[str, Any]] = []
    source = call.state.conversions if conversions else call.state.clicks
    for item in sorted(source, key=lambda r: r["_ts"], reverse=True):  # newest first unless sorted
        if not in_range(item["_ts"], start, end):
            continue
        click = clicks.get(item["click_id"]) if conversions else item
        if all(_passes(ctx, item, click, f, conversions=conversions) for f in filters):
            rows.append({name: _value(ctx, item, click, name, conversions=conversions) for name in wanted})
    sort_rows(rows, sort)
    total = len(rows)
    page = [
        {c: (f"{row[c]:.4f}" if c in _MONEY and isinstance(row[c], float) else row[c]) for c in columns}
        for row in paginate(rows, body)
    ]
    return {"rows": page, "total": total, "meta": {"execution_time": "0.01"}}


class _Answer(Exception):
    """Carries a ready answer out of the log builder."""

    def __init__(self, response: web.Response) -> None:
        self.response = response


async def clicks_log(call: Call) -> web.Response:
    try:
        return ok(_log(call, conversions=False))
    except QueryError as exc:
        return error(400, str(exc))
    except _Answer as answer:
        return answer.response


async def conversions_log(call: Call) -> web.Response:
    try:
        return ok(_log(call, conversions=True))
    except QueryError as exc:
        return error(400, str(exc))
    except _Answer as answer:
        return answer.response


# ---------------------------------------------------------------- costs and cleaning


def _missing(body: dict[str, Any], names: tuple[str, ...], prefix: str = "") -> dict[str, list[str]]:
    return {
        f"{prefix}{name}": [f"{name.replace('_', ' ').capitalize()} is required"]
        for name in names
        if body.get(name) in (None, "", [])
    }


def _period(call: Call, body: dict[str, Any], tz_name: Any) -> tuple[float | None, float | None]:
    start, end, _ = parse_range(
        {"from": body["start_date"], "to": body["end_date"], "timezone": tz_name}, call.state.now()
    )
    return start, end


def _apply_cost(
    call: Call, ids: list[int], item: dict[str, Any], body: dict[str, Any], *, only_uniques: bool
) -> None:
    """Spread the item's cost evenly over the matching clicks (item timezone/currency override the
    request's: the spec's payload schema lists them there too)."""
    tz_name = item.get("timezone") or body.get("timezone")
    rate = RATES_TO_USD[str(item.get("currency") or body.get("currency") or "USD").upper()]
    start, end = _period(call, item, tz_name)
    ctx = Context(call.state, parse_range({"timezone": tz_name}, call.state.now())[2])
    filters = item.get("filters") or {}
    chosen = [
        c
        for c in call.state.clicks
        if c["campaign_id"] in ids
        and in_range(c["_ts"], start, end)
        and (c["is_unique_campaign"] or not only_uniques)
        and all(
            str(ctx.click_value(c, k)) in [part.strip() for part in str(v).split(",")]
            for k, v in filters.items()
        )
    ]
    share = float(str(item["cost"]).replace(",", ".")) * rate / len(chosen) if chosen else 0.0
    for click in chosen:
        click["cost"] = share


async def update_costs(call: Call) -> web.Response:
    body = call.json_object()
    if isinstance(body, web.Response):
        return body
    problems = _missing(body, ("campaign_ids", "costs"))
    costs = body.get("costs") if isinstance(body.get("costs"), list) else []
    for number, raw_item in enumerate(costs):
        item = raw_item if isinstance(raw_item, dict) else {}
        problems |= _missing(item, ("start_date", "end_date", "cost"), prefix=f"costs.{number}.")
    ids = body.get("campaign_ids")
    if ids is not None and (not isinstance(ids, list) or not all(isinstance(i, int) for i in ids)):
        problems["campaign_ids"] = ["Campaign ids must be an array of integers"]
    if problems:
        return error(406, problems)
    unknown = [i for i in ids if i not in call.state.campaigns]
    if unknown:
        return error(404, f"Campaign {unknown[0]} not found")
    only_uniques = bool(int(body.get("only_campaign_uniques") or 0))
    for item in costs:
        currency = str(item.get("currency") or body.get("currency") or "USD").upper()
        if currency not in RATES_TO_USD:
            return error(406, {"currency": [f'Unknown currency "{currency}"']})
    try:
        for item in costs:
            _apply_cost(call, ids, item, body, only_uniques=only_uniques)
    except (QueryError, ValueError) as exc:
        return error(406, {"costs": [str(exc)]})
    return ok({"success": True})


async def clean(call: Call) -> web.Response:
    body = call.json_object()
    if isinstance(body, web.Response):
        return body
    problems = _missing(body, ("start_date", "end_date"))
    if problems:
        return error(406, problems)
    campaign_id = body.get("campaign_id")
    if campaign_id is not None and campaign_id not in call.state.campaigns:
        return error(404, "Campaign not found")
    try:
        start, end = _period(call, body, body.get("timezone"))
    except QueryError as exc:
        return error(406, {"start_date": [str(exc)]})

    def doomed(row: dict[str, Any], ts: float) -> bool:
        return in_range(ts, start, end) and (campaign_id is None or row["campaign_id"] == campaign_id)

    removed = {c["click_id"] for c in call.state.clicks if doomed(c, c["_ts"])}
    call.state.clicks = [c for c in call.state.clicks if c["click_id"] not in removed]
    call.state.conversions = [c for c in call.state.conversions if c["click_id"] not in removed]
    return ok({"success": True})


# ---------------------------------------------------------------- labels


async def get_labels(call: Call) -> web.Response:
    query = call.request.query
    missing = [n for n in ("campaign_id", "label_name", "ref_name") if not query.get(n)]
    if missing:
        return error(400, f"Parameter {missing[0]} is required")
    if not query["campaign_id"].isdigit():
        return error(400, "campaign_id must be an integer")
    campaign_id = int(query["campaign_id"])
    if campaign_id not in call.state.campaigns:
        return error(404, "Campaign not found")
    if query["ref_name"] not in LABEL_REFS:
        return error(400, f'Unknown ref_name "{query["ref_name"]}"')
    values = traffic_labels(call.state).get(campaign_id, {}).get(query["ref_name"], {})
    return ok({value: label for value, label in values.items() if label == query["label_name"]})


async def update_labels(call: Call) -> web.Response:
    body = call.json_object()
    if isinstance(body, web.Response):
        return body
    problems = _missing(body, ("campaign_id", "ref_name", "items"))
    if "ref_name" not in problems and body["ref_name"] not in LABEL_REFS:
        problems["ref_name"] = [f'Unknown ref_name "{body["ref_name"]}"']
    items = body.get("items")
    if "items" not in problems and not isinstance(items, dict):
        problems["items"] = ["Items must be an object of value: label"]
    elif isinstance(items, dict):
        bad = [v for v, label in items.items() if label not in ("whitelist", "blacklist", "", None)]
        if bad:
            problems["items"] = [f'Label of "{bad[0]}" must be whitelist or blacklist']
    if problems:
        return error(406, problems)
    campaign_id = body["campaign_id"]
    if not isinstance(campaign_id, int) or campaign_id not in call.state.campaigns:
        return error(404, "Campaign not found")
    labels = traffic_labels(call.state).setdefault(campaign_id, {}).setdefault(body["ref_name"], {})
    for value, label in items.items():
        if label in ("", None):
            labels.pop(str(value), None)
        else:
            labels[str(value)] = label
    return ok({"success": True})


ROUTES = [
    Route("POST", "/clicks/log", clicks_log),
    Route("POST", "/conversions/log", conversions_log),
    Route("POST", "/clicks/update_costs", update_costs),
    Route("POST", "/clicks/clean", clean, admin_only=True),
    Route("GET", "/report/labels", get_labels),
    Route("POST", "/report/labels", update_labels),
]
