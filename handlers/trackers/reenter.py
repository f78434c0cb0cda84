"""A tracker's stored secret that no longer decrypts (``SECRET_KEY`` changed, or the row was
damaged): the one sentence naming the tracker, and the button that opens entering it again.

``bot/errors.py`` answers every :class:`storage.TrackerSecretUnreadable` that reaches the
dispatcher with :func:`unreadable_message`; the button (:class:`ReenterCb`) opens the tracker
card's own "Replace API key" / "Postback URL" step (``handlers.trackers.secrets``).
"""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters.callback_data import CallbackData
from aiogram.types import CallbackQuery, InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder
from aiogram_dialog import DialogManager, ShowMode, StartMode
from aiogram_i18n import I18nContext

from handlers.context import AppContext
from handlers.feature import Rendered, Tr
from handlers.states import TrackersSG
from handlers.ui import refused
from services.access import Action
from storage import TrackerSecretUnreadable

__all__ = ["ReenterCb", "buttons", "unreadable_message"]

KEY, POSTBACK = "key", "pb"


class ReenterCb(CallbackData, prefix="reenter"):
    tracker_id: int
    what: str  # KEY | POSTBACK


def unreadable_message(tr: Tr, error: TrackerSecretUnreadable, user_id: int) -> Rendered:
    """What the person is told: which secret of which tracker cannot be read, and the button to
    enter it again — for the owner (who holds the key); anyone else is told to ask the owner."""
    what = KEY if error.is_api_key else POSTBACK
    lines = [tr(f"secret-unreadable-{what}", tracker=error.tracker_name)]
    if error.owner_id != user_id:
        lines.append(tr("secret-unreadable-ask-owner"))
        return "\n".join(lines), None
    lines.append(tr(f"secret-unreadable-{what}-do"))
    return "\n".join(lines), reenter_markup(tr, error.tracker_id, what)


def reenter_markup(tr: Tr, tracker_id: int, what: str) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(text=tr(f"btn-reenter-{what}"), callback_data=ReenterCb(tracker_id=tracker_id, what=what))
    return kb.as_markup()


async def on_reenter(
    query: CallbackQuery,
    callback_data: ReenterCb,
    dialog_manager: DialogManager,
    app: AppContext,
    i18n: I18nContext,
) -> None:
    tracker = await app.access.tracker(query.from_user.id, callback_data.tracker_id, Action.ADMINISTER)
    if tracker is None:
        await query.answer(refused(i18n), show_alert=True)
        return
    await query.answer()
    state = TrackersSG.api_key if callback_data.what == KEY else TrackersSG.postback
    await dialog_manager.start(
        state, data={"tracker_id": tracker.id}, mode=StartMode.RESET_STACK, show_mode=ShowMode.SEND
    )


def buttons() -> tuple[Router, ...]:
    router = Router(name="trackers-reenter")
    router.callback_query.register(on_reenter, ReenterCb.filter(F.what.in_((KEY, POSTBACK))))
    return (router,)
