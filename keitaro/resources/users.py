"""Tracker users (``/users``). Keys of non-admin users get 403 here. This slice: list and get."""

from __future__ import annotations

from keitaro.models import KeitaroUser
from keitaro.resources import GetOp, ListOp, Resource

__all__ = ["UsersResource"]


class UsersResource(Resource):
    name = "users"

    list = ListOp(KeitaroUser, "/users")
    get = GetOp(KeitaroUser, "/users/{id}")
