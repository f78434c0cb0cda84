"""An alert's chart as a phone-sized PNG (issue 19), and the caption rules of a message that carries it.

The data is the engine's (``details["chart"]``, :mod:`alerts.charts`); here it is drawn: the series,
the baseline (dashed) or the threshold (a horizontal line), the firing period shaded (opened →
resolved, or now), hours in the tracker's time zone, words in the chat's language
(``bot/locales/*/charts.ftl``). matplotlib's object API on the Agg canvas like the report chart
(``handlers/reports/chart.py``), imported on first use; :func:`chart_png` draws in a worker thread
(``asyncio.to_thread``), never on the event loop.

Captions: Telegram takes 1,024 characters of caption *text* (after the HTML is parsed, counted in
UTF-16 code units). :func:`caption_fits` says whether a message fits; :func:`fit_caption` cuts one
at a line boundary so that its HTML stays valid (every line of an alert message closes its tags).
"""

from __future__ import annotations

import asyncio
import html
import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from aiogram.types import InlineKeyboardMarkup

from handlers.alerts.kinds import Tr
from storage.alerts import Alert, from_iso

__all__ = [
    "MAX_CAPTION",
    "ChartWords",
    "WithPhoto",
    "caption_fits",
    "caption_length",
    "chart_png",
    "draw_png",
    "fit_caption",
]

MAX_CAPTION = 1024
WIDTH, HEIGHT, DPI = 6.4, 3.6, 100  # 640 × 360 px: a phone's width, a glance's height
# dates as numbers only (no month names in a language the chat may not speak)
_NUMERIC_DATES = {
    "formats": ["%Y", "%d.%m", "%d.%m", "%H:%M", "%H:%M", "%S.%f"],
    "zero_formats": ["", "%Y", "%d.%m", "%d.%m", "%H:%M", "%H:%M"],
    "offset_formats": ["", "%Y", "%m.%Y", "%d.%m.%Y", "%d.%m.%Y", "%d.%m.%Y %H:%M"],
}
_TAG = re.compile(r"<[^>]*>")
_OPEN = re.compile(r"<([a-zA-Z][a-zA-Z0-9-]*)(?:\s[^>]*)?>")
_CLOSE = re.compile(r"</([a-zA-Z][a-zA-Z0-9-]*)\s*>")


class WithPhoto(tuple[str, InlineKeyboardMarkup | None]):
    """A rendered message (text, buttons) that goes out as a photo (``png``) with the text as its
    caption; what the alert renderers return for a message with its chart. A plain ``Rendered``
    tuple to everything else."""

    png: bytes

    def __new__(cls, text: str, markup: InlineKeyboardMarkup | None, png: bytes) -> WithPhoto:
        self = super().__new__(cls, (text, markup))
        self.png = png
        return self


# ---------------------------------------------------------------- captions


def caption_length(text: str) -> int:
    """The length Telegram counts of an HTML caption: the text without tags, entities decoded, in
    UTF-16 code units."""
    plain = html.unescape(_TAG.sub("", text))
    return len(plain.encode("utf-16-le")) // 2


def caption_fits(text: str, limit: int = MAX_CAPTION) -> bool:
    return caption_length(text) <= limit


def _balanced(text: str) -> bool:
    stack: list[str] = []
    for match in re.finditer(r"</?[a-zA-Z][^>]*>", text):
        tag = match.group(0)
        closing = _CLOSE.fullmatch(tag)
        if closing is not None:
            if not stack or stack.pop() != closing.group(1).lower():
                return False
            continue
        opening = _OPEN.fullmatch(tag)
        if opening is not None and not tag.endswith("/>"):
            stack.append(opening.group(1).lower())
    return not stack


