"""Buyer scope end to end (issue 16, point 4): two buyers share the owner's tracker — Anna limited to
the campaign group "Team Anna" (FB US Nutra, TT DE Gambling), Oleg to the name prefix "push" (Push BR
Sweeps). Each sees exactly their campaigns: /stats rows and totals, the CSV file, /conversions and
/clicks equal the emulator's own aggregation over their campaigns only; the campaign list and another
buyer's campaign show nothing of the other and send no request for it; /logs says why it is not
shown; alerts about another buyer's campaign do not reach them."""

from __future__ import annotations

import asyncio
import csv
import io
import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from alerts.audience import Audience, Subject
from alerts.conversions import accept
from alerts.digest import run_digests
from bot.app import BotApp
from services.clock import ShiftedClock
from storage.oncall import Rotation
from storage.scope import Scope
from tests.conftest import BotRunner
from tests.e2e.helpers import active_tracker_id, add_tracker
from tests.e2e.stats_expect import aggregate, local_midnight, number, parse_tables, row_of, total
from tests.e2e.team import join_team
from tests.fakes.keitaro import KeitaroEmulator
from tests.fakes.telegram import BotMessage, FakeTelegram, FakeUser

# today's traffic is read: hours of it whatever the hour the suite runs at (tests/conftest.py)
pytestmark = pytest.mark.day_time(8)

ZONE = "UTC"
BANDS = [["Clicks", "Conv", "Revenue"], ["Profit", "ROI%"]]
ANNA_CAMPAIGNS = {1, 2}  # group 2 "Team Anna"
OLEG_CAMPAIGNS = {3}  # "Push BR Sweeps"


@pytest.fixture
async def team(tg: FakeTelegram, keitaro: KeitaroEmulator, runner: BotRunner) -> tuple[FakeUser, ...]:
    app = await runner.start()
    owner, anna, oleg = tg.user(7501), tg.user(7502), tg.user(7503)
    await add_tracker(owner, keitaro)
    tracker_id = await active_tracker_id(app, owner)
    await join_team(app, owner, anna, tracker_id, "operator", Scope(groups=(2,)))
    await join_team(app, owner, oleg, tracker_id, "viewer", Scope(prefix="push"))
    return owner, anna, oleg


def names(keitaro: KeitaroEmulator) -> dict[int, str]:
    return {c["id"]: c["name"] for c in keitaro.state.campaigns.values()}


def assert_row(shown: dict[str, str], expected: dict[str, float]) -> None:
    assert number(shown["Clicks"]) == expected["clicks"]
    assert number(shown["Conv"]) == expected["conversions"]
    assert number(shown["Revenue"]) == pytest.approx(expected["revenue"], abs=0.006)
    assert number(shown["Profit"]) == pytest.approx(expected["profit"], abs=0.006)
    assert number(shown["ROI%"]) == pytest.approx(expected["roi"], abs=0.1)


async def week_report(user: FakeUser) -> BotMessage:
    await user.send("/stats")
    await user.expect("Loading the statistics", kind="sent")
    await user.expect("Totals vs ", kind="edited")
    await user.press("📅 Today")
    await user.expect("Which range", kind="edited")
    await user.press("Last 7 days")
    return await user.expect("Totals vs ", kind="edited")


def week_bounds(clock: ShiftedClock) -> tuple[date, datetime, datetime]:
    today = clock().astimezone(ZoneInfo(ZONE)).date()
    return (
        today,
        local_midnight(today - timedelta(days=6), ZONE),
        local_midnight(today + timedelta(days=1), ZONE),
    )


