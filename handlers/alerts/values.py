"""One value at a time — thresholds, window, ``for`` (typed, or kept at the default / current
value) — and the severity, for a new rule's draft or a saved rule; the list of what to edit."""

from __future__ import annotations

from typing import Any

from aiogram.types import CallbackQuery, Message
from aiogram_dialog import DialogManager, ShowMode
from aiogram_dialog.widgets.kbd import Button

from alerts.automation import action_of
from alerts.kinds import KINDS
from alerts.model import SEVERITIES
from alerts.rules import defaults
from handlers.alerts.actions import can_act
from handlers.alerts.draft import current_rule, draft_of, editing, field_of, go_param, notices
from handlers.alerts.kinds import (
    accept,
    fmt_param,
    full_params,
    one_campaign,
    parse_input,
    step_of,
    steps_of,
    unit_of,
)
from handlers.alerts.states import AlertsSG
from handlers.input import InputError
from handlers.ui import (
    Html,
    add_notice,
    app_of,
    clear_error,
    i18n_of,
    refused,
    set_error,
    toast,
    user_id_of,
)
from services.access import Action


async def _subject(manager: DialogManager) -> tuple[str, dict[str, Any]] | None:
    """(kind, params) being changed: the draft's, or the rule's when editing."""
    if editing(manager):
        rule = await current_rule(manager, Action.ALERT_RULES)
        return None if rule is None else (rule.kind, full_params(rule.kind, rule.params))
    draft = draft_of(manager)
    if draft.get("kind") not in KINDS:
        return None
    return draft["kind"], full_params(draft["kind"], draft.get("params"))


async def param_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    i18n = i18n_of(dialog_manager)
    subject = await _subject(dialog_manager)
    field = str(field_of(dialog_manager))
    if subject is None or step_of(subject[0], field) is None:
        return {"text": Html(i18n.get("stale-button")), "keep": "", "is_bool": False, "ok": False}
    kind, params = subject
    unit = unit_of(kind, field)
    names = [s.name for s in steps_of(kind)]
    value = fmt_param(i18n.get, kind, field, params.get(field))
    lines = []
    if not editing(dialog_manager):
        lines.append(i18n.get("alerts-step", n=names.index(field) + 1, total=len(names)))
    lines.append(i18n.get(f"alerts-q-{kind}-{field}"))
    if editing(dialog_manager):
        lines.append(i18n.get("alerts-now", value=value))
    else:
        default = fmt_param(i18n.get, kind, field, defaults(kind).get(field))
        lines.append(i18n.get("alerts-default", value=default))
    if unit != "bool":
        lines.append(i18n.get(f"alerts-hint-{unit}"))
    return {
        "text": Html("\n".join(lines)),
        "keep": value,
        "is_bool": unit == "bool",
        "ok": True,
        "editing": editing(dialog_manager),
    }


async def _take(manager: DialogManager, value_of: Any) -> None:
    """Validate the value for the current field, store it, go on (or back to the edit list)."""
    i18n = i18n_of(manager)
    subject = await _subject(manager)
    field = field_of(manager)
    if subject is None or step_of(subject[0], field) is None:
        add_notice(manager, "stale-button")
        await manager.switch_to(AlertsSG.list)
        return
    kind, params = subject
    names = [s.name for s in steps_of(kind)]
    try:
        value = value_of(unit_of(kind, field))
        if editing(manager):
            new = accept(i18n.get, kind, params, field, value)
        else:
            done = set(draft_of(manager).get("done") or [])
            later = frozenset(names[names.index(field) + 1 :]) - done
            new = accept(i18n.get, kind, params, field, value, later=later)
    except InputError as err:
        set_error(manager, err.key, **err.args_)
        return
    clear_error(manager)
    if editing(manager):
        rule = await current_rule(manager, Action.ALERT_RULES)
        if rule is not None:
            await app_of(manager).alerts.alerts.update(rule.tracker_id, rule.id, params=new)
            await app_of(manager).audit.record(
                user_id_of(manager), "rule.update", tracker_id=rule.tracker_id, rule=rule.name,
                field=field, old=full_params(rule.kind, rule.params).get(field), new=new.get(field),
            )  # fmt: skip
            add_notice(manager, "alerts-updated", what=i18n.get(f"alerts-p-{field}"))
        manager.dialog_data.pop("preview", None)
        await manager.switch_to(AlertsSG.edit)
        return
    draft = draft_of(manager)
    draft["params"] = new
    draft["done"] = sorted({*draft.get("done", []), field})
    manager.dialog_data.pop("preview", None)
    await go_param(manager, names.index(field) + 1)


async def on_param_text(message: Message, _w: Any, manager: DialogManager, raw: str) -> None:
    manager.show_mode = ShowMode.SEND
    await _take(manager, lambda unit: parse_input(unit, raw))


