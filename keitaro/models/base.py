"""Lenient pydantic models of Keitaro entities.

Keitaro returns numbers as strings ("0.50", "3"), empty strings for unset numbers, PHP's ``[]``
for empty objects, and adds fields between versions. So:

* every model keeps unknown fields (``extra="allow"``);
* numeric fields use :data:`OptInt`/:data:`OptFloat`/:data:`OptBool`: lax coercion, ``""`` → ``None``;
* enum fields accept unknown values and keep them as plain ``str`` (:class:`enum.StrEnum`
  members compare equal to their strings, so ``campaign.state == "active"`` always works).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

__all__ = [
    "BindVisitors",
    "CampaignState",
    "CampaignType",
    "CostType",
    "Id",
    "KeitaroModel",
    "OptBool",
    "OptFloat",
    "OptInt",
    "OptStr",
    "PostbackMethod",
    "UserLanguage",
    "UserType",
]


def _blank_to_none(value: Any) -> Any:
    if isinstance(value, str) and not value.strip():
        return None
    return value


def _to_int(value: Any) -> Any:
    value = _blank_to_none(value)
    if isinstance(value, str):
        text = value.strip()
        # "12.0" → 12 (but "12.5" still fails: a fraction is not an integer)
        if "." in text:
            try:
                as_float = float(text)
            except ValueError:
                return value
            if as_float.is_integer():
                return int(as_float)
        return text
    return value


def _to_float(value: Any) -> Any:
    value = _blank_to_none(value)
    if isinstance(value, str):
        text = value.strip()
        return text.replace(",", ".") if "," in text and "." not in text else text
    return value


def _time_to_str(value: Any) -> Any:
    """PHP ``DateTime`` objects ``{"date": ..., "timezone_type": ..., "timezone": ...}`` → the date."""
    if isinstance(value, dict) and "date" in value:
        return str(value["date"])
    return _blank_to_none(value)


def _none_to_list(value: Any) -> Any:
    return [] if value is None else value


def _php_empty_to_dict(value: Any) -> Any:
    if value is None or value == []:
        return {}
    return value


def _php_empty_to_none(value: Any) -> Any:
    if value in ([], ""):
        return None
    return value


Id = Annotated[int, BeforeValidator(_to_int)]
OptInt = Annotated[int | None, BeforeValidator(_to_int)]
OptFloat = Annotated[float | None, BeforeValidator(_to_float)]
OptBool = Annotated[bool | None, BeforeValidator(_blank_to_none)]
OptStr = Annotated[str | None, BeforeValidator(_php_empty_to_none)]
TimeStr = Annotated[str | None, BeforeValidator(_time_to_str)]


class KeitaroModel(BaseModel):
    """Base of every Keitaro entity: unknown fields kept, numeric strings coerced."""

    # defer_build: each entity's validator is built when a tracker first answers with it, not at
    # import (57 models; most processes see a handful of them)
    model_config = ConfigDict(extra="allow", populate_by_name=True, defer_build=True)

    @property
    def extra_fields(self) -> dict[str, Any]:
        """Fields the tracker sent that the model does not declare."""
        return dict(self.__pydantic_extra__ or {})


# ---- enums (spec values; anything else is kept as a plain str) ----


class CampaignType(StrEnum):
    POSITION = "position"
    WEIGHT = "weight"


class CampaignState(StrEnum):
    ACTIVE = "active"
    DISABLED = "disabled"
    DELETED = "deleted"


class CostType(StrEnum):
    CPM = "CPM"
    CPC = "CPC"
    CPUC = "CPUC"
    REVSHARE = "RevShare"
    CPA = "CPA"
    CPS = "CPS"
    CPUV = "CPUV"
    CPV = "CPV"


class BindVisitors(StrEnum):
    S = "s"
    SL = "sl"
    SLO = "slo"


class PostbackMethod(StrEnum):
    GET = "GET"
    POST = "POST"


class UserType(StrEnum):
    USER = "USER"
    ADMIN = "ADMIN"


class UserLanguage(StrEnum):
    RU = "ru"
    EN = "en"


_LEFT_TO_RIGHT = Field(union_mode="left_to_right")
_Blank = BeforeValidator(_blank_to_none)

CampaignTypeField = Annotated[CampaignType | str | None, _LEFT_TO_RIGHT, _Blank]
CampaignStateField = Annotated[CampaignState | str | None, _LEFT_TO_RIGHT, _Blank]
CostTypeField = Annotated[CostType | str | None, _LEFT_TO_RIGHT, _Blank]
BindVisitorsField = Annotated[BindVisitors | str | None, _LEFT_TO_RIGHT, _Blank]
PostbackMethodField = Annotated[PostbackMethod | str | None, _LEFT_TO_RIGHT, _Blank]
UserTypeField = Annotated[UserType | str | None, _LEFT_TO_RIGHT, _Blank]
UserLanguageField = Annotated[UserLanguage | str | None, _LEFT_TO_RIGHT, _Blank]


# ---- campaigns ----
