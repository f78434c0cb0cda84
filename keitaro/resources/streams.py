"""Flows (streams): ``/streams``, and the catalogues ``/stream_types``, ``/stream_schemas``,
``/streams_actions``, ``/stream_filters``."""

from __future__ import annotations

from keitaro.resources import Resource

__all__ = ["StreamsResource"]


class StreamsResource(Resource):
    name = "streams"
