"""Integrations: ``/integrations/avscan``, ``/integrations/imklo``, ``/integrations/facebook``."""

from __future__ import annotations

from keitaro.models.integrations import AvscanSettings, FacebookCampaign, FacebookIntegration, ImkloSettings
from keitaro.resources.operations import Op, Resource

__all__ = ["IntegrationsResource"]


class IntegrationsResource(Resource):
    """The AVScan key and the IMKLO URL are set through query parameters (as the spec says):
    ``await client.integrations.set_avscan(avscan_key="...")``. Facebook answers ``{"data": ...}``
    wrappers, which the models see through."""

    name = "integrations"

    get_avscan = Op("GET", "/integrations/avscan", returns=AvscanSettings)
    set_avscan = Op("PUT", "/integrations/avscan", returns=AvscanSettings, required_query=("avscan_key",))
    get_imklo = Op("GET", "/integrations/imklo", returns=ImkloSettings)
    set_imklo = Op("PUT", "/integrations/imklo", returns=ImkloSettings, required_query=("imklo_api_url",))

    facebook_list = Op("GET", "/integrations/facebook", returns=[FacebookIntegration])
    facebook_create = Op("POST", "/integrations/facebook", returns=FacebookIntegration, body=True)
    facebook_get = Op("GET", "/integrations/facebook/{id}", returns=FacebookIntegration)
    facebook_update = Op("PUT", "/integrations/facebook/{id}", returns=FacebookIntegration, body=True)
    facebook_delete = Op("DELETE", "/integrations/facebook/{id}")
    facebook_campaigns = Op("GET", "/integrations/facebook/{id}/campaign", returns=[FacebookCampaign])
    """Campaigns the integration is attached to (``[{name, value: campaign id}]``)."""
    facebook_attach = Op("POST", "/integrations/facebook/{id}/campaign", body=True)
    """Body ``{"campaign_id": 5}``; raw answer (the spec documents none)."""
    facebook_detach = Op("DELETE", "/integrations/facebook/{id}/campaign", body=True)
    """Body ``{"campaign_id": 5}`` (a DELETE with a JSON body, as the spec says)."""
