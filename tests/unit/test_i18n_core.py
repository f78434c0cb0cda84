"""bot.i18n.EscapingFluentCore: texts without arguments are formatted once per language."""

from __future__ import annotations

from bot.i18n import build_core
from handlers.ui import Html


def test_plain_texts_are_kept_per_language_and_arguments_are_not_cached() -> None:
    core = build_core("en")
    en, ru = core.get("help-title", "en"), core.get("help-title", "ru")
    assert en != ru  # one cache entry per language, never the other's text
    assert core.get("help-title", "en") == en and core.get("help-title", "ru") == ru
    assert ("help-title", "en") in core._plain and ("help-title", "ru") in core._plain
    assert core.get("help-title", "xx") == en  # unknown language: the default one
    first = core.get("access-denied", "en", user_id="<1>")
    second = core.get("access-denied", "en", user_id="2")
    assert "&lt;1&gt;" in first and "2" in second and first != second  # arguments escaped, not cached
    assert "<b>x</b>" in core.get("access-denied", "en", user_id=Html("<b>x</b>"))
