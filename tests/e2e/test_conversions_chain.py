"""/conversions shows a sale that a later postback overwrote as its chain («sale → rejected»), and
the "was a sale" filter finds it — the deposits a status change hid from the "sale" filter."""

from __future__ import annotations

import httpx
import pytest

from tests.conftest import BotRunner
from tests.e2e.helpers import add_tracker, speak_russian, started_with_tracker
from tests.e2e.test_conversions import TZ, count_of, expected, sub_ids_of
from tests.fakes.keitaro import KeitaroEmulator
from tests.fakes.telegram import BotMessage, FakeTelegram, FakeUser


@pytest.fixture
async def user(tg: FakeTelegram, keitaro: KeitaroEmulator, runner: BotRunner) -> FakeUser:
    return await started_with_tracker(tg, keitaro, runner, 7401, timezone_button=TZ)


async def overwritten_sale(keitaro: KeitaroEmulator) -> str:
    """A deposit (sale, 50 USD) that the network took back a moment later (rejected), sent the way an
    affiliate network does: two postbacks for one click and tid."""
    click = max(keitaro.state.clicks, key=lambda c: c["_ts"])
    async with httpx.AsyncClient() as http:
        for status in ("sale", "rejected"):
            params = {"subid": click["sub_id"], "tid": "deposit-1", "status": status, "payout": "50"}
            answer = await http.get(keitaro.postback_url, params=params)
            assert answer.text == "Success"
            await keitaro.wait_postbacks()
    return str(click["sub_id"])


async def settled(user: FakeUser, text: str) -> BotMessage:
    shown = await user.expect(text, kind="edited")
    while "⏳" in shown.text:  # "Loading…" / «Загружаю…»: the list comes in the next edit
        shown = await user.expect(text, kind="edited")
    return shown


@pytest.mark.date_sensitive
async def test_a_taken_back_sale_shows_its_chain_and_the_filter_finds_it(
    user: FakeUser, keitaro: KeitaroEmulator
) -> None:
    sub_id = await overwritten_sale(keitaro)
    stored = next(c for c in keitaro.state.conversions if c["sub_id"] == sub_id and c["tid"] == "deposit-1")
    assert (stored["status"], stored["previous_status"]) == ("rejected", "sale")

    await user.send("/conversions")
    listing = await settled(user, "conversion")
    first = listing.text.split("\n\n")[1]
    assert sub_id in first and "sale → rejected" in first  # the newest: its whole chain

    await user.press("Filters")
    await user.expect("Filters", kind="edited")
    await user.press("Was a sale")
    chosen = await user.expect("was a sale", kind="edited")
    assert "● 💸 Was a sale" in chosen.labels()
    await user.press("Show conversions")
    hidden = await settled(user, "was a sale")
    want = expected(keitaro, 1, lambda c: c["previous_status"] == "sale")
    assert count_of(hidden) == len(want) >= 1
    assert sub_ids_of(hidden) == [c["sub_id"] for c in want[: len(sub_ids_of(hidden))]]
    assert sub_id == sub_ids_of(hidden)[0]
    assert all("sale → " in entry for entry in hidden.text.split("\n\n")[1:])
    # the plain "sale" filter no longer sees it: that is why the "was a sale" filter exists
    sales = expected(keitaro, 1, lambda c: c["status"] == "sale")
    assert sub_id not in [c["sub_id"] for c in sales if c["tid"] == "deposit-1"]

    await user.press("Filters")
    await user.expect("Filters", kind="edited")
    await user.press("Was a sale")  # a second tap drops it
    dropped = await user.expect("Filters", kind="edited")
    assert "💸 Was a sale" in dropped.labels() and "● 💸 Was a sale" not in dropped.labels()


@pytest.mark.date_sensitive
async def test_was_a_sale_in_russian(tg: FakeTelegram, keitaro: KeitaroEmulator, runner: BotRunner) -> None:
    await runner.start()
    person = tg.user(7402)
    await add_tracker(person, keitaro, timezone_button=TZ)
    await speak_russian(person)
    await overwritten_sale(keitaro)
    await person.send("/conversions")
    listing = await settled(person, "конверси")
    assert "продажа (sale) → отклонено (rejected)" in listing.text.split("\n\n")[1]
    await person.press("Фильтры")
    await person.expect("Фильтры", kind="edited")
    await person.press("Была продажей")
    chosen = await person.expect("была продажей", kind="edited")
    assert "● 💸 Была продажей" in chosen.labels()
