"""Every resource, every action its first item offers: the card, Cancel (nothing written), Confirm,
and Undo where there is one — plus a key without rights on every list."""

from __future__ import annotations

import pytest

from handlers.resources.declarations import RESOURCES
from tests.conftest import BotRunner
from tests.e2e.helpers import add_tracker
from tests.fakes.keitaro import KeitaroEmulator
from tests.fakes.telegram import BotMessage, FakeTelegram, FakeUser

OPEN = {
    "campaigns": "/campaigns", "streams": "/streams 1", "offers": "/offers", "landing_pages": "/landings",
    "affiliate_networks": "/networks", "traffic_sources": "/sources", "domains": "/domains",
    "groups": "/groups", "users": "/users",
}  # fmt: skip
SAMPLE = {
    "rename": "Renamed by the test", "weight": "50", "cost": "0.75", "payout": "12.5",
    "postback_url": "https://example.org/pb?click={subid}", "raw_update": '{"notes": "from the bot"}',
    "s2s_url": "https://example.org/s2s?c={subid}", "s2s_method": "POST", "s2s_statuses": "sale",
    "statuses": "sale", "user_type": "ADMIN", "url": "https://example.org/new-page", "network": "2",
}  # fmt: skip
READS = ("/report/build", "/clicks/log", "/conversions/log", "/logs/")
TITLES = {key: "— Main" for key in RESOURCES}


def writes(keitaro: KeitaroEmulator) -> int:
    return sum(
        1
        for r in keitaro.requests
        if r.method in ("POST", "PUT", "DELETE") and not any(p in r.path for p in READS)
    )


def action_buttons(card: BotMessage, labels: dict[str, str]) -> list[str]:
    shown = [b for row in card.buttons() for b in row]
    return [b for b in shown if b in labels]


async def open_first(user: FakeUser, key: str) -> BotMessage:
    if key == "s2s":
        await user.send("/campaigns")
        await user.expect("Campaigns — Main")
        await user.press("FB US Nutra")
        await user.expect("FB US Nutra ·", kind="edited")
        await user.press("S2S postbacks")
        listing = await user.expect("S2S postbacks", kind="edited")
    else:
        await user.send(OPEN[key])
        listing = await user.expect("— Main")
    items = [
        b
        for row in listing.buttons()
        for b in row
        if b not in {"🔄 Refresh", "✖️ Close", "➕ Create (JSON)"}
        and not b.startswith("●")
        and b not in {"Active", "Disabled", "Archived", "All", "Campaigns", "Offers", "Landings", "<", ">"}
    ]
    await user.press(items[0], message=listing)
    return await user.expect("·", kind="edited")


@pytest.mark.parametrize("key", sorted(RESOURCES))
async def test_every_action_of_the_first_item(
    key: str, tg: FakeTelegram, keitaro: KeitaroEmulator, runner: BotRunner
) -> None:
    from bot.i18n import build_core

    core = build_core("en")
    labels = {core.get("res-act-" + a.key, "en"): a.key for a in RESOURCES[key].actions}
    await runner.start()
    user = tg.user(9500)
    await add_tracker(user, keitaro)
    card = await open_first(user, key)
    done: list[str] = []
    # typed deletions last: they remove the item
    for label in sorted(action_buttons(card, labels), key=lambda b: labels[b] == "delete"):
        action = RESOURCES[key].action(labels[label])
        if action.key.endswith("_shares"):
            continue  # needs the flow's own ids: tests/e2e/test_resources_write.py
        before = writes(keitaro)
        for attempt in ("cancel", "confirm"):
            await user.press(label)
            if action.ask:
                await user.expect("", kind="edited")
                await user.send(SAMPLE[action.key])
                confirm = await user.expect("Please check", kind="sent")
            else:
                confirm = await user.expect("Please check", kind="edited")
            if attempt == "cancel":
                await user.press("Cancel", message=confirm)
                await user.expect("·", kind="edited")
                assert writes(keitaro) == before, f"{key}.{action.key}: Cancel wrote something"
                continue
            if action.typed_confirm:
                name = confirm.text.split("send the name exactly: ")[1].strip()
                await user.send(name)
                await user.expect("Done", kind="sent")
            else:
                await user.press("Confirm", message=confirm)
                result = await user.expect("Done", kind="edited")
                assert writes(keitaro) > before, f"{key}.{action.key}: nothing was written"
                if action.undo is not None:
                    after_change = writes(keitaro)
                    await user.press("Undo", message=result)
                    await user.expect("Undone", kind="edited")
                    assert writes(keitaro) > after_change
        done.append(action.key)
        if action.typed_confirm:
            break
        card = await open_first(user, key) if action.key in ("archive", "clone") else user.last_bot_message()  # type: ignore[assignment]
    assert done or not RESOURCES[key].actions, f"{key}: no action was offered on the first item"


@pytest.mark.parametrize("key", sorted(OPEN))
async def test_a_key_without_rights_is_told_so(
    key: str, tg: FakeTelegram, keitaro: KeitaroEmulator, runner: BotRunner
) -> None:
    await runner.start()
    user = tg.user(9600)
    await add_tracker(user, keitaro)
    keitaro.api_keys = {k: "none" for k in keitaro.api_keys}  # the key lost its rights meanwhile
    await user.send(OPEN[key])
    listing = await user.expect("— Main")
    assert "no rights for that (403)" in listing.text
