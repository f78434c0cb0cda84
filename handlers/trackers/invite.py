"""👥 Members → ➕ Invite (issue 16): a role, then all campaigns or only some (Keitaro campaign
groups and/or a name prefix), then the one-time link. The same scope picker changes a member's
scope. The link's token is sent once in a message of its own and never kept: not in the dialog's
data (that is on disk), not in a log line (the redactor learns it first), not in the audit.
"""

from __future__ import annotations

from typing import Any

from aiogram import Bot
from aiogram.types import CallbackQuery, Message
from aiogram_dialog import DialogManager, ShowMode, Window
from aiogram_dialog.widgets.input import TextInput
from aiogram_dialog.widgets.kbd import Button, Row, ScrollingGroup, SwitchTo

from handlers.input import echo, item_int
from handlers.states import MembersSG
from handlers.trackers.team import campaign_groups, scope_words, tell
from handlers.ui import (
    ErrorLine,
    T,
    add_notice,
    app_of,
    clear_error,
    dialog_tracker,
    fallback_input,
    i18n_of,
    pick,
    refused,
    set_error,
    toast,
)
from services.access import Action
from storage.members import INVITATION_TTL, MEMBER_ROLES, Scope

__all__ = ["begin_scope", "windows"]

PREFIX_MAX = 64


def begin_scope(manager: DialogManager, purpose: str, scope: Scope | None) -> None:
    """Open the scope picker for an invitation (``"invite"``) or a member (``"member"``)."""
    manager.dialog_data["pick"] = {
        "for": purpose,
        "groups": list(scope.groups) if scope else [],
        "prefix": scope.prefix if scope else None,
    }
    manager.dialog_data.pop("groups", None)  # read the tracker's groups again
    clear_error(manager)


def _picked(manager: DialogManager) -> Scope:
    data = manager.dialog_data.get("pick") or {}
    return Scope(tuple(int(g) for g in data.get("groups", ())), data.get("prefix") or None)


# --- role --------------------------------------------------------------------------------------
async def role_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    i18n = i18n_of(dialog_manager)
    tracker = await dialog_tracker(dialog_manager, Action.ADMINISTER)
    return {
        "found": tracker is not None,
        "refusal": "" if tracker else refused(i18n),
        "tracker": tracker.name if tracker else "",
        "roles": [(i18n.get(f"invite-btn-{r}"), r) for r in MEMBER_ROLES],
    }


async def on_invite_role(query: CallbackQuery, _w: Any, manager: DialogManager, role: str) -> None:
    if role not in MEMBER_ROLES:
        await toast(query, i18n_of(manager).get("input-use-buttons"), alert=True)
        return
    manager.dialog_data["invite_role"] = role
    await manager.switch_to(MembersSG.invite_scope)


async def on_all(query: CallbackQuery, _w: Any, manager: DialogManager) -> None:
    await _create(query, manager, None)


async def on_some(query: CallbackQuery, _w: Any, manager: DialogManager) -> None:
    begin_scope(manager, "invite", None)
    await manager.switch_to(MembersSG.scope)


