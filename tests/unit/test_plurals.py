"""Every count in a Russian text agrees with its noun: «1 клик», «2 клика», «5 кликов», «21 клик».

Three checks over every message of ``bot/locales/ru``:

* a count (:data:`COUNTS`) written right before a word is inside a plural selection on that
  count (``{ $n -> [one] … [few] … *[many] … }``) — unless the word is a unit or a preposition;
* each message is rendered with 1, 2, 5, 11, 21, 22, 25 for each count: numbers of one plural
  category give the same text (``1 клик`` / ``21 клик``), and a number the text shows is shown;
* no number is followed by a noun form that is wrong in every case (``1 кликов``, ``5 клика``).
"""

from __future__ import annotations

import re

import pytest
from fluent.syntax import FluentSerializer, ast
from fluent.syntax.visitor import Visitor

from bot.i18n import build_core
from tests.locale_texts import messages, variables

SAMPLES = (1, 2, 5, 11, 21, 22, 25)
COUNTS = frozenset({
    "count", "n", "clicks", "conversions", "total", "length", "shown", "rows", "checks", "failures",
    "bad", "rejected", "max", "per_page", "filters_count", "minutes", "seconds", "hours", "days",
    "expected", "baseline", "cap", "repeats", "pages", "deleted", "added", "campaigns", "limit",
})  # fmt: skip
UNITS = frozenset(
    {
        "мин",
        "мс",
        "с",
        "ч",
        "д",
        "сек",
        "п",
        "шт",
        "из",
        "и",
        "в",
        "на",
        "до",
        "по",
        "от",
        "или",
        "за",
        "к",
        "а",
    }
)
# (nominative singular, genitive singular, genitive plural)
NOUNS: tuple[tuple[str, str, str], ...] = (
    ("клик", "клика", "кликов"), ("конверсия", "конверсии", "конверсий"),
    ("постбек", "постбека", "постбеков"), ("запись", "записи", "записей"),
    ("проверка", "проверки", "проверок"), ("кампания", "кампании", "кампаний"),
    ("трекер", "трекера", "трекеров"), ("правило", "правила", "правил"),
    ("алерт", "алерта", "алертов"), ("строка", "строки", "строк"), ("повтор", "повтора", "повторов"),
    ("символ", "символа", "символов"), ("час", "часа", "часов"), ("день", "дня", "дней"),
    ("минута", "минуты", "минут"), ("секунда", "секунды", "секунд"), ("оффер", "оффера", "офферов"),
    ("поток", "потока", "потоков"), ("лендинг", "лендинга", "лендингов"), ("раз", "раза", "раз"),
    ("значение", "значения", "значений"), ("человек", "человека", "человек"),
    ("страница", "страницы", "страниц"), ("фильтр", "фильтра", "фильтров"), ("лид", "лида", "лидов"),
    ("продажа", "продажи", "продаж"), ("область", "области", "областей"), ("отчёт", "отчёта", "отчётов"),
)  # fmt: skip


def category(n: int) -> str:
    if n % 10 == 1 and n % 100 != 11:
        return "one"
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return "few"
    return "many"


def _wrong_form(n: int, word: str) -> bool:
    for nom_sg, gen_sg, gen_pl in NOUNS:
        if word not in (nom_sg, gen_sg, gen_pl) or (len({nom_sg, gen_sg, gen_pl}) < 3 and word == gen_pl):
            continue
        cat = category(n)
        if cat == "one" and word == gen_pl:
            return True
        if cat == "many" and word in (nom_sg, gen_sg):
            return True
        if cat == "few" and word == nom_sg:
            return True
    return False


def _unselected_counts(message: ast.Message) -> list[str]:
    """Counts written right before a Russian word outside a selection on the same count."""
    problems: list[str] = []

    def walk(pattern: ast.Pattern, selected: frozenset[str]) -> None:
        elements = pattern.elements
        for i, element in enumerate(elements):
            if not isinstance(element, ast.Placeable):
                continue
            expr = element.expression
            if isinstance(expr, ast.SelectExpression):
                name = expr.selector.id.name if isinstance(expr.selector, ast.VariableReference) else ""
                for variant in expr.variants:
                    walk(variant.value, selected | {name})
                continue
            if not isinstance(expr, ast.VariableReference) or expr.id.name not in COUNTS:
                continue
            after = elements[i + 1] if i + 1 < len(elements) else None
            if not isinstance(after, ast.TextElement):
                continue
            word = re.match(r"\s+([а-яё]+)", after.value)
            if word and word.group(1) not in UNITS and expr.id.name not in selected:
                problems.append(f"${expr.id.name} {word.group(1)}")

    if message.value is not None:
        walk(message.value, frozenset())
    return problems


def _exact_one(message: ast.Message, name: str) -> bool:
    found = False

    class Exact(Visitor):
        def visit_SelectExpression(self, node: ast.SelectExpression) -> None:
            nonlocal found
            selector = node.selector
            if isinstance(selector, ast.VariableReference) and selector.id.name == name:
                found |= any(
                    isinstance(v.key, ast.NumberLiteral) and v.key.value == "1" for v in node.variants
                )
            self.generic_visit(node)

    Exact().visit(message)
    return found


def _counted_messages() -> list[str]:
    return sorted(k for k, m in messages("ru").items() if variables(m) & COUNTS)


def test_counts_before_words_go_through_plural_selection() -> None:
    found = {key: p for key, m in messages("ru").items() if (p := _unselected_counts(m))}
    assert not found, "\n".join(f"{k}: {', '.join(v)}" for k, v in found.items())


@pytest.mark.parametrize("key", _counted_messages())
def test_russian_counts_render_in_agreement(key: str) -> None:
    core = build_core("en")
    message = messages("ru")[key]
    names = variables(message)
    for name in sorted(names & COUNTS):
        shown = {}
        for n in SAMPLES:
            args: dict[str, object] = {v: (5 if v in COUNTS else "X") for v in names}
            args[name] = n
            text = core.get(key, "ru", **args)
            shown[n] = text
            for number, word in re.findall(r"(?<![\d,.\u202f])(\d+) ([а-яё]+)", text):
                assert not _wrong_form(int(number), word), f"{key}: «{number} {word}» (${name}={n})"
        displays = f"{{ ${name} }}" in _source(message)
        for a, b in ((21, 31 if _exact_one(message, name) else 1), (22, 2), (25, 5), (11, 5)):
            if b == 31:
                continue
            same = re.sub(rf"(?<![\d\u202f]){a}(?!\d)", str(b), shown[a])
            assert same == shown[b], (
                f"{key}: ${name}={a} and ${name}={b} read differently:\n{shown[a]}\n{shown[b]}"
            )
            if displays:
                assert re.search(rf"(?<!\d){a}(?!\d)", shown[a]), (
                    f"{key}: ${name}={a} is not shown:\n{shown[a]}"
                )


def _source(message: ast.Message) -> str:
    return FluentSerializer().serialize_entry(message)
