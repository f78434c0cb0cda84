"""The chart data an alert carries (alerts.charts): per kind the metric's series over the last day,
its baseline (traffic, no conversions) or threshold (ROI, CR, rejected share), bounded in points;
what the report must hold for it; and when alert_details stores it."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from alerts.charts import MAX_POINTS, chart_history, chart_of
from alerts.details import alert_details
from alerts.kinds.base import Observation
from alerts.rules import MAX_REPORT_DAYS, parse_params, rule_needs
from alerts.snapshot import Counts, Snapshot
from storage.timefmt import from_iso
from tests.unit.test_alert_rules import NOW, rule, snapshot, steady, until

HOUR = timedelta(hours=1)
DROP = NOW - 3 * HOUR  # traffic falls to a third three hours before now


def chart(kind: str, snap: Any, campaign_id: int | None = 7, delay: timedelta = timedelta(0), **params: Any):
    out = chart_of(kind, parse_params(kind, params), snap, campaign_id, delay=delay)
    assert out is not None
    return out


def values(series: list[list[Any]]) -> list[Any]:
    return [v for _at, v in series]


def test_traffic_drop_series_is_clicks_per_hour_with_last_weeks_hours_as_baseline() -> None:
    snap = snapshot({7: until(DROP, steady(300), steady(100))})
    c = chart("traffic_drop", snap)
    assert c["unit"] == "clicks" and c["step"] == 1 and c["threshold"] is None
    points = c["points"]
    assert 24 <= len(points) <= 25  # a day of whole hours and the hour so far
    assert from_iso(points[-1][0]) == NOW and from_iso(points[0][0]) > NOW - 24 * HOUR
    assert values(points)[:-4] == [300.0] * (len(points) - 4)
    assert values(points)[-3:-1] == [100.0, 100.0]
    assert points[-1][1] == pytest.approx(50.0)  # half of the hour so far
    assert values(c["baseline"])[:-1] == [300.0] * (len(points) - 1)  # a week ago: steady
    assert c["baseline"][-1][1] == pytest.approx(150.0)  # the same half hour a week ago
    assert [at for at, _ in c["baseline"]] == [at for at, _ in points]


def test_traffic_spike_uses_the_mean_of_the_weeks_the_rule_compares() -> None:
    weekly = lambda h: Counts(clicks=100 if h > NOW - 11 * 24 * HOUR else 300)  # noqa: E731
    snap = snapshot({7: weekly})
    c = chart("traffic_spike", snap, weeks=2)
    assert values(c["baseline"])[0] == 200.0  # (100 + 300) / 2
    assert c["unit"] == "clicks"


def test_a_long_window_takes_several_hours_a_point_within_max_points() -> None:
    snap = snapshot({7: steady(60)})
    c = chart("traffic_drop", snap, window_minutes=1440)  # × 12 = 12 days → capped at 7
    assert c["step"] > 1
    assert len(c["points"]) <= MAX_POINTS + 1
    assert values(c["points"])[0] == 60.0 * c["step"]


def test_no_conversions_series_has_its_baseline_and_leaves_out_the_postback_delay() -> None:
    snap = snapshot({7: until(DROP, steady(100, 5), steady(100, 0))})
    c = chart("no_conversions", snap, delay=timedelta(minutes=30), hours=3, baseline_days=7)
    assert c["unit"] == "conversions"
    assert from_iso(c["points"][-1][0]) == NOW - timedelta(minutes=30)
    assert values(c["points"])[-2] == 0.0 and values(c["points"])[0] == 5.0
    assert values(c["baseline"])[0] == 5.0


def test_roi_is_rolling_over_the_rule_window_with_the_threshold_line() -> None:
    good = steady(100, 5, cost=100, revenue=150)
    bad = steady(100, 1, cost=100, revenue=20)
    snap = snapshot({7: until(NOW.replace(minute=0) - 6 * HOUR, good, bad)})
    c = chart("roi_below", snap, window_hours=6, fire_below=-20)
    assert c["unit"] == "roi" and c["threshold"] == -20 and c["baseline"] is None
    roi = values(c["points"])
    assert roi[0] == 50.0 and roi[-1] == pytest.approx(-80.0)
    assert min(roi) < -20 < max(roi)
    assert c["step"] == 2 and 36 <= len(roi) <= 37  # 6 h × 12 = 72 hours: two hours a point
    assert chart_history("roi_below", parse_params("roi_below", {"window_hours": 6})) == 30 * HOUR


@pytest.mark.parametrize(
    ("kind", "params", "counts", "expected", "threshold"),
    [
        ("cr_below", {"fire_below": 1.0}, Counts(clicks=200, conversions=1), 0.5, 1.0),
        ("rejected_share", {"fire_above": 50.0}, Counts(conversions=10, rejected=6), 60.0, 50.0),
    ],
)
def test_window_kinds_chart_their_ratio(
    kind: str, params: dict[str, Any], counts: Counts, expected: float, threshold: float
) -> None:
    snap = snapshot({7: lambda _h: counts})
    c = chart(kind, snap, **params)
    assert values(c["points"])[0] == expected and c["threshold"] == threshold


def test_undefined_ratios_are_none_and_missing_hours_are_left_out() -> None:
    snap = snapshot({7: steady(100, 5, cost=0)}, days=1)  # a report of 2 days only
    c = chart("roi_below", snap, window_hours=24)
    assert all(v is None for v in values(c["points"]))
    assert from_iso(c["points"][0][0]) - timedelta(hours=24) >= snap.data_from  # type: ignore[operator]


def test_kinds_without_a_chart_and_reports_without_numbers() -> None:
    snap = snapshot({7: steady()})
    assert chart_of("tracker_down", parse_params("tracker_down", {}), snap, None) is None
    no_report = Snapshot(1, "UTC", NOW)
    assert chart_of("traffic_drop", parse_params("traffic_drop", {}), no_report, 7) is None


def test_rule_needs_reads_enough_report_days_for_the_chart_of_the_last_day() -> None:
    assert rule_needs(rule("roi_below", window_hours=24)).report_days == 3  # the day + its window
    assert rule_needs(rule("roi_below", window_hours=6)).report_days == 3  # 30 h (was 6 h: 2 days)
    assert rule_needs(rule("roi_below", window_hours=168)).report_days == 9  # the window itself: as before
    assert rule_needs(rule("traffic_drop")).report_days == 9  # a day a week ago: as before
    four_weeks = rule("no_conversions", baseline_weeks=4, baseline_days=0)
    assert rule_needs(four_weeks).report_days <= MAX_REPORT_DAYS


def test_alert_details_store_the_chart_only_while_the_scope_is_in_trouble() -> None:
    snap = snapshot({7: until(DROP, steady(300), steady(100))})
    r = rule("traffic_drop", 7)
    at = "2026-03-10T12:30:00.000Z"
    firing = Observation(0.33, True, False, None, {}, "campaign:7")
    quiet = Observation(1.0, False, True, None, {}, "campaign:7")
    details = alert_details(r, "campaign:7", firing, snap, at)
    assert details["chart"]["points"][-2][1] == 100.0
    assert "chart" not in alert_details(r, "campaign:7", quiet, snap, at)
    every = rule("traffic_drop", per_campaign=False)
    assert alert_details(every, "", firing, snap, at)["chart"]["points"][0][1] == 300.0
