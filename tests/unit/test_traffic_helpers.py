"""Pure helpers of /conversions and /clicks: formatting a conversion, numbers, times, typed values,
``/clicks`` arguments, the queries sent, the click card, CSV files."""

from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import pytest

from bot.i18n import build_core
from handlers.input import InputError
from handlers.periods import period_from
from handlers.traffic.click_card import click_card, click_line
from handlers.traffic.click_view import _clicks_log, lookup_query
from handlers.traffic.common import (
    Lookup,
    clean_value,
    conversion_line,
    money,
    parse_lookup,
    status_text,
    time_text,
)
from handlers.traffic.conv_view import COLUMNS, conversion_filters, filters_summary, list_query
from handlers.traffic.csvfile import _RUNNING, busy, collect, csv_bytes, csv_name, run_export
from keitaro.errors import BadRequestError, ServerError
from keitaro.models.traffic import ReportResult

NAMES = {"lead": "lead", "sale": "sale", "rejected": "rejected", "rebill": "rebill"}


class Tr:
    """The translation lookups of a handler, in one language (no Telegram needed)."""

    def __init__(self, lang: str = "en") -> None:
        self.core = build_core("en")
        self.lang = lang
        self.locale = lang

    def get(self, key: str, **args: Any) -> str:
        return self.core.get(key, self.lang, **args)


# ---------------------------------------------------------------- formatting


def test_conversion_line_shows_time_status_change_money_and_escapes() -> None:
    row = {
        "postback_datetime": "2026-11-27 14:32:05",
        "status": "sale",
        "previous_status": "lead",
        "revenue": 45.0,
        "currency": "USD",
        "campaign": "FB <US> & co",
        "offer": "Keto",
        "country_code": "US",
        "sub_id": "3f9a<b>",
    }
    line = conversion_line(row, NAMES, with_date=False, lang="en")
    assert line.splitlines() == [
        "🛒 <b>14:32:05</b> · lead → sale · <b>45.00 USD</b>",
        "FB &lt;US&gt; &amp; co · Keto · US",
        "<code>3f9a&lt;b&gt;</code>",
    ]
    rejected = {**row, "previous_status": "", "status": "rejected"}
    week = conversion_line(rejected, NAMES, with_date=True, lang="en")
    assert week.startswith("❌ <b>11-27 14:32</b> · rejected · ")


def test_long_names_are_cut() -> None:
    line = conversion_line(
        {"status": "lead", "campaign": "C" * 100, "revenue": 1}, NAMES, with_date=False, lang="en"
    )
    assert "C" * 31 + "…" in line and "C" * 33 not in line


def test_money_and_status_and_time() -> None:
    assert money(45.0, "USD", "en") == "45.00 USD"
    assert money(0.004, "EUR", "en") == "0.004 EUR"
    assert money(None, "", "en") == "0.00"
    assert money(1529.5, "USD", "ru") == "1\u202f529,50 USD"
    assert money("12.5", None, "ru") == "12,50"
    assert money("n/a", "USD", "ru") == "n/a USD"
    assert status_text("sale", "lead", {"sale": "продажа", "lead": "лид"}) == "лид → продажа"
    assert status_text("sale", "sale", NAMES) == "sale"
    assert status_text("custom", "", NAMES) == "custom"
    assert time_text("2026-11-27 14:32:05", with_date=False) == "14:32:05"
    assert time_text("2026-11-27 14:32:05", with_date=True) == "11-27 14:32"
    assert time_text("whenever", with_date=True) == "whenever"


# ---------------------------------------------------------------- typed values


@pytest.mark.parametrize(
    ("text", "field", "value"),
    [
        ("3f9a8b7c6d5e4f", "sub_id", "3f9a8b7c6d5e4f"),
        ("  3f9a  ", "sub_id", "3f9a"),
        ("sub_id_3=1042", "sub_id_3", "1042"),
        ("SUB_ID_15 = a b", "sub_id_15", "a b"),
        ("sub_id_7: x=y", "sub_id_7", "x=y"),
        ("sub_id=abc", "sub_id", "abc"),
        ("subid3=abc", "sub_id_3", "abc"),
    ],
)
def test_parse_lookup(text: str, field: str, value: str) -> None:
    assert parse_lookup(text) == Lookup(field, value)


