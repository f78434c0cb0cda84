"""Tracker users."""

from __future__ import annotations

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
