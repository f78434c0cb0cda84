"""Changes to one alert rule from its card: enable/disable and delete (the tracker's managers and
owner), mute and unmute (whoever may answer its alerts). Each asks the access decision at the
press, is audited in the person's name, and refreshes the rule's open alert messages."""

from __future__ import annotations

import contextlib
from datetime import timedelta
from typing import Any

from aiogram.exceptions import TelegramAPIError
from aiogram.types import CallbackQuery
from aiogram_dialog import DialogManager
from aiogram_dialog.widgets.kbd import Button

from handlers.alerts.buttons import refresh_alert
from handlers.alerts.common import FOREVER
from handlers.alerts.draft import current_rule
from handlers.alerts.states import AlertsSG
from handlers.ui import Html, add_notice, app_of, i18n_of, refused, toast, user_id_of
from services.access import Action
from storage.alerts import to_iso

__all__ = ["MUTE_FOR", "delete_getter", "on_delete", "on_mute", "on_toggle"]

MUTE_FOR = {"mute_1h": timedelta(hours=1), "mute_24h": timedelta(hours=24)}


async def on_toggle(query: CallbackQuery, _w: Any, manager: DialogManager) -> None:
    rule = await current_rule(manager, Action.ALERT_RULES)
    if rule is None:
        await toast(query, refused(i18n_of(manager), "alerts-rule-gone"), alert=True)
        return
    await app_of(manager).alerts.alerts.set_enabled(rule.tracker_id, rule.id, not rule.enabled)
    await app_of(manager).audit.record(
        user_id_of(manager), "rule.enable" if not rule.enabled else "rule.disable",
        tracker_id=rule.tracker_id, rule=rule.name,
    )  # fmt: skip
    add_notice(manager, "alerts-enabled" if not rule.enabled else "alerts-disabled", name=rule.name)


async def on_mute(query: CallbackQuery, button: Button, manager: DialogManager) -> None:
    rule = await current_rule(manager, Action.RESPOND)
    if rule is None:
        await toast(query, refused(i18n_of(manager), "alerts-rule-gone"), alert=True)
        return
    app, now = app_of(manager), app_of(manager).clock()
    key = button.widget_id or ""
    if key == "unmute":
        until, notice = None, "alerts-unmuted"
    elif key == "mute_forever":
        until, notice = FOREVER, "alerts-muted-forever"
    else:
        until, notice = to_iso(now + MUTE_FOR.get(key, timedelta(hours=1))), "alerts-muted-card"
    await app.alerts.alerts.mute(rule.id, until)
    await app.audit.record(
        user_id_of(manager), "rule.mute", tracker_id=rule.tracker_id, rule=rule.name, until=until or "off"
    )
    add_notice(manager, notice, name=rule.name)
    await _refresh_open(manager, rule.id, rule.tracker_id)


async def _refresh_open(manager: DialogManager, rule_id: int, tracker_id: int) -> None:
    """Alert messages of the rule show the mute (or its end)."""
    app = app_of(manager)
    for alert in await app.alerts.alerts.list_open([tracker_id]):
        if alert.rule_id == rule_id:
            await refresh_alert(app, manager.middleware_data["bot"], i18n_of(manager), alert.id)


async def delete_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    i18n = i18n_of(dialog_manager)
    rule = await current_rule(dialog_manager, Action.ALERT_RULES)
    if rule is None:
        return {"text": Html(refused(i18n, "alerts-rule-gone")), "ok": False}
    return {"text": Html(i18n.get("alerts-delete-ask", name=rule.name)), "ok": True}


async def on_delete(query: CallbackQuery, _w: Any, manager: DialogManager) -> None:
    rule = await current_rule(manager, Action.ALERT_RULES)
    app = app_of(manager)
    if rule is None:
        await toast(query, refused(i18n_of(manager), "alerts-rule-gone"), alert=True)
        await manager.switch_to(AlertsSG.list)
        return
    repo, bot = app.alerts.alerts, manager.middleware_data["bot"]
    # the messages of its open alerts lose their buttons (the alerts go with the rule)
    for alert in await repo.list_open([rule.tracker_id]):
        if alert.rule_id != rule.id:
            continue
        for chat_id, message_id in await repo.messages_of(alert.id):
            with contextlib.suppress(TelegramAPIError):
                await bot.edit_message_reply_markup(chat_id=chat_id, message_id=message_id, reply_markup=None)
    await repo.delete(rule.tracker_id, rule.id)
    await app.audit.record(user_id_of(manager), "rule.delete", tracker_id=rule.tracker_id, rule=rule.name)
    manager.dialog_data.pop("rule_id", None)
    add_notice(manager, "alerts-deleted", name=rule.name)
    await manager.switch_to(AlertsSG.list)
