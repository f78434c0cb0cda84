"""Making a rule: template (kind) → scope (whole tracker or a campaign) → the kind's thresholds,
window and ``for`` one by one (:mod:`handlers.alerts.values`: each prefilled with the default, typed
or kept) → severity → summary with Preview (the engine evaluates it now) and Save.

The draft lives in ``dialog_data["draft"]``: kind, campaign, params, severity, the steps done.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from aiogram.types import CallbackQuery
from aiogram_dialog import DialogManager
from aiogram_dialog.widgets.kbd import Button

from alerts.kinds import KINDS
from alerts.rules import defaults
from handlers.alerts.actions import action_kind_for, action_line, save_action, template_items
from handlers.alerts.draft import draft_of, go_param, rule_name
from handlers.alerts.kinds import full_params, kind_names, one_campaign, steps_of, validate
from handlers.alerts.route import ME, first_rule, route_lines
from handlers.alerts.states import AlertsSG
from handlers.alerts.views import param_line, preview_text, scope_name
from handlers.notices import safe
from handlers.ui import (
    Html,
    add_notice,
    app_of,
    clear_error,
    dialog_tracker,
    i18n_of,
    keitaro_error_key,
    keitaro_sentence,
    refused,
    set_error,
    toast,
    user_id_of,
)
from keitaro import errors as kerr
from services.access import Action
from storage.alerts import AlertRule

log = logging.getLogger(__name__)

PREVIEW_TIMEOUT = 60.0
CAMPAIGNS_MAX = 300


async def on_new(query: CallbackQuery, _w: Any, manager: DialogManager) -> None:
    if await dialog_tracker(manager, Action.ALERT_RULES) is None:  # a role lowered since the list was drawn
        await toast(query, refused(i18n_of(manager), "res-no-tracker"), alert=True)
        return
    manager.dialog_data.update(mode="create", draft={})
    manager.dialog_data.pop("preview", None)
    clear_error(manager)
    await manager.switch_to(AlertsSG.kind)


async def kind_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    i18n = i18n_of(dialog_manager)
    names = kind_names()
    lines = [i18n.get("alerts-kind-ask")]
    lines += [
        i18n.get(
            "alerts-kind-line", kind=i18n.get(f"alerts-kind-{k}"), about=i18n.get(f"alerts-kind-{k}-about")
        )
        for k in names
    ]
    templates = template_items(i18n.get)
    if templates:
        lines.append(i18n.get("auto-tpl-ask"))
    return {
        "text": Html("\n".join(lines)),
        "kinds": [(i18n.get(f"alerts-kind-{k}"), k) for k in names],
        "templates": templates,
    }


async def on_kind(query: CallbackQuery, _w: Any, manager: DialogManager, kind: str) -> None:
    if kind not in KINDS:
        await toast(query, i18n_of(manager).get("stale-button"), alert=True)
        return
    manager.dialog_data["draft"] = {
        "kind": kind,
        "params": defaults(kind),
        "severity": KINDS[kind].severity.value,
        "campaign_id": None,
        "campaign": None,
        "done": [],
    }
    manager.dialog_data.pop("preview", None)
    if one_campaign(kind):
        await manager.switch_to(AlertsSG.scope)
    else:
        await go_param(manager, 0)


async def scope_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    i18n = i18n_of(dialog_manager)
    kind = draft_of(dialog_manager).get("kind", "")
    tracker = await dialog_tracker(dialog_manager, Action.ALERT_RULES)
    can_sum = "per_campaign" in defaults(kind) if kind in KINDS else False
    ask = i18n.get(
        "alerts-scope-ask",
        kind=i18n.get(f"alerts-kind-{kind}") if kind in KINDS else kind,
        tracker=tracker.name if tracker else "",
    )
    return {
        "text": Html(ask + ("\n\n" + i18n.get("alerts-scope-sum-explain") if can_sum else "")),
        "can_sum": can_sum,
    }


async def on_scope(query: CallbackQuery, button: Button, manager: DialogManager) -> None:
    draft = draft_of(manager)
    if draft.get("kind") not in KINDS:
        await manager.switch_to(AlertsSG.kind)
        return
    draft.update(campaign_id=None, campaign=None)
    if "per_campaign" in draft["params"]:
        draft["params"]["per_campaign"] = button.widget_id != "scope_sum"
    await go_param(manager, 0)


async def campaign_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    i18n, data = i18n_of(dialog_manager), dialog_manager.dialog_data
    tracker = await dialog_tracker(dialog_manager, Action.ALERT_RULES)
    base = {"problem": "", "items": [], "tracker": tracker.name if tracker else ""}
    if tracker is None:
        return {**base, "problem": Html(i18n.get("res-no-tracker"))}
    if "campaigns" not in data:
        try:
            campaigns = await app_of(dialog_manager).clients.for_tracker(tracker).campaigns.list()
        except kerr.KeitaroError as err:
            return {**base, "problem": keitaro_sentence(i18n, err, tracker.name)}
        data["campaigns"] = [
            [c.id, c.name, str(getattr(c, "state", "") or "")] for c in campaigns[:CAMPAIGNS_MAX]
        ]
    marks = {"active": "🟢", "disabled": "⏸", "archived": "🗄"}
    items = [(f"{marks.get(state, '')} {name}".strip(), str(cid)) for cid, name, state in data["campaigns"]]
    if not items:
        return {**base, "problem": Html(i18n.get("alerts-no-campaigns"))}
    return {**base, "items": items}


async def on_campaign(query: CallbackQuery, _w: Any, manager: DialogManager, item_id: str) -> None:
    found = next((c for c in manager.dialog_data.get("campaigns") or [] if str(c[0]) == item_id), None)
    draft = draft_of(manager)
    if found is None or draft.get("kind") not in KINDS:
        await toast(query, i18n_of(manager).get("stale-button"), alert=True)
        return
    draft.update(campaign_id=int(found[0]), campaign=str(found[1]))
    await go_param(manager, 0)


def draft_rule(manager: DialogManager) -> AlertRule | None:
    draft = draft_of(manager)
    kind = draft.get("kind")
    if kind not in KINDS:
        return None
    return AlertRule(
        id=0,
        owner_id=user_id_of(manager),
        tracker_id=int(manager.dialog_data["tracker_id"]),
        kind=kind,
        name=_name(manager, kind, draft),
        campaign_id=draft.get("campaign_id"),
        params=full_params(kind, draft.get("params")),
        severity=str(draft.get("severity") or KINDS[kind].severity.value),
        enabled=True,
        muted_until=None,
        created_at="",
    )


def _name(manager: DialogManager, kind: str, draft: dict[str, Any]) -> str:
    """The kind's name with the campaign's, or a template's name for a rule made from one."""
    i18n, template = i18n_of(manager), draft.get("template")
    if not template:
        return rule_name(i18n, kind, draft.get("campaign"))
    label = str(i18n.get(f"auto-tpl-{template}-name"))
    return f"{label} · {draft['campaign']}" if draft.get("campaign") else label