def fit_caption(text: str, limit: int = MAX_CAPTION) -> str:
    """``text`` when it fits; else its longest prefix of whole lines that fits with valid HTML, and
    "…" (the first line cut by characters, tags dropped, when even it is too long)."""
    if caption_fits(text, limit):
        return text
    lines = text.split("\n")
    best = ""
    for end in range(1, len(lines) + 1):
        candidate = "\n".join(lines[:end])
        if not caption_fits(candidate + "\n…", limit):
            break
        if _balanced(candidate):
            best = candidate
    if best:
        return best + "\n…"
    plain = html.unescape(_TAG.sub("", lines[0]))
    while plain and caption_length(html.escape(plain, quote=False) + "…") > limit:
        plain = plain[: max(0, len(plain) - max(1, len(plain) // 10))]
    return html.escape(plain, quote=False) + "…"


# ---------------------------------------------------------------- drawing


@dataclass(frozen=True, slots=True)
class ChartWords:
    """The words on a chart, in the chat's language."""

    title: str
    unit: str
    baseline: str
    threshold: str
    firing: str
    time: str

    @classmethod
    def of(cls, tr: Tr, chart: Mapping[str, Any], *, title: str, tz: str) -> ChartWords:
        step = int(chart.get("step") or 1)
        unit = tr(f"charts-unit-{chart.get('unit')}")
        if step > 1 and chart.get("baseline") is not None:  # a sum over several hours a point
            unit = tr("charts-per-step", unit=unit, hours=step)
        return cls(title, _plain(unit), _plain(tr("charts-baseline")), _plain(tr("charts-threshold")),
                   _plain(tr("charts-firing")), _plain(tr("charts-axis-time", tz=tz)))  # fmt: skip


def _plain(text: str) -> str:
    return html.unescape(_TAG.sub("", text))


def _num(moment: datetime) -> float:
    """A moment as matplotlib's date number."""
    from matplotlib.dates import date2num

    return float(date2num(moment))  # type: ignore[no-untyped-call]


def _series(items: Sequence[Sequence[Any]] | None) -> tuple[list[float], list[float]]:
    """(x as matplotlib date numbers, y) of stored points; a missing value is a gap."""
    xs: list[float] = []
    ys: list[float] = []
    for at, value in items or []:
        xs.append(_num(from_iso(str(at))))
        ys.append(float("nan") if value is None else float(value))
    return xs, ys


def draw_png(
    chart: Mapping[str, Any],
    words: ChartWords,
    *,
    tz: str,
    opened: datetime,
    closed: datetime | None,
    now: datetime,
) -> bytes:
    """The chart as PNG bytes (640 × 360 px). Blocking: call it through ``asyncio.to_thread``."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg  # on first use only (see above)
    from matplotlib.dates import AutoDateLocator, ConciseDateFormatter
    from matplotlib.figure import Figure

    zone = ZoneInfo(tz)
    figure = Figure(figsize=(WIDTH, HEIGHT), dpi=DPI, layout="constrained")
    FigureCanvasAgg(figure)
    ax = figure.subplots()
    ax.set_title(words.title[:80], fontsize=10, loc="left")
    xs, ys = _series(chart.get("points"))
    ax.plot(xs, ys, color="#1f77b4", linewidth=2.2, marker="o" if len(xs) <= 30 else None,
            markersize=3, label=words.unit)  # fmt: skip
    if chart.get("baseline") is not None:
        bx, by = _series(chart.get("baseline"))
        ax.plot(bx, by, color="#7f7f7f", linewidth=1.4, linestyle="--", label=words.baseline)
    threshold = chart.get("threshold")
    if threshold is not None:
        ax.axhline(float(threshold), color="#d62728", linewidth=1.2, linestyle=":", label=words.threshold)
    if xs:
        start = max(_num(opened), xs[0])
        end = _num(closed or now)
        if end > start:
            ax.axvspan(start, end, color="#d62728", alpha=0.12, label=words.firing)
    locator = AutoDateLocator(tz=zone, minticks=4, maxticks=8)  # type: ignore[no-untyped-call]
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(ConciseDateFormatter(locator, tz=zone, **_NUMERIC_DATES))  # type: ignore[no-untyped-call]
    ax.tick_params(labelsize=8)
    ax.set_xlabel(words.time, fontsize=8)
    ax.set_ylabel(words.unit, fontsize=8)
    ax.grid(True, alpha=0.3)
    if chart.get("unit") in ("clicks", "conversions"):
        ax.set_ylim(bottom=0)
    ax.legend(fontsize=7, loc="best")
    out = io.BytesIO()
    figure.savefig(out, format="png")
    return out.getvalue()


async def chart_png(tr: Tr, alert: Alert, *, title: str, tz: str, now: datetime) -> bytes | None:
    """The alert's chart drawn off the event loop; ``None`` when the alert has none."""
    chart = alert.details.get("chart")
    if not isinstance(chart, dict) or not chart.get("points"):
        return None
    words = ChartWords.of(tr, chart, title=title, tz=tz)
    closed = from_iso(alert.resolved_at) if alert.resolved_at else None
    return await asyncio.to_thread(
        draw_png, chart, words, tz=tz, opened=from_iso(alert.opened_at), closed=closed, now=now
    )
