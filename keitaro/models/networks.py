"""Affiliate networks (``AffiliateNetwork``) and traffic sources (``Source`` in the spec)."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any

from pydantic import BeforeValidator, Field

from keitaro.models.base import (
    Id,
    KeitaroModel,
    OptBool,
    OptFloat,
    OptInt,
    OptStr,
    TimeStr,
    _blank_to_none,
    _php_empty_to_dict,
)
from keitaro.models.campaigns import Placeholder

__all__ = [
    "AffiliateNetwork",
    "AffiliateNetworkRequest",
    "ArchiveState",
    "PostbackStatus",
    "TrafficSource",
    "TrafficSourceRequest",
]


class ArchiveState(StrEnum):
    """``state`` of entities that are archived rather than disabled (networks, sources, domains)."""

    ACTIVE = "active"
    DELETED = "deleted"


class PostbackStatus(StrEnum):
    """Conversion statuses a traffic source's postback can be sent for (Keitaro's native ones)."""

    LEAD = "lead"
    SALE = "sale"
    REJECTED = "rejected"
    REBILL = "rebill"


ArchiveStateField = Annotated[
    ArchiveState | str | None, Field(union_mode="left_to_right"), BeforeValidator(_blank_to_none)
]


def _statuses(value: Any) -> Any:
    """``["lead", "sale"]``; also tolerates ``None`` and a comma-separated string."""
    if value is None or value == "":
        return []
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    return value


def _parameters(value: Any) -> Any:
    value = _php_empty_to_dict(value)
    if isinstance(value, dict):
        return {str(k): (v if isinstance(v, dict) else None) for k, v in value.items()}
    return value


def _json_text_or_object(value: Any) -> Any:
    """``pull_api_options`` is a string in the spec; some trackers send an object (or ``[]``)."""
    if value in ("", [], None):
        return None
    return value


class AffiliateNetwork(KeitaroModel):
    id: Id
    name: str = ""
    postback_url: OptStr = None
    offer_param: OptStr = None
    state: ArchiveStateField = None
    template_name: OptStr = None
    notes: OptStr = None
    pull_api_options: Annotated[str | dict[str, Any] | None, BeforeValidator(_json_text_or_object)] = None
    created_at: TimeStr = None
    updated_at: TimeStr = None
    offers: OptInt = None
    """How many offers belong to the network."""

    @property
    def is_archived(self) -> bool:
        return self.state == ArchiveState.DELETED


class AffiliateNetworkRequest(KeitaroModel):
    """Body of create/update (``AffiliateNetworkObject``); ``name`` is required on create."""

    name: str | None = None
    postback_url: str | None = None
    offer_param: str | None = None
    notes: str | None = None


StatusList = Annotated[list[str], BeforeValidator(_statuses)]
Parameters = Annotated[dict[str, Placeholder | None], BeforeValidator(_parameters)]


class TrafficSource(KeitaroModel):
    """A traffic source: where clicks come from and where its postback goes."""

    id: Id
    name: str = ""
    postback_url: OptStr = None
    postback_statuses: StatusList = Field(default_factory=list)
    """Conversion statuses the postback is sent for (see :class:`PostbackStatus`)."""
    template_name: OptStr = None
    accept_parameters: OptBool = None
    parameters: Parameters = Field(default_factory=dict)
    notes: OptStr = None
    state: ArchiveStateField = None
    created_at: TimeStr = None
    updated_at: TimeStr = None
    traffic_loss: OptFloat = None
    update_in_campaigns: OptStr = None

    @property
    def is_archived(self) -> bool:
        return self.state == ArchiveState.DELETED


class TrafficSourceRequest(KeitaroModel):
    """Body of create/update (``SourceRequest``). Unset fields are not sent."""

    name: str | None = None
    postback_url: str | None = None
    postback_statuses: list[str] | None = None
    template_name: str | None = None
    accept_parameters: bool | None = None
    parameters: dict[str, Placeholder] | None = None
    notes: str | None = None
    state: str | None = None
    traffic_loss: float | None = None
