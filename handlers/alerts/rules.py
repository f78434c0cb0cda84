"""/alerts on the active tracker: open alerts first (state, severity, age, value, who acked), then
the rules (kind, scope, severity, on/off, muted, current state with its notes). A rule's card
previews it, edits its values and severity, switches it off and on, mutes it (1 h / 24 h / until
unmuted) and deletes it (after a confirmation). New rules are made from templates
(:mod:`handlers.alerts.create`)."""

from __future__ import annotations

from typing import Any

from aiogram.types import CallbackQuery, Message
from aiogram_dialog import Dialog, DialogManager, ShowMode, StartMode, Window
from aiogram_dialog.widgets.input import TextInput
from aiogram_dialog.widgets.kbd import Button, Cancel, Group, Row, ScrollingGroup, SwitchTo
from aiogram_dialog.widgets.text import Format
from aiogram_i18n import I18nContext

from alerts.audience import Audience
from handlers.alerts import actions, create, history, route, values
from handlers.alerts.changes import delete_getter, on_delete, on_mute, on_toggle
from handlers.alerts.common import is_muted
from handlers.alerts.draft import current_rule, notices
from handlers.alerts.render import SEVERITY_ICON
from handlers.alerts.states import AlertsSG
from handlers.alerts.views import open_alert_line, rule_card, rule_line
from handlers.context import AppContext
from handlers.input import item_int
from handlers.maintenance.dialog import on_open_from_alerts
from handlers.notices import safe
from handlers.ui import (
    ErrorLine,
    Html,
    T,
    active_tracker_or_say,
    app_of,
    dialog_tracker,
    fallback_input,
    i18n_of,
    pick,
    toast,
    user_id_of,
)
from services.access import Action, allows

__all__ = ["build_dialog", "cmd_alerts", "open_alerts_screen"]

OPEN_SHOWN = 10
RULES_SHOWN = 15


async def cmd_alerts(
    message: Message, app: AppContext, i18n: I18nContext, dialog_manager: DialogManager
) -> None:
    tracker = await active_tracker_or_say(message, app, i18n)
    if tracker is None:
        return
    await open_alerts_screen(dialog_manager, tracker.id)


async def open_alerts_screen(manager: DialogManager, tracker_id: int) -> None:
    await manager.start(
        AlertsSG.list, data={"tracker_id": tracker_id}, mode=StartMode.RESET_STACK, show_mode=ShowMode.SEND
    )


async def on_start(start_data: Any, manager: DialogManager) -> None:
    data = start_data if isinstance(start_data, dict) else {}
    manager.dialog_data["tracker_id"] = data.get("tracker_id")
    manager.dialog_data["mode"] = "view"


# ---------------------------------------------------------------- the list


async def list_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    i18n, app = i18n_of(dialog_manager), app_of(dialog_manager)
    tracker = await dialog_tracker(dialog_manager)
    base: dict[str, Any] = {"notice": notices(dialog_manager), "rules": [], "can_rules": False}
    if tracker is None:
        return {**base, "text": Html(i18n.get("res-no-tracker"))}
    repo, now = app.alerts.alerts, app.clock()
    rules = await repo.list_for_tracker(tracker.id)  # the tracker's, whoever of the team made them
    open_alerts = await repo.list_open([tracker.id])
    if tracker.scope is not None:  # a buyer: only what tells of their campaigns
        audience, reader = Audience(app.alerts, tracker.id), user_id_of(dialog_manager)
        rules = [r for r in rules if await audience.may_see(reader, await audience.rule_subject(r))]
    by_id = {r.id: r for r in rules}
    open_alerts = [a for a in open_alerts if a.rule_id in by_id]
    tz = tracker.timezone
    lines = [i18n.get("alerts-list-head", tracker=tracker.name)]
    if open_alerts:
        lines.append(i18n.get("alerts-list-open", count=len(open_alerts)))
        lines += [
            open_alert_line(safe(i18n.get), a, by_id[a.rule_id], now, tz) for a in open_alerts[:OPEN_SHOWN]
        ]
        if len(open_alerts) > OPEN_SHOWN:
            lines.append(i18n.get("alerts-more", count=len(open_alerts) - OPEN_SHOWN))
    else:
        lines.append(i18n.get("alerts-list-no-open"))
    lines.append("")
    if rules:
        lines.append(i18n.get("alerts-list-rules", count=len(rules)))
        for rule in rules[:RULES_SHOWN]:
            lines.append(rule_line(safe(i18n.get), rule, await repo.states_of(rule.id), now, tz))
        if len(rules) > RULES_SHOWN:
            lines.append(i18n.get("alerts-more", count=len(rules) - RULES_SHOWN))
    else:
        lines.append(i18n.get("alerts-list-no-rules"))
    lines.append("")
    lines += await route.route_lines(app, safe(i18n.get), tracker, user_id_of(dialog_manager))
    items = [(_button_label(r, now), str(r.id)) for r in rules]
    can_rules = allows(tracker.role, Action.ALERT_RULES)  # a viewer, an operator: no ➕ New rule
    return {**base, "text": Html("\n".join(lines)), "rules": items, "can_rules": can_rules}


