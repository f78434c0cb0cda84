"""The filter and sort items of report and log queries (``/report/build``, ``/clicks/log``,
``/conversions/log``): the 21 filter operators and the shape of each one's expression, and sorting.
The queries themselves are in :mod:`keitaro.reports`."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

__all__ = [
    "LABEL_OPERATORS",
    "LIST_OPERATORS",
    "NO_EXPRESSION",
    "Filter",
    "FilterOperator",
    "Sort",
    "SortOrder",
]


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
