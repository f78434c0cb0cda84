"""Phone tables, deltas, CSV and setups of /stats."""

from __future__ import annotations

import csv
import io

from handlers.reports.catalog import DEFAULT_METRICS, GROUPS, METRICS
from handlers.reports.render import PAGE_ROWS, WIDTH, csv_bytes, deltas_block, fmt, page_rows, table
from handlers.reports.setup import normalize, setup_key, sort_choices

HEADS = {m: m[:6].title() for m in METRICS}


def lines_of(html: str) -> list[str]:
    assert html.startswith("<pre>") and html.endswith("</pre>")
    return html[5:-6].splitlines()


def test_values_are_formatted_by_kind() -> None:
    assert fmt("clicks", "12345", "en") == "12,345"
    assert fmt("revenue", "1234.5", "en") == "1,234.50"
    assert fmt("revenue", 123456.7, "en") == "123,457"
    assert fmt("roi", -12.345, "en") == "-12.3"
    assert fmt("epc", "0.1234", "en") == "0.123"
    assert fmt("cost", None, "en") == "—" and fmt("cost", "n/a", "en") == "—"


def test_values_are_written_the_russian_way() -> None:
    assert fmt("clicks", "1529", "ru") == "1\u202f529"
    assert fmt("roi", 12.5, "ru") == "12,5"
    assert fmt("revenue", "1234.5", "ru") == "1\u202f234,50"
    assert fmt("epc", "0.1234", "ru") == "0,123"


def test_a_russian_table_has_russian_numbers() -> None:
    rows = [{"campaign_id": 1, "campaign": "FB US", "clicks": 1529, "roi": 12.5}]
    out = table(rows, GROUPS["campaign"], ["clicks", "roi"], HEADS, group_title="Кампания",
                total_title="Итого", totals={"clicks": 1529, "roi": 12.5}, lang="ru")  # fmt: skip
    lines = lines_of(out)  # the thin space is part of a number: columns split on plain spaces only
    assert [c for c in lines[1].split(" ") if c][-2:] == ["1\u202f529", "12,5"]
    assert [c for c in lines[-1].split(" ") if c] == ["Итого", "1\u202f529", "12,5"]
    assert "1,529" not in out and "12.5" not in out


def test_every_line_fits_the_phone_even_with_every_metric() -> None:
    rows = [
        {"campaign_id": i, "campaign": f"A rather long campaign name number {i}",
         **{m.api: 123456.78 * i for m in METRICS.values()}}
        for i in range(1, 11)
    ]  # fmt: skip
    totals = {m.api: 9999999.99 for m in METRICS.values()}
    out = table(rows, GROUPS["campaign"], list(METRICS), HEADS, group_title="Campaign", total_title="Total",
                totals=totals, lang="en")  # fmt: skip
    lines = lines_of(out)
    assert max(len(line) for line in lines) <= WIDTH
    assert sum(1 for line in lines if line.startswith("Total")) >= 3  # one totals row per band
    assert "&lt;" not in out


def test_labels_are_escaped_and_colliding_cuts_show_ids() -> None:
    rows = [
        {"offer_id": 4, "offer": "Keto Slim US: backup <b>", "clicks": 1},
        {"offer_id": 9, "offer": "Keto Slim US: main", "clicks": 2},
    ]
    out = table(rows, GROUPS["offer"], ["clicks"], HEADS, group_title="Offer", total_title="Total",
                totals=None, lang="en")  # fmt: skip
    labels = [line.rsplit(" ", 1)[0].strip() for line in lines_of(out)[1:]]
    assert labels[0] != labels[1]
    assert labels[0].endswith("#4") or "backup" in labels[0]
    assert "<b>" not in out


def test_deltas_show_percent_and_points() -> None:
    out = deltas_block(
        ["clicks", "conversions", "roi"], {"clicks": "Clicks", "conversions": "Conv", "roi": "ROI%"},
        {"clicks": 110, "conversions": 3, "roi": 25.0}, {"clicks": 100, "conversions": 0, "roi": 20.0},
        heads=("Now", "Before", "Δ"), pp="pp", new="new", lang="en",
    )  # fmt: skip
    lines = lines_of(out)
    assert lines[1].split() == ["Clicks", "110", "100", "+10.0%"]
    assert lines[2].split() == ["Conv", "3", "0", "new"]
    assert lines[3].split() == ["ROI%", "25.0", "20.0", "+5.0pp"]