def _button_label(rule: Any, now: Any) -> str:
    marks = SEVERITY_ICON.get(rule.severity, "⚪")
    if not rule.enabled:
        marks += " ⏸"
    if is_muted(rule, now):
        marks += " 🔕"
    return f"{marks} {rule.name}"


async def on_rule_pick(query: CallbackQuery, _w: Any, manager: DialogManager, item_id: str) -> None:
    manager.dialog_data.update(rule_id=item_int(item_id), mode="view")
    manager.dialog_data.pop("preview", None)
    if await current_rule(manager) is None:
        await toast(query, i18n_of(manager).get("alerts-rule-gone"), alert=True)
        return
    await manager.switch_to(AlertsSG.rule)


# ---------------------------------------------------------------- one rule


async def rule_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    i18n, app = i18n_of(dialog_manager), app_of(dialog_manager)
    rule = await current_rule(dialog_manager)
    tracker = await dialog_tracker(dialog_manager)
    base = {"notice": notices(dialog_manager), "preview": "", "ok": False, "enabled": False, "muted": False}
    if rule is None or tracker is None:
        return {**base, "text": Html(i18n.get("alerts-rule-gone"))}
    repo, now = app.alerts.alerts, app.clock()
    states = await repo.states_of(rule.id)
    alerts = [a for a in await repo.list_open([tracker.id]) if a.rule_id == rule.id]
    campaign = next((str(a.details["campaign"]) for a in alerts if a.details.get("campaign")), None)
    text = rule_card(safe(i18n.get), rule, states, alerts, now=now, tz=tracker.timezone, campaign=campaign)
    preview = dialog_manager.dialog_data.get("preview")
    return {
        **base,
        "text": Html(text),
        "preview": Html("\n" + preview) if preview else "",
        "ok": True,
        "enabled": rule.enabled,
        "muted": is_muted(rule, now),
    }


async def on_rule_preview(query: CallbackQuery, _w: Any, manager: DialogManager) -> None:
    rule = await current_rule(manager)
    if rule is None:
        await toast(query, i18n_of(manager).get("alerts-rule-gone"), alert=True)
        return
    manager.dialog_data["preview"] = await create.run_preview(manager, rule)


# ---------------------------------------------------------------- the dialog


