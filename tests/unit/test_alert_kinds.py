"""The rule kinds' registry (alerts/kinds/): every kind declares everything the engine and the UI
read, with its texts in both languages; and a new kind is one module — dropped into the package, it
is offered, asked for step by step, evaluated and described with nothing else edited."""

from __future__ import annotations

import sys
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from fluent.syntax import FluentParser, ast
from pydantic import ValidationError

import alerts.kinds
from alerts.kinds import KINDS, RuleKind, registry
from alerts.kinds.base import UNITS, Arg, Phrase, Sentence
from alerts.snapshot import LogLine, Snapshot
from bot.i18n import LANGUAGES, LOCALES_DIR, build_core
from handlers.alerts import kinds as ui_kinds
from handlers.alerts.sentences import sentence_text, value_text, what_happened
from handlers.input import InputError
from handlers.notices import safe, translator
from handlers.reports.catalog import METRICS
from storage.alerts import AlertRule

CORE = build_core("en")
NOW = datetime(2026, 3, 10, 12, 30, tzinfo=UTC)
TODAY = (
    "tracker_down", "no_conversions", "traffic_drop", "traffic_spike", "roi_below", "cr_below",
    "rejected_share", "postback_problems", "object_changed",
)  # fmt: skip  # the kinds there were when the registry came, in the order they were offered


def _keys(language: str) -> set[str]:
    keys: set[str] = set()
    for path in sorted((LOCALES_DIR / language).glob("*.ftl")):
        resource = FluentParser().parse(path.read_text(encoding="utf-8"))
        keys |= {e.id.name for e in resource.body if isinstance(e, ast.Message)}
    return keys


def _phrase_keys(args: dict[str, Arg] | Any) -> set[str]:
    found: set[str] = set()
    for arg in dict(args).values():
        if isinstance(arg, Phrase):
            found |= {arg.key, *_phrase_keys(arg.args)}
    return found


def keys_used(kind: RuleKind[Any]) -> set[str]:
    """Every locale key the kind's declaration leads the UI to."""
    keys = {f"alerts-kind-{kind.name}", f"alerts-kind-{kind.name}-about"}
    for step in kind.steps:
        keys |= {f"alerts-q-{kind.name}-{step.name}", f"alerts-p-{step.name}"}
        if step.unit != "bool":
            keys.add(f"alerts-hint-{step.unit}")
    if kind.pair is not None:
        keys |= {f"alerts-p-{kind.pair.fire}", f"alerts-p-{kind.pair.resolve}"}
    if kind.model_error is not None:
        keys.add(kind.model_error)
    for example in kind.examples:
        sentence = kind.describe(example, kind.params(), 1.0)
        keys |= {sentence.key, *_phrase_keys(sentence.args)}
    return keys


# ---------------------------------------------------------------- every kind declares everything


def test_the_kinds_are_found_in_the_package_and_offered_in_their_order() -> None:
    names = ui_kinds.kind_names()
    assert [n for n in names if n in TODAY] == list(TODAY)  # new kinds may come between, never reorder
    assert list(KINDS) == names
    assert len({k.order for k in KINDS.values()}) == len(KINDS)
    for name, kind in KINDS.items():  # one module per kind, named as the kind
        assert kind.name == name
        for function in (kind.evaluate, kind.describe):
            assert function.__module__ == f"alerts.kinds.{name}", (name, function)


