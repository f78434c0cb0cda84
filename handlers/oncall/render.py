"""Messages of the notifications this feature queues (``RENDERERS``), in the chat's language:

* :class:`~alerts.payloads.ConversionsPayload` — a burst of conversion pushes, one message;
* :class:`~alerts.payloads.DigestPayload` — the daily digest: the day's totals against the day
  before, the best and worst campaigns by profit, the alerts that opened and who acknowledged them.

Both return ``(html, None)`` (no buttons), or ``None`` when there is nothing to say any more (the
tracker was deleted).
"""

from __future__ import annotations

import math
from datetime import date, datetime, timedelta
from typing import Any

from alerts.oncall import handover_at, zone
from alerts.payloads import ConversionsPayload, DigestPayload
from handlers.alerts.kinds import lang_of
from handlers.context import AppContext
from handlers.feature import Rendered, Renderer, Tr
from handlers.numbers import money, percent, signed
from handlers.oncall.common import person_label
from handlers.reports.build import fetch_report
from handlers.reports.catalog import METRICS
from handlers.reports.render import deltas_block
from handlers.reports.setup import normalize
from handlers.ui import Html, esc, keitaro_error_key
from storage import Tracker

__all__ = ["DIGEST_METRICS", "RENDERERS", "render_conversions", "render_digest"]

MAX_LINES = 15
TOP = 3
DIGEST_METRICS = ("clicks", "conversions", "revenue", "cost", "profit", "roi")
# ✅ means done/acked and ⏳ a pending rule elsewhere in the bot: statuses have marks of their own
STATUS_ICONS = {"sale": "💵", "lead": "📝", "rejected": "❌", "rebill": "♻️"}
SEVERITY_ICONS = {"critical": "🔴", "warning": "🟠", "info": "🔵"}


def _number(value: Any) -> float | None:
    try:
        number = float(str(value).replace(",", "."))
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


# ------------------------------------------------------------------ conversions


def conversion_line(item: dict[str, Any], tr: Tr) -> str:
    """``💰 <b>продажа (sale)</b> 12,50 USD · campaign · offer · country · subid``."""
    status = str(item.get("status") or "").lower()
    head = f"{STATUS_ICONS.get(status, '•')} <b>{tr('conv-status', status=status or '?')}</b>"
    revenue = _number(item.get("revenue"))
    if revenue is not None:
        head += f" {esc(money(revenue, str(item.get('currency') or '').upper(), lang_of(tr)))}"
    parts = [head]
    campaign = item.get("campaign") or (f"#{item['campaign_id']}" if item.get("campaign_id") else None)
    offer = item.get("offer") or (f"offer #{item['offer_id']}" if item.get("offer_id") else None)
    parts += [esc(str(p)) for p in (campaign, offer, item.get("country")) if p]
    line = " · ".join(parts)
    if item.get("subid"):
        line += f" · <code>{esc(item['subid'])}</code>"
    return line


async def render_conversions(
    app: AppContext, chat_id: int, payload: ConversionsPayload, tr: Tr
) -> Rendered | None:
    items, tracker_id = payload.items, payload.tracker_id
    if not items:
        return None
    names = await app.alerts.oncall.tracker_names([tracker_id])
    if tracker_id not in names:
        return None
    lines = [tr("conv-push-title", count=len(items), tracker=names[tracker_id])]
    lines += [conversion_line(item, tr) for item in items[:MAX_LINES]]
    if len(items) > MAX_LINES:
        lines.append(tr("conv-push-more", count=len(items) - MAX_LINES))
    if len(items) > 1:
        sums: dict[str, float] = {}
        for item in items:
            revenue = _number(item.get("revenue"))
            if revenue is not None and str(item.get("status") or "").lower() != "rejected":
                key = str(item.get("currency") or "").upper()
                sums[key] = sums.get(key, 0.0) + revenue
        if sums:
            total = ", ".join(money(v, k, lang_of(tr)) for k, v in sorted(sums.items()))
            lines.append(tr("conv-push-total", total=total))
    return "\n".join(lines), None


# ------------------------------------------------------------------ digest


def _day_bounds(day: date, tz: str) -> tuple[datetime, datetime]:
    start = handover_at(day, "00:00", tz)
    return start, handover_at(day + timedelta(days=1), "00:00", tz)


