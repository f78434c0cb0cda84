"""Campaigns (``/campaigns``): CRUD, archive/restore, enable/disable, clone, their flows and the
asynchronous cost update.

``archive`` is ``DELETE /campaigns/{id}``: Keitaro moves the campaign to the archive (``state``
"deleted"); it leaves ``list`` and shows up in ``deleted`` until ``restore``.
"""

from __future__ import annotations

from keitaro.models.campaigns import Campaign
from keitaro.models.streams import Stream
from keitaro.resources.operations import GetOp, ListOp, Op, Resource

__all__ = ["CampaignsResource"]


class CampaignsResource(Resource):
    name = "campaigns"

    list = ListOp(Campaign, "/campaigns")
    get = GetOp(Campaign, "/campaigns/{id}")
    create = Op("POST", "/campaigns", returns=Campaign, body=True)
    update = Op("PUT", "/campaigns/{id}", returns=Campaign, body=True)
    archive = Op("DELETE", "/campaigns/{id}", returns=Campaign)
    restore = Op("POST", "/campaigns/{id}/restore", returns=Campaign)
    enable = Op("POST", "/campaigns/{id}/enable", returns=Campaign)
    disable = Op("POST", "/campaigns/{id}/disable", returns=Campaign)
    clone = Op("POST", "/campaigns/{id}/clone", returns=Campaign)
    deleted = Op("GET", "/campaigns/deleted", returns=[Campaign])
    streams = Op("GET", "/campaigns/{id}/streams", returns=[Stream])
    update_costs = Op("POST", "/campaigns/{id}/update_costs", body=True)
    """Body: :class:`~keitaro.models.campaigns.CampaignCostsUpdate` (or the same as a dict).
    Keitaro schedules a job and answers at once (raw JSON, ``{"success": true}``)."""
