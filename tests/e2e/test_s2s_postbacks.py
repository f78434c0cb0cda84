"""A campaign's S2S postbacks: list, add, edit statuses with validation, remove, undo."""

from __future__ import annotations

from tests.conftest import BotRunner
from tests.e2e.helpers import add_tracker
from tests.fakes.keitaro import KeitaroEmulator
from tests.fakes.telegram import FakeTelegram


async def test_s2s_postbacks_of_a_campaign(
    tg: FakeTelegram, keitaro: KeitaroEmulator, runner: BotRunner
) -> None:
    await runner.start()
    user = tg.user(9101)
    await add_tracker(user, keitaro)
    await user.send("/campaigns")
    await user.expect("Campaigns — Main")
    await user.press("FB US Nutra")
    await user.expect("FB US Nutra ·", kind="edited")
    await user.press("S2S postbacks")
    listing = await user.expect("S2S postbacks · FB US Nutra — Main (1)", kind="edited")
    assert any("graph.example.net" in b for row in listing.buttons() for b in row)

    await user.press("Create")
    await user.expect("New S2S postback", kind="edited")
    await user.send("ftp://nope")
    await user.expect("not a web address", kind="sent")
    await user.send("https://ts.example/pb?click={subid} POST sale,rebill")
    card = await user.expect("Create in S2S postbacks", kind="sent")
    assert "POST" in card.text and "sale, rebill" in card.text
    await user.press("Confirm")
    created = await user.expect("Created", kind="edited")
    assert "https://ts.example/pb?click={subid}" in created.text
    campaign = keitaro.state.campaigns[1]
    assert len(campaign["postbacks"]) == 2
    assert campaign["postbacks"][-1]["statuses"] == ["sale", "rebill"]

    await user.press("Statuses")
    await user.expect("statuses it fires for", kind="edited")
    await user.send("won")
    await user.expect("No such status. Send any of these: lead, sale, rejected, rebill.", kind="sent")
    await user.send("lead")
    await user.expect("sale, rebill → lead", kind="sent")
    await user.press("Confirm")
    await user.expect("Done", kind="edited")
    assert keitaro.state.campaigns[1]["postbacks"][-1]["statuses"] == ["lead"]

    await user.press("Remove")
    await user.expect("Please check", kind="edited")
    await user.press("Confirm")
    await user.expect("Done", kind="edited")
    assert len(keitaro.state.campaigns[1]["postbacks"]) == 1
    await user.press("Undo")
    await user.expect("Undone", kind="edited")
    assert len(keitaro.state.campaigns[1]["postbacks"]) == 2
