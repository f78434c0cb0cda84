"""Joining a team by its one-time link (``/start <token>``), and a member's answer to an ownership
offer (issue 16).

Between the link and ✅ Join the database remembers which invitation the person opened (never the
token: it is in no button's data, no dialog data and on no disk), so the press may land on any
worker process, or come after a restart. Every dead token — expired, revoked, used, guessed — gets
the same answer.
"""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.filters.callback_data import CallbackData
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.keyboard import InlineKeyboardBuilder
from aiogram_i18n import I18nContext

from handlers.context import AppContext, Texts
from handlers.trackers.team import campaign_groups, scope_words, tell
from services.access import Action
from storage import DuplicateTrackerName

__all__ = ["HandoverCb", "JoinCb", "buttons", "handover_keyboard", "open_invitation"]


class JoinCb(CallbackData, prefix="join"):
    action: str  # "yes" | "no"
    inv: int


class HandoverCb(CallbackData, prefix="handover"):
    action: str  # "accept" | "decline"
    tracker: int


def handover_keyboard(texts: Texts, lang: str | None, tracker_id: int) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(
        text=texts.get("handover-btn-accept", lang),
        callback_data=HandoverCb(action="accept", tracker=tracker_id),
    )
    kb.button(
        text=texts.get("handover-btn-decline", lang),
        callback_data=HandoverCb(action="decline", tracker=tracker_id),
    )
    kb.adjust(2)
    return kb.as_markup()


async def open_invitation(message: Message, app: AppContext, i18n: I18nContext, token: str) -> None:
    """``/start <token>``: what the invitation offers, with ✅ Join and ✖️ Decline."""
    assert message.from_user is not None
    user_id = message.from_user.id
    app.remember_secret(token)
    invitation = await app.members.open_invitation(token)
    tracker = None if invitation is None else await app.trackers.find(invitation.tracker_id)
    if invitation is None or tracker is None:
        await message.answer(i18n.get("join-dead"))
        return
    if tracker.owner_id == user_id:
        await message.answer(i18n.get("join-own", tracker=tracker.name))
        return
    names = await app.users.names([invitation.invited_by])
    groups = await campaign_groups(app, tracker) if invitation.scope and invitation.scope.groups else {}
    already = await app.members.member(tracker.id, user_id)
    await app.members.mark_opened(invitation.id, user_id)
    kb = InlineKeyboardBuilder()
    kb.button(text=i18n.get("join-btn-yes"), callback_data=JoinCb(action="yes", inv=invitation.id))
    kb.button(text=i18n.get("join-btn-no"), callback_data=JoinCb(action="no", inv=invitation.id))
    kb.adjust(2)
    text = i18n.get(
        "join-offer",
        tracker=tracker.name,
        inviter=names[invitation.invited_by],
        role=i18n.get(f"role-{invitation.role}"),
        what=i18n.get(f"role-what-{invitation.role}"),
        scope=scope_words(i18n, invitation.scope, groups),
    )
    if already is not None:
        text += "\n" + i18n.get("join-already", role=i18n.get(f"role-{already.role}"))
    await message.answer(text, reply_markup=kb.as_markup())


async def _say(query: CallbackQuery, text: str) -> None:
    """Replace the pressed message's text (its buttons go), or write anew when it is gone."""
    await query.answer()
    if isinstance(query.message, Message):
        await query.message.edit_text(text)
    elif query.message is not None:
        await query.bot.send_message(query.message.chat.id, text)  # type: ignore[union-attr]


async def on_join(
    query: CallbackQuery, callback_data: JoinCb, app: AppContext, i18n: I18nContext, bot: Bot
) -> None:
    user_id = query.from_user.id
    invitation = await app.members.opened(user_id)
    if invitation is None or invitation.id != callback_data.inv:
        await _say(query, i18n.get("join-open-again"))
        return
    if callback_data.action != "yes":
        await app.members.forget_opened(user_id)
        await _say(query, i18n.get("join-declined"))
        return
    member = await app.members.redeem_opened(invitation.id, user_id)
    tracker = None if member is None else await app.trackers.find(member.tracker_id)
    if member is None or tracker is None or invitation is None:
        await _say(query, i18n.get("join-dead"))
        return
    await app.audit.record(
        user_id, "member.join", tracker_id=tracker.id, role=member.role, invited_by=invitation.invited_by
    )
    await _say(
        query,
        i18n.get(
            "join-done", tracker=tracker.name, role=i18n.get(f"role-{member.role}"),
            what=i18n.get(f"role-what-{member.role}"),
        ),
    )  # fmt: skip
    name = (await app.users.names([user_id]))[user_id]
    await tell(app, bot, tracker.owner_id, "member-joined", name=name, tracker=tracker.name, role=member.role)


async def on_handover(
    query: CallbackQuery, callback_data: HandoverCb, app: AppContext, i18n: I18nContext, bot: Bot
) -> None:
    user_id, tracker_id = query.from_user.id, callback_data.tracker
    offer = await app.members.handover(tracker_id)
    tracker = await app.access.tracker(user_id, tracker_id, Action.VIEW)
    if offer is None or offer.to_user != user_id or tracker is None:
        await _say(query, i18n.get("handover-gone"))
        return
    name = (await app.users.names([user_id]))[user_id]
    if callback_data.action != "accept":
        await app.members.withdraw_handover(tracker_id)
        await app.audit.record(
            user_id, "member.handover_decline", tracker_id=tracker_id, owner=offer.from_user
        )
        await _say(query, i18n.get("handover-declined-you", tracker=tracker.name))
        await tell(app, bot, offer.from_user, "handover-declined", name=name, tracker=tracker.name)
        return
    try:
        moved = await app.trackers.transfer(tracker_id, offer.from_user, user_id)
    except DuplicateTrackerName:
        await query.answer(i18n.get("handover-name-taken", tracker=tracker.name), show_alert=True)
        return
    if moved is None:
        await _say(query, i18n.get("handover-gone"))
        return
    await app.audit.record(
        user_id, "member.handover_accept", tracker_id=tracker_id, old_owner=offer.from_user
    )
    await _say(query, i18n.get("handover-accepted-you", tracker=moved.name))
    await tell(app, bot, offer.from_user, "handover-accepted", name=name, tracker=moved.name, role="manager")


def buttons() -> tuple[Router, ...]:
    router = Router(name="team-join")
    router.callback_query.register(on_join, JoinCb.filter(F.action.in_({"yes", "no"})))
    router.callback_query.register(on_handover, HandoverCb.filter(F.action.in_({"accept", "decline"})))
    return (router,)