def test_a_bare_value_searches_the_chosen_field() -> None:
    assert parse_lookup("adset-a", "sub_id_1") == Lookup("sub_id_1", "adset-a")
    assert parse_lookup("sub_id_2=x", "sub_id_1") == Lookup("sub_id_2", "x")


@pytest.mark.parametrize(
    ("text", "key", "args"),
    [
        ("", "tr-err-empty", {}),
        ("   ", "tr-err-empty", {}),
        ("sub_id_16=abc", "ck-err-n", {"field": "sub_id_16", "max": 15, "value": "sub_id_16=abc"}),
        ("sub_id_0=abc", "ck-err-n", {"field": "sub_id_0", "max": 15, "value": "sub_id_0=abc"}),
        ("sub_id_3=", "ck-err-no-value", {"field": "sub_id_3"}),
        ("foo=bar", "ck-err-field", {"field": "foo", "max": 15, "value": "foo=bar"}),
        ("a\nb", "tr-err-line", {"value": "a"}),
    ],
)
def test_parse_lookup_refuses(text: str, key: str, args: dict[str, Any]) -> None:
    with pytest.raises(InputError) as caught:
        parse_lookup(text)
    assert caught.value.key == key and caught.value.args_ == args


def test_too_long_values_echo_their_start() -> None:
    with pytest.raises(InputError) as caught:
        parse_lookup("x" * 201)
    assert caught.value.key == "tr-err-long"
    assert caught.value.args_["length"] == 201 and caught.value.args_["value"].startswith("x" * 59 + "…")
    assert parse_lookup("x" * 200).value == "x" * 200
    with pytest.raises(InputError):
        clean_value("y" * 201)
    with pytest.raises(InputError):
        clean_value(" ")
    assert clean_value(" tx-1 ") == "tx-1"


# ---------------------------------------------------------------- queries


def test_conversion_query_json() -> None:
    now = datetime(2026, 11, 27, 10, 0, tzinfo=UTC)
    period = period_from({"range": "last_7_days"}, "America/New_York", now)
    flt = {"status": "sale", "campaign_id": 1, "campaign": "FB", "offer_id": 4, "sub_id": "abc", "tid": ""}
    body = list_query(period, flt, limit=8, offset=16).to_json(now=now)
    assert body["range"] == {
        "from": "2026-11-21 00:00:00",
        "to": "2026-11-27 23:59:59",
        "timezone": "America/New_York",
    }
    assert body["columns"] == COLUMNS and "payout" not in body["columns"]
    assert body["filters"] == [
        {"name": "status", "operator": "EQUALS", "expression": "sale"},
        {"name": "campaign_id", "operator": "EQUALS", "expression": 1},
        {"name": "offer_id", "operator": "EQUALS", "expression": 4},
        {"name": "sub_id", "operator": "EQUALS", "expression": "abc"},
    ]
    assert body["sort"][0] == {"name": "postback_datetime", "order": "DESC"}
    assert (body["limit"], body["offset"]) == (8, 16)
    everything = list_query(period, {"status": "bogus"}, limit=None).to_json(now=now)
    assert "limit" not in everything and "offset" not in everything and "filters" not in everything
    assert conversion_filters({}) == []


def test_filters_summary_escapes() -> None:
    summary = filters_summary(Tr(), {"status": "rebill", "offer_id": 3, "offer": "A&B", "tid": "<x>"})  # type: ignore[arg-type]
    assert summary == "Status: rebill · Offer: A&amp;B · tid: <code>&lt;x&gt;</code>"


def test_lookup_query_covers_all_time() -> None:
    now = datetime(2026, 11, 27, 10, 0, tzinfo=UTC)
    body = lookup_query(Lookup("sub_id_3", "1042"), "Asia/Almaty", limit=10, offset=20).to_json(now=now)
    assert body["range"] == {"interval": "all_time", "timezone": "Asia/Almaty"}
    assert body["filters"] == [{"name": "sub_id_3", "operator": "EQUALS", "expression": "1042"}]
    assert "sub_id_15" in body["columns"] and (body["limit"], body["offset"]) == (10, 20)


