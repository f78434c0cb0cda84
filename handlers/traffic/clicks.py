"""/clicks: find a click by its sub_id (Keitaro's click ID) or by a sub_id_N value, and a
campaign's latest clicks; every click opens a card with its conversions.

``/clicks <value>`` searches the click ID, ``/clicks sub_id_3=<value>`` that field, ``/clicks``
alone asks. Lookups cover all the time the tracker keeps (``all_time``), newest first, a page of
10 at a time; latest clicks are today's (or the last 7 days when today has none).
"""

from __future__ import annotations

from typing import Any

from aiogram.filters import CommandObject
from aiogram.types import CallbackQuery, Message
from aiogram_dialog import Dialog, DialogManager, ShowMode, StartMode, Window
from aiogram_dialog.widgets.input import TextInput
from aiogram_dialog.widgets.kbd import Button, Cancel, Column, Group, Row, ScrollingGroup, Select, SwitchTo
from aiogram_dialog.widgets.text import Const, Format
from aiogram_i18n import I18nContext

from handlers.context import AppContext
from handlers.input import InputError, echo, item_int
from handlers.states import ClicksSG
from handlers.traffic.click_view import ask_getter, campaign_getter, latest_getter, result_getter
from handlers.traffic.common import MAX_SUB_ID, Lookup, chosen_label, new_stamp, parse_lookup
from handlers.ui import (
    ErrorLine,
    T,
    active_tracker_or_say,
    clear_error,
    fallback_input,
    i18n_of,
    pick,
    set_error,
    toast,
)

__all__ = ["build_dialog", "cmd_clicks"]


async def cmd_clicks(
    message: Message,
    command: CommandObject,
    dialog_manager: DialogManager,
    app: AppContext,
    i18n: I18nContext,
) -> None:
    tracker = await active_tracker_or_say(message, app, i18n)
    if tracker is None:
        return
    start: dict[str, Any] = {"tracker_id": tracker.id}
    state = ClicksSG.ask
    args = (command.args or "").strip()
    if args:
        try:
            lookup = parse_lookup(args)
        except InputError as err:
            start["error"] = {"key": err.key, "args": err.args_}
        else:
            start["lookup"] = lookup.to_json()
            state = ClicksSG.result
    await dialog_manager.start(state, data=start, mode=StartMode.RESET_STACK, show_mode=ShowMode.SEND)


async def on_start(start_data: Any, manager: DialogManager) -> None:
    data = start_data if isinstance(start_data, dict) else {}
    manager.dialog_data.update(tracker_id=data.get("tracker_id"), stamp=new_stamp(), nonce=0, field="sub_id")
    if data.get("lookup"):
        manager.dialog_data.update(lookup=data["lookup"], field=data["lookup"]["field"], page=0)
    if data.get("error"):
        set_error(manager, data["error"]["key"], **data["error"]["args"])


def _search(manager: DialogManager, lookup: Lookup) -> None:
    data = manager.dialog_data
    data.update(lookup=lookup.to_json(), field=lookup.field, page=0, picking=False)
    data.pop("open", None)
    data.pop("back", None)


# --- asking --------------------------------------------------------------------------------------
async def on_text(message: Message, _w: Any, manager: DialogManager, raw: str) -> None:
    data = manager.dialog_data
    typed = raw.strip()
    if data.get("picking") and "=" not in typed and ":" not in typed:
        # choosing N of sub_id_N: a number, or a field name
        number = typed.lower().removeprefix("sub_id_").removeprefix("sub_id").strip()
        if not number.isdecimal():
            set_error(manager, "ck-err-pick", max=MAX_SUB_ID, value=echo(typed))
            return
        if not 1 <= int(number) <= MAX_SUB_ID:
            field = echo(f"sub_id_{int(number)}")
            set_error(manager, "ck-err-n", field=field, max=MAX_SUB_ID, value=echo(typed))
            return
        clear_error(manager)
        data.update(field=f"sub_id_{int(number)}", picking=False)
        manager.show_mode = ShowMode.SEND
        return
    try:
        lookup = parse_lookup(raw, str(data.get("field") or "sub_id"))
    except InputError as err:
        set_error(manager, err.key, **err.args_)
        return
    clear_error(manager)
    _search(manager, lookup)
    await manager.switch_to(ClicksSG.result, show_mode=ShowMode.SEND)


