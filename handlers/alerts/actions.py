"""A rule's action in the rule-making flow (issue 17): the templates on the kind picker (a kind +
preset values + an action), the "🤖 Action" screen (none / propose a pause / pause after 15, 30 or
60 minutes unacknowledged / dry run), and the action's line on the summary and the rule's card.

The draft keeps the action as ``draft["action"]``: ``{"mode": ..., "delay": minutes}`` (the kind of
action is always "pause the campaign" for now); saving gives the rule its action through
:meth:`storage.automations.AutomationRepo.set_action`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from aiogram.types import CallbackQuery
from aiogram_dialog import DialogManager

from alerts.automation import MODES, action_of
from alerts.kinds import KINDS
from alerts.rules import defaults
from handlers.alerts.draft import current_rule, draft_of, editing, go_param
from handlers.alerts.kinds import Tr, one_campaign
from handlers.alerts.states import AlertsSG
from handlers.ui import Html, add_notice, app_of, i18n_of, refused, toast, user_id_of
from services.access import Action
from storage.alerts import AlertRule

__all__ = [
    "DELAYS",
    "TEMPLATES",
    "action_choices",
    "action_getter",
    "action_kind_for",
    "action_line",
    "can_act",
    "on_action",
    "on_action_back",
    "on_template",
    "save_action",
    "template_items",
]

PAUSE = "pause_campaign"
OFFER = "offer_share_zero"
DELAYS = (15, 30, 60)


@dataclass(frozen=True, slots=True)
class Template:
    """A rule kind with preset values and an action."""

    key: str
    kind: str
    params: dict[str, Any] = field(default_factory=dict)
    mode: str = "propose"
    delay: int = 0


TEMPLATES: tuple[Template, ...] = (
    # cost at or above X and nothing earned back: ROI at −100 % (below −99 %) once the spend is there
    Template("spend_no_conversions", "roi_below",
             {"window_hours": 24, "fire_below": -99.0, "resolve_above": 0.0, "min_cost": 50.0}),
    Template("roi_below_spend", "roi_below",
             {"window_hours": 24, "fire_below": -30.0, "resolve_above": 0.0, "min_cost": 100.0}),
    # an offer that reached its daily cap: its share in the flows goes to the other offers
    Template("offer_cap_zero", "object_changed", {"campaigns": False, "flows": False, "offer_caps": True},
             mode="auto", delay=15),
)  # fmt: skip


def action_kind_for(kind: str, campaign_id: int | None, params: dict[str, Any]) -> str | None:
    """The action a rule of this kind and scope can have: pause the campaign (a metric rule about one
    campaign at a time), the offer's share → 0 (a rule watching offer caps only), or none."""
    declared = KINDS.get(kind)
    if declared is None:
        return None
    if kind == "object_changed":
        only_caps = params.get("offer_caps") and not params.get("campaigns") and not params.get("flows")
        return OFFER if only_caps else None
    if not declared.pausable or not declared.metric:
        return None
    return PAUSE if campaign_id is not None or bool(params.get("per_campaign", False)) else None


def can_act(kind: str, campaign_id: int | None, params: dict[str, Any]) -> bool:
    return action_kind_for(kind, campaign_id, params) is not None


def template_items(tr: Tr) -> list[tuple[str, str]]:
    return [(tr(f"auto-tpl-{t.key}"), t.key) for t in TEMPLATES if t.kind in KINDS]


async def on_template(query: CallbackQuery, _w: Any, manager: DialogManager, key: str) -> None:
    template = next((t for t in TEMPLATES if t.key == key and t.kind in KINDS), None)
    if template is None:
        await toast(query, i18n_of(manager).get("stale-button"), alert=True)
        return
    manager.dialog_data["draft"] = {
        "kind": template.kind,
        "params": {**defaults(template.kind), **template.params},
        "severity": KINDS[template.kind].severity.value,
        "campaign_id": None,
        "campaign": None,
        "done": [],
        "action": {"mode": template.mode, "delay": template.delay},
        "template": template.key,
    }
    manager.dialog_data.pop("preview", None)
    if one_campaign(template.kind):
        await manager.switch_to(AlertsSG.scope)
    else:
        await go_param(manager, 0)


def _mode_text(tr: Tr, mode: str | None, delay: int, what: str | None) -> str:
    prefix = "auto-mode-offer-" if what == OFFER else "auto-mode-"
    if mode == "auto":
        return tr(prefix + "auto", minutes=delay)
    if mode in ("propose", "dry_run"):
        return tr(prefix + mode.replace("_", "-"))
    return tr("auto-mode-none")


def action_line(tr: Tr, mode: str | None, delay: int = 0, what: str | None = PAUSE) -> str:
    """ "🤖 Action: …" for the summary and the rule's card."""
    return tr("auto-card-action", action=_mode_text(tr, mode, delay, what))


