"""What a rule kind is: :class:`RuleKind`, the one declaration a kind module makes (``KIND = RuleKind(...)``),
and the vocabulary it is written in — params models, observations, form steps and units, the
hysteresis pair, and the sentence that says what happened (as data: the UI formats it).

Nothing here knows Telegram: a kind says *what* to show (a locale key, values with their units, a
few code lines), ``handlers/alerts`` says *how*.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Generic, Literal, TypeAlias, TypeVar, cast, get_args

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from alerts.model import Severity
from alerts.snapshot import Needs, Snapshot
from storage.alerts import AlertStateRow

__all__ = [
    "FAILURE_WORDS",
    "FOR",
    "UNITS",
    "Arg",
    "Observation",
    "Pair",
    "Params",
    "PerCampaignParams",
    "Phrase",
    "RuleInput",
    "RuleKind",
    "Sentence",
    "Source",
    "Step",
    "Unit",
    "Val",
    "failure_phrase",
]


# ---------------------------------------------------------------- params


class Params(BaseModel):
    """What a person typed, validated (ranges; resolve thresholds on the right side of fire ones).
    The defaults are the template's."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    for_seconds: int = Field(0, ge=0, le=7 * 86400)  # the condition must hold this long to fire


class PerCampaignParams(Params):
    per_campaign: bool = True  # without a campaign: each campaign on its own (else their sum)


P = TypeVar("P", bound=Params)


# ---------------------------------------------------------------- evaluation


@dataclass(frozen=True, slots=True)
class Observation:
    """What a rule sees in one scope now: its value, the fire and the resolve condition (between the
    two the state is kept), why it cannot judge (``note``), the arguments of its sentence."""

    value: float | None
    firing: bool
    resolved: bool
    note: str | None = None
    text_args: dict[str, Any] = field(default_factory=dict)
    scope: str = ""
    data: dict[str, Any] | None = None  # kept in the state's ``data`` between ticks (None = unchanged)


@dataclass(frozen=True, slots=True)
class RuleInput:
    snapshot: Snapshot
    campaign_id: int | None
    postback_delay: timedelta
    previous: Mapping[str, AlertStateRow]  # the rule's states by scope, before this tick

    @property
    def now(self) -> datetime:
        return self.snapshot.taken_at


Source: TypeAlias = Literal["health", "report", "logs", "entities"]

# ---------------------------------------------------------------- the form and its units

# int · num (a plain number) · money · pct (a percent as stored: ROI/CR/share)
# share (a 0..1 ratio shown as % of the usual) · times (a ratio ≥ 1 shown as ×N)
# minutes · hours (whole units) · duration (seconds) · bool
Unit: TypeAlias = Literal[
    "int", "num", "money", "pct", "share", "times", "minutes", "hours", "duration", "bool"
]
UNITS: tuple[Unit, ...] = get_args(Unit)


@dataclass(frozen=True, slots=True)
class Step:
    """One value the guided flow asks for: a params field, typed in a unit."""

    name: str
    unit: Unit


FOR = Step("for_seconds", "duration")


@dataclass(frozen=True, slots=True)
class Pair:
    """Hysteresis: the resolve threshold must be ``resolve_is`` ("above" / "below") the fire one."""

    fire: str
    resolve: str
    resolve_is: Literal["above", "below"]


# ---------------------------------------------------------------- what happened, as data


@dataclass(frozen=True, slots=True)
class Val:
    """A value the UI shows in ``unit`` (``num``/``int``/``money``: a number, ``digits`` at most)."""

    unit: Unit
    value: Any
    digits: int = 2


@dataclass(frozen=True, slots=True)
class Phrase:
    """A text from the locale files, itself with arguments (e.g. the words for a failure)."""

    key: str
    args: Mapping[str, Arg] = field(default_factory=dict)


Arg: TypeAlias = "str | Val | Phrase"


