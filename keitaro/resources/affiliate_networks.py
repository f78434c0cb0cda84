"""Affiliate networks: ``/affiliate_networks``."""

from __future__ import annotations

from keitaro.resources import Resource

__all__ = ["AffiliateNetworksResource"]


class AffiliateNetworksResource(Resource):
    name = "affiliate_networks"