def _campaign_line(row: dict[str, Any], lang: str) -> str:
    name = str(row.get("campaign") or "").strip() or f"#{row.get('campaign_id')}"
    profit = _number(row.get("profit")) or 0.0
    roi = _number(row.get("roi"))
    tail = f" (ROI {percent(roi, lang)})" if roi is not None else ""
    return f"• {esc(name[:40])}: <b>{esc(signed(profit, lang, places=2))}</b>{esc(tail)}"


async def _numbers(app: AppContext, tracker: Tracker, day: date, tr: Tr) -> list[str]:
    setup = normalize(
        {
            "range": "custom", "from": day.isoformat(), "to": day.isoformat(), "group": "campaign",
            "metrics": list(DIGEST_METRICS), "sort": "profit",
        }
    )  # fmt: skip
    try:
        data = await fetch_report(app.clients.for_tracker(tracker), setup, tracker.timezone, now=app.clock())
    except Exception as error:
        key, args = keitaro_error_key(error)
        return [tr("digest-no-numbers"), tr(key, tracker=tracker.name, **args)]
    names = {m: tr("stats-mh-" + m) for m in METRICS}
    heads = (tr("digest-day"), tr("digest-day-before"), "Δ")
    lines = [
        deltas_block(
            DIGEST_METRICS, names, data.totals, data.previous_totals, heads=heads, pp=tr("stats-pp"),
            new=tr("stats-new"), lang=lang_of(tr),
        )
    ]  # fmt: skip
    rows = [
        r
        for r in data.rows
        if _number(r.get("clicks")) or _number(r.get("cost")) or _number(r.get("revenue"))
    ]
    if rows:
        ranked = sorted(rows, key=lambda r: _number(r.get("profit")) or 0.0, reverse=True)
        best = [r for r in ranked[:TOP] if (_number(r.get("profit")) or 0.0) > 0]
        worst = [
            r for r in reversed(ranked[-TOP:]) if (_number(r.get("profit")) or 0.0) < 0 and r not in best
        ]
        if best:
            lines.append(tr("digest-top"))
            lines += [_campaign_line(r, lang_of(tr)) for r in best]
        if worst:
            lines.append(tr("digest-worst"))
            lines += [_campaign_line(r, lang_of(tr)) for r in worst]
    else:
        lines.append(tr("digest-no-traffic"))
    return lines


async def _alerts(app: AppContext, tracker: Tracker, day: date, tr: Tr) -> list[str]:
    repo = app.alerts.oncall
    start, end = _day_bounds(day, tracker.timezone)
    fired = await repo.alerts_opened(tracker.id, start, end)
    if not fired:
        return [tr("digest-alerts-none")]
    tz = zone(tracker.timezone)
    names = await repo.usernames([a.acked_by for a in fired if a.acked_by])

    def at(moment: str) -> str:
        return datetime.fromisoformat(moment.replace("Z", "+00:00")).astimezone(tz).strftime("%H:%M")

    lines = [tr("digest-alerts", count=len(fired))]
    for alert in fired[:MAX_LINES]:
        line = f"{SEVERITY_ICONS.get(alert.severity, '•')} {at(alert.opened_at)} {esc(alert.rule_name)}"
        if alert.acked_at:
            who = (
                esc(alert.acked_by_name)
                if alert.acked_by_name
                else person_label(alert.acked_by, names)
                if alert.acked_by
                else "?"
            )
            line += " — " + tr("digest-acked", who=Html(who), at=at(alert.acked_at))
        else:
            line += " — " + tr("digest-not-acked")
        if alert.resolved_at:
            line += " · " + tr("digest-resolved", at=at(alert.resolved_at))
        lines.append(line)
    if len(fired) > MAX_LINES:
        lines.append(tr("conv-push-more", count=len(fired) - MAX_LINES))
    return lines


async def render_digest(app: AppContext, chat_id: int, payload: DigestPayload, tr: Tr) -> Rendered | None:
    day = payload.day
    tracker = await app.trackers.find(payload.tracker_id)
    if tracker is None:
        return None
    shown = day.strftime("%d.%m.%Y") if lang_of(tr) == "ru" else day.isoformat()
    lines = [tr("digest-title", tracker=tracker.name, day=shown, tz=tracker.timezone)]
    lines += await _numbers(app, tracker, day, tr)
    lines.append("")
    lines += await _alerts(app, tracker, day, tr)
    return "\n".join(lines), None


RENDERERS: dict[type[Any], Renderer] = {
    ConversionsPayload: render_conversions,
    DigestPayload: render_digest,
}
