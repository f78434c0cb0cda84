"""Conversions: ``POST /conversions/log``."""

from __future__ import annotations

from keitaro.resources import Resource

__all__ = ["ConversionsResource"]


class ConversionsResource(Resource):
    name = "conversions"
