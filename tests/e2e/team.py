"""Team set-up for end-to-end tests that are not about invitations themselves: a person becomes a
member of a tracker the way an accepted invitation makes them one (the same storage calls), so a
test of roles or scopes does not have to walk the invitation screens first."""

from __future__ import annotations

from bot.app import BotApp
from storage import Tracker
from storage.members import Member, Scope
from tests.conftest import BotRunner
from tests.e2e.helpers import add_tracker
from tests.fakes.keitaro import KeitaroEmulator
from tests.fakes.telegram import FakeTelegram, FakeUser


async def join_team(
    app: BotApp, owner: FakeUser, member: FakeUser, tracker_id: int, role: str, scope: Scope | None = None
) -> Member:
    """``member`` joins ``owner``'s tracker with ``role`` (and ``scope``) — an invitation made by the
    owner and redeemed by the member."""
    members = app.ctx.members
    token, _ = await members.invite(tracker_id, owner.id, role, scope)
    joined = await members.redeem(token, member.id)
    assert joined is not None, "the invitation did not make a member"
    return joined


async def owner_and_member(
    tg: FakeTelegram, keitaro: KeitaroEmulator, runner: BotRunner, ids: tuple[int, int], role: str
) -> tuple[FakeUser, FakeUser, Tracker]:
    """Olga connects the tracker “Main”; Boris (who has talked to the bot) joins it with ``role``."""
    owner, member = tg.user(ids[0], first_name="Olga"), tg.user(ids[1], first_name="Boris")
    await add_tracker(owner, keitaro)
    (tracker,) = await runner.running.ctx.trackers.list(owner.id)
    await member.send("/start")
    await member.expect("")
    await join_team(runner.running, owner, member, tracker.id, role)
    return owner, member, tracker