async def on_keep(query: CallbackQuery, _w: Any, manager: DialogManager) -> None:
    subject = await _subject(manager)
    field = field_of(manager)
    current = subject[1].get(field) if subject is not None else None
    await _take(manager, lambda _unit: current)


async def on_bool(query: CallbackQuery, button: Button, manager: DialogManager) -> None:
    await _take(manager, lambda _unit: button.widget_id == "on")


async def on_param_back(query: CallbackQuery, _w: Any, manager: DialogManager) -> None:
    clear_error(manager)
    if editing(manager):
        await manager.switch_to(AlertsSG.edit)
        return
    kind = draft_of(manager).get("kind", "")
    names = [s.name for s in steps_of(kind)]
    field = field_of(manager)
    index = names.index(field) if field in names else 0
    if index > 0:
        await go_param(manager, index - 1)
    elif one_campaign(kind):
        await manager.switch_to(AlertsSG.scope)
    else:
        await manager.switch_to(AlertsSG.kind)


async def severity_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    i18n = i18n_of(dialog_manager)
    if editing(dialog_manager):
        rule = await current_rule(dialog_manager)
        current = rule.severity if rule is not None else ""
        default = ""
    else:
        current = str(draft_of(dialog_manager).get("severity") or "")
        kind = draft_of(dialog_manager).get("kind")
        default = KINDS[kind].severity.value if kind in KINDS else ""
    lines = [i18n.get("alerts-severity-ask"), ""]
    lines += [i18n.get(f"alerts-sev-{s.value}-long") for s in reversed(SEVERITIES)]
    if default:
        lines += ["", i18n.get("alerts-default", value=i18n.get(f"alerts-sev-{default}-btn"))]
    return {
        "text": Html("\n".join(lines)),
        "severities": [
            (("● " if s.value == current else "") + i18n.get(f"alerts-sev-{s.value}-btn"), s.value)
            for s in reversed(SEVERITIES)
        ],
    }


async def on_severity(query: CallbackQuery, _w: Any, manager: DialogManager, value: str) -> None:
    if value not in {s.value for s in SEVERITIES}:
        return
    if editing(manager):
        rule = await current_rule(manager, Action.ALERT_RULES)
        if rule is not None:
            await app_of(manager).alerts.alerts.update(rule.tracker_id, rule.id, severity=value)
            await app_of(manager).audit.record(
                user_id_of(manager), "rule.update", tracker_id=rule.tracker_id, rule=rule.name,
                field="severity", old=rule.severity, new=value,
            )  # fmt: skip
            add_notice(manager, "alerts-updated", what=i18n_of(manager).get("alerts-p-severity"))
        await manager.switch_to(AlertsSG.edit)
        return
    draft_of(manager)["severity"] = value
    await manager.switch_to(AlertsSG.summary)


async def on_severity_back(query: CallbackQuery, _w: Any, manager: DialogManager) -> None:
    if editing(manager):
        await manager.switch_to(AlertsSG.edit)
        return
    kind = draft_of(manager).get("kind", "")
    steps = steps_of(kind)
    await go_param(manager, max(0, len(steps) - 1))


async def edit_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    i18n = i18n_of(dialog_manager)
    rule = await current_rule(dialog_manager, Action.ALERT_RULES)
    if rule is None:
        text = Html(refused(i18n, "alerts-rule-gone"))
        return {"text": text, "fields": [], "notice": "", "severity": "", "can_act": False}
    params = full_params(rule.kind, rule.params)
    fields = [
        (
            f"{i18n.get(f'alerts-p-{s.name}')}: {fmt_param(i18n.get, rule.kind, s.name, params.get(s.name))}",
            s.name,
        )
        for s in steps_of(rule.kind)
    ]
    return {
        "notice": notices(dialog_manager),
        "text": Html(i18n.get("alerts-edit-ask", name=rule.name)),
        "fields": fields,
        "severity": i18n.get(f"alerts-sev-{rule.severity}"),
        "can_act": can_act(rule.kind, rule.campaign_id, rule.params) or action_of(rule) is not None,
    }


async def on_edit(query: CallbackQuery, _w: Any, manager: DialogManager) -> None:
    manager.dialog_data["mode"] = "edit"
    clear_error(manager)
    await manager.switch_to(AlertsSG.edit)


async def on_edit_field(query: CallbackQuery, _w: Any, manager: DialogManager, name: str) -> None:
    rule = await current_rule(manager, Action.ALERT_RULES)
    if rule is None or step_of(rule.kind, name) is None:
        await toast(query, refused(i18n_of(manager), "stale-button"), alert=True)
        return
    manager.dialog_data.update(mode="edit", field=name)
    clear_error(manager)
    await manager.switch_to(AlertsSG.param)


async def on_edit_done(query: CallbackQuery, _w: Any, manager: DialogManager) -> None:
    manager.dialog_data["mode"] = "view"
    await manager.switch_to(AlertsSG.rule)
