"""The alert chart drawn (handlers/alerts/chart.py): a phone-sized PNG with the chart's words in the
chat's language, drawn off the event loop; and the caption rules (1,024 characters of text after
the HTML is parsed, cut at a line boundary with valid HTML)."""

from __future__ import annotations

import asyncio
import struct
import threading
from dataclasses import replace
from datetime import timedelta
from typing import Any

import pytest

from bot.i18n import LANGUAGES
from handlers.alerts import chart as chart_module
from handlers.alerts.chart import MAX_CAPTION, caption_fits, caption_length, chart_png, fit_caption
from handlers.notices import translator
from storage.alerts import to_iso
from tests.alert_fakes import CORE, NOW, make_alert
from tests.fakes.telegram import parse_html

PNG = b"\x89PNG\r\n\x1a\n"


def size(png: bytes) -> tuple[int, int]:
    width, height = struct.unpack(">II", png[16:24])
    return width, height


def chart(**over: Any) -> dict[str, Any]:
    points = [[to_iso(NOW - timedelta(hours=24 - i)), 100.0 if i < 20 else 10.0] for i in range(25)]
    return {"unit": "clicks", "step": 1, "points": points, "baseline": [[p[0], 100.0] for p in points],
            "threshold": None, **over}  # fmt: skip


@pytest.mark.parametrize("language", LANGUAGES)
async def test_the_chart_is_a_phone_sized_png_drawn_in_a_worker_thread(
    language: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    threads: list[str] = []
    draw = chart_module.draw_png
    words: list[Any] = []

    def spy(data: Any, w: Any, **kw: Any) -> bytes:
        threads.append(threading.current_thread().name)
        words.append(w)
        return draw(data, w, **kw)

    monkeypatch.setattr(chart_module, "draw_png", spy)
    tr = translator(CORE, language)
    alert = make_alert(opened_at=to_iso(NOW - timedelta(hours=4)), details={"chart": chart()})
    png = await chart_png(tr, alert, title="Clicks −90% vs usual · Summer", tz="Europe/Madrid", now=NOW)
    assert png is not None and png.startswith(PNG)
    assert size(png) == (640, 360) and len(png) < 200_000
    assert threads and threads[0] != threading.main_thread().name  # off the event loop's thread
    label = words[0]
    assert label.unit == ("Clicks" if language == "en" else "Клики")
    assert label.time == ("Time (Europe/Madrid)" if language == "en" else "Время (Europe/Madrid)")
    assert label.baseline == ("Usual" if language == "en" else "Обычно")


async def test_a_threshold_chart_a_resolved_alert_and_an_alert_without_a_chart() -> None:
    tr = translator(CORE, "en")
    roi = chart(unit="roi", baseline=None, threshold=-20.0)
    resolved = make_alert(resolved_at=to_iso(NOW - timedelta(hours=1)), details={"chart": roi})
    png = await chart_png(tr, resolved, title="ROI", tz="UTC", now=NOW)
    assert png is not None and png.startswith(PNG)
    assert await chart_png(tr, make_alert(), title="ROI", tz="UTC", now=NOW) is None
    empty = replace(make_alert(), details={"chart": chart(points=[])})
    assert await chart_png(tr, empty, title="ROI", tz="UTC", now=NOW) is None
    assert not asyncio.iscoroutinefunction(chart_module.draw_png)  # the blocking part is plain


def test_caption_length_counts_the_parsed_text_in_utf16_units() -> None:
    assert caption_length("<b>a &amp; b</b>") == 5
    assert caption_length("🔴 x") == 4  # the emoji is two UTF-16 units, like Telegram counts
    assert caption_fits("x" * MAX_CAPTION) and not caption_fits("x" * (MAX_CAPTION + 1))
    assert caption_fits("<b>" + "x" * MAX_CAPTION + "</b>")  # tags are not text


def test_fit_caption_cuts_at_a_line_boundary_and_keeps_the_html_valid() -> None:
    lines = [
        "🟠 <b>Clicks −90% vs usual</b> · Summer",
        *(f"<i>line {i} " + "x" * 80 + "</i>" for i in range(20)),
    ]
    text = "\n".join(lines)
    cut = fit_caption(text)
    assert caption_fits(cut) and cut.endswith("\n…")
    kept = cut[: -len("\n…")].split("\n")
    assert kept == lines[: len(kept)] and len(kept) > 5
    plain, entities = parse_html(cut)  # the fake Telegram's parser: valid HTML
    assert plain.startswith("🟠 Clicks −90% vs usual · Summer") and entities
    assert fit_caption("short") == "short"
    huge = "<b>" + "y" * 3000 + "</b>"
    single = fit_caption(huge)
    assert caption_fits(single) and "<b>" not in single and single.endswith("…")
