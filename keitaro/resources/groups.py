"""Groups of campaigns, offers and landing pages: ``/groups``."""

from __future__ import annotations

from keitaro.models.groups import Group
from keitaro.resources.operations import Op, Resource

__all__ = ["GroupsResource"]


class GroupsResource(Resource):
    name = "groups"

    list = Op("GET", "/groups", returns=[Group], required_query=("type",))
    """``await client.groups.list(type="offers")`` — ``type`` is a :class:`GroupType` value."""
    create = Op("POST", "/groups", returns=Group, body=True)
    update = Op("PUT", "/groups/{id}", returns=Group, body=True)
    delete = Op("DELETE", "/groups/{id}/delete", returns=Group)
