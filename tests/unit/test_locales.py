"""Every text exists in Russian and English, and every key the code uses exists."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.i18n import LANGUAGES, build_core
from tests.locale_texts import messages as _messages
from tests.locale_texts import variables as _variables

ROOT = Path(__file__).resolve().parents[2]


def test_both_languages_have_the_same_keys_and_variables() -> None:
    en, ru = _messages("en"), _messages("ru")
    assert set(en) == set(ru), f"only en: {set(en) - set(ru)}; only ru: {set(ru) - set(en)}"
    for key in en:
        assert _variables(en[key]) == _variables(ru[key]), key


def test_every_key_used_in_code_exists() -> None:
    en = _messages("en")
    used: set[str] = set()
    pattern = re.compile(
        r"""(?:\bT|i18n\.get|\btr|set_error|_notice|InputError|core\.get|i18n_get)\(\s*f?["']([a-z][a-z0-9_-]+)["']"""
    )
    for folder in ("handlers", "bot"):
        for path in (ROOT / folder).rglob("*.py"):
            used |= set(pattern.findall(path.read_text(encoding="utf-8")))
    assert len(used) > 40
    missing = sorted(k for k in used if k not in en and not k.endswith("-"))
    assert not missing, missing


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_message_renders_with_sample_arguments(lang: str) -> None:
    core = build_core("en")
    for key, message in _messages(lang).items():
        args = {name: 3 if name in {"count", "ms", "max", "length"} else "X" for name in _variables(message)}
        text = core.get(key, lang, **args)
        assert text.strip(), key


def test_interpolated_values_are_escaped() -> None:
    core = build_core("en")
    assert "&lt;script&gt;" in core.get("name-err-taken", "en", name="<script>")


def test_russian_plurals() -> None:
    core = build_core("en")
    assert "5 кампаний" in core.get("key-ok", "ru", tracker="T", count=5, ms=1)
    assert "2 кампании" in core.get("key-ok", "ru", tracker="T", count=2, ms=1)
    assert "1 кампания" in core.get("key-ok", "ru", tracker="T", count=1, ms=1)
    assert "1 campaign " in core.get("key-ok", "en", tracker="T", count=1, ms=1)
