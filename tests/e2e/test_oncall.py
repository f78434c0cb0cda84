"""On call end to end: /subscribe in a group (refused to a non-admin, done by an admin who owns the
tracker), /unsubscribe, /oncall set up by the tracker's owner, /quiet — the real bot against the
fake Telegram (groups and getChatMember) and the Keitaro emulator."""

from __future__ import annotations

import pytest

from bot.app import BotApp
from services.clock import ShiftedClock
from tests.conftest import BotRunner
from tests.e2e.helpers import add_tracker
from tests.fakes.keitaro import KeitaroEmulator
from tests.fakes.telegram import FakeTelegram, FakeUser

TEAM_ID = -1001234567890


@pytest.fixture
async def app(runner: BotRunner, monkeypatch: pytest.MonkeyPatch) -> BotApp:
    return await runner.start()


@pytest.fixture
async def owner(app: BotApp, tg: FakeTelegram, keitaro: KeitaroEmulator) -> FakeUser:
    person = tg.user(7301, username="owner", first_name="Olga")
    await add_tracker(person, keitaro)
    return person


def subs(app: BotApp) -> object:
    return app.ctx.alerts.subscriptions


async def test_subscribe_in_a_group_needs_a_group_admin(
    app: BotApp, tg: FakeTelegram, owner: FakeUser
) -> None:
    team = tg.group(TEAM_ID, title="Night shift", supergroup=True)
    # an ordinary member of the group, who even has a tracker of their own, is refused
    mallory = tg.user(7302, username="mallory")
    mallory_in_team = mallory.in_group(team, status="member")
    await mallory_in_team.send("/subscribe")
    await mallory_in_team.expect("Only an admin of this group")
    assert await subs(app).for_chat(TEAM_ID) == []
    # the owner of the tracker, an admin there, subscribes it
    admin = owner.in_group(team, status="administrator")
    await admin.send("/subscribe")
    screen = await admin.expect("Notifications in the group “Night shift”")
    assert "Tracker: Main" in screen.text and "Not subscribed yet" in screen.text
    await admin.press("🔴 critical")
    await admin.expect("Alerts: 🔴 critical and above", kind="edited")
    await admin.press("🔔 Subscribe")
    done = await admin.expect("Subscribed to Main", kind="edited")
    assert "Alerts: 🔴 critical and above" in done.text
    [sub] = await subs(app).for_chat(TEAM_ID)
    assert (sub.chat_type, sub.title, sub.min_severity, sub.created_by) == (
        "supergroup",
        "Night shift",
        "critical",
        owner.id,
    )
    # the member presses a button of that screen: nothing changes
    before = len(tg.bot_messages(TEAM_ID))
    query = await mallory_in_team.press("🔕 Unsubscribe")
    assert (await mallory_in_team.callback_answer(query))["show_alert"]
    assert len(tg.bot_messages(TEAM_ID)) == before
    assert [s.tracker_id for s in await subs(app).for_chat(TEAM_ID)] == [sub.tracker_id]
    # and cannot /unsubscribe the group either
    await mallory_in_team.send("/unsubscribe")
    await mallory_in_team.expect("Only an admin of this group")
    assert len(await subs(app).for_chat(TEAM_ID)) == 1
    # an admin who lost the admin rights meanwhile cannot change the subscription any more
    admin.status = "member"
    await admin.press("💰 Enable conversions")
    assert not (await subs(app).for_chat(TEAM_ID))[0].conversions
    admin.status = "creator"
    await admin.send("/unsubscribe")
    await admin.expect("Main no longer notifies this chat")
    assert await subs(app).for_chat(TEAM_ID) == []


async def test_group_admin_without_a_tracker_is_told_to_connect_one(app: BotApp, tg: FakeTelegram) -> None:
    team = tg.group(TEAM_ID, title="Team")
    boss = tg.user(7303, username="boss").in_group(team, status="creator")
    await boss.send("/subscribe")
    await boss.expect("You have no tracker yet")


async def test_subscribe_a_private_chat_with_digest_and_conversions(app: BotApp, owner: FakeUser) -> None:
    await owner.send("/subscribe")
    await owner.expect("Notifications in this chat")
    await owner.press("🔔 Subscribe")
    await owner.expect("Subscribed to Main", kind="edited")
    await owner.press("💰 Enable conversions")
    await owner.expect("Conversion pushes: on", kind="edited")
    await owner.press("🗓 Daily digest")
    await owner.expect("At what time should the daily digest come")
    await owner.send("25:00")
    await owner.expect("That is not a time of day")
    await owner.send("9:30")
    await owner.expect("The digest will come every day at 09:30 (UTC)")
    [sub] = await subs(app).for_chat(owner.id)
    assert (sub.chat_type, sub.min_severity, sub.conversions, sub.digest_time) == (
        "private",
        "warning",
        True,
        "09:30",
    )


