"""/logs: the tracker's postback logs — received (``postbacks``) and sent (``sent_postbacks``) —
newest first, 10 lines a page, searchable by sub_id or any text.

The place people go when a postback did not arrive: ``/logs <sub_id>`` opens the log already
searching. Pages are read through the shared loader (the screen says "reading…" at once and is
edited in place); every line is masked (postback key, ``api_key=``…) before it is shown.
A member with a buyer scope is told the logs cover every campaign and are not shown to them (the
scoped client would refuse them anyway, :mod:`services.scope`).
"""

from __future__ import annotations

import contextlib
import json
import re
import secrets
from collections.abc import Iterable
from typing import Any

from aiogram.filters import CommandObject
from aiogram.types import CallbackQuery, Message
from aiogram_dialog import Dialog, DialogManager, ShowMode, StartMode, Window
from aiogram_dialog.widgets.input import TextInput
from aiogram_dialog.widgets.kbd import Button, Cancel, Row, Select, SwitchTo
from aiogram_dialog.widgets.text import Const, Format
from aiogram_i18n import I18nContext

from handlers.feature import CommandSpec, Feature
from handlers.input import echo
from handlers.loading import forget, load
from handlers.states import LogsSG
from handlers.ui import (
    ErrorLine,
    Html,
    T,
    app_of,
    clear_error,
    esc,
    fallback_input,
    i18n_of,
    set_error,
    user_id_of,
)
from keitaro.masking import mask_in_text, mask_log_line
from keitaro.models.traffic import LogEntry
from keitaro.urls import parse_postback_url
from services.access import Action
from storage import Tracker

__all__ = [
    "FEATURE",
    "build_dialog",
    "cmd_logs",
    "is_trouble",
    "mask_log_line",
    "parse_query",
    "render_entries",
]

PAGE_SIZE = 5  # a page of long lines still fits a phone (tests/e2e/test_screen_sizes.py)
LINE_MAX = 114  # three lines of a phone each
QUERY_MAX = 100
LOG_TYPES = ("postbacks", "sent_postbacks")

# words of a line that means trouble ("SubID not found", "Unknown status", "is ignored", errors)
_TROUBLE_RE = re.compile(
    r"not found|unknown|ignored|not allowed|error|fail|invalid|incorrect|denied|rejected|refused"
    r"|timed? ?out|exception",
    re.IGNORECASE,
)
# a sent postback that got an HTTP error back ("GET https://… 500")
_HTTP_ERROR_RE = re.compile(r"\s[45]\d\d\s*$")


class QueryError(ValueError):
    def __init__(self, length: int) -> None:
        super().__init__(length)
        self.length = length


def parse_query(raw: str | None) -> str | None:
    """The search text: trimmed; empty or ``-`` means no search; longer than :data:`QUERY_MAX`
    raises :class:`QueryError`."""
    text = (raw or "").strip()
    if text in ("", "-"):
        return None
    if len(text) > QUERY_MAX:
        raise QueryError(len(text))
    return text


def is_trouble(message: str, log_type: str = "postbacks") -> bool:
    if _TROUBLE_RE.search(message):
        return True
    return log_type == "sent_postbacks" and bool(_HTTP_ERROR_RE.search(message))


def _shorten(text: str) -> str:
    text = " ".join(text.split())  # one line each, whatever the tracker wrote
    return text if len(text) <= LINE_MAX else text[: LINE_MAX - 1] + "…"


def render_entries(entries: Iterable[LogEntry], log_type: str, known_secrets: Iterable[str] = ()) -> str:
    """HTML of one page: entries (newest first, as Keitaro returns them) grouped by job — one
    time header per job, its lines in the order they happened. Secrets are masked before a line
    is shortened to :data:`LINE_MAX` characters, then escaped."""
    wanted = [s for s in known_secrets if s and len(s) >= 4]
    groups: list[tuple[tuple[str, str], list[LogEntry]]] = []
    for entry in entries:
        job = (entry.datetime or "", entry.jid or "")
        if groups and entry.jid and groups[-1][0] == job:
            groups[-1][1].append(entry)
        else:
            groups.append((job, [entry]))
    blocks = []
    for (when, _jid), lines in groups:
        out = [f"<b>🕒 {esc(when)}</b>" if when else "<b>🕒 ?</b>"]
        for entry in reversed(lines):
            text = _shorten(mask_in_text(mask_log_line(entry.message), wanted)) or "—"
            mark = "⚠️ " if is_trouble(entry.message, log_type) else ""
            out.append(f"{mark}<code>{esc(text)}</code>")
        blocks.append("\n".join(out))
    return "\n".join(blocks)  # the bold time of each job parts them; no blank lines on a phone


