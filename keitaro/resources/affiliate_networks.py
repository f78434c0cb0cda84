"""Affiliate networks: ``/affiliate_networks``."""

from __future__ import annotations

from keitaro.models.networks import AffiliateNetwork
from keitaro.resources.operations import GetOp, ListOp, Op, Resource

__all__ = ["AffiliateNetworksResource"]


class AffiliateNetworksResource(Resource):
    name = "affiliate_networks"

    list = ListOp(AffiliateNetwork, "/affiliate_networks")
    get = GetOp(AffiliateNetwork, "/affiliate_networks/{id}")
    create = Op("POST", "/affiliate_networks", returns=AffiliateNetwork, body=True)
    update = Op("PUT", "/affiliate_networks/{id}", returns=AffiliateNetwork, body=True)
    archive = Op("DELETE", "/affiliate_networks/{id}", returns=AffiliateNetwork)
    clone = Op("POST", "/affiliate_networks/{id}/clone", returns=AffiliateNetwork)
