"""Admin URL and incoming-postback URL handling.

Secrets and URLs: the Admin API key travels in the ``Api-Key`` header, so no URL this package
builds for the Admin API ever contains a secret. The *incoming postback* URL is different:
``https://<domain>/<postback_key>/postback`` carries its secret in the path, and httpx logs the
full URL of every request at INFO ("HTTP Request: GET <url>"). Whoever sends a postback must keep
the ``httpx`` logger at WARNING (or redact it), and show the URL only through
:meth:`PostbackUrl.masked`.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass, field
from urllib.parse import SplitResult, urlsplit

from keitaro.errors import InvalidUrlError
from keitaro.masking import mask_secret

__all__ = [
    "InvalidUrlError",
    "PostbackUrl",
    "api_base_from_admin_url",
    "normalize_admin_url",
    "parse_postback_url",
]

_SCHEMES = ("http", "https")
_DEFAULT_PORTS = {"http": 80, "https": 443}
_HOST_RE = re.compile(r"^[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?(?:\.[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?)*$")
_SEGMENT_RE = re.compile(r"^[A-Za-z0-9._~!$&'()*+,;=:@%-]+$")
_POSTBACK_KEY_RE = re.compile(r"^[A-Za-z0-9]{5,128}$")
_HAS_SCHEME_RE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
_NUMERIC_LABEL_RE = re.compile(r"^(?:[0-9]+|0x[0-9a-f]*)$")
"""A last label like this makes a host an IPv4 address to browsers and to ``inet_aton``
(``134744072``, ``0x8.8.8.8``, ``8.8.8.010`` = 8.8.8.8 in octal), never a domain name."""


def _split(raw: str, *, reason_for_scheme: str) -> tuple[SplitResult, str, str]:
    """Common checks. Returns (parts, scheme, netloc) with a canonical lower-case host and port."""
    text = raw.strip()
    if not text or any(ch.isspace() or ord(ch) < 0x20 or ord(ch) == 0x7F for ch in text):
        raise InvalidUrlError("malformed", "the URL is empty or contains spaces")
    if not _HAS_SCHEME_RE.match(text):
        raise InvalidUrlError(reason_for_scheme, "the URL must start with http:// or https://")
    try:
        parts = urlsplit(text)
    except ValueError as exc:
        raise InvalidUrlError("malformed", str(exc)) from exc
    scheme = parts.scheme.lower()
    if scheme not in _SCHEMES:
        raise InvalidUrlError(reason_for_scheme, "only http:// and https:// are supported")
    if "@" in parts.netloc:
        raise InvalidUrlError("credentials", "the URL must not contain a user name or password")
    if not parts.hostname:
        raise InvalidUrlError("no_host", "the URL has no host")
    try:
        port = parts.port
    except ValueError as exc:
        raise InvalidUrlError("malformed", "invalid port") from exc
    if port == 0:
        raise InvalidUrlError("malformed", "invalid port")
    host = _canonical_host(parts.hostname, bracketed="[" in parts.netloc)
    netloc = host if port is None or port == _DEFAULT_PORTS[scheme] else f"{host}:{port}"
    return parts, scheme, netloc


def _canonical_host(hostname: str, *, bracketed: bool) -> str:
    if bracketed:
        try:
            ip = ipaddress.IPv6Address(hostname.split("%", 1)[0])
        except ValueError as exc:
            raise InvalidUrlError("malformed", "invalid IPv6 address") from exc
        return f"[{ip.compressed}]"
    host = hostname.rstrip(".").lower()
    if not host:
        raise InvalidUrlError("no_host", "the URL has no host")
    if not host.isascii():
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError as exc:
            raise InvalidUrlError("malformed", "invalid international domain name") from exc
    if not _HOST_RE.match(host):
        raise InvalidUrlError("malformed", "invalid host name")
    if _NUMERIC_LABEL_RE.match(host.rsplit(".", 1)[-1]):
        try:
            return ipaddress.IPv4Address(host).compressed
        except ValueError:
            # Spellings other than four plain decimals are read differently by different parsers
            # (8.8.8.010 is 8.8.8.8 to the resolver and an error to httpx): refuse, don't guess.
            raise InvalidUrlError(
                "ip_spelling", "write an IPv4 address as four decimal numbers without leading zeros"
            ) from None
    return host


def _path_segments(path: str) -> list[str]:
    segments = [s for s in path.split("/") if s]
    for s in segments:
        if s in (".", "..") or not _SEGMENT_RE.match(s):
            raise InvalidUrlError("malformed", "invalid path")
    return segments


def _admin_prefix(segments: list[str]) -> list[str]:
    """The subdirectory a Keitaro install lives in, from a path that points into it."""
    lowered = [s.lower() for s in segments]
    if not segments:
        return []
    if "admin_api" in lowered:
        i = len(lowered) - 1 - lowered[::-1].index("admin_api")
        tail = lowered[i + 1 :]
        if not tail or tail[0] == "v1":
            return segments[:i]
    if "admin" in lowered:
        i = len(lowered) - 1 - lowered[::-1].index("admin")
        tail = lowered[i + 1 :]
        if not tail or tail == ["index.php"]:
            return segments[:i]
    raise InvalidUrlError("malformed", "the path does not point to the Keitaro admin panel (…/admin/)")


def normalize_admin_url(raw: str) -> str:
    """Canonical admin URL ``scheme://host[:port][/sub]/admin/`` from what a user typed.

    Accepted: ``https://host``, ``https://host/``, ``https://host/admin``, ``https://host/admin/``,
    ``https://host/admin/#!/campaigns``, ``https://host/admin_api/v1`` (also with an endpoint
    after it), ``https://host/sub/admin`` (subdirectory installs). The fragment and the query
    string are dropped; the host is lower-cased; an explicit default port (``:443`` on https,
    ``:80`` on http) is dropped, any other port kept. Nothing is guessed: no scheme is added and
    a path that does not point into the admin panel (``https://host/sub``) is rejected.

    An IP address host must be four plain decimal numbers (``8.8.8.8.`` loses its dot, an IPv6
    address is written compressed, ``[::ffff:8.8.8.8]`` → ``[::ffff:808:808]``); other spellings
    (``8.8.8.010``, ``0x8.8.8.8``, ``134744072``, ``1.2.3``) are refused with reason "ip_spelling".

    Raises :class:`InvalidUrlError` with reason "scheme", "no_host", "credentials", "malformed" or
    "ip_spelling".
    """
    parts, scheme, netloc = _split(raw, reason_for_scheme="scheme")
    prefix = _admin_prefix(_path_segments(parts.path))
    sub = "".join(f"/{s}" for s in prefix)
    return f"{scheme}://{netloc}{sub}/admin/"


def api_base_from_admin_url(url: str) -> str:
    """``scheme://host[:port][/sub]/admin_api/v1`` for any URL :func:`normalize_admin_url` accepts."""
    admin = normalize_admin_url(url)
    return admin[: -len("admin/")] + "admin_api/v1"


@dataclass(frozen=True)
class PostbackUrl:
    """Keitaro's incoming postback URL ``<base_url>/<key>/postback``.

    ``key`` is a secret: ``repr()`` and :meth:`masked` never show it.
    """

    base_url: str
    key: str = field(repr=False)
    url: str = field(repr=False)

    def masked(self) -> str:
        return f"{self.base_url}/{mask_secret(self.key)}/postback"

    def __repr__(self) -> str:
        return f"PostbackUrl({self.masked()!r})"


def parse_postback_url(raw: str) -> PostbackUrl:
    """Parse ``https://<domain>[/sub]/<key>/postback[?...]``; the query (parameter templates such
    as ``?subid={subid}``) and the fragment are dropped. The key must be 5-128 letters/digits.

    Raises ``InvalidUrlError("postback_format")`` for anything else (including other schemes,
    credentials in the URL or a missing host), ``"ip_spelling"`` for an IP address host written
    other than as four plain decimals (see :func:`normalize_admin_url`).
    """
    try:
        parts, scheme, netloc = _split(raw, reason_for_scheme="postback_format")
        segments = _path_segments(parts.path)
    except InvalidUrlError as exc:
        reason = "ip_spelling" if exc.reason == "ip_spelling" else "postback_format"
        raise InvalidUrlError(reason, exc.message) from exc
    if len(segments) < 2 or segments[-1].lower() != "postback" or not _POSTBACK_KEY_RE.match(segments[-2]):
        raise InvalidUrlError("postback_format", "expected https://<domain>/<key>/postback")
    key = segments[-2]
    base = f"{scheme}://{netloc}" + "".join(f"/{s}" for s in segments[:-2])
    return PostbackUrl(base_url=base, key=key, url=f"{base}/{key}/postback")
