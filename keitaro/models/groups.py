"""Groups of campaigns, offers and landing pages (``Group``)."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import BeforeValidator, Field

from keitaro.models.base import Id, KeitaroModel, OptInt, _blank_to_none

__all__ = ["Group", "GroupRequest", "GroupType"]


class GroupType(StrEnum):
    """What a group holds; ``GET /groups`` needs it as the ``type`` query parameter."""

    CAMPAIGNS = "campaigns"
    OFFERS = "offers"
    LANDINGS = "landings"


GroupTypeField = Annotated[
    GroupType | str | None, Field(union_mode="left_to_right"), BeforeValidator(_blank_to_none)
]


class Group(KeitaroModel):
    id: Id
    name: str = ""
    position: OptInt = None
    type: GroupTypeField = None


class GroupRequest(KeitaroModel):
    """Body of create (``name`` and ``type`` required) and update."""

    name: str | None = None
    type: GroupType | None = None
