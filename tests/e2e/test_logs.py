"""/logs: the tracker's postback logs, read the way a person does when a postback did not arrive."""

from __future__ import annotations

import html
import re

import httpx
import pytest

from handlers.logs import LINE_MAX, PAGE_SIZE
from keitaro.masking import mask_log_line
from tests.conftest import ADMIN_KEY, BotRunner
from tests.e2e.helpers import started_with_tracker
from tests.fakes.keitaro import KeitaroEmulator
from tests.fakes.keitaro_emulator.traffic_logs import add_log
from tests.fakes.telegram import BotMessage, FakeTelegram, FakeUser

HEAD = "📜 Postbacks log — Main"


@pytest.fixture
async def user(tg: FakeTelegram, keitaro: KeitaroEmulator, runner: BotRunner) -> FakeUser:
    return await started_with_tracker(tg, keitaro, runner, 7101)


def lines_of(message: BotMessage) -> list[str]:
    """The log lines shown (each is a <code> element), top to bottom."""
    return [html.unescape(x) for x in re.findall(r"<code>(.*?)</code>", message.html, flags=re.S)]


async def shown_log(user: FakeUser) -> BotMessage:
    """The log once it is read (the first render says "Reading the log…" and is edited)."""
    return await user.expect("🕒")


def everything_the_bot_sent(user: FakeUser) -> str:
    parts = []
    for event in user.events:
        if not event.message.from_bot:
            continue  # the user's own messages (the API key typed while adding the tracker)
        parts += [event.message.text, event.message.html, " ".join(event.message.labels())]
    return "\n".join(parts)


@pytest.mark.date_sensitive
async def test_log_is_newest_first_names_the_tracker_and_never_shows_the_key(
    user: FakeUser, keitaro: KeitaroEmulator
) -> None:
    add_log(keitaro.state, "postbacks", "Processing subid older-one", "0000aaaa")
    add_log(
        keitaro.state, "postbacks", f"Received postback /pbkey/postback?subid=newer-one&api_key={ADMIN_KEY}"
    )
    add_log(keitaro.state, "postbacks", "Processing subid newer-one", "0000bbbb")
    await user.send("/logs")
    loading = await user.expect(HEAD, kind="sent")
    assert "Reading the log" in loading.text or "🕒" in loading.text
    view = await shown_log(user)
    assert view.message_id == loading.message_id
    assert HEAD in view.text
    newest = keitaro.state.logs["postbacks"][-PAGE_SIZE:]
    assert sorted(lines_of(view)) == sorted(mask_log_line(x["message"]) for x in newest)
    assert view.text.index("newer-one") < view.text.index("older-one")
    assert len(lines_of(view)) == PAGE_SIZE and "▶" in view.labels()  # the seeded log has more lines
    await user.press("▶")
    older = await user.expect(f"lines {PAGE_SIZE + 1}–", kind="edited")
    assert set(lines_of(older)).isdisjoint(lines_of(view))
    masked_key = f"{ADMIN_KEY[:4]}…{ADMIN_KEY[-4:]}"
    assert f"Received postback /…ey/postback?subid=newer-one&api_key={masked_key}" in view.text
    sent = everything_the_bot_sent(user)
    assert "pbkey" not in sent
    assert ADMIN_KEY not in sent


@pytest.mark.date_sensitive
async def test_a_real_postback_with_an_unknown_sub_id_is_found_and_marked(
    user: FakeUser, keitaro: KeitaroEmulator
) -> None:
    async with httpx.AsyncClient() as http:
        answer = await http.get(keitaro.postback_url, params={"subid": "ghost-sub-42", "status": "sale"})
    assert answer.status_code == 200
    await keitaro.wait_postbacks()
    await user.send("/logs ghost-sub-42")
    view = await shown_log(user)
    assert "Search: “ghost-sub-42”" in view.text
    expected = [x["message"] for x in keitaro.state.logs["postbacks"] if "ghost-sub-42" in x["message"]]
    assert len(expected) == 4  # received, queued, processing, not found
    assert sorted(lines_of(view)) == sorted(mask_log_line(m) for m in expected)
    assert '⚠️ SubID not found "ghost-sub-42"' in view.text
    assert "⚠️ Processing subid ghost-sub-42" not in view.text
    # one job: one time header, its lines in the order they happened
    assert view.text.count("🕒") == 1
    assert view.text.index("Received postback") < view.text.index("SubID not found")
    assert keitaro.postback_key not in everything_the_bot_sent(user)


async def test_sub_id_search_finds_exactly_its_lines(user: FakeUser, keitaro: KeitaroEmulator) -> None:
    match = re.search(r"subid=([^&]+)", keitaro.state.logs["postbacks"][0]["message"])
    assert match is not None
    sub_id = match.group(1)
    await user.send(f"/logs   {sub_id}  ")
    view = await shown_log(user)
    expected = [
        x["message"] for x in keitaro.state.logs["postbacks"] if sub_id.lower() in x["message"].lower()
    ]
    assert expected and sorted(lines_of(view)) == sorted(mask_log_line(m) for m in expected)
    assert f"Search: “{sub_id}”" in view.text and "▶" not in view.labels()


