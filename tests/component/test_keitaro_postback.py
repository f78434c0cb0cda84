"""The incoming postback: building, sending (GET and POST), Keitaro's answers, the asynchronous
recording on the tracker's side, and the key never showing in logs or errors."""

from __future__ import annotations

import logging
import socket
from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest

from keitaro import ConnectionRefused, KeitaroClient, KeitaroError, PrivateAddressError, parse_postback_url
from keitaro.postback import PostbackOutcome, PostbackParams, PostbackResult, classify_answer
from keitaro.reports import LogQuery
from keitaro.retry import RetryPolicy
from keitaro.urls import PostbackUrl
from tests.fakes.keitaro import KeitaroEmulator
from tests.fakes.keitaro_emulator.postback import GIF

ADMIN = "pbAdminKey0123456789abcdef"


@pytest.fixture
async def emulator() -> AsyncIterator[KeitaroEmulator]:
    emu = KeitaroEmulator(api_keys={ADMIN: "admin"})
    await emu.start()
    try:
        yield emu
    finally:
        await emu.stop()


@pytest.fixture
async def client(emulator: KeitaroEmulator) -> AsyncIterator[KeitaroClient]:
    async with KeitaroClient(emulator.url, ADMIN, allow_private=True, retry=RetryPolicy(attempts=1)) as c:
        yield c


@pytest.fixture
def postback(emulator: KeitaroEmulator) -> PostbackUrl:
    return parse_postback_url(emulator.postback_url + "?subid={subid}&status={status}")


def a_click(emulator: KeitaroEmulator, number: int = 200) -> dict[str, Any]:
    return emulator.state.clicks[number]


def conversions_for(emulator: KeitaroEmulator, sub_id: str) -> list[dict[str, Any]]:
    return [c for c in emulator.state.conversions if c["sub_id"] == sub_id]


def postback_log(emulator: KeitaroEmulator) -> list[str]:
    return [line["message"] for line in emulator.state.logs.get("postbacks", [])]


async def test_lead_then_sale_with_the_same_tid_updates_one_conversion(
    emulator: KeitaroEmulator, client: KeitaroClient, postback: PostbackUrl
) -> None:
    click = a_click(emulator)
    before = len(conversions_for(emulator, click["sub_id"]))
    result = await client.send_postback(
        postback, {"subid": click["sub_id"], "status": "lead", "payout": 12.5, "tid": "t-1", "sub_id_2": "x"}
    )
    assert isinstance(result, PostbackResult)
    assert (result.http_status, result.text, result.outcome) == (200, "Success", PostbackOutcome.ACCEPTED)
    assert result.elapsed_ms > 0
    await emulator.wait_postbacks()
    [created] = [c for c in conversions_for(emulator, click["sub_id"]) if c["tid"] == "t-1"]
    assert (created["status"], created["revenue"], created["previous_status"]) == ("lead", 12.5, "")
    assert click["sub_id_2"] == "x"

    await client.send_postback(
        postback, PostbackParams(subid=click["sub_id"], status="sale", payout="20,5", tid="t-1")
    )
    await emulator.wait_postbacks()
    assert len(conversions_for(emulator, click["sub_id"])) == before + 1
    assert (created["status"], created["previous_status"], created["revenue"]) == ("sale", "lead", 20.5)

    await client.send_postback(
        postback, {"subid": click["sub_id"], "status": "rebill", "payout": 5, "tid": "t-2"}
    )
    await emulator.wait_postbacks()
    assert len(conversions_for(emulator, click["sub_id"])) == before + 2
    assert f"Subid {click['sub_id']} complete" in postback_log(emulator)


async def test_the_answer_comes_before_the_conversion_is_recorded(
    emulator: KeitaroEmulator, client: KeitaroClient, postback: PostbackUrl
) -> None:
    click = a_click(emulator, 300)
    emulator.postbacks.pause()
    result = await client.send_postback(postback, {"subid": click["sub_id"], "status": "sale", "tid": "late"})
    assert result.accepted
    assert not [c for c in conversions_for(emulator, click["sub_id"]) if c["tid"] == "late"]
    assert f"Processing subid {click['sub_id']}" not in postback_log(emulator)
    emulator.postbacks.resume()
    await emulator.wait_postbacks()
    assert [c["status"] for c in conversions_for(emulator, click["sub_id"]) if c["tid"] == "late"] == ["sale"]


