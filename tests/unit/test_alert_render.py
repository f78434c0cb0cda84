"""Alert messages (handlers/alerts/render.py) and the alerts screens' lines in both languages, their
buttons and escaping (the values typed into the rule flow: test_alert_values.py)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from alerts.kinds import KINDS
from alerts.payloads import parse_payload
from bot.i18n import LANGUAGES, build_core
from handlers.alerts import kinds
from handlers.alerts.callbacks import AlertCb
from handlers.alerts.render import RENDERERS
from handlers.alerts.views import preview_text
from handlers.feature import Feature
from handlers.notices import Notices, translator
from storage.alerts import Alert, AlertRule, to_iso
from tests.fakes.telegram import parse_html

NOW = datetime(2026, 11, 26, 12, 30, tzinfo=UTC)
CORE = build_core("en")


@dataclass
class FakeTracker:
    id: int = 3
    owner_id: int = 7
    name: str = "Main"
    timezone: str = "UTC"


@dataclass
class FakeRepo:
    alerts: dict[int, Alert] = field(default_factory=dict)
    rules: dict[int, AlertRule] = field(default_factory=dict)

    async def get_alert(self, alert_id: int) -> Alert | None:
        return self.alerts.get(alert_id)

    async def get_rule(self, rule_id: int) -> AlertRule | None:
        return self.rules.get(rule_id)


@dataclass
class FakeTrackers:
    tracker: FakeTracker

    async def find(self, tracker_id: int) -> FakeTracker | None:
        return self.tracker if tracker_id == self.tracker.id else None


@dataclass
class FakeAlerts:
    alerts: FakeRepo


@dataclass
class FakeCtx:
    """Looks like an AppContext to the renderers (the alert repository, trackers, clock, texts)."""

    repo: FakeRepo
    trackers: FakeTrackers
    texts: Any = CORE

    @property
    def alerts(self) -> FakeAlerts:
        return FakeAlerts(self.repo)

    def clock(self) -> datetime:
        return NOW


async def render(ctx: FakeCtx, chat_id: int, payload: dict[str, Any], language: str) -> Any:
    parsed = parse_payload(payload)
    assert parsed is not None, payload
    notices = Notices(ctx, [Feature("alerts", renderers=RENDERERS)], "en")  # type: ignore[arg-type]
    return await notices.render(chat_id, parsed, language)


def make_rule(kind: str = "roi_below", **over: Any) -> AlertRule:
    values: dict[str, Any] = {
        "id": 5,
        "owner_id": 7,
        "tracker_id": 3,
        "kind": kind,
        "name": "ROI below · Summer",
        "campaign_id": 12,
        "params": kinds.full_params(kind, {}),
        "severity": "warning",
        "enabled": True,
        "muted_until": None,
        "created_at": to_iso(NOW - timedelta(days=1)),
    }
    values.update(over)
    return AlertRule(**values)


def make_alert(**over: Any) -> Alert:
    values: dict[str, Any] = {
        "id": 41,
        "rule_id": 5,
        "scope": "campaign:12",
        "tracker_id": 3,
        "severity": "warning",
        "opened_at": to_iso(NOW - timedelta(minutes=25)),
        "resolved_at": None,
        "first_value": -12.5,
        "last_value": -12.5,
        "worst_value": -12.5,
        "repeats": 0,
        "last_notified_at": to_iso(NOW - timedelta(minutes=25)),
        "acked_by": None,
        "acked_by_name": None,
        "acked_at": None,
        "snoozed_until": None,
        "escalation_step": 0,
        "escalate_at": None,
        "details": {
            "kind": "roi_below",
            "campaign_id": 12,
            "campaign": "Summer",
            "text_args": {"roi": -12.5, "threshold": 0.0, "cost": 120.0, "revenue": 105.0},
            "value": -12.5,
        },
    }
    values.update(over)
    return Alert(**values)


def ctx_with(alert: Alert, rule: AlertRule, tracker: FakeTracker | None = None) -> FakeCtx:
    return FakeCtx(FakeRepo({alert.id: alert}, {rule.id: rule}), FakeTrackers(tracker or FakeTracker()))


async def rendered(ctx: FakeCtx, payload: dict[str, Any], language: str = "en") -> tuple[str, Any]:
    result = await render(ctx, 100, payload, language)
    assert result is not None
    text, markup = result
    parse_html(text)  # valid Telegram HTML (raises otherwise)
    return text, markup


def buttons(markup: Any) -> list[tuple[str, str]]:
    if markup is None:
        return []
    return [(b.text, b.callback_data) for row in markup.inline_keyboard for b in row]


FIRE = {"type": "alert", "alert_id": 41, "event": "fire"}


async def test_a_firing_alert_says_what_where_since_and_has_every_button() -> None:
    ctx = ctx_with(make_alert(), make_rule())
    text, markup = await rendered(ctx, FIRE)
    assert "WARNING" in text and "Main" in text
    assert "ROI below · Summer" in text
    assert "Campaign: Summer" in text
    assert "ROI over the last 24 h: -12.5% (threshold: below 0%); cost 120.00, revenue 105.00." in text
    assert "Since 12:05 (UTC), 25 min" in text
    labels = [label for label, _ in buttons(markup)]
    assert labels == [
        "✅ Ack",
        "💤 1 h",
        "💤 4 h",
        "💤 09:00 tomorrow",  # 12:30 now: the next 09:00 is tomorrow's
        "📊 Open report",
        "⏸ Disable campaign",
        "🔕 Mute…",
    ]
    for _, data in buttons(markup):
        assert len(data.encode()) <= 64
        assert AlertCb.unpack(data).id == 41


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
async def test_a_resolved_alert_has_duration_worst_value_and_no_buttons(language: str) -> None:
    alert = make_alert(resolved_at=to_iso(NOW - timedelta(minutes=5)), worst_value=-30.0, last_value=15.0)
    payload = {"type": "alert", "alert_id": 41, "event": "resolve"}
    text, markup = await rendered(ctx_with(alert, make_rule()), payload, language)
    assert markup is None
    assert text.startswith("✅ <b>Resolved</b> · Main" if language == "en" else "✅ <b>Отбой</b> · Main")
    assert ("Lasted 20 min" if language == "en" else "Длилось 20 мин") in text
    assert "-30%" in text and "15%" in text
    edit = {"type": "alert_edit", "alert_id": 41}
    text, markup = await rendered(ctx_with(alert, make_rule()), edit, language)
    assert markup is None


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
    assert text.startswith("⏫ <b>Escalated:</b> nobody acked it in 25 min.")
    text, _ = await rendered(ctx, {"type": "alert", "alert_id": 41, "event": "escalate"}, "ru")
    assert text.startswith("⏫ <b>Эскалация:</b> никто не взял алерт за 25 мин.")
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


def tr(key: str, **args: Any) -> str:
    return translator(CORE, "en")(key, **args)


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


# ---------------------------------------------------------------- issue 15: words and screens


def tracker_down() -> tuple[Alert, AlertRule]:
    rule = make_rule("tracker_down", name="Tracker down", campaign_id=None, severity="critical")
    alert = make_alert(
        scope="",
        severity="critical",
        first_value=3.0,
        last_value=5.0,
        worst_value=5.0,
        repeats=2,
        details={"text_args": {"failures": 5, "needed": 3, "failure": "dns", "code": "dns"}},
    )
    return alert, rule


@pytest.mark.parametrize("language", LANGUAGES)
async def test_a_tracker_down_alert_has_no_value_lines_and_offers_check_and_logs(language: str) -> None:
    alert, rule = tracker_down()
    text, markup = await rendered(ctx_with(alert, rule), FIRE, language)
    if language == "en":
        assert text.splitlines()[2:] == [
            "The tracker has not answered 5 checks in a row: the domain does not resolve (DNS).",
            "🕒 Since 12:05 (UTC), 25 min",
            "🔁 Reminded 2 times",
        ]
    else:
        assert text.splitlines()[2:] == [
            "Трекер не отвечает 5 проверок подряд: домен не резолвится (DNS).",
            "🕒 С 12:05 (UTC), уже 25 мин",
            "🔁 Напомнил 2 раза",
        ]
    labels = [label for label, _ in buttons(markup)]
    check, logs = ("🔌 Check", "📜 Logs") if language == "en" else ("🔌 Проверить", "📜 Логи")
    assert check in labels and logs in labels
    assert not any(label.startswith("📊") for label in labels)
    actions = {AlertCb.unpack(data).a for _, data in buttons(markup)}
    assert {"chk", "logs"} <= actions and "rep" not in actions
    resolved = replace(alert, resolved_at=to_iso(NOW))
    text, _ = await rendered(ctx_with(resolved, rule), FIRE, language)
    assert "Worst" not in text and "Хуже всего" not in text


async def test_postback_problems_offer_check_and_logs_too() -> None:
    rule = make_rule("postback_problems", name="Postbacks", campaign_id=None)
    alert = make_alert(scope="", details={"text_args": {"bad": 1, "threshold": 1, "examples": []}})
    text, markup = await rendered(ctx_with(alert, rule), FIRE, "ru")
    assert "За 1 ч пришёл 1 постбек с «SubID not found» (ID клика (subid) не найден)" in text
    labels = [label for label, _ in buttons(markup)]
    assert "🔌 Проверить" in labels and "📜 Логи" in labels and "📊 Открыть отчёт" not in labels


async def test_russian_counts_take_the_plural_form_and_the_russian_number_style() -> None:
    rule = make_rule("cr_below", name="CR", campaign_id=None)
    args = {"cr": 0.4, "threshold": 1, "clicks": 501, "conversions": 2, "window_hours": 24}
    alert = make_alert(scope="", details={"text_args": args})
    text, _ = await rendered(ctx_with(alert, rule), FIRE, "ru")
    assert "CR за 24 ч: 0,4% (порог — ниже 1%); 2 конверсии из 501 клика." in text
    args = {"window_minutes": 60, "clicks": 1, "baseline": 1529.0, "ratio": 0.2}
    rule = make_rule("traffic_drop", name="Drop", campaign_id=None)
    alert = make_alert(scope="", details={"text_args": args})
    text, _ = await rendered(ctx_with(alert, rule), FIRE, "ru")
    assert "1 клик за 1 ч — 20% от обычного (1\u202f529); порог — 50% и ниже." in text


@pytest.mark.parametrize(
    ("hour", "en", "ru"),
    [(5, "💤 Until 09:00", "💤 До 09:00"), (12, "💤 09:00 tomorrow", "💤 Завтра до 09:00")],
)
async def test_snooze_until_morning_says_tomorrow_when_it_is(hour: int, en: str, ru: str) -> None:
    from handlers.alerts.common import until_text
    from handlers.alerts.render import alert_keyboard

    now = NOW.replace(hour=hour)
    for language, label in (("en", en), ("ru", ru)):
        tr_ = translator(CORE, language)
        markup = alert_keyboard(tr_, alert=make_alert(), rule=make_rule(), tz="UTC", now=now)
        assert label in [text for text, _ in buttons(markup)]
    morning = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
    assert until_text(translator(CORE, "ru"), morning, "UTC", NOW) == "завтра до 09:00"
    assert until_text(translator(CORE, "en"), morning, "UTC", NOW) == "until 09:00 tomorrow"
    assert until_text(translator(CORE, "en"), NOW + timedelta(days=3), "UTC", NOW) == "until 29.11 12:30"


@pytest.mark.parametrize(("count", "ru", "en"), [
    (1, "🔥 алерт открыт", "🔥 alert open"),
    (3, "🔥 открыто 3 алерта", "🔥 3 alerts open"),
    (21, "🔥 открыт 21 алерт", "🔥 21 alerts open"),
])  # fmt: skip
def test_a_rules_firing_state_shows_the_count_unless_it_is_exactly_one(count: int, ru: str, en: str) -> None:
    assert CORE.get("alerts-st-firing", "ru", count=count) == ru
    assert CORE.get("alerts-st-firing", "en", count=count) == en
    assert str(count) in CORE.get("alerts-st-pending", "ru", count=count) or count == 1


def test_the_rules_list_marks_state_and_severity_differently() -> None:
    from alerts.model import State
    from handlers.alerts.views import rule_line
    from storage.alerts import AlertStateRow

    rule = make_rule(severity="critical")
    state = AlertStateRow(
        rule_id=rule.id, scope="campaign:12", state=State.FIRING.value, since=to_iso(NOW), last_value=-20.0,
        note=None, fail_count=0, data={},
    )  # fmt: skip
    line = rule_line(tr, rule, [state], NOW, "UTC")
    first, second = line.split("\n")
    assert first.startswith("🔴 ") and "CRITICAL" in first
    assert second.strip() == "🔥 alert open" and "🔴" not in second


@pytest.mark.parametrize("language", LANGUAGES)
def test_severity_buttons_are_short_and_the_explanation_is_in_the_text(language: str) -> None:
    for severity in ("critical", "warning", "info"):
        assert len(CORE.get(f"alerts-sev-{severity}-btn", language)) <= 20
        assert "—" in CORE.get(f"alerts-sev-{severity}-long", language)


def test_a_conversion_push_names_the_status_in_russian_with_the_keitaro_value_beside_it() -> None:
    from handlers.oncall.render import conversion_line

    item = {"status": "sale", "revenue": "1529.5", "currency": "usd", "campaign": "Nutra", "subid": "abc"}
    line = conversion_line(item, translator(CORE, "ru"))
    assert line == "💵 <b>продажа (sale)</b> 1\u202f529,50 USD · Nutra · <code>abc</code>"
    assert conversion_line(item, translator(CORE, "en")).startswith("💵 <b>sale</b> 1,529.50 USD")


def test_a_tracker_down_rule_card_shows_states_without_a_value() -> None:
    from alerts.model import State
    from handlers.alerts.views import _state_line
    from storage.alerts import AlertStateRow

    rule = make_rule("tracker_down", name="Down", campaign_id=None)
    state = AlertStateRow(rule.id, "", State.FIRING.value, to_iso(NOW), last_value=4.0)
    assert _state_line(translator(CORE, "ru"), rule, state, {}) == "🔥 весь трекер"
