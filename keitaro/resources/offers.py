"""Offers: ``/offers`` (archive is ``DELETE /offers/{id}/archive``), clone, file endpoints."""

from __future__ import annotations

from keitaro.resources import Resource

__all__ = ["OffersResource"]


class OffersResource(Resource):
    name = "offers"
