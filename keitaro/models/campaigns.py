"""Campaigns, their S2S postbacks and the cost-update request."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any

from pydantic import BeforeValidator, Field

from keitaro.models.base import (
    BindVisitorsField,
    CampaignState,
    CampaignStateField,
    CampaignTypeField,
    CostTypeField,
    Id,
    KeitaroModel,
    OptBool,
    OptFloat,
    OptInt,
    OptStr,
    PostbackMethodField,
    TimeStr,
    _none_to_list,
    _php_empty_to_dict,
)


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


def _cost_to_str(value: Any) -> Any:
    """``cost`` is a string in the spec ("19.22"); numbers are accepted and formatted."""
    if isinstance(value, bool):
        raise ValueError("cost must be a number or a numeric string")
    if isinstance(value, int | float):
        return format(Decimal(repr(value)), "f")  # 19.2 → "19.2", 1e-05 → "0.00001"
    return value


class CampaignCostsUpdate(KeitaroModel):
    """Body of ``POST /campaigns/{id}/update_costs`` (``CampaignCostRequest``): set the cost of the
    campaign's clicks in a time range. Dates are ``"YYYY-MM-DD HH:MM"`` in ``timezone``;
    ``filters`` narrows the clicks (``{"sub_id_1": "1,2,3", "source": "site.ru"}``)."""

    start_date: str
    end_date: str
    timezone: str
    cost: Annotated[str, BeforeValidator(_cost_to_str)]
    currency: str
    only_campaign_uniques: bool | None = None
    filters: dict[str, str] | None = None