@pytest.mark.date_sensitive
@pytest.mark.parametrize("who", ["anna", "oleg"])
async def test_stats_rows_totals_and_csv_are_the_buyers_campaigns_only(
    team: tuple[FakeUser, ...], keitaro: KeitaroEmulator, clock: ShiftedClock, who: str
) -> None:
    _owner, anna, oleg = team
    user, mine = (anna, ANNA_CAMPAIGNS) if who == "anna" else (oleg, OLEG_CAMPAIGNS)
    report = await week_report(user)
    _today, start, end = week_bounds(clock)
    expected = aggregate(
        keitaro, start, end, lambda c, _m: c["campaign_id"], keep=lambda c: c["campaign_id"] in mine
    )
    assert set(expected) == mine  # both of Anna's campaigns have traffic in the week; Oleg's too
    everything = aggregate(keitaro, start, end, lambda c, _m: c["campaign_id"])
    assert set(everything) - mine  # the other buyer has traffic too: there is something to hide
    shown = parse_tables(report.text, BANDS)
    label = names(keitaro)
    assert len(shown) == len(mine) + 1  # their campaigns and the totals row, nothing else
    for cid in mine:
        assert_row(row_of(shown, label[cid], cid), expected[cid])
    assert_row(shown["Total"], total(expected))  # Keitaro's totals over exactly these campaigns
    for cid in set(everything) - mine:
        assert label[cid] not in report.text
    scope_filter = {"name": "campaign_id", "operator": "IN_LIST", "expression": sorted(mine)}
    builds = [r for r in keitaro.requests if r.path.endswith("/report/build")]
    # built with the scope as a Keitaro filter, not cut from unscoped totals
    assert builds and all(scope_filter in r.json["filters"] for r in builds)

    await user.press("📄 CSV")
    document = await user.expect(kind="document", timeout=30)
    assert document.document is not None
    rows = list(csv.DictReader(io.StringIO(document.document["content"].decode("utf-8-sig"))))
    by_name = {label[cid]: cid for cid in mine}
    column = next(k for k in rows[0] if any(r[k].lstrip("'") in by_name for r in rows))
    assert {r[column].lstrip("'") for r in rows} == set(by_name)
    for row in rows:
        values = expected[by_name[row[column].lstrip("'")]]
        assert int(row["clicks"]) == values["clicks"]
        assert float(row["revenue"]) == pytest.approx(values["revenue"], abs=0.006)

    # the chart is drawn from reports built the same way
    await user.expect("Totals vs ")  # the report comes back below the file
    keitaro.requests.clear()
    await user.press("📈 Chart")
    photo = await user.expect(kind="photo", timeout=60)
    assert photo.photo is not None and all(label[cid] not in photo.text for cid in set(everything) - mine)
    builds = [r for r in keitaro.requests if r.path.endswith("/report/build")]
    assert builds and all(scope_filter in r.json["filters"] for r in builds)


def conversions_of(
    keitaro: KeitaroEmulator, start: datetime, end: datetime, mine: set[int]
) -> list[dict[str, object]]:
    rows = [c for c in keitaro.state.conversions
            if start.timestamp() <= c["_ts"] < end.timestamp() and c["campaign_id"] in mine]  # fmt: skip
    return sorted(rows, key=lambda c: (c["_ts"], c["conversion_id"]), reverse=True)


@pytest.mark.date_sensitive
async def test_conversions_and_clicks_are_the_buyers_only(
    team: tuple[FakeUser, ...], keitaro: KeitaroEmulator, clock: ShiftedClock
) -> None:
    _owner, anna, _oleg = team
    await anna.send("/conversions")
    await anna.expect("conversion", kind="edited")
    await anna.press("Range")
    await anna.expect("which range", kind="edited")
    await anna.press("Last 7 days")
    week = await anna.expect("Last 7 days:", kind="edited")
    while "Loading" in week.text:
        week = await anna.expect("conversion", kind="edited")
    _today, start, end = week_bounds(clock)
    want = conversions_of(keitaro, start, end, ANNA_CAMPAIGNS)
    others = conversions_of(keitaro, start, end, OLEG_CAMPAIGNS)
    assert want and others
    found = re.search(r"💰 ([\d,]+) conversions?", week.text)
    assert found and int(found.group(1).replace(",", "")) == len(want)
    shown = re.findall(r"<code>([^<]*)</code>", week.html.split("\n\n", 1)[-1])
    assert shown and set(shown) <= {str(c["sub_id"]) for c in want}

    # /clicks: a click of Oleg's campaign is "not found" for Anna; her own is shown
    theirs = next(c for c in reversed(keitaro.state.clicks) if c["campaign_id"] in OLEG_CAMPAIGNS)
    await anna.send(f"/clicks {theirs['sub_id']}")
    await anna.expect(f"No click with click ID (subid) = {theirs['sub_id']}", kind="edited")
    own = next(c for c in reversed(keitaro.state.clicks) if c["campaign_id"] in ANNA_CAMPAIGNS)
    await anna.send(f"/clicks {own['sub_id']}")
    await anna.expect(f"click {own['sub_id']}", kind="edited")


