"""HTTP plumbing: building the httpx client, turning responses and httpx exceptions into typed
errors. :class:`keitaro.client.KeitaroClient` is the only caller; nothing here sends requests.
"""

from __future__ import annotations

import errno
import functools
import json
import re
import socket
import ssl
from collections.abc import Iterator, Mapping
from typing import Any

import httpx

from keitaro.errors import (
    AuthError,
    BadRequestError,
    ConnectionRefused,
    DnsError,
    EditionError,
    ForbiddenError,
    KeitaroError,
    KeitaroTimeout,
    NetworkError,
    NotFoundError,
    NotJsonError,
    RequestInfo,
    ServerError,
    TlsError,
    TransportError,
    UnexpectedStatusError,
    ValidationError,
)
from keitaro.netguard import Resolver
from keitaro.pinning import pinned_transport

__all__ = [
    "DEFAULT_MESSAGES",
    "build_http_client",
    "cloudflare_error_code",
    "decode_success",
    "error_from_response",
    "looks_like_cloudflare",
    "map_transport_exception",
    "validation_fields",
]

_CLOUDFLARE_BODY_MARKERS = ("cloudflare", "cf-ray", "attention required", "just a moment")
_CLOUDFLARE_SCAN_LIMIT = 20_000
# Cloudflare's own error number on its block page: ``<span class="cf-error-code">1010</span>``,
# "Error 1010" in the title, or the plain-text ``error code: 1010`` it sends to non-browsers.
# 1010 = "the owner of this website has banned your access based on your browser's signature"
# (an unknown or missing User-Agent) — the case KEITARO_USER_AGENT exists for.
_CLOUDFLARE_CODE_RE = re.compile(
    r"(?:cf-error-code\"?>\s*|error\s+code:?\s*|\berror\s+)(1\d{3})\b", re.IGNORECASE
)

DEFAULT_MESSAGES: dict[int, str] = {
    400: "Bad request",
    401: "Access denied: wrong or missing API key",
    402: "Admin API is not available in this Keitaro edition",
    403: "The API key has no rights for this",
    404: "Not found",
    406: "Validation failed",
}

_STATUS_ERRORS: dict[int, type[KeitaroError]] = {
    400: BadRequestError,
    401: AuthError,
    402: EditionError,
    403: ForbiddenError,
    404: NotFoundError,
}




@functools.cache
def shared_ssl_context() -> ssl.SSLContext:
    """One verifying TLS context for every client: creating one loads the CA bundle (~30 ms of CPU
    and ~1 MiB each), which with a client per tracker dominated the alert engine's tick."""
    return httpx.create_ssl_context()

def build_http_client(
    *,
    timeout: float,
    connect_timeout: float,
    max_connections: int,
    transport: httpx.AsyncBaseTransport | None,
    verify: bool | ssl.SSLContext,
    user_agent: str,
    trust_env: bool = True,
    allow_private: bool = False,
    resolver: Resolver | None = None,
) -> httpx.AsyncClient:
    """One per tracker. Redirects are never followed: httpx would resend our custom ``Api-Key``
    header to whatever host the redirect names.

    Without an explicit ``transport`` (tests pass one), direct connections go through
    :func:`keitaro.pinning.pinned_transport`: every connection is made to an address that was
    resolved once and checked (``allow_private`` lifts the check; ``resolver`` replaces DNS)."""
    limits = httpx.Limits(
        max_connections=max_connections,
        max_keepalive_connections=max_connections,
        keepalive_expiry=30.0,
    )
    if transport is None:
        transport = pinned_transport(
            verify=verify, limits=limits, allow_private=allow_private, resolver=resolver, trust_env=trust_env
        )
    return httpx.AsyncClient(
        timeout=httpx.Timeout(timeout, connect=connect_timeout),
        limits=limits,
        transport=transport,
        verify=verify,
        trust_env=trust_env,
        follow_redirects=False,
        headers={"User-Agent": user_agent, "Accept": "application/json"},
    )