async def _create(query: CallbackQuery, manager: DialogManager, scope: Scope | None) -> None:
    """Make the invitation and send its link once, in a message of its own (to forward)."""
    app, i18n = app_of(manager), i18n_of(manager)
    tracker = await dialog_tracker(manager, Action.ADMINISTER)
    role = manager.dialog_data.get("invite_role")
    if tracker is None or role not in MEMBER_ROLES or not isinstance(query.message, Message):
        await toast(query, refused(i18n), alert=True)
        await manager.switch_to(MembersSG.list)
        return
    token, invitation = await app.members.invite(tracker.id, query.from_user.id, role, scope)
    app.remember_secret(token)
    bot: Bot = manager.middleware_data["bot"]
    me = await bot.me()
    groups = await campaign_groups(app, tracker) if scope and scope.groups else {}
    await query.message.answer(
        i18n.get(
            "invite-link",
            tracker=tracker.name,
            role=i18n.get(f"role-{role}"),
            scope=scope_words(i18n, scope, groups),
            link=f"https://t.me/{me.username}?start={token}",
            hours=int(INVITATION_TTL.total_seconds() // 3600),
        )
    )
    await app.audit.record(
        query.from_user.id, "member.invite", tracker_id=tracker.id, invitation=invitation.id, role=role,
        scope=scope.to_json() if scope else None,
    )  # fmt: skip
    manager.dialog_data.pop("pick", None)
    manager.dialog_data.pop("invite_role", None)
    add_notice(manager, "invite-sent")
    await toast(query)
    await manager.switch_to(MembersSG.list, show_mode=ShowMode.SEND)


# --- scope -------------------------------------------------------------------------------------
async def scope_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    app, i18n = app_of(dialog_manager), i18n_of(dialog_manager)
    tracker = await dialog_tracker(dialog_manager, Action.ADMINISTER)
    if tracker is None:
        return {
            "found": False,
            "refusal": refused(i18n),
            "groups": [],
            "has_prefix": False,
            "no_groups": False,
        }
    if "groups" not in dialog_manager.dialog_data:
        found = await campaign_groups(app, tracker)
        dialog_manager.dialog_data["groups"] = None if found is None else [[k, v] for k, v in found.items()]
    listed = dialog_manager.dialog_data["groups"]
    names = {int(k): str(v) for k, v in listed or []}
    scope = _picked(dialog_manager)
    return {
        "found": True,
        "refusal": "",
        "tracker": tracker.name,
        "scope": scope_words(i18n, scope, names),
        "has_prefix": bool(scope.prefix),
        "no_groups": not names,
        "groups_failed": listed is None,
        "groups": [(("☑ " if g in scope.groups else "☐ ") + name, str(g)) for g, name in names.items()],
    }


async def on_group(query: CallbackQuery, _w: Any, manager: DialogManager, item_id: str) -> None:
    group = item_int(item_id)
    data = manager.dialog_data.setdefault("pick", {"for": "invite", "groups": [], "prefix": None})
    chosen: list[int] = list(data.get("groups", []))
    data["groups"] = [g for g in chosen if g != group] if group in chosen else [*chosen, group]
    clear_error(manager)


async def on_clear_prefix(query: CallbackQuery, _w: Any, manager: DialogManager) -> None:
    manager.dialog_data.setdefault("pick", {})["prefix"] = None


async def on_prefix(message: Message, _w: Any, manager: DialogManager, raw: str) -> None:
    prefix = raw.strip()
    if not prefix or "\n" in prefix or len(prefix) > PREFIX_MAX:
        set_error(manager, "scope-err-prefix", max=PREFIX_MAX, text=echo(prefix))
        return
    manager.dialog_data.setdefault("pick", {"for": "invite", "groups": []})["prefix"] = prefix
    clear_error(manager)
    await manager.switch_to(MembersSG.scope, show_mode=ShowMode.SEND)


async def on_scope_done(query: CallbackQuery, _w: Any, manager: DialogManager) -> None:
    app, i18n = app_of(manager), i18n_of(manager)
    scope = _picked(manager)
    if not scope.groups and not scope.prefix:
        set_error(manager, "scope-err-empty")
        manager.show_mode = ShowMode.EDIT
        await toast(query)
        return
    purpose = (manager.dialog_data.get("pick") or {}).get("for")
    if purpose == "invite":
        await _create(query, manager, scope)
        return
    tracker = await dialog_tracker(manager, Action.ADMINISTER)
    member_id = manager.dialog_data.get("member")
    member = (
        None if tracker is None or member_id is None else await app.members.member(tracker.id, int(member_id))
    )
    if tracker is None or member is None:
        await toast(query, refused(i18n) if tracker is None else i18n.get("member-gone"), alert=True)
        await manager.switch_to(MembersSG.list)
        return
    await _set_scope(query, manager, tracker, member.user_id, member.scope, scope)


async def on_scope_all(query: CallbackQuery, _w: Any, manager: DialogManager) -> None:
    """A member's scope taken away: they see every campaign again."""
    app, i18n = app_of(manager), i18n_of(manager)
    tracker = await dialog_tracker(manager, Action.ADMINISTER)
    member_id = manager.dialog_data.get("member")
    member = (
        None if tracker is None or member_id is None else await app.members.member(tracker.id, int(member_id))
    )
    if tracker is None or member is None:
        await toast(query, refused(i18n) if tracker is None else i18n.get("member-gone"), alert=True)
        await manager.switch_to(MembersSG.list)
        return
    await _set_scope(query, manager, tracker, member.user_id, member.scope, None)


async def _set_scope(  # noqa: PLR0917 -- one change's parts
    query: CallbackQuery,
    manager: DialogManager,
    tracker: Any,
    user_id: int,
    old: Scope | None,
    new: Scope | None,
) -> None:
    app, i18n = app_of(manager), i18n_of(manager)
    await app.members.set_scope(tracker.id, user_id, new)
    await app.audit.record(
        query.from_user.id, "member.scope", tracker_id=tracker.id, member=user_id,
        old=old.to_json() if old else None, new=new.to_json() if new else None,
    )  # fmt: skip
    listed = manager.dialog_data.get("groups") or []
    words = scope_words(i18n, new, {int(k): str(v) for k, v in listed})
    bot: Bot = manager.middleware_data["bot"]
    await tell(app, bot, user_id, "member-scope-changed-you", tracker=tracker.name)
    manager.dialog_data.pop("pick", None)
    add_notice(manager, "member-scope-set", scope=words)
    await toast(query)
    await manager.switch_to(MembersSG.member)


def _refusal() -> T:
    return T("members-refused", when=lambda d, w, m: not d["found"], reason="refusal")


def _is_member_scope(data: dict[str, Any], _w: Any, manager: DialogManager) -> bool:
    return bool(data.get("found")) and (manager.dialog_data.get("pick") or {}).get("for") == "member"


def _back_from_scope(data: dict[str, Any], _w: Any, manager: DialogManager) -> bool:
    return (manager.dialog_data.get("pick") or {}).get("for") != "member"


def windows() -> tuple[Window, ...]:
    return (
        Window(
            T("invite-role-ask", when="found"),
            T("invite-roles-what", when="found"),
            _refusal(),
            pick("role", "roles", on_invite_role),
            SwitchTo(T("btn-back"), id="back", state=MembersSG.list),
            fallback_input(),
            state=MembersSG.invite_role,
            getter=role_getter,
        ),
        Window(
            T("invite-scope-ask", when="found"),
            _refusal(),
            Button(T("invite-btn-all"), id="all", on_click=on_all, when="found"),
            Button(T("invite-btn-some"), id="some", on_click=on_some, when="found"),
            SwitchTo(T("btn-back"), id="back", state=MembersSG.invite_role),
            fallback_input(),
            state=MembersSG.invite_scope,
            getter=role_getter,
        ),
        Window(
            ErrorLine(),
            T("scope-ask", when="found"),
            T("scope-groups-failed", when="groups_failed"),
            T("scope-no-groups", when="no_groups"),
            _refusal(),
            ScrollingGroup(
                pick("g", "groups", on_group), id="gs", width=1, height=8, hide_on_single_page=True
            ),
            Row(
                SwitchTo(T("scope-btn-prefix"), id="prefix", state=MembersSG.prefix, when="found"),
                Button(
                    T("scope-btn-clear-prefix"), id="noprefix", on_click=on_clear_prefix, when="has_prefix"
                ),
            ),
            Button(T("scope-btn-done"), id="done", on_click=on_scope_done, when="found"),
            Button(T("scope-btn-all"), id="everything", on_click=on_scope_all, when=_is_member_scope),
            SwitchTo(T("btn-back"), id="back_i", state=MembersSG.invite_scope, when=_back_from_scope),
            SwitchTo(
                T("btn-back"),
                id="back_m",
                state=MembersSG.member,
                when=lambda d, w, m: not _back_from_scope(d, w, m),
            ),
            fallback_input(),
            state=MembersSG.scope,
            getter=scope_getter,
        ),
        Window(
            ErrorLine(),
            T("scope-prefix-ask"),
            TextInput(id="prefix_in", on_success=on_prefix),
            SwitchTo(T("btn-back"), id="back", state=MembersSG.scope),
            fallback_input(),
            state=MembersSG.prefix,
        ),
    )
