"""Admin URL normalisation, the incoming-postback URL, and secret masking."""

from __future__ import annotations

import httpx
import pytest

from handlers.ui import keitaro_error_key
from keitaro import KeitaroClient
from keitaro.errors import InvalidUrlError, KeitaroError
from keitaro.masking import mask_in_text, mask_secret
from keitaro.urls import PostbackUrl, api_base_from_admin_url, normalize_admin_url, parse_postback_url


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("https://tracker.example.com", "https://tracker.example.com/admin/"),
        ("https://tracker.example.com/", "https://tracker.example.com/admin/"),
        ("https://tracker.example.com/admin", "https://tracker.example.com/admin/"),
        ("https://tracker.example.com/admin/", "https://tracker.example.com/admin/"),
        ("https://tracker.example.com/admin/#!/campaigns", "https://tracker.example.com/admin/"),
        ("https://tracker.example.com/admin/?lang=ru#!/campaigns/5", "https://tracker.example.com/admin/"),
        ("https://tracker.example.com/admin/index.php", "https://tracker.example.com/admin/"),
        ("https://tracker.example.com/admin_api/v1", "https://tracker.example.com/admin/"),
        ("https://tracker.example.com/admin_api/v1/", "https://tracker.example.com/admin/"),
        ("https://tracker.example.com/admin_api/v1/campaigns/5", "https://tracker.example.com/admin/"),
        ("https://tracker.example.com/sub/admin", "https://tracker.example.com/sub/admin/"),
        ("https://tracker.example.com/a/b/admin_api/v1", "https://tracker.example.com/a/b/admin/"),
        ("  https://Tracker.Example.COM/admin/  \n", "https://tracker.example.com/admin/"),
        ("HTTPS://tracker.example.com./admin", "https://tracker.example.com/admin/"),
        ("http://tracker.example.com:8080/admin", "http://tracker.example.com:8080/admin/"),
        ("https://tracker.example.com:443/admin", "https://tracker.example.com/admin/"),
        ("http://tracker.example.com:80", "http://tracker.example.com/admin/"),
        ("https://tracker.example.com:80/admin", "https://tracker.example.com:80/admin/"),
        ("http://203.0.113.7:8081/admin/", "http://203.0.113.7:8081/admin/"),
        ("http://[2001:DB8::1]:8080/admin", "http://[2001:db8::1]:8080/admin/"),
        ("https://трекер.рф/admin", "https://xn--e1aaowdh.xn--p1ai/admin/"),
    ],
)
def test_admin_urls_are_normalised(raw: str, expected: str) -> None:
    assert normalize_admin_url(raw) == expected
    assert normalize_admin_url(expected) == expected  # idempotent


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("ftp://tracker.example.com/admin", "scheme"),
        ("javascript:alert(1)", "scheme"),
        ("tracker.example.com/admin", "scheme"),  # no scheme is added silently
        ("//tracker.example.com/admin", "scheme"),
        ("https://", "no_host"),
        ("https:///admin", "no_host"),
        ("https://user:pass@tracker.example.com/admin", "credentials"),
        ("https://user@tracker.example.com/admin", "credentials"),
        ("", "malformed"),
        ("just some words", "malformed"),
        ("https://tracker example.com/admin", "malformed"),
        ("https://tracker.example.com:99999/admin", "malformed"),
        ("https://tracker.example.com:0/admin", "malformed"),
        ("https://tracker.example.com:abc/admin", "malformed"),
        ("https://-bad-.example.com/admin", "malformed"),
        ("https://tracker.example.com/sub", "malformed"),  # not an admin path: nothing is guessed
        ("https://tracker.example.com/admin/campaigns", "malformed"),
        ("https://tracker.example.com/../admin", "malformed"),
        ("https://[zz::1]/admin", "malformed"),
    ],
)
def test_bad_admin_urls_are_refused_with_a_reason(raw: str, reason: str) -> None:
    with pytest.raises(InvalidUrlError) as info:
        normalize_admin_url(raw)
    assert info.value.reason == reason
    assert isinstance(info.value, ValueError) and isinstance(info.value, KeitaroError)
    assert info.value.code == "invalid_url"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("https://tracker.example.com/admin/#!/x", "https://tracker.example.com/admin_api/v1"),
        ("http://tracker.example.com:8080", "http://tracker.example.com:8080/admin_api/v1"),
        ("https://tracker.example.com/sub/admin/", "https://tracker.example.com/sub/admin_api/v1"),
        ("https://tracker.example.com/admin_api/v1", "https://tracker.example.com/admin_api/v1"),
    ],
)
def test_api_base(raw: str, expected: str) -> None:
    assert api_base_from_admin_url(raw) == expected


def test_client_derives_its_api_base_and_refuses_bad_urls() -> None:
    client = KeitaroClient("https://tracker.example.com/sub/admin/#!/campaigns", "k" * 20)
    assert client.api_base == "https://tracker.example.com/sub/admin_api/v1"
    assert client.admin_url == "https://tracker.example.com/sub/admin/"
    with pytest.raises(InvalidUrlError):
        KeitaroClient("ftp://tracker.example.com", "k" * 20)


# ---------------------------------------------------------------- postback URL


