"""The steps of the postback test: tracker → postback URL (once) → click ID → summary.

After the click ID the summary comes at once with defaults (status lead, a generated tid); every
other field (status, payout, cost, currency, tid, sub_id_1) is one "Edit a field" away and returns
to the summary. Values live in ``dialog_data["v"]`` (no secrets: the postback URL goes straight
into the tracker row, encrypted); nothing typed is dropped when a field is edited.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from aiogram.fsm.state import State
from aiogram.types import CallbackQuery, Message
from aiogram_dialog import DialogManager, ShowMode

from handlers.input import InputError, item_int, parse_amount
from handlers.postback.values import (
    clean_click_id,
    clean_currency,
    clean_status,
    clean_text,
    new_tid,
)
from handlers.postback.verify import find_click, live_clicks
from handlers.secret_input import receive_postback_url, save_postback_url
from handlers.states import PostbackSG
from handlers.ui import (
    app_of,
    clear_error,
    dialog_tracker,
    i18n_of,
    keitaro_error_key,
    refused,
    set_error,
    toast,
    user_id_of,
)
from keitaro import KeitaroClient
from keitaro import errors as kerr
from services.access import Action

ORDER: tuple[State, ...] = (
    PostbackSG.click, PostbackSG.status, PostbackSG.payout, PostbackSG.cost,
    PostbackSG.currency, PostbackSG.tid, PostbackSG.sub1,
)  # fmt: skip
FIELD_STATES = dict(
    zip(("click_id", "status", "payout", "cost", "currency", "tid", "sub_id_1"), ORDER, strict=True)
)


def values(manager: DialogManager) -> dict[str, Any]:
    v: dict[str, Any] = manager.dialog_data.setdefault("v", {"status": "lead"})
    return v


async def advance(manager: DialogManager, current: State, *, send: bool = False) -> None:
    """Back to the summary: every step after the click ID is opened from "Edit a field" (``current``
    is the step just answered)."""
    clear_error(manager)
    manager.dialog_data.pop("editing", None)
    await manager.switch_to(PostbackSG.summary, show_mode=ShowMode.SEND if send else None)


def fill_defaults(manager: DialogManager) -> None:
    """The values the summary needs and the person has not given: status lead, a new tid."""
    v = values(manager)
    v.setdefault("status", "lead")
    if "tid" not in v:
        v["tid"] = new_tid(app_of(manager).clock())


async def route(manager: DialogManager, *, send: bool = False) -> None:
    """After the tracker is known: ask for its postback URL once, then the first step (or the
    summary when the values came with ``/postback <click_id> …``)."""
    mode = ShowMode.SEND if send else None
    tracker = await dialog_tracker(manager, Action.POSTBACK_TEST)
    if tracker is None:
        await manager.switch_to(PostbackSG.tracker, show_mode=mode)
    elif not tracker.has_postback_url:
        await manager.switch_to(PostbackSG.url, show_mode=mode)
    elif manager.dialog_data.get("fast") and values(manager).get("click_id"):
        await lookup(manager, values(manager)["click_id"])
        fill_defaults(manager)
        await manager.switch_to(PostbackSG.summary, show_mode=mode)
    else:
        await manager.switch_to(PostbackSG.click, show_mode=mode)


async def on_start(start_data: Any, manager: DialogManager) -> None:
    data = start_data if isinstance(start_data, dict) else {}
    manager.dialog_data["v"] = {"status": "lead", **data.get("values", {})}
    manager.dialog_data["fast"] = bool(data.get("values"))
    trackers = await app_of(manager).access.trackers(user_id_of(manager), Action.POSTBACK_TEST)
    # a tracker card's "Test a postback" names its tracker
    chosen = next((t for t in trackers if t.id == data.get("tracker_id")), None)
    if chosen is None and len(trackers) == 1:
        chosen = trackers[0]
    if chosen is not None:
        manager.dialog_data["tracker_id"] = chosen.id
        await route(manager)


async def on_tracker(query: CallbackQuery, _w: Any, manager: DialogManager, item_id: str) -> None:
    manager.dialog_data["tracker_id"] = item_int(item_id)
    if await dialog_tracker(manager, Action.POSTBACK_TEST) is None:
        await toast(query, refused(i18n_of(manager)), alert=True)
        manager.dialog_data.pop("tracker_id", None)
        return
    await route(manager)


async def on_url(message: Message, _w: Any, manager: DialogManager) -> None:
    parsed, _deleted = await receive_postback_url(message, manager, wrong_format="pb-err-url")
    tracker = await dialog_tracker(manager, Action.POSTBACK_TEST)
    if parsed is None:
        return
    if tracker is None:
        set_error(manager, "pb-err-url")
        return
    await save_postback_url(manager, tracker, parsed)
    await message.answer(i18n_of(manager).get("pb-url-saved", tracker=tracker.name, url=parsed.masked()))
    clear_error(manager)
    await route(manager, send=True)


async def lookup(manager: DialogManager, click_id: str) -> bool:
    """Look the click up in the last 30 days; remembers what was found for the summary."""
    tracker = await dialog_tracker(manager, Action.POSTBACK_TEST)
    if tracker is None:
        return False
    try:
        app = app_of(manager)
        click = await find_click(app.clients.for_tracker(tracker), click_id, tracker.timezone, app.clock())
    except kerr.KeitaroError as err:
        key, args = keitaro_error_key(err)
        manager.dialog_data["click"] = {"found": False, "error": {"key": key, "args": args}}
        return False
    if click is None:
        manager.dialog_data["click"] = {"found": False}
        return False
    live = await _live(app.clients.for_tracker(tracker), click.campaign_id, tracker.timezone, app.clock())
    manager.dialog_data["click"] = {
        "found": True,
        "when": click.when,
        "campaign": click.campaign,
        "country": click.country,
        "offer": click.offer,
        "live": live,
    }
    return True


async def _live(client: KeitaroClient, campaign_id: int | None, timezone: str, now: datetime) -> int:
    """Clicks in the last hour of the click's campaign (0 when unknown: no warning on a guess)."""
    if campaign_id is None:
        return 0
    try:
        return await live_clicks(client, campaign_id, timezone, now)
    except kerr.KeitaroError:
        return 0


