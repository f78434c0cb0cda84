"""The Keitaro Admin API client and a pool of clients (one per tracker).

Secrets: the API key is sent only in the ``Api-Key`` header and never appears in a URL, a log
line, an error or an envelope (envelopes show it masked). The incoming-postback URL is the one
Keitaro URL that carries a secret (see :mod:`keitaro.urls`); keep the ``httpx`` logger at WARNING
when sending postbacks.
"""

from __future__ import annotations

import copy
import logging
import ssl
import time
from collections.abc import Mapping
from types import TracebackType
from typing import Any, ClassVar

import httpx

from keitaro.envelope import OperationEnvelope, envelope_of, shown_request
from keitaro.errors import (
    AuthError,
    InvalidUrlError,
    KeitaroError,
    NetworkError,
    RequestInfo,
)
from keitaro.masking import mask_in_data, mask_secret
from keitaro.netguard import HOST_RECHECK_SECONDS, HostVerdict, Resolver
from keitaro.onboarding import ConnectionCheck, check_connection, guess_timezone
from keitaro.postback import PostbackParams, PostbackResult, send_postback
from keitaro.reports import ReportDialect
from keitaro.resources.affiliate_networks import AffiliateNetworksResource
from keitaro.resources.base import OperationSpec, RequestGuard, Send
from keitaro.resources.botlist import BotlistResource
from keitaro.resources.campaigns import CampaignsResource
from keitaro.resources.clicks import ClicksResource
from keitaro.resources.conversions import ConversionsResource
from keitaro.resources.domains import DomainsResource
from keitaro.resources.groups import GroupsResource
from keitaro.resources.integrations import IntegrationsResource
from keitaro.resources.landing_pages import LandingPagesResource
from keitaro.resources.logs import LogsResource
from keitaro.resources.offers import OffersResource
from keitaro.resources.operations import Resource
from keitaro.resources.reports import ReportsResource
from keitaro.resources.streams import StreamsResource
from keitaro.resources.traffic_sources import TrafficSourcesResource
from keitaro.resources.users import UsersResource
from keitaro.retry import RetryPolicy
from keitaro.transport import (
    build_http_client,
    decode_success,
    error_from_response,
    map_transport_exception,
    shared_ssl_context,
)
from keitaro.urls import PostbackUrl, api_base_from_admin_url, normalize_admin_url

__all__ = [
    "DEFAULT_USER_AGENT",
    "HOST_RECHECK_SECONDS",
    "ConnectionCheck",
    "KeitaroClient",
    "RequestGuard",
    "Send",
]

DEFAULT_USER_AGENT = "keitaro-oncall-bot"
"""The bot's own User-Agent (``KEITARO_USER_AGENT`` replaces it): never httpx's default — Cloudflare
in front of many trackers answers error 1010 to agents it does not like."""

logger = logging.getLogger("keitaro")

def _key_is_sendable(key: str) -> bool:
    return bool(key) and all(33 <= ord(ch) <= 126 for ch in key)


