"""Logs: ``POST /logs/types``, ``GET /logs/{type}`` (``limit`` required; ``offset``, ``query``),
``DELETE /logs/{type}`` (clears the log)."""

from __future__ import annotations

from keitaro.models.traffic import LogEntry
from keitaro.resources.operations import Op, Resource

__all__ = ["LogsResource"]


class LogsResource(Resource):
    name = "logs"

    types = Op("POST", "/logs/types", idempotent=True)
    read = Op("GET", "/logs/{type}", returns=[LogEntry], required_query=("limit",))
    clear = Op("DELETE", "/logs/{type}")
