"""/postback: the windows of the postback test and what they show."""

from __future__ import annotations

from typing import Any

from aiogram.filters import CommandObject
from aiogram.types import Message
from aiogram_dialog import Dialog, DialogManager, ShowMode, StartMode, Window
from aiogram_dialog.widgets.input import MessageInput, TextInput
from aiogram_dialog.widgets.kbd import Button, Cancel, Column, Group, Row, Select, SwitchTo
from aiogram_dialog.widgets.text import Format
from aiogram_i18n import I18nContext

from handlers.context import AppContext
from handlers.input import InputError, parse_amount
from handlers.postback import send, steps, undo
from handlers.postback.getters import (
    base_getter,
    details_getter,
    missing_getter,
    recent_getter,
    result_getter,
    status_getter,
    summary_getter,
    trackers_getter,
)
from handlers.postback.values import (
    QUICK_CURRENCIES,
    clean_click_id,
    clean_status,
)
from handlers.states import PostbackSG
from handlers.ui import (
    ErrorLine,
    T,
    fallback_input,
    refused,
)
from services.access import Action


def _skip(name: str, state: Any) -> Button:
    return Button(T("btn-skip"), id=f"skip_{name}", on_click=steps.skip(name, state))


def _cancel() -> Cancel:
    return Cancel(T("btn-cancel"), on_click=send.on_cancel)


def _to_summary() -> SwitchTo:
    """Back from a field's step to the summary, keeping what was there."""
    return SwitchTo(T("btn-back"), id="to_summary", state=PostbackSG.summary)


def _step(state: Any, text: str, *widgets: Any, getter: Any = base_getter) -> Window:
    return Window(ErrorLine(), T(text), *widgets, fallback_input(), state=state, getter=getter)


