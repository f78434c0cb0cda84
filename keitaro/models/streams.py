"""Flows (streams): the flow, its filters, triggers and offer/landing shares, and the catalogues
(``/stream_types``, ``/stream_schemas``, ``/streams_actions``, ``/stream_filters``)."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any

from pydantic import AliasChoices, BeforeValidator, Field

from keitaro.models.base import (
    _LEFT_TO_RIGHT,
    Id,
    KeitaroModel,
    OptBool,
    OptInt,
    OptStr,
    TimeStr,
    _Blank,
    _blank_to_none,
    _none_to_list,
    _php_empty_to_dict,
    _php_empty_to_none,
)

__all__ = [
    "ActionPayload",
    "LandingShare",
    "OfferShare",
    "OptNumber",
    "Stream",
    "StreamCatalogItem",
    "StreamFilter",
    "StreamFilterInfo",
    "StreamFilterMode",
    "StreamFilterRequest",
    "StreamLanding",
    "StreamOffer",
    "StreamRequest",
    "StreamSchema",
    "StreamState",
    "StreamTrigger",
    "StreamType",
]


class StreamType(StrEnum):
    """``forced`` flows are checked first, ``regular`` by position/weight, ``default`` last."""

    FORCED = "forced"
    REGULAR = "regular"
    DEFAULT = "default"


class StreamSchema(StrEnum):
    """What a flow does: show landings (then offers), redirect to offers, or run an action."""

    LANDINGS = "landings"
    REDIRECT = "redirect"
    ACTION = "action"


class StreamState(StrEnum):
    ACTIVE = "active"
    DISABLED = "disabled"
    DELETED = "deleted"


class StreamFilterMode(StrEnum):
    ACCEPT = "accept"
    REJECT = "reject"


StreamTypeField = Annotated[StreamType | str | None, _LEFT_TO_RIGHT, _Blank]
StreamSchemaField = Annotated[StreamSchema | str | None, _LEFT_TO_RIGHT, _Blank]
StreamStateField = Annotated[StreamState | str | None, _LEFT_TO_RIGHT, _Blank]
StreamFilterModeField = Annotated[StreamFilterMode | str | None, _LEFT_TO_RIGHT, _Blank]

OptNumber = Annotated[int | float | None, BeforeValidator(_blank_to_none)]
"""A number that stays an ``int`` when it is whole ("100" → 100, "12.5" → 12.5)."""

ActionPayload = Annotated[str | dict[str, Any] | None, BeforeValidator(_php_empty_to_none)]
"""A URL or text (``str``) or an object, depending on the action type."""

_Options = Annotated[dict[str, Any], BeforeValidator(_php_empty_to_dict)]


class StreamFilter(KeitaroModel):
    """One filter of a flow (``country`` accept ``["US", "DE"]``, ...)."""

    id: OptInt = None
    stream_id: OptInt = None
    name: OptStr = None
    mode: StreamFilterModeField = None
    payload: Any = None
    oid: OptStr = None


class StreamTrigger(KeitaroModel):
    """A flow trigger (checks a page and disables/replaces it). The spec's response schema spells
    ``target`` as ``taget``; both are read into :attr:`target`."""

    id: OptInt = None
    oid: OptInt = None
    stream_id: OptInt = None
    target: OptStr = Field(default=None, validation_alias=AliasChoices("target", "taget"))
    condition: OptStr = None
    selected_page: OptStr = None
    pattern: OptStr = None
    action: OptStr = None
    interval: OptInt = None
    next_run_at: OptInt = None
    alternative_urls: OptStr = None
    grab_from_page: OptStr = None
    av_settings: OptStr = None
    reverse: OptBool = None
    enabled: OptBool = None
    scan_page: OptBool = None


class OfferShare(KeitaroModel):
    """An offer in a flow as sent in requests (``OfferStreamRequest``)."""

    offer_id: int
    share: int
    state: StreamStateField = StreamState.ACTIVE


class LandingShare(KeitaroModel):
    """A landing page in a flow as sent in requests (``LandingStreamRequest``)."""

    landing_id: int
    share: int
    state: StreamStateField = StreamState.ACTIVE


class StreamOffer(KeitaroModel):
    """An offer linked to a flow, with its share of the flow's traffic (percent)."""

    id: OptInt = None
    stream_id: OptInt = None
    offer_id: Id
    state: StreamStateField = None
    share: OptInt = None
    created_at: TimeStr = None
    updated_at: TimeStr = None

    def as_request(self) -> OfferShare:
        return OfferShare(
            offer_id=self.offer_id, share=self.share or 0, state=self.state or StreamState.ACTIVE
        )


