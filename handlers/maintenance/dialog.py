"""/maintenance (and 🛠 Maintenance on the alerts screen): the active tracker's current and upcoming
maintenance windows, each with ✖️ end now / cancel, and ➕ New: what (the whole tracker, a campaign,
a rule) → when (now for 30 min … 4 h, or a typed period) → every day? → ✅ Create. Manager role
and above (``Action.ALERT_RULES``); every change is audited in the person's name.

While a window runs, the alerts it covers are not sent (``alerts.maintenance``); its start and end
are announced in the tracker's subscribed chats.
"""

from __future__ import annotations

from typing import Any

from aiogram.types import CallbackQuery, Message
from aiogram_dialog import DialogManager, ShowMode, StartMode
from aiogram_dialog.widgets.kbd import Button
from aiogram_i18n import I18nContext

from alerts.maintenance import occurrence_at, repo_of
from handlers.context import AppContext
from handlers.input import InputError, echo, item_int
from handlers.maintenance import parse
from handlers.maintenance.render import length_text, local, what_text, window_line
from handlers.notices import safe
from handlers.states import MaintenanceSG
from handlers.ui import (
    Html,
    active_tracker_or_say,
    add_notice,
    app_of,
    clear_error,
    dialog_tracker,
    dialog_tracker_or_say,
    i18n_of,
    keitaro_error_key,
    refused,
    set_error,
    toast,
    unexpected_input,
    user_id_of,
)
from keitaro import errors as kerr
from services.access import Action
from storage import Tracker
from storage.maintenance import window_args
from storage.timefmt import from_iso, to_iso

__all__ = ["cmd_maintenance", "on_open_from_alerts", "open_maintenance"]

LISTED = 10  # windows listed (each with its button)
QUICK = {"m30": 30, "h1": 60, "h2": 120, "h4": 240}
DAY_MINUTES = 24 * 60
DRAFT = ("target", "campaign_id", "rule_id", "label", "starts", "ends", "local_start", "daily", "typed")


async def cmd_maintenance(
    message: Message, app: AppContext, i18n: I18nContext, dialog_manager: DialogManager
) -> None:
    tracker = await active_tracker_or_say(message, app, i18n, Action.ALERT_RULES)
    if tracker is None:
        return
    await open_maintenance(dialog_manager, tracker.id)


async def open_maintenance(manager: DialogManager, tracker_id: int) -> None:
    await manager.start(
        MaintenanceSG.list,
        data={"tracker_id": tracker_id},
        mode=StartMode.RESET_STACK,
        show_mode=ShowMode.SEND,
    )


async def on_open_from_alerts(query: CallbackQuery, _w: Any, manager: DialogManager) -> None:
    """🛠 Maintenance on the alerts screen."""
    tracker = await dialog_tracker(manager, Action.ALERT_RULES)
    if tracker is None:
        await toast(query, refused(i18n_of(manager)), alert=True)
        return
    await manager.start(MaintenanceSG.list, data={"tracker_id": tracker.id})


async def on_start(start_data: Any, manager: DialogManager) -> None:
    data = start_data if isinstance(start_data, dict) else {}
    manager.dialog_data["tracker_id"] = data.get("tracker_id")


async def _tracker_or_say(manager: DialogManager, event: Message | CallbackQuery) -> Tracker | None:
    return await dialog_tracker_or_say(manager, event, Action.ALERT_RULES)


# ---------------------------------------------------------------- the list


async def list_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    i18n, app = i18n_of(dialog_manager), app_of(dialog_manager)
    tr = safe(i18n.get)
    notice = "\n".join(i18n.get(n["key"], **n["args"]) for n in dialog_manager.dialog_data.pop("notice", []))
    tracker = await dialog_tracker(dialog_manager, Action.ALERT_RULES)
    if tracker is None:
        return {"text": Html(refused(i18n)), "notice": "", "windows": [], "ok": False}
    now = app.clock()
    windows = (await repo_of(app.alerts).current(tracker.id, to_iso(now)))[:LISTED]
    lines = [tr("maint-title", tracker=tracker.name, tz=tracker.timezone)]
    lines += [window_line(tr, n, w, now) for n, w in enumerate(windows, 1)] or [tr("maint-none")]
    items = [
        (i18n.get("maint-btn-end" if occurrence_at(w, now) else "maint-btn-cancel", n=n), str(w.id))
        for n, w in enumerate(windows, 1)
    ]
    return {"text": Html("\n".join(lines)), "notice": Html(notice), "windows": items, "ok": True}


