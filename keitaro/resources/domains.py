"""Domains: ``/domains`` (check, restore, deleted)."""

from __future__ import annotations

from keitaro.resources import Resource

__all__ = ["DomainsResource"]


class DomainsResource(Resource):
    name = "domains"
