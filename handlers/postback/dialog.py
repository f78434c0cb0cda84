"""/postback: the windows of the postback test and what they show."""

from __future__ import annotations

import html
import json
from typing import Any

from aiogram.filters import CommandObject
from aiogram.types import Message
from aiogram_dialog import Dialog, DialogManager, ShowMode, StartMode, Window
from aiogram_dialog.widgets.input import MessageInput, TextInput
from aiogram_dialog.widgets.kbd import Button, Cancel, Column, Group, Row, Select, SwitchTo
from aiogram_dialog.widgets.text import Format
from aiogram_i18n import I18nContext

from handlers.context import AppContext
from handlers.postback import send, steps
from handlers.postback.send import PROCESS_RUN
from handlers.postback.values import (
    FIELDS,
    QUICK_CURRENCIES,
    STATUSES,
    clean_click_id,
    clean_status,
    params_from,
    parse_amount,
)
from handlers.postback.verify import recent_clicks
from handlers.states import PostbackSG
from handlers.trackers.validation import InputError
from handlers.ui import (
    ErrorLine,
    Html,
    T,
    app_of,
    dialog_tracker,
    esc,
    fallback_input,
    i18n_of,
    user_id_of,
)
from keitaro import errors as kerr
from keitaro.postback import preview_url
from keitaro.urls import parse_postback_url

DETAILS_LIMIT = 3500


async def base_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    tracker = await dialog_tracker(dialog_manager)
    return {
        "tracker": tracker.name if tracker else "",
        "click": steps.values(dialog_manager).get("click_id", ""),
    }


async def status_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    data = await base_getter(dialog_manager)
    click = dialog_manager.dialog_data.get("click") or {}
    line = ""
    if click.get("found"):
        line = i18n_of(dialog_manager).get(
            "pb-click-found",
            when=click.get("when", ""),
            campaign=click.get("campaign", ""),
            country=click.get("country", ""),
        )
    current = steps.values(dialog_manager).get("status") or "lead"
    return {
        **data,
        "click_line": Html(line),
        "statuses": [(("✓ " if s == current else "") + s, s) for s in STATUSES],
    }


async def trackers_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    trackers = await app_of(dialog_manager).trackers.list(user_id_of(dialog_manager))
    trackers.sort(key=lambda t: not t.is_active)
    return {
        "trackers": [(("★ " if t.is_active else "") + t.name, str(t.id)) for t in trackers],
        "none": not trackers,
    }


async def recent_getter(dialog_manager: DialogManager, **kw: Any) -> dict[str, Any]:
    data = await base_getter(dialog_manager)
    if "recent" not in dialog_manager.dialog_data:
        tracker = await dialog_tracker(dialog_manager)
        clicks = []
        if tracker is not None:
            try:
                clicks = await recent_clicks(app_of(dialog_manager).client_for(tracker), tracker.timezone)
            except kerr.KeitaroError:
                clicks = []
        dialog_manager.dialog_data["recent"] = [c.__dict__ for c in clicks]
    recent = dialog_manager.dialog_data["recent"]
    items = [
        (f"{c['sub_id'][:24]} · {c['campaign'][:14]} · {c['country']} · {c['when'][-8:-3]}", str(i))
        for i, c in enumerate(recent)
    ]
    return {**data, "recent": items, "has_recent": bool(items), "no_recent": not items}


async def missing_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    data = await base_getter(dialog_manager)
    problem = (dialog_manager.dialog_data.get("click") or {}).get("error")
    if problem:
        i18n = i18n_of(dialog_manager)
        reason = i18n.get(problem["key"], tracker=data["tracker"], **problem["args"])
        data["lookup_error"] = Html(i18n.get("pb-err-lookup", reason=Html(reason)))
    else:
        data["lookup_error"] = ""
    return data


def _money(value: Any) -> str:
    return "" if value in (None, "") else str(value)


async def summary_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    data = await base_getter(dialog_manager)
    i18n = i18n_of(dialog_manager)
    v = steps.values(dialog_manager)
    tracker = await dialog_tracker(dialog_manager)
    lines = []
    for name in FIELDS:
        shown = esc(v.get(name)) if v.get(name) not in (None, "") else i18n.get("pb-not-set")
        lines.append(f"{i18n.get('pb-field-' + name)}: <b>{shown}</b>")
    click = dialog_manager.dialog_data.get("click") or {}
    if click.get("found") is False:
        lines[0] += "  " + i18n.get("pb-summary-click-missing")
    url = ""
    if tracker is not None and tracker.has_postback_url:
        postback = parse_postback_url(app_of(dialog_manager).trackers.postback_url(tracker) or "")
        url = preview_url(postback, params_from(v))
    return {
        **data,
        "lines": Html("\n".join(lines)),
        "url": url,
        "edit_fields": [(i18n.get("pb-field-" + f), f) for f in FIELDS],
    }


