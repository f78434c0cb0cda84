"""Every rule kind on synthetic hourly series: fire and resolve thresholds (hysteresis), the λ guard
of "no conversions", minimum counts, the postback delay, per-campaign scopes; params validation;
what one snapshot must contain for a set of rules."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from pydantic import ValidationError

from alerts.rules import KINDS, Observation, defaults, evaluate_rule, needs_of, parse_params
from alerts.snapshot import Counts, Entities, Failure, LogLine, OfferCap, Snapshot
from keitaro.errors import AuthError, KeitaroTimeout, NotJsonError, ServerError
from storage.alerts import AlertRule, AlertStateRow

NOW = datetime(2026, 3, 10, 12, 30, tzinfo=UTC)  # a Tuesday, half past noon
HOUR = timedelta(hours=1)
DAYS = 30

Series = Callable[[datetime], Counts | None]


def rule(kind: str, campaign_id: int | None = None, **params: Any) -> AlertRule:
    return AlertRule(1, 1, 1, kind, "r", campaign_id, params, "warning", True, None, "")


def snapshot(series: dict[int, Series], *, days: int = DAYS, now: datetime = NOW) -> Snapshot:
    """Hourly numbers from ``days`` days back up to ``now`` (``None`` from a series = no row); each
    series gives the numbers of a whole hour."""
    start = (now - timedelta(days=days)).replace(hour=0, minute=0, second=0, microsecond=0)
    snap = Snapshot(1, "UTC", now, data_from=start)
    for campaign_id, make in series.items():
        hour = start
        while hour < now:
            counts = make(hour)
            if counts is not None and hour + HOUR > now:  # the current hour: as far as it has happened
                part, counts = (now - hour) / HOUR, Counts()
                counts.add(make(hour) or Counts(), part)
            if counts is not None:
                snap.series.setdefault(campaign_id, {})[int(hour.timestamp() // 3600)] = counts
            hour += HOUR
        snap.campaign_names[campaign_id] = f"Camp {campaign_id}"
    return snap


def steady(clicks: float = 100, conversions: float = 5, **more: float) -> Series:
    return lambda _h: Counts(clicks=clicks, conversions=conversions, **more)


def until(cut: datetime, before: Series, after: Series) -> Series:
    return lambda h: before(h) if h < cut else after(h)


def one(observations: list[Observation] | None, scope: str = "") -> Observation:
    assert observations is not None
    found = [o for o in observations if o.scope == scope]
    assert len(found) == 1, observations
    return found[0]


def run(r: AlertRule, snap: Snapshot, previous: dict[str, AlertStateRow] | None = None) -> list[Observation]:
    out = evaluate_rule(r, snap, postback_delay_minutes=10, previous=previous)
    assert out is not None
    return out


# ---------------------------------------------------------------- tracker down


@pytest.mark.parametrize(
    ("error", "kind"),
    [
        (ServerError("Tracker server error (HTTP 503)", http_status=503), "5xx"),
        (NotJsonError("html", looks_like_cloudflare=True, http_status=403), "cloudflare"),
        (NotJsonError("html", http_status=200), "html"),
        (AuthError("Access denied", http_status=401), "401"),
        (KeitaroTimeout("read timeout"), "timeout"),
    ],
)
def test_tracker_down_counts_consecutive_failures_and_says_which(error: Exception, kind: str) -> None:
    r = rule("tracker_down", failures=3)
    snap = Snapshot(1, "UTC", NOW, failure=Failure.of(error, "report"))  # type: ignore[arg-type]
    prev = {"": AlertStateRow(1, "", "ok", "", fail_count=1)}
    obs = one(run(r, snap, prev))
    assert (obs.value, obs.firing, obs.resolved) == (2.0, False, False)
    assert obs.text_args["failure"] == kind and obs.text_args["failures"] == 2
    prev[""].fail_count = 2
    assert one(run(r, snap, prev)).firing
    healthy = one(run(r, Snapshot(1, "UTC", NOW), prev))
    assert (healthy.value, healthy.firing, healthy.resolved) == (0.0, False, True)


# ---------------------------------------------------------------- no conversions


def test_no_conversions_fires_on_zero_when_enough_were_expected() -> None:
    snap = snapshot({7: until(NOW.replace(hour=9, minute=0), steady(100, 5), steady(100, 0))})  # 09:20-12:20
    obs = one(run(rule("no_conversions", 7, hours=3), snap), "campaign:7")
    assert obs.firing and not obs.resolved and obs.note is None
    assert obs.value == 0 and obs.text_args["expected"] == pytest.approx(15.0)
    assert obs.text_args["campaign"] == "Camp 7"


def test_no_conversions_lambda_guard_never_fires_on_thin_traffic() -> None:
    thin = snapshot({7: until(NOW - 4 * HOUR, steady(20, 0.5), steady(20, 0))})  # λ = 1.5 in 3 h
    obs = one(run(rule("no_conversions", 7, hours=3), thin), "campaign:7")
    assert not obs.firing and obs.resolved and obs.note == "not_enough_traffic"
    assert obs.text_args["expected"] == pytest.approx(1.5)
    # a person cannot lower the guard below 3
    with pytest.raises(ValidationError):
        parse_params("no_conversions", {"min_expected": 2})


def test_no_conversions_expects_less_when_clicks_fell() -> None:
    cut = NOW - 4 * HOUR
    snap = snapshot({7: until(cut, steady(100, 5), steady(5, 0))})  # clicks fell 20x: λ = 0.75
    scaled = one(run(rule("no_conversions", 7, hours=3), snap), "campaign:7")
    assert scaled.note == "not_enough_traffic" and not scaled.firing
    unscaled = one(run(rule("no_conversions", 7, hours=3, scale_by_clicks=False), snap), "campaign:7")
    assert unscaled.firing  # by the calendar alone 15 were expected


def test_no_conversions_skips_the_postback_delay() -> None:
    snap = snapshot({7: lambda h: Counts(100, 5 if h < NOW - 5 * HOUR else 0)})  # none since 08:00
    snap.series[7][int((NOW - HOUR).timestamp() // 3600)] = Counts(100, 0)
    snap.series[7][int(NOW.timestamp() // 3600)] = Counts(50, 30)  # 12:00-12:30, delay cuts 12:20+
    obs = one(run(rule("no_conversions", 7, hours=3), snap), "campaign:7")
    assert obs.value == pytest.approx(20.0)  # 12:00-12:20 of the 12 o'clock bucket counts
    delayed = evaluate_rule(rule("no_conversions", 7, hours=3), snap, postback_delay_minutes=40)
    assert one(delayed, "campaign:7").firing  # 08:50-11:50: the recent conversions are not trusted yet


def test_no_conversions_hysteresis_and_weekly_baseline() -> None:
    snap = snapshot({7: until(NOW - 4 * HOUR, steady(100, 5), steady(100, 1 / 3))})  # 1 conversion in 3 h
    obs = one(run(rule("no_conversions", 7, hours=3, resolve_conversions=3), snap), "campaign:7")
    assert not obs.firing and not obs.resolved  # between: keep the state
    weekly = one(
        run(rule("no_conversions", 7, hours=3, baseline_days=0, baseline_weeks=4), snap), "campaign:7"
    )
    assert weekly.text_args["baseline_days"] == 4 and weekly.resolved
    short = snapshot({7: steady()}, days=3)
    assert one(
        run(rule("no_conversions", 7, baseline_days=0, baseline_weeks=1), short), "campaign:7"
    ).note == ("no_baseline")


def test_no_conversions_per_campaign_or_summed() -> None:
    cut = NOW - 4 * HOUR
    snap = snapshot({1: until(cut, steady(100, 5), steady(100, 0)), 2: steady(100, 5)})
    per = run(rule("no_conversions", hours=3), snap)
    assert {o.scope: o.firing for o in per} == {"campaign:1": True, "campaign:2": False}
    total = one(run(rule("no_conversions", hours=3, per_campaign=False), snap))
    assert not total.firing and total.value == pytest.approx(15)


# ---------------------------------------------------------------- traffic


def test_traffic_drop_fires_holds_and_resolves_against_last_week() -> None:
    def week_ago_vs_now(ratio: float) -> Snapshot:
        return snapshot({3: until(NOW - 2 * HOUR, steady(200), steady(200 * ratio))})

    r = rule("traffic_drop", 3, window_minutes=60, fire_ratio=0.5, resolve_ratio=0.7)
    fire = one(run(r, week_ago_vs_now(0.4)), "campaign:3")
    assert fire.firing and fire.value == pytest.approx(0.4) and fire.text_args["baseline"] == 200
    middle = one(run(r, week_ago_vs_now(0.6)), "campaign:3")
    assert not middle.firing and not middle.resolved
    assert one(run(r, week_ago_vs_now(0.8)), "campaign:3").resolved
    thin = one(run(rule("traffic_drop", 3, min_baseline_clicks=500), week_ago_vs_now(0.1)), "campaign:3")
    assert not thin.firing and thin.note == "not_enough_traffic"


def test_traffic_drop_against_the_mean_of_weeks() -> None:
    # the same hour one, two and three weeks ago had 100, 300 and 200 clicks: mean 200
    def clicks(h: datetime) -> Counts:
        weeks_back = (NOW - h).days // 7
        return Counts(clicks={0: 90, 1: 100, 2: 300, 3: 200}.get(weeks_back, 200))

    obs = one(run(rule("traffic_drop", 3, weeks=3), snapshot({3: clicks})), "campaign:3")
    assert obs.text_args["baseline"] == pytest.approx(200) and obs.value == pytest.approx(0.45)
    assert obs.firing and obs.text_args["weeks"] == 3


def test_traffic_spike_with_an_absolute_minimum() -> None:
    snap = snapshot({3: until(NOW - 2 * HOUR, steady(100), steady(300))})
    spike = one(run(rule("traffic_spike", 3, fire_ratio=2.0, resolve_ratio=1.5), snap), "campaign:3")
    assert spike.firing and spike.value == pytest.approx(3.0)
    small = one(run(rule("traffic_spike", 3, min_clicks=1000), snap), "campaign:3")
    assert not small.firing and small.resolved and small.note == "not_enough_traffic"
    from_nothing = snapshot({3: until(NOW - 2 * HOUR, steady(0, 0), steady(150))})
    assert one(run(rule("traffic_spike", 3), from_nothing), "campaign:3").firing
    calm = snapshot({3: until(NOW - 2 * HOUR, steady(100), steady(170))})
    between = one(run(rule("traffic_spike", 3), calm), "campaign:3")
    assert not between.firing and not between.resolved


def test_a_window_that_cuts_buckets_takes_their_share() -> None:
    snap = snapshot({3: steady(60)})
    total = snap.total(3, NOW - timedelta(minutes=45), NOW)
    assert total is not None and total.clicks == pytest.approx(45)  # 15 min of 11h + what 12h has so far
    week_ago = snap.total(3, NOW - timedelta(days=7, minutes=45), NOW - timedelta(days=7))
    assert week_ago is not None and week_ago.clicks == pytest.approx(45)  # the same cut of whole hours
    assert snap.total(3, NOW - timedelta(days=40), NOW) is None  # before the data


# ---------------------------------------------------------------- ROI, CR, rejected


def test_roi_below_with_hysteresis_and_minimum_cost() -> None:
    def roi(percent: float, cost: float = 10) -> Snapshot:
        return snapshot({5: steady(100, 1, cost=cost, revenue=cost * (1 + percent / 100))})

    r = rule("roi_below", 5, window_hours=6, fire_below=0, resolve_above=10, min_cost=20)
    assert one(run(r, roi(-20)), "campaign:5").firing
    middle = one(run(r, roi(5)), "campaign:5")
    assert not middle.firing and not middle.resolved and middle.value == pytest.approx(5)
    assert one(run(r, roi(15)), "campaign:5").resolved
    cheap = one(run(r, roi(-50, cost=1)), "campaign:5")  # 6 h × 1 = 6 < 20
    assert cheap.note == "not_enough_spend" and not cheap.firing


def test_cr_below_with_hysteresis_and_minimum_clicks() -> None:
    r = rule("cr_below", 5, window_hours=5, fire_below=1.0, resolve_above=1.5, min_clicks=300)
    assert one(run(r, snapshot({5: steady(100, 0.5)})), "campaign:5").firing  # 0.5 %
    assert not one(run(r, snapshot({5: steady(100, 1.2)})), "campaign:5").resolved
    assert one(run(r, snapshot({5: steady(100, 2)})), "campaign:5").resolved
    thin = one(run(r, snapshot({5: steady(50, 0)})), "campaign:5")  # 250 clicks
    assert thin.note == "not_enough_traffic" and not thin.firing


def test_rejected_share_with_hysteresis_and_minimum_count() -> None:
    r = rule("rejected_share", 5, window_hours=10, fire_above=50, resolve_below=35, min_conversions=20)
    assert one(run(r, snapshot({5: steady(100, 4, rejected=3)})), "campaign:5").firing  # 75 %
    middle = one(run(r, snapshot({5: steady(100, 4, rejected=1.6)})), "campaign:5")  # 40 %
    assert not middle.firing and not middle.resolved
    assert one(run(r, snapshot({5: steady(100, 4, rejected=1)})), "campaign:5").resolved
    few = one(run(r, snapshot({5: steady(100, 1, rejected=1)})), "campaign:5")  # 10 conversions
    assert few.note == "not_enough_conversions" and not few.firing


# ---------------------------------------------------------------- postback problems


def lines(*items: tuple[int, str]) -> list[LogLine]:
    """(minutes ago, message), newest first as the tracker sends them."""
    return [LogLine((NOW - timedelta(minutes=m)).strftime("%Y-%m-%d %H:%M:%S"), msg) for m, msg in items]


def test_postback_problems_counts_bad_lines_in_the_window() -> None:
    r = rule("postback_problems", window_minutes=60, fire_at=3, resolve_at=1)
    snap = Snapshot(1, "UTC", NOW)
    snap.logs = lines(
        (1, 'SubID not found "abc"'), (5, "Received postback /x/postback?subid=abc"),
        (9, 'Unknown status "paid". Postback ignored.'), (20, 'SubID not found "q"'),
        (25, "Subid zz complete"), (90, 'SubID not found "old"'),
    )  # fmt: skip
    obs = one(run(r, snap))
    assert obs.value == 3 and obs.firing and obs.text_args["received"] == 1
    snap.logs = snap.logs[1:]
    middle = one(run(r, snap))
    assert middle.value == 2 and not middle.firing and not middle.resolved
    snap.logs = lines((2, "Subid zz complete"), (70, 'SubID not found "old"'))
    assert one(run(r, snap)).resolved
    moscow = rule("postback_problems", fire_at=1, log_timezone="Europe/Moscow")  # log times 3 h ahead
    snap.logs = [
        LogLine((NOW + timedelta(hours=3, minutes=-5)).strftime("%Y-%m-%d %H:%M:%S"), "SubID not found")
    ]
    assert one(run(moscow, snap)).firing and not one(run(rule("postback_problems", fire_at=1), snap)).firing


def test_postback_problems_is_in_error_when_the_log_cannot_be_read() -> None:
    snap = Snapshot(1, "UTC", NOW, logs_failure=Failure("forbidden", "403", "Forbidden", 403, "logs"))
    assert evaluate_rule(rule("postback_problems"), snap, postback_delay_minutes=0) is None


# ---------------------------------------------------------------- object changed


def test_object_changed_campaigns_and_flows() -> None:
    r = rule("object_changed", offer_caps=False)
    snap = Snapshot(1, "UTC", NOW)
    snap.entities = Entities(
        campaigns={1: ("FB", "active"), 2: ("TT", "disabled")},
        flows={10: ("main", "active", 1)},
        flow_campaigns={1},
    )
    first = {o.scope: o for o in run(r, snap)}
    assert not any(o.firing for o in first.values())  # disabled before we ever saw it: no alert
    prev = {s: AlertStateRow(1, s, "ok", "", data=o.data or {}) for s, o in first.items()}
    snap.entities = Entities(campaigns={2: ("TT", "disabled")}, flows={}, flow_campaigns=set())
    snap.entities.campaigns[1] = ("FB", "disabled")
    second = {o.scope: o for o in run(r, snap, prev)}
    assert second["campaign:1"].firing and second["campaign:1"].text_args["was"] == "active"
    assert not second["campaign:2"].firing
    assert "flow:10" not in second  # its campaign's flows were not listed this time: no verdict
    snap.entities = Entities(campaigns={2: ("TT", "active")}, flows={}, flow_campaigns={1})
    third = {o.scope: o for o in run(r, snap, prev)}
    assert third["campaign:1"].firing and third["campaign:1"].text_args["state"] == "deleted"  # archived
    assert third["flow:10"].firing
    assert third["campaign:2"].resolved
    firing_prev = {"campaign:1": AlertStateRow(1, "campaign:1", "firing", "", data={"seen": "deleted"})}
    assert one(run(r, snap, firing_prev), "campaign:1").firing  # stays firing while archived
    snap.entities.campaigns[1] = ("FB", "active")
    assert one(run(r, snap, firing_prev), "campaign:1").resolved


def test_object_changed_offer_daily_cap() -> None:
    snap = Snapshot(1, "UTC", NOW)
    snap.entities = Entities(offers={3: OfferCap("Keto", 50, 50), 4: OfferCap("Slots", 50, 12)})
    found = {o.scope: o for o in run(rule("object_changed", campaigns=False, flows=False), snap)}
    assert found["offer:3"].firing and found["offer:3"].text_args["cap"] == 50
    assert found["offer:4"].resolved and not found["offer:4"].firing


# ---------------------------------------------------------------- errors, params, needs


def test_metric_rules_are_in_error_when_the_report_failed() -> None:
    failed = Snapshot(1, "UTC", NOW, failure=Failure("server", "5xx", "boom", 500, "report"))
    for kind in (
        "no_conversions",
        "traffic_drop",
        "traffic_spike",
        "roi_below",
        "cr_below",
        "rejected_share",
    ):
        assert evaluate_rule(rule(kind), failed, postback_delay_minutes=0) is None, kind
    assert one(evaluate_rule(rule("tracker_down"), failed, postback_delay_minutes=0)).value == 1


def test_params_validate_ranges_and_hysteresis() -> None:
    for kind in KINDS:
        assert parse_params(kind, defaults(kind)) is not None
    bad: list[tuple[str, dict[str, Any]]] = [
        ("traffic_drop", {"fire_ratio": 0.7, "resolve_ratio": 0.5}),
        ("traffic_spike", {"fire_ratio": 2, "resolve_ratio": 3}),
        ("roi_below", {"fire_below": 10, "resolve_above": 0}),
        ("cr_below", {"fire_below": 2, "resolve_above": 2}),
        ("rejected_share", {"fire_above": 40, "resolve_below": 50}),
        ("postback_problems", {"fire_at": 2, "resolve_at": 2}),
        ("postback_problems", {"log_timezone": "Mars/Olympus"}),
        ("no_conversions", {"baseline_days": 0, "baseline_weeks": 0}),
        ("no_conversions", {"hours": 0}),
        ("tracker_down", {"failures": 0}),
        ("object_changed", {"campaigns": False, "flows": False, "offer_caps": False}),
    ]
    for kind, values in bad:
        with pytest.raises(ValidationError):
            parse_params(kind, values)
    broken = rule("cr_below", fire_below=5, resolve_above=1)
    assert one(evaluate_rule(broken, snapshot({}), postback_delay_minutes=0)).note == "bad_params"


def test_one_snapshot_serves_every_rule() -> None:
    rules = [
        rule("no_conversions", 3, hours=6, baseline_weeks=4, baseline_days=0),
        rule("traffic_drop", 5),
        rule("roi_below", 5),
        rule("tracker_down"),
    ]
    needs = needs_of(rules, postback_delay_minutes=10)
    # 4 weeks back: 28 days + 6 h judged, the chart's day of 4 weeks back needs 29 days (issue 19)
    assert needs.report_days == 31 and needs.campaigns == frozenset({3, 5})
    assert not needs.entities and needs.log_lines == 0
    assert needs_of([*rules, rule("cr_below")]).campaigns is None  # one rule over every campaign
    assert needs_of([rule("traffic_drop")]).report_days == 9
    only_down = needs_of([rule("tracker_down")])
    assert only_down.report_days == 0 and not only_down.entities and only_down.log_lines == 0
    logs = needs_of([rule("postback_problems", lines=300), rule("object_changed", 4, offer_caps=False)])
    assert logs.log_lines == 300 and logs.entities and logs.flows and logs.flow_campaigns == frozenset({4})
    assert not logs.offer_caps and logs.report_days == 0