async def on_new_value(message: Message, _w: Any, manager: DialogManager, raw: str) -> None:
    """A value typed under a result is a new search (of the same field when it is bare)."""
    manager.show_mode = ShowMode.SEND
    lookup_field = (manager.dialog_data.get("lookup") or {}).get("field") or "sub_id"
    if manager.dialog_data.get("back") == "latest":
        lookup_field = "sub_id"
    try:
        lookup = parse_lookup(raw, str(lookup_field))
    except InputError as err:
        await message.answer(i18n_of(manager).get(err.key, **err.args_))
        return
    _search(manager, lookup)


async def on_click_id(query: CallbackQuery, _w: Any, manager: DialogManager) -> None:
    clear_error(manager)
    manager.dialog_data.update(field="sub_id", picking=False)


async def on_sub(query: CallbackQuery, _w: Any, manager: DialogManager) -> None:
    clear_error(manager)
    manager.dialog_data["picking"] = True


async def on_number(query: CallbackQuery, _w: Any, manager: DialogManager, number: str) -> None:
    if not number.isdecimal() or not 1 <= int(number) <= MAX_SUB_ID:
        await toast(query)
        return
    clear_error(manager)
    manager.dialog_data.update(field=f"sub_id_{int(number)}", picking=False)


async def on_again(query: CallbackQuery, _w: Any, manager: DialogManager) -> None:
    data = manager.dialog_data
    data.pop("open", None)
    data.pop("back", None)
    data["picking"] = False
    clear_error(manager)
    await manager.switch_to(ClicksSG.ask)


# --- results -------------------------------------------------------------------------------------
def _shown(manager: DialogManager, index: str) -> str | None:
    """The sub_id behind a tapped line (the button carries its place on the page, not the ID)."""
    shown = manager.dialog_data.get("shown") or []
    if not index.isdecimal() or int(index) >= len(shown) or not shown[int(index)]:
        return None
    return str(shown[int(index)])


async def on_open(query: CallbackQuery, _w: Any, manager: DialogManager, index: str) -> None:
    sub_id = _shown(manager, index)
    if sub_id is None:
        await toast(query, i18n_of(manager).get("stale-button"), alert=True)
        return
    manager.dialog_data.update(open=sub_id, back="list")


async def on_open_latest(query: CallbackQuery, _w: Any, manager: DialogManager, index: str) -> None:
    sub_id = _shown(manager, index)
    if sub_id is None:
        await toast(query, i18n_of(manager).get("stale-button"), alert=True)
        return
    manager.dialog_data.update(open=sub_id, back="latest")
    await manager.switch_to(ClicksSG.result)


async def on_back(query: CallbackQuery, _w: Any, manager: DialogManager) -> None:
    data = manager.dialog_data
    back = data.pop("back", None)
    data.pop("open", None)
    if back == "latest":
        await manager.switch_to(ClicksSG.latest)


def _pager(key: str, pages_key: str) -> tuple[Any, Any]:
    async def prev(query: CallbackQuery, _w: Any, manager: DialogManager) -> None:
        manager.dialog_data[key] = max(int(manager.dialog_data.get(key) or 0) - 1, 0)

    async def nxt(query: CallbackQuery, _w: Any, manager: DialogManager) -> None:
        page = int(manager.dialog_data.get(key) or 0)
        if page + 1 < int(manager.dialog_data.get(pages_key) or 1):
            manager.dialog_data[key] = page + 1

    return prev, nxt


async def on_refresh(query: CallbackQuery, _w: Any, manager: DialogManager) -> None:
    manager.dialog_data["nonce"] = int(manager.dialog_data.get("nonce") or 0) + 1
    await toast(query, i18n_of(manager).get("tr-refreshed"))


