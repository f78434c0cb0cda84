"""Conversions: ``POST /conversions/log`` (with :meth:`ConversionsResource.iter_log` paging)."""

from __future__ import annotations

from keitaro.models.traffic import ReportResult
from keitaro.resources import Op
from keitaro.resources.clicks import LogPaging

__all__ = ["ConversionsResource"]


class ConversionsResource(LogPaging):
    name = "conversions"

    log = Op("POST", "/conversions/log", returns=ReportResult, body=True, idempotent=True)
