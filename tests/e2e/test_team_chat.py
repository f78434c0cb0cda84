"""Team chat (issue 16, point 6): a group subscribed to a tracker is its team's room.

Members use read commands there by their role, answered in the group, about the room's tracker; a
stranger gets no data (one short refusal at most, rate-limited; no request reaches the tracker);
/subscribe in a group needs a manager or the owner. And ALLOWED_USER_IDS lets the team in: a
member of any tracker is allowed, and an invitation link (``/start <payload>``) reaches its handler.
"""

from __future__ import annotations

from typing import Any

import pytest

from bot.app import BotApp
from tests.conftest import BotRunner
from tests.e2e.helpers import active_tracker_id, add_tracker
from tests.e2e.team import join_team
from tests.fakes.keitaro import KeitaroEmulator
from tests.fakes.telegram import FakeTelegram, FakeUser

ROOM = -100900
NOT_MEMBER = "only its team can use me here"
ROLE_TEXT = "it does not allow this"


async def room(tg: FakeTelegram, app: BotApp, owner: FakeUser) -> tuple[int, Any]:
    """The owner's tracker and a group subscribed to it (the team's room)."""
    tid = await active_tracker_id(app, owner)
    group = tg.group(ROOM, title="Night shift", supergroup=True)
    await app.ctx.alerts.subscriptions.subscribe(
        ROOM, tid, owner.id, "supergroup", "Night shift", "en", "info"
    )
    return tid, group


@pytest.fixture
async def team(tg: FakeTelegram, keitaro: KeitaroEmulator, runner: BotRunner) -> tuple[BotApp, FakeUser]:
    app = await runner.start()
    owner = tg.user(9400, first_name="Olga", username="olga")
    await add_tracker(owner, keitaro)
    return app, owner


async def test_a_member_reads_in_the_room_about_the_rooms_tracker(
    tg: FakeTelegram, keitaro: KeitaroEmulator, team: tuple[BotApp, FakeUser]
) -> None:
    app, owner = team
    tid, group = await room(tg, app, owner)
    viewer = tg.user(9401, first_name="Vera")
    await add_tracker(viewer, keitaro, name="Mine")  # their own, active: in the room it is not the one
    await join_team(app, owner, viewer, tid, "viewer")
    in_room = viewer.in_group(group)
    await in_room.send("/campaigns")
    listing = await in_room.expect("Campaigns — ")
    assert "Campaigns — Main" in listing.text
    assert any("FB US Nutra" in b for row in listing.buttons() for b in row)
    assert all("Campaigns" not in m.text for m in tg.bot_messages(viewer.id))  # answered in the group
    # a write is not theirs, in the room as anywhere (the card offers none)
    await in_room.press(
        next(b for row in listing.buttons() for b in row if "FB US Nutra" in b), message=listing
    )
    card = await in_room.expect("FB US Nutra ·", kind="edited")
    assert not {"⏸ Disable", "🗑 Delete"} & {b for row in card.buttons() for b in row}


async def test_a_stranger_in_the_room_gets_no_data_and_one_short_refusal(
    tg: FakeTelegram, keitaro: KeitaroEmulator, team: tuple[BotApp, FakeUser]
) -> None:
    app, owner = team
    _tid, group = await room(tg, app, owner)
    stranger_user = tg.user(9402, first_name="Mallory")
    await add_tracker(stranger_user, keitaro, name="Mine")  # their own tracker: not the room's
    stranger = stranger_user.in_group(group)
    before = len(keitaro.requests)
    await stranger.send("/stats")
    refusal = await stranger.expect(NOT_MEMBER)
    assert "Main" not in refusal.text and "Mine" not in refusal.text
    for command in ("/campaigns", "/conversions", "/logs", "/alerts", "/oncall", "/stats", "/clicks"):
        await stranger.send(command)
    await stranger.send("/help")  # the bot's own commands still answer: the last thing it says
    await stranger.expect("/stats")
    said = [m.text for m in tg.bot_messages(ROOM)]
    assert sum(NOT_MEMBER in text for text in said) <= 2  # rate-limited: never a flood
    assert len(said) == sum(NOT_MEMBER in text for text in said) + 1  # nothing but refusals and /help
    assert len(keitaro.requests) == before  # no request reached the room's tracker (nor theirs)


async def test_subscribe_in_a_group_needs_a_manager_or_the_owner(
    tg: FakeTelegram, keitaro: KeitaroEmulator, team: tuple[BotApp, FakeUser]
) -> None:
    app, owner = team
    tid, group = await room(tg, app, owner)
    operator = tg.user(9403, first_name="Oleg")
    manager = tg.user(9404, first_name="Masha")
    await join_team(app, owner, operator, tid, "operator")
    await join_team(app, owner, manager, tid, "manager")
    op_admin = operator.in_group(group, status="administrator")
    await op_admin.send("/subscribe")
    refused = await op_admin.expect(ROLE_TEXT)
    assert "operator" in refused.text
    await op_admin.send("/unsubscribe")
    await op_admin.expect(ROLE_TEXT)
    assert await app.ctx.alerts.subscriptions.get(ROOM, tid) is not None  # still the team's room
    mgr_admin = manager.in_group(group, status="administrator")
    await mgr_admin.send("/subscribe")
    await mgr_admin.expect("Notifications in the group")


async def test_allowed_user_ids_let_the_team_and_invitation_links_in(
    tg: FakeTelegram, keitaro: KeitaroEmulator, runner: BotRunner
) -> None:
    owner = tg.user(9410, first_name="Olga")
    app = await runner.start(allowed_user_ids=frozenset({owner.id}))
    await add_tracker(owner, keitaro)
    tid = await active_tracker_id(app, owner)
    stranger = tg.user(9411, first_name="Ivan")
    await stranger.send("/stats")
    await stranger.expect("9411")  # the refusal shows their id
    # an invitation link reaches the /start handler (it checks the token, not this gate): a
    # made-up token gets the invitation's own answer, not the ALLOWED_USER_IDS refusal
    stranger.skip_seen()
    await stranger.send("/start abcdefabcdefabcdefabcdefabcdefab")
    answer = await stranger.expect("This invitation link no longer works")
    assert "9411" not in answer.text
    # and a real one lets them join
    token, _ = await app.ctx.members.invite(tid, owner.id, "viewer")
    await stranger.send(f"/start {token}")
    await stranger.expect("Main")
    await stranger.press("Join")
    await stranger.expect("Main")
    await stranger.send("/campaigns")
    await stranger.expect("Campaigns — Main")
    # a member of any tracker is allowed
    member = tg.user(9412, first_name="Petr")
    await join_team(app, owner, member, tid, "viewer")
    await member.send("/campaigns")
    await member.expect("Campaigns — Main")