def build_dialog() -> Dialog:
    to_list = SwitchTo(T("btn-back"), id="to_list", state=AlertsSG.list)
    cancel_new = SwitchTo(T("btn-cancel"), id="cancel_new", state=AlertsSG.list)
    return Dialog(
        Window(
            Format("{notice}"),
            Format("{text}"),
            ScrollingGroup(
                pick("rule", "rules", on_rule_pick),
                id="rules",
                width=1,
                height=8,
                hide_on_single_page=True,
            ),
            Button(T("alerts-btn-new"), id="new", on_click=create.on_new, when="can_rules"),
            Button(T("tl-btn-history"), id="history", on_click=history.on_history),
            Button(T("maint-btn-open"), id="maintenance", on_click=on_open_from_alerts, when="can_rules"),
            Row(Button(T("btn-res-refresh"), id="refresh"), Cancel(T("btn-close"))),
            fallback_input(),
            state=AlertsSG.list,
            getter=list_getter,
        ),
        Window(
            Format("{notice}"),
            Format("{text}"),
            Format("{preview}"),
            Row(
                Button(T("alerts-btn-preview"), id="preview", on_click=on_rule_preview, when="ok"),
                Button(T("alerts-btn-edit"), id="edit", on_click=values.on_edit, when="ok"),
            ),
            Row(
                Button(T("alerts-btn-disable"), id="disable", on_click=on_toggle, when="enabled"),
                Button(
                    T("alerts-btn-enable"),
                    id="enable",
                    on_click=on_toggle,
                    when=lambda d, w, m: d["ok"] and not d["enabled"],
                ),
                SwitchTo(T("alerts-btn-delete"), id="delete", state=AlertsSG.delete, when="ok"),
            ),
            Row(
                Button(T("alerts-btn-mute-1h"), id="mute_1h", on_click=on_mute),
                Button(T("alerts-btn-mute-24h"), id="mute_24h", on_click=on_mute),
                Button(T("alerts-btn-mute-forever"), id="mute_forever", on_click=on_mute),
                when=lambda d, w, m: d["ok"] and not d["muted"],
            ),
            Button(T("alerts-btn-unmute"), id="unmute", on_click=on_mute, when="muted"),
            to_list,
            fallback_input(),
            state=AlertsSG.rule,
            getter=rule_getter,
        ),
        Window(
            Format("{text}"),
            Row(
                Button(T("alerts-btn-delete-yes"), id="delete_yes", on_click=on_delete, when="ok"),
                SwitchTo(T("btn-cancel"), id="delete_no", state=AlertsSG.rule),
            ),
            fallback_input(),
            state=AlertsSG.delete,
            getter=delete_getter,
        ),
        Window(
            Format("{text}"),
            Group(pick("kind", "kinds", create.on_kind), width=2),
            Group(pick("template", "templates", actions.on_template), width=1),
            cancel_new,
            fallback_input(),
            state=AlertsSG.kind,
            getter=create.kind_getter,
        ),
        Window(
            Format("{text}"),
            Button(T("alerts-btn-scope-each"), id="scope_each", on_click=create.on_scope, when="can_sum"),
            Button(T("alerts-btn-scope-sum"), id="scope_sum", on_click=create.on_scope, when="can_sum"),
            Button(
                T("alerts-btn-scope-tracker"),
                id="scope_tracker",
                on_click=create.on_scope,
                when=lambda d, w, m: not d["can_sum"],
            ),
            SwitchTo(T("alerts-btn-scope-campaign"), id="scope_campaign", state=AlertsSG.campaign),
            Row(SwitchTo(T("btn-back"), id="back", state=AlertsSG.kind), cancel_new),
            fallback_input(),
            state=AlertsSG.scope,
            getter=create.scope_getter,
        ),
        Window(
            T("alerts-campaign-ask"),
            Format("{problem}"),
            ScrollingGroup(
                pick("campaign", "items", create.on_campaign),
                id="campaigns",
                width=1,
                height=8,
                hide_on_single_page=True,
            ),
            Row(SwitchTo(T("btn-back"), id="back", state=AlertsSG.scope), cancel_new),
            fallback_input(),
            state=AlertsSG.campaign,
            getter=create.campaign_getter,
        ),
        Window(
            ErrorLine(),
            Format("{text}"),
            TextInput(id="value", on_success=values.on_param_text),
            Row(
                Button(T("alerts-btn-on"), id="on", on_click=values.on_bool),
                Button(T("alerts-btn-off"), id="off", on_click=values.on_bool),
                when="is_bool",
            ),
            Button(T("alerts-btn-keep", value="keep"), id="keep", on_click=values.on_keep, when="ok"),
            Row(
                Button(T("btn-back"), id="back", on_click=values.on_param_back),
                SwitchTo(
                    T("btn-cancel"),
                    id="cancel",
                    state=AlertsSG.list,
                    when=lambda d, w, m: not d.get("editing"),
                ),
            ),
            fallback_input(),
            state=AlertsSG.param,
            getter=values.param_getter,
        ),
        Window(
            Format("{text}"),
            Group(pick("severity", "severities", values.on_severity), width=1),
            Row(Button(T("btn-back"), id="back", on_click=values.on_severity_back)),
            fallback_input(),
            state=AlertsSG.severity,
            getter=values.severity_getter,
        ),
        Window(
            ErrorLine(),
            Format("{text}"),
            Format("{preview}"),
            Row(
                Button(T("alerts-btn-preview"), id="preview", on_click=create.on_preview, when="ok"),
                Button(T("alerts-btn-save"), id="save", on_click=create.on_save, when="ok"),
            ),
            SwitchTo(T("auto-btn-action"), id="action", state=AlertsSG.action, when="can_act"),
            Row(
                Button(T("alerts-btn-change"), id="change", on_click=create.on_change_values, when="ok"),
                cancel_new,
            ),
            fallback_input(),
            state=AlertsSG.summary,
            getter=create.summary_getter,
        ),
        Window(
            Format("{text}"),
            Group(pick("action", "choices", actions.on_action), width=1),
            Button(T("btn-back"), id="action_back", on_click=actions.on_action_back),
            fallback_input(),
            state=AlertsSG.action,
            getter=actions.action_getter,
        ),
        Window(
            Format("{text}"),
            Group(pick("route", "routes", create.on_route), width=1),
            Row(SwitchTo(T("btn-back"), id="route_back", state=AlertsSG.summary), cancel_new),
            fallback_input(),
            state=AlertsSG.route,
            getter=route.route_getter,
        ),
        Window(
            Format("{notice}"),
            Format("{text}"),
            Group(pick("field", "fields", values.on_edit_field), width=1),
            SwitchTo(T("alerts-btn-severity", severity="severity"), id="severity", state=AlertsSG.severity),
            SwitchTo(T("auto-btn-action"), id="edit_action", state=AlertsSG.action, when="can_act"),
            Button(T("btn-back"), id="done", on_click=values.on_edit_done),
            fallback_input(),
            state=AlertsSG.edit,
            getter=values.edit_getter,
        ),
        *history.windows(),  # 📚 History (issue 19)
        on_start=on_start,
    )
