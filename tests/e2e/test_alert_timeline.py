"""The incident timeline end to end (issue 19, part 5): an alert fires, a teammate acks it, the owner
snoozes it and disables its campaign from the message, the teammate adds a note by replying to the
alert message, it resolves — and 📜 Timeline shows all of it in order with names; the post-mortem as
text and as a file; /alerts → 📚 History lists it with its duration and who acked, and hides the
alerts of other campaigns from a scoped buyer; a reply to any other bot message is no note.

Ticks are driven by the test (``engine.tick()``) and time by moving the application clock."""

from __future__ import annotations

from datetime import timedelta

import pytest

from services.clock import ShiftedClock
from storage.scope import Scope
from tests.conftest import BotRunner
from tests.e2e.automations import PARAMS, RULE, Setup, rule_with, settled, start
from tests.e2e.helpers import active_tracker_id, speak_russian
from tests.e2e.team import join_team
from tests.fakes.keitaro import KeitaroEmulator
from tests.fakes.telegram import BotMessage, FakeTelegram, FakeUser

RESOLVE = {**PARAMS, "fire_below": -100_000, "resolve_above": -99_999}  # any ROI is fine again


@pytest.fixture
async def setup(tg: FakeTelegram, keitaro: KeitaroEmulator, runner: BotRunner, clock: ShiftedClock) -> Setup:
    return await start(tg, keitaro, runner, clock)


async def teammate(tg: FakeTelegram, app_setup: Setup, role: str, scope: Scope | None = None) -> FakeUser:
    owner, app, _clock = app_setup
    tid = await active_tracker_id(app, owner)
    boris = tg.user(7803, first_name="Boris")
    await boris.send("/start")
    await boris.expect()
    await join_team(app, owner, boris, tid, role, scope)
    await app.ctx.trackers.set_active(boris.id, tid)
    return boris


def in_order(text: str, parts: list[str]) -> None:
    """Every part is in ``text``, each after the one before."""
    at = -1
    for part in parts:
        found = text.find(part, at + 1)
        assert found > at, f"{part!r} is not after the previous part in:\n{text}"
        at = found


