"""When a maintenance window runs: once windows, daily windows across midnight, in other zones and
on the days the clocks change (zoneinfo), cancelled ones (issue 19, part 3)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from alerts.maintenance import covers, next_span, occurrence_at
from bot.i18n import build_core
from storage.alerts import AlertRule
from storage.maintenance import Window
from storage.timefmt import to_iso


def _window(**kw: object) -> Window:
    values: dict[str, object] = {
        "id": 1, "tracker_id": 7, "target": "tracker", "campaign_id": None, "rule_id": None, "label": "",
        "starts_at": None, "ends_at": None, "daily_start": None, "length_minutes": None, "timezone": "UTC",
        "created_by": 1, "created_by_name": None, "created_at": "2026-01-01T00:00:00.000Z",
        "cancelled_at": None, "cancelled_by": None,
    }  # fmt: skip
    values.update(kw)
    return Window(**values)  # type: ignore[arg-type]


def _daily(start: str, minutes: int, tz: str, **kw: object) -> Window:
    return _window(daily_start=start, length_minutes=minutes, timezone=tz, **kw)


def _at(tz: str, y: int, mo: int, d: int, h: int, mi: int = 0) -> datetime:
    return datetime(y, mo, d, h, mi, tzinfo=ZoneInfo(tz)).astimezone(UTC)


def test_a_once_window_runs_from_its_start_to_its_end() -> None:
    starts = datetime(2026, 12, 6, 1, tzinfo=UTC)
    w = _window(starts_at=to_iso(starts), ends_at=to_iso(starts + timedelta(hours=2)))
    assert occurrence_at(w, starts - timedelta(seconds=1)) is None
    span = occurrence_at(w, starts)
    assert span is not None and span.key == "once" and span.ends == starts + timedelta(hours=2)
    assert occurrence_at(w, starts + timedelta(hours=2)) is None  # the end is not inside
    ahead = next_span(w, starts - timedelta(hours=1))
    assert ahead is not None and ahead.starts == starts
    assert next_span(w, starts + timedelta(hours=3)) is None


def test_a_cancelled_window_ends_when_it_was_cancelled() -> None:
    starts = datetime(2026, 12, 6, 1, tzinfo=UTC)
    cancelled = to_iso(starts + timedelta(minutes=30))
    w = _window(starts_at=to_iso(starts), ends_at=to_iso(starts + timedelta(hours=2)), cancelled_at=cancelled)
    assert occurrence_at(w, starts + timedelta(minutes=29)) is not None
    assert occurrence_at(w, starts + timedelta(minutes=30)) is None
    assert next_span(w, starts + timedelta(minutes=40)) is None
    daily = _daily("03:00", 30, "UTC", cancelled_at="2026-12-05T00:00:00.000Z")
    assert occurrence_at(daily, datetime(2026, 12, 6, 3, 10, tzinfo=UTC)) is None


def test_a_daily_window_runs_every_night_in_the_trackers_zone() -> None:
    w = _daily("03:00", 30, "Europe/Moscow")
    for day in (6, 7):
        span = occurrence_at(w, _at("Europe/Moscow", 2026, 12, day, 3, 10))
        assert span is not None and span.key == f"2026-12-0{day}"
        assert span.starts == datetime(2026, 12, day, 0, tzinfo=UTC)  # 03:00 Moscow = 00:00 UTC
    assert occurrence_at(w, _at("Europe/Moscow", 2026, 12, 6, 3, 30)) is None
    assert occurrence_at(w, _at("Europe/Moscow", 2026, 12, 6, 4, 0)) is None
    assert occurrence_at(w, _at("Europe/Moscow", 2026, 12, 6, 2, 59)) is None


def test_a_daily_window_across_midnight_belongs_to_the_day_it_started() -> None:
    w = _daily("23:30", 60, "America/New_York")
    span = occurrence_at(w, _at("America/New_York", 2026, 12, 7, 0, 15))
    assert span is not None and span.key == "2026-12-06"
    assert span.starts == _at("America/New_York", 2026, 12, 6, 23, 30)
    assert occurrence_at(w, _at("America/New_York", 2026, 12, 7, 0, 31)) is None
    ahead = next_span(w, _at("America/New_York", 2026, 12, 7, 1, 0))
    assert ahead is not None and ahead.key == "2026-12-07"


def test_a_daily_window_keeps_its_wall_clock_time_over_a_clock_change() -> None:
    w = _daily("03:00", 30, "Europe/Berlin")
    # Berlin leaves summer time on 25 Oct 2026: 03:00 local is 01:00 UTC before, 02:00 UTC after
    before = occurrence_at(w, _at("Europe/Berlin", 2026, 10, 24, 3, 10))
    after = occurrence_at(w, _at("Europe/Berlin", 2026, 10, 26, 3, 10))
    assert before is not None and before.starts == datetime(2026, 10, 24, 1, tzinfo=UTC)
    assert after is not None and after.starts == datetime(2026, 10, 26, 2, tzinfo=UTC)
    assert before.ends - before.starts == after.ends - after.starts == timedelta(minutes=30)
    # spring forward (29 Mar 2026, 02:00→03:00): a 02:30 start still runs for its 30 minutes that night
    w = _daily("02:30", 30, "Europe/Berlin")
    spring = next_span(w, datetime(2026, 3, 28, 23, tzinfo=UTC))
    assert spring is not None and spring.key == "2026-03-29"
    assert occurrence_at(w, spring.starts + timedelta(minutes=10)) is not None


def test_a_daily_window_starts_the_day_it_was_made() -> None:
    made = datetime(2026, 12, 6, 3, 10, tzinfo=UTC)
    w = _daily("03:00", 30, "UTC", created_at=to_iso(made))
    assert occurrence_at(w, made) is not None  # made during tonight's: it runs now
    assert occurrence_at(w, made - timedelta(days=1)) is None  # before it was made: never


def test_what_a_window_covers() -> None:
    rule = AlertRule(
        id=5, owner_id=1, tracker_id=7, kind="no_clicks", name="r", campaign_id=12, params={},
        severity="warning", enabled=True, muted_until=None, created_at="",
    )  # fmt: skip
    assert covers(_window(), rule, "")
    assert not covers(_window(tracker_id=8), rule, "")
    assert covers(_window(target="rule", rule_id=5), rule, "")
    assert not covers(_window(target="rule", rule_id=6), rule, "")
    assert covers(_window(target="campaign", campaign_id=12), rule, "")
    wide = replace(rule, campaign_id=None)  # a rule over every campaign: its campaign scopes
    assert covers(_window(target="campaign", campaign_id=13), wide, "campaign:13")
    assert not covers(_window(target="campaign", campaign_id=13), wide, "campaign:14")


def test_the_end_notice_in_both_languages() -> None:
    core = build_core("en")
    args = {"tracker": "Main", "target": "tracker", "what": "", "tz": "UTC", "daily": "no", "cancelled": "no"}
    en = core.get("maint-ended", "en", suppressed=1, firing=1, **args)
    assert "During maintenance: 1 alert suppressed, 1 still firing." in en
    assert "3 alerts suppressed, 0 still firing" in core.get(
        "maint-ended", "en", suppressed=3, firing=0, **args
    )
    ru = {n: core.get("maint-ended", "ru", suppressed=n, firing=1, **args) for n in (1, 3, 5)}
    assert "Во время техработ: 1 алерт не отправлен, ещё активно: 1." in ru[1]
    assert "3 алерта не отправлено" in ru[3] and "5 алертов не отправлено" in ru[5]
    started = core.get("maint-started", "ru", until="03:30", **{**args, "target": "campaign", "what": "<US>"})
    assert "кампания «&lt;US&gt;» до 03:30 (UTC)" in started  # values are escaped