async def summary_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    i18n = i18n_of(dialog_manager)
    rule = draft_rule(dialog_manager)
    if rule is None:
        return {"text": Html(i18n.get("stale-button")), "preview": "", "ok": False, "can_act": False}
    lines = [
        i18n.get("alerts-summary-head", name=rule.name),
        i18n.get(
            "alerts-card-kind",
            kind=i18n.get(f"alerts-kind-{rule.kind}"),
            about=i18n.get(f"alerts-kind-{rule.kind}-about"),
        ),
        i18n.get(
            "alerts-card-scope",
            scope=scope_name(safe(i18n.get), rule, draft_of(dialog_manager).get("campaign")),
        ),
    ]
    lines += [
        param_line(safe(i18n.get), rule.kind, s.name, rule.params.get(s.name)) for s in steps_of(rule.kind)
    ]
    lines.append(i18n.get("alerts-card-severity", severity=i18n.get(f"alerts-sev-{rule.severity}")))
    what = action_kind_for(rule.kind, rule.campaign_id, rule.params)
    acts = what is not None
    if acts:
        action = draft_of(dialog_manager).get("action") or {}
        lines.append(action_line(i18n.get, action.get("mode"), int(action.get("delay") or 0), what))
    preview = dialog_manager.dialog_data.get("preview")
    return {
        "text": Html("\n".join(lines)),
        "preview": Html("\n" + preview) if preview else "",
        "ok": True,
        "can_act": acts,
    }