# ---------------------------------------------------------------- responses


def looks_like_cloudflare(headers: Mapping[str, str], body: str) -> bool:
    """Cloudflare (or its challenge page) answered instead of the tracker."""
    for name, value in headers.items():
        lname = name.lower()
        if lname.startswith("cf-") or (lname == "server" and "cloudflare" in value.lower()):
            return True
    sample = body[:_CLOUDFLARE_SCAN_LIMIT].lower()
    return any(marker in sample for marker in _CLOUDFLARE_BODY_MARKERS)


def cloudflare_error_code(body: str) -> int | None:
    """The Cloudflare error number a block page names (1010, 1020, …), or None."""
    found = _CLOUDFLARE_CODE_RE.search(body[:_CLOUDFLARE_SCAN_LIMIT])
    return int(found.group(1)) if found else None


def _parse_json(text: str) -> tuple[bool, Any]:
    stripped = text.lstrip("\ufeff").strip()
    if not stripped:
        return False, None
    try:
        return True, json.loads(stripped)
    except ValueError:
        return False, None


def _not_json(response: httpx.Response, request: RequestInfo, text: str) -> NotJsonError:
    cloudflare = looks_like_cloudflare(response.headers, text)
    content_type = response.headers.get("content-type")
    cf_code = cloudflare_error_code(text) if cloudflare else None
    if cf_code == 1010:
        message = "Cloudflare refused the request by its User-Agent (error 1010)"
    elif cloudflare:
        message = "Cloudflare answered instead of the Keitaro Admin API"
    else:
        message = f"Expected JSON from the Keitaro Admin API, got {content_type or 'a non-JSON body'}"
    return NotJsonError(
        message,
        looks_like_cloudflare=cloudflare,
        cloudflare_code=cf_code,
        content_type=content_type,
        http_status=response.status_code,
        response_data=text,
        request=request,
    )


def _error_text(parsed: Any) -> str | None:
    if isinstance(parsed, str) and parsed.strip():
        return parsed.strip()
    if isinstance(parsed, dict):
        for key in ("error", "message"):
            value = parsed.get(key)
            if isinstance(value, str) and value.strip():
                return value.strip()
    return None


def _messages(value: Any) -> list[str]:
    if isinstance(value, list):
        return [str(item) if not isinstance(item, str) else item for item in value]
    if value is None:
        return []
    return [value if isinstance(value, str) else str(value)]


def validation_fields(parsed: Any) -> dict[str, list[str]]:
    """Keitaro's 406 (or a newer tracker's 422) body ``{"field": ["msg", ...]}`` (also nested under
    ``error``/``errors``)."""
    source = parsed
    if isinstance(parsed, dict):
        for key in ("errors", "error"):
            if isinstance(parsed.get(key), dict):
                source = parsed[key]
                break
    if not isinstance(source, dict):
        return {}
    fields: dict[str, list[str]] = {}
    for name, value in source.items():
        if name in ("error", "message") and isinstance(value, str):
            continue
        if isinstance(value, dict):
            for sub, sub_value in value.items():
                fields[f"{name}.{sub}"] = _messages(sub_value)
        else:
            fields[str(name)] = _messages(value)
    return fields