@pytest.mark.parametrize(
    ("raw", "base", "key"),
    [
        ("https://track.example.com/a1b2c3d/postback", "https://track.example.com", "a1b2c3d"),
        ("http://track.example.com/a1b2c3d/postback/", "http://track.example.com", "a1b2c3d"),
        (
            "https://track.example.com/a1b2c3d/postback?subid={subid}&status={status}&payout={payout}",
            "https://track.example.com",
            "a1b2c3d",
        ),
        (
            "https://Track.Example.com:8443/sub/K3yK3yK3y/postback",
            "https://track.example.com:8443/sub",
            "K3yK3yK3y",
        ),
    ],
)
def test_postback_urls_are_parsed(raw: str, base: str, key: str) -> None:
    parsed = parse_postback_url(raw)
    assert (parsed.base_url, parsed.key) == (base, key)
    assert parsed.url == f"{base}/{key}/postback"
    assert key not in parsed.masked() and parsed.masked() == f"{base}/{mask_secret(key)}/postback"
    assert key not in repr(parsed)


@pytest.mark.parametrize(
    "raw",
    [
        "https://example.com/not-a-postback",
        "https://example.com/postback",
        "https://example.com/{key}/postback",
        "https://example.com/ab/postback",  # too short to be a key
        "https://example.com/a1b2-c3d4/postback",
        "https://example.com/a1b2c3d/postback/extra",
        "ftp://example.com/a1b2c3d/postback",
        "example.com/a1b2c3d/postback",
        "https://u:p@example.com/a1b2c3d/postback",
        "https:///a1b2c3d/postback",
        "",
    ],
)
def test_bad_postback_urls_are_refused(raw: str) -> None:
    with pytest.raises(InvalidUrlError) as info:
        parse_postback_url(raw)
    assert info.value.reason == "postback_format"


def test_postback_url_is_a_value() -> None:
    assert parse_postback_url("https://a.example/abcdef1/postback") == PostbackUrl(
        "https://a.example", "abcdef1", "https://a.example/abcdef1/postback"
    )


# ---------------------------------------------------------------- masking


@pytest.mark.parametrize(
    ("secret", "masked"),
    [
        ("abcdefghijklmnopqrstuvwxyz", "abcd…wxyz"),
        ("abcdefghijkl", "abcd…ijkl"),  # exactly 12
        ("abcdefghijk", "…jk"),  # 11
        ("a1b2c3d4e5", "…e5"),
        ("abcd", "…cd"),
        ("abc", "•••"),
        ("", "•••"),
    ],
)
def test_mask_secret(secret: str, masked: str) -> None:
    assert mask_secret(secret) == masked


def test_mask_in_text_masks_every_occurrence_and_encoded_forms() -> None:
    key = "s3cr3t/Key+0123456789"
    text = f"key={key} again {key} encoded=s3cr3t%2FKey%2B0123456789 other=keep"
    masked = mask_in_text(text, [key, ""])
    assert key not in masked and "s3cr3t%2FKey%2B0123456789" not in masked
    assert masked.count(mask_secret(key)) == 3 and "other=keep" in masked
    # a longer secret containing a shorter one is masked whole
    assert mask_in_text("xx LONGSECRET-123456 xx", ["SECRET-1", "LONGSECRET-123456"]) == (
        f"xx {mask_secret('LONGSECRET-123456')} xx"
    )


# ---------------------------------------------------------------- IP addresses spelled ambiguously


@pytest.mark.parametrize(
    "raw",
    [
        "http://8.8.8.010/admin/",  # 8.8.8.8 to inet_aton (octal), an error to httpx
        "http://08.8.8.8/admin/",
        "http://0x8.8.8.8/admin/",
        "http://134744072/admin/",  # 8.8.8.8 as one number
        "http://1.2.3/admin/",
        "http://8.8.8.8.8/admin/",
        "http://0x7f000001/admin/",
        "http://example.0x10/admin/",
    ],
)
def test_ambiguous_ip_spellings_are_refused(raw: str) -> None:
    with pytest.raises(InvalidUrlError) as info:
        normalize_admin_url(raw)
    assert info.value.reason == "ip_spelling"
    with pytest.raises(InvalidUrlError) as pb:
        parse_postback_url(raw.replace("/admin/", "/abcde12345/postback"))
    assert pb.value.reason == "ip_spelling"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("http://8.8.8.8./admin/", "http://8.8.8.8/admin/"),
        ("http://[::ffff:8.8.8.8]/admin/", "http://[::ffff:808:808]/admin/"),
        ("http://[0:0:0:0:0:ffff:8.8.8.8]:8080/admin/", "http://[::ffff:808:808]:8080/admin/"),
        ("https://1e100.net/admin/", "https://1e100.net/admin/"),  # a name, not a number
        ("https://123.example.com/admin/", "https://123.example.com/admin/"),
    ],
)
def test_ip_spellings_every_parser_agrees_on_are_normalised(raw: str, expected: str) -> None:
    assert normalize_admin_url(raw) == expected
    assert httpx.URL(api_base_from_admin_url(raw)).host  # httpx takes the normalised form


async def test_url_httpx_refuses_at_request_time_is_a_typed_error() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise AssertionError("nothing may be sent")

    async with KeitaroClient(
        "https://tracker.example.com/admin/",
        "k" * 20,
        allow_private=True,
        transport=httpx.MockTransport(handler),
    ) as client:
        with pytest.raises(InvalidUrlError) as info:
            await client.request("GET", "/campaigns", params={"q": "x" * 70_000})  # "URL too long"
    error = info.value
    assert error.code == "invalid_url" and error.request is not None and error.request.path == "/campaigns"
    assert keitaro_error_key(error)[0] == "kerr-invalid_url"
