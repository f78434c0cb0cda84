"""/trackers → a tracker → 📋 Audit (the owner's view, issue 16): the tracker's last entries, each
when (in the tracker's zone), who with which role, what in a sentence, and before → after where
the entry has them; ◀ Older pages back. Entries never hold secrets (``AuditRepo``), so none is shown.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from aiogram.types import CallbackQuery
from aiogram_dialog import Dialog, DialogManager, Window
from aiogram_dialog.widgets.kbd import Button, Cancel, Row
from aiogram_i18n import I18nContext
from aiogram_i18n.exceptions import KeyNotFoundError

from handlers.states import AuditSG
from handlers.ui import Html, T, app_of, dialog_tracker, esc, fallback_input, i18n_of, refused, toast
from services.access import Action
from storage.audit import AuditEntry
from storage.members import Scope
from storage.timefmt import from_iso

__all__ = ["PAGE", "build_dialog", "entry_text"]

PAGE = 10
_ROLE_FIELDS = {"old", "new"}  # member.role: role words on both sides


def _when(created_at: str, timezone: str) -> str:
    try:
        zone = ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        zone = ZoneInfo("UTC")
    return datetime.strftime(from_iso(created_at).astimezone(zone), "%d.%m %H:%M")


def _sentence(i18n: I18nContext, entry: AuditEntry, names: dict[int, str]) -> str:
    """The entry's action in words; an unknown key falls back to the key itself."""
    details = entry.details
    args: dict[str, Any] = {
        k: v for k, v in details.items() if isinstance(v, str | int | float) and not isinstance(v, bool)
    }
    if "member" in details and isinstance(details["member"], int):
        args["member"] = names.get(details["member"], str(details["member"]))
    if "role" in details and isinstance(details["role"], str):
        args["role"] = _role_word(i18n, details["role"])
    if isinstance(details.get("read_only"), bool):
        args["read_only"] = "yes" if details["read_only"] else "no"
    args.pop("old", None)
    args.pop("new", None)
    key = "audit-" + entry.action.replace(".", "-")
    try:
        return i18n.get(key, **args)
    except KeyNotFoundError:
        pass
    resource, _, act = entry.action.partition(".")
    undo = act.startswith("undo_")
    try:
        label = i18n.get("res-act-" + act.removeprefix("undo_"))
    except KeyNotFoundError:
        return esc(entry.action)
    return i18n.get(
        "audit-resource-undo" if undo else "audit-resource",
        action=label, resource=resource, id=str(details.get("id", "")),
    )  # fmt: skip


def _role_word(i18n: I18nContext, role: str | None) -> str:
    if not role:
        return "—"
    try:
        return i18n.get(f"role-{role}")
    except KeyNotFoundError:
        return role


def _value(i18n: I18nContext, action: str, value: Any) -> str:
    if value is None or value == "":
        return "—"
    if action == "member.role":
        return _role_word(i18n, str(value))
    if action == "member.scope":
        scope = Scope.from_json(str(value))
        if scope is None:
            return i18n.get("scope-all")
        return i18n.get(
            "audit-scope", groups=", ".join(map(str, scope.groups)) or "—", prefix=scope.prefix or "—"
        )
    return str(value)


def _changes(i18n: I18nContext, entry: AuditEntry) -> list[str]:
    """``before → after`` lines from the entry's old/new or before/after."""
    d = entry.details
    if "old" in d or "new" in d:
        return [
            i18n.get(
                "audit-change",
                old=_value(i18n, entry.action, d.get("old")),
                new=_value(i18n, entry.action, d.get("new")),
            )
        ]
    before, after = d.get("before"), d.get("after")
    if isinstance(before, dict) and isinstance(after, dict):
        return [
            i18n.get(
                "audit-field-change",
                field=field,
                old=str(before.get(field, "—")),
                new=str(after.get(field, "—")),
            )
            for field in sorted(before.keys() | after.keys())
        ]
    return []


def entry_text(i18n: I18nContext, entry: AuditEntry, names: dict[int, str], timezone: str) -> str:
    lines = [
        i18n.get(
            "audit-entry",
            when=_when(entry.created_at, timezone),
            who=names.get(entry.user_id, str(entry.user_id)),
            role=_role_word(i18n, entry.role),
            what=Html(_sentence(i18n, entry, names)),
        )
    ]
    lines += ["   " + line for line in _changes(i18n, entry)]
    return "\n".join(lines)


async def on_start(start_data: Any, manager: DialogManager) -> None:
    if isinstance(start_data, dict) and "tracker_id" in start_data:
        manager.dialog_data["tracker_id"] = start_data["tracker_id"]
    manager.dialog_data["pages"] = []  # before_id of each page shown after the first


async def audit_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    app, i18n = app_of(dialog_manager), i18n_of(dialog_manager)
    tracker = await dialog_tracker(dialog_manager, Action.ADMINISTER)
    if tracker is None:
        return {"found": False, "refusal": refused(i18n), "older": False, "newer": False, "empty": False}
    pages: list[int] = dialog_manager.dialog_data.get("pages") or []
    before = pages[-1] if pages else None
    entries = await app.audit.for_tracker(tracker.id, PAGE + 1, before_id=before)
    shown = entries[:PAGE]
    ids = {e.user_id for e in shown} | {
        e.details["member"] for e in shown if isinstance(e.details.get("member"), int)
    }
    names = await app.users.names(sorted(ids))
    dialog_manager.dialog_data["last_id"] = shown[-1].id if shown else None
    return {
        "found": True,
        "refusal": "",
        "tracker": tracker.name,
        "tz": tracker.timezone,
        "entries": Html("\n\n".join(entry_text(i18n, e, names, tracker.timezone) for e in shown)),
        "empty": not shown,
        "older": len(entries) > PAGE,
        "newer": bool(pages),
    }


async def on_older(query: CallbackQuery, _w: Any, manager: DialogManager) -> None:
    if await dialog_tracker(manager, Action.ADMINISTER) is None:
        await toast(query, refused(i18n_of(manager)), alert=True)
        return
    last = manager.dialog_data.get("last_id")
    if last is not None:
        manager.dialog_data.setdefault("pages", []).append(int(last))


async def on_newer(query: CallbackQuery, _w: Any, manager: DialogManager) -> None:
    pages = manager.dialog_data.get("pages") or []
    if pages:
        pages.pop()


def build_dialog() -> Dialog:
    return Dialog(
        Window(
            T("audit-title", when="found"),
            T("audit-empty", when="empty"),
            T("members-refused", when=lambda d, w, m: not d["found"], reason="refusal"),
            Row(
                Button(T("audit-btn-older"), id="older", on_click=on_older, when="older"),
                Button(T("audit-btn-newer"), id="newer", on_click=on_newer, when="newer"),
            ),
            Cancel(T("btn-back")),
            fallback_input(),
            state=AuditSG.view,
            getter=audit_getter,
        ),
        on_start=on_start,
    )