async def _take_click(manager: DialogManager, click_id: str, *, send: bool) -> None:
    values(manager)["click_id"] = click_id
    fill_defaults(manager)
    clear_error(manager)
    if await lookup(manager, click_id):
        await advance(manager, PostbackSG.click, send=send)
    else:
        await manager.switch_to(PostbackSG.click_missing, show_mode=ShowMode.SEND if send else None)


async def on_click_text(message: Message, _w: Any, manager: DialogManager, raw: str) -> None:
    try:
        click_id = clean_click_id(raw)
    except InputError as err:
        set_error(manager, err.key, **err.args_)
        return
    await _take_click(manager, click_id, send=True)


async def on_click_picked(query: CallbackQuery, _w: Any, manager: DialogManager, item_id: str) -> None:
    recent = manager.dialog_data.get("recent") or []
    index = int(item_id) if item_id.isdecimal() else -1
    if not 0 <= index < len(recent):
        await toast(query, i18n_of(manager).get("stale-button"), alert=True)
        return
    await _take_click(manager, recent[index]["sub_id"], send=False)


async def on_continue(query: CallbackQuery, _w: Any, manager: DialogManager) -> None:
    await advance(manager, PostbackSG.click)


async def on_status(query: CallbackQuery, _w: Any, manager: DialogManager, status: str) -> None:
    try:
        values(manager)["status"] = clean_status(status)
    except InputError:
        await toast(query)
        return
    await advance(manager, PostbackSG.status)


def typed_step(name: str, state: State, clean: Callable[[str], str]) -> Any:
    """A step answered by typing: ``clean`` checks the text (a reason to re-ask, or the value)."""

    async def typed(message: Message, _w: Any, manager: DialogManager, raw: str) -> None:
        try:
            values(manager)[name] = clean(raw)
        except InputError as err:
            set_error(manager, err.key, **err.args_)
            return
        await advance(manager, state, send=True)

    return typed


on_status_text = typed_step("status", PostbackSG.status, clean_status)
on_payout = typed_step("payout", PostbackSG.payout, parse_amount)
on_cost = typed_step("cost", PostbackSG.cost, parse_amount)
on_currency_text = typed_step("currency", PostbackSG.currency, clean_currency)
on_tid = typed_step("tid", PostbackSG.tid, clean_text)
on_sub1 = typed_step("sub_id_1", PostbackSG.sub1, clean_text)


def skip(name: str, state: State) -> Any:
    async def skipped(query: CallbackQuery, _w: Any, manager: DialogManager) -> None:
        values(manager)[name] = None
        await advance(manager, state)

    return skipped


async def on_currency(query: CallbackQuery, _w: Any, manager: DialogManager, code: str) -> None:
    values(manager)["currency"] = clean_currency(code)
    await advance(manager, PostbackSG.currency)


async def on_generate_tid(query: CallbackQuery, _w: Any, manager: DialogManager) -> None:
    values(manager)["tid"] = new_tid(app_of(manager).clock())
    await advance(manager, PostbackSG.tid)


async def on_edit(query: CallbackQuery, _w: Any, manager: DialogManager, field: str) -> None:
    state = FIELD_STATES.get(field)
    if state is None:
        await toast(query)
        return
    manager.dialog_data["editing"] = True
    await manager.switch_to(state)
