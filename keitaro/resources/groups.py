"""Groups: ``/groups`` (the list needs ``type``; delete is ``DELETE /groups/{id}/delete``)."""

from __future__ import annotations

from keitaro.resources import Resource

__all__ = ["GroupsResource"]


class GroupsResource(Resource):
    name = "groups"
