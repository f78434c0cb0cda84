"""Reports, click/conversion logs and tracker logs (``/report/build``, ``/clicks/log``,
``/conversions/log``, ``/logs/{type}``): results, rows, and the filters/sort items of queries
(the queries themselves are in :mod:`keitaro.reports`).

Report and log rows are flat objects keyed by the requested names. Keitaro sends numbers either as
numbers or as numeric strings depending on the field and version, so :class:`ReportResult` coerces
the values of *known numeric names* (metrics, money columns, ``*_id`` columns, time parts) and of the
``is_*`` flags; everything else (``sub_id_1``, ``ip``, ``country`` …) is kept exactly as sent,
so ``"007"`` stays a string.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from enum import StrEnum
from typing import Any

from pydantic import AliasChoices, BaseModel, ConfigDict, Field, field_validator, model_validator

from keitaro.models.base import KeitaroModel, OptInt, OptStr, TimeStr

__all__ = [
    "FLAG_COLUMNS",
    "INTEGER_METRICS",
    "LABEL_OPERATORS",
    "LIST_OPERATORS",
    "METRICS",
    "NO_EXPRESSION",
    "NUMERIC_COLUMNS",
    "ConversionStatus",
    "Filter",
    "FilterOperator",
    "LabelsUpdate",
    "LogEntry",
    "LogType",
    "ReportResult",
    "Sort",
    "SortOrder",
    "Success",
    "coerce_flag",
    "coerce_number",
    "coerce_row",
]


class ConversionStatus(StrEnum):
    """Keitaro's native conversion statuses."""

    LEAD = "lead"
    SALE = "sale"
    REJECTED = "rejected"
    REBILL = "rebill"


class LogType(StrEnum):
    """Log types of ``GET /logs/{type}`` (the spec's enum)."""

    SYSTEM = "system"
    TRAFFIC = "traffic"
    POSTBACKS = "postbacks"
    SSL = "ssl"
    SENT_POSTBACKS = "sent_postbacks"


INTEGER_METRICS = frozenset(
    {
        "clicks",
        "campaign_unique_clicks",
        "stream_unique_clicks",
        "global_unique_clicks",
        "bots",
        "proxies",
        "empty_referrers",
        "conversions",
        "leads",
        "sales",
        "rejected",
        "rebills",
        "lp_clicks",
        "lp_views",
    }
)
"""Metrics that count things."""

METRICS = INTEGER_METRICS | frozenset(
    {
        "uc_campaign_rate",
        "uc_stream_rate",
        "uc_global_rate",
        "bot_share",
        "approve",
        "lp_ctr",
        "landing_clicked_period",
        "cr",
        "crs",
        "crl",
        "roi",
        "roi_confirmed",
        "epc",
        "epc_confirmed",
        "cps",
        "cpa",
        "cpc",
        "ecpc",
        "ecpm",
        "ecpm_confirmed",
        "ec",
        "ec_confirmed",
        "profitability",
        "cost",
        "revenue",
        "profit",
        "lead_revenue",
        "sale_revenue",
        "rejected_revenue",
        "profit_confirmed",
        "confirmed_revenue",
        "confirmed_profit",
    }
)
"""Every metric (measure) name of the 2022 documentation, plus names newer clients use."""

NUMERIC_COLUMNS = METRICS | frozenset(
    {
        "campaign_id",
        "campaign_group_id",
        "parent_campaign_id",
        "landing_id",
        "offer_id",
        "ts_id",
        "stream_id",
        "affiliate_network_id",
        "language_id",
        "device_type_id",
        "conversion_id",
        "year",
        "hour",
        "weekday",
        "sale_period",
        "original_revenue",
    }
)
"""Row keys whose values are numbers."""

FLAG_COLUMNS = frozenset(
    {
        "is_unique_stream",
        "is_unique_campaign",
        "is_unique_global",
        "is_lead",
        "is_sale",
        "is_rejected",
        "is_bot",
        "is_using_proxy",
        "is_empty_referrer",
        "landing_clicked",
    }
)
"""Row keys whose values are booleans (sent as ``1``/``0``, ``"1"``/``"0"`` or ``true``/``false``)."""


