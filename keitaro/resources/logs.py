"""Logs: ``POST /logs/types``, ``GET/DELETE /logs/{type}``."""

from __future__ import annotations

from keitaro.resources import Resource

__all__ = ["LogsResource"]


class LogsResource(Resource):
    name = "logs"
