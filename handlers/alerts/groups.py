"""Storms (issue 19): the message of an alert group -- alerts of one tracker that fired together
(``alerts.storms``) -- in a chat's language, and its buttons.

* The group's message (``AlertGroupPayload`` fire / repeat, ``AlertGroupEditPayload``): how many
  alerts this chat was told of, since when, the top :data:`TOP` open ones (by severity, then by how
  far the value went the bad way), "…and K more", how many are acked and resolved; buttons ✅ Ack
  all, 💤 All 1 h / 4 h, 📋 Show all. Once every alert is resolved: the same lines marked, no buttons.
* 📋 Show all: every alert of the message, numbered, each with its own ✅ and 💤 button, and ⬅️ Back.
* The group's resolution (``AlertGroupPayload`` resolve): "✅ Resolved: 20 alerts on Main", how
  long it lasted.
* A tracker-down alert says how many metric rules it pauses (``details["inhibits"]``).

A chat sees only the alerts of the group it would have heard of alone (``alert_group_chats``).
"""

from __future__ import annotations

import html
from datetime import datetime
from typing import Any

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from alerts.kinds import KINDS
from alerts.model import severity_rank
from alerts.payloads import AlertEditPayload, AlertGroupEditPayload, AlertGroupPayload, AlertPayload
from handlers.alerts import render
from handlers.alerts.chart import WithPhoto
from handlers.alerts.common import clock, is_snoozed, until_text
from handlers.alerts.kinds import Tr, fmt_age
from handlers.alerts.sentences import value_text
from handlers.context import AppContext
from handlers.feature import Rendered, Renderer
from handlers.input import DbInt
from handlers.ui import Html
from storage.alert_groups import AlertGroup, AlertGroupRepo
from storage.alerts import Alert, AlertRule, from_iso

__all__ = ["GROUP_ACTIONS", "RENDERERS", "TOP", "GroupCb", "group_repo", "headline", "render_group"]

TOP = 8  # open alerts listed in the group's message; the rest behind 📋 Show all
ALL = 40  # alerts listed (and given buttons) in the 📋 Show all view
LIMIT = 3600  # characters of alert lines in one message (Telegram's 4096 less the rest)

ACK_ALL, SNOOZE_1H, SNOOZE_4H, SHOW_ALL, BACK, ACK_ONE, SNOOZE_ONE = (
    "ack",
    "s1",
    "s4",
    "all",
    "back",
    "a1",
    "z1",
)
GROUP_ACTIONS = frozenset({ACK_ALL, SNOOZE_1H, SNOOZE_4H, SHOW_ALL, BACK, ACK_ONE, SNOOZE_ONE})


class GroupCb(CallbackData, prefix="agr"):
    a: str  # one of GROUP_ACTIONS
    id: DbInt  # the group
    al: DbInt = 0  # the alert (one-by-one actions of 📋 Show all)


def group_repo(app: AppContext) -> AlertGroupRepo:
    return AlertGroupRepo(app.alerts.alerts.db)


def _badness(alert: Alert) -> float:
    """How far the value went the bad way (higher for worse; only comparable within one kind)."""
    kind = KINDS.get(str(alert.details.get("kind", "")))
    value = alert.last_value
    if kind is None or value is None or kind.worse is None:
        return 0.0
    return float(value) if kind.worse == "higher" else -float(value)


def ordered(alerts: list[Alert]) -> list[Alert]:
    """Open first, by severity then by how bad the value is, then the oldest; resolved last."""
    return sorted(
        alerts, key=lambda a: (a.resolved_at is not None, -severity_rank(a.severity), -_badness(a), a.id)
    )


