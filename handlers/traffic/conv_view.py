"""/conversions: the queries it sends and what its windows show (getters)."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from aiogram_dialog import DialogManager
from aiogram_i18n import I18nContext

from handlers.loading import load
from handlers.periods import PRESETS, Period, period_from, range_header, range_name
from handlers.traffic.common import (
    STATUSES,
    conversion_line,
    entity_choices,
    pages_of,
    remember_choices,
)
from handlers.ui import Html, app_of, dialog_tracker, esc, i18n_of, keitaro_sentence
from keitaro import errors as kerr
from keitaro.models.traffic import ReportResult
from keitaro.reports import Filter, LogQuery

__all__ = [
    "COLUMNS",
    "PAGE_SIZE",
    "conversion_filters",
    "filters_getter",
    "list_getter",
    "list_query",
    "pick_getter",
    "range_getter",
    "status_names",
]

PAGE_SIZE = 6  # four lines each: a page fits a phone (tests/e2e/test_screen_sizes.py)
COLUMNS: list[str] = [
    "conversion_id", "postback_datetime", "status", "previous_status", "revenue", "currency",
    "campaign_id", "campaign", "offer_id", "offer", "country_code", "country", "sub_id", "tid",
]  # fmt: skip
"""Every column the list shows, plus the ids (also the columns of the CSV file)."""
NEWEST_FIRST = [("postback_datetime", "DESC"), ("conversion_id", "DESC")]
TEXT_FILTERS = ("sub_id", "tid")


def conversion_filters(flt: dict[str, Any]) -> list[Filter]:
    """Keitaro filters of the chosen status, campaign, offer, sub_id and tid, and "was a sale" (all
    must match)."""
    out: list[Filter] = []
    if flt.get("status") in STATUSES:
        out.append(Filter.where("status", "EQUALS", flt["status"]))
    for name in ("campaign_id", "offer_id"):
        if flt.get(name) is not None:
            out.append(Filter.where(name, "EQUALS", int(flt[name])))
    for name in TEXT_FILTERS:
        if flt.get(name):
            out.append(Filter.where(name, "EQUALS", str(flt[name])))
    if flt.get("was_sale"):
        # a sale a later postback overwrote (sale → rejected) keeps "sale" in ``previous_status``
        # (API-NOTES §3.3): the deposits a status change hid from the "sale" filter
        out.append(Filter.where("previous_status", "EQUALS", "sale"))
    return out


def list_query(period: Period, flt: dict[str, Any], *, limit: int | None, offset: int = 0) -> LogQuery:
    """The conversions log of the period and filters, newest first (``limit=None``: all rows)."""
    return LogQuery(
        range=period.query_range,
        timezone=period.timezone,
        columns=COLUMNS,
        filters=conversion_filters(flt),
        sort=NEWEST_FIRST,
        limit=limit,
        offset=offset or None,
    )


def status_names(i18n: I18nContext) -> dict[str, str]:
    return {s: i18n.get("tr-status-" + s) for s in STATUSES}


def filters_summary(i18n: I18nContext, flt: dict[str, Any]) -> str:
    """``Status: sale · Campaign: FB US Nutra · sub_id: <code>…</code>`` (HTML), or empty."""
    parts = []
    if flt.get("status") in STATUSES:
        parts.append(i18n.get("cv-f-status", value=status_names(i18n)[flt["status"]]))
    for kind in ("campaign", "offer"):
        if flt.get(f"{kind}_id") is not None:
            parts.append(i18n.get(f"cv-f-{kind}", value=str(flt.get(kind) or f"#{flt[kind + '_id']}")))
    for name in TEXT_FILTERS:
        if flt.get(name):
            parts.append(i18n.get(f"cv-f-{name}", value=str(flt[name])))
    if flt.get("was_sale"):
        parts.append(i18n.get("cv-f-was_sale"))
    return " · ".join(parts)


def period_of(manager: DialogManager, timezone: str, now: datetime) -> Period:
    return period_from(manager.dialog_data.get("setup") or {}, timezone, now)


def loader_key(manager: DialogManager, tracker_id: int, *parts: Any) -> str:
    data = manager.dialog_data
    return f"conv:{tracker_id}:{data.get('stamp')}:{data.get('nonce', 0)}:" + json.dumps(
        parts, sort_keys=True, default=str
    )


async def list_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    manager, i18n = dialog_manager, i18n_of(dialog_manager)
    data = manager.dialog_data
    flt: dict[str, Any] = data.get("flt") or {}
    base: dict[str, Any] = {
        "body": "",
        "ready": False,
        "failed": False,
        "paged": False,
        "has_prev": False,
        "has_next": False,
        "page_label": "",
        "has_filters": bool(conversion_filters(flt)),
        "has_rows": False,
    }
    tracker = await dialog_tracker(manager)
    if tracker is None:
        return {**base, "body": Html(i18n.get("res-no-tracker"))}
    now = app_of(manager).clock()
    period = period_of(manager, tracker.timezone, now)
    head = [range_header(i18n, tracker.name, period)]
    summary = filters_summary(i18n, flt)
    if summary:
        head.append("🔎 " + summary)
    page = max(int(data.get("page") or 0), 0)
    query = list_query(period, flt, limit=PAGE_SIZE, offset=page * PAGE_SIZE)
    client = app_of(manager).clients.for_tracker(tracker)

    async def fetch() -> ReportResult:
        return ReportResult.model_validate(await client.conversions.log(json=query.to_json(now=now)))

    key = loader_key(manager, tracker.id, period.to_json(), flt, page)
    loaded = load(manager, key, fetch)
    if loaded is None:
        head.append(i18n.get("tr-loading"))
        return {**base, "body": Html("\n".join(head))}
    if loaded.error is not None:
        err_key, args = loaded.error
        head.append("⚠️ " + i18n.get(err_key, tracker=tracker.name, **args))
        return {**base, "body": Html("\n".join(head)), "failed": True}
    result: ReportResult = loaded.value
    rows = result.rows
    offset = page * PAGE_SIZE
    total = result.total if result.total is not None else offset + len(rows) + (len(rows) == PAGE_SIZE)
    pages = pages_of(total, PAGE_SIZE)
    data["pages"] = pages
    count_line = i18n.get("cv-count", count=total)
    if pages > 1:
        count_line += " · " + i18n.get("tr-page", page=page + 1, pages=pages)
    head.append(count_line)
    if not rows:
        if page > 0:
            head.append(i18n.get("tr-page-empty"))
        else:
            head.append(i18n.get("cv-empty-filtered" if summary else "cv-empty"))
    names = status_names(i18n)
    body = "\n".join(head)
    if rows:
        body += "\n\n" + "\n\n".join(
            conversion_line(row, names, with_date=not period.single_day, lang=str(i18n.locale))
            for row in rows
        )
    return {
        **base,
        "body": Html(body),
        "ready": True,
        "has_rows": bool(rows),
        "paged": pages > 1 or page > 0,
        "has_prev": page > 0,
        "has_next": page + 1 < pages,
        "page_label": f"{page + 1}/{pages}",
    }


async def range_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    i18n = i18n_of(dialog_manager)
    tracker = await dialog_tracker(dialog_manager)
    timezone = tracker.timezone if tracker else "UTC"
    period = period_of(dialog_manager, timezone, app_of(dialog_manager).clock())
    presets = [(("● " if key == period.key else "") + range_name(i18n, key), key) for key in PRESETS]
    return {
        "tracker": tracker.name if tracker else "",
        "current": f"{range_name(i18n, period.key)}: {period.dates_text()}",
        "tz": timezone,
        "presets": presets,
    }


async def filters_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    """Button labels are plain text (not HTML): names are joined in, never passed to Fluent."""
    i18n = i18n_of(dialog_manager)
    flt: dict[str, Any] = dialog_manager.dialog_data.get("flt") or {}
    tracker = await dialog_tracker(dialog_manager)
    names = status_names(i18n)
    anything = i18n.get("cv-any")

    def label(key: str, value: Any) -> str:
        return f"{i18n.get(key)}: {value if value not in (None, '') else anything}"

    summary = filters_summary(i18n, flt)
    return {
        "tracker": tracker.name if tracker else "",
        "summary": Html(summary or esc(i18n.get("cv-filters-none"))),
        "statuses": [(("● " if flt.get("status") == s else "") + names[s], s) for s in STATUSES],
        "campaign_btn": label("btn-cv-campaign", flt.get("campaign")),
        "offer_btn": label("btn-cv-offer", flt.get("offer")),
        "sub_id_btn": label("btn-cv-sub_id", flt.get("sub_id")),
        "tid_btn": label("btn-cv-tid", flt.get("tid")),
        "was_sale_btn": ("● " if flt.get("was_sale") else "") + i18n.get("btn-cv-was_sale"),
        "has_filters": bool(conversion_filters(flt)),
    }


async def pick_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    """The tracker's campaigns or offers to filter by (read each time the picker opens)."""
    i18n = i18n_of(dialog_manager)
    kind = "offer" if dialog_manager.dialog_data.get("pick") == "offer" else "campaign"
    tracker = await dialog_tracker(dialog_manager)
    base = {"tracker": tracker.name if tracker else "", "kind": kind, "items": [], "problem": ""}
    if tracker is None:
        return {**base, "problem": Html(i18n.get("res-no-tracker"))}
    try:
        choices = await entity_choices(app_of(dialog_manager).clients.for_tracker(tracker), kind)
    except kerr.KeitaroError as err:
        return {**base, "problem": keitaro_sentence(i18n, err, tracker.name)}
    remember_choices(dialog_manager, choices)
    problem = "" if choices else Html(i18n.get("cv-pick-empty"))
    return {**base, "items": choices, "problem": problem}


async def ask_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    flt: dict[str, Any] = dialog_manager.dialog_data.get("flt") or {}
    kind = "tid" if dialog_manager.dialog_data.get("ask") == "tid" else "sub_id"
    return {"kind": kind, "current": str(flt.get(kind) or ""), "has_value": bool(flt.get(kind))}
