"""/silences: snoozed alerts and muted rules with their expiry, each with a button to end it early.

In a private chat: the person's own trackers; in a group: also the trackers the group is subscribed
to. Every press is checked like an alert button (the access decision, ``Action.RESPOND``).
"""

from __future__ import annotations

import html

from aiogram import Bot, F, Router
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.keyboard import InlineKeyboardBuilder
from aiogram_i18n import I18nContext

from handlers.alerts.buttons import refresh_alert
from handlers.alerts.callbacks import SilenceCb
from handlers.alerts.common import FOREVER, until_text
from handlers.alerts.timeline_keys import person_name
from handlers.context import AppContext
from services.access import Action, Place
from storage.alerts import to_iso

__all__ = ["build_router", "cmd_silences", "silences_view"]

LABEL_MAX = 40
ITEMS_MAX = 30


def _short(text: str) -> str:
    return text if len(text) <= LABEL_MAX else text[: LABEL_MAX - 1] + "…"


async def _tracker_ids(app: AppContext, user_id: int, chat_id: int) -> dict[int, tuple[str, str]]:
    """Tracker id → (name, zone) of the trackers this list covers."""
    found = {t.id: (t.name, t.timezone) for t in await app.access.trackers(user_id, Action.VIEW)}
    if chat_id != user_id:  # a group hears the trackers it is subscribed to: it sees their silences
        for sub in await app.alerts.subscriptions.for_chat(chat_id):
            if sub.tracker_id not in found:
                tracker = await app.trackers.find(sub.tracker_id)
                if tracker is not None:
                    found[tracker.id] = (tracker.name, tracker.timezone)
    return found


async def silences_view(
    app: AppContext, i18n: I18nContext, user_id: int, chat_id: int
) -> tuple[str, InlineKeyboardMarkup]:
    repo, now = app.alerts.alerts, app.clock()
    trackers = await _tracker_ids(app, user_id, chat_id)
    at = to_iso(now)
    snoozed = (await repo.snoozed(list(trackers), at))[:ITEMS_MAX]
    muted = (await repo.muted(list(trackers), at))[:ITEMS_MAX]
    kb = InlineKeyboardBuilder()
    lines = [i18n.get("alerts-sil-title")]
    if not trackers:
        lines.append(i18n.get("alerts-sil-no-trackers"))
    elif not snoozed and not muted:
        lines.append(i18n.get("alerts-sil-empty"))
    if snoozed:
        lines += ["", i18n.get("alerts-sil-snoozed")]
        for alert in snoozed:
            rule = await repo.get_rule(alert.rule_id)
            name = rule.name if rule is not None else f"#{alert.rule_id}"
            tracker, tz = trackers.get(alert.tracker_id, ("?", "UTC"))
            campaign = alert.details.get("campaign")
            where = f"{tracker} · {campaign}" if campaign and str(campaign) not in name else tracker
            assert alert.snoozed_until is not None
            lines.append(
                i18n.get(
                    "alerts-sil-snoozed-line",
                    name=name,
                    where=str(where),
                    until=until_text(i18n.get, alert.snoozed_until, tz, now),
                    tz=tz,
                )
            )
            kb.button(
                text=html.unescape(i18n.get("alerts-sil-btn-unsnooze", name=_short(name))),
                callback_data=SilenceCb(k="a", id=alert.id),
            )
    if muted:
        lines += ["", i18n.get("alerts-sil-muted")]
        for rule in muted:
            tracker, tz = trackers.get(rule.tracker_id, ("?", "UTC"))
            if rule.muted_until is None or rule.muted_until >= FOREVER:
                lines.append(i18n.get("alerts-sil-muted-forever-line", name=rule.name, tracker=tracker))
            else:
                lines.append(
                    i18n.get(
                        "alerts-sil-muted-line",
                        name=rule.name,
                        tracker=tracker,
                        until=until_text(i18n.get, rule.muted_until, tz, now),
                        tz=tz,
                    )
                )
            kb.button(
                text=html.unescape(i18n.get("alerts-sil-btn-unmute", name=_short(rule.name))),
                callback_data=SilenceCb(k="r", id=rule.id),
            )
    kb.button(text=i18n.get("alerts-sil-btn-refresh"), callback_data=SilenceCb(k="x", id=0))
    kb.adjust(1)
    return "\n".join(lines), kb.as_markup()


async def cmd_silences(message: Message, app: AppContext, i18n: I18nContext) -> None:
    assert message.from_user is not None
    text, markup = await silences_view(app, i18n, message.from_user.id, message.chat.id)
    await message.answer(text, reply_markup=markup)


async def on_silence_button(
    query: CallbackQuery, callback_data: SilenceCb, app: AppContext, i18n: I18nContext, bot: Bot
) -> None:
    repo, user = app.alerts.alerts, query.from_user
    chat_id = query.message.chat.id if query.message is not None else user.id
    answer: str | None = None
    if callback_data.k == "a":
        alert = await repo.get_alert(callback_data.id)
        rule = await repo.get_rule(alert.rule_id) if alert is not None else None
        if alert is None or rule is None or alert.resolved_at is not None:
            answer = i18n.get("alerts-sil-gone")
        elif not await app.access.tracker(
            user.id, rule.tracker_id, Action.RESPOND, where=Place(chat_id, alert_id=alert.id)
        ):
            await query.answer(i18n.get("alerts-not-allowed"), show_alert=True)
            return
        else:
            await repo.snooze(alert.id, None)
            await repo.events.record(
                alert.id, "unsnoozed", at=to_iso(app.clock()), actor_id=user.id, actor_name=person_name(user)
            )  # the timeline (issue 19)
            await app.audit.record(
                user.id, "alert.snooze", tracker_id=rule.tracker_id, rule=rule.name, until="off"
            )
            answer = i18n.get("alerts-sil-unsnoozed", name=rule.name)
            await refresh_alert(app, bot, i18n, alert.id)
    elif callback_data.k == "r":
        rule = await repo.get_rule(callback_data.id)
        if rule is None:
            answer = i18n.get("alerts-sil-gone")
        elif not await app.access.tracker(user.id, rule.tracker_id, Action.RESPOND, where=Place(chat_id)):
            await query.answer(i18n.get("alerts-not-allowed"), show_alert=True)
            return
        else:
            await repo.mute(rule.id, None)
            await app.audit.record(
                user.id, "rule.mute", tracker_id=rule.tracker_id, rule=rule.name, until="off"
            )
            answer = i18n.get("alerts-unmuted", name=rule.name)
            for alert in await repo.list_open([rule.tracker_id]):
                if alert.rule_id == rule.id:
                    await refresh_alert(app, bot, i18n, alert.id)
    await query.answer(answer)
    if query.message is not None:
        text, markup = await silences_view(app, i18n, user.id, chat_id)
        try:
            await bot.edit_message_text(
                text=text, chat_id=chat_id, message_id=query.message.message_id, reply_markup=markup
            )
        except TelegramBadRequest as error:
            if "not modified" not in error.message.lower():
                raise


def build_router() -> Router:
    router = Router(name="silences")
    router.callback_query.register(on_silence_button, SilenceCb.filter(F.k.in_({"a", "r", "x"})))
    return router