class FakeLog:
    def __init__(self) -> None:
        self.bodies: list[dict[str, Any]] = []

    async def __call__(self, *, json: dict[str, Any]) -> ReportResult:
        self.bodies.append(json)
        if "sub_id_11" in json["columns"]:
            raise BadRequestError('Unknown column "sub_id_11"', http_status=400)
        return ReportResult(rows=[{"sub_id": "a"}], total=1)


class FakeClient:
    def __init__(self) -> None:
        self.clicks = type("Clicks", (), {})()
        self.clicks.log = FakeLog()


async def test_an_older_tracker_is_asked_again_with_ten_sub_ids() -> None:
    client = FakeClient()
    now = datetime(2026, 11, 27, 10, 0, tzinfo=UTC)
    result = await _clicks_log(client, lookup_query(Lookup("sub_id", "a"), "UTC", limit=1), now)  # type: ignore[arg-type]
    assert result.rows == [{"sub_id": "a"}]
    first, second = client.clicks.log.bodies
    assert "sub_id_15" in first["columns"]
    assert "sub_id_10" in second["columns"] and "sub_id_11" not in second["columns"]


# ---------------------------------------------------------------- click card


def test_click_card_and_line() -> None:
    row = {
        "datetime": "2026-11-27 14:32:05",
        "sub_id": "3f9a",
        "campaign_id": 1,
        "campaign": "FB <US>",
        "stream": "Flow 2",
        "landing": "",
        "offer": "Keto",
        "country": "United States",
        "country_code": "US",
        "city": "Los Angeles",
        "ip": "73.1.2.3",
        "device_type": "mobile",
        "os": "Android",
        "os_version": "14",
        "browser": "Chrome Mobile",
        "browser_version": "124.0",
        "is_bot": False,
        "sub_id_1": "adset-a",
        "sub_id_2": "",
        "sub_id_9": "x" * 300,
    }
    conversions = {
        "rows": [
            {"postback_datetime": "2026-11-27 15:00:01", "status": "sale", "previous_status": "lead",
             "revenue": 45.0, "currency": "USD"},
        ],
        "total": 1,
    }  # fmt: skip
    card = click_card(Tr(), row, conversions, tracker="Main", timezone="Asia/Almaty")  # type: ignore[arg-type]
    lines = card.splitlines()
    assert lines[0] == "🖱 <b>Main</b> · click <code>3f9a</code>"
    assert "🕒 2026-11-27 14:32:05 (Asia/Almaty)" in lines
    assert "🎯 Campaign: FB &lt;US&gt; (#1)" in lines
    assert "🌍 Country: United States (US), Los Angeles" in lines
    assert "🔢 IP: <code>73.1.2.3</code>" in lines
    assert "📱 Device: mobile · Android 14 · Chrome Mobile 124.0" in lines
    assert "🤖 Bot: no" in lines and "🏷 sub_id_1: <code>adset-a</code>" in lines
    assert not any("sub_id_2" in x or "Landing" in x for x in lines)
    assert any(x.startswith("🏷 sub_id_9: <code>" + "x" * 99 + "…") for x in lines)
    assert lines[-2:] == ["💰 Conversions (1):", "🛒 11-27 15:00 · lead → sale · <b>45.00 USD</b>"]
    assert "no conversions" in click_card(Tr(), row, None, tracker="M", timezone="UTC").lower()  # type: ignore[arg-type]
    russian = click_card(Tr("ru"), row, conversions, tracker="M", timezone="UTC")  # type: ignore[arg-type]
    assert "лид (lead) → продажа (sale) · <b>45,00 USD</b>" in russian and "Кампания" in russian
    assert click_line(row, with_date=False) == "14:32:05 · US · mobile · 3f9a"


# ---------------------------------------------------------------- CSV


