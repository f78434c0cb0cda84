"""/costs: a media buyer sends ad-network spend (a CSV file or one typed line); I check every row
first, list the rows with problems by line number, show what I will write per campaign and day
with the cost already there, write it on ✅ (``update_costs`` per row, each audited in the person's
name) and sum up with ROI before → after. Nothing is written without the ✅; with rows that have
problems, only the good ones and only when the person says so.
"""

from __future__ import annotations

import io
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from aiogram.enums import ContentType
from aiogram.filters import CommandObject
from aiogram.types import BufferedInputFile, CallbackQuery, Message
from aiogram_dialog import Dialog, DialogManager, ShowMode, StartMode, Window
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import Button, Cancel, Row
from aiogram_dialog.widgets.text import Format

from handlers.costs import parse, render
from handlers.costs.parse import Entry, FileError, Problem
from handlers.costs.tracker import Money, Outcome, campaign_choices, read_costs, write_one
from handlers.states import CostsSG
from handlers.ui import (
    ErrorLine,
    Html,
    T,
    active_tracker_or_say,
    app_of,
    clear_error,
    dialog_tracker,
    dialog_tracker_or_say,
    fallback_input,
    i18n_of,
    keitaro_error_key,
    set_error,
    toast,
    user_id_of,
)
from keitaro import errors as kerr
from services.access import Action
from storage import Tracker

__all__ = ["build_dialog", "cmd_costs"]