@pytest.mark.parametrize("name", list(KINDS))
def test_a_kind_declares_what_the_engine_and_the_ui_read(name: str) -> None:
    kind = KINDS[name]
    fields = kind.params.model_fields
    defaults = kind.params()  # the template's values are valid
    assert kind.value_unit in UNITS
    names = [step.name for step in kind.steps]
    assert names and len(set(names)) == len(names)
    for step in kind.steps:
        assert step.name in fields, step
        assert step.unit in UNITS, step
    if kind.source == "report":
        assert kind.history(defaults).total_seconds() > 0
    else:
        assert not kind.conversion_based and kind.history(defaults).total_seconds() == 0
    assert not kind.one_campaign or kind.source in ("report", "entities")
    assert set(kind.report_metrics) <= set(METRICS)
    if kind.pair is not None:
        fire, resolve = kind.pair.fire, kind.pair.resolve
        assert fire in fields and resolve in fields and fire in names
        values = defaults.model_dump()
        if kind.pair.resolve_is == "above":
            assert values[resolve] > values[fire]
        else:
            assert values[resolve] < values[fire]
        with pytest.raises(ValidationError):  # the model keeps the pair apart the way it says
            kind.params.model_validate({**values, resolve: values[fire]})
    assert kind.examples, "examples of text_args: the tests render each sentence"
    for example in kind.examples:
        sentence = kind.describe(example, defaults, 1.0)
        assert isinstance(sentence, Sentence) and sentence.key.startswith("alerts-")
        assert sentence.key.startswith("alerts-what-")


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_text_a_kind_uses_exists(language: str) -> None:
    keys = _keys(language)
    for kind in KINDS.values():
        missing = sorted(keys_used(kind) - keys)
        assert not missing, (kind.name, language, missing)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_sentence_renders_whole(language: str) -> None:
    tr = translator(CORE, language)
    for kind in KINDS.values():
        for example in kind.examples:
            text = sentence_text(tr, kind.describe(example, kind.params(), 1.0))
            assert "{" not in text and "None" not in text, (kind.name, text)


@pytest.mark.parametrize("unit", UNITS)
def test_every_unit_is_typed_shown_and_hinted(unit: str) -> None:
    tr = translator(CORE, "en")
    value = ui_kinds.parse_input(unit, "yes" if unit == "bool" else "2")
    assert ui_kinds.fmt_value(tr, unit, value)
    if unit != "bool":
        assert CORE.get(f"alerts-hint-{unit}", "en")


def test_two_kinds_of_one_name_are_refused() -> None:
    kind = KINDS["roi_below"]
    with pytest.raises(ValueError, match="roi_below"):
        registry([kind, kind])


# ---------------------------------------------------------------- a new kind is one module

NEW_KIND = '''
    """Test-only queue: too many unprocessed lines in the postbacks log (a kind made of this module only)."""

    from __future__ import annotations

    from collections.abc import Mapping
    from typing import Any

    from pydantic import Field, model_validator

    from alerts.kinds.base import FOR, Observation, Pair, Params, RuleInput, RuleKind, Sentence, Step, Val
    from alerts.snapshot import Needs


    class TestOnlyQueueParams(Params):
        fire_at: int = Field(10, ge=1, le=1000)
        resolve_at: int = Field(2, ge=0, le=1000)

        @model_validator(mode="after")
        def _pair(self) -> TestOnlyQueueParams:
            if self.resolve_at >= self.fire_at:
                raise ValueError("resolve_at must be below fire_at")
            return self


    def evaluate(params: TestOnlyQueueParams, inp: RuleInput) -> list[Observation]:
        waiting = sum(1 for line in inp.snapshot.logs or [] if "queued" in line.message)
        firing, resolved = waiting >= params.fire_at, waiting <= params.resolve_at
        return [Observation(float(waiting), firing, resolved, None, {"waiting": waiting})]


    def describe(args: Mapping[str, Any], params: TestOnlyQueueParams, value: float | None) -> Sentence:
        return Sentence(
            "alerts-what-test_only_queue",
            {"waiting": Val("int", args.get("waiting", value)), "threshold": Val("int", params.fire_at)},
        )


    KIND = RuleKind(
        name="test_only_queue",
        order=55,
        params=TestOnlyQueueParams,
        evaluate=evaluate,
        describe=describe,
        source="logs",
        worse="higher",
        value_unit="int",
        steps=(Step("fire_at", "int"), Step("resolve_at", "int"), FOR),
        examples=({"waiting": 12},),
        needs=lambda params, _campaign: Needs(log_lines=200),
        pair=Pair("fire_at", "resolve_at", "below"),
    )
'''


