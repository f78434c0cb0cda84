"""Tracker users (``/users``). Keys of non-admin users get 403 on every route here."""

from __future__ import annotations

from keitaro.models.users import KeitaroUser
from keitaro.resources.operations import GetOp, ListOp, Op, Resource

__all__ = ["UsersResource"]


class UsersResource(Resource):
    name = "users"

    list = ListOp(KeitaroUser, "/users")
    get = GetOp(KeitaroUser, "/users/{id}")
    create = Op("POST", "/users", returns=KeitaroUser, body=True)
    update = Op("PUT", "/users/{id}", returns=KeitaroUser, body=True)
    delete = Op("DELETE", "/users/{id}")
    """Irreversible. The spec answers 201 with no documented body: the raw answer is returned."""
    access = Op("PUT", "/users/{id}/access", returns=KeitaroUser, body=True)
    """Replace the user's ``access_data`` (body: :class:`UserAccessRequest`)."""
