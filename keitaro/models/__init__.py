"""Lenient pydantic models of Keitaro entities (see :mod:`keitaro.models.base` for the rules)."""

from keitaro.models.base import (
    BindVisitors,
    CampaignState,
    CampaignType,
    CostType,
    Id,
    KeitaroModel,
    OptBool,
    OptFloat,
    OptInt,
    OptStr,
    PostbackMethod,
    TimeStr,
    UserLanguage,
    UserType,
)
from keitaro.models.campaigns import Campaign, Placeholder, S2SPostback
from keitaro.models.users import KeitaroUser, UserPreferences

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
    "TimeStr",
    "UserLanguage",
    "UserPreferences",
    "UserType",
]