async def test_campaign_list_and_another_buyers_campaign(
    team: tuple[FakeUser, ...], keitaro: KeitaroEmulator
) -> None:
    owner, anna, _oleg = team
    await anna.send("/campaigns")
    listing = await anna.expect("Campaigns — Main")
    labels = " ".join(listing.labels())
    assert "FB US Nutra" in labels
    assert "Push BR Sweeps" not in listing.text + labels and "Google UK Loans" not in listing.text + labels
    keitaro.requests.clear()
    await anna.send("#3")  # search Oleg's campaign by its id
    found = await anna.expect("Campaigns — Main")
    assert "Push BR Sweeps" not in found.text + " ".join(found.labels())
    await anna.send("Push")  # … or by its name
    found = await anna.expect("Campaigns — Main")
    assert "Push BR Sweeps" not in found.text + " ".join(found.labels())
    await anna.send("/flows 3")  # the flows of Oleg's campaign
    answer = await anna.expect("Flows — Main")
    assert "BR sweeps" not in answer.text + " ".join(answer.labels())
    asked = [r.path.removeprefix("/admin_api/v1") for r in keitaro.requests]
    assert not [p for p in asked if p.startswith(("/campaigns/3", "/streams/9", "/streams/10"))], asked

    # the owner still sees every campaign
    await owner.send("/campaigns")
    everything = await owner.expect("Campaigns — Main")
    assert "Push BR Sweeps" in " ".join(everything.labels())


async def test_logs_say_they_cover_every_campaign(
    team: tuple[FakeUser, ...], keitaro: KeitaroEmulator
) -> None:
    _owner, anna, _oleg = team
    keitaro.requests.clear()
    await anna.send("/logs")
    said = await anna.expect("logs cover every campaign")
    assert "/conversions" in said.text
    assert not [r for r in keitaro.requests if "/logs/" in r.path]