@pytest.mark.date_sensitive
async def test_oncall_rotation_set_up_by_the_owner(
    app: BotApp, tg: FakeTelegram, owner: FakeUser, clock: ShiftedClock
) -> None:
    alice = tg.user(7311, username="alice")
    await alice.send("/start")
    await alice.expect("Hi")
    team = tg.group(TEAM_ID, title="Night shift", supergroup=True)
    admin = owner.in_group(team, status="administrator")
    await admin.send("/subscribe")
    await admin.expect("Notifications in the group")
    await admin.press("🔔 Subscribe")
    await admin.expect("Subscribed to Main", kind="edited")

    await owner.send("/oncall")
    await owner.expect("No on-call rotation for Main")
    await owner.press("👥 People")
    await owner.expect("Who takes turns")
    await owner.send("@alice @nobody")
    await owner.expect("I don't know @nobody")
    await owner.send("@Alice 7312")
    view = await owner.expect("On call — Main")
    assert "Now: @alice until" in view.text
    assert "Next: id 7312 from" in view.text
    assert "Shifts: weekly, hand-over at 10:00 (UTC)" in view.text
    await owner.press("💬 Team chat")
    await owner.expect("Which group is the team chat")
    await owner.press("Night shift")
    view = await owner.expect("Team chat: Night shift")
    await owner.press("🛟 Backup")
    await owner.expect("Who is the backup")
    await owner.send("@owner")
    await owner.expect("Backup: @owner")
    await owner.press("⏱ Escalation")
    await owner.expect("How long should I wait for someone to ack an alert")
    await owner.press("5 min")
    await owner.expect("If nobody acks an alert in 5 min", kind="edited")
    await owner.press("1 repeat")
    await owner.expect("then 1 repeat", kind="edited")
    await owner.press("✅ Done")
    view = await owner.expect(
        "If nobody acks an alert in 5 min → the team chat and the backup, then 1 repeat"
    )
    await owner.press("🔁 Daily shifts")
    await owner.expect("Shifts: daily", kind="edited")

    tracker = await app.ctx.trackers.get_active(owner.id)
    assert tracker is not None
    rot = await app.ctx.alerts.oncall.get(tracker.id)
    assert rot is not None
    assert (rot.rotation, rot.people, rot.team_chat_id, rot.backup_id) == (
        "daily",
        (alice.id, 7312),
        TEAM_ID,
        owner.id,
    )
    assert (rot.escalate_minutes, rot.max_repeats) == (5, 1)
    # the person on duty stayed the same when the rotation became daily
    from alerts.oncall import on_duty

    shift = on_duty(rot, clock())
    assert shift is not None and shift.person == alice.id

    # the group sees the rotation read-only; alice, without a tracker, sees the one she is in
    await admin.send("/oncall")
    await admin.expect("Now: @alice")
    await alice.send("/oncall")
    await alice.expect("On call — Main")

    # somebody else cannot open the owner's tracker rotation by id
    await alice.send(f"/oncall {tracker.id}")
    await alice.expect("You cannot change the rotation of this tracker")


async def test_quiet_hours(app: BotApp, owner: FakeUser) -> None:
    await owner.send("/quiet")
    await owner.expect("You have no quiet hours")
    await owner.send("/quiet 23:00-8:00")
    await owner.expect("Quiet hours set: 23:00–08:00 (UTC)")
    await owner.send("/quiet 23:00-08:00 Mars/Base")
    await owner.expect("I don't know the time zone “Mars/Base”")
    await owner.send("/quiet 22:30-07:00 Europe/Berlin")
    await owner.expect("Quiet hours set: 22:30–07:00 (Europe/Berlin)")
    quiet = await app.ctx.alerts.quiet.get(owner.id)
    assert quiet is not None and (quiet.starts, quiet.ends, quiet.timezone) == (
        "22:30",
        "07:00",
        "Europe/Berlin",
    )
    await owner.send("/quiet off")
    await owner.expect("Quiet hours removed")
    assert await app.ctx.alerts.quiet.get(owner.id) is None


