"""What the /stats buttons do besides changing the setup: CSV file, chart, save and open saved
reports. Files are sent below the report with a "building…" line that is edited or removed."""

from __future__ import annotations

import asyncio
import logging
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from aiogram.types import BufferedInputFile, CallbackQuery, Message
from aiogram_dialog import DialogManager, ShowMode

from handlers.input import InputError, echo, item_int
from handlers.loading import forget, wait
from handlers.periods import Period, period_from, range_header
from handlers.reports import render
from handlers.reports.build import CHART_METRICS, MAX_CSV_ROWS, fetch_all_rows, fetch_chart
from handlers.reports.catalog import group_of
from handlers.reports.chart import Panel, render_png
from handlers.reports.setup import normalize
from handlers.reports.view import (
    current_setup,
    error_text,
    metric_names,
    report_key,
    stats_tracker,
)
from handlers.states import StatsSG
from handlers.ui import app_of, clear_error, i18n_of, refused, set_error, toast, user_id_of
from keitaro import errors as kerr
from services.access import Action
from storage import DuplicateReportName, TooManyReports, Tracker

log = logging.getLogger(__name__)

NAME_MAX = 40
_FILE_SAFE = re.compile(r"[^A-Za-z0-9._-]+")


def file_part(text: str) -> str:
    return _FILE_SAFE.sub("-", text).strip("-")[:40] or "tracker"


async def _tracker_or_toast(query: CallbackQuery, manager: DialogManager) -> Tracker | None:
    tracker = await stats_tracker(manager)
    if tracker is None:
        await toast(query, refused(i18n_of(manager)), alert=True)
    return tracker


async def _progress(query: CallbackQuery, text: str) -> Message | None:
    if not isinstance(query.message, Message):
        return None
    return await query.message.answer(text)


async def _fail(progress: Message | None, text: str) -> None:
    if progress is not None:
        await progress.edit_text(text)


@dataclass
class _Job:
    """What a file action works on: the tracker, the setup and its period as of ``now`` (the app's
    clock), the progress line."""

    tracker: Tracker
    setup: dict[str, Any]
    period: Period
    progress: Message | None
    now: datetime


async def _begin(query: CallbackQuery, manager: DialogManager, building_key: str) -> _Job | None:
    tracker = await _tracker_or_toast(query, manager)
    if tracker is None:
        return None
    await toast(query)
    setup = current_setup(manager)
    progress = await _progress(query, i18n_of(manager).get(building_key))
    now = app_of(manager).clock()
    return _Job(tracker, setup, period_from(setup, tracker.timezone, now), progress, now)


async def on_csv(query: CallbackQuery, _w: Any, manager: DialogManager) -> None:
    i18n = i18n_of(manager)
    job = await _begin(query, manager, "stats-csv-building")
    if job is None:
        return
    tracker, setup, period, progress = job.tracker, job.setup, job.period, job.progress
    cached = await wait(user_id_of(manager), report_key(setup, tracker, period))
    try:
        if cached is not None and cached.ok and not cached.value.truncated:
            rows, total = cached.value.rows, cached.value.total_rows
        else:
            client = app_of(manager).clients.for_tracker(tracker)
            rows, total = await fetch_all_rows(client, setup, tracker.timezone, now=job.now)
    except kerr.KeitaroError as err:
        await _fail(progress, error_text(i18n, err, tracker))
        return
    content = render.csv_bytes(rows, group_of(setup["group"]), setup["metrics"])
    first, last = period.resolved.first_day, period.resolved.last_day
    name = f"stats-{file_part(tracker.name)}-{setup['group']}-{first}_{last}.csv"
    caption = range_header(i18n, tracker.name, period) + "\n" + i18n.get("stats-csv-caption", rows=len(rows))
    if total > len(rows):
        caption += "\n" + i18n.get("stats-csv-capped", shown=len(rows), total=total, max=MAX_CSV_ROWS)
    if isinstance(query.message, Message):
        await query.message.answer_document(BufferedInputFile(content, filename=name), caption=caption)
    if progress is not None:
        await progress.delete()
    manager.show_mode = ShowMode.DELETE_AND_SEND


async def on_chart(query: CallbackQuery, _w: Any, manager: DialogManager) -> None:
    i18n = i18n_of(manager)
    job = await _begin(query, manager, "stats-chart-building")
    if job is None:
        return
    tracker, setup, period, progress = job.tracker, job.setup, job.period, job.progress
    try:
        client = app_of(manager).clients.for_tracker(tracker)
        data = await fetch_chart(client, setup, tracker.timezone, now=job.now)
    except kerr.KeitaroError as err:
        await _fail(progress, error_text(i18n, err, tracker))
        return
    names = metric_names(i18n, short=False)
    panels = [Panel(names[m], data.series[m]) for m in CHART_METRICS]
    if data.hourly:
        title = f"{tracker.name} · {data.days[0].isoformat()} ({tracker.timezone}) — " + i18n.get(
            "stats-chart-hourly"
        )
    else:
        title = f"{tracker.name} · {period.dates_text()} ({tracker.timezone})"
    png = await asyncio.to_thread(render_png, title, data.x, panels, bars=not data.hourly)
    caption = range_header(i18n, tracker.name, period) + "\n" + (
        i18n.get("stats-chart-caption-hourly", day=data.days[0].isoformat(), before=data.days[1].isoformat(),
                 week=data.days[2].isoformat())
        if data.hourly
        else i18n.get("stats-chart-caption-daily")
    )  # fmt: skip
    if isinstance(query.message, Message):
        await query.message.answer_photo(BufferedInputFile(png, filename="chart.png"), caption=caption)
    if progress is not None:
        await progress.delete()
    manager.show_mode = ShowMode.DELETE_AND_SEND


