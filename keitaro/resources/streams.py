"""Flows (streams): ``/streams``, and the catalogues ``/stream_types``, ``/stream_schemas``,
``/streams_actions``, ``/stream_filters``.

There is no "list all flows": a campaign's flows are ``client.campaigns.streams(campaign_id)``.
``archive`` is ``DELETE /streams/{id}`` (moves the flow to the archive, see ``deleted``/``restore``).
``update`` with ``offers``/``landings`` replaces the whole list; shares are percents.
"""

from __future__ import annotations

from keitaro.models.streams import Stream, StreamCatalogItem, StreamFilterInfo
from keitaro.resources.operations import GetOp, Op, Resource

__all__ = ["StreamsResource"]


class StreamsResource(Resource):
    name = "streams"

    get = GetOp(Stream, "/streams/{id}")
    create = Op("POST", "/streams", returns=Stream, body=True)
    update = Op("PUT", "/streams/{id}", returns=Stream, body=True)
    archive = Op("DELETE", "/streams/{id}", returns=Stream)
    restore = Op("POST", "/streams/{id}/restore", returns=Stream)
    enable = Op("POST", "/streams/{id}/enable", returns=Stream)
    disable = Op("POST", "/streams/{id}/disable", returns=Stream)
    deleted = Op("GET", "/streams/deleted", returns=[Stream])
    search = Op("GET", "/streams/search", returns=[Stream], required_query=("query",))
    events = Op("GET", "/streams/{id}/events")
    """The flow's change history, raw JSON (the spec gives no schema for it)."""

    types = Op("GET", "/stream_types", returns=[StreamCatalogItem])
    schemas = Op("GET", "/stream_schemas", returns=[StreamCatalogItem])
    actions = Op("GET", "/streams_actions", returns=[StreamCatalogItem])
    filters = Op("GET", "/stream_filters", returns=[StreamFilterInfo])