@pytest.mark.date_sensitive
async def test_fire_ack_snooze_pause_note_resolve_then_timeline_postmortem_and_history(
    setup: Setup, tg: FakeTelegram, keitaro: KeitaroEmulator
) -> None:
    olga, app, clock = setup
    boris = await teammate(tg, setup, "operator")
    await speak_russian(boris)
    ctx = app.alerting.ctx
    rule = await rule_with(app, olga, "propose")
    tid = rule.tracker_id
    await ctx.subscriptions.subscribe(boris.id, tid, boris.id, "private", None, "en", "info")
    await app.alerting.engine.tick()
    hers, his = await olga.expect(RULE), await boris.expect(RULE)
    await settled(app)
    assert "📜 Timeline" in hers.labels()

    clock.offset += timedelta(minutes=3)
    await boris.press("✅ Ack", message=his)
    await boris.expect("✅ Acked by Boris", kind="edited")
    clock.offset += timedelta(minutes=1)
    await olga.press("💤 1 h", message=hers)
    hers = await olga.expect("Snoozed until", kind="edited")
    clock.offset += timedelta(minutes=1)
    await olga.press("⏸ Pause now", message=hers)
    confirm = await olga.expect("Please check")
    await olga.press("Confirm", message=confirm)
    card = await olga.expect("Done")
    assert keitaro.state.campaigns[1]["state"] == "disabled"

    clock.offset += timedelta(minutes=2)
    await boris.reply(his, "Restarted <the> lander & asked the network")
    added = await boris.expect("📝 Заметка добавлена в хронологию.")  # in the replier's language
    assert added.from_bot
    await olga.reply(card, "this is not about the alert")  # a reply to another bot message: as today
    await olga.expect("☝️ Here I expect a button press.")
    too_long = "x" * 1001
    await olga.reply(hers, too_long)
    refused = await olga.expect("This note is too long: 1,001 characters, at most 1,000.")
    assert "shorter" in refused.text

    clock.offset += timedelta(minutes=30)
    await ctx.alerts.update(tid, rule.id, params=RESOLVE)
    await app.alerting.engine.tick()
    resolved = await olga.expect("✅ Resolved · Main")
    await settled(app)
    assert resolved.buttons() == [["📜 Timeline"]]
    notes = [e for e in await ctx.alerts.events.of_alert(_alert_id(hers)) if e.kind == "note"]
    assert [(e.actor_name, e.detail["text"]) for e in notes] == [
        ("Boris", "Restarted <the> lander & asked the network")
    ]

    await olga.press("📜 Timeline", message=resolved)
    timeline = await olga.expect("📜 Timeline · Main")
    in_order(
        timeline.text,
        [
            "🔥 Fired: ",
            "📨 Sent to Olga, Boris",
            "✅ Acked by Boris",
            "💤 Olga snoozed it until",
            "⏸ Olga disabled campaign FB US Nutra",
            "📝 Boris: Restarted <the> lander & asked the network",
            "✅ Resolved",
            "Times in UTC.",
        ],
    )
    assert "&lt;the&gt;" in timeline.html  # escaped in the message, shown as typed
    assert "not about the alert" not in timeline.text and "xxxx" not in timeline.text

    await olga.press("📝 Send as post-mortem text", message=timeline)
    post = await olga.expect("Post-mortem: ")
    for part in ("Tracker: Main", "Campaign: FB US Nutra", "lasted 37 min", "Who was told: Olga, Boris",
                 "Acked by Boris at ", ", 3 min after it fired", "Actions:", "⏸ Olga disabled campaign",
                 "Notes:", "Restarted <the> lander"):  # fmt: skip
        assert part in post.text, part

    await olga.press("📎 Send as a file", message=timeline)
    doc = await olga.expect("📎 Post-mortem:", kind="document")
    assert doc.document is not None and doc.document["file_name"].endswith("-postmortem.md")
    content = doc.document["content"].decode()
    assert content.startswith("Post-mortem: ") and "<b>" not in content
    in_order(content, ["Who was told: Olga, Boris", "Acked by Boris", "Notes:", "Restarted <the> lander &",
                       "Timeline (UTC):", "🔥 Fired", "✅ Resolved"])  # fmt: skip

    await olga.send("/alerts")
    await olga.expect("Alerts")
    await olga.press("📚 History")
    history = await olga.expect("📚 History · Main · the last 30 days", kind="edited")
    assert "1 alert, newest first" in history.text
    assert RULE in history.text and "37 min" in history.text and "✅ Boris" in history.text
    item = next(label for label in history.labels() if RULE in label)
    await olga.press(item, message=history)
    inside = await olga.expect("📜 Timeline · Main", kind="edited")
    assert "✅ Acked by Boris" in inside.text and "📝 Send as post-mortem text" in inside.labels()
    await olga.press("⬅️ History", message=inside)
    await olga.expect("📚 History · Main", kind="edited")


def _alert_id(message: BotMessage) -> int:
    """The alert id in the message's 📜 Timeline button (``atl:v:<id>:0``)."""
    for row in (message.reply_markup or {}).get("inline_keyboard", []):
        for button in row:
            data = str(button.get("callback_data", ""))
            if data.startswith("atl:"):
                return int(data.split(":")[2])
    raise AssertionError(f"no timeline button in {message.buttons()}")


