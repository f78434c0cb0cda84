"""The texts of /costs: the rows with problems, the preview per campaign and day with the cost
already there, the summary with ROI before → after, and the files (the template, the full list of
problems). HTML with every interpolated value escaped by the translation core or :func:`esc`."""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from handlers import numbers
from handlers.costs.parse import Entry, Problem
from handlers.costs.tracker import Money, Outcome, roi, sums
from handlers.csv_writer import csv_bytes
from handlers.ui import Html

__all__ = [
    "PAGE",
    "PROBLEMS_SHOWN",
    "days_text",
    "page_count",
    "preview_lines",
    "problem_lines",
    "problems_csv",
    "summary_lines",
    "template_csv",
]

Tr = Callable[..., str]
PAGE = 12  # entries per preview page (a phone screen, well below 4096 characters)
PROBLEMS_SHOWN = 15  # rows with problems listed in the message; more go in a file
SUMMARY_SHOWN = 20  # campaigns in the summary (a message stays below Telegram's 4096 characters)


def days_text(entry: Entry) -> str:
    if entry.start == entry.end:
        return entry.start.strftime("%d.%m.%Y")
    return f"{entry.start:%d.%m}–{entry.end:%d.%m.%Y}"


def page_count(total: int) -> int:
    return max(1, -(-total // PAGE))


def _reasons(tr: Tr, problem: Problem) -> Html:
    return Html("; ".join(tr(key, **args) for key, args in problem.reasons))


def problem_lines(tr: Tr, problems: Sequence[Problem]) -> list[str]:
    """``Line 3: …`` for the first :data:`PROBLEMS_SHOWN` rows."""
    return [tr("costs-problem", line=p.line, reasons=_reasons(tr, p)) for p in problems[:PROBLEMS_SHOWN]]


def problems_csv(tr: Tr, problems: Sequence[Problem]) -> bytes:
    return csv_bytes(("line", "problem"), ((p.line, html.unescape(_reasons(tr, p))) for p in problems))


def _grouped(entries: Sequence[Entry]) -> list[tuple[int, str, list[Entry]]]:
    groups: dict[int, tuple[str, list[Entry]]] = {}
    for entry in entries:
        groups.setdefault(entry.campaign_id, (entry.campaign_name, []))[1].append(entry)
    return [(cid, name, sorted(items, key=lambda e: e.start)) for cid, (name, items) in groups.items()]


def _ordered(entries: Sequence[Entry]) -> list[Entry]:
    return [e for _cid, _name, items in _grouped(entries) for e in items]


def preview_lines(tr: Tr, entries: Sequence[Entry], money: Money, page: int, lang: str) -> list[str]:
    """One page of the preview: a campaign's name once, then its days — what will be written and
    the cost there now."""
    shown = _ordered(entries)[page * PAGE : (page + 1) * PAGE]
    lines: list[str] = []
    current: int | None = None
    for entry in shown:
        if entry.campaign_id != current:
            current = entry.campaign_id
            lines.append(tr("costs-campaign", name=entry.campaign_name, id=entry.campaign_id))
        now, _revenue = sums(money, entry.campaign_id, entry.days())
        lines.append(
            tr(
                "costs-preview-line",
                days=days_text(entry),
                cost=numbers.money(entry.cost, entry.currency, lang),
                now=numbers.money(now, None, lang),
            )
        )
    return lines


def _roi_text(value: float | None, lang: str) -> str:
    return "—" if value is None else numbers.percent(value, lang)


def summary_lines(
    tr: Tr, outcomes: Sequence[Outcome], before: Money, after: Money, *, lang: str, tracker: str
) -> list[str]:
    """Per campaign written: cost and ROI over its written days, before → after; then each row
    that failed with its line number and reason."""
    written = [o.entry for o in outcomes if o.error is None]
    lines: list[str] = []
    groups = _grouped(written)
    for campaign_id, name, items in groups[:SUMMARY_SHOWN]:
        days = sorted({d for e in items for d in e.days()})
        cost_0, revenue_0 = sums(before, campaign_id, days)
        cost_1, revenue_1 = sums(after, campaign_id, days)
        lines.append(
            tr(
                "costs-summary-campaign",
                name=name,
                id=campaign_id,
                days=len(days),
                before=numbers.money(cost_0, None, lang),
                after=numbers.money(cost_1, None, lang),
                roi_before=_roi_text(roi(cost_0, revenue_0), lang),
                roi_after=_roi_text(roi(cost_1, revenue_1), lang),
            )
        )
    if len(groups) > SUMMARY_SHOWN:
        lines.append(tr("costs-summary-more", count=len(groups) - SUMMARY_SHOWN))
    failed = [o for o in outcomes if o.error is not None]
    if failed:
        lines += ["", tr("costs-summary-failed", count=len(failed))]
        for outcome in failed[:PROBLEMS_SHOWN]:
            assert outcome.error is not None
            key, args = outcome.error
            lines.append(
                tr("costs-problem", line=outcome.entry.line, reasons=Html(tr(key, tracker=tracker, **args)))
            )
    return lines


def template_csv(today: date) -> bytes:
    """The template: the header and two example rows (a campaign id and one day; a name and a
    range of days)."""
    yesterday = today - timedelta(days=1)
    first = today - timedelta(days=3)
    rows: list[list[Any]] = [
        ["12", yesterday.isoformat(), Decimal("150.40"), "USD"],
        ["FB US Nutra", f"{first:%d.%m.%Y}–{yesterday:%d.%m.%Y}", Decimal("450"), "EUR"],
    ]
    return csv_bytes(("campaign", "date", "cost", "currency"), rows)