# --- latest clicks of a campaign -----------------------------------------------------------------
async def on_campaign(query: CallbackQuery, _w: Any, manager: DialogManager, item_id: str) -> None:
    label = chosen_label(manager, item_id)
    if label is None or not item_id.isdigit():
        await toast(query, i18n_of(manager).get("stale-button"), alert=True)
        return
    manager.dialog_data.update(campaign_id=item_int(item_id), campaign=label, latest_range="today", lpage=0)
    manager.dialog_data.pop("choices", None)
    await manager.switch_to(ClicksSG.latest)


async def on_widen(query: CallbackQuery, _w: Any, manager: DialogManager) -> None:
    manager.dialog_data.update(latest_range="last_7_days", lpage=0)


def _nav_row(prefix: str, pager: tuple[Any, Any]) -> Row:
    prev, nxt = pager
    return Row(
        Button(Const("◀"), id=f"{prefix}prev", on_click=prev, when="has_prev"),
        Button(Format("{page_label}"), id=f"{prefix}pageno"),
        Button(Const("▶"), id=f"{prefix}next", on_click=nxt, when="has_next"),
        when="paged",
    )


def build_dialog() -> Dialog:
    return Dialog(
        Window(
            ErrorLine(),
            T("ck-ask-head"),
            T("ck-ask-click-id", when="asks_click_id"),
            T("ck-ask-field", when="asks_field"),
            T("ck-ask-pick", when="picking"),
            T("ck-scope"),
            Row(
                Button(Format("{click_id_btn}"), id="click_id", on_click=on_click_id),
                Button(Format("{sub_btn}"), id="sub", on_click=on_sub),
            ),
            Group(
                Select(
                    Format("{item[0]}"),
                    id="n",
                    item_id_getter=lambda x: x[1],
                    items="numbers",
                    on_click=on_number,
                ),
                width=5,
                when="picking",
            ),
            SwitchTo(T("btn-ck-latest"), id="latest", state=ClicksSG.campaign),
            Cancel(T("btn-close")),
            TextInput(id="value", on_success=on_text),
            fallback_input(),
            state=ClicksSG.ask,
            getter=ask_getter,
        ),
        Window(
            Format("{body}"),
            Column(pick("open", "items", on_open)),
            _nav_row("r", _pager("page", "pages")),
            Button(T("btn-ck-list"), id="back", on_click=on_back, when="back_to_list"),
            Row(
                Button(T("btn-ck-again"), id="again", on_click=on_again),
                Button(T("btn-tr-refresh"), id="refresh", on_click=on_refresh, when="ready"),
                Cancel(T("btn-close")),
            ),
            TextInput(id="again_value", on_success=on_new_value),
            fallback_input(),
            state=ClicksSG.result,
            getter=result_getter,
        ),
        Window(
            T("ck-campaign-pick"),
            Format("{problem}"),
            ScrollingGroup(
                pick("camp", "items", on_campaign), id="camps", width=1, height=8, hide_on_single_page=True
            ),
            Row(
                SwitchTo(T("btn-back"), id="back", state=ClicksSG.ask),
                Cancel(T("btn-close")),
            ),
            fallback_input(),
            state=ClicksSG.campaign,
            getter=campaign_getter,
        ),
        Window(
            Format("{body}"),
            Column(pick("lopen", "items", on_open_latest)),
            _nav_row("l", _pager("lpage", "lpages")),
            Button(T("btn-ck-week"), id="widen", on_click=on_widen, when="can_widen"),
            Row(
                SwitchTo(T("btn-ck-campaigns"), id="camps", state=ClicksSG.campaign),
                Button(T("btn-tr-refresh"), id="refresh", on_click=on_refresh),
            ),
            Row(
                SwitchTo(T("btn-ck-new"), id="new", state=ClicksSG.ask),
                Cancel(T("btn-close")),
            ),
            fallback_input(),
            state=ClicksSG.latest,
            getter=latest_getter,
        ),
        on_start=on_start,
    )
