"""/clicks: the queries (a click by its sub_id or a sub_id_N value, a campaign's latest clicks, a
click's conversions) and what the windows show (the card itself is in click_card)."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from aiogram_dialog import DialogManager
from aiogram_i18n import I18nContext

from handlers.loading import load
from handlers.periods import period_from, range_header
from handlers.traffic.click_card import CARD_CONVERSIONS, click_card, click_line
from handlers.traffic.common import MAX_SUB_ID, Lookup, entity_choices, pages_of, remember_choices
from handlers.ui import Html, app_of, dialog_tracker, i18n_of, keitaro_sentence
from keitaro import KeitaroClient
from keitaro import errors as kerr
from keitaro.models.traffic import ReportResult
from keitaro.reports import Filter, LogQuery, RangePreset

__all__ = [
    "CARD_COLUMNS",
    "LIST_PAGE",
    "ask_getter",
    "campaign_getter",
    "latest_getter",
    "result_getter",
]

LIST_PAGE = 10
OLD_SUB_IDS = 10
"""Trackers older than the 15-field versions know sub_id_1…10 only."""
CARD_COLUMNS: list[str] = [
    "datetime", "sub_id", "campaign_id", "campaign", "stream", "landing", "offer", "country",
    "country_code", "city", "ip", "device_type", "os", "os_version", "browser", "browser_version",
    "is_bot",
]  # fmt: skip
LATEST_COLUMNS = ["datetime", "sub_id", "country_code", "country", "device_type", "os"]
CLICK_CONVERSION_COLUMNS = [
    "conversion_id", "postback_datetime", "status", "previous_status", "revenue", "currency",
]  # fmt: skip
NEWEST_FIRST = [("datetime", "DESC")]


def sub_ids(count: int) -> list[str]:
    return [f"sub_id_{n}" for n in range(1, count + 1)]


async def _clicks_log(client: KeitaroClient, query: LogQuery, now: datetime) -> ReportResult:
    """The clicks log with every sub_id_1…15; a tracker that refuses the newer fields (400: the
    whole request fails on an unknown column) is asked again with sub_id_1…10. ``now``: the app's
    clock (it resolves the range)."""
    try:
        return ReportResult.model_validate(await client.clicks.log(json=query.to_json(now=now)))
    except kerr.BadRequestError:
        if not any(c.startswith("sub_id_") and int(c[7:]) > OLD_SUB_IDS for c in query.columns):
            raise
    older = [c for c in query.columns if not (c.startswith("sub_id_") and int(c[7:]) > OLD_SUB_IDS)]
    fallback = query.model_copy(update={"columns": older})
    return ReportResult.model_validate(await client.clicks.log(json=fallback.to_json(now=now)))


def lookup_query(lookup: Lookup, timezone: str, *, limit: int, offset: int = 0) -> LogQuery:
    """Clicks whose ``field`` equals the value, over all the time the tracker keeps, newest first."""
    return LogQuery(
        range=RangePreset.ALL_TIME,
        timezone=timezone,
        columns=[*CARD_COLUMNS, *sub_ids(MAX_SUB_ID)],
        filters=[Filter.where(lookup.field, "EQUALS", lookup.value)],
        sort=NEWEST_FIRST,
        limit=limit,
        offset=offset or None,
    )


async def click_conversions(
    client: KeitaroClient, sub_id: str, timezone: str, now: datetime
) -> dict[str, Any]:
    query = LogQuery(
        range=RangePreset.ALL_TIME,
        timezone=timezone,
        columns=CLICK_CONVERSION_COLUMNS,
        filters=[Filter.where("sub_id", "EQUALS", sub_id)],
        sort=[("postback_datetime", "DESC")],
        limit=CARD_CONVERSIONS,
    )
    result = ReportResult.model_validate(await client.conversions.log(json=query.to_json(now=now)))
    total = result.total if result.total is not None else len(result.rows)
    return {"rows": result.rows, "total": total}


async def find_clicks(
    client: KeitaroClient, lookup: Lookup, timezone: str, page: int, now: datetime
) -> dict[str, Any]:
    """A page of matching clicks; when exactly one matches, its conversions too (the card)."""
    query = lookup_query(lookup, timezone, limit=LIST_PAGE, offset=page * LIST_PAGE)
    result = await _clicks_log(client, query, now)
    rows = result.rows
    total = result.total if result.total is not None else len(rows)
    found: dict[str, Any] = {"rows": rows, "total": total, "conversions": None}
    if total == 1 and len(rows) == 1 and rows[0].get("sub_id"):
        found["conversions"] = await click_conversions(client, str(rows[0]["sub_id"]), timezone, now)
    return found


async def open_click(client: KeitaroClient, sub_id: str, timezone: str, now: datetime) -> dict[str, Any]:
    found = await find_clicks(client, Lookup("sub_id", sub_id), timezone, 0, now)
    if found["rows"] and found["conversions"] is None:  # an odd tracker with a repeated click ID
        found["conversions"] = await click_conversions(client, sub_id, timezone, now)
    return found


async def latest_clicks(
    client: KeitaroClient, campaign_id: int, setup: dict[str, Any], timezone: str, page: int, *, now: datetime
) -> ReportResult:
    period = period_from(setup, timezone, now)
    query = LogQuery(
        range=period.query_range,
        timezone=timezone,
        columns=LATEST_COLUMNS,
        filters=[Filter.where("campaign_id", "EQUALS", campaign_id)],
        sort=NEWEST_FIRST,
        limit=LIST_PAGE,
        offset=page * LIST_PAGE or None,
    )
    return ReportResult.model_validate(await client.clicks.log(json=query.to_json(now=now)))


# ---------------------------------------------------------------- getters


def loader_key(manager: DialogManager, tracker_id: int, *parts: Any) -> str:
    data = manager.dialog_data
    return f"clk:{tracker_id}:{data.get('stamp')}:{data.get('nonce', 0)}:" + json.dumps(
        parts, sort_keys=True, default=str
    )


def lookup_of(manager: DialogManager) -> Lookup | None:
    raw = manager.dialog_data.get("lookup")
    if not isinstance(raw, dict) or not raw.get("field") or raw.get("value") in (None, ""):
        return None
    return Lookup(str(raw["field"]), str(raw["value"]))


def field_name(i18n: I18nContext, field: str) -> str:
    """``sub_id`` (Keitaro's click ID) → «ID клика (subid)»; ``sub_id_3`` stays as it is."""
    return i18n.get("ck-field-click-id") if field == "sub_id" else field


async def ask_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    i18n, data = i18n_of(dialog_manager), dialog_manager.dialog_data
    tracker = await dialog_tracker(dialog_manager)
    field = str(data.get("field") or "sub_id")
    picking = bool(data.get("picking"))
    return {
        "tracker": tracker.name if tracker else "",
        "tz": tracker.timezone if tracker else "UTC",
        "field": field,
        "max": MAX_SUB_ID,
        "per_page": LIST_PAGE,
        "picking": picking,
        "asks_click_id": field == "sub_id" and not picking,
        "asks_field": field != "sub_id" and not picking,
        "click_id_btn": ("● " if field == "sub_id" and not picking else "") + i18n.get("btn-ck-click-id"),
        "sub_btn": ("● " if field != "sub_id" or picking else "") + i18n.get("btn-ck-sub", max=MAX_SUB_ID),
        "numbers": [(str(n), str(n)) for n in range(1, MAX_SUB_ID + 1)],
    }


def _nav(page: int, pages: int) -> dict[str, Any]:
    return {
        "paged": pages > 1 or page > 0,
        "has_prev": page > 0,
        "has_next": page + 1 < pages,
        "page_label": f"{page + 1}/{pages}",
    }


async def result_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    manager, i18n = dialog_manager, i18n_of(dialog_manager)
    data = manager.dialog_data
    base: dict[str, Any] = {
        "body": "",
        "items": [],
        "ready": False,
        "back_to_list": False,
        **_nav(0, 1),
        "paged": False,
    }
    tracker = await dialog_tracker(manager)
    if tracker is None:
        return {**base, "body": Html(i18n.get("res-no-tracker"))}
    client = app_of(manager).clients.for_tracker(tracker)
    tz, now = tracker.timezone, app_of(manager).clock()
    opened = data.get("open")
    lookup = lookup_of(manager)
    if opened:
        key = loader_key(manager, tracker.id, "card", opened)
        sub_id = str(opened)
        loaded = load(manager, key, lambda: open_click(client, sub_id, tz, now))
        searched = Lookup("sub_id", sub_id)
        page = 0
    elif lookup is not None:
        page = max(int(data.get("page") or 0), 0)
        key = loader_key(manager, tracker.id, "find", lookup.to_json(), page)
        wanted = lookup
        loaded = load(manager, key, lambda: find_clicks(client, wanted, tz, page, now))
        searched = lookup
    else:
        return {**base, "body": Html(i18n.get("ck-nothing"))}
    base["back_to_list"] = bool(opened) and data.get("back") in ("list", "latest")
    if loaded is None:
        text = i18n.get("ck-searching", field=field_name(i18n, searched.field), value=searched.value)
        return {**base, "body": Html(text)}
    if loaded.error is not None:
        err_key, args = loaded.error
        return {**base, "body": Html("⚠️ " + i18n.get(err_key, tracker=tracker.name, **args)), "ready": True}
    found: dict[str, Any] = loaded.value
    rows, total = found["rows"], int(found["total"])
    if not rows and page == 0:
        text = i18n.get(
            "ck-not-found", tracker=tracker.name, field=field_name(i18n, searched.field), value=searched.value
        )
        return {**base, "body": Html(text), "ready": True}
    if found.get("conversions") is not None and (opened or total == 1):
        card = click_card(i18n, rows[0], found["conversions"], tracker=tracker.name, timezone=tz)
        return {**base, "body": Html(card), "ready": True}
    pages = pages_of(total, LIST_PAGE)
    data["pages"] = pages
    data["shown"] = [str(r.get("sub_id") or "") for r in rows]
    head = [
        i18n.get(
            "ck-found",
            tracker=tracker.name,
            count=total,
            field=field_name(i18n, searched.field),
            value=searched.value,
        ),
        i18n.get("ck-tap", tz=tz),
    ]
    if pages > 1:
        head.append(i18n.get("tr-page", page=page + 1, pages=pages))
    if not rows:
        head.append(i18n.get("tr-page-empty"))
    items = [(click_line(r, with_date=True), str(i)) for i, r in enumerate(rows) if r.get("sub_id")]
    return {**base, "body": Html("\n".join(head)), "items": items, "ready": True, **_nav(page, pages)}


async def campaign_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    i18n = i18n_of(dialog_manager)
    tracker = await dialog_tracker(dialog_manager)
    base = {"tracker": tracker.name if tracker else "", "items": [], "problem": ""}
    if tracker is None:
        return {**base, "problem": Html(i18n.get("res-no-tracker"))}
    try:
        choices = await entity_choices(app_of(dialog_manager).clients.for_tracker(tracker), "campaign")
    except kerr.KeitaroError as err:
        return {**base, "problem": keitaro_sentence(i18n, err, tracker.name)}
    remember_choices(dialog_manager, choices)
    return {**base, "items": choices, "problem": "" if choices else Html(i18n.get("ck-pick-empty"))}


async def latest_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    manager, i18n = dialog_manager, i18n_of(dialog_manager)
    data = manager.dialog_data
    base: dict[str, Any] = {"body": "", "items": [], "can_widen": False, **_nav(0, 1), "paged": False}
    tracker = await dialog_tracker(manager)
    if tracker is None or data.get("campaign_id") is None:
        return {**base, "body": Html(i18n.get("res-no-tracker" if tracker is None else "ck-nothing"))}
    setup = {"range": str(data.get("latest_range") or "today")}
    now = app_of(manager).clock()
    period = period_from(setup, tracker.timezone, now)
    campaign_id, campaign = int(data["campaign_id"]), str(data.get("campaign") or "")
    page = max(int(data.get("lpage") or 0), 0)
    client = app_of(manager).clients.for_tracker(tracker)
    tz = tracker.timezone
    key = loader_key(manager, tracker.id, "latest", campaign_id, setup, page)
    loaded = load(manager, key, lambda: latest_clicks(client, campaign_id, setup, tz, page, now=now))
    head = [range_header(i18n, tracker.name, period)]
    if loaded is None:
        head.append(i18n.get("tr-loading"))
        return {**base, "body": Html("\n".join(head))}
    if loaded.error is not None:
        err_key, args = loaded.error
        head.append("⚠️ " + i18n.get(err_key, tracker=tracker.name, **args))
        return {**base, "body": Html("\n".join(head))}
    result: ReportResult = loaded.value
    rows = result.rows
    total = result.total if result.total is not None else len(rows)
    pages = pages_of(total, LIST_PAGE)
    data["lpages"] = pages
    data["shown"] = [str(r.get("sub_id") or "") for r in rows]
    head.append(i18n.get("ck-latest-head", campaign=campaign, count=total))
    if pages > 1:
        head.append(i18n.get("tr-page", page=page + 1, pages=pages))
    today = period.key == "today"
    if not rows:
        if page > 0:
            head.append(i18n.get("tr-page-empty"))
        else:
            head.append(i18n.get("ck-latest-empty-today" if today else "ck-latest-empty", campaign=campaign))
    elif rows:
        head.append(i18n.get("ck-tap", tz=tz))
    items = [
        (click_line(r, with_date=not period.single_day), str(i))
        for i, r in enumerate(rows)
        if r.get("sub_id")
    ]
    return {
        **base,
        "body": Html("\n".join(head)),
        "items": items,
        "can_widen": today and not rows and page == 0,
        **_nav(page, pages),
    }
