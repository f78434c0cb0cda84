"""Conversions: ``POST /conversions/log`` (with :meth:`ConversionsResource.iter_log` paging)."""

from __future__ import annotations

from keitaro.models.traffic import ReportResult
from keitaro.resources.clicks import LogPaging
from keitaro.resources.operations import Op

__all__ = ["ConversionsResource"]


class ConversionsResource(LogPaging):
    name = "conversions"

    log = Op("POST", "/conversions/log", returns=ReportResult, body=True, idempotent=True)