async def on_cancel_window(query: CallbackQuery, _w: Any, manager: DialogManager, item_id: str) -> None:
    tracker = await _tracker_or_say(manager, query)
    if tracker is None:
        return
    app, user_id = app_of(manager), user_id_of(manager)
    repo, now = repo_of(app.alerts), app.clock()
    window = await repo.get(tracker.id, item_int(item_id))
    if window is None or not await repo.cancel(tracker.id, window.id, user_id, to_iso(now)):
        await toast(query, i18n_of(manager).get("maint-gone"), alert=True)
        return
    running = occurrence_at(window, now) is not None
    await app.audit.record(user_id, "maintenance.end" if running else "maintenance.cancel",
                           tracker_id=tracker.id, **window_args(window))  # fmt: skip
    add_notice(manager, "maint-ended-now" if running else "maint-cancelled")
    await toast(query)


# ---------------------------------------------------------------- what


async def on_new(query: CallbackQuery, _w: Any, manager: DialogManager) -> None:
    if await _tracker_or_say(manager, query) is None:
        return
    for key in (
        "target",
        "campaign_id",
        "rule_id",
        "label",
        "starts",
        "ends",
        "local_start",
        "daily",
        "typed",
    ):
        manager.dialog_data.pop(key, None)
    clear_error(manager)
    await manager.switch_to(MaintenanceSG.what)


async def on_what(query: CallbackQuery, widget: Button, manager: DialogManager) -> None:
    tracker = await _tracker_or_say(manager, query)
    if tracker is None:
        return
    target = widget.widget_id
    manager.dialog_data.update(target=target, campaign_id=None, rule_id=None, label="")
    clear_error(manager)
    if target == "tracker":
        await manager.switch_to(MaintenanceSG.when)
        return
    if target == "campaign":
        try:
            campaigns = await app_of(manager).clients.for_tracker(tracker).campaigns.list()  # a scope cuts it
            choices = [(int(c.id), str(c.name or "")) for c in campaigns]
        except kerr.KeitaroError as err:
            key, args = keitaro_error_key(err)
            await toast(query, i18n_of(manager).get(key, tracker=tracker.name, **args), alert=True)
            return
    else:
        rules = await app_of(manager).alerts.alerts.list_for_tracker(tracker.id)
        choices = [(r.id, r.name) for r in rules]
    if not choices:
        await toast(query, i18n_of(manager).get(f"maint-no-{target}s"), alert=True)
        return
    manager.dialog_data["choices"] = [[i, name] for i, name in choices]
    await manager.switch_to(MaintenanceSG.pick)


async def pick_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    data = dialog_manager.dialog_data
    items = [(f"{name or '#' + str(i)} · {i}", str(i)) for i, name in data.get("choices") or []]
    return {"items": items, "target": data.get("target") or "campaign"}


async def on_pick(query: CallbackQuery, _w: Any, manager: DialogManager, item_id: str) -> None:
    if await _tracker_or_say(manager, query) is None:
        return
    chosen = item_int(item_id)
    names = {int(i): str(name) for i, name in manager.dialog_data.get("choices") or []}
    if chosen not in names:
        await toast(query, i18n_of(manager).get("maint-gone"), alert=True)
        return
    data = manager.dialog_data
    data["label"] = names[chosen] or f"#{chosen}"
    if data.get("target") == "rule":
        rule = await app_of(manager).alerts.alerts.get(int(data["tracker_id"]), chosen)
        if rule is None:
            await toast(query, i18n_of(manager).get("maint-gone"), alert=True)
            return
        data.update(rule_id=chosen, campaign_id=rule.campaign_id)
    else:
        data["campaign_id"] = chosen
    await manager.switch_to(MaintenanceSG.when)


# ---------------------------------------------------------------- when


def _keep(manager: DialogManager, period: parse.Period) -> None:
    manager.dialog_data.update(
        starts=to_iso(period.starts), ends=to_iso(period.ends), local_start=period.local_start
    )


async def on_quick(query: CallbackQuery, widget: Button, manager: DialogManager) -> None:
    tracker = await _tracker_or_say(manager, query)
    if tracker is None:
        return
    clear_error(manager)
    _keep(manager, parse.for_minutes(app_of(manager).clock(), QUICK[str(widget.widget_id)], tracker.timezone))
    await manager.switch_to(MaintenanceSG.repeat)


