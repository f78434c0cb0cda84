"""Tracker users (all ``/users`` routes need an admin key)."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any

from pydantic import BeforeValidator, Field

from keitaro.models.base import (
    Id,
    KeitaroModel,
    OptStr,
    UserLanguageField,
    UserType,
    UserTypeField,
    _php_empty_to_dict,
    _php_empty_to_none,
)

__all__ = [
    "ACCESS_ENTITIES",
    "AccessType",
    "KeitaroUser",
    "UserAccessRequest",
    "UserPreferences",
    "UserRequest",
]


class UserPreferences(KeitaroModel):
    language: UserLanguageField = None
    timezone: OptStr = None


class KeitaroUser(KeitaroModel):
    """A tracker user (``User`` in the spec; renamed so it never clashes with a bot user)."""

    id: Id
    login: str = ""
    type: UserTypeField = None
    access_data: Annotated[dict[str, Any], BeforeValidator(_php_empty_to_dict)] = Field(default_factory=dict)
    preferences: Annotated[UserPreferences | None, BeforeValidator(_php_empty_to_none)] = None

    @property
    def is_admin(self) -> bool:
        return isinstance(self.type, str) and self.type.upper() == UserType.ADMIN


class AccessType(StrEnum):
    """Per-entity access levels in ``access_data`` (``<entity>_access_type``)."""

    FULL_ACCESS = "full_access"
    READ_ONLY = "read_only"
    TO_GROUPS_AND_SELECTED = "to_groups_and_selected"
    CREATED_BY_USER_GROUPS_AND_SELECTED = "created_by_user_groups_and_selected"


ACCESS_ENTITIES = (
    "offers",
    "campaigns",
    "landings",
    "traffic_sources",
    "streams",
    "affiliate_networks",
    "domains",
)
"""Entities whose access is set per user: ``access_data["<entity>_access_type"]``."""


class UserRequest(KeitaroModel):
    """Body of create (``login``, ``type``, ``new_password``, ``new_password_confirmation``
    required) and update (any subset; ``keyCount`` only there). Passwords never appear in repr."""

    login: str | None = None
    type: UserType | None = None
    new_password: str | None = Field(default=None, repr=False)
    new_password_confirmation: str | None = Field(default=None, repr=False)
    preferences: UserPreferences | None = None
    key_count: int | None = Field(default=None, alias="keyCount")


class UserAccessRequest(KeitaroModel):
    """Body of ``PUT /users/{id}/access``: ``access_data`` maps ``<entity>_access_type`` to an
    :class:`AccessType` value, plus ``resources`` and ``reports`` lists."""

    access_data: dict[str, Any]
