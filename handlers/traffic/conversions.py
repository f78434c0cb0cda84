"""/conversions: the tracker's latest conversions for a range, newest first, paged, filterable by
status, campaign, offer, sub_id, tid and "was a sale" (a sale a later postback overwrote: the list
shows its chain, «sale → rejected»), with a CSV file of every row.

The list is read in the background (handlers.loading): the message says "building…" and is
edited into the page. Each page is one ``/conversions/log`` call with ``limit``/``offset``; the
count and the number of pages come from the log's ``total``. Times are the tracker's time zone.
"""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from aiogram import Bot
from aiogram.filters import CommandObject
from aiogram.types import CallbackQuery, Message
from aiogram_dialog import Dialog, DialogManager, ShowMode, StartMode, Window
from aiogram_dialog.widgets.input import TextInput
from aiogram_dialog.widgets.kbd import Button, Cancel, Group, Row, ScrollingGroup, SwitchTo
from aiogram_dialog.widgets.text import Const, Format
from aiogram_i18n import I18nContext

from handlers.context import AppContext
from handlers.input import InputError, item_int
from handlers.periods import PRESETS, parse_custom_range
from handlers.states import ConversionsSG
from handlers.traffic import csvfile
from handlers.traffic.common import STATUSES, chosen_label, clean_value, new_stamp
from handlers.traffic.conv_view import (
    COLUMNS,
    TEXT_FILTERS,
    ask_getter,
    filters_getter,
    list_getter,
    list_query,
    period_of,
    pick_getter,
    range_getter,
)
from handlers.ui import (
    ErrorLine,
    T,
    active_tracker_or_say,
    app_of,
    clear_error,
    dialog_tracker,
    fallback_input,
    i18n_of,
    pick,
    set_error,
    toast,
    user_id_of,
)

__all__ = ["CSV_CAP", "build_dialog", "cmd_conversions"]

CSV_CAP = 50_000
EXPORT_PAGE = 500


async def cmd_conversions(
    message: Message,
    command: CommandObject,
    dialog_manager: DialogManager,
    app: AppContext,
    i18n: I18nContext,
) -> None:
    tracker = await active_tracker_or_say(message, app, i18n)
    if tracker is None:
        return
    await dialog_manager.start(
        ConversionsSG.list,
        data={"tracker_id": tracker.id},
        mode=StartMode.RESET_STACK,
        show_mode=ShowMode.SEND,
    )


async def on_start(start_data: Any, manager: DialogManager) -> None:
    data = start_data if isinstance(start_data, dict) else {}
    manager.dialog_data.update(
        tracker_id=data.get("tracker_id"),
        setup={"range": "today"},
        flt={},
        page=0,
        stamp=new_stamp(),
        nonce=0,
    )


def _filters(manager: DialogManager) -> dict[str, Any]:
    flt: dict[str, Any] = manager.dialog_data.setdefault("flt", {})
    return flt


def _changed(manager: DialogManager) -> None:
    """Range or filters changed: back to the first page."""
    manager.dialog_data["page"] = 0


# --- the list ------------------------------------------------------------------------------------
async def on_prev(query: CallbackQuery, _w: Any, manager: DialogManager) -> None:
    manager.dialog_data["page"] = max(int(manager.dialog_data.get("page") or 0) - 1, 0)


async def on_next(query: CallbackQuery, _w: Any, manager: DialogManager) -> None:
    page = int(manager.dialog_data.get("page") or 0)
    if page + 1 < int(manager.dialog_data.get("pages") or 1):
        manager.dialog_data["page"] = page + 1


async def on_refresh(query: CallbackQuery, _w: Any, manager: DialogManager) -> None:
    manager.dialog_data["nonce"] = int(manager.dialog_data.get("nonce") or 0) + 1
    await toast(query, i18n_of(manager).get("tr-refreshed"))


async def on_clear(query: CallbackQuery, _w: Any, manager: DialogManager) -> None:
    manager.dialog_data["flt"] = {}
    _changed(manager)


