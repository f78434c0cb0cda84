"""Campaigns (``/campaigns``). This slice: list and get."""

from __future__ import annotations

from keitaro.models import Campaign
from keitaro.resources import GetOp, ListOp, Resource

__all__ = ["CampaignsResource"]


class CampaignsResource(Resource):
    name = "campaigns"

    list = ListOp(Campaign, "/campaigns")
    get = GetOp(Campaign, "/campaigns/{id}")
