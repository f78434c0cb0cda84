"""Browsing resources: lists with pages, filters and search, cards, links between objects."""

from __future__ import annotations

import re

import pytest

from tests.conftest import USER_KEY, BotRunner
from tests.e2e.helpers import add_tracker, speak_russian, started_with_tracker
from tests.fakes.keitaro import KeitaroEmulator
from tests.fakes.telegram import FakeTelegram, FakeUser


@pytest.fixture
async def user(tg: FakeTelegram, keitaro: KeitaroEmulator, runner: BotRunner) -> FakeUser:
    return await started_with_tracker(tg, keitaro, runner, 7001)


async def test_campaign_list_card_and_its_flows(user: FakeUser, keitaro: KeitaroEmulator) -> None:
    await user.send("/campaigns")
    listing = await user.expect("Campaigns — Main")
    active = [c for c in keitaro.state.live("campaigns") if c["state"] == "active"]
    assert f"({len(active)})" in listing.text
    assert "🟢 FB US Nutra" in listing.labels() and "TT DE Gambling" not in " ".join(listing.labels())
    await user.press("FB US Nutra")
    card = await user.expect("FB US Nutra · #1", kind="edited")
    assert "Alias: fb-us-nutra" in card.text and "Cost: CPC 0.50 USD" in card.text
    assert "🟢 active" in card.text
    # names and words, not ids and raw values
    assert "Traffic source: Facebook\n" in card.text and "Group: Team Anna\n" in card.text
    assert "Type: by position\n" in card.text and "#3" not in card.text
    await user.press("Flows")
    flows = await user.expect("Flows · FB US Nutra — Main", kind="edited")
    expected = [s for s in keitaro.state.streams.values() if s["campaign_id"] == 1 and s["state"] == "active"]
    assert f"({len(expected)})" in flows.text
    with_offers = next(s for s in expected if s.get("offers"))
    await user.press(with_offers["name"])
    flow = await user.expect(with_offers["name"], kind="edited")
    assert "Offers (shares):" in flow.text and "%" in flow.text
    offer_names = [keitaro.state.offers[o["offer_id"]]["name"] for o in with_offers["offers"]]
    assert all(name in flow.text for name in offer_names)
    await user.press("Back")
    await user.expect("Flows · FB US Nutra", kind="edited")
    await user.press("Close")  # back to the campaign card
    await user.expect("FB US Nutra · #1", kind="edited")


async def test_filters_show_disabled_and_archived(user: FakeUser) -> None:
    await user.send("/campaigns")
    await user.expect("Campaigns")
    await user.press("Disabled")
    disabled = await user.expect("Campaigns", kind="edited")
    assert "⏸ TT DE Gambling" in disabled.labels() and "● Disabled" in disabled.labels()
    await user.press("Archived")
    archived = await user.expect("Campaigns", kind="edited")
    assert any(b.startswith("🗄") for b in archived.labels())
    await user.press("All")
    everything = await user.expect("Campaigns", kind="edited")
    assert "(5)" in everything.text


async def test_search_by_name_or_id_and_clear(user: FakeUser) -> None:
    await user.send("/offers")
    await user.expect("Offers — Main")
    await user.send("KETO")
    found = await user.expect("Search: “KETO”", kind="sent")
    assert "(2)" in found.text and all("Keto" in b for b in found.labels() if b.startswith("🟢"))
    await user.send("#3")
    by_id = await user.expect("Search: “#3”", kind="sent")
    assert "(1)" in by_id.text
    await user.press("Clear search")
    cleared = await user.expect("Offers — Main", kind="edited")
    assert "Search" not in cleared.text


async def test_long_lists_are_paged_in_place(user: FakeUser, keitaro: KeitaroEmulator) -> None:
    for n in range(25):
        keitaro.add_campaign(name=f"Bulk {n:02d}", alias=f"bulk{n:02d}", state="active")
    await user.send("/campaigns")
    first = await user.expect("Campaigns — Main")
    assert "(28)" in first.text
    page_buttons = [b for b in first.labels() if b.startswith("🟢")]
    assert len(page_buttons) == 10
    await user.press(">")
    second = await user.expect("Campaigns — Main", kind="edited")
    assert second.message_id == first.message_id
    assert [b for b in second.labels() if b.startswith("🟢")] != page_buttons