class StreamLanding(KeitaroModel):
    """A landing page linked to a flow, with its share of the flow's traffic (percent)."""

    id: OptInt = None
    stream_id: OptInt = None
    landing_id: Id
    state: StreamStateField = None
    share: OptInt = None
    created_at: TimeStr = None
    updated_at: TimeStr = None

    def as_request(self) -> LandingShare:
        return LandingShare(
            landing_id=self.landing_id, share=self.share or 0, state=self.state or StreamState.ACTIVE
        )


class Stream(KeitaroModel):
    """A flow of a campaign."""

    id: Id
    campaign_id: OptInt = None
    type: StreamTypeField = None
    name: str = ""
    position: OptInt = None
    weight: OptNumber = None
    state: StreamStateField = None
    schema_: StreamSchemaField = Field(default=None, alias="schema")
    action_type: OptStr = None
    action_payload: ActionPayload = None
    action_options: _Options = Field(default_factory=dict)
    comments: OptStr = None
    collect_clicks: OptBool = None
    filter_or: OptBool = None
    filters: Annotated[list[StreamFilter], BeforeValidator(_none_to_list)] = Field(default_factory=list)
    triggers: Annotated[list[StreamTrigger], BeforeValidator(_none_to_list)] = Field(default_factory=list)
    landings: Annotated[list[StreamLanding], BeforeValidator(_none_to_list)] = Field(default_factory=list)
    offers: Annotated[list[StreamOffer], BeforeValidator(_none_to_list)] = Field(default_factory=list)
    created_at: TimeStr = None
    updated_at: TimeStr = None

    @property
    def is_active(self) -> bool:
        return self.state == StreamState.ACTIVE


class StreamFilterRequest(KeitaroModel):
    """A flow filter as sent in requests; give ``id`` to keep an existing filter."""

    id: int | None = None
    name: str
    mode: StreamFilterModeField = StreamFilterMode.ACCEPT
    payload: Any = None


class StreamRequest(KeitaroModel):
    """Body of ``POST /streams`` (``campaign_id``, ``type``, ``name``, ``schema``, ``action_type``
    required) and ``PUT /streams/{id}`` (send only what changes). ``offers``/``landings``/``filters``
    replace the whole list; active shares add up to 100."""

    campaign_id: int | None = None
    type: StreamTypeField = None
    name: str | None = None
    schema_: StreamSchemaField = Field(default=None, alias="schema")
    action_type: str | None = None
    action_payload: str | dict[str, Any] | None = None
    action_options: dict[str, Any] | None = None
    position: int | None = None
    weight: int | float | None = None
    state: StreamStateField = None
    comments: str | None = None
    collect_clicks: bool | None = None
    filter_or: bool | None = None
    filters: list[StreamFilterRequest] | None = None
    triggers: list[dict[str, Any]] | None = None
    landings: list[LandingShare] | None = None
    offers: list[OfferShare] | None = None


class StreamCatalogItem(KeitaroModel):
    """An entry of ``/stream_types``, ``/stream_schemas`` or ``/streams_actions``."""

    key: OptStr = None
    name: OptStr = None
    field: OptStr = None
    type: OptStr = None
    description: OptStr = None


class StreamFilterModes(KeitaroModel):
    accept: OptStr = None
    reject: OptStr = None


class StreamFilterInfo(KeitaroModel):
    """An available flow filter (``/stream_filters``): ``value`` is the name used in flows."""

    value: OptStr = None
    tooltip: OptStr = None
    modes: Annotated[StreamFilterModes | None, BeforeValidator(_php_empty_to_none)] = None
    group: OptStr = None
    template: OptStr = None
    header_template: OptStr = None
    defaults: Any = None
