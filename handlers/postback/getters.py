"""What the postback test windows show: the getters of every step, the summary, the verdict."""

from __future__ import annotations

import html
import json
from typing import Any

from aiogram_dialog import DialogManager
from aiogram_i18n import I18nContext

from handlers.numbers import number
from handlers.postback import steps
from handlers.postback.send import verification_alive
from handlers.postback.undo import can_undo
from handlers.postback.values import (
    FIELDS,
    STATUSES,
    params_from,
)
from handlers.postback.verify import recent_clicks
from handlers.ui import (
    Html,
    app_of,
    dialog_tracker,
    esc,
    i18n_of,
    user_id_of,
)
from keitaro import errors as kerr
from keitaro.postback import preview_url
from keitaro.urls import parse_postback_url
from services.access import Action

DETAILS_LIMIT = 3500


async def base_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    tracker = await dialog_tracker(dialog_manager, Action.POSTBACK_TEST)
    return {
        "tracker": tracker.name if tracker else "",
        "click": steps.values(dialog_manager).get("click_id", ""),
    }


async def status_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    data = await base_getter(dialog_manager)
    click = dialog_manager.dialog_data.get("click") or {}
    line = ""
    if click.get("found"):
        line = i18n_of(dialog_manager).get(
            "pb-click-found",
            when=click.get("when", ""),
            campaign=click.get("campaign", ""),
            country=click.get("country", ""),
        )
    current = steps.values(dialog_manager).get("status") or "lead"
    i18n = i18n_of(dialog_manager)
    return {
        **data,
        "click_line": Html(line),
        "statuses": [(("● " if s == current else "") + status_label(i18n, s), s) for s in STATUSES],
    }


def status_label(i18n: I18nContext, status: Any) -> str:
    """«продажа (sale)» / "sale"; a status Keitaro has that we have no word for stays as it is."""
    value = str(status or "")
    return i18n.get(f"pb-status-{value}") if value in STATUSES else value


def amount(value: Any, currency: Any, lang: str) -> str:
    """``12,5 EUR`` (Russian) / ``12.5 EUR``: the amount as typed, in the language's style."""
    if value in (None, ""):
        return "—"
    text = number(value, lang)
    return f"{text} {currency}" if currency else text


def click_button(click: dict[str, Any]) -> str:
    """A recent click's button: time · country · campaign (what a person recognises), then the ID."""
    when = str(click.get("when") or "")
    campaign = str(click.get("campaign") or "")[:16]
    parts = [when[11:16] if len(when) >= 16 else when, str(click.get("country") or "—"), campaign]
    return " · ".join(p for p in parts if p) + f" · {str(click.get('sub_id') or '')[:10]}"


async def trackers_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    trackers = await app_of(dialog_manager).access.trackers(user_id_of(dialog_manager), Action.POSTBACK_TEST)
    trackers.sort(key=lambda t: not t.is_active)
    return {
        "trackers": [(("★ " if t.is_active else "") + t.name, str(t.id)) for t in trackers],
        "none": not trackers,
    }


async def recent_getter(dialog_manager: DialogManager, **kw: Any) -> dict[str, Any]:
    data = await base_getter(dialog_manager)
    if "recent" not in dialog_manager.dialog_data:
        tracker = await dialog_tracker(dialog_manager, Action.POSTBACK_TEST)
        clicks = []
        if tracker is not None:
            try:
                app = app_of(dialog_manager)
                clicks = await recent_clicks(app.clients.for_tracker(tracker), tracker.timezone, app.clock())
            except kerr.KeitaroError:
                clicks = []
        dialog_manager.dialog_data["recent"] = [c.__dict__ for c in clicks]
    recent = dialog_manager.dialog_data["recent"]
    items = [(click_button(c), str(i)) for i, c in enumerate(recent)]
    return {**data, "recent": items, "has_recent": bool(items), "no_recent": not items}


async def missing_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    data = await base_getter(dialog_manager)
    problem = (dialog_manager.dialog_data.get("click") or {}).get("error")
    if problem:
        i18n = i18n_of(dialog_manager)
        reason = i18n.get(problem["key"], tracker=data["tracker"], **problem["args"])
        data["lookup_error"] = Html(i18n.get("pb-err-lookup", reason=Html(reason)))
    else:
        data["lookup_error"] = ""
    return data


async def summary_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    data = await base_getter(dialog_manager)
    i18n = i18n_of(dialog_manager)
    v = steps.values(dialog_manager)
    tracker = await dialog_tracker(dialog_manager, Action.POSTBACK_TEST)
    lines = []
    for name in FIELDS:
        value = v.get(name)
        if value in (None, ""):
            shown = i18n.get("pb-not-set")
        elif name == "status":
            shown = esc(status_label(i18n, value))
        elif name in ("payout", "cost"):
            shown = esc(number(value, i18n.locale))
        else:
            shown = esc(value)
        lines.append(f"{i18n.get('pb-field-' + name)}: <b>{shown}</b>")
    click = dialog_manager.dialog_data.get("click") or {}
    if click.get("found") is False:
        lines[0] += "  " + i18n.get("pb-summary-click-missing")
    if int(click.get("live") or 0) > 0:  # see verify.LIVE_WINDOW: a click in the last hour
        campaign = str(click.get("campaign") or "—")
        lines.append("\n" + i18n.get("pb-live-traffic", campaign=campaign, clicks=int(click["live"])))
    url = ""
    if tracker is not None and tracker.has_postback_url:
        postback = parse_postback_url(app_of(dialog_manager).trackers.postback_url(tracker) or "")
        url = preview_url(postback, params_from(v))
    return {
        **data,
        "lines": Html("\n".join(lines)),
        "url": url,
        "edit_fields": [(i18n.get("pb-field-" + f), f) for f in FIELDS],
    }


