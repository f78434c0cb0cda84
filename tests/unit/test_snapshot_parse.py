"""The tick's faster paths give what the plain ones gave (issue 20): report rows coerced once per
shape (``_plain_rows``) as :func:`coerce_row` does, the snapshot's parse of the rows as the per-row
code did, window sums kept per snapshot (copies), validated params kept per values."""

from __future__ import annotations

import math
import random
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from pydantic import ValidationError

from alerts.rules import parse_params
from alerts.snapshot import MEASURES, Counts, Snapshot, _parse
from keitaro.models.traffic import ReportResult, coerce_number, coerce_row

ODD_ROWS: list[dict[str, Any]] = [
    {"campaign_id": "3", "campaign": " Spring ", "day": "2026-03-29", "hour": "2", "clicks": "12",
     "conversions": 1, "revenue": "21.50", "cost": "1,5", "is_lead": "1", "sub_id_1": "007"},
    {"campaign_id": 3, "campaign": "", "day": "2026-03-29", "hour": 2, "clicks": 3.0, "revenue": None,
     "cost": "", "is_bot": "no", "leads": True},
    {"campaign_id": 4, "day": "2026-03-29 00:00:00", "hour": 23, "clicks": " 7 ", "sales": "1_000",
     "rejected": "inf", "revenue": "1.2.3", "cost": -0.0},
    {"campaign_id": "x", "day": "2026-03-29", "hour": 1, "clicks": 1},  # no campaign: left out
    {"campaign_id": 5, "day": "bad", "hour": 1, "clicks": 1},  # no day: left out
    {"campaign_id": 5, "day": "2026-03-29", "clicks": 1},  # no hour: left out
    {"campaign_id": 5, "day": ["2026-03-29"], "hour": 1, "clicks": 1},  # unhashable: left out
    {"campaign_id": 6, "campaign": "Six", "day": "2026-03-28", "hour": 0, "clicks": 5, "revenue": "3.10"},
    {"campaign_id": 6, "campaign": "Six", "day": "2026-03-28", "hour": 0, "clicks": 5, "revenue": "0.20"},
    {"campaign_id": 6, "campaign": "Six!", "day": "2026-03-28", "hour": 1, "clicks": 0, "cost": "0.30"},
    {"campaign_id": 6, "campaign": "  ", "day": "2026-03-28", "hour": 2, "clicks": 1},
    {"campaign_id": 6, "day": "2026-03-28", "hour": 3, "revenue": " 3.10 ", "cost": "1.5_0", "clicks": ".5"},
    {"campaign_id": 6, "day": "2026-03-28", "hour": 3, "revenue": "1.7976931348623157e309", "cost": "a.b"},
    {"campaign_id": 6, "day": "2026-03-28", "hour": 4, "revenue": "-0.0", "cost": "1,25", "leads": 2.5},
]  # fmt: skip


def test_coerce_number_keeps_its_answers() -> None:
    cases = {"340": 340, "21.50": 21.5, "1,5": 1.5, "1,000": 1.0, " 7 ": 7, "": None, "  ": None,
             "1_000": "1_000", "1.2.3": "1.2.3", "abc": "abc", "1e3": 1000.0, "-0.0": -0.0,
             "007": 7}  # fmt: skip
    for raw, want in cases.items():
        got = coerce_number(raw)
        assert got == want and type(got) is type(want), raw
    assert coerce_number("inf") == "inf" and coerce_number("nan") == "nan"
    assert coerce_number(True) is True and coerce_number(None) is None and coerce_number(2.5) == 2.5


