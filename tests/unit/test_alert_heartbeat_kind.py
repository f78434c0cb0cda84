"""The heartbeat rule kind (issue 19, part 4): no clicks / conversions at all for N minutes, judged
against the same time of day on the previous days — silence in normally empty hours is "quiet
hours" (never fires), silence when traffic normally flows fires; the first click resolves it. For
the tracker as a whole, one campaign, and each traffic source on its own."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from alerts.kinds.base import Observation, RuleInput
from alerts.kinds.heartbeat import KIND as HEARTBEAT
from alerts.kinds.heartbeat import HeartbeatParams, evaluate
from alerts.rules import needs_of
from alerts.snapshot import Counts, Entities, Snapshot
from bot.i18n import build_core
from handlers.alerts.sentences import note_text, sentence_text
from handlers.alerts.views import preview_text
from handlers.notices import translator
from storage.alerts import AlertRule, AlertStateRow

DAY0 = datetime(2026, 3, 10, tzinfo=UTC)  # midnight of "today"; the data starts 9 days earlier
HOUR = 3600


def day_traffic(hour: int) -> float:
    """Clicks of one campaign in an hour: 12 from 07:00 to 23:00, none at night."""
    return 12.0 if 7 <= hour <= 23 else 0.0


def snapshot(
    now: datetime,
    *,
    campaigns: tuple[int, ...] = (1,),
    stopped: dict[int, datetime] | None = None,
    sources: dict[int, int | None] | None = None,
) -> Snapshot:
    """Hourly numbers of ``campaigns`` since 9 days before DAY0 up to ``now``, each campaign's clicks
    (a tenth converting) ending at ``stopped[campaign]`` when given."""
    start = DAY0 - timedelta(days=9)
    snap = Snapshot(1, "UTC", now, data_from=start)
    for cid in campaigns:
        hours: dict[int, Counts] = {}
        moment = start
        end = (stopped or {}).get(cid, now)
        while moment < now:
            clicks = day_traffic(moment.hour) if moment < end else 0.0
            if clicks:
                hours[int(moment.timestamp() // HOUR)] = Counts(clicks=clicks, conversions=clicks / 10)
            moment += timedelta(hours=1)
        snap.series[cid] = hours
        snap.campaign_names[cid] = f"Camp {cid}"
    if sources is not None:
        snap.entities = Entities(sources=dict(sources))
    return snap


def run(snap: Snapshot, campaign_id: int | None = None, **params: Any) -> list[Observation]:
    inp = RuleInput(snap, campaign_id, timedelta(0), {})
    return evaluate(HeartbeatParams(**params), inp)


def test_silence_at_night_is_quiet_hours_and_never_fires() -> None:
    night = DAY0 + timedelta(hours=3, minutes=30)
    [obs] = run(snapshot(night))
    assert obs.scope == "" and obs.value == 0
    assert obs.note == "quiet_hours" and not obs.firing and not obs.resolved  # state kept
    assert obs.text_args["usual"] == 0 and obs.text_args["days"] == 7


def test_silence_in_the_day_is_an_outage_and_fires() -> None:
    afternoon = DAY0 + timedelta(hours=14, minutes=30)
    [obs] = run(snapshot(afternoon, stopped={1: DAY0 + timedelta(hours=13)}), silence_minutes=60)
    assert obs.firing and not obs.resolved and obs.note is None
    assert obs.text_args["usual"] == 12 and obs.text_args["what"] == "clicks"
    # 30 minutes of silence is not yet 60
    [early] = run(snapshot(DAY0 + timedelta(hours=13, minutes=30), stopped={1: DAY0 + timedelta(hours=13)}))
    assert not early.firing and early.resolved


def test_the_first_click_resolves_it() -> None:
    now = DAY0 + timedelta(hours=15, minutes=20)
    snap = snapshot(now, stopped={1: DAY0 + timedelta(hours=13)})
    [silent] = run(snap)
    assert silent.firing
    snap.series[1][int(now.timestamp() // HOUR)] = Counts(clicks=1)  # one click in the current hour
    snap._total = None
    [back] = run(snap)
    assert back.resolved and not back.firing and back.value and back.value > 0


def test_a_few_clicks_normally_is_quiet_hours_too() -> None:
    """``min_usual``: a span that usually has fewer clicks than that is not watched."""
    afternoon = DAY0 + timedelta(hours=14, minutes=30)
    [obs] = run(snapshot(afternoon, stopped={1: DAY0 + timedelta(hours=13)}), min_usual=20)
    assert obs.note == "quiet_hours" and not obs.firing


def test_postbacks_watch_conversions() -> None:
    afternoon = DAY0 + timedelta(hours=16)
    snap = snapshot(afternoon, stopped={1: DAY0 + timedelta(hours=14)})
    [obs] = run(snap, postbacks=True, min_usual=1)
    assert obs.firing and obs.text_args["what"] == "conversions" and obs.text_args["usual"] == 1.2


def test_one_campaign_silent_while_the_tracker_still_has_traffic() -> None:
    afternoon = DAY0 + timedelta(hours=14, minutes=30)
    snap = snapshot(afternoon, campaigns=(1, 2), stopped={2: DAY0 + timedelta(hours=12)})
    [tracker] = run(snap)
    assert not tracker.firing and tracker.resolved
    [campaign] = run(snap, campaign_id=2)
    assert campaign.scope == "campaign:2" and campaign.firing
    assert campaign.text_args["campaign"] == "Camp 2"


def test_each_traffic_source_on_its_own() -> None:
    afternoon = DAY0 + timedelta(hours=14, minutes=30)
    sources: dict[int, int | None] = {1: 10, 2: 20, 3: 20, 4: None}
    snap = snapshot(afternoon, campaigns=(1, 2, 3), stopped={1: DAY0 + timedelta(hours=12)}, sources=sources)
    by_scope = {o.scope: o for o in run(snap, per_source=True)}
    assert set(by_scope) == {"source:10", "source:20"}  # campaign 4 has no traffic source
    assert by_scope["source:10"].firing and by_scope["source:10"].text_args["source_id"] == 10
    assert not by_scope["source:20"].firing and by_scope["source:20"].resolved
    assert by_scope["source:20"].text_args["usual"] == 24  # two campaigns summed
    # at night every source is quiet
    night = snapshot(DAY0 + timedelta(hours=4), campaigns=(1, 2), sources={1: 10, 2: 20})
    assert {o.note for o in run(night, per_source=True)} == {"quiet_hours"}


def test_sources_unknown_this_tick_keep_their_state() -> None:
    afternoon = DAY0 + timedelta(hours=14, minutes=30)
    snap = snapshot(afternoon, stopped={1: DAY0 + timedelta(hours=12)})  # no campaign list came
    before = {"source:10": AlertStateRow(1, "source:10", "firing", "2026-03-10T13:30:00.000Z")}
    [obs] = HEARTBEAT.evaluate(HeartbeatParams(per_source=True), RuleInput(snap, None, timedelta(0), before))
    assert obs.scope == "source:10" and not obs.firing and not obs.resolved and obs.note == "no_data"


def test_needs_the_report_back_far_enough_and_the_campaign_list_per_source() -> None:
    def rule(**params: Any) -> AlertRule:
        return AlertRule(1, 1, 1, "heartbeat", "hb", None, params, "critical", True, None, "")

    plain = needs_of([rule()])
    assert plain.report_days >= 8 and not plain.entities
    assert needs_of([rule(per_source=True, baseline_days=14)]).entities
    assert needs_of([rule(baseline_days=14)]).report_days >= 15


def test_texts_in_both_languages() -> None:
    core = build_core("en")
    args = {"what": "clicks", "silence_minutes": 60, "usual": 42.0, "days": 7, "source_id": 3}
    en, ru = translator(core, "en"), translator(core, "ru")
    sentence = HEARTBEAT.describe(args, HeartbeatParams(), 0)
    assert sentence_text(en, sentence) == (
        "No clicks at all from traffic source #3 for 1 h, although about 42 usually come at this time "
        "of day (median of the previous 7 days)."
    )
    assert sentence_text(ru, sentence) == (
        "Нет кликов от источника трафика #3 уже 1 ч, хотя в это время суток их обычно около 42 "
        "(медиана за 7 прошлых дней)."
    )
    assert note_text(en, "quiet_hours") == "quiet hours: no traffic is usual at this time of day"
    assert note_text(ru, "quiet_hours") == "тихие часы: в это время суток трафика обычно нет"


def test_a_traffic_source_scope_is_named_in_the_preview() -> None:
    core = build_core("en")
    snap = snapshot(DAY0 + timedelta(hours=4), campaigns=(1,), sources={1: 10})
    rule = AlertRule(1, 1, 1, "heartbeat", "hb", None, {"per_source": True}, "critical", True, None, "")
    observations = run(snap, per_source=True)
    en = preview_text(translator(core, "en"), rule, observations)
    ru = preview_text(translator(core, "ru"), rule, observations)
    assert "• traffic source #10 — quiet hours: no traffic is usual at this time of day" in en
    assert "• источник трафика #10 — тихие часы: в это время суток трафика обычно нет" in ru