@pytest.fixture
def new_kind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """``test_only_queue.py`` in a folder of the package (as if added to alerts/kinds/), found again."""
    (tmp_path / "test_only_queue.py").write_text(textwrap.dedent(NEW_KIND), encoding="utf-8")
    monkeypatch.setattr(alerts.kinds, "__path__", [*alerts.kinds.__path__, str(tmp_path)])
    alerts.kinds.reload()
    yield
    monkeypatch.undo()
    sys.modules.pop("alerts.kinds.test_only_queue", None)
    alerts.kinds.reload()
    assert "test_only_queue" not in KINDS


def echo(key: str, **args: Any) -> str:
    """A translation function that shows the key and its arguments (the new kind has no texts here)."""
    return f"{key}({', '.join(f'{k}={v}' for k, v in sorted(args.items()))})"


@dataclass
class FakeManager:
    """What the /alerts screens use of aiogram-dialog's manager."""

    dialog_data: dict[str, Any] = field(default_factory=dict)
    middleware_data: dict[str, Any] = field(default_factory=dict)
    states: list[Any] = field(default_factory=list)
    show_mode: Any = None

    async def switch_to(self, state: Any, show_mode: Any = None) -> None:
        self.states.append(state)


def make_rule(kind: str, **params: Any) -> AlertRule:
    return AlertRule(1, 1, 1, kind, "Queue", None, params, "warning", True, None, "")


@pytest.mark.usefixtures("new_kind")
async def test_a_new_kind_needs_only_its_module() -> None:
    from alerts.rules import evaluate_rule, needs_of
    from handlers.alerts.create import kind_getter, on_kind
    from handlers.alerts.states import AlertsSG
    from handlers.alerts.values import param_getter

    names = ui_kinds.kind_names()
    assert names[names.index("roi_below") + 1] == "test_only_queue"  # offered where its order says

    manager = FakeManager(middleware_data={"i18n": type("I18n", (), {"get": staticmethod(echo)})()})
    shown = await kind_getter(manager)  # type: ignore[arg-type]
    assert ("alerts-kind-test_only_queue()", "test_only_queue") in shown["kinds"]
    assert "alerts-kind-test_only_queue-about()" in shown["text"]

    await on_kind(None, None, manager, "test_only_queue")  # type: ignore[arg-type]
    draft = manager.dialog_data["draft"]
    assert draft["params"] == {"for_seconds": 0, "fire_at": 10, "resolve_at": 2}
    assert draft["severity"] == "warning"
    assert manager.states == [AlertsSG.param]  # no campaign to choose: straight to the first value
    assert manager.dialog_data["field"] == "fire_at"
    asked = await param_getter(manager)  # type: ignore[arg-type]
    assert "alerts-q-test_only_queue-fire_at()" in asked["text"] and "alerts-hint-int()" in asked["text"]

    tr = safe(echo)
    with pytest.raises(InputError) as info:  # the declared pair explains a conflict
        ui_kinds.accept(tr, "test_only_queue", draft["params"], "resolve_at", 20)
    assert info.value.key == "alerts-err-pair-below"
    later = frozenset({"fire_at"})  # in the guided flow the partner is asked next: it passes
    assert ui_kinds.accept(tr, "test_only_queue", draft["params"], "resolve_at", 20, later=later)

    rule = make_rule("test_only_queue", **draft["params"])
    assert needs_of([rule]).log_lines == 200
    lines = [LogLine(NOW.isoformat(), "queued #1")] * 12
    snap = Snapshot(1, "UTC", NOW, logs=lines)
    [observation] = evaluate_rule(rule, snap, postback_delay_minutes=0) or []
    assert observation.firing and observation.value == 12
    said = what_happened(tr, rule, {"text_args": observation.text_args}, observation.value)
    assert said == "alerts-what-test_only_queue(threshold=10, waiting=12)"
    assert value_text(tr, "test_only_queue", 12.0) == "12"


def test_without_the_module_the_kind_is_gone() -> None:
    assert "test_only_queue" not in KINDS and "test_only_queue" not in ui_kinds.kind_names()
