"""Traffic sources: ``/traffic_sources`` (their postback URL and statuses included)."""

from __future__ import annotations

from keitaro.models.networks import TrafficSource
from keitaro.resources.operations import GetOp, ListOp, Op, Resource

__all__ = ["TrafficSourcesResource"]


class TrafficSourcesResource(Resource):
    name = "traffic_sources"

    list = ListOp(TrafficSource, "/traffic_sources")
    get = GetOp(TrafficSource, "/traffic_sources/{id}")
    create = Op("POST", "/traffic_sources", returns=TrafficSource, body=True)
    update = Op("PUT", "/traffic_sources/{id}", returns=TrafficSource, body=True)
    archive = Op("DELETE", "/traffic_sources/{id}")
    """Sets ``state`` to ``deleted``; the spec documents no body, so the raw answer is returned."""
    clone = Op("POST", "/traffic_sources/{id}/clone", returns=TrafficSource)