async def test_history_hides_other_campaigns_from_a_scoped_buyer(
    setup: Setup, tg: FakeTelegram, keitaro: KeitaroEmulator
) -> None:
    olga, app, _clock = setup
    anna = await teammate(tg, setup, "viewer", Scope(prefix="FB"))
    await rule_with(app, olga, "propose", campaign_id=None)  # every campaign with spend: FB, Push, TT
    await app.alerting.engine.tick()
    await settled(app)
    await olga.send("/alerts")
    await olga.expect("Alerts")
    await olga.press("📚 History")
    mine = await olga.expect("📚 History", kind="edited")
    assert "3 alerts" in mine.text and "FB US Nutra" in mine.text and "Push BR Sweeps" in mine.text
    assert "still open" in mine.text and "nobody acked" in mine.text

    await anna.send("/alerts")
    await anna.expect("Alerts")
    await anna.press("📚 History")
    hers = await anna.expect("📚 History", kind="edited")
    assert "1 alert," in hers.text and "FB US Nutra" in hers.text and "Push BR Sweeps" not in hers.text
    # nor can she read the other campaign's timeline with a forged press (the callback data of the
    # owner's 📜 Timeline button on the Push alert)
    push = next(
        a for a in await app.alerting.ctx.alerts.list_open() if "Push" in str(a.details.get("campaign"))
    )
    query = tg.user_pressed(anna, tg.bot_messages(anna.id)[-1], f"atl:v:{push.id}:0")
    answer = await anna.callback_answer(query)
    assert answer["show_alert"] and "not about your campaigns" in answer["text"]


async def test_notes_in_the_team_room_by_a_viewer_a_stranger_refused_and_an_ended_snooze(
    setup: Setup, tg: FakeTelegram, keitaro: KeitaroEmulator
) -> None:
    """In a group that hears the tracker, a viewer's reply to the alert is a note (viewers may add
    notes: they may read the alert); a stranger's reply is refused and kept out; ending a snooze in
    /silences is in the timeline too."""
    olga, app, _clock = setup
    vera = await teammate(tg, setup, "viewer")
    ctx = app.alerting.ctx
    rule = await rule_with(app, olga, "propose")
    group = tg.group(-100777, title="Night shift", supergroup=True)
    await ctx.subscriptions.subscribe(
        group.id, rule.tracker_id, olga.id, "supergroup", "Night shift", "en", "info"
    )
    await ctx.subscriptions.subscribe(vera.id, rule.tracker_id, vera.id, "private", None, "en", "info")
    await app.alerting.engine.tick()
    await settled(app)
    in_room, stranger = vera.in_group(group), tg.user(7804, first_name="Mallory").in_group(group)
    alert_msg = await in_room.expect(RULE)
    privately = await vera.expect(RULE)
    await in_room.reply(alert_msg, "CPC doubled at 01:00, checking with the source")
    await in_room.expect("📝 Note added to the timeline.")
    await stranger.reply(alert_msg, "I was here")  # a stranger's words in a team room: no data, no note
    # Vera leaves the team: her reply to the alert in her private chat is refused, with the reason
    await app.ctx.members.remove(rule.tracker_id, vera.id)
    await vera.reply(privately, "one more thing")
    await vera.expect("I did not add this to the timeline: you are not on the team")

    hers = await olga.expect(RULE)
    await olga.press("💤 4 h", message=hers)
    await olga.expect("Snoozed until", kind="edited")
    await olga.send("/silences")
    await olga.press("End snooze", message=await olga.expect("Snoozed and muted"))
    await olga.expect("Nothing is snoozed or muted", kind="edited")

    olga_in_room = olga.in_group(group)  # Vera has left: Olga reads the timeline in the room
    await olga_in_room.press("📜 Timeline", message=alert_msg)
    timeline = await olga_in_room.expect("📜 Timeline · Main")
    in_order(
        timeline.text,
        [
            "🔥 Fired",
            "📨 Sent to ",
            "📝 Boris: CPC doubled at 01:00",
            "💤 Olga snoozed it",
            "🔔 Olga ended the snooze",
        ],
    )
    assert (
        "Night shift" in timeline.text
        and "Mallory" not in timeline.text
        and "I was here" not in timeline.text
    )
    assert "📝 Send as post-mortem text" not in timeline.labels()  # open: no post-mortem yet