async def on_csv(query: CallbackQuery, _w: Any, manager: DialogManager) -> None:
    """Every row of the range and filters as a file, built in the background."""
    i18n = i18n_of(manager)
    tracker = await dialog_tracker(manager)
    if tracker is None or query.message is None:
        await toast(query, i18n.get("res-no-tracker"), alert=True)
        return
    owner = user_id_of(manager)
    if csvfile.busy(owner):
        await toast(query, i18n.get("cv-csv-busy"))
        return
    await toast(query)
    now = app_of(manager).clock()
    period = period_of(manager, tracker.timezone, now)
    dates = period.dates_text()
    bot: Bot = manager.middleware_data["bot"]
    chat_id = query.message.chat.id
    status = await bot.send_message(
        chat_id, i18n.get("cv-csv-building", tracker=tracker.name, dates=dates, tz=tracker.timezone)
    )
    client = app_of(manager).clients.for_tracker(tracker)
    export = list_query(period, dict(_filters(manager)), limit=None)

    async def fetch() -> tuple[list[dict[str, Any]], bool]:
        rows = client.conversions.iter_log(export, page_size=EXPORT_PAGE, max_rows=CSV_CAP + 1, now=now)
        return await csvfile.collect(rows, cap=CSV_CAP)

    first = period.resolved.first_day
    csvfile.run_export(
        bot=bot,
        chat_id=chat_id,
        user_id=owner,
        status_message_id=status.message_id,
        fetch=fetch,
        columns=COLUMNS,
        file_name=csvfile.csv_name(
            "conversions",
            tracker.name,
            first.isoformat() if first else "",
            period.resolved.last_day.isoformat(),
        ),
        texts=lambda key, args: i18n.get(key, **args),
        tracker=tracker.name,
        caption=("cv-csv-caption", {"tracker": tracker.name, "dates": dates, "tz": tracker.timezone}),
        cap=CSV_CAP,
    )


# --- range ---------------------------------------------------------------------------------------
async def on_preset(query: CallbackQuery, _w: Any, manager: DialogManager, key: str) -> None:
    if key not in PRESETS:
        await toast(query)
        return
    manager.dialog_data["setup"] = {"range": key}
    clear_error(manager)
    _changed(manager)
    await manager.switch_to(ConversionsSG.list)


async def on_custom(message: Message, _w: Any, manager: DialogManager, raw: str) -> None:
    tracker = await dialog_tracker(manager)
    timezone = tracker.timezone if tracker else "UTC"
    today = app_of(manager).clock().astimezone(ZoneInfo(timezone)).date()
    try:
        first, last = parse_custom_range(raw, today)
    except InputError as err:
        set_error(manager, err.key, **err.args_)
        return
    clear_error(manager)
    manager.dialog_data["setup"] = {"range": "custom", "from": first.isoformat(), "to": last.isoformat()}
    _changed(manager)
    await manager.switch_to(ConversionsSG.list, show_mode=ShowMode.SEND)


# --- filters -------------------------------------------------------------------------------------
async def on_status(query: CallbackQuery, _w: Any, manager: DialogManager, status: str) -> None:
    flt = _filters(manager)
    if status not in STATUSES or flt.get("status") == status:
        flt.pop("status", None)  # a second tap on the chosen status clears it
    else:
        flt["status"] = status
    _changed(manager)


async def on_was_sale(query: CallbackQuery, _w: Any, manager: DialogManager) -> None:
    """"Was a sale": conversions whose previous status was sale (a tap again drops it)."""
    flt = _filters(manager)
    if flt.pop("was_sale", None) is None:
        flt["was_sale"] = True
    _changed(manager)


def _open_pick(kind: str) -> Any:
    async def handler(query: CallbackQuery, _w: Any, manager: DialogManager) -> None:
        manager.dialog_data["pick"] = kind
        await manager.switch_to(ConversionsSG.filter_pick)

    return handler


def _open_ask(kind: str) -> Any:
    async def handler(query: CallbackQuery, _w: Any, manager: DialogManager) -> None:
        manager.dialog_data["ask"] = kind
        clear_error(manager)
        await manager.switch_to(ConversionsSG.filter_ask)

    return handler


async def on_pick(query: CallbackQuery, _w: Any, manager: DialogManager, item_id: str) -> None:
    kind = "offer" if manager.dialog_data.get("pick") == "offer" else "campaign"
    label = chosen_label(manager, item_id)
    if label is None or not item_id.isdigit():  # not what the picker showed: a stale or forged press
        await toast(query, i18n_of(manager).get("stale-button"), alert=True)
        return
    flt = _filters(manager)
    flt[f"{kind}_id"] = item_int(item_id)
    flt[kind] = label
    manager.dialog_data.pop("choices", None)
    _changed(manager)
    await manager.switch_to(ConversionsSG.filters)


async def on_pick_any(query: CallbackQuery, _w: Any, manager: DialogManager) -> None:
    kind = "offer" if manager.dialog_data.get("pick") == "offer" else "campaign"
    flt = _filters(manager)
    flt.pop(f"{kind}_id", None)
    flt.pop(kind, None)
    manager.dialog_data.pop("choices", None)
    _changed(manager)
    await manager.switch_to(ConversionsSG.filters)