async def test_the_conversion_is_visible_through_the_api(
    emulator: KeitaroEmulator, client: KeitaroClient, postback: PostbackUrl
) -> None:
    """The bot's test-postback recipe: send, then look in the conversions log and the postbacks log."""
    click = a_click(emulator, 400)
    await client.send_postback(
        postback,
        {"subid": click["sub_id"], "status": "rejected", "payout": 0, "tid": "test-1", "return": "OK"},
    )
    await emulator.wait_postbacks()
    query = LogQuery(
        range="all_time",
        timezone="UTC",
        columns=["sub_id", "status", "tid", "revenue"],
        filters=[("sub_id", "EQUALS", click["sub_id"]), ("tid", "EQUALS", "test-1")],
    )
    found = await client.conversions.log(json=query.to_json())
    assert found.rows == [{"sub_id": click["sub_id"], "status": "rejected", "tid": "test-1", "revenue": 0.0}]
    lines = await client.logs.read("postbacks", limit=20, query=click["sub_id"])
    assert lines[0].message == f"Subid {click['sub_id']} complete"


async def test_post_sends_a_form_body(
    emulator: KeitaroEmulator, client: KeitaroClient, postback: PostbackUrl
) -> None:
    click = a_click(emulator, 500)
    result = await client.send_postback(
        postback, {"subid": click["sub_id"], "status": "lead", "tid": "form"}, method="POST"
    )
    assert result.accepted and result.method == "POST"
    received = [r for r in emulator.requests if r.path.endswith("/postback")][-1]
    assert received.method == "POST" and received.query == {}
    assert received.headers["Content-Type"] == "application/x-www-form-urlencoded"
    await emulator.wait_postbacks()
    assert [c["tid"] for c in conversions_for(emulator, click["sub_id"]) if c["tid"] == "form"] == ["form"]


@pytest.mark.parametrize(
    ("params", "text", "outcome"),
    [
        ({"return": "OK"}, "OK", PostbackOutcome.ACCEPTED),
        ({"return": "gif"}, f"<image/gif, {len(GIF)} bytes>", PostbackOutcome.ACCEPTED),
        ({"subid": ""}, "Incorrect subid", PostbackOutcome.NO_SUBID),
    ],
)
async def test_answers(
    emulator: KeitaroEmulator,
    client: KeitaroClient,
    postback: PostbackUrl,
    params: dict[str, str],
    text: str,
    outcome: PostbackOutcome,
) -> None:
    result = await client.send_postback(
        postback, {"subid": a_click(emulator)["sub_id"], "status": "lead"} | params
    )
    assert (result.text, result.outcome) == (text, outcome)


async def test_wrong_key_is_recognised_and_masked(emulator: KeitaroEmulator, client: KeitaroClient) -> None:
    wrong = parse_postback_url(f"{emulator.base}/wrongKey123456789/postback")
    result = await client.send_postback(wrong, {"subid": "abc", "status": "lead"})
    assert result.outcome is PostbackOutcome.WRONG_KEY
    assert result.text.startswith("Incorrect postback code (")
    assert "wrongKey123456789" not in result.text + result.request_url_masked
    assert wrong.masked() in result.request_url_masked


async def test_unknown_subid_and_status_are_accepted_then_logged(
    emulator: KeitaroEmulator, client: KeitaroClient, postback: PostbackUrl
) -> None:
    count = len(emulator.state.conversions)
    assert (await client.send_postback(postback, {"subid": "nosuchclick42", "status": "sale"})).accepted
    click = a_click(emulator, 600)
    assert (await client.send_postback(postback, {"subid": click["sub_id"], "status": "weird"})).accepted
    await emulator.wait_postbacks()
    log = postback_log(emulator)
    assert 'SubID not found "nosuchclick42"' in log
    assert 'Unknown status "weird". Postback ignored.' in log
    assert len(emulator.state.conversions) == count


