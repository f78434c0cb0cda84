"""Landing pages: ``/landing_pages`` (archive is ``DELETE /landing_pages/{id}``, clone is a PUT),
and the same file editor as offers (see :mod:`keitaro.resources.offers`)."""

from __future__ import annotations

from keitaro.models.landing_pages import Landing
from keitaro.models.offers import EditorFile, FileContent, FilePath
from keitaro.resources.operations import GetOp, ListOp, Op, Resource

__all__ = ["LandingPagesResource"]


class LandingPagesResource(Resource):
    name = "landing_pages"

    list = ListOp(Landing, "/landing_pages")
    get = GetOp(Landing, "/landing_pages/{id}")
    create = Op("POST", "/landing_pages", returns=Landing, body=True)
    update = Op("PUT", "/landing_pages/{id}", returns=Landing, body=True)
    archive = Op("DELETE", "/landing_pages/{id}", returns=Landing)
    clone = Op("PUT", "/landing_pages/{id}/clone", returns=Landing)
    get_structure = Op("GET", "/landing_pages/{id}/get_structure", returns=EditorFile)
    get_file = Op("GET", "/landing_pages/{id}/get_file", returns=FileContent, required_query=("path",))
    add_file = Op("POST", "/landing_pages/{id}/add_file", returns=FilePath, required_query=("path",))
    update_file = Op(
        "PUT", "/landing_pages/{id}/update_file", returns=FilePath, required_query=("path", "data")
    )
    remove_file = Op("DELETE", "/landing_pages/{id}/remove_file", required_query=("path",))
    """Raw JSON: ``{"success": true}``."""
    download = Op("GET", "/landing_pages/{id}/download", expect_json=False)
    """The landing page's files as a zip archive (``bytes``)."""
