"""Integrations: ``/integrations/...``."""

from __future__ import annotations

from keitaro.resources import Resource

__all__ = ["IntegrationsResource"]


class IntegrationsResource(Resource):
    name = "integrations"
