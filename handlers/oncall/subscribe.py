"""/subscribe: which of a person's trackers notify this chat, from which severity up, with
conversion pushes and a daily digest or not (the /hook screen is a window of this dialog).

In a group only an admin of the group (asked from Telegram on every change) may subscribe it, and
only to one of their own trackers. The webhook URL carries a secret, so it is shown in private only.
"""

from __future__ import annotations

from typing import Any

from aiogram import Bot
from aiogram.types import CallbackQuery, Message
from aiogram_dialog import Dialog, DialogManager, ShowMode, StartMode, Window
from aiogram_dialog.widgets.input import TextInput
from aiogram_dialog.widgets.kbd import Button, Cancel, Group, Row, SwitchTo
from aiogram_dialog.widgets.text import Format
from aiogram_i18n import I18nContext

from alerts.oncall import parse_hhmm
from handlers.context import AppContext
from handlers.input import item_int
from handlers.oncall.common import (
    GROUP_TYPES,
    SEVERITY_ORDER,
    chat_data,
    is_chat_admin,
    may_change,
)
from handlers.oncall.hook import hook_getter, on_rotate
from handlers.oncall.states import SubscribeSG
from handlers.ui import (
    ErrorLine,
    Html,
    T,
    add_notice,
    app_of,
    clear_error,
    dialog_tracker,
    fallback_input,
    i18n_of,
    pick,
    refused,
    set_error,
    toast,
    user_id_of,
)
from services.access import Action

DEFAULT_SEVERITY = "warning"


async def cmd_subscribe(
    message: Message, bot: Bot, dialog_manager: DialogManager, app: AppContext, i18n: I18nContext
) -> None:
    assert message.from_user is not None
    chat, user_id = message.chat, message.from_user.id
    if chat.type not in ("private", *GROUP_TYPES):
        return
    if chat.type in GROUP_TYPES and not await is_chat_admin(bot, chat, user_id):
        if app.refusals.allow(user_id):  # no flood of refusals into the group
            await message.answer(i18n.get("sub-not-admin"))
        return
    active = await app.access.active(user_id, Action.ALERT_RULES)
    if active is None:
        key = "res-no-tracker" if chat.type == "private" else "sub-no-tracker-group"
        await message.answer(refused(i18n, key))  # a viewer's, an operator's role is named
        return
    data = {**chat_data(chat), "tracker_id": active.id}
    await dialog_manager.start(
        SubscribeSG.main, data=data, mode=StartMode.RESET_STACK, show_mode=ShowMode.SEND
    )


async def on_start(start_data: Any, manager: DialogManager) -> None:
    data = start_data if isinstance(start_data, dict) else {}
    for key in ("chat_id", "chat_type", "title", "tracker_id"):
        manager.dialog_data[key] = data.get(key)
    manager.dialog_data["severity"] = DEFAULT_SEVERITY


# ------------------------------------------------------------------ main screen


def _where(i18n: I18nContext, data: dict[str, Any]) -> Html:
    if data.get("chat_type") == "private":
        return Html(i18n.get("sub-where-private"))
    return Html(i18n.get("sub-where-group", title=str(data.get("title") or data.get("chat_id"))))