def _today(manager: DialogManager, tracker: Tracker) -> date:
    try:
        zone = ZoneInfo(tracker.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        zone = ZoneInfo("UTC")
    return app_of(manager).clock().astimezone(zone).date()


async def cmd_costs(message: Message, command: CommandObject, dialog_manager: DialogManager) -> None:
    app, i18n = app_of(dialog_manager), i18n_of(dialog_manager)
    tracker = await active_tracker_or_say(message, app, i18n, Action.WRITE)
    if tracker is None:
        return
    await dialog_manager.start(
        CostsSG.ask, data={"tracker_id": tracker.id}, mode=StartMode.RESET_STACK, show_mode=ShowMode.SEND
    )


async def on_start(start_data: Any, manager: DialogManager) -> None:
    if isinstance(start_data, dict):
        manager.dialog_data["tracker_id"] = start_data.get("tracker_id")


# ---------------------------------------------------------------- state kept in the dialog


def _entries(manager: DialogManager) -> list[Entry]:
    return [Entry.from_json(x) for x in manager.dialog_data.get("entries") or []]


def _problems(manager: DialogManager) -> list[Problem]:
    return [
        Problem(int(line), tuple((str(k), dict(a)) for k, a in reasons))
        for line, reasons in manager.dialog_data.get("problems") or []
    ]


def _money(raw: Any) -> Money:
    return {(int(c), str(d)): (float(x), float(y)) for c, d, x, y in raw or []}


def _money_json(money: Money) -> list[list[Any]]:
    return [[c, d, x, y] for (c, d), (x, y) in sorted(money.items())]


async def _tracker_or_say(manager: DialogManager, event: Message | CallbackQuery) -> Tracker | None:
    return await dialog_tracker_or_say(manager, event, Action.WRITE)


def _say_keitaro(manager: DialogManager, error: Exception, tracker: Tracker) -> None:
    key, args = keitaro_error_key(error)
    set_error(manager, key, tracker=tracker.name, **args)


# ---------------------------------------------------------------- the input


async def _read(message: Message, manager: DialogManager, today: date) -> parse.Parsed:
    document = message.document
    if document is not None:
        if (document.file_size or 0) > parse.MAX_BYTES:
            raise FileError("costs-err-file-big", mb=parse.MAX_BYTES // 1_000_000)
        assert message.bot is not None
        buffer = io.BytesIO()
        await message.bot.download(document, destination=buffer)
        return parse.parse_csv(buffer.getvalue(), today)
    text = message.text or ""
    if len([x for x in text.splitlines() if x.strip()]) > 1:  # a CSV pasted as text
        return parse.parse_csv(text.encode("utf-8"), today)
    return parse.parse_line(text, today)


async def on_input(message: Message, _w: Any, manager: DialogManager) -> None:
    tracker = await _tracker_or_say(manager, message)
    if tracker is None:
        return
    clear_error(manager)
    manager.show_mode = ShowMode.SEND
    try:
        parsed = await _read(message, manager, _today(manager, tracker))
    except FileError as err:
        set_error(manager, err.key, **err.args_)
        return
    try:
        campaigns = await campaign_choices(app_of(manager).clients.for_tracker(tracker))
    except kerr.KeitaroError as err:
        _say_keitaro(manager, err, tracker)
        return
    entries, problems = parse.resolve(parsed, campaigns, scoped=tracker.scope is not None)
    manager.dialog_data["entries"] = [e.to_json() for e in entries]
    manager.dialog_data["problems"] = [[p.line, [list(r) for r in p.reasons]] for p in problems]
    manager.dialog_data["page"] = 0
    manager.dialog_data.pop("written", None)
    if problems:
        await manager.switch_to(CostsSG.problems)
        if len(problems) > render.PROBLEMS_SHOWN:
            data = render.problems_csv(i18n_of(manager).get, problems)
            await message.answer_document(
                BufferedInputFile(data, filename="costs-problems.csv"),
                caption=i18n_of(manager).get("costs-problems-file", count=len(problems)),
            )
        return
    await _to_preview(manager, tracker)


async def _to_preview(manager: DialogManager, tracker: Tracker) -> None:
    app = app_of(manager)
    client = app.clients.for_tracker(tracker)
    try:
        money = await read_costs(client, _entries(manager), tracker.timezone, now=app.clock())
    except kerr.KeitaroError as err:
        _say_keitaro(manager, err, tracker)
        await manager.switch_to(CostsSG.ask)
        return
    manager.dialog_data["before"] = _money_json(money)
    await manager.switch_to(CostsSG.preview)


async def on_template(query: CallbackQuery, _w: Any, manager: DialogManager) -> None:
    tracker = await _tracker_or_say(manager, query)
    if tracker is None or not isinstance(query.message, Message):
        return
    await query.answer()
    data = render.template_csv(_today(manager, tracker))
    await query.message.answer_document(
        BufferedInputFile(data, filename="costs-template.csv"), caption=i18n_of(manager).get("costs-template")
    )
    manager.show_mode = ShowMode.SEND


async def on_good_only(query: CallbackQuery, _w: Any, manager: DialogManager) -> None:
    tracker = await _tracker_or_say(manager, query)
    if tracker is None:
        return
    manager.dialog_data["problems"] = []
    await _to_preview(manager, tracker)


async def on_again(query: CallbackQuery, _w: Any, manager: DialogManager) -> None:
    clear_error(manager)
    await manager.switch_to(CostsSG.ask)


async def on_page(query: CallbackQuery, widget: Button, manager: DialogManager) -> None:
    step = 1 if widget.widget_id == "next" else -1
    pages = render.page_count(len(manager.dialog_data.get("entries") or []))
    manager.dialog_data["page"] = min(max(0, int(manager.dialog_data.get("page", 0)) + step), pages - 1)


async def on_write(query: CallbackQuery, _w: Any, manager: DialogManager) -> None:
    tracker = await _tracker_or_say(manager, query)
    if tracker is None:
        return
    if manager.dialog_data.get("written"):
        await toast(query, i18n_of(manager).get("costs-already"), alert=True)
        return
    manager.dialog_data["written"] = True
    await toast(query, i18n_of(manager).get("costs-writing"))
    app, user_id = app_of(manager), user_id_of(manager)
    client = app.clients.for_tracker(tracker)
    entries = _entries(manager)
    outcomes = [await write_one(client, entry, tracker.timezone) for entry in entries]
    written = [o.entry for o in outcomes if o.error is None]
    try:
        after = await read_costs(client, written, tracker.timezone, now=app.clock())
    except kerr.KeitaroError:
        after = {}
    before = _money(manager.dialog_data.get("before"))
    for entry in written:
        await app.audit.record(
            user_id, "costs.update", tracker_id=tracker.id, campaign_id=entry.campaign_id,
            start=entry.start.isoformat(), end=entry.end.isoformat(), cost=str(entry.cost),
            currency=entry.currency, before=round(_sum(before, entry), 2), after=round(_sum(after, entry), 2),
        )  # fmt: skip
    manager.dialog_data["outcomes"] = [
        [o.entry.to_json(), list(o.error) if o.error else None] for o in outcomes
    ]
    manager.dialog_data["after"] = _money_json(after)
    await manager.switch_to(CostsSG.done)


def _sum(money: Money, entry: Entry) -> float:
    return sum(money.get((entry.campaign_id, d.isoformat()), (0.0, 0.0))[0] for d in entry.days())


# ---------------------------------------------------------------- getters


async def ask_getter(**_: Any) -> dict[str, Any]:
    return {"mb": parse.MAX_BYTES // 1_000_000, "rows": parse.MAX_ROWS}


async def problems_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    i18n = i18n_of(dialog_manager)
    problems = _problems(dialog_manager)
    good = len(dialog_manager.dialog_data.get("entries") or [])
    lines = render.problem_lines(i18n.get, problems)
    more = len(problems) - len(lines)
    if more > 0:
        lines.append(i18n.get("costs-problems-more", count=more))
    return {"count": len(problems), "good": good, "has_good": good > 0, "lines": Html("\n".join(lines))}


async def preview_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    i18n = i18n_of(dialog_manager)
    tracker = await dialog_tracker(dialog_manager, Action.WRITE)
    entries = _entries(dialog_manager)
    pages = render.page_count(len(entries))
    page = min(int(dialog_manager.dialog_data.get("page", 0)), pages - 1)
    money = _money(dialog_manager.dialog_data.get("before"))
    lines = render.preview_lines(i18n.get, entries, money, page, i18n.locale)
    return {
        "tracker": tracker.name if tracker else "",
        "tz": tracker.timezone if tracker else "",
        "count": len(entries),
        "lines": Html("\n".join(lines)),
        "page": page + 1,
        "pages": pages,
        "paged": pages > 1,
    }


async def done_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    i18n = i18n_of(dialog_manager)
    tracker = await dialog_tracker(dialog_manager, Action.VIEW)
    name = tracker.name if tracker else ""
    outcomes = [
        Outcome(Entry.from_json(e), (str(err[0]), dict(err[1])) if err else None)
        for e, err in dialog_manager.dialog_data.get("outcomes") or []
    ]
    before = _money(dialog_manager.dialog_data.get("before"))
    after = _money(dialog_manager.dialog_data.get("after"))
    lines = render.summary_lines(i18n.get, outcomes, before, after, lang=i18n.locale, tracker=name)
    ok = sum(1 for o in outcomes if o.error is None)
    return {"tracker": name, "count": ok, "lines": Html("\n".join(lines))}


# ---------------------------------------------------------------- the dialog


def build_dialog() -> Dialog:
    return Dialog(
        Window(
            ErrorLine(),
            T("costs-ask"),
            Button(T("costs-btn-template"), id="template", on_click=on_template),
            Cancel(T("btn-cancel")),
            MessageInput(on_input, content_types=[ContentType.TEXT, ContentType.DOCUMENT]),
            fallback_input(),
            state=CostsSG.ask,
            getter=ask_getter,
        ),
        Window(
            T("costs-problems-title"),
            Format("{lines}"),
            T("costs-problems-ask", when="has_good"),
            Button(T("costs-btn-good-only"), id="good_only", on_click=on_good_only, when="has_good"),
            Button(T("costs-btn-again"), id="again", on_click=on_again),
            Cancel(T("btn-cancel")),
            fallback_input(),
            state=CostsSG.problems,
            getter=problems_getter,
        ),
        Window(
            T("costs-preview-title"),
            Format("{lines}"),
            T("costs-page", when="paged"),
            Row(
                Button(T("costs-btn-prev"), id="prev", on_click=on_page, when="paged"),
                Button(T("costs-btn-next"), id="next", on_click=on_page, when="paged"),
            ),
            Button(T("costs-btn-write"), id="write", on_click=on_write),
            Cancel(T("btn-cancel")),
            fallback_input(),
            state=CostsSG.preview,
            getter=preview_getter,
        ),
        Window(
            T("costs-done-title"),
            Format("{lines}"),
            Cancel(T("btn-close")),
            fallback_input(),
            state=CostsSG.done,
            getter=done_getter,
        ),
        on_start=on_start,
    )
