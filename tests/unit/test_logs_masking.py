"""Tracker log lines are shown with their secrets masked, shortened, escaped and under Telegram's limit."""

from __future__ import annotations

import pytest

from handlers.logs import LINE_MAX, PAGE_SIZE, QUERY_MAX, QueryError, is_trouble, parse_query, render_entries
from keitaro.masking import mask_log_line
from keitaro.models.traffic import LogEntry
from tests.fakes.telegram import parse_html

LONG_KEY = "a1b2c3d4e5f6g7h8"


@pytest.mark.parametrize(
    ("line", "masked"),
    [
        (
            "Received postback /pbkey/postback?subid=abc&status=sale&payout=5",
            "Received postback /…ey/postback?subid=abc&status=sale&payout=5",
        ),
        (f"Received postback /{LONG_KEY}/postback?subid=x", "Received postback /a1b2…g7h8/postback?subid=x"),
        (
            f"GET https://trk.example.com:8443/{LONG_KEY}/postback?subid=x 200",
            "GET https://trk.example.com:8443/a1b2…g7h8/postback?subid=x 200",
        ),
        (
            f"POST https://trk.example.com/sub/dir/{LONG_KEY}/postback",
            "POST https://trk.example.com/sub/dir/a1b2…g7h8/postback",
        ),
        (
            f"url=https%3A%2F%2Ftrk.example.com%2F{LONG_KEY}%2Fpostback%3Fsubid%3D1",
            "url=https%3A%2F%2Ftrk.example.com%2Fa1b2…g7h8%2Fpostback%3Fsubid%3D1",
        ),
    ],
)
def test_the_postback_key_in_paths_and_urls_is_masked(line: str, masked: str) -> None:
    assert mask_log_line(line) == masked
    assert mask_log_line(masked) == masked  # masking twice changes nothing


@pytest.mark.parametrize(
    ("line", "masked"),
    [
        (
            "GET https://pn.example/pb?api_key=0123456789abcdef&click=abc 200",
            "GET https://pn.example/pb?api_key=0123…cdef&click=abc 200",
        ),
        (
            "GET https://pn.example/pb?click=abc&key=zyxwvutsrqpo12",
            "GET https://pn.example/pb?click=abc&key=zyxw…po12",
        ),
        (
            "GET https://pn.example/pb?apikey=secret99&token=tok",
            "GET https://pn.example/pb?apikey=…99&token=•••",
        ),
        ("Api-Key: 0123456789abcdefXYZ", "Api-Key: 0123…fXYZ"),
        ('{"api_key": "0123456789abcdefXYZ"}', '{"api_key": "0123…fXYZ"}'),
        ("Authorization: Bearer 0123456789abcdefXYZ", "Authorization: Bearer 0123…fXYZ"),
    ],
)
def test_key_query_values_and_headers_are_masked(line: str, masked: str) -> None:
    assert mask_log_line(line) == masked


@pytest.mark.parametrize(
    "line",
    [
        'Using "dr6n7phskwjp0m" as subid. Postback added to queue.',
        "Processing subid dr6n7phskwjp0m",
        "Subid dr6n7phskwjp0m complete",
        'SubID not found "ghost-1"',
        'Unknown status "weird". Postback ignored.',
        "GET https://graph.example.net/pb?click=abc&monkey=1&sub_id_key=2 200",
        "GET https://trk.example.com/postback?subid=x",  # no key segment: the host stays
        "GET https://h.example/{key}/postback?key={key}",  # macros, not values
        "Cron: stats compacted",
        "",
    ],
)
def test_text_without_secrets_is_untouched(line: str) -> None:
    assert mask_log_line(line) == line


def test_parse_query() -> None:
    assert parse_query("  abc123 \n") == "abc123"
    assert parse_query("-") is None and parse_query("   ") is None and parse_query(None) is None
    assert parse_query("x" * QUERY_MAX) == "x" * QUERY_MAX
    with pytest.raises(QueryError) as err:
        parse_query("x" * (QUERY_MAX + 1))
    assert err.value.length == QUERY_MAX + 1


def test_trouble_lines() -> None:
    assert is_trouble('SubID not found "abc"')
    assert is_trouble('Unknown status "x". Postback ignored.')
    assert is_trouble("Status change from sale to lead is not allowed")
    assert not is_trouble("Processing subid abc")
    assert is_trouble("GET https://pn.example/pb?click=1 502", "sent_postbacks")
    assert not is_trouble("GET https://pn.example/pb?click=1&payout=500 200", "sent_postbacks")


def test_a_page_of_long_lines_stays_valid_html_under_the_limit() -> None:
    nasty = "<b>&amp;</b> " * 400 + f"/{LONG_KEY}/postback"
    entries = [
        LogEntry(datetime="2026-01-01 10:00:00", jid=f"{n:08x}", message=f"{n} {nasty}")
        for n in range(PAGE_SIZE)
    ]
    html = render_entries(entries, "postbacks", [LONG_KEY])
    plain, _entities = parse_html("📜 <b>Postbacks log — Main</b>\n\n" + html)  # raises on broken HTML
    assert len(plain) < 3600
    assert LONG_KEY not in html  # shortened lines are masked first
    assert plain.count("…") >= PAGE_SIZE
    assert all(len(line) <= LINE_MAX for line in plain.splitlines())


def test_a_job_is_one_group_in_the_order_it_happened() -> None:
    newest_first = [
        LogEntry(datetime="2026-01-01 10:00:05", jid="2", message="Processing subid b"),
        LogEntry(datetime="2026-01-01 10:00:01", jid="1", message='SubID not found "a"'),
        LogEntry(
            datetime="2026-01-01 10:00:01", jid="1", message="Received postback /pbkey/postback?subid=a"
        ),
    ]
    html = render_entries(newest_first, "postbacks")
    assert html.count("🕒") == 2
    assert html.index("subid b") < html.index("/…ey/postback?subid=a") < html.index("⚠️ <code>SubID not found")
    assert "pbkey" not in html and "&quot;" not in html and '"a"' in html