@pytest.mark.date_sensitive
async def test_escalation_reaches_the_team_chat_when_nobody_acks(
    app: BotApp, tg: FakeTelegram, owner: FakeUser, clock: ShiftedClock
) -> None:
    from datetime import timedelta

    from alerts.escalation import run_escalations
    from alerts.outbox import enqueue
    from alerts.payloads import AlertPayload
    from alerts.routing import recipients
    from storage.oncall import Rotation
    from storage.outbox import format_ts

    ctx = app.ctx.alerts
    alice = tg.user(7321, username="alice")
    await alice.send("/start")
    await alice.expect("Hi")
    team = tg.group(TEAM_ID, title="Night shift", supergroup=True)
    admin = owner.in_group(team, status="administrator")
    tracker = await app.ctx.trackers.get_active(owner.id)
    assert tracker is not None
    now = clock()
    await ctx.oncall.save(
        Rotation(
            tracker_id=tracker.id, rotation="weekly", people=(alice.id,), handover="10:00", timezone="UTC",
            started_on=now.date(), backup_id=None, team_chat_id=TEAM_ID, escalate_minutes=15, max_repeats=1,
        )
    )  # fmt: skip
    await ctx.subscriptions.subscribe(
        TEAM_ID, tracker.id, owner.id, "supergroup", "Night shift", "en", "info"
    )
    rule = await ctx.alerts.create(owner.id, tracker.id, "tracker_down", "Tracker down", None, {}, "critical")
    alert = await ctx.alerts.open_alert(rule.id, "", tracker.id, "critical", format_ts(now), 1.0)
    # what the engine does when it fires: the person on duty only, with a sound
    routed = await recipients(ctx, tracker.id, "critical", now=now)
    assert [(r.chat_id, r.silent) for r in routed] == [(alice.id, False)]
    payload = AlertPayload(alert_id=alert.id, event="fire")
    await enqueue(ctx, alice.id, payload, dedup_key=f"alert:{alert.id}:fire:{alice.id}")
    await alice.expect("Tracker down")
    await run_escalations(ctx, now + timedelta(minutes=10))  # not yet
    await run_escalations(ctx, now + timedelta(minutes=16))  # nobody acked: the team chat hears of it
    await admin.expect("Tracker down")
    await ctx.alerts.ack(alert.id, alice.id, "alice", format_ts(now + timedelta(minutes=20)))
    before = len(tg.bot_messages(TEAM_ID))
    await run_escalations(ctx, now + timedelta(minutes=40))
    rows = await app.db.fetch_all("SELECT chat_id FROM outbox ORDER BY id")
    assert [r["chat_id"] for r in rows] == [alice.id, TEAM_ID]  # acked: no repeat was queued
    assert len(tg.bot_messages(TEAM_ID)) == before


@pytest.mark.date_sensitive
async def test_daily_digest_tells_of_yesterday(
    app: BotApp, tg: FakeTelegram, owner: FakeUser, keitaro: KeitaroEmulator, clock: ShiftedClock
) -> None:
    from datetime import timedelta

    from alerts.digest import run_digests
    from storage.outbox import format_ts
    from tests.e2e.stats_expect import aggregate, local_midnight, total

    ctx = app.ctx.alerts
    await owner.send("/subscribe")
    await owner.expect("Notifications in this chat")
    await owner.press("🔔 Subscribe")
    await owner.expect("Subscribed to Main", kind="edited")
    await owner.press("🗓 Daily digest")
    await owner.expect("At what time")
    await owner.send("00:00")
    await owner.expect("The digest will come every day at 00:00 (UTC)")
    tracker = await app.ctx.trackers.get_active(owner.id)
    assert tracker is not None
    now = clock()
    yesterday = now.date() - timedelta(days=1)
    # an alert that fired yesterday and was acknowledged, one that nobody acknowledged
    rule = await ctx.alerts.create(owner.id, tracker.id, "tracker_down", "Tracker down", None, {}, "critical")
    opened = local_midnight(yesterday, "UTC") + timedelta(hours=3, minutes=12)
    first = await ctx.alerts.open_alert(rule.id, "", tracker.id, "critical", format_ts(opened), 1.0)
    await ctx.alerts.ack(first.id, owner.id, "owner", format_ts(opened + timedelta(minutes=8)))
    await ctx.alerts.resolve(first.id, format_ts(opened + timedelta(minutes=30)), 0.0)
    other = await ctx.alerts.create(owner.id, tracker.id, "roi_below", "ROI below 10%", None, {}, "warning")
    await ctx.alerts.open_alert(
        other.id, "", tracker.id, "warning", format_ts(opened + timedelta(hours=5)), 3.0
    )

    assert await run_digests(ctx, now) == 1
    assert await run_digests(ctx, now) == 0  # once a day
    digest = await owner.expect(f"Main · digest of {yesterday.isoformat()} (UTC)")
    start = local_midnight(yesterday, "UTC")
    by_campaign = aggregate(keitaro, start, start + timedelta(days=1), lambda c, _m: c["campaign_id"])
    expected = total(by_campaign)
    assert f"{round(expected['clicks']):,}" in digest.text
    names = {c["id"]: c["name"] for c in keitaro.state.campaigns.values()}
    winners = sorted((v["profit"], names[k]) for k, v in by_campaign.items() if v["profit"] > 0.005)[::-1][:3]
    for profit, name in winners:
        assert f"• {name}: +{profit:,.2f}" in digest.text
    assert "03:12 Tracker down — acked by owner at 03:20 · resolved at 03:42" in digest.text
    assert "08:12 ROI below 10% — nobody acked" in digest.text
    assert ("Best campaigns" in digest.text) == bool(winners)
