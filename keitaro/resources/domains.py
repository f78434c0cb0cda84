"""Domains: ``/domains`` (archive, restore, DNS/SSL re-check)."""

from __future__ import annotations

from keitaro.models.domains import Domain
from keitaro.resources.operations import GetOp, ListOp, Op, Resource

__all__ = ["DomainsResource"]


class DomainsResource(Resource):
    name = "domains"

    list = ListOp(Domain, "/domains")
    get = GetOp(Domain, "/domains/{id}")
    create = Op("POST", "/domains", returns=[Domain], body=True)
    """Answers with a list: ``name`` may hold several domains, one per line."""
    update = Op("PUT", "/domains/{id}", returns=Domain, body=True)
    archive = Op("DELETE", "/domains/{id}", returns=Domain)
    check = Op("POST", "/domains/{id}/check", returns=Domain)
    """Re-check DNS and SSL now; the answer carries the new ``network_status``."""
    restore = Op("POST", "/domains/{id}/restore", returns=Domain)
    deleted = Op("GET", "/domains/deleted", returns=[Domain])