async def drained(app: BotApp) -> None:
    """Every queued notification has gone out (polled, no fixed sleep)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + 10
    while await app.ctx.alerts.outbox.pending_count():
        assert loop.time() < deadline, "the outbox did not drain"
        await asyncio.sleep(0.01)


def said(user: FakeUser) -> str:
    return "\n".join(e.message.text for e in user.events)  # everything the bot ever showed them


async def test_a_buyer_hears_alerts_and_conversions_of_their_campaigns_only(
    team: tuple[FakeUser, ...], keitaro: KeitaroEmulator, runner: BotRunner
) -> None:
    owner, anna, oleg = team
    app = runner.running
    ctx = app.ctx.alerts
    tid = await active_tracker_id(app, owner)
    for person in (anna, oleg):  # they have talked to the bot: their chats exist
        await person.send("/trackers")
        await person.expect("Your trackers")
    for person in (owner, anna, oleg):
        await ctx.subscriptions.subscribe(person.id, tid, person.id, "private", None, "en")
        await ctx.subscriptions.set_conversions(person.id, tid, True)
    watch = {"campaigns": True, "flows": False, "offer_caps": False}
    await ctx.alerts.create(owner.id, tid, "object_changed", "Campaign stopped", None, watch, "warning")
    await app.alerting.engine.tick()  # every campaign seen active
    keitaro.state.campaigns[1]["state"] = "disabled"  # Anna's
    keitaro.state.campaigns[3]["state"] = "disabled"  # Oleg's
    await app.alerting.engine.tick()
    await anna.expect("FB US Nutra")
    await oleg.expect("Push BR Sweeps")
    both = await owner.expect("2 alerts at once")  # the owner hears both: one message (issue 19, storms)
    assert "FB US Nutra" in both.text and "Push BR Sweeps" in both.text
    await drained(app)
    assert "Push BR Sweeps" not in said(anna) and "FB US Nutra" not in said(oleg)
    # the menu counts the open alerts each may read: one each, two for the owner
    for person, count in ((anna, 1), (oleg, 1), (owner, 2)):
        await person.send("/start")
        menu = await person.expect("Welcome back")
        assert f"🚨 Alerts ({count})" in menu.labels(), (person.id, menu.labels())

    # numbers of the whole tracker never reach a scoped member; "the tracker is down" does
    audience = Audience(ctx, tid)
    assert not await audience.may_see(anna.id, Subject())  # tracker-wide totals
    assert await audience.may_see(owner.id, Subject())
    assert await audience.may_see(anna.id, Subject(public=True))

    # a conversion push of Oleg's campaign goes to Oleg and the owner, not to Anna
    assert await accept(ctx, tid, {"subid": "oleg-sub-1", "status": "sale", "revenue": "12.5",
                                   "campaign": "Push BR Sweeps", "campaign_id": "3"}) == 2  # fmt: skip
    assert await accept(ctx, tid, {"subid": "no-campaign", "status": "lead"}) == 1  # the owner only
    await oleg.expect("oleg-sub-1")
    await owner.expect("oleg-sub-1")
    await drained(app)
    assert "no-campaign" in said(owner)  # the owner's burst may be one message with both
    assert "oleg-sub-1" not in said(anna) and "no-campaign" not in said(anna) + said(oleg)


async def test_a_buyer_gets_a_note_instead_of_the_tracker_wide_digest(
    team: tuple[FakeUser, ...], keitaro: KeitaroEmulator, runner: BotRunner
) -> None:
    owner, anna, _oleg = team
    app = runner.running
    ctx = app.ctx.alerts
    tid = await active_tracker_id(app, owner)
    await anna.send("/trackers")  # Anna has talked to the bot: her chat exists
    await anna.expect("Your trackers")
    for person in (owner, anna):
        await ctx.subscriptions.subscribe(person.id, tid, person.id, "private", None, "en")
        await ctx.subscriptions.set_digest_time(person.id, tid, "00:00")
    assert await run_digests(ctx, ctx.now()) == 2
    note = await anna.expect("daily digest of Main covers every campaign")
    assert "/stats" in note.text
    digest = await owner.expect("Main · digest of")  # the owner's is the whole tracker's, as before
    assert "Push BR Sweeps" in digest.text or "No traffic" in digest.text
    await drained(app)
    assert "Main · digest of" not in said(anna) and "Push BR Sweeps" not in said(anna)


async def test_a_critical_alert_the_buyer_on_duty_may_not_read_goes_to_the_subscribed_chats(
    team: tuple[FakeUser, ...], keitaro: KeitaroEmulator, runner: BotRunner
) -> None:
    owner, anna, oleg = team
    app = runner.running
    ctx = app.ctx.alerts
    tid = await active_tracker_id(app, owner)
    for person in (anna, oleg):
        await person.send("/trackers")
        await person.expect("Your trackers")
    for person in (owner, anna, oleg):
        await ctx.subscriptions.subscribe(person.id, tid, person.id, "private", None, "en")
    today = ctx.now().date()
    await ctx.oncall.save(Rotation(tid, "weekly", (anna.id,), "00:00", "UTC", today - timedelta(days=1),
                                   None, None, 15, 1))  # fmt: skip
    watch = {"campaigns": True, "flows": False, "offer_caps": False}
    await ctx.alerts.create(owner.id, tid, "object_changed", "Campaign stopped", None, watch, "critical")
    await app.alerting.engine.tick()
    keitaro.state.campaigns[1]["state"] = "disabled"  # Anna's: she is on duty, she hears it
    keitaro.state.campaigns[3]["state"] = "disabled"  # Oleg's: past Anna, to the subscribed chats
    await app.alerting.engine.tick()
    await anna.expect("FB US Nutra")
    await oleg.expect("Push BR Sweeps")
    await owner.expect("Push BR Sweeps")
    await drained(app)
    assert "Push BR Sweeps" not in said(anna) and "FB US Nutra" not in said(oleg)
    # the menu counts the open alerts each may read: one each, two for the owner
    for person, count in ((anna, 1), (oleg, 1), (owner, 2)):
        await person.send("/start")
        menu = await person.expect("Welcome back")
        assert f"🚨 Alerts ({count})" in menu.labels(), (person.id, menu.labels())


async def test_a_rule_a_buyer_made_watches_their_campaigns_only(
    team: tuple[FakeUser, ...], keitaro: KeitaroEmulator, runner: BotRunner
) -> None:
    owner, anna, oleg = team
    app = runner.running
    ctx = app.ctx.alerts
    tid = await active_tracker_id(app, owner)
    await anna.send("/trackers")
    await anna.expect("Your trackers")
    for person in (owner, anna):
        await ctx.subscriptions.subscribe(person.id, tid, person.id, "private", None, "en")
    watch = {"campaigns": True, "flows": False, "offer_caps": False}
    await ctx.alerts.create(anna.id, tid, "object_changed", "My campaigns", None, watch, "warning")
    await app.alerting.engine.tick()
    keitaro.state.campaigns[1]["state"] = "disabled"  # Anna's
    keitaro.state.campaigns[3]["state"] = "disabled"  # Oleg's: her rule does not see it
    await app.alerting.engine.tick()
    await anna.expect("FB US Nutra")
    await owner.expect("FB US Nutra")
    await drained(app)
    assert "Push BR Sweeps" not in said(anna) + said(owner)

    # totals over her campaigns reach her (and anyone with the same scope), not another buyer
    audience, hers = Audience(ctx, tid), Subject(within=Scope(groups=(2,)))
    assert await audience.may_see(anna.id, hers) and await audience.may_see(owner.id, hers)
    assert not await audience.may_see(oleg.id, hers)