async def test_search_with_the_button_errors_and_clearing(user: FakeUser, keitaro: KeitaroEmulator) -> None:
    await user.send("/logs")
    await shown_log(user)
    await user.press("Search")
    await user.expect("Send the click ID (subid)", kind="edited")
    await user.send("x" * 101)
    await user.expect("That is 101 characters; a search can be at most 100", kind="sent")
    await user.send("  PROCESSING subid  ")
    found = await user.expect("🕒")
    assert "Search: “PROCESSING subid”" in found.text
    shown = lines_of(found)
    assert shown and all("processing subid" in line.lower() for line in shown)
    await user.press("Clear search")
    cleared = await shown_log(user)
    assert "Search:" not in cleared.text and "Clear search" not in cleared.labels()
    # text typed on the log itself is a search as well; "-" clears it
    await user.send("no-such-sub-id")
    nothing = await user.expect("No lines with “no-such-sub-id”")
    assert "did not reach this tracker" in nothing.text and "Refresh" in " ".join(nothing.labels())
    await user.press("Search")
    await user.expect("Searching for: “no-such-sub-id”", kind="edited")
    await user.send("-")
    again = await user.expect("🕒", kind="sent")
    assert "Search:" not in again.text


async def test_paging_through_three_pages(user: FakeUser, keitaro: KeitaroEmulator) -> None:
    assert PAGE_SIZE == 5
    for n in range(13):
        add_log(keitaro.state, "postbacks", f"Processing subid bulk-{n:02d}", f"bulk{n:04d}")
    await user.send("/logs bulk-")
    first = await shown_log(user)
    assert "Page 1 · lines 1–5" in first.text and "◀" not in first.labels()
    assert lines_of(first) == [f"Processing subid bulk-{n:02d}" for n in range(12, 7, -1)]
    await user.press("▶")
    second = await user.expect("Page 2 · lines 6–10", kind="edited")
    assert second.message_id == first.message_id
    assert lines_of(second) == [f"Processing subid bulk-{n:02d}" for n in range(7, 2, -1)]
    await user.press("▶")
    third = await user.expect("Page 3 · lines 11–13", kind="edited")
    assert lines_of(third) == [f"Processing subid bulk-{n:02d}" for n in (2, 1, 0)]
    assert "▶" not in third.labels()
    await user.press("◀")
    back = await user.expect("Page 2 · lines 6–10", kind="edited")
    assert lines_of(back) == lines_of(second)


async def test_switching_to_sent_postbacks(user: FakeUser, keitaro: KeitaroEmulator) -> None:
    add_log(
        keitaro.state,
        "sent_postbacks",
        "GET https://partner.example/pb?click=abc&key=partnerSecret123456 200",
    )
    add_log(keitaro.state, "sent_postbacks", "GET https://partner.example/pb?click=def 500")
    await user.send("/logs")
    received = await shown_log(user)
    assert "● 📥 Received" in received.labels()
    await user.press("Sent")
    sent = await user.expect("📜 Sent postbacks log — Main", kind="edited")
    if "🕒" not in sent.text:
        sent = await user.expect("🕒", kind="edited")
    assert "● 📤 Sent" in sent.labels()
    expected = keitaro.state.logs["sent_postbacks"][-10:]
    assert sorted(lines_of(sent)) == sorted(mask_log_line(x["message"]) for x in expected)
    assert "⚠️ GET https://partner.example/pb?click=def 500" in sent.text
    assert "⚠️ GET https://partner.example/pb?click=abc" not in sent.text
    assert "partnerSecret123456" not in everything_the_bot_sent(user)
    await user.press("Received")
    back = await user.expect(HEAD, kind="edited")
    assert "● 📥 Received" in back.labels()


async def test_tracker_failure_is_one_sentence_and_refresh_recovers(
    user: FakeUser, keitaro: KeitaroEmulator
) -> None:
    keitaro.mode = "server_error"
    await user.send("/logs")
    failed = await user.expect("internal error")
    assert "Main: the tracker had an internal error (500)" in failed.text
    assert "Refresh" in " ".join(failed.labels()) and "Close" in " ".join(failed.labels())
    keitaro.mode = "normal"
    await user.press("Refresh")
    recovered = await user.expect("🕒", kind="edited")
    assert HEAD in recovered.text and lines_of(recovered)


async def test_unexpected_input_and_no_tracker(tg: FakeTelegram, user: FakeUser) -> None:
    await user.send("/logs")
    await shown_log(user)
    await user.send_photo()
    await user.expect("I need a text message here", kind="sent")
    await user.expect(HEAD, kind="sent")  # the log again, below the answer
    await user.press("Search")
    await user.expect("Send the click ID (subid)", kind="edited")
    await user.send_photo()
    await user.expect("I need a text message here", kind="sent")
    await user.expect("Send the click ID (subid)", kind="sent")
    await user.press("Cancel")
    await user.expect(HEAD, kind="edited")
    stranger = tg.user(7102)
    await stranger.send("/logs abc")
    await stranger.expect("no active tracker")


async def test_long_lines_with_markup_are_shortened_and_escaped(
    user: FakeUser, keitaro: KeitaroEmulator
) -> None:
    for n in range(12):
        add_log(
            keitaro.state, "postbacks", f"Processing subid long-{n} <script>&amp; " + "x" * 3000, f"long{n}"
        )
    await user.send("/logs long-")
    view = await shown_log(user)  # the fake refuses broken HTML and texts over 4096 characters
    shown = lines_of(view)
    assert len(shown) == PAGE_SIZE and all(line.endswith("…") and len(line) <= LINE_MAX for line in shown)
    assert "Processing subid long-11 <script>&amp; xxx" in view.text
    assert len(view.text) < 4096 and "▶" in view.labels()
