"""Integrations: AVScan, IMKLO and Facebook ad accounts."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import BeforeValidator, Field

from keitaro.models.base import Id, KeitaroModel, OptBool, OptFloat, OptInt, OptStr, _php_empty_to_none

__all__ = [
    "AvscanSettings",
    "FacebookCampaign",
    "FacebookIntegration",
    "FacebookIntegrationRequest",
    "FacebookProxy",
    "ImkloSettings",
    "ProxyProtocol",
]


class ProxyProtocol(StrEnum):
    HTTP = "http"
    HTTPS = "https"
    SOCKS5 = "socks5"


class AvscanSettings(KeitaroModel):
    avscan_key: OptStr = Field(default=None, repr=False)


class ImkloSettings(KeitaroModel):
    imklo_api_url: OptStr = None


class FacebookProxy(KeitaroModel):
    protocol: Annotated[ProxyProtocol | str | None, Field(union_mode="left_to_right")] = None
    address: OptStr = None
    port: OptInt = None
    login: OptStr = None
    password: OptStr = Field(default=None, repr=False)


class FacebookIntegration(KeitaroModel):
    """A Facebook ad account connected to the tracker (costs import). ``token`` is a secret."""

    id: Id
    integration: OptStr = None
    name: str = ""
    ad_account_id: OptStr = None
    token: OptStr = Field(default=None, repr=False)
    proxy_enabled: OptBool = None
    proxy: Annotated[FacebookProxy | None, BeforeValidator(_php_empty_to_none)] = None
    last_error: OptStr = None
    last_raw_error: OptStr = None


class FacebookIntegrationRequest(KeitaroModel):
    """Body of create/update (``FacebookRequest``)."""

    name: str | None = None
    ad_account_id: str | None = None
    token: str | None = Field(default=None, repr=False)
    proxy_enabled: bool | None = None
    proxy: FacebookProxy | None = None


class FacebookCampaign(KeitaroModel):
    """A campaign attached to a Facebook integration (``OptionNumber``: ``value`` is its id)."""

    name: str = ""
    value: OptFloat = None

    @property
    def campaign_id(self) -> int | None:
        return int(self.value) if self.value is not None else None
