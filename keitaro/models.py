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
    "Campaign",
    "CampaignState",
    "CampaignType",
    "CostType",
    "Id",
    "KeitaroModel",
    "KeitaroUser",
    "OptBool",
    "OptFloat",
    "OptInt",
    "OptStr",
    "Placeholder",
    "PostbackMethod",
    "S2SPostback",
    "UserLanguage",
    "UserPreferences",
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

    model_config = ConfigDict(extra="allow", populate_by_name=True)

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


class Placeholder(KeitaroModel):
    """One entry of a campaign's / traffic source's ``parameters`` map."""

    name: OptStr = None
    placeholder: OptStr = None
    alias: OptStr = None


def _parameters(value: Any) -> Any:
    value = _php_empty_to_dict(value)
    if isinstance(value, dict):
        return {str(k): (v if isinstance(v, dict) else None) for k, v in value.items()}
    return value


class S2SPostback(KeitaroModel):
    """An outgoing (server-to-server) postback of a campaign."""

    id: OptInt = None
    campaign_id: OptInt = None
    method: PostbackMethodField = None
    statuses: Annotated[list[str], BeforeValidator(_none_to_list)] = Field(default_factory=list)
    url: OptStr = None


class Campaign(KeitaroModel):
    id: Id
    alias: OptStr = None
    name: str = ""
    type: CampaignTypeField = None
    state: CampaignStateField = None
    cookies_ttl: OptInt = None
    position: OptInt = None
    cost_type: CostTypeField = None
    cost_value: OptFloat = None
    cost_currency: OptStr = None
    cost_auto: OptBool = None
    group_id: OptInt = None
    bind_visitors: BindVisitorsField = None
    traffic_source_id: OptInt = None
    domain_id: OptInt = None
    token: OptStr = None
    parameters: Annotated[dict[str, Placeholder | None], BeforeValidator(_parameters)] = Field(
        default_factory=dict
    )
    postbacks: Annotated[list[S2SPostback], BeforeValidator(_none_to_list)] = Field(default_factory=list)
    notes: OptStr = None
    created_at: TimeStr = None
    updated_at: TimeStr = None
    # seen in newer trackers, not in the 2022 spec
    uniqueness_method: OptStr = None
    uniqueness_use_cookies: OptBool = None
    traffic_loss: OptFloat = None

    @property
    def is_active(self) -> bool:
        return self.state == CampaignState.ACTIVE


# ---- users ----


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
