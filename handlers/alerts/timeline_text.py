"""An alert's timeline and post-mortem in words (issue 19, part 5), and who may read them.

Every line is HTML with each value escaped (``tr`` is :func:`handlers.notices.safe`); the file
version of a post-mortem is the same text as plain text (:func:`plain`). Times are in the tracker's
time zone. Messages about the alert delivered one after another ("notified") are one line naming the
chats; notes are shown as typed (escaped), cut to :data:`NOTE_SHOWN` characters on a timeline page
(the post-mortem keeps them whole).
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from alerts.audience import Audience, alert_subject
from alerts.kinds import KINDS
from handlers.alerts.common import FOREVER, campaign_of, clock, local, until_text
from handlers.alerts.kinds import Tr, fmt_age
from handlers.alerts.render import SEVERITY_ICON, rule_title
from handlers.alerts.sentences import value_text
from handlers.context import AppContext
from handlers.ui import Html
from services.access import Action, Place
from storage import Tracker
from storage.alert_events import AlertEvent
from storage.alerts import Alert, AlertRule, from_iso

__all__ = [
    "PAGE_SIZE",
    "Incident",
    "load_incident",
    "plain",
    "postmortem_lines",
    "reader_tracker",
    "timeline_page",
]

PAGE_SIZE = 12
"""Timeline lines on one page (a phone screen; with notes cut to NOTE_SHOWN, well below 4096)."""
NOTE_SHOWN = 200


@dataclass(frozen=True, slots=True)
class Incident:
    alert: Alert
    rule: AlertRule
    tracker_name: str
    tz: str
    events: list[AlertEvent]
    chats: dict[int, str]  # chat id → how it is named (a person, a group's title)


async def load_incident(app: AppContext, alert_id: int) -> Incident | None:
    """The alert, its rule and its events (``None``: the alert or its rule is gone)."""
    repo = app.alerts.alerts
    alert = await repo.get_alert(alert_id)
    rule = await repo.get_rule(alert.rule_id) if alert is not None else None
    if alert is None or rule is None:
        return None
    tracker = await app.trackers.find(rule.tracker_id)
    name = tracker.name if tracker is not None else f"#{rule.tracker_id}"
    tz = tracker.timezone if tracker is not None else "UTC"
    events = await repo.events.of_alert(alert.id)
    ids = sorted({e.chat_id for e in events if e.chat_id is not None})
    chats = await app.users.names([i for i in ids if i > 0])
    for chat_id in (i for i in ids if i < 0):
        sub = await app.alerts.subscriptions.get(chat_id, rule.tracker_id)
        chats[chat_id] = (sub.title if sub is not None else None) or f"chat {chat_id}"
    return Incident(alert, rule, name, tz, events, chats)


async def reader_tracker(
    app: AppContext, user_id: int, alert: Alert, rule: AlertRule, chat_id: int
) -> Tracker | None:
    """The tracker, if the person may read this alert's timeline: anyone on the team (VIEW), or who
    may answer it where it was sent (RESPOND: the on-call rotation); a buyer scope must cover it."""
    tracker = await app.access.tracker(user_id, rule.tracker_id, Action.VIEW)
    if tracker is None:
        where = Place(chat_id, alert_id=alert.id)
        tracker = await app.access.tracker(user_id, rule.tracker_id, Action.RESPOND, where=where)
    if tracker is None:
        return None
    if tracker.scope is not None and not await Audience(app.alerts, tracker.id).may_see(
        user_id, alert_subject(alert)
    ):
        return None
    return tracker


# ---------------------------------------------------------------- one event


def _shows_value(rule: AlertRule) -> bool:
    declared = KINDS.get(rule.kind)
    return declared is None or declared.shows_value


def _value_key(tr: Tr, rule: AlertRule, key: str, value: object) -> str:
    if isinstance(value, int | float) and _shows_value(rule):
        return tr(f"{key}-value", value=value_text(tr, rule.kind, float(value)))
    return tr(key)


def _action(tr: Tr, event: AlertEvent, name: str) -> str:
    what = str(event.detail.get("what") or "")
    campaign = str(event.detail.get("campaign") or "")
    keys = {
        "auto_pause": "tl-ev-auto-pause",
        "auto_offer": "tl-ev-auto-offer",
        "auto_failed": "tl-ev-auto-failed",
        "undo": "tl-ev-undo",
        "undo_disable": "tl-ev-undo",
        "keep": "tl-ev-keep",
        "disable": "tl-ev-disabled",
        "enable": "tl-ev-enabled",
    }
    if what in keys:
        return tr(keys[what], name=name, campaign=campaign)
    return tr("tl-ev-action", what=what)


def event_text(tr: Tr, event: AlertEvent, inc: Incident, now: datetime, note_limit: int | None) -> str:
    """What one event says (``notified`` events are grouped by :func:`_lines`)."""
    name = event.actor_name or tr("tl-someone")
    detail, kind, tz = event.detail, event.kind, inc.tz
    until = str(detail.get("until") or "")
    if kind == "fired":
        return _value_key(tr, inc.rule, "tl-ev-fired", detail.get("value"))
    if kind == "resolved":
        return _value_key(tr, inc.rule, "tl-ev-resolved", detail.get("value"))
    if kind == "acked":
        return tr("tl-ev-acked", name=name)
    if kind == "snoozed":
        return tr("tl-ev-snoozed", name=name, until=until_text(tr, until, tz, now) if until else "")
    if kind == "muted":
        if not until or until >= FOREVER or not until[:1].isdigit():
            return tr("tl-ev-muted-forever", name=name)
        return tr("tl-ev-muted", name=name, until=until_text(tr, until, tz, now))
    if kind in ("unsnoozed", "unmuted", "reopened"):
        return tr(f"tl-ev-{kind}", name=name)
    if kind == "escalated":
        return tr("tl-ev-escalated", step=int(detail.get("step") or 0), chats=int(detail.get("chats") or 0))
    if kind == "action":
        return _action(tr, event, name)
    if kind == "note":
        text = str(detail.get("text") or "")
        if note_limit is not None and len(text) > note_limit:
            text = text[:note_limit].rstrip() + "…"
        return tr("tl-ev-note", name=name, text=text)
    return tr("tl-ev-action", what=kind)


def _lines(tr: Tr, inc: Incident, now: datetime, note_limit: int | None) -> list[str]:
    """One line per event, oldest first; consecutive deliveries are one line naming the chats."""
    lines: list[str] = []
    told: list[str] = []
    told_at = ""

    def flush() -> None:
        if told:
            names = ", ".join(dict.fromkeys(told))
            lines.append(f"{clock(told_at, inc.tz, now)}  " + tr("tl-ev-notified", chats=names))
            told.clear()

    for event in inc.events:
        if event.kind == "notified":
            if not told:
                told_at = event.at
            chat = event.chat_id
            told.append(inc.chats.get(chat, str(chat)) if chat is not None else "?")
            continue
        flush()
        lines.append(f"{clock(event.at, inc.tz, now)}  " + event_text(tr, event, inc, now, note_limit))
    flush()
    return lines


# ---------------------------------------------------------------- the timeline, a page at a time


def _head(tr: Tr, inc: Incident) -> list[str]:
    icon = SEVERITY_ICON.get(inc.alert.severity, "⚪")
    lines = [tr("tl-head", tracker=inc.tracker_name), f"{icon} " + rule_title(tr, inc.rule)]
    campaign = _campaign(inc)
    if campaign:
        lines.append(tr("alerts-msg-campaign", name=campaign))
    return lines


def _campaign(inc: Incident) -> str | None:
    cid = campaign_of(inc.alert, inc.rule)
    if cid is None:
        return None
    details = inc.alert.details
    said = [details.get("campaign")]  # now, then as the messages said it (a name beats "#12")
    said += [
        args.get("campaign")
        for args in (details.get("text_args"), details.get("fired_args"))
        if isinstance(args, dict)
    ]
    names = [str(n) for n in said if n]
    return next((n for n in names if not n.startswith("#")), names[0] if names else f"#{cid}")


def timeline_page(tr: Tr, inc: Incident, now: datetime, page: int) -> tuple[str, int, int]:
    """The text of page ``page`` (0: the newest events; newest last on every page), the page shown
    (clamped) and how many pages there are."""
    lines = _lines(tr, inc, now, NOTE_SHOWN)
    pages = max(1, -(-len(lines) // PAGE_SIZE))
    page = min(max(0, page), pages - 1)
    end = len(lines) - page * PAGE_SIZE
    start = max(0, end - PAGE_SIZE)
    body = [*_head(tr, inc), ""]
    if start > 0:
        body.append(tr("tl-earlier-hidden", count=start))
    body += lines[start:end]
    if end < len(lines):
        body.append(tr("tl-later-hidden", count=len(lines) - end))
    body += ["", tr("tl-times", tz=inc.tz)]
    return Html("\n".join(body)), page, pages


# ---------------------------------------------------------------- the post-mortem


def _full(moment: str, tz: str) -> str:
    return local(moment, tz).strftime("%d.%m.%Y %H:%M")


def postmortem_lines(tr: Tr, inc: Incident, now: datetime) -> list[str]:
    """What fired and when, who was told, who acked, actions, notes, how long, the worst value, and
    the whole timeline (HTML lines; :func:`plain` for a file)."""
    alert, rule, tz = inc.alert, inc.rule, inc.tz
    lines = [
        "<b>" + tr("tl-pm-head", rule=rule_title(tr, rule)) + "</b>",
        tr("tl-pm-tracker", tracker=inc.tracker_name),
    ]
    campaign = _campaign(inc)
    if campaign:
        lines.append(tr("tl-pm-campaign", name=campaign))
    opened = from_iso(alert.opened_at)
    lines.append(tr("tl-pm-fired", at=_full(alert.opened_at, tz), tz=tz))
    if alert.resolved_at is not None:
        lasted = fmt_age(tr, (from_iso(alert.resolved_at) - opened).total_seconds())
        lines.append(tr("tl-pm-resolved", at=_full(alert.resolved_at, tz), duration=lasted))
    else:
        lines.append(tr("tl-pm-open", duration=fmt_age(tr, (now - opened).total_seconds())))
    declared = KINDS.get(rule.kind)
    if alert.worst_value is not None and (
        declared is None or (declared.has_worst_value and declared.shows_value)
    ):
        worst, last = (
            value_text(tr, rule.kind, alert.worst_value),
            value_text(tr, rule.kind, alert.last_value),
        )
        lines.append(tr("tl-pm-worst", worst=worst, last=last))
    told = list(dict.fromkeys(inc.chats.get(e.chat_id, str(e.chat_id)) for e in inc.events
                              if e.kind == "notified" and e.chat_id is not None))  # fmt: skip
    lines.append(tr("tl-pm-told", chats=", ".join(told)) if told else tr("tl-pm-told-nobody"))
    if alert.acked_at is not None:
        after = fmt_age(tr, (from_iso(alert.acked_at) - opened).total_seconds())
        who = alert.acked_by_name or tr("tl-someone")
        lines.append(tr("tl-pm-acked", name=who, at=_full(alert.acked_at, tz), after=after))
    else:
        lines.append(tr("tl-pm-not-acked"))
    lines += _section(
        tr, inc, now, ("action", "snoozed", "unsnoozed", "muted", "unmuted", "escalated"), "actions"
    )
    lines += _section(tr, inc, now, ("note",), "notes")
    lines += ["", tr("tl-pm-timeline", tz=tz), *_lines(tr, inc, now, None)]
    return lines


def _section(tr: Tr, inc: Incident, now: datetime, kinds: Sequence[str], name: str) -> list[str]:
    found = [e for e in inc.events if e.kind in kinds]
    if not found:
        return [tr(f"tl-pm-no-{name}")]
    items = [f"• {clock(e.at, inc.tz, now)}  " + event_text(tr, e, inc, now, None) for e in found]
    return [tr(f"tl-pm-{name}"), *items]


_TAG = re.compile(r"</?(?:b|i|u|s|code|pre)>")


def plain(text: str) -> str:
    """The HTML of these texts as plain text (tags from the locale files off, entities back)."""
    return html.unescape(_TAG.sub("", text))
