"""Alert messages (handlers/alerts/render.py) and the alerts screens' lines in both languages, their
buttons and escaping (the values typed into the rule flow: test_alert_values.py)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from alerts.kinds import KINDS
from bot.i18n import LANGUAGES
from handlers.alerts.callbacks import AlertCb
from handlers.alerts.timeline_keys import TimelineCb
from handlers.alerts.views import preview_text
from handlers.notices import Notices, translator
from storage.alerts import to_iso
from tests.alert_fakes import (
    CORE,
    FIRE,
    NOW,
    FakeCtx,
    FakeRepo,
    FakeTracker,
    FakeTrackers,
    buttons,
    ctx_with,
    make_alert,
    make_rule,
    render,
    rendered,
    tr,
)
from tests.fakes.telegram import parse_html


async def test_a_firing_alert_says_what_where_since_and_has_every_button() -> None:
    ctx = ctx_with(make_alert(), make_rule())
    text, markup = await rendered(ctx, FIRE)
    assert "WARNING" in text and "Main" in text
    assert "ROI below · Summer" in text
    assert "Campaign: Summer" in text
    assert "ROI over the last 24 h: -12.5% (threshold: below 0%); cost 120.00, revenue 105.00." in text
    assert "Since 12:05 (UTC), 25 min" in text
    # the first line: what is wrong, how bad, where (issue 19)
    assert text.splitlines()[0] == "🟠 <b>ROI -12.5% (below 0%)</b> · Summer"
    labels = [label for label, _ in buttons(markup)]
    assert labels == [
        "📊 Open report",  # the button most likely needed comes first, Ack next to it
        "✅ Ack",
        "💤 1 h",
        "💤 4 h",
        "💤 09:00 tomorrow",  # 12:30 now: the next 09:00 is tomorrow's
        "⏸ Disable campaign",
        "🔕 Mute…",
        "📜 Timeline",
    ]
    for label, data in buttons(markup):
        assert len(data.encode()) <= 64
        unpack = TimelineCb.unpack if label == "📜 Timeline" else AlertCb.unpack
        assert unpack(data).id == 41


async def test_russian_message_and_buttons() -> None:
    ctx = ctx_with(make_alert(), make_rule())
    text, markup = await rendered(ctx, FIRE, "ru")
    assert "ВНИМАНИЕ" in text
    assert "Кампания: Summer" in text
    assert "ROI за 24 ч: -12,5% (порог — ниже 0%); расход 120,00, доход 105,00." in text
    assert "С 12:05 (UTC), уже 25 мин" in text
    labels = [label for label, _ in buttons(markup)]
    assert "✅ Беру" in labels and "⏸ Отключить кампанию" in labels and "💤 Завтра до 09:00" in labels
    assert all(len(label) <= 20 for label in labels), labels


@pytest.mark.parametrize("language", LANGUAGES)
async def test_names_with_html_characters_are_escaped(language: str) -> None:
    alert = make_alert(details={**make_alert().details, "campaign": "A<B> & <i>C</i>"})
    rule = make_rule(name="<b>ROI</b> & co")
    ctx = ctx_with(alert, rule, FakeTracker(name="<Main & Co>"))
    text, _ = await rendered(ctx, FIRE, language)
    assert "&lt;Main &amp; Co&gt;" in text
    assert "&lt;b&gt;ROI&lt;/b&gt; &amp; co" in text
    assert "A&lt;B&gt; &amp; &lt;i&gt;C&lt;/i&gt;" in text
    plain, _entities = parse_html(text)
    assert "<Main & Co>" in plain and "A<B> & <i>C</i>" in plain


@pytest.mark.parametrize("language", LANGUAGES)
async def test_a_resolved_alert_has_duration_worst_value_and_only_the_timeline_button(language: str) -> None:
    alert = make_alert(resolved_at=to_iso(NOW - timedelta(minutes=5)), worst_value=-30.0, last_value=15.0)
    payload = {"type": "alert", "alert_id": 41, "event": "resolve"}
    text, markup = await rendered(ctx_with(alert, make_rule()), payload, language)
    timeline = "📜 Timeline" if language == "en" else "📜 Хронология"
    assert markup is not None and [[b.text for b in row] for row in markup.inline_keyboard] == [[timeline]]
    assert text.startswith("✅ <b>Resolved</b> · Main" if language == "en" else "✅ <b>Отбой</b> · Main")
    assert ("Lasted 20 min" if language == "en" else "Длилось 20 мин") in text
    assert "-30%" in text and "15%" in text
    edit = {"type": "alert_edit", "alert_id": 41}
    text, markup = await rendered(ctx_with(alert, make_rule()), edit, language)
    assert markup is not None and [[b.text for b in row] for row in markup.inline_keyboard] == [[timeline]]


async def test_tracker_down_names_the_failure() -> None:
    rule = make_rule("tracker_down", name="Tracker down", campaign_id=None, severity="critical")
    alert = make_alert(
        scope="",
        severity="critical",
        first_value=3.0,
        last_value=3.0,
        details={"text_args": {"failures": 3, "needed": 3, "failure": "timeout", "code": "timeout"}},
    )
    text, markup = await rendered(ctx_with(alert, rule), FIRE)
    assert "CRITICAL" in text
    assert "The tracker has not answered 3 checks in a row: no answer in time." in text
    assert "Campaign" not in text
    assert "⏸ Disable campaign" not in [label for label, _ in buttons(markup)]
    ru, _ = await rendered(ctx_with(alert, rule), FIRE, "ru")
    assert "Трекер не отвечает 3 проверки подряд: нет ответа вовремя." in ru


async def test_edits_show_repeats_last_value_who_acked_snooze_and_mute() -> None:
    alert = make_alert(
        repeats=2,
        last_value=-20.0,
        acked_by=9,
        acked_by_name="Bob <ops>",
        acked_at=to_iso(NOW - timedelta(minutes=3)),
        snoozed_until=to_iso(NOW + timedelta(hours=1)),
    )
    rule = make_rule(muted_until=to_iso(NOW + timedelta(hours=24)))
    text, markup = await rendered(ctx_with(alert, rule), {"type": "alert_edit", "alert_id": 41})
    assert "🔁 Reminded 2 times · now -20%" in text
    assert "✅ Acked by Bob &lt;ops&gt; at 12:27" in text
    assert "Snoozed until 13:30 (UTC)" in text
    assert "Rule muted until 12:30 tomorrow (UTC)" in text
    ru, _ = await rendered(ctx_with(alert, rule), {"type": "alert_edit", "alert_id": 41}, "ru")
    assert "🔁 Напомнил 2 раза · сейчас -20%" in ru
    assert "✅ Взял(а): Bob &lt;ops&gt;, 12:27" in ru
    assert "💤 Отложено до 13:30 (UTC)" in ru
    assert "🔕 Правило заглушено завтра до 12:30 (UTC)" in ru
    assert "✅ Ack" not in [label for label, _ in buttons(markup)]


async def test_escalation_and_repeat_headers() -> None:
    ctx = ctx_with(make_alert(), make_rule())
    text, _ = await rendered(ctx, {"type": "alert", "alert_id": 41, "event": "escalate"})
    # the headline first (issue 19), the escalation right under it
    assert text.splitlines()[:2] == [
        "🟠 <b>ROI -12.5% (below 0%)</b> · Summer",
        "⏫ <b>Escalated:</b> nobody acked it in 25 min.",
    ]
    text, _ = await rendered(ctx, {"type": "alert", "alert_id": 41, "event": "escalate"}, "ru")
    assert text.splitlines()[:2] == [
        "🟠 <b>ROI -12,5% (ниже 0%)</b> · Summer",
        "⏫ <b>Эскалация:</b> никто не взял алерт за 25 мин.",
    ]
    text, _ = await rendered(ctx, {"type": "alert", "alert_id": 41, "event": "repeat"}, "ru")
    assert "Алерт всё ещё открыт" in text


async def test_snooze_until_morning_uses_the_tracker_zone() -> None:
    from handlers.alerts.common import next_morning

    assert next_morning(NOW, "UTC") == datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
    # 12:30 UTC is 21:30 in Tokyo: the next 09:00 there is 00:00 UTC
    assert next_morning(NOW, "Asia/Tokyo") == datetime(2026, 11, 27, 0, 0, tzinfo=UTC)
    assert next_morning(NOW.replace(hour=5), "UTC") == datetime(2026, 11, 26, 9, 0, tzinfo=UTC)


async def test_deleted_alert_or_rule_renders_nothing_and_text_payloads_render() -> None:
    ctx = ctx_with(make_alert(), make_rule())
    assert await render(ctx, 1, {"type": "alert", "alert_id": 999, "event": "fire"}, "en") is None
    ctx.repo.rules.clear()
    assert await render(ctx, 1, FIRE, "en") is None
    text, markup = await rendered(ctx, {"type": "text", "key": "alerts-deleted", "args": {"name": "<x>"}})
    assert text == "🗑 Rule “&lt;x&gt;” deleted." and markup is None


@pytest.mark.parametrize(
    ("kind", "args"), [(k.name, example) for k in KINDS.values() for example in k.examples]
)
@pytest.mark.parametrize("language", LANGUAGES)
async def test_every_kind_renders_with_the_engines_text_args(
    kind: str, args: dict[str, Any], language: str
) -> None:
    rule = make_rule(kind, name=KINDS[kind].name)
    alert = make_alert(details={"text_args": dict(args)}, last_value=1.0, first_value=1.0)
    text, _ = await rendered(ctx_with(alert, rule), FIRE, language)
    assert "{" not in text and "None" not in text


def test_preview_lines() -> None:
    from alerts.rules import Observation

    rule = make_rule("cr_below", campaign_id=None, name="CR")
    observations = [
        Observation(0.4, True, False, None, {"campaign": "Hot", "cr": 0.4, "threshold": 1}, "campaign:1"),
        Observation(2.0, False, True, "not_enough_traffic", {"campaign": "Tiny"}, "campaign:2"),
        Observation(None, False, False, "error:timeout", {"failure": "timeout"}, ""),
    ]
    text = preview_text(tr, rule, observations)
    assert "• Hot: 0.4% — ⚠️ would alert" in text
    assert "• Tiny: 2% — not enough traffic to judge" in text
    assert "the tracker does not answer (no answer in time)" in text
    rule = replace(rule, params={**rule.params, "for_seconds": 600})
    assert "It alerts only if this lasts 10 min." in preview_text(tr, rule, observations)


@pytest.mark.parametrize("language", LANGUAGES)
def test_alerts_screens_escape_names_once(language: str) -> None:
    from handlers.alerts.views import open_alert_line, rule_card, rule_line
    from storage.alerts import AlertStateRow

    tr_ = translator(CORE, language)
    nasty = "A<B> & <i>C</i>"
    rule = make_rule(name=f"ROI · {nasty}", muted_until=to_iso(NOW + timedelta(hours=1)))
    alert = make_alert(
        details={**make_alert().details, "campaign": nasty},
        acked_at=to_iso(NOW),
        acked_by=1,
        acked_by_name="Bob & <Co>",
    )
    states = [
        AlertStateRow(5, "campaign:12", "firing", to_iso(NOW), 0, -12.5, None, {}),
        AlertStateRow(5, "campaign:13", "ok", to_iso(NOW), 0, 3.0, "not_enough_spend", {}),
    ]
    texts = [
        rule_line(tr_, rule, states, NOW, "UTC"),
        open_alert_line(tr_, alert, rule, NOW, "UTC"),
        rule_card(tr_, rule, states, [alert], now=NOW, tz="UTC", campaign=nasty),
    ]
    for text in texts:
        plain, _ = parse_html(text)
        assert "&amp;" not in plain and "&lt;" not in plain, plain
        assert nasty in plain or "Bob & <Co>" in plain


def test_every_notification_has_one_renderer_among_the_features() -> None:
    """The sender can write every payload the engine queues: the features' registries cover every
    payload model exactly once (``Notices`` refuses a second renderer for a type)."""
    from typing import get_args

    from alerts.payloads import Payload
    from handlers.features import all_features

    notices = Notices(FakeCtx(FakeRepo(), FakeTrackers(FakeTracker())), all_features(), "en")  # type: ignore[arg-type]
    union = get_args(Payload)[0]
    assert set(notices.renderers) == set(get_args(union))
    with pytest.raises(ValueError, match="two renderers"):
        Notices(FakeCtx(FakeRepo(), FakeTrackers(FakeTracker())), [*all_features(), *all_features()], "en")  # type: ignore[arg-type]
