"""↩️ Undo the test conversion: after a recorded verdict, a second postback for the same click and
tid with the status ``rejected``, verified the way the test itself was.

Why ``rejected``: it is the one native status Keitaro lets every test status move to (lead→rejected,
sale→rejected, rebill→rejected; API-NOTES §3.3) and it is counted apart from leads and sales. An
``ignore_status`` list (§3.2) is a parameter of one postback that drops it — it cannot take back a
conversion already recorded, so it is not used. The conversions log then shows the conversion
``rejected`` with ``previous_status`` the test's status: that is what the check waits for.

``dialog_data["undo"]``: ``{"state": "checking" | "done" | "failed" | "no_trace", ...}`` —
"failed" keeps the one sentence of why (``key``/``args``) and the button, so the person retries.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

from aiogram.types import CallbackQuery
from aiogram_dialog import DialogManager

from handlers.postback.send import IMMEDIATE, RUNNING, stop_verification
from handlers.postback.steps import values
from handlers.postback.verify import Verdict, Verifier
from handlers.ui import app_of, dialog_tracker, i18n_of, keitaro_error_key, refused, toast, user_id_of
from keitaro import errors as kerr
from keitaro.postback import PostbackParams
from keitaro.urls import parse_postback_url
from services.access import Action

log = logging.getLogger(__name__)

UNDO_STATUS = "rejected"

# the immediate answers of a refused undo postback → the sentence (quirks.ftl)
REFUSALS = {
    "wrong_key": "pb-undo-refused-key",
    "no_subid": "pb-undo-refused-subid",
    "http": "pb-undo-refused-http",
    "html": "pb-undo-refused-html",
}


def can_undo(data: dict[str, Any]) -> bool:
    """The test was recorded (and not as rejected already), and no undo is running or done."""
    verdict = data.get("verdict") or {}
    if verdict.get("kind") != "recorded":
        return False
    if str((verdict.get("conversion") or {}).get("status") or "") == UNDO_STATUS:
        return False
    return (data.get("undo") or {}).get("state") not in ("checking", "done")


async def on_undo(query: CallbackQuery, _w: Any, manager: DialogManager) -> None:
    app, i18n, owner = app_of(manager), i18n_of(manager), user_id_of(manager)
    tracker = await dialog_tracker(manager, Action.POSTBACK_TEST)
    if tracker is None or not tracker.has_postback_url:
        await toast(query, refused(i18n), alert=True)
        return
    if not can_undo(manager.dialog_data):
        await toast(query, i18n.get("stale-button"), alert=True)
        return
    v = values(manager)
    postback = parse_postback_url(app.trackers.postback_url(tracker) or "")
    app.remember_secret(postback.key)
    client = app.clients.for_tracker(tracker)
    verifier = Verifier(
        client,
        click_id=v["click_id"],
        tid=v.get("tid"),
        status=UNDO_STATUS,
        timezone=tracker.timezone,
        secrets=[postback.key, app.trackers.api_key(tracker)],
        clock=app.clock,
    )
    await toast(query, i18n.get("pb-undo-sending", tracker=tracker.name))
    stop_verification(owner)
    with contextlib.suppress(kerr.KeitaroError):
        await verifier.take_baseline()
    params = PostbackParams(subid=v["click_id"], status=UNDO_STATUS, tid=v.get("tid") or None)
    try:
        result = await client.send_postback(postback, params)
    except kerr.KeitaroError as err:
        key, args = keitaro_error_key(err)
        manager.dialog_data["undo"] = {"state": "failed", "key": key, "args": args, "tracker_error": True}
        answer = f"error:{err.code}"
    else:
        answer = result.outcome.value
        reason = None if result.accepted else IMMEDIATE.get(result.outcome, "http")
        if reason is not None:
            args = {"status": str(result.http_status)}
            manager.dialog_data["undo"] = {"state": "failed", "key": REFUSALS[reason], "args": args}
        else:
            manager.dialog_data["undo"] = {"state": "checking"}
    await app.audit.record(
        owner,
        "postback.undo",
        tracker_id=tracker.id,
        click_id=params.subid,
        tid=params.tid or "",
        answer=answer,
    )
    if manager.dialog_data["undo"]["state"] == "checking":
        _verify(manager, verifier, tracker.id)


def _verify(manager: DialogManager, verifier: Verifier, tracker_id: int) -> None:
    """Wait in the background for the conversions log to show the conversion rejected."""
    app, owner = app_of(manager), user_id_of(manager)
    bg = manager.bg()

    async def run() -> None:
        undo: dict[str, Any]
        try:
            verdict = await verifier.run(
                timeout=app.postback_verify_timeout, interval=app.postback_verify_interval
            )
        except kerr.KeitaroError as err:
            key, args = keitaro_error_key(err)
            verdict, undo = (
                Verdict("no_trace"),
                {"state": "failed", "key": key, "args": args, "tracker_error": True},
            )
        except asyncio.CancelledError:
            RUNNING.pop(owner, None)
            raise
        except Exception:
            log.exception("verifying the undo of a test conversion failed")
            verdict, undo = Verdict("no_trace"), {"state": "no_trace"}
        else:
            undo = _outcome(verdict)
        try:
            try:
                await app.audit.record(
                    owner,
                    "postback.undo_verdict",
                    tracker_id=tracker_id,
                    click_id=verifier.click_id,
                    verdict=verdict.kind,
                    reason=verdict.reason,
                )
            except Exception:  # the person still gets the outcome
                log.exception("could not record the undo verdict in the audit log")
            with contextlib.suppress(Exception):  # the person has left the screen
                await bg.update({"undo": undo})
        finally:
            RUNNING.pop(owner, None)

    RUNNING[owner] = asyncio.get_running_loop().create_task(run())


def _outcome(verdict: Verdict) -> dict[str, Any]:
    if verdict.kind == "recorded":
        row = verdict.conversion
        return {
            "state": "done",
            "previous": str(row.get("previous_status") or ""),
            "status": str(row.get("status")),
        }
    if verdict.kind == "refused":
        return {
            "state": "failed",
            "key": f"pb-undo-why-{verdict.reason or 'status'}",
            "args": {},
            "log_line": verdict.log_line,
        }
    return {"state": "no_trace", "checks": verdict.checks}
