"""The report screen of /stats: which tracker and setup it shows, and its text (header, table page,
totals against the previous period) built from the loader's result."""

from __future__ import annotations

import math
import re
from datetime import datetime, time
from typing import Any

from aiogram_dialog import DialogManager
from aiogram_i18n import I18nContext

from handlers.loading import Loaded, load
from handlers.periods import Period, period_from, range_header, range_name
from handlers.reports import render
from handlers.reports.build import ReportData, fetch_report
from handlers.reports.catalog import METRICS, group_of
from handlers.reports.setup import TIME_SORT, normalize, setup_key, sort_choices
from handlers.ui import Html, app_of, esc, i18n_of, keitaro_error_key, user_id_of
from keitaro import errors as kerr
from services.access import Action
from storage import Tracker

__all__ = ["current_setup", "report_getter", "report_key", "stats_tracker"]


async def stats_tracker(manager: DialogManager) -> Tracker | None:
    """The tracker of the report (looked up with the user's own id on every use)."""
    tracker_id = manager.dialog_data.get("tracker_id")
    if tracker_id is None:
        return None
    return await app_of(manager).access.tracker(user_id_of(manager), int(tracker_id), Action.VIEW)


def current_setup(manager: DialogManager) -> dict[str, Any]:
    setup = normalize(manager.dialog_data.get("setup"))
    manager.dialog_data["setup"] = setup
    return setup


def report_key(setup: dict[str, Any], tracker: Tracker, period: Period) -> str:
    # the dates are part of the key: after midnight "today" is another day
    return setup_key(setup, tracker.id, extra=f"{period.dates_text()} {period.timezone}")


_UNKNOWN_FIELD = re.compile(
    r"(?:unknown|unsupported|not allowed|invalid)\b[^\"“]*[\"“]([^\"”]{1,60})[\"”]", re.I
)


def explain_error(err: kerr.KeitaroError) -> tuple[str, dict[str, str]] | None:
    """A tracker refusing a field name (an older or newer Keitaro than the bot expects): name the
    field and say what to change."""
    if err.http_status not in (400, 406, 422):
        return None
    match = _UNKNOWN_FIELD.search(err.message or "")
    if match is None:
        return None
    return "stats-err-field", {"field": match.group(1), "status": str(err.http_status)}


def error_text(i18n: I18nContext, err: kerr.KeitaroError, tracker: Tracker) -> str:
    key, args = explain_error(err) or keitaro_error_key(err)
    return "⚠️ " + i18n.get(key, tracker=tracker.name, **args)


def start_report(
    manager: DialogManager, tracker: Tracker, setup: dict[str, Any], now: datetime
) -> Loaded | None:
    """Load the report of ``setup`` as of ``now`` (the app's clock) in the background."""
    period = period_from(setup, tracker.timezone, now)
    client = app_of(manager).clients.for_tracker(tracker)

    async def fetch() -> ReportData:
        return await fetch_report(client, setup, tracker.timezone, now=now)

    return load(manager, report_key(setup, tracker, period), fetch, explain=explain_error)


def span_text(period: Period) -> str:
    """Dates for whole days, date and time when the range is cut (``… until 10:53``)."""
    res = period.resolved
    if res.start is None:
        return period.dates_text()
    if res.start.time() == time() and res.end.time() == time():
        return period.dates_text()
    return f"{res.start:%Y-%m-%d %H:%M} – {res.end:%Y-%m-%d %H:%M}"


def metric_names(i18n: I18nContext, *, short: bool) -> dict[str, str]:
    prefix = "stats-mh-" if short else "stats-m-"
    return {key: i18n.get(prefix + key) for key in METRICS}


def sort_name(i18n: I18nContext, setup: dict[str, Any]) -> str:
    if setup["sort"] == TIME_SORT:
        return i18n.get("stats-sort-time")
    return i18n.get("stats-m-" + setup["sort"]) + " ↓"


def group_name(i18n: I18nContext, key: str) -> str:
    if key.startswith("sub_id_"):
        return key
    return i18n.get("stats-g-" + key)


def group_title(i18n: I18nContext, key: str) -> str:
    """The table's first column header (a noun: "Campaign", "Кампания")."""
    if key.startswith("sub_id_"):
        return key
    return i18n.get("stats-col-" + key)


def filters_text(i18n: I18nContext, setup: dict[str, Any]) -> str:
    parts = []
    for field, items in setup.get("filters", {}).items():
        names = ", ".join(str(item["label"]) for item in items)
        parts.append(f"{i18n.get('stats-f-' + field)}: {names}")
    return "; ".join(parts)