async def main_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    manager = dialog_manager
    app, i18n, data = app_of(manager), i18n_of(manager), manager.dialog_data
    trackers = await app.access.trackers(user_id_of(manager), Action.ALERT_RULES)
    tracker = await dialog_tracker(manager, Action.ALERT_RULES)
    notices = [i18n.get(n["key"], **n.get("args", {})) for n in data.pop("notice", [])]
    if tracker is None:
        return {
            "text": "\n".join([*notices, refused(i18n, "sub-tracker-gone")]),
            "ready": False,
            "trackers": [],
        }
    sub = await app.alerts.subscriptions.get(int(data["chat_id"]), tracker.id)
    subscribed = sub is not None and sub.active
    severity = sub.min_severity if sub is not None and subscribed else data.get("severity", DEFAULT_SEVERITY)
    lines = [
        i18n.get("sub-title", where=_where(i18n, data)),
        i18n.get("sub-tracker", tracker=tracker.name),
        i18n.get("sub-severity", severity=i18n.get("sub-sev-" + severity)),
    ]
    if subscribed and sub is not None:
        lines.append(i18n.get("sub-on"))
        lines.append(i18n.get("sub-conversions-on" if sub.conversions else "sub-conversions-off"))
        if sub.digest_time:
            lines.append(i18n.get("sub-digest-at", time=sub.digest_time, tz=tracker.timezone))
        else:
            lines.append(i18n.get("sub-digest-off"))
    else:
        lines.append(i18n.get("sub-off"))
    if notices:
        lines = [*notices, "", *lines]
    return {
        "text": Html("\n".join(lines)),
        "ready": True,
        "subscribed": subscribed,
        "not_subscribed": not subscribed,
        "many": len(trackers) > 1,
        "private": data.get("chat_type") == "private",
        "trackers": [(("● " if t.id == tracker.id else "") + t.name, str(t.id)) for t in trackers],
        "severities": [
            (("● " if s == severity else "") + i18n.get("sub-sev-" + s), s) for s in SEVERITY_ORDER
        ],
        "conv_label": i18n.get(
            "sub-btn-conv-off" if sub is not None and sub.conversions else "sub-btn-conv-on"
        ),
    }


async def on_tracker(query: CallbackQuery, _w: Any, manager: DialogManager, item: str) -> None:
    app, user_id = app_of(manager), user_id_of(manager)
    tracker = await app.access.tracker(user_id, item_int(item), Action.ALERT_RULES)
    if tracker is None:
        await toast(query, refused(i18n_of(manager), "sub-tracker-gone"), alert=True)
        return
    manager.dialog_data["tracker_id"] = tracker.id


async def on_severity(query: CallbackQuery, _w: Any, manager: DialogManager, item: str) -> None:
    if item not in SEVERITY_ORDER:
        return
    manager.dialog_data["severity"] = item
    tracker = await may_change(query, manager)
    if tracker is None:
        return
    subs = app_of(manager).alerts.subscriptions
    sub = await subs.get(int(manager.dialog_data["chat_id"]), tracker.id)
    if sub is not None and sub.active:
        await subs.set_min_severity(sub.chat_id, tracker.id, item)
        await toast(query, i18n_of(manager).get("sub-saved"))


async def on_subscribe(query: CallbackQuery, _w: Any, manager: DialogManager) -> None:
    tracker = await may_change(query, manager)
    if tracker is None:
        return
    data, i18n = manager.dialog_data, i18n_of(manager)
    await app_of(manager).alerts.subscriptions.subscribe(
        int(data["chat_id"]),
        tracker.id,
        user_id_of(manager),
        str(data.get("chat_type") or "private"),
        data.get("title"),
        i18n.locale,
        str(data.get("severity") or DEFAULT_SEVERITY),
    )
    add_notice(manager, "sub-done", tracker=tracker.name)


async def on_unsubscribe(query: CallbackQuery, _w: Any, manager: DialogManager) -> None:
    tracker = await may_change(query, manager)
    if tracker is None:
        return
    await app_of(manager).alerts.subscriptions.unsubscribe(int(manager.dialog_data["chat_id"]), tracker.id)
    add_notice(manager, "unsub-done", tracker=tracker.name)


async def on_conversions(query: CallbackQuery, _w: Any, manager: DialogManager) -> None:
    tracker = await may_change(query, manager)
    if tracker is None:
        return
    subs = app_of(manager).alerts.subscriptions
    chat_id = int(manager.dialog_data["chat_id"])
    sub = await subs.get(chat_id, tracker.id)
    if sub is None or not sub.active:
        # turning pushes on in a chat that is not subscribed yet subscribes it, to critical only
        sub = await subs.subscribe(
            chat_id,
            tracker.id,
            user_id_of(manager),
            str(manager.dialog_data.get("chat_type") or "private"),
            manager.dialog_data.get("title"),
            i18n_of(manager).locale,
            "critical",
        )
        add_notice(manager, "sub-done-critical", tracker=tracker.name)
        await subs.set_conversions(chat_id, tracker.id, True)
        return
    await subs.set_conversions(chat_id, tracker.id, not sub.conversions)
    await toast(query, i18n_of(manager).get("sub-saved"))


