"""Outbox payloads → message text (HTML, every value escaped) and buttons, in a chat's language.

``render(app_or_ctx, chat_id, payload, language)`` is what the transport calls (bot/transport.py):

* ``alert`` (fire / repeat / escalate / resolve) and ``alert_edit``: the alert as it is now —
  severity, tracker, rule, campaign, what happened (value and threshold; the failure for a tracker
  that is down), since when, repeats and the last value, who acknowledged, snooze and mute; once
  resolved: how long it lasted and the worst value, and no buttons;
* ``text``: a plain notice from the locale files;
* ``conversions`` / ``digest``: handed to ``handlers.oncall.render`` (the on-call feature's).

``None`` means there is nothing to say (the alert or its rule was deleted meanwhile).
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder
from aiogram_i18n import I18nMiddleware

from alerts.kinds import KINDS
from handlers.alerts import callbacks as cb
from handlers.alerts.common import (
    FOREVER,
    MORNING,
    alert_repo,
    campaign_of,
    clock,
    is_muted,
    is_snoozed,
    now_of,
)
from handlers.alerts.kinds import Tr, fmt_duration
from handlers.alerts.sentences import note_text, safe, translator, value_text, what_happened
from storage.alerts import Alert, AlertRule, from_iso

log = logging.getLogger(__name__)

__all__ = [
    "SEVERITY_ICON",
    "alert_keyboard",
    "alert_text",
    "can_pause",
    "note_text",
    "render",
    "render_alert",
    "rule_title",
    "safe",
    "sources_of",
    "translator",
    "value_text",
    "what_happened",
]

SEVERITY_ICON = {"critical": "🔴", "warning": "🟠", "info": "🔵"}


# ---------------------------------------------------------------- where things come from


@dataclass
class Sources:
    alerts: Any  # AlertRepo
    trackers: Any  # TrackerRepo
    core: Any  # the translation core (``get(key, locale, **args)``)
    now: Callable[[], datetime]


def sources_of(app_or_ctx: Any, core: Any) -> Sources:
    """From a ``BotApp`` (``.ctx``, ``.core``), an ``AppContext`` or an ``AlertsContext``."""
    core = core or getattr(app_or_ctx, "core", None)
    obj = app_or_ctx
    inner = getattr(obj, "ctx", None)
    if inner is not None and hasattr(inner, "trackers"):
        obj = inner
    if core is None:
        middleware = I18nMiddleware.get_current()
        core = middleware.core if middleware is not None else None
    if core is None:
        raise RuntimeError("render() needs the translation core (pass core=…)")
    if hasattr(obj, "outbox") and hasattr(obj, "alerts"):  # AlertsContext
        return Sources(obj.alerts, obj.trackers, core, obj.now)
    return Sources(alert_repo(obj), obj.trackers, core, lambda: now_of(obj))


# ---------------------------------------------------------------- the entry point


async def render(
    app_or_ctx: Any, chat_id: int, payload: Mapping[str, Any], language: str, *, core: Any = None
) -> tuple[str, InlineKeyboardMarkup | None] | None:
    """The text and buttons of an outbox payload for ``chat_id`` in ``language``."""
    kind = payload.get("type")
    if kind in ("conversions", "digest"):
        return await _delegate(str(kind), app_or_ctx, chat_id, payload, language=language, core=core)
    src = sources_of(app_or_ctx, core)
    tr = translator(src.core, language)
    if kind == "text":
        key = str(payload.get("key") or "")
        args = payload.get("args") if isinstance(payload.get("args"), dict) else {}
        try:
            return tr(key, **(args or {})), None
        except KeyError:
            log.warning("render: no text %r in %s", key, language)
            return None
    if kind not in ("alert", "alert_edit"):
        log.warning("render: unknown payload type %r", kind)
        return None
    try:
        alert_id = int(payload.get("alert_id"))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    event = str(payload.get("event") or "edit") if kind == "alert" else "edit"
    return await render_alert(src, tr, alert_id, event)


async def _delegate(
    kind: str, app_or_ctx: Any, chat_id: int, payload: Mapping[str, Any], *, language: str, core: Any
) -> tuple[str, InlineKeyboardMarkup | None] | None:
    try:
        module = importlib.import_module("handlers.oncall.render")
    except ImportError:
        log.warning("render: no renderer for %r payloads", kind)
        return None
    function = getattr(module, f"render_{kind}", None)
    if function is None:
        return None
    result: tuple[str, InlineKeyboardMarkup | None] | None = await function(
        app_or_ctx, chat_id, dict(payload), language, core=core
    )
    return result


async def render_alert(
    src: Sources, tr: Tr, alert_id: int, event: str, *, menu: bool = False
) -> tuple[str, InlineKeyboardMarkup | None] | None:
    alert = await src.alerts.get_alert(alert_id)
    if alert is None:
        return None
    rule = await src.alerts.get_rule(alert.rule_id)
    if rule is None:
        return None
    tracker = await src.trackers.get(rule.owner_id, rule.tracker_id)
    name = tracker.name if tracker is not None else f"#{rule.tracker_id}"
    tz = tracker.timezone if tracker is not None else str(alert.details.get("timezone") or "UTC")
    now = src.now()
    text = alert_text(tr, alert=alert, rule=rule, tracker_name=name, tz=tz, event=event, now=now)
    return text, alert_keyboard(tr, alert=alert, rule=rule, tz=tz, now=now, menu=menu)


# ---------------------------------------------------------------- pieces of text


def rule_title(tr: Tr, rule: AlertRule) -> str:
    """The rule's name, with its kind when the name does not say it."""
    kind = tr(f"alerts-kind-{rule.kind}")
    if kind.lower() in rule.name.lower():
        return tr("alerts-msg-rule-named", name=rule.name)
    return tr("alerts-msg-rule", name=rule.name, kind=kind)