def build_dialog() -> Dialog:
    status_buttons = Group(
        Select(
            Format("{item[0]}"),
            id="status",
            item_id_getter=lambda x: x[1],
            items="statuses",
            on_click=steps.on_status,
        ),
        width=2,
    )
    return Dialog(
        Window(
            T("pb-step-tracker"),
            Column(
                Select(
                    Format("{item[0]}"),
                    id="tracker",
                    item_id_getter=lambda x: x[1],
                    items="trackers",
                    on_click=steps.on_tracker,
                )
            ),
            _cancel(),
            fallback_input(),
            state=PostbackSG.tracker,
            getter=trackers_getter,
        ),
        _step(PostbackSG.url, "pb-step-url", MessageInput(steps.on_url, content_types=["text"]), _cancel()),
        _step(
            PostbackSG.click,
            "pb-step-click",
            TextInput(id="click", on_success=steps.on_click_text),
            SwitchTo(T("btn-pb-recent"), id="recent", state=PostbackSG.click_pick),
            _cancel(),
        ),
        _step(
            PostbackSG.click_pick,
            "pb-step-click-pick",
            Column(
                Select(
                    Format("{item[0]}"),
                    id="pick",
                    item_id_getter=lambda x: x[1],
                    items="recent",
                    on_click=steps.on_click_picked,
                )
            ),
            T("pb-no-recent", when="no_recent"),
            TextInput(id="click2", on_success=steps.on_click_text),
            Row(SwitchTo(T("btn-back"), id="back", state=PostbackSG.click), _cancel()),
            getter=recent_getter,
        ),
        _step(
            PostbackSG.click_missing,
            "pb-click-missing",
            Format("{lookup_error}"),
            Row(
                Button(T("btn-pb-continue"), id="cont", on_click=steps.on_continue),
                SwitchTo(T("btn-pb-reenter"), id="reenter", state=PostbackSG.click),
            ),
            _cancel(),
            getter=missing_getter,
        ),
        _step(
            PostbackSG.status,
            "pb-step-status",
            Format("{click_line}"),
            status_buttons,
            TextInput(id="status_text", on_success=steps.on_status_text),
            _to_summary(),
            getter=status_getter,
        ),
        _step(
            PostbackSG.payout,
            "pb-step-payout",
            TextInput(id="payout", on_success=steps.on_payout),
            Row(_skip("payout", PostbackSG.payout), _to_summary()),
        ),
        _step(
            PostbackSG.cost,
            "pb-step-cost",
            TextInput(id="cost", on_success=steps.on_cost),
            Row(_skip("cost", PostbackSG.cost), _to_summary()),
        ),
        _step(
            PostbackSG.currency,
            "pb-step-currency",
            Row(
                Select(
                    Format("{item}"),
                    id="cur",
                    item_id_getter=lambda x: x,
                    items=list(QUICK_CURRENCIES),
                    on_click=steps.on_currency,
                ),
                SwitchTo(T("btn-pb-other"), id="other", state=PostbackSG.currency_other),
            ),
            TextInput(id="cur_text", on_success=steps.on_currency_text),
            Row(_skip("currency", PostbackSG.currency), _to_summary()),
        ),
        _step(
            PostbackSG.currency_other,
            "pb-step-currency-other",
            TextInput(id="cur_other", on_success=steps.on_currency_text),
            Row(SwitchTo(T("btn-back"), id="back", state=PostbackSG.currency), _cancel()),
        ),
        _step(
            PostbackSG.tid,
            "pb-step-tid",
            TextInput(id="tid", on_success=steps.on_tid),
            Row(
                Button(T("btn-pb-generate"), id="gen", on_click=steps.on_generate_tid),
                _skip("tid", PostbackSG.tid),
            ),
            _to_summary(),
        ),
        _step(
            PostbackSG.sub1,
            "pb-step-sub1",
            TextInput(id="sub1", on_success=steps.on_sub1),
            Row(_skip("sub_id_1", PostbackSG.sub1), _to_summary()),
        ),
        Window(
            T("pb-summary"),
            Button(T("btn-pb-send"), id="send", on_click=send.on_send),
            Row(SwitchTo(T("btn-pb-edit"), id="edit", state=PostbackSG.edit), _cancel()),
            fallback_input(),
            state=PostbackSG.summary,
            getter=summary_getter,
        ),
        Window(
            T("pb-edit-which"),
            Group(
                Select(
                    Format("{item[0]}"),
                    id="field",
                    item_id_getter=lambda x: x[1],
                    items="edit_fields",
                    on_click=steps.on_edit,
                ),
                width=2,
            ),
            SwitchTo(T("btn-back"), id="back", state=PostbackSG.summary),
            fallback_input(),
            state=PostbackSG.edit,
            getter=summary_getter,
        ),
        Window(
            Format("{verdict_text}"),
            Format("{head}"),
            Format("{undo_text}", when="undo_text"),
            Button(T("btn-pb-check-again"), id="again", on_click=send.on_check_again, when="can_recheck"),
            Row(
                SwitchTo(T("btn-pb-details"), id="details", state=PostbackSG.details),
                Button(T("btn-pb-repeat"), id="repeat", on_click=send.on_repeat),
                when="finished",
            ),
            Button(T("btn-pb-undo"), id="undo", on_click=undo.on_undo, when="can_undo"),
            Cancel(T("btn-pb-done"), on_click=send.on_leave, when="finished"),
            fallback_input(),
            state=PostbackSG.result,
            getter=result_getter,
        ),
        Window(
            T("pb-details-title"),
            Format("{json}"),
            SwitchTo(T("btn-back"), id="back", state=PostbackSG.result),
            fallback_input(),
            state=PostbackSG.details,
            getter=details_getter,
        ),
        on_start=steps.on_start,
    )


async def cmd_postback(
    message: Message,
    command: CommandObject,
    dialog_manager: DialogManager,
    app: AppContext,
    i18n: I18nContext,
) -> None:
    """``/postback`` opens the conversation; ``/postback <click_id> [status] [payout]`` fills those
    values and goes straight to the summary."""
    assert message.from_user is not None
    if not await app.access.trackers(message.from_user.id, Action.POSTBACK_TEST):
        # a member whose role sends no test conversions is told so (the active tracker's refusal)
        await app.access.active(message.from_user.id, Action.POSTBACK_TEST)
        await message.answer(refused(i18n, "pb-err-no-trackers"))
        return
    preset: dict[str, Any] = {}
    args = (command.args or "").split()
    try:
        if len(args) > 3:
            raise InputError("pb-err-usage")
        if args:
            preset["click_id"] = clean_click_id(args[0])
        if len(args) > 1:
            preset["status"] = clean_status(args[1])
        if len(args) > 2:
            preset["payout"] = parse_amount(args[2])
    except InputError as err:
        text = i18n.get(err.key, **err.args_)
        if err.key != "pb-err-usage":
            text += "\n" + i18n.get("pb-err-usage")
        await message.answer(text)
        return
    await dialog_manager.start(
        PostbackSG.tracker,
        data={"values": preset} if preset else None,
        mode=StartMode.RESET_STACK,
        show_mode=ShowMode.SEND,
    )
