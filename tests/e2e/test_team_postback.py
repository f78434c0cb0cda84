"""A buyer limited to some campaigns tests postbacks only for their own clicks (issue 16, point 4):
a click of another buyer's campaign is not found through their scope, and even when they press
“Continue anyway” the test is not sent — it could make a conversion in another buyer's campaign."""

from __future__ import annotations

from storage.scope import Scope
from tests.conftest import BotRunner
from tests.e2e.helpers import active_tracker_id, add_tracker
from tests.e2e.team import join_team
from tests.fakes.keitaro import KeitaroEmulator
from tests.fakes.telegram import FakeTelegram

ANNA_CAMPAIGNS = {1, 2}  # the emulator's campaign group 2 ("Team Anna")


async def test_a_scoped_operator_cannot_send_a_test_for_another_buyers_click(
    tg: FakeTelegram, keitaro: KeitaroEmulator, runner: BotRunner
) -> None:
    app = await runner.start()
    owner, anna = tg.user(7601), tg.user(7602)
    await add_tracker(owner, keitaro, postback=keitaro.postback_url)
    tracker_id = await active_tracker_id(app, owner)
    await join_team(app, owner, anna, tracker_id, "operator", Scope(groups=(2,)))
    theirs = next(c for c in reversed(keitaro.state.clicks) if c["campaign_id"] not in ANNA_CAMPAIGNS)
    own = next(c for c in reversed(keitaro.state.clicks) if c["campaign_id"] in ANNA_CAMPAIGNS)

    await anna.send("/postback")
    await anna.expect("click ID (subid)")
    await anna.send(str(theirs["sub_id"]))
    await anna.expect("is not in Main's click log", kind="sent")  # their scope does not find it
    await anna.press("Continue anyway")
    await anna.expect("I will call", kind="edited")
    sent_before = len(keitaro.requests)
    answer = await anna.callback_answer(await anna.press("Send"))
    assert "is not among your campaigns' clicks" in answer["text"] and answer.get("show_alert")
    assert not any("postback" in r.path for r in keitaro.requests[sent_before:])  # nothing sent
    assert not [e for e in await app.ctx.audit.for_tracker(tracker_id) if e.action == "postback.send"]

    # her own click goes through as always
    await anna.send("/postback")
    await anna.expect("click ID (subid)")
    await anna.send(str(own["sub_id"]))
    await anna.expect("I will call", kind="sent")
    await anna.press("Send")
    await anna.expect("Recorded", kind="edited")
    assert any("postback" in r.path for r in keitaro.requests[sent_before:])  # the check above can see one
    [sent] = [e for e in await app.ctx.audit.for_tracker(tracker_id) if e.action == "postback.send"]
    assert (sent.user_id, sent.role) == (anna.id, "operator")  # audited in her name and role