def _campaign_name(alert: Alert, rule: AlertRule) -> str | None:
    cid = campaign_of(alert, rule)
    if cid is None:
        return None
    args = alert.details.get("text_args") or {}
    name = alert.details.get("campaign") or args.get("campaign")
    kind = KINDS.get(rule.kind)
    if kind is not None and kind.names_campaign_in_sentence and alert.scope.startswith("campaign:"):
        return None  # the sentence names it
    return str(name) if name else f"#{cid}"


def alert_text(
    tr: Tr, *, alert: Alert, rule: AlertRule, tracker_name: str, tz: str, event: str, now: datetime
) -> str:
    kind = rule.kind
    opened = from_iso(alert.opened_at)
    lines: list[str] = []
    if alert.resolved_at is not None:
        resolved = from_iso(alert.resolved_at)
        lines.append(tr("alerts-msg-resolved", tracker=tracker_name))
        lines.append(rule_title(tr, rule))
        campaign = _campaign_name(alert, rule)
        if campaign:
            lines.append(tr("alerts-msg-campaign", name=campaign))
        if alert.details.get("closed") == "rule_disabled":
            lines.append(tr("alerts-msg-closed-disabled"))
        lines.append(
            tr(
                "alerts-msg-lasted",
                duration=fmt_duration(tr, max(0.0, (resolved - opened).total_seconds())),
                start=clock(opened, tz, now),
                end=clock(resolved, tz, now),
                tz=tz,
            )
        )
        declared = KINDS.get(kind)
        if alert.worst_value is not None and (declared is None or declared.has_worst_value):
            lines.append(
                tr(
                    "alerts-msg-worst",
                    worst=value_text(tr, kind, alert.worst_value),
                    last=value_text(tr, kind, alert.last_value),
                )
            )
        if alert.acked_at is not None:
            lines.append(_acked(tr, alert, tz, now))
        return "\n".join(lines)

    icon = SEVERITY_ICON.get(alert.severity, "⚪")
    severity = tr(f"alerts-sev-{alert.severity}") if alert.severity in SEVERITY_ICON else alert.severity
    if event == "escalate":
        lines.append(tr("alerts-msg-escalated", age=fmt_duration(tr, (now - opened).total_seconds())))
    elif event == "repeat":
        lines.append(tr("alerts-msg-still"))
    lines.append(tr("alerts-msg-head", icon=icon, severity=severity, tracker=tracker_name))
    lines.append(rule_title(tr, rule))
    campaign = _campaign_name(alert, rule)
    if campaign:
        lines.append(tr("alerts-msg-campaign", name=campaign))
    lines.append(what_happened(tr, rule, alert.details, alert.last_value))
    lines.append(
        tr(
            "alerts-msg-since",
            at=clock(opened, tz, now),
            tz=tz,
            age=fmt_duration(tr, max(0.0, (now - opened).total_seconds())),
        )
    )
    if alert.repeats > 0:
        lines.append(
            tr("alerts-msg-repeats", count=alert.repeats, value=value_text(tr, kind, alert.last_value))
        )
    elif None not in (alert.last_value, alert.first_value) and alert.last_value != alert.first_value:
        lines.append(
            tr(
                "alerts-msg-changed",
                first=value_text(tr, kind, alert.first_value),
                value=value_text(tr, kind, alert.last_value),
            )
        )
    if alert.acked_at is not None:
        lines.append(_acked(tr, alert, tz, now))
    if is_snoozed(alert, now):
        assert alert.snoozed_until is not None
        lines.append(tr("alerts-msg-snoozed", until=clock(alert.snoozed_until, tz, now), tz=tz))
    if is_muted(rule, now):
        lines.append(_muted(tr, rule, tz, now))
    return "\n".join(lines)