# ------------------------------------------------------------------ digest time


async def digest_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    tracker = await dialog_tracker(dialog_manager, Action.ALERT_RULES)
    return {"tz": tracker.timezone if tracker else "UTC"}


async def on_digest_time(message: Message, _w: Any, manager: DialogManager, raw: str) -> None:
    manager.show_mode = ShowMode.SEND
    tracker = await may_change(message, manager)
    if tracker is None:
        set_error(manager, "sub-not-admin-short")
        return
    try:
        at = parse_hhmm(raw)
    except ValueError:
        set_error(manager, "oncall-err-hhmm")
        return
    clear_error(manager)
    hhmm = f"{at.hour:02d}:{at.minute:02d}"
    await app_of(manager).alerts.subscriptions.set_digest_time(
        int(manager.dialog_data["chat_id"]), tracker.id, hhmm
    )
    add_notice(manager, "sub-digest-saved", time=hhmm, tz=tracker.timezone)
    await manager.switch_to(SubscribeSG.main)


async def on_digest_off(query: CallbackQuery, _w: Any, manager: DialogManager) -> None:
    tracker = await may_change(query, manager)
    if tracker is None:
        return
    await app_of(manager).alerts.subscriptions.set_digest_time(
        int(manager.dialog_data["chat_id"]), tracker.id, None
    )
    clear_error(manager)
    await manager.switch_to(SubscribeSG.main)


# ------------------------------------------------------------------ wiring


def build_dialog() -> Dialog:
    back = SwitchTo(T("btn-back"), id="back", state=SubscribeSG.main)
    return Dialog(
        Window(
            Format("{text}"),
            Group(pick("trk", "trackers", on_tracker), width=2, when="many"),
            Group(pick("sev", "severities", on_severity), width=3, when="ready"),
            Button(T("sub-btn-subscribe"), id="subscribe", on_click=on_subscribe, when="not_subscribed"),
            Row(
                Button(Format("{conv_label}"), id="conv", on_click=on_conversions),
                SwitchTo(T("sub-btn-digest"), id="digest", state=SubscribeSG.digest),
                when="subscribed",
            ),
            Row(
                SwitchTo(T("sub-btn-hook"), id="hook", state=SubscribeSG.hook, when="private"),
                Button(T("sub-btn-unsubscribe"), id="unsub", on_click=on_unsubscribe, when="subscribed"),
            ),
            Cancel(T("btn-close")),
            fallback_input(),
            state=SubscribeSG.main,
            getter=main_getter,
        ),
        Window(
            ErrorLine(),
            T("sub-digest-ask"),
            TextInput(id="digest_time", on_success=on_digest_time),
            Row(Button(T("sub-btn-digest-off"), id="digest_off", on_click=on_digest_off), back),
            state=SubscribeSG.digest,
            getter=digest_getter,
        ),
        Window(
            Format("{text}"),
            Button(Format("{conv_label}"), id="conv", on_click=on_conversions, when="ready"),
            Row(
                SwitchTo(T("hook-btn-rotate"), id="rotate", state=SubscribeSG.rotate, when="private"),
                back,
            ),
            Cancel(T("btn-close")),
            fallback_input(),
            state=SubscribeSG.hook,
            getter=hook_getter,
        ),
        Window(
            T("hook-rotate-ask"),
            Row(
                Button(T("hook-btn-rotate-yes"), id="rotate_yes", on_click=on_rotate),
                SwitchTo(T("btn-cancel"), id="rotate_no", state=SubscribeSG.hook),
            ),
            fallback_input(),
            state=SubscribeSG.rotate,
        ),
        on_start=on_start,
    )