# ---------------------------------------------------------------- state and loading


async def _tracker(manager: DialogManager) -> Tracker | None:
    tracker_id = manager.dialog_data.get("tracker_id")
    if tracker_id is None:
        return None
    return await app_of(manager).access.tracker(user_id_of(manager), int(tracker_id), Action.VIEW)


def _secrets_of(manager: DialogManager, tracker: Tracker) -> list[str]:
    """The tracker's own secrets (masked wherever they occur, whatever the shape of the line)."""
    repo = app_of(manager).trackers
    found = [repo.api_key(tracker)]
    url = repo.postback_url(tracker) if tracker.has_postback_url else None
    if url:
        with contextlib.suppress(ValueError):
            found.append(parse_postback_url(url).key)
    return found


def _key(manager: DialogManager, tracker_id: int) -> str:
    data = manager.dialog_data
    parts = [tracker_id, data["type"], data.get("query") or "", int(data.get("offset", 0)), data["gen"]]
    return "logs:" + json.dumps(parts, ensure_ascii=False)


async def on_start(start_data: Any, manager: DialogManager) -> None:
    data = start_data if isinstance(start_data, dict) else {}
    tracker = await app_of(manager).access.active(user_id_of(manager), Action.VIEW)
    manager.dialog_data.update(
        tracker_id=tracker.id if tracker else None,
        type=data.get("type") if data.get("type") in LOG_TYPES else "postbacks",
        query=data.get("query") or None,
        offset=0,
        gen=secrets.token_hex(4),  # each /logs reads afresh; paging within it reuses pages read
    )


async def view_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    manager = dialog_manager
    i18n, data = i18n_of(manager), manager.dialog_data
    log_type, query, offset = data["type"], data.get("query") or "", int(data.get("offset", 0))
    tracker = await _tracker(manager)
    result = {
        "text": "",
        "logs": [(("● " if t == log_type else "") + i18n.get(f"btn-logs-{t}"), t) for t in LOG_TYPES],
        "has_prev": offset > 0,
        "has_next": False,
        "searching": bool(query),
    }
    name = Html(i18n.get(f"logs-name-{log_type}"))
    head = [i18n.get("logs-head", log=name, tracker=tracker.name if tracker else "?")]
    if query:
        head.append(i18n.get("logs-searching", query=echo(query)))
    if tracker is None:
        return {**result, "text": Html("\n".join([*head, "", i18n.get("res-no-tracker")]))}
    if tracker.scope is not None:  # the tracker's logs cover every campaign: not cut to a buyer scope
        return {**result, "text": Html("\n".join([*head, "", i18n.get("scope-logs-unavailable")]))}
    client = app_of(manager).clients.for_tracker(tracker)

    async def fetch() -> list[LogEntry]:
        lines: list[LogEntry] = await client.logs.read(
            log_type, limit=PAGE_SIZE + 1, offset=offset, query=query or None
        )
        return lines

    loaded = load(manager, _key(manager, tracker.id), fetch)
    if loaded is None:
        body = i18n.get("logs-loading")
    elif loaded.error is not None:
        key, args = loaded.error
        body = i18n.get(key, tracker=tracker.name, **args)
    else:
        entries: list[LogEntry] = list(loaded.value or [])
        page, more = entries[:PAGE_SIZE], len(entries) > PAGE_SIZE
        result["has_next"] = more
        if page:
            if offset or more:
                head.append(
                    i18n.get(
                        "logs-page",
                        page=offset // PAGE_SIZE + 1,
                        first=offset + 1,
                        last=offset + len(page),
                    )
                )
            body = render_entries(page, log_type, _secrets_of(manager, tracker))
        else:
            body = _empty_text(i18n, log_type, query, offset)
    text = "\n".join(head) + "\n\n" + body
    if loaded is not None and loaded.ok:
        text += "\n\n" + i18n.get("logs-hint")
    return {**result, "text": Html(text)}


def _empty_text(i18n: I18nContext, log_type: str, query: str, offset: int) -> str:
    if offset:
        return i18n.get("logs-empty-page")
    if query:
        return i18n.get(f"logs-nothing-{log_type}", query=echo(query))
    return i18n.get(f"logs-empty-{log_type}")


# ---------------------------------------------------------------- actions


def _set_query(manager: DialogManager, query: str | None) -> None:
    manager.dialog_data["query"] = query
    manager.dialog_data["offset"] = 0


def _read_query(manager: DialogManager, raw: str) -> bool:
    try:
        query = parse_query(raw)
    except QueryError as err:
        set_error(manager, "logs-err-long", length=err.length, max=QUERY_MAX)
        return False
    clear_error(manager)
    _set_query(manager, query)
    return True