def headline(tr: Tr, alert: Alert, rule: AlertRule | None, now: datetime, tz: str) -> str:
    """One line about an alert of a group: icon, rule, campaign, value, who acked, snooze.
    (The rule's name leads: the alerts of a storm are often of one kind and told apart by it.)"""
    name = html.escape(
        rule.name if rule is not None else str(alert.details.get("rule_name") or alert.rule_id)
    )
    parts = [f"<b>{name}</b>"]
    args = alert.details.get("text_args") or {}
    named = [alert.details.get("campaign"), args.get("campaign"), args.get("name")]  # name: its object's
    campaign = next((str(n) for n in named if n and not str(n).startswith("#")), None)
    if not campaign and alert.details.get("campaign_id"):
        campaign = f"#{alert.details['campaign_id']}"
    if campaign:
        parts.append(html.escape(str(campaign)))
    kind = KINDS.get(rule.kind if rule is not None else "")
    if rule is not None and kind is not None and kind.shows_value and alert.last_value is not None:
        parts.append(value_text(tr, rule.kind, alert.last_value))
    if alert.resolved_at is not None:
        return "✅ <s>" + " · ".join(parts) + "</s>"
    line = render.SEVERITY_ICON.get(alert.severity, "⚪") + " " + " · ".join(parts)
    if alert.acked_by is not None:
        line += " " + tr("storms-line-acked", name=alert.acked_by_name or f"id {alert.acked_by}")
    elif is_snoozed(alert, now):
        assert alert.snoozed_until is not None
        line += " " + tr("storms-line-snoozed", until=until_text(tr, alert.snoozed_until, tz, now))
    return line


async def _context(
    app: AppContext, group_id: int, chat_id: int
) -> tuple[AlertGroup, list[Alert], dict[int, AlertRule | None], str, str] | None:
    repo = group_repo(app)
    group = await repo.get(group_id)
    if group is None:
        return None
    alerts = await repo.alerts_for(group_id, chat_id)
    if not alerts:
        return None
    rules = {a.rule_id: await app.alerts.alerts.get_rule(a.rule_id) for a in alerts}
    tracker = await app.trackers.find(group.tracker_id)
    name = tracker.name if tracker is not None else f"#{group.tracker_id}"
    tz = tracker.timezone if tracker is not None else "UTC"
    return group, ordered(alerts), rules, name, tz


async def render_group(
    app: AppContext, tr: Tr, group_id: int, chat_id: int, event: str, *, view: str = "main"
) -> Rendered | None:
    """The group's message in the chat (``event``: fire, repeat, edit or resolve; ``view``: main or
    all); ``None`` when nothing of it is left."""
    found = await _context(app, group_id, chat_id)
    if found is None:
        return None
    group, alerts, rules, tracker, tz = found
    now = app.clock()
    opened = from_iso(min(a.opened_at for a in alerts))
    if event == "resolve":
        end = from_iso(max(a.resolved_at or a.opened_at for a in alerts))
        lasted = tr("storms-lasted", duration=fmt_age(tr, (end - opened).total_seconds()),
                    start=clock(opened, tz, now), end=clock(end, tz, now), tz=tz)  # fmt: skip
        return "\n".join([tr("storms-resolved", count=len(alerts), tracker=tracker), lasted]), None
    open_ = [a for a in alerts if a.resolved_at is None]
    worst = max(open_ or alerts, key=lambda a: severity_rank(a.severity)).severity
    lines: list[str] = []
    if event == "repeat":
        lines.append(tr("storms-still"))
    elif event == "escalate":
        lines.append(tr("storms-escalated", age=fmt_age(tr, (now - opened).total_seconds())))
    if view == "all":
        lines.append(tr("storms-all-head", tracker=tracker))
    else:
        icon = render.SEVERITY_ICON.get(worst, "⚪") if open_ else "✅"
        lines.append(tr("storms-head", icon=icon, count=len(alerts), tracker=tracker))
    age = fmt_age(tr, (now - opened).total_seconds())
    lines.append(tr("storms-since", at=clock(opened, tz, now), tz=tz, age=age))
    lines.append("")
    shown = alerts[:ALL] if view == "all" else alerts[:TOP]
    listed = [headline(tr, alert, rules.get(alert.rule_id), now, tz) for alert in shown]
    while len(shown) > 1 and sum(len(line) + 5 for line in listed) > LIMIT:  # one message: < 4096
        shown, listed = shown[:-1], listed[:-1]
    lines += [f"{n}. {line}" if view == "all" else line for n, line in enumerate(listed, 1)]
    if len(alerts) > len(shown):
        lines.append(tr("storms-more", count=len(alerts) - len(shown)))
    lines.append("")
    acked = sum(1 for a in alerts if a.acked_by is not None)
    lines.append(tr("storms-progress", acked=acked, resolved=len(alerts) - len(open_), total=len(alerts)))
    if view == "all" and open_:
        lines.append(tr("storms-all-hint"))
    text = Html("\n".join(lines))
    if not open_:
        return text, None
    return text, keyboard(tr, group.id, alerts, shown, view=view)