class KeitaroClient:
    """Async client for one tracker's Admin API v1 (``<admin host>/admin_api/v1``).

    ``allow_private=False`` (the default) refuses hosts that are or resolve to loopback/private/
    link-local/... addresses (:mod:`keitaro.netguard`). Every new connection is made to an address
    resolved once and checked (:mod:`keitaro.pinning`), so a name that answers differently to the
    check and to the connection (DNS rebinding) never reaches a private address; TLS and the
    ``Host`` header keep the name. The host is also judged before the first request and again once
    that verdict is older than :data:`HOST_RECHECK_SECONDS`: the only check for requests an
    environment proxy carries (the proxy resolves the name). ``resolver`` replaces DNS (tests).
    """

    RESOURCES: ClassVar[tuple[type[Resource], ...]] = (
        CampaignsResource,
        StreamsResource,
        OffersResource,
        LandingPagesResource,
        AffiliateNetworksResource,
        TrafficSourcesResource,
        DomainsResource,
        GroupsResource,
        BotlistResource,
        IntegrationsResource,
        ReportsResource,
        ClicksResource,
        ConversionsResource,
        LogsResource,
        UsersResource,
    )

    campaigns: CampaignsResource
    streams: StreamsResource
    offers: OffersResource
    landing_pages: LandingPagesResource
    affiliate_networks: AffiliateNetworksResource
    traffic_sources: TrafficSourcesResource
    domains: DomainsResource
    groups: GroupsResource
    botlist: BotlistResource
    integrations: IntegrationsResource
    reports: ReportsResource
    clicks: ClicksResource
    conversions: ConversionsResource
    logs: LogsResource
    users: UsersResource

    def __init__(
        self,
        admin_url: str,
        api_key: str,
        *,
        timeout: float = 15.0,
        connect_timeout: float = 5.0,
        max_connections: int = 10,
        allow_private: bool = False,
        transport: httpx.AsyncBaseTransport | None = None,
        verify: bool | ssl.SSLContext = True,
        user_agent: str = DEFAULT_USER_AGENT,
        trust_env: bool = True,
        retry: RetryPolicy | None = None,
        resolver: Resolver | None = None,
    ) -> None:
        self.retry = retry or RetryPolicy()
        self.admin_url = normalize_admin_url(admin_url)
        self.api_base = api_base_from_admin_url(self.admin_url)
        try:
            base = httpx.URL(self.api_base)
        except httpx.InvalidURL as exc:
            raise InvalidUrlError("malformed", f"httpx refuses the admin URL: {exc}") from exc
        self.host: str = base.host
        self.port: int | None = base.port
        self.allow_private = allow_private
        self._resolver = resolver
        self.user_agent = user_agent
        self._api_key = api_key.strip()
        if verify is True:
            verify = shared_ssl_context()
        self._http = build_http_client(
            timeout=timeout,
            connect_timeout=connect_timeout,
            max_connections=max_connections,
            transport=transport,
            verify=verify,
            user_agent=user_agent,
            trust_env=trust_env,
            allow_private=allow_private,
            resolver=resolver,
        )
        self._verdict = HostVerdict(self.host, self.port, resolver=resolver)
        self._closed = False
        self._via: tuple[RequestGuard, KeitaroClient] | None = None  # a guarded view's guard and client
        self._bind_resources()

    def _bind_resources(self) -> None:
        """Each resource of :attr:`RESOURCES` as the attribute of its name, sending through ``self``."""
        for resource in self.RESOURCES:
            setattr(self, resource.name, resource(self))

    # ------------------------------------------------------------ lifecycle

    @property
    def closed(self) -> bool:
        return self._closed if self._via is None else self._via[1].closed

    def guarded(self, guard: RequestGuard) -> KeitaroClient:
        """A view whose every Admin API request passes through ``guard``: same connection pool, key,
        host checks, retry and report dialect; closing the view closes nothing."""
        base = self._via[1] if self._via is not None else self
        view = copy.copy(self)
        view._via = (guard, base)
        view._bind_resources()
        view.reports.dialect, view.reports.on_dialect = base.reports.dialect, base.reports.found
        return view

    key_hidden = False  # set on a team member's view: envelopes show no part of the key, not even masked

    @property
    def masked_key(self) -> str:
        return mask_secret("") if self.key_hidden else mask_secret(self._api_key)

    @property
    def report_dialect(self) -> ReportDialect | None:
        """``grouping``/``metrics`` or ``dimensions``/``measures``: detected on the first report
        and remembered; set it from storage on a new client to skip the detection."""
        return self.reports.dialect

    @report_dialect.setter
    def report_dialect(self, value: ReportDialect | str | None) -> None:
        self.reports.dialect = value

    async def aclose(self) -> None:
        if self._via is not None:
            return  # a guarded view: the client it sends through is not its to close
        self._closed = True
        await self._http.aclose()

    async def __aenter__(self) -> KeitaroClient:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()

    def __repr__(self) -> str:
        return f"KeitaroClient({self.admin_url!r}, key={self.masked_key!r})"

    @classmethod
    def operations(cls) -> list[OperationSpec]:
        """Every operation the client can send (for contract tests)."""
        return [spec for resource in cls.RESOURCES for spec in resource.operations()]

    # ------------------------------------------------------------ sending

    def _url(self, path: str) -> str:
        if not path.startswith("/") or path.startswith("//") or "://" in path or "#" in path:
            raise ValueError(f"path must be relative to the API base and start with '/': {path!r}")
        if any(segment in (".", "..") for segment in path.split("?", 1)[0].split("/")):
            raise ValueError(f"path must not contain dot segments: {path!r}")
        return self.api_base + path

    async def _ensure_host_allowed(self, info: RequestInfo) -> None:
        try:
            await self._verdict.ensure()
        except KeitaroError as exc:
            exc.request = info
            logger.debug("%s %s refused by the network guard: %s", info.method, info.path, exc.code)
            raise

    async def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        expect_json: bool = True,
        idempotent: bool | None = None,
    ) -> Any:
        """Send an Admin API request; return the decoded JSON (``None`` for an empty body; raw
        bytes when ``expect_json`` is false) or raise a typed :class:`KeitaroError`.

        ``path`` is relative to :attr:`api_base` (``"/campaigns/5"``). Any 2xx is success.
        Reads (GET/HEAD, or ``idempotent=True``) are retried on transient failures; writes only
        when the request provably never reached the tracker (see :mod:`keitaro.retry`).
        """
        method = method.upper()
        if self._via is not None:  # a guarded view
            guard, base = self._via
            send: Send = lambda p, j: base.request(  # noqa: E731
                method, path, params=p, json=j, expect_json=expect_json, idempotent=idempotent
            )
            return await guard(method, path, params, json, send)
        reads = idempotent if idempotent is not None else method in ("GET", "HEAD", "OPTIONS")
        return await self.retry.run(
            lambda: self._request_once(method, path, params=params, json=json, expect_json=expect_json),
            reads=reads,
            what=f"{method} {path.split('?', 1)[0]}",
        )

    async def _request_once(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None,
        json: Any,
        expect_json: bool,
    ) -> Any:
        url = self._url(path)
        info = RequestInfo(method=method, url=url.split("?", 1)[0], path=path.split("?", 1)[0])
        if self._closed:
            raise RuntimeError("KeitaroClient is closed")
        if not _key_is_sendable(self._api_key):
            raise AuthError(
                "The API key is empty or contains characters that cannot be sent in a header",
                request=info,
            )
        if not self.allow_private:
            await self._ensure_host_allowed(info)

        started = time.perf_counter()
        try:
            response = await self._http.request(
                method, url, params=params, json=json, headers={"Api-Key": self._api_key}
            )
        except httpx.TransportError as exc:
            error: KeitaroError = map_transport_exception(exc, info)
            logger.debug(
                "%s %s failed after %.0f ms: %s",
                method,
                info.path,
                (time.perf_counter() - started) * 1000,
                error.code,
            )
            raise error from exc
        except httpx.HTTPError as exc:
            logger.debug("%s %s failed: %s", method, info.path, type(exc).__name__)
            raise NetworkError(f"Request failed: {type(exc).__name__}", request=info) from exc
        except httpx.InvalidURL as exc:
            raise InvalidUrlError("malformed", f"httpx refuses the URL: {exc}", request=info) from exc
        except KeitaroError as exc:  # the pinned connection refused the address (keitaro.pinning)
            exc.request = info
            logger.debug("%s %s refused by the network guard: %s", method, info.path, exc.code)
            raise

        elapsed_ms = (time.perf_counter() - started) * 1000
        logger.debug("%s %s -> %d (%.0f ms)", method, info.path, response.status_code, elapsed_ms)
        if not response.is_success:
            raise error_from_response(response, info)
        return decode_success(response, info, expect_json=expect_json)

    # ------------------------------------------------------------ envelope

    def _display_headers(self, has_body: bool) -> dict[str, str]:
        headers = {
            "Accept": "application/json",
            "User-Agent": self.user_agent,
            "Api-Key": self.masked_key,
        }
        if has_body:
            headers["Content-Type"] = "application/json"
        return headers

    def _mask(self, data: Any) -> Any:
        return mask_in_data(data, [self._api_key])

    async def request_envelope(
        self,
        method: str,
        path: str,
        *,
        resource: str,
        operation: str,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        expect_json: bool = True,
        idempotent: bool | None = None,
    ) -> OperationEnvelope:
        """Like :meth:`request`, but never raises :class:`KeitaroError`: the outcome is an
        n8n-style :class:`OperationEnvelope` (key masked; the error's ``.code`` on
        ``envelope.exception``)."""
        method = method.upper()
        shown = shown_request(self._url(path), method, params, self._display_headers(json is not None))
        try:
            data = await self.request(
                method, path, params=params, json=json, expect_json=expect_json, idempotent=idempotent
            )
        except KeitaroError as exc:
            return envelope_of(shown, resource=resource, operation=operation, mask=self._mask, error=exc)
        return envelope_of(shown, resource=resource, operation=operation, mask=self._mask, data=data)

    # ------------------------------------------------------------ helpers for the bot (keitaro.onboarding)

    async def check_connection(self) -> ConnectionCheck:
        """Cheap authenticated call (``GET /campaigns``); raises typed errors."""
        return await check_connection(self)

    async def guess_timezone(self) -> str | None:
        """The tracker's time zone from its admin user, or ``None``; see :func:`guess_timezone`."""
        return await guess_timezone(self)

    async def send_postback(
        self,
        postback: PostbackUrl,
        params: PostbackParams | Mapping[str, Any],
        *,
        method: str = "GET",
    ) -> PostbackResult:
        """Send Keitaro's incoming postback (``postback`` is the user's saved URL) with this client's
        HTTP settings and network guard; see :func:`keitaro.postback.send_postback`."""
        return await send_postback(
            self._http,
            postback,
            params,
            method=method,
            allow_private=self.allow_private,
            retry=self.retry,
            resolver=self._resolver,
        )
