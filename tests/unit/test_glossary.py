# ruff: noqa: E501 — one rule per line: the patterns read as a table
"""The texts use one term per thing: the words ``../shared/GLOSSARY.md`` marks "not this" never
appear in a locale file, and the bot keeps one voice and one quotation style per language.

The glossary's "not this" column is prose; :data:`RULES` is that column as patterns, one entry
per concept (the concept names are the glossary's own). When the glossary is present, a test
checks that every concept with a "not this" cell has its rule here, so the two cannot drift.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.locale_texts import messages, prose

GLOSSARY = Path(__file__).resolve().parents[3] / "shared" / "GLOSSARY.md"


@dataclass(frozen=True)
class Rule:
    concept: str
    lang: str
    pattern: str
    say: str  # what to write instead

    def hits(self, text: str) -> list[str]:
        return [m.group(0) for m in re.finditer(self.pattern, text)]


_I = "(?i)"
RULES: tuple[Rule, ...] = (
    Rule("flow (stream)", "en", _I + r"(?<![/\w])streams?\b", "flow"),
    Rule("flow (stream)", "ru", _I + r"\bстрим", "поток"),
    Rule("landing page", "en", _I + r"\blanding pages?\b", "landing"),
    Rule("affiliate network", "ru", r"\bСеть\b|(?i:\bпартнерск)", "партнёрская сеть (в узких столбцах: партнёрка)"),
    Rule("postback", "ru", _I + r"постбэк", "постбек"),
    Rule("S2S postback", "ru", _I + r"\bS2S постб", "S2S-постбек"),
    Rule("click ID (Keitaro `subid`)", "ru", _I + r"(ID клика|sub_?id клика)[^.\n]{0,24}\bsub_id\b(?!_)|\bsub_id клика", "ID клика (subid)"),
    Rule("click ID (Keitaro `subid`)", "en", _I + r"click ID[^.\n]{0,24}\bsub_id\b(?!_)|\bsub_id of the click", "click ID (subid)"),
    Rule("statuses", "ru", r"(?<![\w(])(lead|sale|rejected|rebill)\b(?!\))", "лид (lead), продажа (sale)…"),
    Rule("profit, ROI, CR, EPC", "ru", _I + r"\bконверсия (за окно|ниже|выше)", "CR"),
    Rule("cap", "ru", _I + r"\bлимит", "кап"),
    Rule("enable / disable", "ru", _I + r"\bвыключ|\bвыкл\b|на паузе", "Включить / Отключить; активно / отключено"),
    Rule("enable / disable", "en", _I + r"\bswitch(es|ed)? (off|on)\b|\bturn(s|ed)? (off|on)\b", "Enable / Disable"),
    Rule("acknowledge an alert", "ru", r"\bПринять\b|(?i:\bпринял\(а\)|никто не принял|подтвердил|не подтвержд[её]н\b|без подтверждения)", "✅ Беру; «Взял(а): Олег, 03:20»"),
    Rule("acknowledge an alert", "en", _I + r"\backnowledged by\b|\baccepted by\b", "Acked by Oleg at 03:20"),
    Rule("resolved", "ru", r"ВОССТАНОВЛЕН|(?i:\bвосстановил(ся|ась|ось|ись)\b)", "✅ Отбой; «алерт закрыт»"),
    Rule("resolved", "en", _I + r"\brecover(s|ed)? at\b|\bRECOVERED\b", "✅ Resolved"),
    Rule("severity", "ru", _I + r"предупреждени|\bинформаци", "критично / внимание / инфо"),
    Rule("snooze / mute", "ru", _I + r"включить звук|\bтишина\b", "отложить / заглушить; снять заглушку"),
    Rule("edition (402)", "ru", _I + r"редакци", "тариф"),
    Rule("edition (402)", "en", _I + r"\beditions?\b", "plan"),
    Rule("DNS failure", "ru", _I + r"не находится в DNS|не находится\b", "домен не резолвится"),
    Rule("voice", "ru", _I + r"\bпришлите\b|\bпришли\b", "Отправьте"),
    Rule("voice", "ru", r"(?<![\w-])[Бб]от (умеет|забудет|сохранит|ничего не|не может|не меняет|удалит|покажет|пришлёт)", "я …"),
    Rule("quotation style", "ru", r"[\"“”„]", "«…»"),
    Rule("quotation style", "en", r"[\"«»„]", "“…”"),
)  # fmt: skip


def _texts(lang: str) -> list[tuple[str, str]]:
    return [(key, prose(message)) for key, message in messages(lang).items()]


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_no_locale_text_uses_a_word_the_glossary_rules_out(lang: str) -> None:
    found = [
        f"{key}: {hit!r} ({rule.concept}: say {rule.say})"
        for rule in RULES
        if rule.lang == lang
        for key, text in _texts(lang)
        for hit in rule.hits(text)
    ]
    assert not found, "\n".join(found)


def test_every_rule_catches_what_it_names() -> None:
    """Each rule fires on the word the glossary rules out and not on the word it prescribes."""
    bad = {
        ("flow (stream)", "en"): "Open the stream", ("landing page", "en"): "Landing pages",
        ("affiliate network", "ru"): "🤝 Сеть", ("postback", "ru"): "постбэк",
        ("S2S postback", "ru"): "S2S постбеки", ("click ID (Keitaro `subid`)", "ru"): "ID клика (sub_id в Keitaro)",
        ("statuses", "ru"): "по умолчанию lead", ("cap", "ru"): "Дневной лимит",
        ("enable / disable", "ru"): "⏸ выключена", ("enable / disable", "en"): "Switch off",
        ("acknowledge an alert", "ru"): "Принял(а) Олег", ("resolved", "ru"): "ВОССТАНОВЛЕНО",
        ("severity", "ru"): "🟠 предупреждения", ("snooze / mute", "ru"): "🔔 Включить звук",
        ("edition (402)", "ru"): "в этой редакции", ("DNS failure", "ru"): "имя не находится в DNS",
        ("voice", "ru"): "Пришлите число", ("quotation style", "en"): 'Press "Save"',
    }  # fmt: skip
    good = {
        ("flow (stream)", "en"): "/flows (/streams works too)", ("affiliate network", "ru"): "партнёрская сеть",
        ("statuses", "ru"): "продажа (sale)", ("enable / disable", "ru"): "Отключить",
        ("acknowledge an alert", "ru"): "Взял(а): Олег, 03:20", ("resolved", "ru"): "✅ Отбой",
        ("quotation style", "en"): "Press “Save”",
    }  # fmt: skip
    for (concept, lang), text in bad.items():
        assert any(r.hits(text) for r in RULES if (r.concept, r.lang) == (concept, lang)), (concept, text)
    for (concept, lang), text in good.items():
        assert not any(r.hits(text) for r in RULES if (r.concept, r.lang) == (concept, lang)), (concept, text)


def test_every_ruled_out_term_of_the_glossary_has_a_rule() -> None:
    if not GLOSSARY.exists():
        pytest.skip(f"the glossary is not beside this checkout ({GLOSSARY})")
    concepts: list[str] = []
    for line in GLOSSARY.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if (
            len(cells) == 4
            and cells[3]
            and cells[0] not in {"concept", "---"}
            and not cells[0].startswith("-")
        ):
            concepts.append(cells[0])
    assert len(concepts) >= 15
    ruled = {rule.concept for rule in RULES}
    assert not [c for c in concepts if c not in ruled], "concepts of the glossary with no rule here"