async def on_typed(message: Message, _w: Any, manager: DialogManager) -> None:
    tracker = await _tracker_or_say(manager, message)
    if tracker is None:
        return
    if message.text is None:  # a photo, a sticker: say what is wanted
        clear_error(manager)
        await unexpected_input(message, _w, manager)
        return
    raw = message.text
    manager.dialog_data["typed"] = echo(raw)
    try:
        period = parse.parse_period(raw, app_of(manager).clock(), tracker.timezone)
    except InputError as err:
        set_error(manager, err.key, typed=echo(raw), **err.args_)
        return
    clear_error(manager)
    _keep(manager, period)
    manager.show_mode = ShowMode.SEND
    await manager.switch_to(MaintenanceSG.repeat)


async def when_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    tr = safe(i18n_of(dialog_manager).get)
    data = dialog_manager.dialog_data
    tracker = await dialog_tracker(dialog_manager, Action.ALERT_RULES)
    return {
        "what": what_text(tr, data.get("target") or "tracker", data.get("label") or ""),
        "tz": tracker.timezone if tracker else "UTC",
        "max": parse.MAX_DAYS,
    }


# ---------------------------------------------------------------- every day? and confirm


async def on_repeat(query: CallbackQuery, widget: Button, manager: DialogManager) -> None:
    daily = widget.widget_id == "daily"
    starts, ends = from_iso(manager.dialog_data["starts"]), from_iso(manager.dialog_data["ends"])
    if daily and (ends - starts).total_seconds() / 60 >= DAY_MINUTES:
        await toast(query, i18n_of(manager).get("maint-err-daily-long"), alert=True)
        return
    manager.dialog_data["daily"] = daily
    await manager.switch_to(MaintenanceSG.confirm)


def _summary(manager: DialogManager, tracker: Tracker | None) -> dict[str, Any]:
    tr = safe(i18n_of(manager).get)
    data = manager.dialog_data
    now = app_of(manager).clock()
    tz = tracker.timezone if tracker else "UTC"
    starts, ends = from_iso(data.get("starts") or to_iso(now)), from_iso(data.get("ends") or to_iso(now))
    minutes = int((ends - starts).total_seconds() // 60)
    return {
        "what": what_text(tr, data.get("target") or "tracker", data.get("label") or ""),
        "start": local(starts, tz, now),
        "end": local(ends, tz, now),
        "local_start": data.get("local_start") or "",
        "length": length_text(tr, minutes),
        "tz": tz,
        "daily": "yes" if data.get("daily") else "no",
    }


async def repeat_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    return _summary(dialog_manager, await dialog_tracker(dialog_manager, Action.ALERT_RULES))


async def confirm_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    return _summary(dialog_manager, await dialog_tracker(dialog_manager, Action.ALERT_RULES))


async def on_create(query: CallbackQuery, _w: Any, manager: DialogManager) -> None:
    tracker = await _tracker_or_say(manager, query)
    data = manager.dialog_data
    if tracker is None or not data.get("starts"):
        return
    app, user_id = app_of(manager), user_id_of(manager)
    starts, ends = from_iso(data["starts"]), from_iso(data["ends"])
    if not data.get("daily") and ends <= app.clock():
        await toast(query, i18n_of(manager).get("maint-err-over"), alert=True)
        await manager.switch_to(MaintenanceSG.when)
        return
    common: dict[str, Any] = {
        "target": data.get("target") or "tracker", "created_by": user_id,
        "created_by_name": manager.middleware_data["event_from_user"].full_name,
        "campaign_id": data.get("campaign_id"), "rule_id": data.get("rule_id"),
        "label": data.get("label") or "", "timezone": tracker.timezone,
    }  # fmt: skip
    repo = repo_of(app.alerts)
    if data.get("daily"):
        minutes = int((ends - starts).total_seconds() // 60)
        window = await repo.create(
            tracker.id, daily_start=data["local_start"], length_minutes=minutes, **common
        )
    else:
        window = await repo.create(tracker.id, starts_at=data["starts"], ends_at=data["ends"], **common)
    await app.audit.record(user_id, "maintenance.create", tracker_id=tracker.id, **window_args(window))
    add_notice(manager, "maint-created")
    await toast(query)
    await manager.switch_to(MaintenanceSG.list)
