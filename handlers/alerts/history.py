"""/alerts → 📚 History: the active tracker's alerts of the last :data:`DAYS` days, newest first, a page
of :data:`PER_PAGE` at a time — rule, scope, when it opened, how long it lasted (or "still open"),
who acked — each opening its timeline (with the post-mortem buttons once it is resolved). A member
with a buyer scope sees only the alerts of their campaigns (:class:`alerts.audience.Audience`).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from aiogram.types import CallbackQuery
from aiogram_dialog import DialogManager, ShowMode, Window
from aiogram_dialog.widgets.kbd import Button, Group, Row, SwitchTo
from aiogram_dialog.widgets.text import Format

from alerts.audience import Audience, alert_subject
from handlers.alerts.common import clock
from handlers.alerts.kinds import fmt_age
from handlers.alerts.render import SEVERITY_ICON
from handlers.alerts.states import AlertsSG
from handlers.alerts.timeline import send_postmortem
from handlers.alerts.timeline_text import load_incident, reader_tracker, timeline_page
from handlers.alerts.views import scope_name
from handlers.input import item_int
from handlers.notices import safe
from handlers.ui import Html, T, app_of, dialog_tracker, fallback_input, i18n_of, pick, toast, user_id_of
from storage.alerts import Alert, AlertRule, from_iso, to_iso

__all__ = ["DAYS", "PER_PAGE", "on_history", "windows"]

DAYS = 30
PER_PAGE = 8


async def on_history(query: CallbackQuery, _w: Any, manager: DialogManager) -> None:
    manager.dialog_data["hist_page"] = 0
    await manager.switch_to(AlertsSG.history)


async def _alerts(manager: DialogManager) -> tuple[Any, list[Alert], dict[int, AlertRule]]:
    app = app_of(manager)
    tracker = await dialog_tracker(manager)
    if tracker is None:
        return None, [], {}
    repo = app.alerts.alerts
    rules = {r.id: r for r in await repo.list_for_tracker(tracker.id)}
    since = to_iso(app.clock() - timedelta(days=DAYS))
    found = [a for a in await repo.events.history(tracker.id, since) if a.rule_id in rules]
    if tracker.scope is not None:  # a buyer: only what tells of their campaigns
        audience, reader = Audience(app.alerts, tracker.id), user_id_of(manager)
        found = [a for a in found if await audience.may_see(reader, alert_subject(a))]
    return tracker, found, rules


def _where(tr: Any, alert: Alert, rule: AlertRule) -> str:
    """The alert's campaign when it is about one (a rule over each campaign), else the rule's scope."""
    name = alert.details.get("campaign")
    kind, _, ident = alert.scope.partition(":")
    if kind == "campaign":
        return str(tr("alerts-scope-campaign", name=str(name or f"#{ident}")))
    return str(scope_name(tr, rule, str(name) if name else None))


async def history_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    manager, i18n, app = dialog_manager, i18n_of(dialog_manager), app_of(dialog_manager)
    tr = safe(i18n.get)
    tracker, found, rules = await _alerts(manager)
    base = {"items": [], "older": False, "newer": False}
    if tracker is None:
        return {**base, "text": Html(i18n.get("res-no-tracker"))}
    pages = max(1, -(-len(found) // PER_PAGE))
    page = min(max(0, int(manager.dialog_data.get("hist_page") or 0)), pages - 1)
    manager.dialog_data["hist_page"] = page
    shown = found[page * PER_PAGE : (page + 1) * PER_PAGE]
    tz, now = tracker.timezone, app.clock()
    lines = [tr("tl-hist-head", tracker=tracker.name, days=DAYS)]
    lines.append(tr("tl-hist-count", count=len(found)) if found else tr("tl-hist-empty", days=DAYS))
    items: list[tuple[str, str]] = []
    for alert in shown:
        rule = rules[alert.rule_id]
        icon = SEVERITY_ICON.get(alert.severity, "⚪")
        where = _where(tr, alert, rule)
        opened = clock(alert.opened_at, tz, now)
        if alert.resolved_at is not None:
            lasted = fmt_age(tr, (from_iso(alert.resolved_at) - from_iso(alert.opened_at)).total_seconds())
            when = tr("tl-hist-when", opened=opened, duration=lasted)
        else:
            when = tr(
                "tl-hist-when-open",
                opened=opened,
                duration=fmt_age(tr, (now - from_iso(alert.opened_at)).total_seconds()),
            )
        acked = (
            tr("tl-hist-acked", name=alert.acked_by_name) if alert.acked_by_name else tr("tl-hist-not-acked")
        )
        lines += [
            "",
            tr("tl-hist-line", icon=icon, rule=rule.name, scope=Html(" · " + where)),
            f"{when} · {acked}",
        ]
        items.append((f"{icon} {opened} {rule.name}", str(alert.id)))  # a label: no HTML, no escaping
    lines += ["", tr("tl-times", tz=tz)]
    return {
        "text": Html("\n".join(lines)),
        "items": items,
        "older": page < pages - 1,
        "newer": page > 0,
    }


async def _turn(manager: DialogManager, key: str, by: int) -> None:
    manager.dialog_data[key] = max(0, int(manager.dialog_data.get(key) or 0) + by)


async def on_older(query: CallbackQuery, _w: Any, manager: DialogManager) -> None:
    await _turn(manager, "hist_page", 1)


async def on_newer(query: CallbackQuery, _w: Any, manager: DialogManager) -> None:
    await _turn(manager, "hist_page", -1)


async def on_pick(query: CallbackQuery, _w: Any, manager: DialogManager, item_id: str) -> None:
    manager.dialog_data.update(tl_alert=item_int(item_id), tl_page=0)
    await manager.switch_to(AlertsSG.timeline)


# ---------------------------------------------------------------- one alert's timeline


async def _incident(manager: DialogManager) -> Any:
    app = app_of(manager)
    alert_id = manager.dialog_data.get("tl_alert")
    inc = await load_incident(app, int(alert_id)) if isinstance(alert_id, int) else None
    tracker = await dialog_tracker(manager)
    if inc is None or tracker is None or inc.rule.tracker_id != tracker.id:
        return None
    reader = user_id_of(manager)  # the dialog is the person's: their team role and scope decide
    if await reader_tracker(app, reader, inc.alert, inc.rule, reader) is None:
        return None
    return inc


async def timeline_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    manager, i18n = dialog_manager, i18n_of(dialog_manager)
    inc = await _incident(manager)
    if inc is None:
        return {"text": Html(i18n.get("tl-gone")), "earlier": False, "later": False, "resolved": False}
    text, page, pages = timeline_page(
        safe(i18n.get), inc, app_of(manager).clock(), int(manager.dialog_data.get("tl_page") or 0)
    )
    manager.dialog_data["tl_page"] = page
    return {
        "text": text,
        "earlier": page < pages - 1,
        "later": page > 0,
        "resolved": inc.alert.resolved_at is not None,
    }


async def on_earlier(query: CallbackQuery, _w: Any, manager: DialogManager) -> None:
    await _turn(manager, "tl_page", 1)


async def on_later(query: CallbackQuery, _w: Any, manager: DialogManager) -> None:
    await _turn(manager, "tl_page", -1)


async def _postmortem(query: CallbackQuery, manager: DialogManager, *, as_file: bool) -> None:
    inc = await _incident(manager)
    i18n = i18n_of(manager)
    if inc is None:
        await toast(query, i18n.get("tl-gone"), alert=True)
        return
    if inc.alert.resolved_at is None:
        await toast(query, i18n.get("tl-pm-resolved-only"), alert=True)
        return
    await toast(query)
    chat = query.message.chat.id if query.message is not None else query.from_user.id
    await send_postmortem(
        manager.middleware_data["bot"], chat, safe(i18n.get), inc, app_of(manager).clock(), as_file=as_file
    )
    manager.show_mode = ShowMode.SEND  # the dialog's window comes back below the post-mortem


async def on_pm_text(query: CallbackQuery, _w: Any, manager: DialogManager) -> None:
    await _postmortem(query, manager, as_file=False)


async def on_pm_file(query: CallbackQuery, _w: Any, manager: DialogManager) -> None:
    await _postmortem(query, manager, as_file=True)


def windows() -> tuple[Window, ...]:
    """The History windows of the /alerts dialog (reached from its first window's 📚 History)."""
    return (
        Window(
            Format("{text}"),
            Group(pick("hist", "items", on_pick), width=1),
            Row(
                Button(T("tl-btn-earlier"), id="hist_older", on_click=on_older, when="older"),
                Button(T("tl-btn-later"), id="hist_newer", on_click=on_newer, when="newer"),
            ),
            SwitchTo(T("tl-btn-history-back"), id="hist_back", state=AlertsSG.list),
            fallback_input(),
            state=AlertsSG.history,
            getter=history_getter,
        ),
        Window(
            Format("{text}"),
            Row(
                Button(T("tl-btn-earlier"), id="tl_earlier", on_click=on_earlier, when="earlier"),
                Button(T("tl-btn-later"), id="tl_later", on_click=on_later, when="later"),
            ),
            Button(T("tl-btn-pm-text"), id="tl_pm_text", on_click=on_pm_text, when="resolved"),
            Button(T("tl-btn-pm-file"), id="tl_pm_file", on_click=on_pm_file, when="resolved"),
            SwitchTo(T("tl-hist-back"), id="tl_back", state=AlertsSG.history),
            fallback_input(),
            state=AlertsSG.timeline,
            getter=timeline_getter,
        ),
    )
