"""Landing pages: ``/landing_pages`` (clone is a PUT), file endpoints."""

from __future__ import annotations

from keitaro.resources import Resource

__all__ = ["LandingPagesResource"]


class LandingPagesResource(Resource):
    name = "landing_pages"
