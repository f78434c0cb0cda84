"""Alert notifications → message text (HTML, every value escaped) and buttons, in a chat's language.

The feature's renderers (``RENDERERS``, registered through ``handlers.alerts.FEATURE``):

* :class:`~alerts.payloads.AlertPayload` (fire / repeat / escalate / resolve) and
  :class:`~alerts.payloads.AlertEditPayload`: the alert as it is now — severity, tracker, rule,
  campaign, what happened (value and threshold; the failure for a tracker that is down), since
  when, repeats and the last value, who acknowledged, snooze and mute; once resolved: how long it
  lasted and the worst value, and only 📜 Timeline; an alert nobody was set to hear says how to route
  its tracker's alerts;
* :class:`~alerts.payloads.TextPayload`: a plain notice from the locale files.

``None`` means there is nothing to say (the alert or its rule was deleted meanwhile).
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from alerts.charts import CHARTED_EVENTS
from alerts.kinds import KINDS
from alerts.payloads import AlertChartPayload, AlertEditPayload, AlertPayload, TextPayload
from handlers.alerts import callbacks as cb
from handlers.alerts.automation import automation_lines, pause_label, shows_keep, shows_undo
from handlers.alerts.chart import WithPhoto, caption_fits, chart_png
from handlers.alerts.common import (
    FOREVER,
    MORNING,
    campaign_of,
    clock,
    is_muted,
    is_snoozed,
    morning_is_tomorrow,
    until_text,
)
from handlers.alerts.headline import SEVERITY_ICON, headline, what_is_wrong
from handlers.alerts.kinds import Tr, fmt_age
from handlers.alerts.sentences import note_text, value_text, what_happened
from handlers.alerts.timeline_keys import VIEW, TimelineCb
from handlers.context import AppContext
from handlers.feature import Rendered, Renderer
from storage.alerts import Alert, AlertRule, from_iso

log = logging.getLogger(__name__)

__all__ = [
    "RENDERERS",
    "SEVERITY_ICON",
    "alert_keyboard",
    "alert_text",
    "can_pause",
    "headline",
    "note_text",
    "render_alert",
    "rule_title",
    "value_text",
    "what_happened",
]

# ---------------------------------------------------------------- the renderers


async def _alert(app: AppContext, chat_id: int, payload: AlertPayload, tr: Tr) -> Rendered | None:
    """The alert's message; with its chart as a photo and the text as its caption when the alert has
    a chart and the caption fits (else the text alone: the chart row after it sends the chart)."""
    rendered = await render_alert(app, tr, payload.alert_id, payload.event)
    if rendered is None or payload.event not in CHARTED_EVENTS:
        return rendered
    text, markup = rendered
    if payload.unrouted:
        text = text + "\n\n" + tr("alerts-msg-unrouted")
    png = await _chart(app, tr, payload.alert_id) if caption_fits(text) else None
    return WithPhoto(text, markup, png) if png is not None else (text, markup)


async def _alert_chart(app: AppContext, chat_id: int, payload: AlertChartPayload, tr: Tr) -> Rendered | None:
    """The chart of an alert message that went out as text alone; nothing when the alert's message
    in this chat carries it already (sent as a photo with its caption)."""
    repo = app.alerts.alerts
    if any(chat == chat_id for chat, _message in await repo.photo_messages(payload.alert_id)):
        return None
    alert = await repo.get_alert(payload.alert_id)
    rule = await repo.get_rule(alert.rule_id) if alert is not None else None
    if alert is None or rule is None:
        return None
    tracker = await app.trackers.find(rule.tracker_id)
    png = await _chart(app, tr, payload.alert_id)
    if png is None:
        return None
    name = tracker.name if tracker is not None else f"#{rule.tracker_id}"
    return WithPhoto(headline(tr, rule, alert, tracker=name), None, png)


async def _chart(app: AppContext, tr: Tr, alert_id: int) -> bytes | None:
    repo = app.alerts.alerts
    alert = await repo.get_alert(alert_id)
    rule = await repo.get_rule(alert.rule_id) if alert is not None else None
    if alert is None or rule is None or not alert.details.get("chart"):
        return None
    tracker = await app.trackers.find(rule.tracker_id)
    tz = tracker.timezone if tracker is not None else str(alert.details.get("timezone") or "UTC")
    title = what_is_wrong(tr, rule, alert)
    campaign = alert.details.get("campaign")
    if campaign:
        title = f"{title} · {campaign}"
    try:
        return await chart_png(tr, alert, title=title, tz=tz, now=app.clock())
    except Exception:  # a chart is a nicety: the alert goes out without it
        log.exception("alert %s: the chart could not be drawn", alert_id)
        return None


async def _alert_edit(app: AppContext, chat_id: int, payload: AlertEditPayload, tr: Tr) -> Rendered | None:
    return await render_alert(app, tr, payload.alert_id, "edit")


async def _text(app: AppContext, chat_id: int, payload: TextPayload, tr: Tr) -> Rendered | None:
    try:
        return tr(payload.key, **payload.args), None
    except KeyError:
        log.warning("render: no text %r", payload.key)
        return None


RENDERERS: dict[type[Any], Renderer] = {
    AlertPayload: _alert,
    AlertChartPayload: _alert_chart,
    AlertEditPayload: _alert_edit,
    TextPayload: _text,
}


async def render_alert(
    app: AppContext, tr: Tr, alert_id: int, event: str, *, menu: bool = False
) -> Rendered | None:
    repo = app.alerts.alerts
    alert = await repo.get_alert(alert_id)
    if alert is None:
        return None
    rule = await repo.get_rule(alert.rule_id)
    if rule is None:
        return None
    tracker = await app.trackers.find(rule.tracker_id)
    name = tracker.name if tracker is not None else f"#{rule.tracker_id}"
    tz = tracker.timezone if tracker is not None else str(alert.details.get("timezone") or "UTC")
    now = app.clock()
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
                duration=fmt_age(tr, (resolved - opened).total_seconds()),
                start=clock(opened, tz, now),
                end=clock(resolved, tz, now),
                tz=tz,
            )
        )
        declared = KINDS.get(kind)
        worst = declared is None or (declared.has_worst_value and declared.shows_value)
        if alert.worst_value is not None and worst:
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
    lines.append(headline(tr, rule, alert, tracker=tracker_name))  # what is wrong, how bad, where
    if event == "escalate":
        lines.append(tr("alerts-msg-escalated", age=fmt_age(tr, (now - opened).total_seconds())))
    elif event == "repeat":
        lines.append(tr("alerts-msg-still"))
    lines.append(tr("alerts-msg-head", icon=icon, severity=severity, tracker=tracker_name))
    lines.append(rule_title(tr, rule))
    campaign = _campaign_name(alert, rule)
    if campaign:
        lines.append(tr("alerts-msg-campaign", name=campaign))
    declared = KINDS.get(kind)
    valued = declared is None or declared.shows_value
    if valued or alert.details.get("text_args"):
        lines.append(what_happened(tr, rule, alert.details, alert.last_value))
    lines.append(
        tr(
            "alerts-msg-since",
            at=clock(opened, tz, now),
            tz=tz,
            age=fmt_age(tr, (now - opened).total_seconds()),
        ),
    )
    if alert.repeats > 0 and valued:
        lines.append(
            tr("alerts-msg-repeats-value", count=alert.repeats, value=value_text(tr, kind, alert.last_value))
        )
    elif alert.repeats > 0:
        lines.append(tr("alerts-msg-repeats", count=alert.repeats))
    elif valued and alert.last_value is not None and alert.first_value not in (None, alert.last_value):
        lines.append(
            tr(
                "alerts-msg-changed",
                first=value_text(tr, kind, alert.first_value),
                value=value_text(tr, kind, alert.last_value),
            )
        )
    lines += automation_lines(tr, alert=alert, rule=rule, tz=tz, now=now)
    if alert.acked_at is not None:
        lines.append(_acked(tr, alert, tz, now))
    if is_snoozed(alert, now):
        assert alert.snoozed_until is not None
        lines.append(tr("alerts-msg-snoozed", until=until_text(tr, alert.snoozed_until, tz, now), tz=tz))
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
    return tr("alerts-msg-muted", until=until_text(tr, rule.muted_until, tz, now), tz=tz)


# ---------------------------------------------------------------- buttons


def can_pause(alert: Alert, rule: AlertRule) -> bool:
    """A "Disable campaign" button makes sense: the alert is about one campaign that still runs."""
    kind = KINDS.get(rule.kind)
    return (kind is None or kind.pausable) and campaign_of(alert, rule) is not None


def alert_keyboard(
    tr: Tr, *, alert: Alert, rule: AlertRule, tz: str, now: datetime, menu: bool = False
) -> InlineKeyboardMarkup | None:
    """The buttons of an open alert (only 📜 Timeline once it is resolved); ``menu``: the mute choices."""
    kb = InlineKeyboardBuilder()
    timeline = TimelineCb(a=VIEW, id=alert.id)
    if alert.resolved_at is not None:
        kb.button(text=tr("tl-btn-timeline"), callback_data=timeline)
        return kb.as_markup()

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
    automated = [
        (k, a)
        for k, a, shown in (
            ("auto-btn-keep", cb.KEEP, shows_keep(alert, rule)),
            ("auto-btn-undo", cb.UNDO, shows_undo(alert, rule)),
        )
        if shown
    ]
    for key, action in automated:  # fmt: skip
        button(key, action)
        sizes.append(1)
    # first the button most likely needed: the report (numbers) or the connection check (tracker),
    # next to Ack while nobody has acked it
    declared = KINDS.get(rule.kind)
    tracker_tools = declared is not None and declared.tools == "tracker"
    if tracker_tools:
        button("alerts-btn-check", cb.CHECK)
    else:
        button("alerts-btn-report", cb.REPORT)
    sizes.append(1)
    if alert.acked_at is None:
        button("alerts-btn-ack", cb.ACK)
        sizes[-1] += 1
    button("alerts-btn-snooze-1h", cb.SNOOZE_1H)
    button("alerts-btn-snooze-4h", cb.SNOOZE_4H)
    morning = "alerts-btn-snooze-tomorrow" if morning_is_tomorrow(now, tz) else "alerts-btn-snooze-morning"
    button(morning, cb.SNOOZE_MORNING, time=MORNING)
    sizes.append(3)
    more = 0
    if tracker_tools:
        button("alerts-btn-logs", cb.LOGS)
        more += 1
    label = pause_label(alert, rule) if can_pause(alert, rule) else None
    if label is not None:
        button(label, cb.PAUSE)
        more += 1
    if more:
        sizes.append(more)
    button("alerts-btn-mute", cb.MUTE_MENU)
    kb.button(text=tr("tl-btn-timeline"), callback_data=timeline)
    sizes.append(2)
    kb.adjust(*sizes)
    return kb.as_markup()
