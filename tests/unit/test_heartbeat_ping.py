"""HEARTBEAT_URL in logs: the scheme and host only (monitors keep their secret in the path/query)."""

from __future__ import annotations

import pytest

from alerts.heartbeat_ping import HeartbeatPing, masked
from bot.settings import Settings


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("https://hc-ping.com/0b5e6c1a-1111-2222", "https://hc-ping.com/…"),
        ("https://user:pw@push.example.org:8443/api/push/abc?status=up", "https://push.example.org:8443/…"),
        ("http://monitor.local", "http://monitor.local"),
    ],
)
def test_masked_shows_no_secret(url: str, shown: str) -> None:
    assert masked(url) == shown


def test_the_setting_is_secret_and_must_be_http() -> None:
    s = Settings(_env_file=None, bot_token="1:x", heartbeat_url=" https://hc-ping.com/abc ")  # type: ignore[call-arg]
    assert s.heartbeat_url is not None and s.heartbeat_url.get_secret_value() == "https://hc-ping.com/abc"
    assert "abc" not in repr(s)
    assert Settings(_env_file=None, bot_token="1:x", heartbeat_url="").heartbeat_url is None  # type: ignore[call-arg]
    with pytest.raises(ValueError, match="http:// or https://"):
        Settings(_env_file=None, bot_token="1:x", heartbeat_url="hc-ping.com/abc")  # type: ignore[call-arg]


async def test_a_ping_that_cannot_connect_returns_false_and_never_raises() -> None:
    ping = HeartbeatPing(None, "http://127.0.0.1:9/secret-path", timeout=2)
    try:
        assert await ping.ping() is False and ping.failing
        assert await ping.ping() is False and ping.pings == 0
    finally:
        await ping.aclose()