def rows_per_page(i18n: I18nContext, setup: dict[str, Any], data: ReportData) -> int:
    return render.page_rows(
        data.rows, setup["metrics"], metric_names(i18n, short=True), data.totals, str(i18n.locale)
    )


def report_text(
    i18n: I18nContext, tracker: Tracker, setup: dict[str, Any], data: ReportData, page: int, *, per_page: int
) -> str:
    group = group_of(setup["group"])
    pages = max(1, math.ceil(len(data.rows) / per_page))
    page = min(max(page, 0), pages - 1)
    rows = data.rows[page * per_page : (page + 1) * per_page]
    lines = [
        range_header(i18n, tracker.name, data.period),
        i18n.get("stats-sub", group=group_name(i18n, setup["group"]), sort=sort_name(i18n, setup),
                 rows=data.total_rows),
    ]  # fmt: skip
    if setup.get("filters"):
        lines.append(i18n.get("stats-filters-line", filters=filters_text(i18n, setup)))
    if not data.rows:
        lines.append("")
        lines.append(i18n.get("stats-empty"))
    else:
        lines.append(
            render.table(
                rows, group, setup["metrics"], metric_names(i18n, short=True),
                group_title=group_title(i18n, setup["group"]), total_title=i18n.get("stats-total"),
                totals=data.totals, lang=str(i18n.locale),
            )
        )  # fmt: skip
        if pages > 1:
            lines.append(i18n.get("stats-page", page=page + 1, pages=pages))
    lines.append(i18n.get("stats-vs", span=span_text(data.previous)))
    lines.append(
        render.deltas_block(
            setup["metrics"], metric_names(i18n, short=True), data.totals, data.previous_totals,
            heads=(i18n.get("stats-now"), i18n.get("stats-before"), "Δ"), pp=i18n.get("stats-pp"),
            new=i18n.get("stats-new"), lang=str(i18n.locale),
        )
    )  # fmt: skip
    if data.truncated:
        lines.append(i18n.get("stats-truncated", shown=len(data.rows), total=data.total_rows))
    lines.append(
        i18n.get(
            "stats-built", at=data.built_at.astimezone(data.period.resolved.end.tzinfo).strftime("%H:%M:%S")
        )
    )
    return "\n".join(lines)


async def report_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    manager = dialog_manager
    i18n = i18n_of(manager)
    tracker = await stats_tracker(manager)
    base: dict[str, Any] = {"ready": False, "pager": False, "saved_count": 0}
    if tracker is None:
        return {**base, "text": Html(i18n.get("res-no-tracker")), "range_name": "", "group_name": "",
                "sort_name": ""}  # fmt: skip
    setup = current_setup(manager)
    now = app_of(manager).clock()
    period = period_from(setup, tracker.timezone, now)
    base.update(
        range_name=range_name(i18n, setup["range"]),
        group_name=group_name(i18n, setup["group"]),
        sort_name=sort_name(i18n, setup),
        filters_count=sum(len(v) for v in setup["filters"].values()),
        sortable=len(sort_choices(setup)) > 1,
    )
    notice = manager.dialog_data.pop("notice_text", None)
    prefix = (esc(notice) + "\n\n") if notice else ""
    entry = start_report(manager, tracker, setup, now)
    if entry is None:
        text = range_header(i18n, tracker.name, period) + "\n\n" + i18n.get("stats-loading")
        return {**base, "text": Html(prefix + text)}
    if not entry.ok:
        assert entry.error is not None
        key, args = entry.error
        text = (
            range_header(i18n, tracker.name, period) + "\n\n⚠️ " + i18n.get(key, tracker=tracker.name, **args)
        )
        return {**base, "text": Html(prefix + text), "failed": True}
    data: ReportData = entry.value
    per_page = rows_per_page(i18n, setup, data)  # once per render: it looks at every row
    pages = max(1, math.ceil(len(data.rows) / per_page))
    page = min(int(manager.dialog_data.get("page", 0)), pages - 1)
    manager.dialog_data["page"] = page
    return {
        **base,
        "ready": True,
        "text": Html(prefix + report_text(i18n, tracker, setup, data, page, per_page=per_page)),
        "pager": pages > 1,
        "page_label": f"{page + 1}/{pages}",
        "has_rows": bool(data.rows),
    }
