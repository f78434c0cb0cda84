"""An alert sent with its chart (issue 19), on both backends: the message that went out as a photo
is remembered as one (``alert_messages.photo``) and edited with editMessageCaption; the chart row
after it then settles without a request; a message that went out as text gets the chart from its
row; chats with a message still on its way are found for an edit."""

from __future__ import annotations

import json
from types import SimpleNamespace
from typing import Any

import pytest
from aiogram import Bot
from aiogram.types import InlineKeyboardMarkup

from alerts.charts import chart_rows
from alerts.context import AlertsContext
from alerts.outbox import enqueue, enqueue_many, notice
from alerts.payloads import AlertChartPayload, AlertEditPayload, AlertPayload, Payload, PhotoMessageId
from alerts.sender import Sender
from bot.transport import TelegramTransport
from handlers.alerts.chart import WithPhoto
from tests.component.outbox.support import FAST, Texts, add_alert, people
from tests.fakes.telegram import FakeTelegram

# the smallest valid PNG the fake Telegram accepts (1×1)
PIXEL = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


class WithCharts(Texts):
    """The test renderer, with a chart: alert ``fire`` rows as a photo with the caption (``long``
    ones as text), chart rows as the chart alone."""

    long: bool = False

    async def __call__(
        self, chat_id: int, payload: Payload
    ) -> tuple[str, InlineKeyboardMarkup | None] | None:
        if isinstance(payload, AlertChartPayload):
            return WithPhoto(f"chart {payload.alert_id}", None, PIXEL)
        rendered = await super().__call__(chat_id, payload)
        if isinstance(payload, AlertPayload) and rendered is not None and not self.long:
            return WithPhoto(rendered[0], rendered[1], PIXEL)
        return rendered


@pytest.fixture
def charts() -> WithCharts:
    return WithCharts()


@pytest.fixture
def photo_transport(bot: Bot, charts: WithCharts) -> TelegramTransport:
    return TelegramTransport(bot, charts)


async def queue_fire(ctx: AlertsContext, alert_id: int, chat_id: int) -> None:
    """What the engine queues: the alert row, then its chart row (alerts.charts.chart_rows)."""
    await ctx.outbox.db.execute(
        "UPDATE alerts SET details = ? WHERE id = ?", ('{"chart": {"points": [["x", 1]]}}', alert_id)
    )
    rows = [
        notice(
            chat_id,
            AlertPayload(alert_id=alert_id, event="fire"),
            dedup_key=f"alert:{alert_id}:fire:{chat_id}",
        )
    ]
    rows += await chart_rows(_Alerts(ctx), rows)  # type: ignore[arg-type]
    await enqueue_many(ctx, rows)


class _Alerts:
    """The slice of the alerts context chart_rows reads (the test context has no alert repository)."""

    def __init__(self, ctx: AlertsContext) -> None:
        self.alerts = self
        self.db = ctx.outbox.db

    async def get_alert(self, alert_id: int) -> Any:
        row = await self.db.fetch_one("SELECT details FROM alerts WHERE id = ?", (alert_id,))
        return SimpleNamespace(details=json.loads(row["details"] if row else "{}"))


async def test_a_photo_alert_is_remembered_edited_as_a_caption_and_its_chart_row_sends_nothing(
    ctx: AlertsContext, tg: FakeTelegram, photo_transport: TelegramTransport, charts: WithCharts
) -> None:
    people(tg, 701)
    await add_alert(ctx, 7)
    await queue_fire(ctx, 7, 701)
    keys = [r.dedup_key for r in await ctx.outbox.due(10, ctx.now())]
    assert keys == ["alert:7:fire:701", "alert:7:fire:chart:701"]
    sender = Sender(ctx, photo_transport, pacing=FAST)
    assert await sender.drain() == 2
    (shown,) = tg.bot_messages(701)
    assert shown.photo == PIXEL and shown.text == "alert 7 v1" and shown.buttons() == [["Ack"]]
    assert await ctx.outbox.photo_messages(7) == {(701, shown.message_id)}
    assert len(tg.calls_of("sendPhoto")) == 1 and sender.stats["superseded"] == 1  # the chart row

    charts.versions[7] = 2
    await enqueue(ctx, 701, AlertEditPayload(alert_id=7))
    assert await sender.drain() == 1
    (edited,) = tg.bot_messages(701)
    assert edited.text == "alert 7 v2" and edited.edits == 1 and edited.photo == PIXEL
    assert len(tg.calls_of("editMessageCaption")) == 1 and tg.calls_of("editMessageText") == []


async def test_a_text_alert_gets_its_chart_from_the_chart_row(
    ctx: AlertsContext, tg: FakeTelegram, photo_transport: TelegramTransport, charts: WithCharts
) -> None:
    people(tg, 702)
    charts.long = True
    await add_alert(ctx, 8)
    await queue_fire(ctx, 8, 702)
    assert await ctx.outbox.pending_alert_chats(8) == [702]
    assert await Sender(ctx, photo_transport, pacing=FAST).drain() == 2
    text, chart = tg.bot_messages(702)
    assert text.photo is None and text.text == "alert 8 v1"
    assert chart.photo == PIXEL and chart.text == "chart 8" and chart.buttons() == []
    assert await ctx.outbox.photo_messages(8) == set()  # the alert's message is the text
    assert await ctx.outbox.pending_alert_chats(8) == []


async def test_a_plain_message_id_of_a_photo_is_still_edited_as_a_caption(
    ctx: AlertsContext, tg: FakeTelegram, photo_transport: TelegramTransport
) -> None:
    """A photo whose mark did not say so (e.g. stored before): Telegram refuses editMessageText
    ("there is no text in the message to edit"), the transport edits the caption instead."""
    people(tg, 703)
    await add_alert(ctx, 9)
    sent = await photo_transport.send(703, AlertPayload(alert_id=9, event="fire"), silent=False)
    assert isinstance(sent, PhotoMessageId)
    await photo_transport.edit(703, int(sent), AlertEditPayload(alert_id=9))  # not modified: fine
    (call,) = tg.calls_of("editMessageText")
    assert call.status == 400 and "no text" in str(call.response)
    assert len(tg.calls_of("editMessageCaption")) == 1
