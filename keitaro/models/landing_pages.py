"""Landing pages (``Landing`` in the spec)."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any

from pydantic import BeforeValidator, Field

from keitaro.models.base import (
    _LEFT_TO_RIGHT,
    Id,
    KeitaroModel,
    OptInt,
    OptStr,
    TimeStr,
    _Blank,
    _php_empty_to_dict,
)
from keitaro.models.offers import payload_url
from keitaro.models.streams import ActionPayload

__all__ = ["Landing", "LandingState", "LandingType"]


class LandingType(StrEnum):
    LOCAL = "local"
    EXTERNAL = "external"
    PRELOADED = "preloaded"
    ACTION = "action"


class LandingState(StrEnum):
    ACTIVE = "active"
    DISABLED = "disabled"
    DELETED = "deleted"


LandingTypeField = Annotated[LandingType | str | None, _LEFT_TO_RIGHT, _Blank]
LandingStateField = Annotated[LandingState | str | None, _LEFT_TO_RIGHT, _Blank]


class Landing(KeitaroModel):
    """A landing page."""

    id: Id
    name: str = ""
    landing_type: LandingTypeField = None
    action_type: OptStr = None
    action_payload: ActionPayload = None
    action_options: Annotated[dict[str, Any], BeforeValidator(_php_empty_to_dict)] = Field(
        default_factory=dict
    )
    group_id: OptInt = None
    offer_count: OptInt = None
    state: LandingStateField = None
    notes: OptStr = None
    archive: OptStr = None
    local_path: OptStr = None
    preview_path: OptStr = None
    created_at: TimeStr = None
    updated_at: TimeStr = None

    @property
    def url(self) -> str | None:
        """Where an external landing lives, else ``None`` (local ones are served by the tracker)."""
        return payload_url(self, self.landing_type, self.action_type, self.action_payload)

    @property
    def is_active(self) -> bool:
        return self.state == LandingState.ACTIVE