@dataclass(frozen=True, slots=True)
class Sentence:
    """What happened: a locale key with its arguments, and lines shown as code below it."""

    key: str
    args: Mapping[str, Arg] = field(default_factory=dict)
    code: tuple[str, ...] = ()


# Failure kinds (``alerts.snapshot.Failure.kind``) with words of their own: ``alerts-fail-<kind>``
FAILURE_WORDS = frozenset(
    {"cloudflare", "html", "5xx", "401", "402", "403", "timeout", "refused", "dns", "tls", "network"}
)


def failure_phrase(failure: str | None, code: str | None = None) -> Phrase:
    """How a failed tracker call reads: its own words, else the error code."""
    if failure in FAILURE_WORDS:
        return Phrase(f"alerts-fail-{failure}")
    return Phrase("alerts-fail-other", {"code": str(code or failure or "?")})


# ---------------------------------------------------------------- the declaration


def _no_history(_params: Any) -> timedelta:
    return timedelta(0)


def _no_needs(_params: Any, _campaign_id: int | None) -> Needs:
    return Needs()


@dataclass(frozen=True, slots=True, kw_only=True)
class RuleKind(Generic[P]):
    """Everything about one rule kind. The engine (``alerts.rules``) and the UI (``handlers/alerts``)
    read only this; locale keys follow its ``name`` (``alerts-kind-<name>``, ``alerts-kind-<name>-about``,
    ``alerts-q-<name>-<field>``; ``alerts-p-<field>`` per field)."""

    name: str  # stored in the rule row
    order: int  # where the kind is offered in the list of templates
    params: type[P]
    evaluate: Callable[[P, RuleInput], list[Observation]]  # pure: one observation per scope
    describe: Callable[[Mapping[str, Any], P, float | None], Sentence]  # (text_args, params, value)
    source: Source  # what the evaluation reads; when that call fails the rule is in ERROR
    worse: Literal["higher", "lower"] | None  # which way the worst value goes (None: no worst value)
    value_unit: Unit  # how an observation's value reads
    steps: tuple[Step, ...]  # the guided flow, in order (params fields)
    examples: tuple[Mapping[str, Any], ...]  # text_args as evaluate makes them, one per kind of sentence
    severity: Severity = Severity.WARNING  # the default
    conversion_based: bool = False  # skips the most recent postback_delay_minutes
    history: Callable[[P], timedelta] = _no_history  # how far back the report must go ("report" only)
    needs: Callable[[P, int | None], Needs] = _no_needs  # the rest of the snapshot (logs, entities)
    one_campaign: bool = False  # may watch one campaign (else the tracker as a whole)
    pair: Pair | None = None
    model_error: str | None = None  # locale key when the model refuses the values as a whole
    report_metrics: tuple[str, ...] = ()  # the "📊 Open report" columns (none: the report's own)
    names_campaign_in_sentence: bool = False  # an alert about a campaign: the sentence names it
    pausable: bool = True  # "⏸ Disable campaign" makes sense on an alert about a campaign
    shows_value: bool = True  # the value means something to a person (not a count of failed checks)
    tools: Literal["report", "tracker"] = "report"  # 📊 report, or 🔌 check + 📜 postback log

    @property
    def metric(self) -> bool:
        """Rules that read the tracker's numbers: ERROR (neither fire nor resolve) while it fails."""
        return self.source != "health"

    @property
    def has_worst_value(self) -> bool:
        return self.worse is not None

    def defaults(self) -> dict[str, Any]:
        return self.params().model_dump()

    def shown(self, raw: Mapping[str, Any]) -> P:
        """The params to describe a rule with: validated over the defaults, or — an old rule the model
        refuses now — the stored values over the defaults, unchecked."""
        values = {**self.defaults(), **dict(raw)}
        try:
            return self.params.model_validate(values)
        except ValidationError:
            # (the pydantic mypy plugin types model_construct as the base class's)
            return cast(P, self.params.model_construct(**values))