async def on_value(message: Message, _w: Any, manager: DialogManager, raw: str) -> None:
    kind = manager.dialog_data.get("ask")
    if kind not in TEXT_FILTERS:
        kind = "sub_id"
    try:
        value = clean_value(raw)
    except InputError as err:
        set_error(manager, err.key, **err.args_)
        return
    clear_error(manager)
    _filters(manager)[kind] = value
    _changed(manager)
    await manager.switch_to(ConversionsSG.filters, show_mode=ShowMode.SEND)


async def on_remove(query: CallbackQuery, _w: Any, manager: DialogManager) -> None:
    kind = manager.dialog_data.get("ask")
    if kind in TEXT_FILTERS:
        _filters(manager).pop(kind, None)
    clear_error(manager)
    _changed(manager)
    await manager.switch_to(ConversionsSG.filters)


async def _drop_error(query: CallbackQuery, _w: Any, manager: DialogManager) -> None:
    clear_error(manager)


def build_dialog() -> Dialog:
    return Dialog(
        Window(
            Format("{body}"),
            Row(
                Button(Const("◀"), id="prev", on_click=on_prev, when="has_prev"),
                Button(Format("{page_label}"), id="pageno"),
                Button(Const("▶"), id="next", on_click=on_next, when="has_next"),
                when="paged",
            ),
            Row(
                SwitchTo(T("btn-cv-range"), id="range", state=ConversionsSG.range),
                SwitchTo(T("btn-cv-filters"), id="filters", state=ConversionsSG.filters),
            ),
            Button(T("btn-cv-clear"), id="clear", on_click=on_clear, when="has_filters"),
            Row(
                Button(T("btn-tr-refresh"), id="refresh", on_click=on_refresh),
                Button(T("btn-cv-csv"), id="csv", on_click=on_csv, when="has_rows"),
                Cancel(T("btn-close")),
            ),
            fallback_input(),
            state=ConversionsSG.list,
            getter=list_getter,
        ),
        Window(
            ErrorLine(),
            T("cv-range-ask"),
            T("range-ask-custom"),
            Group(pick("preset", "presets", on_preset), width=2),
            SwitchTo(T("btn-back"), id="back", state=ConversionsSG.list, on_click=_drop_error),
            TextInput(id="custom", on_success=on_custom),
            fallback_input(),
            state=ConversionsSG.range,
            getter=range_getter,
        ),
        Window(
            T("cv-filters-head"),
            Group(pick("status", "statuses", on_status), width=2),
            Button(Format("{campaign_btn}"), id="f_campaign", on_click=_open_pick("campaign")),
            Button(Format("{offer_btn}"), id="f_offer", on_click=_open_pick("offer")),
            Row(
                Button(Format("{sub_id_btn}"), id="f_sub_id", on_click=_open_ask("sub_id")),
                Button(Format("{tid_btn}"), id="f_tid", on_click=_open_ask("tid")),
            ),
            Button(Format("{was_sale_btn}"), id="f_was_sale", on_click=on_was_sale),
            Button(T("btn-cv-clear"), id="clear", on_click=on_clear, when="has_filters"),
            SwitchTo(T("btn-cv-show"), id="show", state=ConversionsSG.list),
            fallback_input(),
            state=ConversionsSG.filters,
            getter=filters_getter,
        ),
        Window(
            T("cv-pick-head"),
            Format("{problem}"),
            ScrollingGroup(
                pick("pick", "items", on_pick),
                id="pick_items",
                width=1,
                height=8,
                hide_on_single_page=True,
            ),
            Row(
                Button(T("btn-cv-any"), id="any", on_click=on_pick_any),
                SwitchTo(T("btn-back"), id="back", state=ConversionsSG.filters),
            ),
            fallback_input(),
            state=ConversionsSG.filter_pick,
            getter=pick_getter,
        ),
        Window(
            ErrorLine(),
            T("cv-ask-value"),
            TextInput(id="value", on_success=on_value),
            Row(
                Button(T("btn-cv-remove"), id="remove", on_click=on_remove, when="has_value"),
                SwitchTo(T("btn-back"), id="back", state=ConversionsSG.filters, on_click=_drop_error),
            ),
            fallback_input(),
            state=ConversionsSG.filter_ask,
            getter=ask_getter,
        ),
        on_start=on_start,
    )