def coerce_number(value: Any) -> Any:
    """``"340"`` → 340, ``"21.50"`` → 21.5, ``"1,5"`` → 1.5, ``""``/``None`` → ``None``; anything
    that is not a number is returned unchanged."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return value
    if not isinstance(value, str):
        return value
    text = value.strip()
    if not text:
        return None
    if "_" in text:
        return value
    if "," in text and "." not in text:
        text = text.replace(",", ".")
    try:
        return int(text)
    except ValueError:
        pass
    try:
        number = float(text)
    except ValueError:
        return value
    return number if math.isfinite(number) else value


def coerce_flag(value: Any) -> Any:
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int | float):
        return bool(value)
    if isinstance(value, str):
        text = value.strip().lower()
        if text in ("1", "true", "yes"):
            return True
        if text in ("0", "false", "no"):
            return False
        if not text:
            return None
    return value


def coerce_row(row: dict[str, Any]) -> dict[str, Any]:
    """A row with the values of numeric and flag keys coerced (see the module docstring)."""
    out: dict[str, Any] = {}
    for key, value in row.items():
        if key in NUMERIC_COLUMNS:
            out[key] = coerce_number(value)
        elif key in FLAG_COLUMNS:
            out[key] = coerce_flag(value)
        else:
            out[key] = value
    return out


class ReportResult(KeitaroModel):
    """The answer of ``/report/build``, ``/clicks/log`` and ``/conversions/log``:
    ``{"rows": [...], "total": N, "meta": ...}``.

    ``total`` is the row count before ``limit``/``offset`` (``None`` when an older tracker omits it).
    ``summary`` holds a totals block when the tracker sends one (``summary`` or ``totals``; none of
    the documented versions does), coerced like a row.
    """

    rows: list[dict[str, Any]] = Field(default_factory=list)
    total: OptInt = None
    meta: Any = None
    summary: dict[str, Any] | None = Field(default=None, validation_alias=AliasChoices("summary", "totals"))

    @field_validator("rows", mode="before")
    @classmethod
    def _rows(cls, value: Any) -> Any:
        if value is None or value == {}:
            return []
        if isinstance(value, list):
            return [coerce_row(row) if isinstance(row, dict) else row for row in value]
        return value

    @field_validator("summary", mode="before")
    @classmethod
    def _summary(cls, value: Any) -> Any:
        if value in ([], "", None):
            return None
        if isinstance(value, dict):
            return coerce_row(value)
        return value

    def column(self, name: str) -> list[Any]:
        """The values of one column, in row order (``None`` where a row lacks it)."""
        return [row.get(name) for row in self.rows]

    def __len__(self) -> int:
        return len(self.rows)


class LogEntry(KeitaroModel):
    """One line of ``GET /logs/{type}``."""

    datetime: TimeStr = None
    jid: OptStr = None
    message: str = ""

    @field_validator("message", mode="before")
    @classmethod
    def _message(cls, value: Any) -> Any:
        return "" if value is None else str(value)


class LabelsUpdate(KeitaroModel):
    """Body of ``POST /report/labels``: ``items`` maps a value (an IP, a sub_id …) to its label
    (``whitelist``/``blacklist``; an empty label removes it)."""

    campaign_id: int
    ref_name: str
    items: dict[str, str]


class Success(KeitaroModel):
    """``{"success": true}``."""

    success: bool | None = None


# ---- filters and sorting of report and log queries ----


class FilterOperator(StrEnum):
    """The 21 filter operators of ``/report/build``, ``/clicks/log`` and ``/conversions/log``."""

    EQUALS = "EQUALS"
    NOT_EQUAL = "NOT_EQUAL"
    EQUALS_OR_GREATER_THAN = "EQUALS_OR_GREATER_THAN"
    EQUALS_OR_LESS_THAN = "EQUALS_OR_LESS_THAN"
    GREATER_THAN = "GREATER_THAN"
    LESS_THAN = "LESS_THAN"
    MATCH_REGEXP = "MATCH_REGEXP"
    NOT_MATCH_REGEXP = "NOT_MATCH_REGEXP"
    BEGINS_WITH = "BEGINS_WITH"
    ENDS_WITH = "ENDS_WITH"
    CONTAINS = "CONTAINS"
    NOT_CONTAIN = "NOT_CONTAIN"
    IN_LIST = "IN_LIST"
    NOT_IN_LIST = "NOT_IN_LIST"
    BETWEEN = "BETWEEN"
    IS_SET = "IS_SET"
    IS_NOT_SET = "IS_NOT_SET"
    IS_TRUE = "IS_TRUE"
    IS_FALSE = "IS_FALSE"
    HAS_LABEL = "HAS_LABEL"
    NOT_HAS_LABEL = "NOT_HAS_LABEL"


NO_EXPRESSION = frozenset(
    {FilterOperator.IS_SET, FilterOperator.IS_NOT_SET, FilterOperator.IS_TRUE, FilterOperator.IS_FALSE}
)
LIST_OPERATORS = frozenset({FilterOperator.IN_LIST, FilterOperator.NOT_IN_LIST})
LABEL_OPERATORS = frozenset({FilterOperator.HAS_LABEL, FilterOperator.NOT_HAS_LABEL})
LABELS = ("whitelist", "blacklist")

Scalar = str | int | float


class Filter(BaseModel):
    """``{name, operator, expression}``; the expression's shape is checked against the operator:
    none for ``IS_SET``/``IS_NOT_SET``/``IS_TRUE``/``IS_FALSE``, a non-empty list for ``IN_LIST``/
    ``NOT_IN_LIST`` (a single value is wrapped), two values for ``BETWEEN``, ``whitelist``/
    ``blacklist`` for the label operators, one value otherwise."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = Field(min_length=1)
    operator: FilterOperator
    expression: Scalar | list[Scalar] | None = None

    @classmethod
    def where(cls, name: str, operator: FilterOperator | str, expression: Any = None) -> Filter:
        return cls(name=name, operator=FilterOperator(str(operator).upper()), expression=expression)

    @model_validator(mode="before")
    @classmethod
    def _normalise(cls, data: Any) -> Any:
        if not isinstance(data, Mapping):
            return data
        data = dict(data)
        operator = data.get("operator")
        if isinstance(operator, str):
            data["operator"] = operator = operator.strip().upper()
        expression = data.get("expression")
        if operator in LIST_OPERATORS and expression is not None and not isinstance(expression, list | tuple):
            data["expression"] = [expression]
        elif isinstance(expression, tuple):
            data["expression"] = list(expression)
        return data

    @model_validator(mode="after")
    def _shape(self) -> Filter:
        op, expr = self.operator, self.expression
        if op in NO_EXPRESSION:
            if expr is not None:
                raise ValueError(f"{op} takes no expression")
        elif op in LIST_OPERATORS:
            if not isinstance(expr, list) or not expr:
                raise ValueError(f"{op} needs a non-empty list")
        elif op == FilterOperator.BETWEEN:
            if not isinstance(expr, list) or len(expr) != 2:
                raise ValueError("BETWEEN needs a list of two values")
        elif op in LABEL_OPERATORS:
            if expr not in LABELS:
                raise ValueError(f"{op} needs 'whitelist' or 'blacklist'")
        elif expr is None or isinstance(expr, list):
            raise ValueError(f"{op} needs one value")
        return self

    def to_json(self) -> dict[str, Any]:
        body: dict[str, Any] = {"name": self.name, "operator": self.operator.value}
        if self.expression is not None:
            body["expression"] = (
                list(self.expression) if isinstance(self.expression, list) else self.expression
            )
        return body


class SortOrder(StrEnum):
    ASC = "ASC"
    DESC = "DESC"


class Sort(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = Field(min_length=1)
    order: SortOrder = SortOrder.DESC

    @field_validator("order", mode="before")
    @classmethod
    def _order(cls, value: Any) -> Any:
        return value.strip().upper() if isinstance(value, str) else value

    def to_json(self) -> dict[str, str]:
        return {"name": self.name, "order": self.order.value}