async def on_refresh(query: CallbackQuery, _w: Any, manager: DialogManager) -> None:
    tracker = await _tracker_or_toast(query, manager)
    if tracker is None:
        return
    setup = current_setup(manager)
    period = period_from(setup, tracker.timezone, app_of(manager).clock())
    forget(user_id_of(manager), report_key(setup, tracker, period))
    await toast(query, i18n_of(manager).get("res-refreshed"))


# ------------------------------------------------------------------ saved reports


def clean_report_name(raw: str) -> str:
    name = " ".join(raw.split())
    if not name:
        raise InputError("stats-save-err-empty")
    if len(name) > NAME_MAX:
        raise InputError("stats-save-err-long", max=NAME_MAX, length=len(name))
    if name.startswith("/"):
        raise InputError("stats-save-err-slash")
    return name


async def _save(manager: DialogManager, name: str, *, replace: bool) -> None:
    setup = dict(current_setup(manager))
    setup["tracker_id"] = manager.dialog_data.get("tracker_id")
    saved = await app_of(manager).saved_reports.save(user_id_of(manager), name, setup, replace=replace)
    manager.dialog_data["notice_text"] = i18n_of(manager).get("stats-saved", name=saved.name)
    manager.dialog_data.pop("pending_name", None)
    clear_error(manager)
    await manager.switch_to(StatsSG.report)


async def on_save_name(message: Message, _w: Any, manager: DialogManager, raw: str) -> None:
    manager.show_mode = ShowMode.SEND
    try:
        name = clean_report_name(raw)
    except InputError as err:
        set_error(manager, err.key, **err.args_)
        return
    try:
        await _save(manager, name, replace=False)
    except DuplicateReportName:
        manager.dialog_data["pending_name"] = name
        set_error(manager, "stats-save-exists", name=echo(name))
    except TooManyReports:
        set_error(manager, "stats-save-too-many")


async def on_save_replace(query: CallbackQuery, _w: Any, manager: DialogManager) -> None:
    name = manager.dialog_data.get("pending_name")
    if not name:
        await toast(query)
        return
    await _save(manager, str(name), replace=True)


async def saved_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    reports = await app_of(dialog_manager).saved_reports.list(user_id_of(dialog_manager))
    deleting = bool(dialog_manager.dialog_data.get("deleting"))
    mark = "🗑 " if deleting else "📄 "
    return {
        "items": [(mark + r.name, str(r.id)) for r in reports],
        "has_items": bool(reports),
        "deleting": deleting,
        "count": len(reports),
    }


async def on_saved_pick(query: CallbackQuery, _w: Any, manager: DialogManager, item_id: str) -> None:
    app, owner, i18n = app_of(manager), user_id_of(manager), i18n_of(manager)
    report = await app.saved_reports.get(owner, item_int(item_id))
    if report is None:
        await toast(query, i18n.get("stats-saved-gone"), alert=True)
        return
    if manager.dialog_data.get("deleting"):
        await app.saved_reports.delete(owner, report.id)
        await toast(query, i18n.get("stats-saved-deleted", name=report.name))
        return
    await toast(query)
    await open_saved(manager, report.setup)


async def open_saved(manager: DialogManager, setup: dict[str, Any]) -> None:
    """Show a saved setup: on its own tracker when the user still has it, else on the active one."""
    app, owner = app_of(manager), user_id_of(manager)
    tracker_id = setup.get("tracker_id")
    tracker = None
    if isinstance(tracker_id, int):
        tracker = await app.access.tracker(owner, tracker_id, Action.VIEW)
    if tracker is None:
        tracker = await app.access.active(owner, Action.VIEW)
    if tracker is not None:
        manager.dialog_data["tracker_id"] = tracker.id
    prefs = await app.users.prefs(owner)
    manager.dialog_data["setup"] = normalize(setup, default_metrics=prefs.get("stats_metrics"))
    manager.dialog_data["page"] = 0
    manager.dialog_data.pop("deleting", None)
    await manager.switch_to(StatsSG.report)


async def on_toggle_delete(query: CallbackQuery, _w: Any, manager: DialogManager) -> None:
    manager.dialog_data["deleting"] = not manager.dialog_data.get("deleting")
