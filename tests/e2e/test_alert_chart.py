"""An alert you can read in two seconds (issue 19), through the whole stack: the engine ticking
against the emulator (campaign 2, "TT DE Gambling", stopped four days ago: its clicks dropped to
nothing against the same day a week before), the outbox, the sender, the fake Telegram.

The alert arrives as its chart (a PNG photo) with the text as its caption, whose first line says
what is wrong in plain words; Ack edits the caption; a message too long for a caption goes as text,
then the chart; and the chart is attached exactly once even when the sender dies between the two.
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from alerts.model import Transport
from alerts.payloads import AlertChartPayload, AlertEditPayload, Payload
from alerts.sender import Pacing, Sender
from bot.app import BotApp
from bot.transport import TelegramTransport
from services.clock import ShiftedClock
from storage.alerts import AlertRule
from tests.conftest import BotRunner
from tests.e2e.helpers import active_tracker_id, add_tracker, wait_until
from tests.e2e.test_alerts_flow import delivered
from tests.fakes.keitaro import KeitaroEmulator
from tests.fakes.telegram import BotMessage, FakeTelegram, FakeUser

PNG = b"\x89PNG\r\n\x1a\n"
RULE = "Clicks of TT DE"
HEAD = {
    "en": "🟠 Clicks −100% vs usual · ",
    "ru": "🟠 Клики −100% к обычному · ",
}
ACK = {"en": ("✅ Ack", "✅ Acked by Ivan at "), "ru": ("✅ Беру", "✅ Взял(а): Ivan, ")}

Setup = tuple[FakeUser, BotApp, KeitaroEmulator]


@pytest.fixture
async def setup(tg: FakeTelegram, keitaro: KeitaroEmulator, runner: BotRunner, clock: ShiftedClock) -> Setup:
    app = await runner.start()
    person = tg.user(7601, first_name="Ivan")
    await add_tracker(person, keitaro)
    return person, app, keitaro


async def drop_rule(app: BotApp, user: FakeUser, language: str = "en") -> AlertRule:
    """A traffic-drop rule on campaign 2 (a day's clicks vs the same day a week before)."""
    tid = await active_tracker_id(app, user)
    await app.alerting.ctx.subscriptions.subscribe(user.id, tid, user.id, "private", None, language, "info")
    params = {"window_minutes": 1440, "min_baseline_clicks": 20}
    return await app.alerting.ctx.alerts.create(user.id, tid, "traffic_drop", RULE, 2, params, "warning")


def about(tg: FakeTelegram, chat: int) -> list[BotMessage]:
    """The bot's messages in the chat since the rule existed: the alert's text and its chart."""
    return [m for m in tg.bot_messages(chat) if m.photo is not None or RULE in m.text]


@pytest.mark.parametrize("language", ["en", "ru"])
async def test_a_traffic_drop_arrives_as_its_chart_with_the_text_as_caption_and_ack_edits_it(
    setup: Setup, tg: FakeTelegram, language: str
) -> None:
    user, app, keitaro = setup
    name = keitaro.state.campaigns[2]["name"]
    rule = await drop_rule(app, user, language)
    await app.alerting.engine.tick()
    fired = await user.expect(HEAD[language] + name)
    assert fired.text.startswith(HEAD[language] + name + "\n")  # the plain first line: what, how bad, where
    assert fired.photo is not None and fired.photo.startswith(PNG) and fired.media is not None
    assert len(fired.text) <= 1024
    assert RULE in fired.text  # the rest of the message: where, which rule, since when
    labels = fired.labels()
    assert labels[0].startswith("📊") and ACK[language][0] in labels  # the report first, Ack next to it
    await delivered(app)
    assert [m.message_id for m in about(tg, user.id)] == [
        fired.message_id
    ]  # the chart once, no second message
    alert = (await app.alerting.ctx.alerts.list_open())[0]
    chart = alert.details["chart"]
    assert chart["unit"] == "clicks" and chart["baseline"] and chart["points"][-1][1] == 0.0

    await user.press(ACK[language][0], message=fired)
    acked = await user.expect(ACK[language][1], kind="edited")
    assert acked.message_id == fired.message_id and acked.photo is not None  # the caption was edited
    assert acked.text.startswith(HEAD[language] + name)
    assert ACK[language][0] not in acked.labels()

    # the rule switched off: the engine closes the alert and the sender edits the caption (alert_edit)
    await app.alerting.ctx.alerts.set_enabled(rule.tracker_id, rule.id, False)
    await app.alerting.engine.tick()
    closed = await user.expect("✅", kind="edited")
    await wait_until(  # only 📜 Timeline is left on a resolved alert
        lambda: [b[:1] for row in tg.bot_messages(user.id)[-1].buttons() for b in row] == ["📜"],
        what="the closing edit",
    )
    assert closed.message_id == fired.message_id and closed.photo is not None
    assert len(about(tg, user.id)) == 1


async def rename_long(keitaro: KeitaroEmulator) -> str:
    """Campaign 2 renamed so long that the alert's text no longer fits a caption (1,024 characters)."""
    name = "TT DE Gambling " + "very long name " * 40
    keitaro.state.campaigns[2]["name"] = name.strip()
    return name.strip()


@pytest.mark.parametrize("language", ["en", "ru"])
async def test_a_message_too_long_for_a_caption_goes_as_text_then_the_chart(
    setup: Setup, tg: FakeTelegram, language: str
) -> None:
    user, app, keitaro = setup
    name = await rename_long(keitaro)
    await drop_rule(app, user, language)
    await app.alerting.engine.tick()
    await delivered(app)
    text, chart = about(tg, user.id)
    assert text.photo is None and text.text.startswith(HEAD[language] + name)
    assert len(text.text) > 1024 and ACK[language][0] in text.labels()
    assert chart.photo is not None and chart.photo.startswith(PNG) and chart.message_id > text.message_id
    assert chart.text.startswith(HEAD[language]) and chart.buttons() == []  # the headline as its caption


class DiesAtTheChart:
    """A transport that sends alert texts but hangs on the chart (the process dies there)."""

    def __init__(self, inner: Transport) -> None:
        self.inner = inner
        self.at_chart = asyncio.Event()

    async def send(self, chat_id: int, payload: Payload, *, silent: bool) -> int | None:
        if isinstance(payload, AlertChartPayload):
            self.at_chart.set()
            await asyncio.Event().wait()  # never answered: the task is killed here
        return await self.inner.send(chat_id, payload, silent=silent)

    async def edit(self, chat_id: int, message_id: int, payload: AlertEditPayload) -> None:
        await self.inner.edit(chat_id, message_id, payload)


async def test_the_chart_is_attached_exactly_once_after_a_crash_between_its_two_parts(
    setup: Setup, tg: FakeTelegram
) -> None:
    user, app, keitaro = setup
    await app.alerting.stop()  # the sender is driven by hand below
    name = await rename_long(keitaro)
    await drop_rule(app, user)
    ctx: Any = app.alerting.ctx
    transport = TelegramTransport(app.bot, app.notices.render)
    dying = DiesAtTheChart(transport)
    first = Sender(ctx, dying, pacing=Pacing(chat_interval=0.01))
    await app.alerting.engine.tick()
    task = asyncio.create_task(first.run(asyncio.Event()))
    await asyncio.wait_for(dying.at_chart.wait(), 20)  # the text is sent and marked; the chart is not
    task.cancel()  # killed, not stopped: a crash
    await asyncio.gather(task, return_exceptions=True)
    text = about(tg, user.id)
    assert len(text) == 1 and text[0].photo is None and text[0].text.startswith(HEAD["en"] + name)
    assert await ctx.outbox.pending_count() == 1  # the chart row only

    second = Sender(ctx, transport, pacing=Pacing(chat_interval=0.01))  # the restart
    await second.drain()
    messages = about(tg, user.id)
    assert [m.message_id for m in messages][:1] == [text[0].message_id]
    assert len(messages) == 2 and messages[1].photo is not None and messages[1].photo.startswith(PNG)
    assert await ctx.outbox.pending_count() == 0
    await second.drain()  # nothing left: neither part again
    assert len(about(tg, user.id)) == 2