def test_csv_bytes_header_numbers_and_formulas() -> None:
    rows = [
        {"conversion_id": 7, "revenue": 45.0, "campaign": 'Кампания, "A"', "sub_id": "=HYPERLINK(1)"},
        {"conversion_id": 8, "revenue": 22.5, "campaign": None, "sub_id": "-5"},
    ]
    data = csv_bytes(rows, ["conversion_id", "revenue", "campaign", "sub_id"])
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 with a byte-order mark
    parsed = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert parsed == [
        ["conversion_id", "revenue", "campaign", "sub_id"],
        ["7", "45", 'Кампания, "A"', "'=HYPERLINK(1)"],
        ["8", "22.5", "", "'-5"],
    ]
    assert csv_bytes([], ["a"]).decode("utf-8-sig") == "a\r\n"


def test_csv_name() -> None:
    assert (
        csv_name("conversions", "Main", "2026-11-21", "2026-11-27")
        == "conversions-Main-2026-11-21_2026-11-27.csv"
    )
    assert csv_name("conversions", "EU / tracker #2", "a", "b") == "conversions-EU-tracker-2-a_b.csv"
    assert csv_name("conversions", "Трекер", "a", "b") == "conversions-Трекер-a_b.csv"
    assert csv_name("conversions", "///", "a", "b") == "conversions-tracker-a_b.csv"


async def _rows(items: list[dict[str, Any]]) -> AsyncIterator[dict[str, Any]]:
    for item in items:
        yield item


async def test_collect_drops_repeats_and_reports_the_cap() -> None:
    rows, capped = await collect(_rows([{"conversion_id": i} for i in (1, 2, 2, 3)]), cap=5)
    assert [r["conversion_id"] for r in rows] == [1, 2, 3] and not capped
    rows, capped = await collect(_rows([{"conversion_id": i} for i in range(6)]), cap=5)
    assert len(rows) == 5 and capped


class FakeBot:
    def __init__(self) -> None:
        self.calls: list[tuple[str, Any]] = []

    async def send_document(self, chat_id: int, document: Any, caption: str) -> None:
        self.calls.append(("document", (document.filename, document.data, caption)))

    async def edit_message_text(self, text: str, *, chat_id: int, message_id: int) -> None:
        self.calls.append(("edit", text))


async def _export(fetch: Any) -> FakeBot:
    bot = FakeBot()
    tr = Tr()
    run_export(
        bot=bot,  # type: ignore[arg-type]
        chat_id=1,
        user_id=99,
        status_message_id=5,
        fetch=fetch,
        columns=["conversion_id"],
        file_name="f.csv",
        texts=lambda key, args: tr.get(key, **args),
        tracker="Main",
        caption=("cv-csv-caption", {"tracker": "Main", "dates": "d", "tz": "UTC"}),
        cap=2,
    )
    assert busy(99)
    await _RUNNING[99]
    assert not busy(99)
    return bot


async def test_export_sends_the_file_and_notes_the_cap() -> None:
    async def fetch() -> tuple[list[dict[str, Any]], bool]:
        return [{"conversion_id": 1}, {"conversion_id": 2}], True

    bot = await _export(fetch)
    (kind, (name, data, caption)), (edit, done) = bot.calls
    assert (
        kind == "document" and name == "f.csv" and data.decode("utf-8-sig") == "conversion_id\r\n1\r\n2\r\n"
    )
    assert "Main, d (UTC): 2 rows." in caption and "Only the newest 2 rows" in caption
    assert edit == "edit" and done == "✅ CSV file sent: 2 rows."


async def test_export_of_nothing_or_a_failure_edits_the_message() -> None:
    async def empty() -> tuple[list[dict[str, Any]], bool]:
        return [], False

    async def failing() -> tuple[list[dict[str, Any]], bool]:
        raise ServerError("boom", http_status=503)

    assert (await _export(empty)).calls == [("edit", Tr().get("cv-csv-empty"))]
    assert (await _export(failing)).calls == [
        ("edit", "Main: the tracker had an internal error (503). Try again in a minute.")
    ]
