"""Connecting to the address that was checked (closing the DNS-rebinding gap of the guard).

httpx normally resolves the host itself when it opens a connection, after any check we made, so a
DNS server could answer a public address to the check and ``127.0.0.1`` to the connection.
:class:`PinnedBackend` is an httpcore network backend that owns that single resolution: for every
new TCP connection it resolves the name once (:func:`keitaro.netguard.checked_addresses`), refuses
the connection when any address is not public (unless ``allow_private``) and connects to a checked
address. Everything above the TCP socket keeps the *name*: httpcore does TLS with
``server_hostname`` = the URL's host (SNI and certificate check against the name) and the request's
``Host`` header is the URL's host, so virtual hosts and certificates work as before.

A refusal is raised as the guard's own :class:`~keitaro.errors.PrivateAddressError` (or
:class:`~keitaro.errors.DnsError`); httpx passes exceptions it does not know through unchanged.

Proxies: the pinned backend serves direct connections only. When ``trust_env`` is on and the
environment names a proxy (``HTTPS_PROXY``…), httpx sends those requests through the proxy, which
resolves the tracker's name itself; the operator chose that proxy, so it is trusted, and the
client's pre-flight check (:func:`keitaro.netguard.ensure_public_host`, repeated every few minutes)
is then the only guard.
"""

from __future__ import annotations

import ssl
import typing

import httpcore
import httpx

from keitaro.netguard import Resolver, checked_addresses

__all__ = ["PinnedBackend", "pinned_transport"]

SocketOptions = typing.Iterable[httpcore.SOCKET_OPTION] | None


class PinnedBackend(httpcore.AsyncNetworkBackend):
    """Resolves once, checks, connects to the checked address (see the module docstring).

    ``inner`` does the actual I/O (default: httpcore's anyio backend); ``resolver`` is the DNS
    lookup (default: the running loop's ``getaddrinfo``).
    """

    def __init__(
        self,
        *,
        allow_private: bool = False,
        resolver: Resolver | None = None,
        inner: httpcore.AsyncNetworkBackend | None = None,
    ) -> None:
        self.allow_private = allow_private
        self.resolver = resolver
        self.inner = inner or httpcore.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: SocketOptions = None,
    ) -> httpcore.AsyncNetworkStream:
        addresses = await checked_addresses(
            host, port, allow_private=self.allow_private, resolver=self.resolver
        )
        failure: Exception | None = None
        for address in addresses:
            try:
                return await self.inner.connect_tcp(
                    address, port, timeout=timeout, local_address=local_address, socket_options=socket_options
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                failure = exc  # try the next checked address, like a resolver-driven connect would
        assert failure is not None  # checked_addresses never returns an empty tuple
        raise failure

    async def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: SocketOptions = None
    ) -> httpcore.AsyncNetworkStream:
        raise httpcore.ConnectError("unix sockets are not used for trackers")

    async def sleep(self, seconds: float) -> None:
        await self.inner.sleep(seconds)


class _PinnedTransport(httpx.AsyncHTTPTransport):
    """httpx's own transport (request/response mapping, error mapping) over a pool whose
    connections go through a :class:`PinnedBackend`."""

    def __init__(self, *, ssl_context: ssl.SSLContext, limits: httpx.Limits, backend: PinnedBackend) -> None:
        super().__init__(verify=ssl_context, limits=limits)
        self._pool = httpcore.AsyncConnectionPool(
            ssl_context=ssl_context,
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            network_backend=backend,
        )


def pinned_transport(
    *,
    verify: bool | ssl.SSLContext,
    limits: httpx.Limits,
    allow_private: bool,
    resolver: Resolver | None = None,
    trust_env: bool = True,
    inner: httpcore.AsyncNetworkBackend | None = None,
) -> httpx.AsyncHTTPTransport:
    """An ``httpx`` transport whose every connection is made by a :class:`PinnedBackend`."""
    context = (
        verify
        if isinstance(verify, ssl.SSLContext)
        else httpx.create_ssl_context(verify, trust_env=trust_env)
    )
    backend = PinnedBackend(allow_private=allow_private, resolver=resolver, inner=inner)
    return _PinnedTransport(ssl_context=context, limits=limits, backend=backend)
