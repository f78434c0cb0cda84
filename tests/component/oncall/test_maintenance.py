"""Maintenance windows over a real database (SQLite and PostgreSQL): the repository, which scopes a
running window covers, and the start and end announcements with their count (issue 19, part 3)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from alerts.escalation import run_escalations
from alerts.maintenance import covered, held, repo_of, run_maintenance
from storage.alerts import AlertRule
from storage.maintenance import MaintenanceRepo
from storage.timefmt import to_iso
from tests.component.oncall.support import ALICE, CAROL, OWNER, TEAM, World, rotation, subscribe, targets

pytestmark = pytest.mark.date_sensitive  # windows compare times


async def _rule(w: World, name: str, campaign_id: int | None = None) -> AlertRule:
    return await w.ctx.alerts.create(OWNER, w.tracker_id, "no_clicks", name, campaign_id, {}, "warning")


async def _once(w: World, minutes: int, **kw: object) -> int:
    now = w.clock()
    window = await repo_of(w.ctx).create(
        w.tracker_id, target=str(kw.pop("target", "tracker")), created_by=OWNER, created_by_name="owner",
        starts_at=to_iso(now), ends_at=to_iso(now + timedelta(minutes=minutes)), timezone="Europe/Berlin",
        **kw,  # type: ignore[arg-type]
    )  # fmt: skip
    return window.id


async def test_windows_are_stored_listed_and_cancelled(world: World) -> None:
    w = world
    repo = MaintenanceRepo(w.db)
    now = w.clock()
    once = await repo.create(
        w.tracker_id, target="campaign", campaign_id=12, label="US Nutra", created_by=ALICE,
        created_by_name="alice", starts_at=to_iso(now + timedelta(hours=1)),
        ends_at=to_iso(now + timedelta(hours=3)), timezone="Europe/Berlin",
    )  # fmt: skip
    daily = await repo.create(
        w.tracker_id, target="tracker", created_by=OWNER, daily_start="03:00", length_minutes=30,
        timezone="Europe/Berlin",
    )  # fmt: skip
    assert (once.target, once.campaign_id, once.label, once.daily) == ("campaign", 12, "US Nutra", False)
    assert (daily.daily_start, daily.length_minutes, daily.daily) == ("03:00", 30, True)
    assert daily.created_at == to_iso(now)
    assert [x.id for x in await repo.current(w.tracker_id, to_iso(now))] == [once.id, daily.id]
    assert await repo.current(w.other_tracker_id, to_iso(now)) == []
    assert await repo.get(w.other_tracker_id, once.id) is None  # another tracker's id finds nothing
    # once it is over, the once window is not current; the daily one still is
    later = to_iso(now + timedelta(hours=4))
    assert [x.id for x in await repo.current(w.tracker_id, later)] == [daily.id]
    assert await repo.cancel(w.tracker_id, daily.id, ALICE, to_iso(now))
    assert not await repo.cancel(w.tracker_id, daily.id, ALICE, to_iso(now))  # cancelled already
    assert not await repo.cancel(w.other_tracker_id, once.id, ALICE, to_iso(now))
    gone = await repo.get(w.tracker_id, daily.id)
    assert gone is not None and gone.cancelled_by == ALICE
    assert [x.id for x in await repo.all_current(to_iso(now))] == [once.id]
    with pytest.raises(ValueError):
        await repo.create(
            w.tracker_id, target="flow", created_by=OWNER, daily_start="03:00", length_minutes=5
        )
    with pytest.raises(ValueError):
        await repo.create(w.tracker_id, target="tracker", created_by=OWNER)


async def test_occurrences_are_made_once_and_finished_once(world: World) -> None:
    w = world
    repo = MaintenanceRepo(w.db)
    window = await repo.create(
        w.tracker_id, target="tracker", created_by=OWNER, daily_start="03:00", length_minutes=30
    )
    first = await repo.begin(window.id, "2026-12-06", "2026-12-06T02:00:00.000Z", "2026-12-06T02:30:00.000Z")
    again = await repo.begin(window.id, "2026-12-06", "2026-12-06T09:00:00.000Z", "2026-12-06T09:30:00.000Z")
    assert first == again and first.start_announced_at is None
    assert await repo.running() == []
    await repo.mark_started(window.id, "2026-12-06", "2026-12-06T02:00:01.000Z")
    assert [o.key for o in await repo.running()] == ["2026-12-06"]
    await repo.finish(window.id, "2026-12-06", "2026-12-06T02:30:01.000Z", suppressed=3, still_firing=1)
    await repo.finish(window.id, "2026-12-06", "2026-12-06T05:00:00.000Z", suppressed=9, still_firing=9)
    done = await repo.occurrence(window.id, "2026-12-06")
    assert done is not None
    assert (done.suppressed, done.still_firing, done.end_announced_at) == (3, 1, "2026-12-06T02:30:01.000Z")
    assert await repo.running() == []
    assert [o.key for o in await repo.occurrences(window.id)] == ["2026-12-06"]


async def test_a_window_covers_its_tracker_campaign_or_rule_while_it_runs(world: World) -> None:
    w = world
    tracker_rule, campaign_rule, other_rule = (
        await _rule(w, "all"), await _rule(w, "c12", 12), await _rule(w, "c13", 13)
    )  # fmt: skip
    now = w.clock()
    assert not (await covered(w.ctx, tracker_rule, now))("")
    await _once(w, 60, target="campaign", campaign_id=12, label="c12")
    cover = await covered(w.ctx, campaign_rule, now)
    assert cover("") and cover("campaign:12")
    assert not (await covered(w.ctx, other_rule, now))("campaign:13")
    tracker_cover = await covered(w.ctx, tracker_rule, now)
    assert tracker_cover("campaign:12") and not tracker_cover("campaign:13") and not tracker_cover("")
    await _once(w, 60, target="rule", rule_id=other_rule.id, label="c13")
    assert (await covered(w.ctx, other_rule, now))("campaign:13")
    # past its end nothing is covered
    assert not (await covered(w.ctx, other_rule, now + timedelta(minutes=61)))("campaign:13")


async def test_start_and_end_are_announced_once_with_what_happened(world: World) -> None:
    w = world
    await subscribe(w, ALICE, "info")
    await subscribe(w, TEAM, "critical", group=True)  # the start and end reach every subscribed chat
    rule = await _rule(w, "clicks", 12)
    window_id = await _once(w, 120)
    await run_maintenance(w.ctx, w.clock())
    await run_maintenance(w.ctx, w.clock())  # a repeated tick queues nothing twice
    rows = await w.new_rows()
    assert targets(rows) == sorted([ALICE, TEAM])
    assert {r.payload["key"] for r in rows} == {"maint-started"}
    assert rows[0].payload["args"]["tracker"] == "Main" and rows[0].payload["args"]["target"] == "tracker"
    assert {r.dedup_key for r in rows} == {f"maint:{window_id}:once:start:{c}" for c in (ALICE, TEAM)}
    # during it: one alert opens (and stays open), one opened and resolved, one before it began
    at = to_iso(w.clock() + timedelta(minutes=10))
    firing = await w.ctx.alerts.open_alert(rule.id, "", w.tracker_id, "warning", at, 1.0)
    gone = await w.ctx.alerts.open_alert(rule.id, "campaign:12", w.tracker_id, "warning", at, 1.0)
    await w.ctx.alerts.resolve(gone.id, at, 0.0)
    w.clock.advance(minutes=119)
    await run_maintenance(w.ctx, w.clock())
    assert await w.new_rows() == []  # not over yet
    w.clock.advance(minutes=2)
    await run_maintenance(w.ctx, w.clock())
    await run_maintenance(w.ctx, w.clock())
    rows = await w.new_rows()
    assert targets(rows) == sorted([ALICE, TEAM])
    assert all(r.payload["key"] == "maint-ended" for r in rows)
    assert (rows[0].payload["args"]["suppressed"], rows[0].payload["args"]["firing"]) == (2, 1)
    occ = await repo_of(w.ctx).occurrence(window_id, "once")
    assert occ is not None and (occ.suppressed, occ.still_firing) == (2, 1)
    assert firing.resolved_at is None


async def test_a_window_ended_now_is_announced_and_an_upcoming_one_cancelled_never(world: World) -> None:
    w = world
    await subscribe(w, ALICE, "info")
    running = await _once(w, 240)
    later = await repo_of(w.ctx).create(
        w.tracker_id, target="tracker", created_by=OWNER, starts_at=to_iso(w.clock() + timedelta(hours=5)),
        ends_at=to_iso(w.clock() + timedelta(hours=6)),
    )  # fmt: skip
    await run_maintenance(w.ctx, w.clock())
    assert [r.payload["key"] for r in await w.new_rows()] == ["maint-started"]
    w.clock.advance(minutes=30)
    assert await repo_of(w.ctx).cancel(w.tracker_id, running, ALICE, to_iso(w.clock()))
    assert await repo_of(w.ctx).cancel(w.tracker_id, later.id, ALICE, to_iso(w.clock()))
    await run_maintenance(w.ctx, w.clock())
    rows = await w.new_rows()
    assert [r.payload["key"] for r in rows] == ["maint-ended"]
    assert rows[0].payload["args"]["cancelled"] == "yes"
    w.clock.advance(hours=6)
    await run_maintenance(w.ctx, w.clock())
    assert await w.new_rows() == []


async def test_without_subscribed_chats_the_owner_hears_it(world: World) -> None:
    w = world
    await _once(w, 30)
    await run_maintenance(w.ctx, w.clock())
    assert targets(await w.new_rows()) == [OWNER]


async def test_escalation_waits_while_a_window_covers_the_alert(world: World) -> None:
    w = world
    await w.ctx.oncall.save(rotation(w))
    rule = await w.ctx.alerts.create(OWNER, w.tracker_id, "tracker_down", "down", None, {}, "critical")
    alert = await w.ctx.alerts.open_alert(rule.id, "", w.tracker_id, "critical", to_iso(w.clock()), 1.0)
    await _once(w, 60, target="rule", rule_id=rule.id, label="down")
    await run_escalations(w.ctx, w.clock.advance(minutes=30))  # due after 15 min, but covered
    assert await w.new_rows() == []
    assert await held(w.ctx, alert.id, w.clock())
    await run_escalations(w.ctx, w.clock.advance(minutes=31))  # over: still firing, so it escalates
    assert targets(await w.new_rows()) == sorted([TEAM, CAROL])
    assert not await held(w.ctx, alert.id, w.clock())