def keyboard(
    tr: Tr, group_id: int, alerts: list[Alert], shown: list[Alert], *, view: str
) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()

    def button(key: str, action: str, alert_id: int = 0, **args: Any) -> None:
        kb.button(text=tr(key, **args), callback_data=GroupCb(a=action, id=group_id, al=alert_id))

    sizes: list[int] = []
    if view == "all":
        for number, alert in enumerate(shown, 1):
            if alert.resolved_at is None:
                button("storms-btn-ack-one", ACK_ONE, alert.id, n=number)
                button("storms-btn-snooze-one", SNOOZE_ONE, alert.id, n=number)
                sizes.append(2)
        button("alerts-btn-back", BACK)
        sizes.append(1)
    else:
        if any(a.acked_by is None and a.resolved_at is None for a in alerts):
            button("storms-btn-ack-all", ACK_ALL)
            sizes.append(1)
        button("storms-btn-snooze-1h", SNOOZE_1H)
        button("storms-btn-snooze-4h", SNOOZE_4H)
        sizes.append(2)
        button("storms-btn-show-all", SHOW_ALL, count=len(alerts))
        sizes.append(1)
    kb.adjust(*sizes)
    return kb.as_markup()


# ---------------------------------------------------------------- the renderers


async def _group(app: AppContext, chat_id: int, payload: AlertGroupPayload, tr: Tr) -> Rendered | None:
    rendered = await render_group(app, tr, payload.group_id, chat_id, payload.event)
    if rendered is None or not payload.unrouted or payload.event == "resolve":
        return rendered
    text, markup = rendered
    return Html(text + "\n\n" + tr("alerts-msg-unrouted")), markup


async def _group_edit(
    app: AppContext, chat_id: int, payload: AlertGroupEditPayload, tr: Tr
) -> Rendered | None:
    return await render_group(app, tr, payload.group_id, chat_id, "edit")


def _pausing(inner: Renderer) -> Renderer:
    """A tracker-down alert's message (fire, edit) says how many metric rules it pauses."""

    async def rendered(app: AppContext, chat_id: int, payload: Any, tr: Tr) -> Rendered | None:
        out = await inner(app, chat_id, payload, tr)
        if out is None or getattr(payload, "event", "edit") == "resolve":
            return out
        alert = await app.alerts.alerts.get_alert(payload.alert_id)
        count = alert.details.get("inhibits") if alert is not None else None
        if alert is None or alert.resolved_at is not None or not isinstance(count, int) or count <= 0:
            return out
        text = Html(out[0] + "\n" + tr("storms-inhibited", count=count))
        return WithPhoto(text, out[1], out.png) if isinstance(out, WithPhoto) else (text, out[1])

    return rendered


RENDERERS: dict[type[Any], Renderer] = {
    AlertGroupPayload: _group,
    AlertGroupEditPayload: _group_edit,
    AlertPayload: _pausing(render.RENDERERS[AlertPayload]),
    AlertEditPayload: _pausing(render.RENDERERS[AlertEditPayload]),
}
