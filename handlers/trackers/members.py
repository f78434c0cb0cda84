"""/trackers → a tracker → 👥 Members (the owner's screen, issue 16): who is on the team with which
role and scope, the invitations still open, and per member: change role or scope, remove, offer
ownership. Every press asks the access decision for ``ADMINISTER`` again.

The invitation steps (role, scope, the link) are in :mod:`handlers.trackers.invite`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from aiogram import Bot
from aiogram.types import CallbackQuery
from aiogram_dialog import Dialog, DialogManager, Window
from aiogram_dialog.widgets.kbd import Button, Cancel, Row, ScrollingGroup, SwitchTo
from aiogram_dialog.widgets.text import Format

from handlers.input import item_int
from handlers.states import MembersSG
from handlers.trackers import invite
from handlers.trackers.join import handover_keyboard
from handlers.trackers.team import campaign_groups, part_ways, scope_words, tell
from handlers.ui import (
    Html,
    T,
    add_notice,
    app_of,
    dialog_tracker,
    fallback_input,
    i18n_of,
    pick,
    refused,
    toast,
)
from services.access import Action
from storage.members import MEMBER_ROLES, Member
from storage.timefmt import from_iso

__all__ = ["build_dialog", "hours_left"]


def hours_left(now: datetime, expires_at: str) -> int:
    """Whole hours until ``expires_at`` (at least 1 while it is still open)."""
    seconds = (from_iso(expires_at) - now).total_seconds()
    return max(1, round(seconds / 3600))


async def on_start(start_data: Any, manager: DialogManager) -> None:
    if isinstance(start_data, dict) and "tracker_id" in start_data:
        manager.dialog_data["tracker_id"] = start_data["tracker_id"]


def _notice(manager: DialogManager) -> str:
    lines = manager.dialog_data.pop("notice", None) or []
    i18n = i18n_of(manager)
    return "".join(i18n.get(line["key"], **line["args"]) + "\n" for line in lines)


# --- the team ----------------------------------------------------------------------------------
async def list_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    app, i18n = app_of(dialog_manager), i18n_of(dialog_manager)
    notice = _notice(dialog_manager)
    tracker = await dialog_tracker(dialog_manager, Action.ADMINISTER)
    if tracker is None:
        return {"notice": notice, "found": False, "refusal": refused(i18n), "members": [], "invites": []}
    members = await app.members.members(tracker.id)
    invites = await app.members.pending(tracker.id)
    names = await app.users.names([tracker.owner_id, *(m.user_id for m in members)])
    scoped = any(
        s is not None and s.groups for s in (*(m.scope for m in members), *(i.scope for i in invites))
    )
    groups = await campaign_groups(app, tracker) if scoped else {}
    now = app.clock()
    lines = [i18n.get("members-owner-line", name=names[tracker.owner_id])]
    for m in members:
        lines.append(
            i18n.get(
                "members-line",
                name=names[m.user_id],
                role=i18n.get(f"role-{m.role}"),
                scope=scope_words(i18n, m.scope, groups),
            )
        )
    for inv in invites:
        lines.append(
            i18n.get(
                "members-invite-line",
                role=i18n.get(f"role-{inv.role}"),
                scope=scope_words(i18n, inv.scope, groups),
                hours=hours_left(now, inv.expires_at),
            )
        )
    return {
        "notice": notice,
        "found": True,
        "tracker": tracker.name,
        "count": len(members),
        "people": Html("\n".join(lines)),
        "none": not members and not invites,
        "members": [
            (
                i18n.get("members-btn-member", name=names[m.user_id], role=i18n.get(f"role-{m.role}")),
                str(m.user_id),
            )
            for m in members
        ],
        "invites": [
            (
                i18n.get(
                    "members-btn-revoke",
                    role=i18n.get(f"role-{inv.role}"),
                    hours=hours_left(now, inv.expires_at),
                ),
                str(inv.id),
            )
            for inv in invites
        ],
    }


async def on_member(query: CallbackQuery, _w: Any, manager: DialogManager, item_id: str) -> None:
    manager.dialog_data["member"] = item_int(item_id)
    await manager.switch_to(MembersSG.member)


async def on_revoke(query: CallbackQuery, _w: Any, manager: DialogManager, item_id: str) -> None:
    app, i18n = app_of(manager), i18n_of(manager)
    tracker = await dialog_tracker(manager, Action.ADMINISTER)
    if tracker is None:
        await toast(query, refused(i18n), alert=True)
        return
    invitation_id = item_int(item_id)
    if await app.members.revoke(tracker.id, invitation_id):
        await app.audit.record(
            query.from_user.id, "member.revoke", tracker_id=tracker.id, invitation=invitation_id
        )
        add_notice(manager, "members-revoked")
    else:
        add_notice(manager, "members-revoke-gone")
    await toast(query)


# --- one member --------------------------------------------------------------------------------
async def _member(manager: DialogManager) -> tuple[Any, Member | None]:
    """The tracker (if the presser still owns it) and the member the screen is about."""
    tracker = await dialog_tracker(manager, Action.ADMINISTER)
    user_id = manager.dialog_data.get("member")
    if tracker is None or user_id is None:
        return tracker, None
    return tracker, await app_of(manager).members.member(tracker.id, int(user_id))


async def member_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    app, i18n = app_of(dialog_manager), i18n_of(dialog_manager)
    notice = _notice(dialog_manager)
    tracker, member = await _member(dialog_manager)
    if tracker is None:
        return {"notice": notice, "found": False, "gone": False, "refusal": refused(i18n), "roles": []}
    if member is None:
        return {
            "notice": notice,
            "found": False,
            "gone": True,
            "refusal": i18n.get("member-gone"),
            "roles": [],
        }
    name = (await app.users.names([member.user_id]))[member.user_id]
    groups = await campaign_groups(app, tracker) if member.scope and member.scope.groups else {}
    return {
        "notice": notice,
        "found": True,
        "gone": False,
        "tracker": tracker.name,
        "name": name,
        "role": i18n.get(f"role-{member.role}"),
        "scope": scope_words(i18n, member.scope, groups),
        "joined": member.joined_at[:10],
        "roles": [
            (("● " if r == member.role else "") + i18n.get(f"invite-btn-{r}"), r) for r in MEMBER_ROLES
        ],
    }


async def on_role(query: CallbackQuery, _w: Any, manager: DialogManager, role: str) -> None:
    app, i18n = app_of(manager), i18n_of(manager)
    tracker, member = await _member(manager)
    if tracker is None or member is None or role not in MEMBER_ROLES:
        await toast(query, refused(i18n) if tracker is None else i18n.get("member-gone"), alert=True)
        await manager.switch_to(MembersSG.list)
        return
    if role != member.role:
        await app.members.set_role(tracker.id, member.user_id, role, member.scope)
        await app.audit.record(
            query.from_user.id, "member.role", tracker_id=tracker.id, member=member.user_id,
            old=member.role, new=role,
        )  # fmt: skip
        bot: Bot = manager.middleware_data["bot"]
        await tell(app, bot, member.user_id, "member-role-changed-you", tracker=tracker.name, role=role)
        add_notice(manager, "member-role-set", role=i18n.get(f"role-{role}"))
    await toast(query)
    await manager.switch_to(MembersSG.member)


async def on_scope(query: CallbackQuery, _w: Any, manager: DialogManager) -> None:
    tracker, member = await _member(manager)
    if tracker is None or member is None:
        await toast(
            query,
            refused(i18n_of(manager)) if tracker is None else i18n_of(manager).get("member-gone"),
            alert=True,
        )
        return
    invite.begin_scope(manager, "member", member.scope)
    await manager.switch_to(MembersSG.scope)


async def on_remove(query: CallbackQuery, _w: Any, manager: DialogManager) -> None:
    app, i18n = app_of(manager), i18n_of(manager)
    tracker, member = await _member(manager)
    if tracker is None or member is None:
        await toast(query, refused(i18n) if tracker is None else i18n.get("member-gone"), alert=True)
        await manager.switch_to(MembersSG.list)
        return
    name = (await app.users.names([member.user_id]))[member.user_id]
    _, in_rotation, stopped = await part_ways(app, tracker, member.user_id)
    await app.audit.record(
        query.from_user.id, "member.remove", tracker_id=tracker.id, member=member.user_id, role=member.role,
        rotation=in_rotation,
    )  # fmt: skip
    bot: Bot = manager.middleware_data["bot"]
    await tell(app, bot, member.user_id, "member-removed-you", tracker=tracker.name)
    add_notice(manager, "member-removed", name=name, rotation="yes" if in_rotation else "no")
    if stopped:
        add_notice(manager, "member-subs-stopped", name=name, tracker=tracker.name, count=stopped)
    await toast(query)
    await manager.switch_to(MembersSG.list)


async def on_handover(query: CallbackQuery, _w: Any, manager: DialogManager) -> None:
    app, i18n = app_of(manager), i18n_of(manager)
    tracker, member = await _member(manager)
    if tracker is None or member is None:
        await toast(query, refused(i18n) if tracker is None else i18n.get("member-gone"), alert=True)
        await manager.switch_to(MembersSG.list)
        return
    offer = await app.members.offer_handover(tracker.id, query.from_user.id, member.user_id)
    await app.audit.record(
        query.from_user.id, "member.handover_offer", tracker_id=tracker.id, member=member.user_id
    )
    names = await app.users.names([query.from_user.id, member.user_id])
    bot: Bot = manager.middleware_data["bot"]
    user = await app.users.get(member.user_id)
    lang = user.speaks if user else None
    try:
        await bot.send_message(
            member.user_id,
            app.texts.get("handover-offer", lang, tracker=tracker.name, owner=names[query.from_user.id]),
            reply_markup=handover_keyboard(app.texts, lang, tracker.id),
        )
        add_notice(
            manager,
            "handover-offered",
            name=names[member.user_id],
            hours=hours_left(app.clock(), offer.expires_at),
        )
    except Exception:  # they blocked the bot: nobody can accept, so the offer goes
        await app.members.withdraw_handover(tracker.id)
        add_notice(manager, "handover-unreachable", name=names[member.user_id])
    await toast(query)
    await manager.switch_to(MembersSG.member)


def _refused_text() -> T:
    return T("members-refused", when=lambda d, w, m: not d["found"], reason="refusal")


def build_dialog() -> Dialog:
    return Dialog(
        Window(
            Format("{notice}"),
            T("members-title", when="found"),
            T("members-none", when="none"),
            _refused_text(),
            ScrollingGroup(
                pick("m", "members", on_member), id="ms", width=1, height=8, hide_on_single_page=True
            ),
            ScrollingGroup(
                pick("inv", "invites", on_revoke), id="is", width=1, height=5, hide_on_single_page=True
            ),
            SwitchTo(T("members-btn-invite"), id="invite", state=MembersSG.invite_role, when="found"),
            Cancel(T("btn-back")),
            fallback_input(),
            state=MembersSG.list,
            getter=list_getter,
        ),
        Window(
            Format("{notice}"),
            T("member-card", when="found"),
            _refused_text(),
            SwitchTo(T("member-btn-role"), id="role", state=MembersSG.role, when="found"),
            Button(T("member-btn-scope"), id="scope", on_click=on_scope, when="found"),
            SwitchTo(T("member-btn-handover"), id="handover", state=MembersSG.handover, when="found"),
            SwitchTo(T("member-btn-remove"), id="remove", state=MembersSG.remove, when="found"),
            SwitchTo(T("btn-back"), id="back", state=MembersSG.list),
            fallback_input(),
            state=MembersSG.member,
            getter=member_getter,
        ),
        Window(
            T("member-role-ask", when="found"),
            _refused_text(),
            T("invite-roles-what", when="found"),
            pick("r", "roles", on_role),
            SwitchTo(T("btn-back"), id="back", state=MembersSG.member),
            fallback_input(),
            state=MembersSG.role,
            getter=member_getter,
        ),
        Window(
            T("member-remove-confirm", when="found"),
            _refused_text(),
            Row(
                Button(T("member-btn-remove-yes"), id="yes", on_click=on_remove, when="found"),
                SwitchTo(T("btn-remove-no"), id="no", state=MembersSG.member),
            ),
            fallback_input(),
            state=MembersSG.remove,
            getter=member_getter,
        ),
        Window(
            T("handover-confirm", when="found"),
            _refused_text(),
            Row(
                Button(T("handover-btn-offer"), id="yes", on_click=on_handover, when="found"),
                SwitchTo(T("btn-remove-no"), id="no", state=MembersSG.member),
            ),
            fallback_input(),
            state=MembersSG.handover,
            getter=member_getter,
        ),
        *invite.windows(),
        on_start=on_start,
    )