def _acked(tr: Tr, alert: Alert, tz: str, now: datetime) -> str:
    who = alert.acked_by_name or (f"id {alert.acked_by}" if alert.acked_by else "?")
    at = clock(alert.acked_at, tz, now) if alert.acked_at else "?"
    return tr("alerts-msg-acked", name=who, at=at)


def _muted(tr: Tr, rule: AlertRule, tz: str, now: datetime) -> str:
    if rule.muted_until is None or rule.muted_until >= FOREVER:
        return tr("alerts-msg-muted-forever")
    return tr("alerts-msg-muted", until=clock(rule.muted_until, tz, now), tz=tz)


# ---------------------------------------------------------------- buttons


def can_pause(alert: Alert, rule: AlertRule) -> bool:
    """A "Pause campaign" button makes sense: the alert is about one campaign that still runs."""
    kind = KINDS.get(rule.kind)
    return (kind is None or kind.pausable) and campaign_of(alert, rule) is not None


def alert_keyboard(
    tr: Tr, *, alert: Alert, rule: AlertRule, tz: str, now: datetime, menu: bool = False
) -> InlineKeyboardMarkup | None:
    """The buttons of an open alert (none once it is resolved); ``menu``: the mute choices."""
    if alert.resolved_at is not None:
        return None
    kb = InlineKeyboardBuilder()

    def button(key: str, action: str, **args: Any) -> None:
        kb.button(text=tr(key, **args), callback_data=cb.AlertCb(a=action, id=alert.id))

    if menu:
        button("alerts-btn-mute-1h", cb.MUTE_1H)
        button("alerts-btn-mute-24h", cb.MUTE_24H)
        button("alerts-btn-mute-forever", cb.MUTE_FOREVER)
        if is_muted(rule, now):
            button("alerts-btn-unmute", cb.MUTE_OFF)
        button("alerts-btn-back", cb.BACK)
        kb.adjust(2, 1, 1, 1)
        return kb.as_markup()
    sizes: list[int] = []
    if alert.acked_at is None:
        button("alerts-btn-ack", cb.ACK)
        sizes.append(1)
    button("alerts-btn-snooze-1h", cb.SNOOZE_1H)
    button("alerts-btn-snooze-4h", cb.SNOOZE_4H)
    button("alerts-btn-snooze-morning", cb.SNOOZE_MORNING, time=MORNING)
    sizes.append(3)
    button("alerts-btn-report", cb.REPORT)
    if can_pause(alert, rule):
        button("alerts-btn-pause", cb.PAUSE)
        sizes.append(2)
    else:
        sizes.append(1)
    button("alerts-btn-mute", cb.MUTE_MENU)
    sizes.append(1)
    kb.adjust(*sizes)
    return kb.as_markup()