def _verdict_text(i18n: I18nContext, data: dict[str, Any], tracker: str) -> str:
    verdict = data.get("verdict")
    if verdict is None:
        checking = data.get("checking")
        if checking is not None and checking.get("run") == PROCESS_RUN:
            return i18n.get("pb-checking", n=checking["n"] + 1, seconds=checking["seconds"])
        return i18n.get("pb-verdict-interrupted") if checking is not None else ""
    kind = verdict.get("kind")
    if kind == "immediate":
        return i18n.get(
            {
                "wrong_key": "pb-verdict-wrong-key",
                "no_subid": "pb-verdict-no-subid",
                "http": "pb-verdict-http",
                "html": "pb-verdict-html",
            }[verdict["reason"]],
            tracker=tracker,
            status=str((data.get("result") or {}).get("status", "")),
        )
    if kind == "recorded":
        row = verdict.get("conversion") or {}
        previous = row.get("previous_status") or ""
        return i18n.get(
            "pb-verdict-recorded",
            status=str(row.get("status", "")),
            revenue=_money(row.get("revenue")),
            currency=str(row.get("currency") or ""),
            campaign=str(row.get("campaign") or "—"),
            offer=str(row.get("offer") or "—"),
            previous=Html(i18n.get("pb-verdict-previous", previous=previous)) if previous else "",
        )
    if kind == "refused":
        text = i18n.get(f"pb-verdict-refused-{verdict.get('reason')}")
        if verdict.get("log_line"):
            text += "\n" + i18n.get("pb-verdict-log", line=verdict["log_line"])
        return text
    return i18n.get("pb-verdict-no-trace", checks=verdict.get("checks", 0))


async def result_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    data = await base_getter(dialog_manager)
    i18n = i18n_of(dialog_manager)
    dd = dialog_manager.dialog_data
    result = dd.get("result") or {}
    if "error" in result:
        reason = i18n.get(result["error"]["key"], tracker=data["tracker"], **result["error"]["args"])
        head = i18n.get("pb-send-failed", tracker=data["tracker"], reason=Html(reason))
    elif result:
        head = i18n.get(
            "pb-result",
            tracker=data["tracker"],
            status=str(result["status"]),
            answer=result["answer"],
            ms=result["ms"],
        )
    else:
        head = ""
    verdict = dd.get("verdict")
    finished = verdict is not None or "error" in result
    stalled = verdict is None and (dd.get("checking") or {}).get("run") not in (None, PROCESS_RUN)
    no_trace = (verdict or {}).get("kind") == "no_trace"
    return {
        **data,
        "head": Html(head),
        "verdict_text": Html(_verdict_text(i18n, dd, data["tracker"])),
        "finished": finished or stalled,
        "can_recheck": no_trace or stalled,
    }


async def details_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    raw = json.dumps(dialog_manager.dialog_data.get("details") or [], ensure_ascii=False, indent=1)
    if len(raw) > DETAILS_LIMIT:
        raw = raw[:DETAILS_LIMIT] + "\n…"
    return {"json": Html(f"<pre>{html.escape(raw, quote=False)}</pre>")}


def _skip(name: str, state: Any) -> Button:
    return Button(T("btn-skip"), id=f"skip_{name}", on_click=steps.skip(name, state))


def _cancel() -> Cancel:
    return Cancel(T("btn-cancel"), on_click=send.on_cancel)


def _step(state: Any, text: str, *widgets: Any, getter: Any = base_getter) -> Window:
    return Window(ErrorLine(), T(text), *widgets, fallback_input(), state=state, getter=getter)


def build_dialog() -> Dialog:
    status_buttons = Row(
        Select(
            Format("{item[0]}"),
            id="status",
            item_id_getter=lambda x: x[1],
            items="statuses",
            on_click=steps.on_status,
        )
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
            _cancel(),
            getter=status_getter,
        ),
        _step(
            PostbackSG.payout,
            "pb-step-payout",
            TextInput(id="payout", on_success=steps.on_payout),
            Row(_skip("payout", PostbackSG.payout), _cancel()),
        ),
        _step(
            PostbackSG.cost,
            "pb-step-cost",
            TextInput(id="cost", on_success=steps.on_cost),
            Row(_skip("cost", PostbackSG.cost), _cancel()),
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
            Row(_skip("currency", PostbackSG.currency), _cancel()),
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
            _cancel(),
        ),
        _step(
            PostbackSG.sub1,
            "pb-step-sub1",
            TextInput(id="sub1", on_success=steps.on_sub1),
            Row(_skip("sub_id_1", PostbackSG.sub1), _cancel()),
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
            Format("{head}"),
            Format("{verdict_text}"),
            Button(T("btn-pb-check-again"), id="again", on_click=send.on_check_again, when="can_recheck"),
            Row(
                SwitchTo(T("btn-pb-details"), id="details", state=PostbackSG.details),
                Button(T("btn-pb-repeat"), id="repeat", on_click=send.on_repeat),
                when="finished",
            ),
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
    if not await app.trackers.list(message.from_user.id):
        await message.answer(i18n.get("pb-err-no-trackers"))
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
