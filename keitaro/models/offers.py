"""Offers, and the file-editor shapes shared by offers and landing pages."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any

from pydantic import BeforeValidator, Field

from keitaro.models.base import (
    _LEFT_TO_RIGHT,
    Id,
    KeitaroModel,
    OptBool,
    OptFloat,
    OptInt,
    OptStr,
    TimeStr,
    _Blank,
    _none_to_list,
    _php_empty_to_dict,
)
from keitaro.models.streams import ActionPayload, OptNumber

__all__ = [
    "REDIRECT_ACTIONS",
    "EditorFile",
    "FileContent",
    "FilePath",
    "Offer",
    "OfferState",
    "OfferType",
    "PayoutType",
    "payload_url",
]

REDIRECT_ACTIONS = frozenset(
    (
        "http",
        "http302",
        "meta",
        "double_meta",
        "js",
        "blank_referrer",
        "formsubmit",
        "iframe",
        "curl",
        "remote",
    )
)
"""Action types whose ``action_payload`` is the URL the visitor is sent to."""


class OfferType(StrEnum):
    EXTERNAL = "external"
    LOCAL = "local"
    PRELOADED = "preloaded"
    ACTION = "action"


class PayoutType(StrEnum):
    CPA = "CPA"
    CPC = "CPC"


class OfferState(StrEnum):
    ACTIVE = "active"
    DISABLED = "disabled"
    DELETED = "deleted"


OfferTypeField = Annotated[OfferType | str | None, _LEFT_TO_RIGHT, _Blank]
PayoutTypeField = Annotated[PayoutType | str | None, _LEFT_TO_RIGHT, _Blank]
OfferStateField = Annotated[OfferState | str | None, _LEFT_TO_RIGHT, _Blank]


def _countries(value: Any) -> Any:
    if value is None or value in ("", {}):
        return []
    if isinstance(value, str):
        return [c.strip() for c in value.split(",") if c.strip()]
    return value


def _none_to_empty(value: Any) -> Any:
    return "" if value is None else value


def payload_url(model: KeitaroModel, kind: str | None, action_type: str | None, payload: Any) -> str | None:
    """The address an offer/landing sends visitors to: a ``url`` field when the tracker sends one,
    else the ``action_payload`` of an external or redirecting one."""
    sent = (model.__pydantic_extra__ or {}).get("url")
    if isinstance(sent, str) and sent.strip():
        return sent
    if not isinstance(payload, str) or not payload.strip():
        return None
    if kind == "external" or (action_type or "") in REDIRECT_ACTIONS:
        return payload
    return None


class Offer(KeitaroModel):
    id: Id
    name: str = ""
    group_id: OptInt = None
    offer_type: OfferTypeField = None
    action_type: OptStr = None
    action_payload: ActionPayload = None
    action_options: Annotated[dict[str, Any], BeforeValidator(_php_empty_to_dict)] = Field(
        default_factory=dict
    )
    affiliate_network_id: OptInt = None
    affiliate_network: OptStr = None
    payout_value: OptFloat = None
    payout_currency: OptStr = None
    payout_type: PayoutTypeField = None
    payout_auto: OptBool = None
    payout_upsell: OptBool = None
    state: OfferStateField = None
    country: Annotated[list[str], BeforeValidator(_countries)] = Field(default_factory=list)
    notes: OptStr = None
    archive: OptStr = None
    local_path: OptStr = None
    preview_path: OptStr = None
    conversion_cap_enabled: OptBool = None
    daily_cap: OptNumber = None
    conversion_timezone: OptStr = None
    alternative_offer_id: OptInt = None
    created_at: TimeStr = None
    updated_at: TimeStr = None

    @property
    def url(self) -> str | None:
        """Where the offer sends visitors (external/redirect offers), else ``None``."""
        return payload_url(self, self.offer_type, self.action_type, self.action_payload)

    @property
    def is_active(self) -> bool:
        return self.state == OfferState.ACTIVE


# ---- the file editor of local offers and landing pages ----


class EditorFile(KeitaroModel):
    """A node of ``get_structure``: a directory (``type`` "dir", with ``children``) or a file."""

    name: OptStr = None
    type: OptStr = None
    ext: OptStr = None
    path: OptStr = None
    children: Annotated[list[EditorFile], BeforeValidator(_none_to_list)] = Field(default_factory=list)

    @property
    def is_dir(self) -> bool:
        return self.type == "dir" or bool(self.children)

    def walk(self) -> list[EditorFile]:
        """This node and every node below it, depth first."""
        nodes = [self]
        for child in self.children:
            nodes.extend(child.walk())
        return nodes

    def file_paths(self) -> list[str]:
        return [n.path for n in self.walk() if not n.is_dir and n.path]


class FileContent(KeitaroModel):
    """``get_file``: the file's text."""

    data: Annotated[str, BeforeValidator(_none_to_empty)] = ""


class FilePath(KeitaroModel):
    """``add_file`` / ``update_file``: the path written."""

    path: OptStr = None