def test_report_rows_are_coerced_as_row_by_row() -> None:
    rows = [dict(r) for r in ODD_ROWS]
    got = ReportResult.model_validate({"rows": rows}).rows
    assert got == [coerce_row(r) for r in ODD_ROWS]
    assert [list(r) for r in got] == [list(r) for r in ODD_ROWS]  # key order kept
    assert rows == ODD_ROWS and all(g is not r for g, r in zip(got, rows, strict=True))  # new dicts
    # what is not JSON's shape still goes through the model's own validation
    with pytest.raises(ValidationError):  # a key that is no string
        ReportResult.model_validate({"rows": [{"clicks": 1}, {1: "x"}]})
    with pytest.raises(ValidationError):
        ReportResult.model_validate({"rows": [{"clicks": 1}, "not a row"]})
    with pytest.raises(ValidationError):
        ReportResult.model_validate({"rows": "nope"})
    assert ReportResult.model_validate({"rows": None}).rows == []
    assert ReportResult.model_validate({"rows": {}}).rows == []


def _old_parse(rows: list[dict[str, Any]], snap: Snapshot, tz: ZoneInfo) -> None:
    """The per-row parse as it was before issue 20."""

    def number(value: Any) -> float:
        try:
            return float(value) if value not in (None, "") else 0.0
        except (TypeError, ValueError):
            return 0.0

    for row in rows:
        try:
            campaign_id = int(row["campaign_id"])
            day = date.fromisoformat(str(row["day"])[:10])
            hour = int(row["hour"])
        except (KeyError, TypeError, ValueError):
            continue
        begins = datetime(day.year, day.month, day.day, hour, tzinfo=tz).astimezone(UTC)
        bucket = snap.series.setdefault(campaign_id, {}).setdefault(int(begins.timestamp() // 3600), Counts())
        bucket.add(Counts(*(number(row.get(name)) for name in MEASURES)))
        name = str(row.get("campaign") or "").strip()
        if name:
            snap.campaign_names[campaign_id] = name


def test_the_parse_gives_what_the_per_row_parse_gave() -> None:
    tz = ZoneInfo("Europe/Berlin")  # 2026-03-29: the clocks go forward at 02:00
    rows = ReportResult.model_validate({"rows": ODD_ROWS}).rows
    now = datetime(2026, 3, 30, tzinfo=UTC)
    new, old = Snapshot(1, "Europe/Berlin", now), Snapshot(1, "Europe/Berlin", now)
    _parse(rows, new, tz)
    _old_parse(rows, old, tz)
    assert new.series == old.series and new.campaign_names == old.campaign_names
    assert list(new.series) == list(old.series)
    for cid, hours in new.series.items():
        assert list(hours) == list(old.series[cid])
        for hour, counts in hours.items():  # bit for bit, -0.0 included
            for name in MEASURES:
                a, b = getattr(counts, name), getattr(old.series[cid][hour], name)
                assert (math.copysign(1, a), a) == (math.copysign(1, b), b) or (
                    math.isnan(a) and math.isnan(b)
                )
    assert new.campaign_names == {3: "Spring", 6: "Six!"}
    hour_24 = [*rows, {"campaign_id": 5, "day": "2026-03-29", "hour": 24, "clicks": 1}]
    for parse in (_parse, _old_parse):  # an hour out of range fails the report, as it did
        with pytest.raises(ValueError):
            parse(hour_24, Snapshot(1, "Europe/Berlin", now), tz)


def test_window_sums_are_kept_and_handed_out_as_copies() -> None:
    now = datetime(2026, 3, 30, 12, 30, tzinfo=UTC)
    snap = Snapshot(1, "UTC", now, data_from=now - timedelta(days=2))
    for h in range(40):
        at = int((now - timedelta(hours=h)).timestamp() // 3600)
        snap.series.setdefault(1, {})[at] = Counts(10.0 + h, 1.0, revenue=0.1 * h)
        snap.series.setdefault(2, {})[at] = Counts(1.0, 0.0, cost=0.3)
    start, end = now - timedelta(hours=5, minutes=20), now
    first = snap.total(None, start, end)
    assert first is not None
    kept = first.copy()
    first.add(Counts(1000.0))  # the caller's own copy
    again = snap.total(None, start, end)
    assert again is not None and again is not first and again == kept
    one = snap.total(1, start, end)
    assert one is not None and one.clicks < again.clicks
    assert snap.total(None, now - timedelta(days=3), end) is None  # before the data
    every: dict[int, Counts] = {}  # the sum over campaigns, as it was computed before issue 20
    for hours in snap.series.values():
        for hour, counts in hours.items():
            every.setdefault(hour, Counts()).add(counts)
    plain = Counts()
    for hour in range(int(start.timestamp() // 3600), int(end.timestamp() // 3600) + 1):
        if (counts := every.get(hour)) is None:
            continue
        begins = hour * 3600
        available = min(begins + 3600, now.timestamp()) - begins
        overlap = min(end.timestamp(), begins + available) - max(start.timestamp(), begins)
        if available > 0 and overlap > 0:
            plain.add(counts, min(1.0, overlap / available))
    assert kept == plain  # bit for bit: the same additions in the same order
    snap.series[1][int(now.timestamp() // 3600)] = Counts(5000.0)
    snap._total = None  # forgets every sum it kept
    after = snap.total(None, start, end)
    assert after is not None and after.clicks > again.clicks


def test_params_are_validated_once_per_values() -> None:
    a = parse_params("roi_below", {"fire_below": -20, "resolve_above": -10})
    assert parse_params("roi_below", {"fire_below": -20, "resolve_above": -10}) is a
    assert parse_params("roi_below", {"resolve_above": -10, "fire_below": -20}) == a
    flag = parse_params("roi_below", {"per_campaign": True})
    assert parse_params("roi_below", {"per_campaign": 1}) is not flag  # 1 is not True: its own entry
    with pytest.raises(ValidationError):
        parse_params("roi_below", {"fire_below": -10, "resolve_above": -20})
    with pytest.raises(ValidationError):  # a failure is never kept
        parse_params("roi_below", {"fire_below": -10, "resolve_above": -20})
    with pytest.raises(KeyError):
        parse_params("no_such_kind", {})


def _old_sum(series: dict[int, Counts], lo: float, hi: float, taken: float) -> Counts:
    """``Snapshot.total``'s loop as it was before issue 20."""
    result = Counts()
    for hour in range(int(lo // 3600), int(hi // 3600) + 1):
        counts = series.get(hour)
        if counts is None:
            continue
        begins = hour * 3600
        available = min(begins + 3600, taken) - begins
        if available <= 0:
            continue
        overlap = min(hi, begins + available) - max(lo, begins)
        if overlap > 0:
            result.add(counts, min(1.0, overlap / available))
    return result


def test_window_sums_are_the_old_sums_bit_for_bit() -> None:
    rnd = random.Random(20)
    taken = datetime(2026, 3, 30, 12, 37, 11, 250_000, tzinfo=UTC)
    snap = Snapshot(1, "UTC", taken, data_from=taken - timedelta(days=9))
    for cid in (1, 2, 3):
        for h in range(9 * 24):
            if rnd.random() < 0.8:
                at = int((taken - timedelta(hours=h)).timestamp() // 3600)
                snap.series.setdefault(cid, {})[at] = Counts(*(rnd.random() * 1000 for _ in MEASURES))
    every: dict[int, Counts] = {}
    for hours in snap.series.values():
        for hour, counts in hours.items():
            every.setdefault(hour, Counts()).add(counts)
    for _ in range(300):
        end = taken - timedelta(seconds=rnd.randrange(0, 8 * 86400))
        start = end - timedelta(seconds=rnd.randrange(1, 3 * 86400))
        cid = rnd.choice([None, 1, 2, 3])
        got = snap.total(cid, start, end)
        if start < taken - timedelta(days=9):  # before the data
            assert got is None
            continue
        series = every if cid is None else snap.series[cid]
        assert got == _old_sum(series, start.timestamp(), end.timestamp(), taken.timestamp())