async def test_tracker_errors_are_one_sentence(user: FakeUser, keitaro: KeitaroEmulator) -> None:
    keitaro.mode = "down"
    await user.send("/domains")
    down = await user.expect("Domains — Main")
    assert "Main:" in down.text and "internal error" in down.text
    keitaro.mode = "normal"
    await user.press("Refresh")
    ok = await user.expect("Domains — Main", kind="edited")
    assert any("trk." in b or "." in b for b in ok.labels())


async def test_users_need_an_admin_key(tg: FakeTelegram, keitaro: KeitaroEmulator, runner: BotRunner) -> None:
    await runner.start()
    person = tg.user(7002)
    await add_tracker(person, keitaro, key=USER_KEY)
    await person.send("/users")
    listing = await person.expect("Tracker users — Main")
    assert "no rights" in listing.text and "403" in listing.text


async def test_groups_by_type_and_commands_without_a_tracker(tg: FakeTelegram, user: FakeUser) -> None:
    await user.send("/groups")
    groups = await user.expect("Groups — Main")
    assert "● Campaigns" in groups.labels()
    await user.press("Offers")
    offers = await user.expect("Groups — Main", kind="edited")
    assert "● Offers" in offers.labels()
    stranger = tg.user(7003)
    await stranger.send("/campaigns")
    await stranger.expect("no active tracker")
    await user.send("/flows abc")
    await user.expect("Send the command with the campaign's id: /flows 12")
    await user.send("/flows 1")
    await user.expect("Flows — Main")
    await user.send("/streams 1")  # the old name still works
    await user.expect("Flows — Main")


async def test_offer_card_names_the_flows_that_use_it(user: FakeUser, keitaro: KeitaroEmulator) -> None:
    users_of = [
        (s["campaign_id"], s["name"])
        for s in keitaro.state.streams.values()
        if s["state"] != "deleted" and any(o["offer_id"] == 1 for o in s.get("offers") or [])
    ]
    await user.send("/offers")
    await user.expect("Offers — Main")
    await user.press("Keto Slim US: CPA $38")
    card = await user.expect("Keto Slim US: CPA $38 ·", kind="edited")
    assert card.text.count("Gets traffic from:") >= 1
    for _campaign_id, flow in users_of:
        if keitaro.state.campaigns[_campaign_id]["state"] != "deleted":
            assert flow in card.text


def _ru(n: int, one: str, few: str, many: str) -> str:
    if n % 10 == 1 and n % 100 != 11:
        return one
    return few if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14 else many


async def test_a_russian_card_speaks_russian(
    tg: FakeTelegram, keitaro: KeitaroEmulator, user: FakeUser
) -> None:
    person = tg.user(7011, language_code="ru")  # (``user`` starts the bot)
    await person.send("/lang")
    await person.expect("Язык")
    await person.press("English")
    await person.expect("Language: English")
    await add_tracker(person, keitaro)
    await speak_russian(person)
    await person.send("/campaigns")
    await person.expect("Кампании — Main")
    await person.press("FB US Nutra")
    card = await person.expect("FB US Nutra · #1", kind="edited")
    assert "🟢 активно" in card.text and "Источник трафика: Facebook\n" in card.text
    assert "Тип: по позиции\n" in card.text and "Расход: CPC 0,50 USD\n" in card.text
    today = re.search(
        r"📊 Сегодня \(UTC\): (\d+) (клик\w*) · (\d+) (конверси\w+) · доход \d+,\d\d · расход \d+,\d\d"
        r" · профит -?\d+,\d\d",
        card.text,
    )  # the numbers depend on the clock; their Russian shape does not
    assert today is not None, card.text
    clicks, clicks_word, conversions, conversions_word = today.groups()
    assert clicks_word == _ru(int(clicks), "клик", "клика", "кликов")
    assert conversions_word == _ru(int(conversions), "конверсия", "конверсии", "конверсий")
    assert "📤 S2S GET (продажа (sale)):" in card.text
    await person.press("Потоки")
    await person.expect("Потоки · FB US Nutra — Main", kind="edited")
    await person.press("Отключённые")
    disabled = await person.expect("Потоки · FB US Nutra — Main", kind="edited")
    flow = next(
        s for s in keitaro.state.streams.values() if s["campaign_id"] == 1 and s["state"] == "disabled"
    )
    await person.press(flow["name"])
    card = await person.expect(flow["name"] + " · #", kind="edited")
    assert "⏸ отключено" in card.text and "выключ" not in card.text.lower() and disabled.text
    await person.press("Включить")
    confirm = await person.expect("Проверьте", kind="edited")
    assert "Состояние: отключено → активно" in confirm.text
