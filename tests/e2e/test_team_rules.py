"""Alert rules belong to the tracker, not to whoever of the team made them (issue 16, points 2 and
7): the owner changes and deletes a rule a manager made — also after that manager left — and a
manager changes the owner's; a viewer sees the rule but its changes are refused with the role."""

from __future__ import annotations

from tests.conftest import BotRunner
from tests.e2e.helpers import active_tracker_id, add_tracker
from tests.e2e.team import join_team
from tests.fakes.keitaro import KeitaroEmulator
from tests.fakes.telegram import FakeTelegram


async def test_a_rule_is_the_teams_whoever_made_it(
    tg: FakeTelegram, keitaro: KeitaroEmulator, runner: BotRunner
) -> None:
    app = await runner.start()
    owner, lead, vera = tg.user(7701), tg.user(7702), tg.user(7703)
    await add_tracker(owner, keitaro)
    tid = await active_tracker_id(app, owner)
    for person in (lead, vera):
        await person.send("/start")
        await person.expect("")
    await join_team(app, owner, lead, tid, "manager")
    await join_team(app, owner, vera, tid, "viewer")
    repo = app.ctx.alerts.alerts
    theirs = await repo.create(
        owner.id, tid, "tracker_down", "Tracker down", None, {"failures": 3}, "critical"
    )
    made_by_lead = await repo.create(
        lead.id, tid, "no_conversions", "No conversions", None, {"hours": 24}, "warning"
    )

    # the manager switches off the owner's rule
    await lead.send("/alerts")
    await lead.expect("2 rules")
    await lead.press("Tracker down")
    await lead.expect("Unanswered checks in a row")
    await lead.press("Disable")
    await lead.expect("is disabled")
    rule = await repo.get(tid, theirs.id)
    assert rule is not None and not rule.enabled

    # the viewer sees the rule; switching it on is refused with the role and changes nothing
    await vera.send("/alerts")
    await vera.expect("2 rules")
    await vera.press("Tracker down")
    card = await vera.expect("Unanswered checks in a row")
    if "Enable" in " ".join(card.labels()):
        answer = await vera.callback_answer(await vera.press("Enable"))
        assert "Your role on Main is viewer" in answer["text"]
    rule = await repo.get(tid, theirs.id)
    assert rule is not None and not rule.enabled

    # the manager leaves; the owner still deletes the rule the manager made
    assert await app.ctx.members.remove(tid, lead.id)
    await owner.send("/alerts")
    await owner.expect("2 rules")
    await owner.press("No conversions")
    await owner.expect("Watches:")
    await owner.press("Delete")
    await owner.expect("Delete the rule “No conversions”?")
    await owner.press("Yes, delete")
    await owner.expect("Rule “No conversions” deleted")
    assert await repo.get(tid, made_by_lead.id) is None
