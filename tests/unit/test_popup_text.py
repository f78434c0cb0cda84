"""A button's answer (a popup) is plain text of at most 200 characters: Telegram shows HTML tags
literally there and refuses a longer text."""

from __future__ import annotations

from bot.session import POPUP_LIMIT, popup_text


def test_html_is_taken_out_and_entities_read_back() -> None:
    shown = popup_text("🔒 Your role on <b>Main &amp; Co</b> is viewer: 5 &lt; 6")
    assert shown == "🔒 Your role on Main & Co is viewer: 5 < 6"


def test_a_long_answer_is_cut_not_refused() -> None:
    shown = popup_text("word " * 100)
    assert len(shown) == POPUP_LIMIT and shown.endswith("…")
    assert popup_text("short") == "short"
