"""Reports, click/conversion logs and tracker logs (``/report/build``, ``/clicks/log``,
``/conversions/log``, ``/logs/{type}``): results and rows (the filters and sort items of queries
are in :mod:`keitaro.models.query`, the queries themselves in :mod:`keitaro.reports`).

Report and log rows are flat objects keyed by the requested names. Keitaro sends numbers either as
numbers or as numeric strings depending on the field and version, so :class:`ReportResult` coerces
the values of *known numeric names* (metrics, money columns, ``*_id`` columns, time parts) and of the
``is_*`` flags; everything else (``sub_id_1``, ``ip``, ``country`` …) is kept exactly as sent,
so ``"007"`` stays a string.
"""

from __future__ import annotations

import math
from enum import StrEnum
from typing import Any

from pydantic import AliasChoices, Field, ValidatorFunctionWrapHandler, field_validator

from keitaro.models.base import KeitaroModel, OptInt, OptStr, TimeStr

__all__ = [
    "FLAG_COLUMNS",
    "INTEGER_METRICS",
    "METRICS",
    "NUMERIC_COLUMNS",
    "ConversionStatus",
    "LabelsUpdate",
    "LogEntry",
    "LogType",
    "ReportResult",
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
    if "." not in text:  # (int() never takes a point: "21.50" goes straight to float())
        if "," in text:
            text = text.replace(",", ".")
        else:
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
            kind = type(value)  # a number as JSON gave it is kept as it is: no call (the hot path)
            out[key] = value if kind is int or kind is float or value is None else coerce_number(value)
        elif key in FLAG_COLUMNS:
            out[key] = coerce_flag(value)
        else:
            out[key] = value
    return out


def _plain_rows(value: Any) -> list[dict[str, Any]] | None:
    """:func:`coerce_row` of every row when ``value`` is what decoded JSON gives (a list of dicts with
    string keys: what the model's own validation of ``list[dict[str, Any]]`` would only copy), else
    ``None``. Rows of one report share their keys: which of them to coerce is found once per shape."""
    if type(value) is not list:
        return None
    out: list[dict[str, Any]] = []
    shape: Any = None
    numeric: list[str] = []
    flags: list[str] = []
    for row in value:
        if type(row) is not dict:
            return None
        if shape is None or row.keys() != shape:
            if not all(type(key) is str for key in row):
                return None
            shape = row.keys()
            numeric = [key for key in row if key in NUMERIC_COLUMNS]
            flags = [key for key in row if key in FLAG_COLUMNS]
        new = row.copy()
        for key in numeric:
            item = new[key]
            kind = type(item)
            if kind is int or kind is float or item is None:
                continue
            text = item.strip() if kind is str else ""
            if "." in text and "_" not in text:  # money as a string ("21.50"): coerce_number inline
                try:
                    number = float(text)
                except ValueError:
                    continue  # not a number: kept as sent
                if math.isfinite(number):
                    new[key] = number
            else:
                new[key] = coerce_number(item)
        for key in flags:
            new[key] = coerce_flag(new[key])
        out.append(new)
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

    @field_validator("rows", mode="wrap")
    @classmethod
    def _rows(cls, value: Any, handler: ValidatorFunctionWrapHandler) -> Any:
        if value is None or value == {}:
            return []
        plain = _plain_rows(value)  # coerced into new dicts: nothing left for the schema to check
        if plain is not None:
            return plain
        if isinstance(value, list):
            value = [coerce_row(row) if isinstance(row, dict) else row for row in value]
        return handler(value)

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
