"""A member works with the tracker without its key (issue 16, point 3): no screen shows a member
any part of it — the card has no key and no postback URL, and the 🧾 JSON view of an object (the
operation envelope) shows the Api-Key header as hidden, where the owner sees its masked form."""

from __future__ import annotations

from keitaro.masking import mask_secret
from tests.conftest import ADMIN_KEY, BotRunner
from tests.e2e.helpers import active_tracker_id, add_tracker
from tests.e2e.team import join_team
from tests.fakes.keitaro import KeitaroEmulator
from tests.fakes.telegram import FakeTelegram, FakeUser


async def json_of_a_campaign(person: FakeUser) -> str:
    await person.send("/campaigns")
    await person.expect("Campaigns — Main")
    await person.press("FB US Nutra")
    await person.expect("FB US Nutra ·", kind="edited")
    await person.press("🧾 JSON")
    return (await person.expect("answer of the Admin API", kind="edited")).text


async def test_no_screen_shows_a_member_any_part_of_the_key(
    tg: FakeTelegram, keitaro: KeitaroEmulator, runner: BotRunner
) -> None:
    app = await runner.start()
    owner, lead = tg.user(7801), tg.user(7802)
    await add_tracker(owner, keitaro, postback=keitaro.postback_url)
    await join_team(app, owner, lead, await active_tracker_id(app, owner), "manager")
    masked, postback_key = mask_secret(ADMIN_KEY), keitaro.postback_key

    seen_by_owner = await json_of_a_campaign(owner)
    assert masked in seen_by_owner and ADMIN_KEY not in seen_by_owner  # the owner: masked, as always

    seen = await json_of_a_campaign(lead)
    assert '"resource": "campaigns"' in seen and '"Api-Key": "•••"' in seen
    assert masked not in seen and ADMIN_KEY[:4] not in seen and ADMIN_KEY[-4:] not in seen

    await lead.send("/trackers")
    await lead.expect("Your trackers")
    await lead.press("Main")
    card = await lead.expect("Shared with you", kind="edited")
    for secret in (ADMIN_KEY, masked, postback_key, mask_secret(postback_key), "Postback URL"):
        assert secret not in card.text, secret
    assert not {"🔑 Replace API key", "🔗 Postback URL"} & set(card.labels())