async def test_a_tracker_that_is_down_or_not_keitaro(
    emulator: KeitaroEmulator, client: KeitaroClient, postback: PostbackUrl
) -> None:
    emulator.mode = "down"
    down = await client.send_postback(postback, {"subid": "abc", "status": "lead"})
    assert (down.http_status, down.outcome) == (503, PostbackOutcome.HTTP_ERROR)
    assert "503" in down.text
    emulator.mode = "html"
    html = await client.send_postback(postback, {"subid": "abc", "status": "lead"})
    assert (html.http_status, html.outcome) == (200, PostbackOutcome.HTML)
    assert emulator.postbacks.received == 0


@pytest.fixture
def library_logging_only() -> Iterator[None]:
    """The bot redacts every log record process-wide (and the test suite installs that); the
    library must keep the key out on its own, so its check runs with plain log records."""
    previous = logging.getLogRecordFactory()
    logging.setLogRecordFactory(logging.LogRecord)
    try:
        yield
    finally:
        logging.setLogRecordFactory(previous)


@pytest.mark.usefixtures("library_logging_only")
async def test_the_key_never_reaches_logs_or_errors(
    emulator: KeitaroEmulator, client: KeitaroClient, postback: PostbackUrl, caplog: pytest.LogCaptureFixture
) -> None:
    key = emulator.postback_key
    caplog.set_level(logging.DEBUG)
    result = await client.send_postback(postback, {"subid": a_click(emulator)["sub_id"], "status": "lead"})
    assert key not in result.request_url_masked and key not in repr(result)
    assert "HTTP Request: GET" in caplog.text  # httpx did log the request …
    assert key not in caplog.text  # … with the key masked

    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    refused = parse_postback_url(f"http://127.0.0.1:{port}/{key}/postback")
    with pytest.raises(ConnectionRefused) as caught:
        await client.send_postback(refused, {"subid": "abc"})
    _assert_clean(caught.value, key)

    async with KeitaroClient(emulator.url, ADMIN) as guarded:  # the network guard is on by default
        with pytest.raises(PrivateAddressError) as blocked:
            await guarded.send_postback(postback, {"subid": "abc"})
    _assert_clean(blocked.value, key)
    assert key not in caplog.text


def _assert_clean(error: KeitaroError, key: str) -> None:
    assert error.request is not None
    texts = [
        str(error),
        repr(error),
        error.message,
        error.request.url,
        error.request.path,
        str(error.__cause__),
    ]
    assert all(key not in text for text in texts)


def test_parameters() -> None:
    params = PostbackParams.model_validate(
        {
            "subid": "s1",
            "status": "sale",
            "payout": 10.0,
            "sub_id_3": "c",
            "sub_ids": {1: "a"},
            "return": "OK",
        }
    )
    assert params.query() == [
        ("subid", "s1"),
        ("status", "sale"),
        ("payout", "10"),
        ("sub_id_1", "a"),
        ("sub_id_3", "c"),
        ("return", "OK"),
    ]
    with pytest.raises(ValueError):
        PostbackParams(subid="s", sub_ids={16: "x"})


@pytest.mark.parametrize(
    ("status", "text", "content_type", "outcome"),
    [
        (200, "Success", "text/plain", PostbackOutcome.ACCEPTED),
        (200, "Incorrect postback code (ab…yz in /…)", "text/plain", PostbackOutcome.WRONG_KEY),
        (200, "Incorrect subid", "text/plain", PostbackOutcome.NO_SUBID),
        (200, "<!DOCTYPE html><html></html>", "text/html", PostbackOutcome.HTML),
        (200, "Something else", "text/plain", PostbackOutcome.UNKNOWN),
        (404, "Success", "text/plain", PostbackOutcome.HTTP_ERROR),
    ],
)
def test_classify_answer(status: int, text: str, content_type: str, outcome: PostbackOutcome) -> None:
    assert classify_answer(status, text, content_type=content_type) is outcome
