"""The emulator's own aggregation of its seeded traffic, computed here from the raw clicks and
conversions (not through /report/build), and a parser of the /stats tables as the user sees them.

Definitions are the emulator's documented ones (traffic_reports.py): conversions = leads + sales +
rejected; revenue = lead + sale + rebill revenue; cost = click cost + conversion cost; profit =
revenue − cost; ROI = profit / cost · 100; conversions count in the bucket of their click.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from tests.fakes.keitaro import KeitaroEmulator


def aggregate(
    keitaro: KeitaroEmulator,
    start: datetime,
    end: datetime,
    key: Callable[[dict[str, Any], datetime], Any],
    *,
    keep: Callable[[dict[str, Any]], bool] = lambda c: True,
) -> dict[Any, dict[str, float]]:
    state = keitaro.state
    by_click: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for conv in state.conversions:
        by_click[conv["click_id"]].append(conv)
    tz = start.tzinfo
    out: dict[Any, dict[str, float]] = {}
    for click in state.clicks:
        moment = datetime.fromtimestamp(click["_ts"], UTC).astimezone(tz)
        if not (start <= moment < end) or not keep(click):
            continue
        acc = out.setdefault(key(click, moment), defaultdict(float))
        acc["clicks"] += 1
        acc["cost"] += click["cost"]
        for conv in by_click.get(click["click_id"], []):
            acc["cost"] += conv.get("cost", 0.0)
            if conv["status"] in ("lead", "sale", "rejected"):
                acc["conversions"] += 1
            if conv["status"] != "rejected":
                acc["revenue"] += conv["revenue"]
    for acc in out.values():
        acc["profit"] = acc["revenue"] - acc["cost"]
        acc["roi"] = acc["profit"] / acc["cost"] * 100 if acc["cost"] else 0.0
    return out


def total(groups: dict[Any, dict[str, float]]) -> dict[str, float]:
    acc: dict[str, float] = defaultdict(float)
    for values in groups.values():
        for name in ("clicks", "cost", "conversions", "revenue"):
            acc[name] += values.get(name, 0.0)
    acc["profit"] = acc["revenue"] - acc["cost"]
    acc["roi"] = acc["profit"] / acc["cost"] * 100 if acc["cost"] else 0.0
    return acc


def local_midnight(day: Any, tz: str) -> datetime:
    return datetime.combine(day, datetime.min.time(), tzinfo=ZoneInfo(tz))


def number(text: str, lang: str = "en") -> float:
    """A table cell as a number: ``1,529.50`` (English) or ``1\u202f529,50`` (Russian)."""
    if lang == "ru":
        return float(text.replace("\u202f", "").replace(",", "."))
    return float(text.replace(",", ""))


def _parts(line: str) -> list[str]:
    """Cells split on plain spaces: a Russian number keeps its thin space (``1\u202f529``)."""
    return [part for part in line.split(" ") if part]


def parse_tables(text: str, headers: list[list[str]]) -> dict[str, dict[str, str]]:
    """``label → {header: cell}`` from the bands of the report table (plain text of the message).
    ``headers``: the column headers of each band, e.g. ``[["Clicks", "Conv", "Revenue"], ...]``.
    Rows are matched across bands by position (a long label may be cut differently in each band)
    and named by their label in the first band; the totals row is under ``Total``."""
    lines = text.splitlines()
    labels: list[str] = []
    cells: list[dict[str, str]] = []
    for number_of_band, band in enumerate(headers):
        start = next(
            i for i, line in enumerate(lines)
            if _parts(line)[-len(band) :] == band and len(_parts(line)) > len(band)
        )  # fmt: skip
        index = 0
        after_rule = False
        for line in lines[start + 1 :]:
            if set(line.strip()) == {"─"}:
                after_rule = True
                continue
            parts = _parts(line)
            if number_of_band == 0:
                labels.append(" ".join(parts[: -len(band)]))
                cells.append({})
            cells[index].update(zip(band, parts[-len(band) :], strict=True))
            index += 1
            if after_rule:  # the totals row ends the band
                break
        lines = lines[start + 1 :]
    return dict(zip(labels, cells, strict=True))


def row_of(shown: dict[str, dict[str, str]], name: str, ident: object = None) -> dict[str, str]:
    """The row labelled ``name``, or its cut form (``Long na…``, or ``Long… #12`` when two names
    would look the same cut)."""
    if name in shown:
        return shown[name]
    if ident is not None:
        for label, cells in shown.items():
            if label.endswith(f"… #{ident}") and name.startswith(label[: -len(f"… #{ident}")]):
                return cells
    found = [c for label, c in shown.items() if label.endswith("…") and name.startswith(label[:-1])]
    if len(found) == 1:
        return found[0]
    raise AssertionError(f"no single row {name!r} in {list(shown)}")