def test_money_that_changes_sign_shows_the_absolute_change() -> None:
    out = deltas_block(
        ["profit", "revenue", "cost"], {"profit": "Profit", "revenue": "Rev", "cost": "Cost"},
        {"profit": 250.0, "revenue": 500.0, "cost": 40.0}, {"profit": -88.5, "revenue": 400.0, "cost": 0},
        heads=("Now", "Before", "Δ"), pp="pp", new="new", lang="ru",
    )  # fmt: skip
    lines = lines_of(out)
    assert lines[1].split() == ["Profit", "250,00", "-88,50", "+338,50"]  # not "Δ −382.5 %"
    assert lines[2].split() == ["Rev", "500,00", "400,00", "+25,0%"]  # same sign: a percentage
    assert lines[3].split() == ["Cost", "40,00", "0,00", "+40,00"]  # from zero: the change itself


def test_csv_has_every_row_and_no_formulas() -> None:
    rows = [{"sub_id_1": f"s{i}", "clicks": i, "revenue": "1.5"} for i in range(600)]
    rows.append({"sub_id_1": '=HYPERLINK("http://x")', "clicks": 1, "revenue": 0})
    rows.append({"sub_id_1": "-12.5", "clicks": 2, "revenue": -3})
    data = csv_bytes(rows, GROUPS["sub_id_1"], ["clicks", "revenue"])
    assert data.startswith("\ufeff".encode())
    parsed = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert len(parsed) == 602
    assert parsed[0] == {"sub_id_1": "s0", "clicks": "0", "revenue": "1.50"}
    assert parsed[-2]["sub_id_1"].startswith("'=")
    assert parsed[-1] == {"sub_id_1": "'-12.5", "clicks": "2", "revenue": "-3.00"}  # text vs numbers


def test_setups_are_normalised() -> None:
    bad_filters = {"campaign_id": [{"id": "3", "label": "A"}, {"id": "z"}], "evil": [1]}
    setup = normalize(
        {"range": "bogus", "group": "nope", "metrics": ["x"], "sort": "y", "filters": bad_filters}
    )
    assert setup == {
        "range": "today", "group": "campaign", "metrics": list(DEFAULT_METRICS), "sort": "revenue",
        "filters": {"campaign_id": [{"id": 3, "label": "A"}]},
    }  # fmt: skip
    hourly = normalize({"group": "hour", "metrics": ["clicks", "cost"]})
    assert hourly["sort"] == "time" and sort_choices(hourly) == ["time", "clicks", "cost"]
    assert setup_key(setup, 1) == setup_key(dict(setup), 1) != setup_key(setup, 2)


def test_rows_per_page_follow_the_bands_of_the_whole_report() -> None:
    """One band: 10 rows a page; two bands (the rows repeat): 4. Decided from each column's extremes,
    which must agree with formatting every row."""
    metrics = ["clicks", "conversions", "revenue"]
    narrow = [{"campaign": f"c{i}", "clicks": i, "conversions": 1, "revenue": 2.5} for i in range(300)]
    assert page_rows(narrow, metrics, HEADS, {"clicks": 1, "conversions": 1, "revenue": 1}, "en") == PAGE_ROWS
    wide = [dict(row, revenue=-1234567.5 if i == 217 else row["revenue"]) for i, row in enumerate(narrow)]
    assert page_rows(wide[:200], metrics, HEADS, None, "ru") == PAGE_ROWS  # row 217 not among them
    per_page = page_rows(wide, metrics, HEADS, None, "ru")  # one wide value far down the report
    whole = table(wide, GROUPS["campaign"], metrics, HEADS, group_title="C", total_title="T",
                  totals=None, lang="ru")  # fmt: skip
    assert whole.count("\n\n") == 1  # every row formatted: two bands
    assert per_page == PAGE_ROWS // 2 - 1