def error_from_response(response: httpx.Response, request: RequestInfo) -> KeitaroError:
    """The typed error for a non-2xx response."""
    status = response.status_code
    text = response.text
    is_json, parsed = _parse_json(text)
    data: Any = parsed if is_json else text

    if status >= 500:
        message = (_error_text(parsed) if is_json else None) or f"Tracker server error (HTTP {status})"
        return ServerError(message, http_status=status, response_data=data, request=request)
    if 300 <= status < 400 or status < 200:
        location = response.headers.get("location")
        suffix = f" to {location}" if location else ""
        return UnexpectedStatusError(
            f"Unexpected HTTP {status}{suffix}",
            location=location,
            http_status=status,
            response_data=data,
            request=request,
        )
    if not is_json and text.strip():
        return _not_json(response, request, text)
    if status in (406, 422):  # 422: newer trackers' validation error, the same per-field body
        fields = validation_fields(parsed)
        message = _error_text(parsed) or (
            "; ".join(f"{name}: {', '.join(msgs)}" for name, msgs in fields.items()) or DEFAULT_MESSAGES[406]
        )
        return ValidationError(
            message, fields=fields, http_status=status, response_data=data, request=request
        )
    error_class = _STATUS_ERRORS.get(status)
    message = _error_text(parsed) or DEFAULT_MESSAGES.get(status) or f"Unexpected HTTP {status}"
    if error_class is None:
        return UnexpectedStatusError(message, http_status=status, response_data=data, request=request)
    return error_class(message, http_status=status, response_data=data, request=request)


def decode_success(response: httpx.Response, request: RequestInfo, *, expect_json: bool) -> Any:
    """Body of a 2xx response: parsed JSON (``None`` for an empty body), or raw bytes."""
    if not expect_json:
        return response.content
    text = response.text
    is_json, parsed = _parse_json(text)
    if is_json:
        return parsed
    if not text.strip():
        return None
    raise _not_json(response, request, text)


# ---------------------------------------------------------------- network failures

_TIMEOUT_PHASES: tuple[tuple[type[httpx.TimeoutException], str], ...] = (
    (httpx.ConnectTimeout, "connect"),
    (httpx.ReadTimeout, "read"),
    (httpx.WriteTimeout, "write"),
    (httpx.PoolTimeout, "pool"),
)


def _causes(exc: BaseException) -> Iterator[BaseException]:
    """``exc`` and everything it was raised from: ``__cause__``, ``__context__``, group members."""
    seen: set[int] = set()
    stack: list[BaseException] = [exc]
    while stack:
        current = stack.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        if isinstance(current, BaseExceptionGroup):
            stack.extend(current.exceptions)
        if current.__cause__ is not None:
            stack.append(current.__cause__)
        if current.__context__ is not None:
            stack.append(current.__context__)


def _host(request: RequestInfo) -> str:
    return httpx.URL(request.url).host if request.url else ""


def map_transport_exception(exc: httpx.HTTPError, request: RequestInfo) -> TransportError:
    """The typed error for an httpx exception raised while sending (no response)."""
    if isinstance(exc, httpx.TimeoutException):
        phase = next((name for cls, name in _TIMEOUT_PHASES if isinstance(exc, cls)), "read")
        return KeitaroTimeout(
            f"The tracker did not answer in time ({phase} timeout)", phase=phase, request=request
        )

    causes = list(_causes(exc))
    host = _host(request)
    for cause in causes:
        if isinstance(cause, ssl.SSLCertVerificationError):
            detail = getattr(cause, "verify_message", None) or getattr(cause, "reason", None) or str(cause)
            return TlsError(f"TLS certificate of {host} is not valid: {detail}", request=request)
    for cause in causes:
        if isinstance(cause, ssl.SSLError):
            detail = getattr(cause, "reason", None) or str(cause)
            return TlsError(f"TLS handshake with {host} failed: {detail}", request=request)
    for cause in causes:
        if isinstance(cause, socket.gaierror):
            return DnsError(f"{host} does not resolve: {cause.strerror or cause}", request=request)
    for cause in causes:
        if isinstance(cause, ConnectionRefusedError) or (
            isinstance(cause, OSError) and cause.errno == errno.ECONNREFUSED
        ):
            return ConnectionRefused(f"{host} refused the connection", request=request)
    detail = next((str(c) for c in causes if isinstance(c, OSError) and str(c)), None) or str(exc)
    return NetworkError(f"Network error talking to {host}: {detail or type(exc).__name__}", request=request)