def _verdict_text(i18n: I18nContext, data: dict[str, Any], tracker: str, *, alive: bool) -> str:
    verdict = data.get("verdict")
    if verdict is None:
        checking = data.get("checking")
        if checking is not None and alive:
            return i18n.get("pb-checking", n=checking["n"] + 1, seconds=checking["seconds"])
        return i18n.get("pb-verdict-interrupted") if checking is not None else ""
    kind = verdict.get("kind")
    if kind == "immediate":
        return i18n.get(
            {
                "wrong_key": "pb-verdict-wrong-key",
                "no_subid": "pb-verdict-no-subid",
                "http": "pb-verdict-http",
                "html": "pb-verdict-html",
            }[verdict["reason"]],
            tracker=tracker,
            status=str((data.get("result") or {}).get("status", "")),
        )
    if kind == "recorded":
        return _recorded_text(i18n, verdict.get("conversion") or {}, data.get("v") or {})
    if kind == "refused":
        text = i18n.get(f"pb-verdict-refused-{verdict.get('reason')}")
        if verdict.get("log_line"):
            text += "\n" + i18n.get("pb-verdict-log", line=verdict["log_line"])
        return text
    return i18n.get("pb-verdict-no-trace", checks=verdict.get("checks", 0))


def _recorded_text(i18n: I18nContext, row: dict[str, Any], sent: dict[str, Any]) -> str:
    """The verdict, then what was sent beside what Keitaro stored (status; payout and currency,
    which Keitaro may have converted: «12,5 EUR → 13,5 USD»)."""
    lang = i18n.locale
    previous = row.get("previous_status") or ""
    was = Html(i18n.get("pb-verdict-previous", previous=status_label(i18n, previous))) if previous else ""
    lines = [
        i18n.get(
            "pb-verdict-recorded",
            campaign=str(row.get("campaign") or "—"),
            offer=str(row.get("offer") or "—"),
        ),
        i18n.get("pb-compare-head"),
        i18n.get(
            "pb-compare-status",
            sent=status_label(i18n, sent.get("status") or "lead"),
            stored=status_label(i18n, row.get("status")),
            previous=was,
        ),
        i18n.get(
            "pb-compare-amount",
            sent=amount(sent.get("payout"), sent.get("currency"), lang),
            stored=amount(row.get("revenue"), row.get("currency"), lang),
        ),
    ]
    return "\n".join(lines)


async def result_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    data = await base_getter(dialog_manager)
    i18n = i18n_of(dialog_manager)
    dd = dialog_manager.dialog_data
    result = dd.get("result") or {}
    if "error" in result:
        reason = i18n.get(result["error"]["key"], tracker=data["tracker"], **result["error"]["args"])
        head = i18n.get("pb-send-failed", tracker=data["tracker"], reason=Html(reason))
    elif result:
        head = i18n.get(
            "pb-result-accepted" if result.get("accepted") else "pb-result",
            tracker=data["tracker"],
            status=str(result["status"]),
            answer=_short(str(result["answer"])),
            ms=result["ms"],
        )
    else:
        head = ""
    verdict = dd.get("verdict")
    finished = verdict is not None or "error" in result
    checking = dd.get("checking")
    alive = checking is not None and verification_alive(app_of(dialog_manager), checking)
    stalled = verdict is None and checking is not None and not alive
    no_trace = (verdict or {}).get("kind") == "no_trace"
    return {
        **data,
        "head": Html(head),
        "undo_text": Html(undo_text(i18n, dd.get("undo"), data["tracker"])),
        "can_undo": can_undo(dd),
        "verdict_text": Html(_verdict_text(i18n, dd, data["tracker"], alive=alive)),
        "finished": finished or stalled,
        "can_recheck": no_trace or stalled,
    }


def undo_text(i18n: I18nContext, undo: dict[str, Any] | None, tracker: str) -> str:
    """Where the undo of the test conversion stands (empty before the first press)."""
    if not undo:
        return ""
    state = undo.get("state")
    if state == "checking":
        return i18n.get("pb-undo-checking")
    if state == "done":
        previous = str(undo.get("previous") or "")
        return i18n.get(
            "pb-undo-done",
            status=status_label(i18n, undo.get("status") or "rejected"),
            previous=status_label(i18n, previous) if previous else "—",
        )
    if state == "failed":
        reason = i18n.get(undo["key"], tracker=tracker, **(undo.get("args") or {}))
        text = i18n.get("pb-undo-failed", reason=Html(reason))
        if undo.get("log_line"):
            text += "\n" + i18n.get("pb-verdict-log", line=undo["log_line"])
        return text
    return i18n.get("pb-undo-no-trace", checks=int(undo.get("checks") or 0))


def _short(answer: str, limit: int = 120) -> str:
    answer = " ".join(answer.split())
    return answer if len(answer) <= limit else answer[: limit - 1] + "…"


async def details_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    raw = json.dumps(dialog_manager.dialog_data.get("details") or [], ensure_ascii=False, indent=1)
    if len(raw) > DETAILS_LIMIT:
        raw = raw[:DETAILS_LIMIT] + "\n…"
    return {"json": Html(f"<pre>{html.escape(raw, quote=False)}</pre>")}
