"""Clicks: ``POST /clicks/log``, ``/clicks/update_costs``, ``/clicks/clean``."""

from __future__ import annotations

from keitaro.resources import Resource

__all__ = ["ClicksResource"]


class ClicksResource(Resource):
    name = "clicks"
