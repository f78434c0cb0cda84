"""Offers: ``/offers`` (archive is ``DELETE /offers/{id}/archive``), clone, and the file editor of
local offers: ``get_structure``, ``get_file``/``add_file``/``update_file``/``remove_file`` (the path,
and for ``update_file`` the content, go in the query string, as the spec says) and ``download``
(the files as a zip, ``bytes``).

Offers have no enable/disable: set ``state`` with ``update``, or switch the offer off inside a flow.
"""

from __future__ import annotations

from keitaro.models.offers import EditorFile, FileContent, FilePath, Offer
from keitaro.resources.operations import GetOp, ListOp, Op, Resource

__all__ = ["OffersResource"]


class OffersResource(Resource):
    name = "offers"

    list = ListOp(Offer, "/offers")
    get = GetOp(Offer, "/offers/{id}")
    create = Op("POST", "/offers", returns=Offer, body=True)
    update = Op("PUT", "/offers/{id}", returns=Offer, body=True)
    archive = Op("DELETE", "/offers/{id}/archive", returns=Offer)
    clone = Op("POST", "/offers/{id}/clone", returns=Offer)
    get_structure = Op("GET", "/offers/{id}/get_structure", returns=EditorFile)
    get_file = Op("GET", "/offers/{id}/get_file", returns=FileContent, required_query=("path",))
    add_file = Op("POST", "/offers/{id}/add_file", returns=FilePath, required_query=("path",))
    update_file = Op("PUT", "/offers/{id}/update_file", returns=FilePath, required_query=("path", "data"))
    remove_file = Op("DELETE", "/offers/{id}/remove_file", required_query=("path",))
    """Raw JSON: ``{"success": true}``."""
    download = Op("GET", "/offers/{id}/download", expect_json=False)
    """The offer's files as a zip archive (``bytes``)."""
