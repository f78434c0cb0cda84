"""Team set-up for end-to-end tests that are not about invitations themselves: a person becomes a
member of a tracker the way an accepted invitation makes them one (the same storage calls), so a
test of roles or scopes does not have to walk the invitation screens first."""

from __future__ import annotations

from bot.app import BotApp
from storage.members import Member, Scope
from tests.fakes.telegram import FakeUser


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
