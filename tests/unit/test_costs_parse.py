"""/costs reading: CSV with either separator and either decimal mark, typed lines, days and ranges,
campaigns by id or exact name, and every problem with its line number."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from handlers.costs.parse import MAX_ROWS, FileError, parse_csv, parse_dates, parse_line, resolve
from handlers.input import InputError

TODAY = date(2026, 12, 4)
CAMPAIGNS = [(1, "FB US Nutra"), (2, "TT DE Gambling"), (7, "Twin"), (8, "Twin"), (9, "2024")]


def reasons(problems: list, line: int) -> list[str]:
    return [key for p in problems if p.line == line for key, _ in p.reasons]


def test_csv_semicolons_and_decimal_commas() -> None:
    data = "campaign;date;cost;currency\n2;2026-12-01;150,40;USD\nFB US Nutra;01.12–03.12;450;eur\n".encode()
    entries, problems = resolve(parse_csv(data, TODAY), CAMPAIGNS)
    assert problems == []
    first, second = entries
    assert (first.campaign_id, first.start, first.end, first.cost, first.currency) == (
        2, date(2026, 12, 1), date(2026, 12, 1), Decimal("150.40"), "USD",
    )  # fmt: skip
    assert (second.campaign_id, second.start, second.end, second.cost, second.currency) == (
        1, date(2026, 12, 1), date(2026, 12, 3), Decimal("450"), "EUR",
    )  # fmt: skip


def test_csv_commas_quoted_decimal_comma_and_bom_and_aliases() -> None:
    data = '\ufeffCampaign ID,Day,Spend,Currency\n2,2026-11-30,"12,5",RUB\n2,2026-11-29,7.25,USD\n'.encode()
    parsed = parse_csv(data, TODAY)
    assert [r.cost for r in parsed.rows] == [Decimal("12.5"), Decimal("7.25")]
    assert parsed.problems == []


def test_csv_in_cp1251_with_russian_header() -> None:
    data = "кампания;дата;расход;валюта\nFB US Nutra;02.12.2026;10;RUB\n".encode("cp1251")
    assert parse_csv(data, TODAY).rows[0].campaign == "FB US Nutra"


def test_every_problem_with_its_line_number() -> None:
    data = (
        "campaign;date;cost;currency\n"
        "1;2026-12-01;10;USD\n"  # line 2: good
        "\n"  # line 3: empty, skipped
        "1;2026-13-01;10;USD\n"  # line 4: no such month
        "1;2026-12-01;-5;USD\n"  # line 5: negative (and same campaign/day as line 2 – not reached)
        "1;2026-12-02;abc;XXX\n"  # line 6: two problems
        "1;05.12.2026;1;USD\n"  # line 7: future
        "1;03.12–01.12;1;USD\n"  # line 8: backwards
        "99;2026-12-01;1;USD\n"  # line 9: unknown id
        "Nope;2026-12-01;1;USD\n"  # line 10: unknown name
        "Twin;2026-12-01;1;USD\n"  # line 11: ambiguous
        "1;30.11–01.12;1;USD\n"  # line 12: overlaps line 2
        ";2026-12-01;;\n"  # line 13: nothing but a date
        "2;2026-01-01–2026-12-01;1;USD\n"  # line 14: too long
    ).encode()
    entries, problems = resolve(parse_csv(data, TODAY), CAMPAIGNS)
    assert [e.line for e in entries] == [2]
    assert reasons(problems, 4) == ["costs-err-date"]
    assert reasons(problems, 5) == ["costs-err-amount-negative"]
    assert reasons(problems, 6) == ["costs-err-amount-nan", "costs-err-currency"]
    assert reasons(problems, 7) == ["costs-err-date-future"]
    assert reasons(problems, 8) == ["costs-err-range-backwards"]
    assert reasons(problems, 9) == ["costs-err-campaign-id"]
    assert reasons(problems, 10) == ["costs-err-campaign-name"]
    assert reasons(problems, 11) == ["costs-err-campaign-ambiguous"]
    assert reasons(problems, 12) == ["costs-err-overlap"]
    assert reasons(problems, 13) == [
        "costs-err-campaign-missing",
        "costs-err-amount-missing",
        "costs-err-currency-missing",
    ]
    assert reasons(problems, 14) == ["costs-err-range-long"]
    assert [p.line for p in problems] == sorted(p.line for p in problems)
    ambiguous = next(p for p in problems if p.line == 11).reasons[0][1]
    assert ambiguous["ids"] == "#7, #8" and ambiguous["count"] == 2


def test_scoped_person_is_told_outside_their_campaigns() -> None:
    parsed = parse_line("3 2026-12-01 5 USD", TODAY)
    _, problems = resolve(parsed, CAMPAIGNS, scoped=True)
    assert reasons(problems, 1) == ["costs-err-campaign-scope"]


def test_campaign_named_with_digits_and_hash_ids() -> None:
    entries, _ = resolve(parse_line("2024 2026-12-01 5 USD", TODAY), CAMPAIGNS)
    assert entries[0].campaign_id == 9
    entries, _ = resolve(parse_line("#2 2026-12-01 5 USD", TODAY), CAMPAIGNS)
    assert entries[0].campaign_id == 2


@pytest.mark.parametrize(
    ("line", "campaign", "start", "end", "cost"),
    [
        ("12 2026-12-01 150.40 USD", "12", date(2026, 12, 1), date(2026, 12, 1), "150.40"),
        ("FB US Nutra 01.12–03.12 450 USD", "FB US Nutra", date(2026, 12, 1), date(2026, 12, 3), "450"),
        ("FB US Nutra 01.12 - 03.12 450,5 usd", "FB US Nutra", date(2026, 12, 1), date(2026, 12, 3), "450.5"),
        ("7 2026-11-01..2026-11-30 1,529.50 EUR", "7", date(2026, 11, 1), date(2026, 11, 30), "1529.50"),
        ("7 31.12 1 EUR", "7", date(2025, 12, 31), date(2025, 12, 31), "1"),  # not come yet: last year
        ("7 01.12.26 1 EUR", "7", date(2026, 12, 1), date(2026, 12, 1), "1"),
    ],
)
def test_typed_lines(line: str, campaign: str, start: date, end: date, cost: str) -> None:
    parsed = parse_line(line, TODAY)
    assert parsed.problems == []
    row = parsed.rows[0]
    assert (row.campaign, row.start, row.end, row.cost) == (campaign, start, end, Decimal(cost))


def test_typed_line_problems() -> None:
    assert reasons(parse_line("12 150 USD", TODAY).problems, 1) == ["costs-err-line-short"]
    assert reasons(parse_line("12 yesterday 150 USD", TODAY).problems, 1) == ["costs-err-date"]
    assert reasons(parse_line("12 2026-12-01 1e999 USD", TODAY).problems, 1) == ["costs-err-amount-absurd"]
    assert reasons(parse_line("12 2026-12-01 twelve USD", TODAY).problems, 1) == ["costs-err-amount-nan"]
    assert reasons(parse_line("12 2026-12-01 0.00001 USD", TODAY).problems, 1) == [
        "costs-err-amount-precision"
    ]
    assert reasons(parse_line("12 2026-12-01 99999999 USD", TODAY).problems, 1) == ["costs-err-amount-absurd"]


def test_whole_file_problems() -> None:
    with pytest.raises(FileError) as err:
        parse_csv(b"1;2026-12-01;10;USD\n", TODAY)
    assert err.value.key == "costs-err-header"
    with pytest.raises(FileError) as err:
        parse_csv(b"campaign;date;cost;currency\n", TODAY)
    assert err.value.key == "costs-err-file-empty"
    with pytest.raises(FileError) as err:
        parse_csv(b"x" * 1_000_001, TODAY)
    assert err.value.key == "costs-err-file-big"
    many = "campaign;date;cost;currency\n" + "1;2026-12-01;1;USD\n" * (MAX_ROWS + 1)
    with pytest.raises(FileError) as err:
        parse_csv(many.encode(), TODAY)
    assert err.value.key == "costs-err-file-rows"
    with pytest.raises(FileError) as err:
        parse_line("a\nb", TODAY)
    assert err.value.key == "costs-err-one-line"


def test_dates() -> None:
    assert parse_dates("2026-12-04", TODAY) == (TODAY, TODAY)
    with pytest.raises(InputError):
        parse_dates("29.02.2026", TODAY)
