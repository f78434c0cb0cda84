"""Traffic sources: ``/traffic_sources``."""

from __future__ import annotations

from keitaro.resources import Resource

__all__ = ["TrafficSourcesResource"]


class TrafficSourcesResource(Resource):
    name = "traffic_sources"
