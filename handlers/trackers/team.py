"""What the team screens share (issue 16): telling somebody else in their language, a member
leaving or being removed (the rotation follows), and a scope or a role in words."""

from __future__ import annotations

import logging
from typing import Any

from aiogram import Bot
from aiogram_i18n import I18nContext

from handlers.context import AppContext
from handlers.ui import Html
from keitaro import errors as kerr
from keitaro.models.groups import GroupType
from storage import Tracker
from storage.members import Scope

__all__ = ["campaign_groups", "part_ways", "scope_words", "tell"]

log = logging.getLogger(__name__)


async def tell(
    app: AppContext, bot: Bot, user_id: int, key: str, *, role: str | None = None, **args: Any
) -> bool:
    """Send ``key`` to ``user_id`` in their language (``role`` is put in their words too; a person
    who blocked the bot is skipped: the action they are told about is done either way)."""
    user = await app.users.get(user_id)
    lang = user.speaks if user else None
    if role is not None:
        args["role"] = app.texts.get(f"role-{role}", lang)
    text = app.texts.get(key, lang, **args)
    try:
        await bot.send_message(user_id, text)
    except Exception:  # blocked, never started the bot, deleted account: nothing to undo
        log.warning("could not tell user %s about %s", user_id, key, exc_info=True)
        return False
    return True


async def part_ways(app: AppContext, tracker: Tracker, user_id: int) -> tuple[bool, bool, int]:
    """The member leaves the tracker (or is removed): the membership goes, and so do their turns
    in the on-call rotation and the backup role, and the notifications they set up — their own
    chat's and the groups they subscribed (a group judged by its subscriber's scope must not start
    hearing everything once that subscriber is gone). ``(was a member, was in the rotation, chats
    whose notifications stopped)``."""
    gone = await app.members.remove(tracker.id, user_id)
    if not gone:
        return False, False, 0
    in_rotation = await app.alerts.oncall.drop_person(tracker.id, user_id)
    subscriptions = app.alerts.subscriptions
    stopped = 0
    for sub in await subscriptions.for_tracker(tracker.id):
        if user_id in (sub.chat_id, sub.created_by):
            stopped += await subscriptions.unsubscribe(sub.chat_id, tracker.id)
    return gone, in_rotation, stopped


async def campaign_groups(app: AppContext, tracker: Tracker) -> dict[int, str] | None:
    """The tracker's campaign groups, id → name (``None``: the tracker did not answer)."""
    try:
        groups = await app.clients.for_tracker(tracker).groups.list(type=GroupType.CAMPAIGNS.value)
    except kerr.KeitaroError:
        log.info("campaign groups of tracker %s could not be read", tracker.id, exc_info=True)
        return None
    return {int(g.id): g.name or f"#{g.id}" for g in groups}


def scope_words(i18n: I18nContext, scope: Scope | None, names: dict[int, str] | None) -> Html:
    """“all campaigns”, or the groups by their Keitaro names and/or the name prefix."""
    if scope is None or (not scope.groups and not scope.prefix):
        return Html(i18n.get("scope-all"))
    parts: list[str] = []
    if scope.groups:
        known = names or {}
        shown = ", ".join(
            i18n.get("scope-group-name", name=known[g]) if g in known else i18n.get("scope-group-id", id=g)
            for g in scope.groups
        )
        parts.append(i18n.get("scope-groups", count=len(scope.groups), groups=Html(shown)))
    if scope.prefix:
        parts.append(i18n.get("scope-prefix", prefix=scope.prefix))
    return Html(i18n.get("scope-or").join(parts))
