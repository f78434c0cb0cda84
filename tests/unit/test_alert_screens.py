"""Alert messages and screens read right at 3 a.m. (issue 15): no value lines where the value means
nothing, 🔌 Check / 📜 Logs, Russian plurals and numbers, "tomorrow", state marks apart from
severity, short severity buttons, statuses in words."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from bot.i18n import LANGUAGES
from handlers.alerts.callbacks import AlertCb
from handlers.notices import translator
from storage.alerts import Alert, AlertRule, to_iso
from tests.alert_fakes import (
    CORE,
    FIRE,
    NOW,
    buttons,
    ctx_with,
    make_alert,
    make_rule,
    rendered,
    tr,
)


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
    first = text.splitlines()[0]  # what is wrong, in plain words (issue 19)
    if language == "en":
        assert first == "🔴 <b>Tracker unreachable: the domain does not resolve (DNS)</b>"
        assert text.splitlines()[3:] == [
            "The tracker has not answered 5 checks in a row: the domain does not resolve (DNS).",
            "🕒 Since 12:05 (UTC), 25 min",
            "🔁 Reminded 2 times",
        ]
    else:
        assert first == "🔴 <b>Трекер недоступен: домен не резолвится (DNS)</b>"
        assert text.splitlines()[3:] == [
            "Трекер не отвечает 5 проверок подряд: домен не резолвится (DNS).",
            "🕒 С 12:05 (UTC), уже 25 мин",
            "🔁 Напомнил 2 раза",
        ]
    labels = [label for label, _ in buttons(markup)]
    check, logs = ("🔌 Check", "📜 Logs") if language == "en" else ("🔌 Проверить", "📜 Логи")
    assert labels[0] == check and logs in labels  # the connection check first
    assert not any(label.startswith("📊") for label in labels)
    actions = {
        AlertCb.unpack(data).a for _, data in buttons(markup) if data.startswith(AlertCb.__prefix__ + ":")
    }
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