async def on_search_text(message: Message, _w: Any, manager: DialogManager, raw: str) -> None:
    """Text typed on the search screen: search for it (``-`` clears), back to the log."""
    if _read_query(manager, raw):
        await manager.switch_to(LogsSG.view, show_mode=ShowMode.SEND)


async def on_view_text(message: Message, _w: Any, manager: DialogManager, raw: str) -> None:
    """Text typed on the log itself is a search too (pasting a sub_id is the common case)."""
    _read_query(manager, raw)
    manager.show_mode = ShowMode.SEND


async def on_page(query: CallbackQuery, button: Button, manager: DialogManager) -> None:
    clear_error(manager)
    step = PAGE_SIZE if button.widget_id == "next" else -PAGE_SIZE
    manager.dialog_data["offset"] = max(0, int(manager.dialog_data.get("offset", 0)) + step)


async def on_log_type(query: CallbackQuery, _w: Any, manager: DialogManager, log_type: str) -> None:
    clear_error(manager)
    if log_type in LOG_TYPES and log_type != manager.dialog_data["type"]:
        manager.dialog_data["type"] = log_type
        manager.dialog_data["offset"] = 0


async def on_clear_search(query: CallbackQuery, _w: Any, manager: DialogManager) -> None:
    clear_error(manager)
    _set_query(manager, None)


async def on_refresh(query: CallbackQuery, _w: Any, manager: DialogManager) -> None:
    clear_error(manager)
    tracker_id = manager.dialog_data.get("tracker_id")
    if tracker_id is not None:
        forget(user_id_of(manager), _key(manager, int(tracker_id)))
    manager.dialog_data["gen"] = secrets.token_hex(4)  # every page is read again


async def on_open_search(query: CallbackQuery, _w: Any, manager: DialogManager) -> None:
    clear_error(manager)


async def search_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    i18n, data = i18n_of(dialog_manager), dialog_manager.dialog_data
    tracker = await _tracker(dialog_manager)
    return {
        "log": Html(i18n.get(f"logs-name-{data['type']}")),
        "tracker": tracker.name if tracker else "?",
        "max": QUERY_MAX,
        "current": data.get("query") or "",
        "searching": bool(data.get("query")),
    }


# ---------------------------------------------------------------- command and dialog


async def cmd_logs(message: Message, command: CommandObject, dialog_manager: DialogManager) -> None:
    """``/logs`` — the received-postbacks log of the active tracker; ``/logs <text>`` — searching."""
    assert message.from_user is not None
    app, i18n = app_of(dialog_manager), i18n_of(dialog_manager)
    if await app.access.active(message.from_user.id, Action.VIEW) is None:
        await message.answer(i18n.get("res-no-tracker"))
        return
    try:
        query = parse_query(command.args)
    except QueryError as err:
        await message.answer(i18n.get("logs-err-long", length=err.length, max=QUERY_MAX))
        return
    await dialog_manager.start(
        LogsSG.view,
        data={"type": "postbacks", "query": query},
        mode=StartMode.RESET_STACK,
        show_mode=ShowMode.SEND,
    )


def build_dialog() -> Dialog:
    return Dialog(
        Window(
            ErrorLine(),
            Format("{text}"),
            Row(
                Button(Const("◀"), id="prev", on_click=on_page, when="has_prev"),
                Button(Const("▶"), id="next", on_click=on_page, when="has_next"),
            ),
            Row(
                Select(
                    Format("{item[0]}"),
                    id="log",
                    item_id_getter=lambda x: x[1],
                    items="logs",
                    on_click=on_log_type,
                )
            ),
            Row(
                SwitchTo(T("btn-logs-search"), id="search", state=LogsSG.search, on_click=on_open_search),
                Button(T("btn-logs-clear"), id="clear", on_click=on_clear_search, when="searching"),
            ),
            Row(
                Button(T("btn-logs-refresh"), id="refresh", on_click=on_refresh),
                Cancel(T("btn-close")),
            ),
            TextInput(id="typed", on_success=on_view_text),
            fallback_input(),
            state=LogsSG.view,
            getter=view_getter,
        ),
        Window(
            ErrorLine(),
            T("logs-ask"),
            T("logs-ask-current", when="searching"),
            TextInput(id="query", on_success=on_search_text),
            SwitchTo(T("btn-cancel"), id="cancel", state=LogsSG.view),
            fallback_input(),
            state=LogsSG.search,
            getter=search_getter,
        ),
        on_start=on_start,
    )


FEATURE = Feature("logs", commands=(CommandSpec("logs", cmd_logs),), dialogs=lambda: (build_dialog(),))
