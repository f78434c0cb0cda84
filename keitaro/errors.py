"""Typed errors raised by the Keitaro client.

Every error has a stable :attr:`KeitaroError.code` string; the bot maps that code to a translated
sentence, so codes must never change once published:

================== ======================================================================
code               meaning
================== ======================================================================
bad_request        400 from the tracker
auth               401: wrong or missing API key (also: a key that cannot be sent at all)
edition            402: the tracker's edition has no Admin API
forbidden          403: the key's user lacks rights for that call
not_found          404 with a JSON body: the entity does not exist
validation         406 (422 on newer trackers): validation error, per-field messages in ``.fields``
server             5xx
unexpected_status  any other non-2xx status (including redirects, which are never followed)
not_json           a body that is HTML/not JSON where JSON was expected, whatever the status (a
                   wrong host; a wrong path answered 200 with the admin page; Cloudflare, whose
                   error number — 1010: blocked by User-Agent — is in ``.cloudflare_code``)
unexpected_response JSON of the wrong shape (e.g. an object where a list was expected)
timeout            connect/read/write/pool timeout
refused            TCP connection refused
dns                the host name does not resolve
tls                certificate or TLS handshake failure
network            any other network-level failure
private_address    the host resolves to a loopback/private/... address and that is not allowed
invalid_url        the admin/postback URL typed by the user is not acceptable (``.reason``)
================== ======================================================================
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, ClassVar

__all__ = [
    "RESPONSE_DATA_LIMIT",
    "AuthError",
    "BadRequestError",
    "ConnectionRefused",
    "DnsError",
    "EditionError",
    "ForbiddenError",
    "InvalidUrlError",
    "KeitaroError",
    "KeitaroTimeout",
    "NetworkError",
    "NotFoundError",
    "NotJsonError",
    "PrivateAddressError",
    "RequestInfo",
    "ServerError",
    "TlsError",
    "TransportError",
    "UnexpectedResponseError",
    "UnexpectedStatusError",
    "ValidationError",
    "truncate_response_data",
]

RESPONSE_DATA_LIMIT = 2000


@dataclass(frozen=True, slots=True)
class RequestInfo:
    """What was being requested when an error happened. Never holds a secret.

    ``url`` is the full URL without the query string (Admin API URLs never carry secrets: the key
    travels in a header).
    """

    method: str
    url: str
    path: str = ""


def truncate_response_data(data: Any, limit: int = RESPONSE_DATA_LIMIT) -> Any:
    """Keep parsed JSON as is when small; otherwise (and for text) cut to ``limit`` characters."""
    if data is None:
        return None
    if isinstance(data, bytes):
        data = data.decode("utf-8", errors="replace")
    if isinstance(data, str):
        return data if len(data) <= limit else data[:limit] + "…"
    try:
        dumped = json.dumps(data, ensure_ascii=False, default=str)
    except (TypeError, ValueError):
        dumped = repr(data)
    if len(dumped) <= limit:
        return data
    return dumped[:limit] + "…"


class KeitaroError(Exception):
    """Base of every error the client raises on purpose."""

    code: ClassVar[str] = "keitaro"

    def __init__(
        self,
        message: str,
        *,
        http_status: int | None = None,
        response_data: Any = None,
        request: RequestInfo | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.http_status = http_status
        self.response_data = truncate_response_data(response_data)
        self.request = request

    def __str__(self) -> str:
        if self.http_status is not None:
            return f"{self.message} (HTTP {self.http_status})"
        return self.message

    def __repr__(self) -> str:
        name = type(self).__name__
        return f"{name}(code={self.code!r}, message={self.message!r}, http_status={self.http_status!r})"


class BadRequestError(KeitaroError):
    code = "bad_request"


class AuthError(KeitaroError):
    code = "auth"


class EditionError(KeitaroError):
    code = "edition"


class ForbiddenError(KeitaroError):
    code = "forbidden"


class NotFoundError(KeitaroError):
    code = "not_found"


class ValidationError(KeitaroError):
    """Keitaro's 406 (newer trackers: 422, same body): ``{"field": ["message", ...], ...}``;
    ``http_status`` says which."""

    code = "validation"

    def __init__(
        self,
        message: str,
        *,
        fields: dict[str, list[str]] | None = None,
        http_status: int | None = 406,
        response_data: Any = None,
        request: RequestInfo | None = None,
    ) -> None:
        super().__init__(message, http_status=http_status, response_data=response_data, request=request)
        self.fields: dict[str, list[str]] = dict(fields or {})


class ServerError(KeitaroError):
    code = "server"


class UnexpectedStatusError(KeitaroError):
    """A non-2xx status with no specific class. Redirects land here (never followed, so the
    Api-Key header is never sent to another host); ``location`` then holds the target."""

    code = "unexpected_status"

    def __init__(
        self,
        message: str,
        *,
        location: str | None = None,
        http_status: int | None = None,
        response_data: Any = None,
        request: RequestInfo | None = None,
    ) -> None:
        super().__init__(message, http_status=http_status, response_data=response_data, request=request)
        self.location = location


class NotJsonError(KeitaroError):
    """HTML or other non-JSON body where JSON was expected: usually the wrong host (a traffic
    domain, not the admin one), a wrong path that some installations answer with 200 and the admin
    panel's HTML, or a Cloudflare/WAF page in front of the tracker. ``cloudflare_code`` is the
    error number Cloudflare's page names (1010: the User-Agent was refused), when it names one."""

    code = "not_json"

    def __init__(
        self,
        message: str,
        *,
        looks_like_cloudflare: bool = False,
        cloudflare_code: int | None = None,
        content_type: str | None = None,
        http_status: int | None = None,
        response_data: Any = None,
        request: RequestInfo | None = None,
    ) -> None:
        super().__init__(message, http_status=http_status, response_data=response_data, request=request)
        self.looks_like_cloudflare = looks_like_cloudflare
        self.cloudflare_code = cloudflare_code
        self.content_type = content_type


class UnexpectedResponseError(KeitaroError):
    """Valid JSON of the wrong shape (an object where a list was expected, an entity without id)."""

    code = "unexpected_response"


class TransportError(KeitaroError):
    """Network-level failure: no HTTP status."""

    code = "network"


class KeitaroTimeout(TransportError):
    """``phase`` is one of "connect", "read", "write", "pool"."""

    code = "timeout"

    def __init__(self, message: str, *, phase: str = "read", request: RequestInfo | None = None) -> None:
        super().__init__(message, request=request)
        self.phase = phase


class ConnectionRefused(TransportError):
    code = "refused"


class DnsError(TransportError):
    code = "dns"


class TlsError(TransportError):
    code = "tls"


class NetworkError(TransportError):
    code = "network"


class PrivateAddressError(KeitaroError):
    """The host is (or resolves to) an address that is not public while that is not allowed."""

    code = "private_address"

    def __init__(
        self,
        message: str,
        *,
        host: str = "",
        addresses: tuple[str, ...] = (),
        request: RequestInfo | None = None,
    ) -> None:
        super().__init__(message, request=request)
        self.host = host
        self.addresses = addresses


class InvalidUrlError(KeitaroError, ValueError):
    """A URL typed by a user is not acceptable. ``reason`` is a stable code:
    "scheme", "no_host", "credentials", "malformed", "ip_spelling" (an IP address written in a form
    other than four plain decimal numbers, or an IPv6 address that does not parse) or
    "postback_format"."""

    code = "invalid_url"

    def __init__(
        self, reason: str, message: str | None = None, *, request: RequestInfo | None = None
    ) -> None:
        super().__init__(message or f"invalid URL: {reason}", request=request)
        self.reason = reason
