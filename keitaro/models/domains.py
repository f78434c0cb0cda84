"""Tracker domains (``Domain``)."""

from __future__ import annotations

from keitaro.models.base import Id, KeitaroModel, OptBool, OptInt, OptStr, TimeStr
from keitaro.models.networks import ArchiveState, ArchiveStateField

__all__ = ["Domain", "DomainRequest"]


class Domain(KeitaroModel):
    """A domain parked on the tracker. ``network_status`` is the result of the last DNS/SSL check
    (``POST /domains/{id}/check``): ``"active"`` when the domain points at the tracker; anything
    else (the tracker's wording varies) means it does not serve traffic right now."""

    id: Id
    name: str = ""
    network_status: OptStr = None
    default_campaign: OptInt = None
    state: ArchiveStateField = None
    created_at: TimeStr = None
    updated_at: TimeStr = None
    wildcard: OptBool = None
    catch_not_found: OptBool = None
    notes: OptStr = None
    campaigns_count: OptInt = None
    ssl_redirect: OptBool = None
    allow_indexing: OptBool = None
    # written through the API (PUT /domains/{id}) and returned by real trackers, not in the 2022 schema
    is_ssl: OptBool = None
    default_campaign_id: OptInt = None

    @property
    def is_archived(self) -> bool:
        return self.state == ArchiveState.DELETED

    @property
    def network_ok(self) -> bool:
        return (self.network_status or "").lower() == "active"


class DomainRequest(KeitaroModel):
    """Body of create/update. The spec requires ``name`` and ``is_ssl`` on create; ``name`` may
    hold several domains, one per line (create then answers with a list)."""

    name: str | None = None
    is_ssl: bool | None = None
    default_campaign_id: int | None = None
    state: str | None = None
    wildcard: bool | None = None
    catch_not_found: bool | None = None
    notes: str | None = None
    ssl_redirect: bool | None = None
    allow_indexing: bool | None = None