def rule_action_line(tr: Tr, rule: AlertRule) -> str | None:
    """The rule card's action line (None: its kind or scope cannot have one)."""
    what = action_kind_for(rule.kind, rule.campaign_id, rule.params)
    action = action_of(rule)
    if what is None and action is None:
        return None
    return action_line(
        tr,
        action.mode if action else None,
        action.delay_minutes if action else 0,
        action.kind if action else what,
    )


def action_choices(tr: Tr, what: str | None = PAUSE) -> list[tuple[str, str]]:
    """The modes offered: an offer's share has no one-tap card, so it is never only proposed."""
    items = [(tr("auto-btn-mode-none"), "none")]
    if what != OFFER:
        items.append((tr("auto-btn-mode-propose"), "propose"))
    key = "auto-btn-offer-auto" if what == OFFER else "auto-btn-mode-auto"
    items += [(tr(key, minutes=m), f"auto:{m}") for m in DELAYS]
    items.append((tr("auto-btn-mode-dry-run"), "dry_run"))
    return items


async def _subject(manager: DialogManager) -> tuple[str | None, AlertRule | None]:
    """The action kind the screen is about (the draft's, or the rule's when editing), and the rule."""
    if editing(manager):
        rule = await current_rule(manager, Action.ALERT_RULES)
        if rule is None:
            return None, None
        return rule.action_kind or action_kind_for(rule.kind, rule.campaign_id, rule.params), rule
    draft = draft_of(manager)
    return action_kind_for(
        str(draft.get("kind") or ""), draft.get("campaign_id"), draft.get("params") or {}
    ), None


async def action_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    i18n = i18n_of(dialog_manager)
    tr = i18n.get
    action = draft_of(dialog_manager).get("action") or {}
    what, rule = await _subject(dialog_manager)
    if editing(dialog_manager):  # a saved rule's action, changed from its ✏️ Edit screen
        now = action_of(rule) if rule is not None else None
        action = {"mode": now.mode, "delay": now.delay_minutes} if now is not None else {}
    line = action_line(tr, action.get("mode"), int(action.get("delay") or 0), what)
    lines = [tr("auto-action-ask-offer" if what == OFFER else "auto-action-ask"), "", line]
    return {"text": Html("\n".join(lines)), "choices": action_choices(tr, what)}


async def on_action(query: CallbackQuery, _w: Any, manager: DialogManager, choice: str) -> None:
    mode, _, minutes = choice.partition(":")
    if mode != "none" and (
        mode not in MODES or (mode == "auto" and not (minutes.isdigit() and int(minutes) in DELAYS))
    ):
        await toast(query, i18n_of(manager).get("stale-button"), alert=True)
        return
    chosen = None if mode == "none" else {"mode": mode, "delay": int(minutes) if mode == "auto" else 0}
    if editing(manager):
        await _change_saved(query, manager, chosen)
        return
    draft = draft_of(manager)
    if chosen is None:
        draft.pop("action", None)
    else:
        draft["action"] = chosen
    await manager.switch_to(AlertsSG.summary)


async def _change_saved(query: CallbackQuery, manager: DialogManager, chosen: dict[str, Any] | None) -> None:
    """A saved rule's new action (asked again: the person may still change the tracker's rules)."""
    i18n = i18n_of(manager)
    rule = await current_rule(manager, Action.ALERT_RULES)
    if rule is None:
        await toast(query, refused(i18n, "alerts-rule-gone"), alert=True)
        return
    mode, delay = (chosen["mode"], chosen["delay"]) if chosen else (None, 0)
    what = action_kind_for(rule.kind, rule.campaign_id, rule.params)
    await app_of(manager).alerts.alerts.automation.set_action(
        rule.tracker_id, rule.id, what if mode else None, mode, delay
    )
    await app_of(manager).audit.record(
        user_id_of(manager), "rule.action", tracker_id=rule.tracker_id, rule=rule.name, mode=mode or "none",
        delay=delay,
    )  # fmt: skip
    add_notice(manager, "alerts-updated", what=i18n.get("auto-btn-action"))
    await manager.switch_to(AlertsSG.edit)


async def on_action_back(query: CallbackQuery, _w: Any, manager: DialogManager) -> None:
    await manager.switch_to(AlertsSG.edit if editing(manager) else AlertsSG.summary)


async def save_action(manager: DialogManager, rule: AlertRule, draft: dict[str, Any]) -> None:
    """Give a newly saved rule the draft's action (audited with the rule's creation)."""
    action = draft.get("action") or {}
    mode = action.get("mode")
    what = action_kind_for(rule.kind, rule.campaign_id, rule.params)
    if mode not in MODES or what is None or (what == OFFER and mode == "propose"):
        return
    app = app_of(manager)
    delay = int(action.get("delay") or 0)
    await app.alerts.alerts.automation.set_action(rule.tracker_id, rule.id, what, mode, delay)
    await app.audit.record(
        user_id_of(manager), "rule.action", tracker_id=rule.tracker_id, rule=rule.name, mode=mode, delay=delay
    )
