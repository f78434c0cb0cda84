"""Reports: ``POST /report/build``, ``GET /report/labels``."""

from __future__ import annotations

from keitaro.resources import Resource

__all__ = ["ReportsResource"]


class ReportsResource(Resource):
    name = "reports"