async def run_preview(manager: DialogManager, rule: AlertRule) -> str:
    """The preview's text (or why there is none)."""
    i18n = i18n_of(manager)
    try:
        observations = await asyncio.wait_for(app_of(manager).engine.preview(rule), PREVIEW_TIMEOUT)
    except kerr.KeitaroError as err:
        key, args = keitaro_error_key(err)
        return str(i18n.get(key, tracker="", **args))
    except Exception:
        log.warning("alerts: preview of rule %s failed", rule.id, exc_info=True)
        return str(i18n.get("alerts-prev-failed"))
    return preview_text(safe(i18n.get), rule, observations)


async def on_preview(query: CallbackQuery, _w: Any, manager: DialogManager) -> None:
    """Preview of the draft (summary screen)."""
    rule = draft_rule(manager)
    if rule is None:
        await toast(query, i18n_of(manager).get("stale-button"), alert=True)
        return
    manager.dialog_data["preview"] = await run_preview(manager, rule)


async def on_save(query: CallbackQuery, _w: Any, manager: DialogManager) -> None:
    """Save the draft; the first rule of a tracker first asks who hears its alerts."""
    tracker = await dialog_tracker(manager, Action.ALERT_RULES)
    if tracker is not None and draft_rule(manager) is not None and await first_rule(app_of(manager), tracker):
        await manager.switch_to(AlertsSG.route)
        return
    if await save_draft(query, manager):
        await manager.switch_to(AlertsSG.rule)


async def on_route(query: CallbackQuery, _w: Any, manager: DialogManager, choice: str) -> None:
    """The first rule's answer to "who hears it": "me" subscribes the person's private chat (a
    subscribed team chat and the rotation hear it already); then the rule is saved and the person
    is told where its alerts will go."""
    app, i18n = app_of(manager), i18n_of(manager)
    tracker = await dialog_tracker(manager, Action.ALERT_RULES)
    if tracker is None or draft_rule(manager) is None:
        await toast(query, i18n.get("stale-button"), alert=True)
        return
    user_id = user_id_of(manager)
    if choice == ME:
        await app.alerts.subscriptions.subscribe(
            user_id, tracker.id, user_id, "private", None, i18n.locale, "info"
        )
    if not await save_draft(query, manager):
        return
    lines = await route_lines(app, safe(i18n.get), tracker, user_id)
    add_notice(manager, "alerts-route-now", where=Html("\n".join(lines)))
    await manager.switch_to(AlertsSG.rule)


async def save_draft(query: CallbackQuery, manager: DialogManager) -> bool:
    """Save the draft as a rule of the dialog's tracker; False (and the person told why) if not."""
    i18n = i18n_of(manager)
    rule = draft_rule(manager)
    tracker = await dialog_tracker(manager, Action.ALERT_RULES)
    if rule is None or tracker is None:
        await toast(query, i18n.get("stale-button"), alert=True)
        return False
    params = validate(rule.kind, rule.params)
    if params is None:
        set_error(manager, "alerts-err-save")
        await manager.switch_to(AlertsSG.summary)
        return False
    saved = await app_of(manager).alerts.alerts.create(
        user_id_of(manager), tracker.id, rule.kind, rule.name, rule.campaign_id, params, rule.severity
    )
    await app_of(manager).audit.record(
        user_id_of(manager), "rule.create", tracker_id=tracker.id, rule=saved.name, kind=saved.kind
    )
    await save_action(manager, saved, draft_of(manager))
    manager.dialog_data.pop("draft", None)
    manager.dialog_data.pop("preview", None)
    manager.dialog_data.update(rule_id=saved.id, mode="view")
    add_notice(manager, "alerts-saved", name=saved.name)
    await toast(query, i18n.get("alerts-saved-toast"))
    return True


async def on_change_values(query: CallbackQuery, _w: Any, manager: DialogManager) -> None:
    await go_param(manager, 0)
