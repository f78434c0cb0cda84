"""Send the postback, then verify in the background and update the result message in place."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
from datetime import datetime, timedelta
from typing import Any

from aiogram.types import CallbackQuery, Message
from aiogram_dialog import BaseDialogManager, DialogManager

from handlers.context import AppContext
from handlers.postback.steps import values
from handlers.postback.values import params_from
from handlers.postback.verify import Verdict, Verifier, find_click
from handlers.states import PostbackSG
from handlers.ui import app_of, dialog_tracker, i18n_of, keitaro_error_key, refused, toast, user_id_of
from keitaro import errors as kerr
from keitaro.postback import PostbackOutcome
from keitaro.urls import parse_postback_url
from services.access import Action
from storage import Tracker

log = logging.getLogger(__name__)

# verification tasks by user: one at a time; cancelled when the user leaves the result
RUNNING: dict[int, asyncio.Task[None]] = {}
# marks a verification started by this process: after a restart the result screen says it was
# interrupted and offers to check again. With several processes (another worker may show the
# screen) a verification is alive while its stamp ``alive_until`` (renewed at every poll) holds.
PROCESS_RUN = secrets.token_hex(4)
ALIVE_MARGIN_SECONDS = 60.0  # a poll's longest request with its retries, and then some


def verification_alive(app: AppContext, checking: dict[str, Any]) -> bool:
    """Is the verification ``checking`` describes still running somewhere? Started by this process
    run: yes (its task is here). Another run: only with several processes, while its stamp holds
    (after a crash the stamp runs out and the screen says it was interrupted)."""
    if checking.get("run") == PROCESS_RUN:
        return True
    if not app.several_processes:
        return False
    try:
        return datetime.fromisoformat(str(checking.get("alive_until"))) > app.clock()
    except ValueError:
        return False


IMMEDIATE = {
    PostbackOutcome.WRONG_KEY: "wrong_key",
    PostbackOutcome.NO_SUBID: "no_subid",
    PostbackOutcome.HTTP_ERROR: "http",
    PostbackOutcome.HTML: "html",
}


def stop_verification(user_id: int) -> None:
    task = RUNNING.pop(user_id, None)
    if task is not None:
        task.cancel()


def _send_envelope(url: str, method: str, data: Any, error: dict[str, Any] | None) -> dict[str, Any]:
    """The postback request in the operation-envelope shape (URL with the key masked)."""
    return {
        "request": {"url": url, "method": method},
        "resource": "postback",
        "operation": "send",
        "success": error is None,
        "data": data,
        "error": error,
    }


def _verifier(app: AppContext, tracker: Tracker, manager: DialogManager) -> tuple[Verifier, Any]:
    client = app.clients.for_tracker(tracker)
    postback = parse_postback_url(app.trackers.postback_url(tracker) or "")
    app.remember_secret(postback.key)
    v = values(manager)
    verifier = Verifier(
        client,
        click_id=v["click_id"],
        tid=v.get("tid"),
        status=v.get("status") or "lead",
        timezone=tracker.timezone,
        secrets=[postback.key, app.trackers.api_key(tracker)],
        clock=app.clock,
    )
    return verifier, postback


async def _click_in_scope(app: AppContext, tracker: Tracker, manager: DialogManager) -> bool:
    """A buyer limited to some campaigns tests postbacks only for their own clicks: the click is
    looked up through their (scoped) client, so another buyer's click is simply not found and no
    conversion can be made in another buyer's campaign."""
    try:
        click = await find_click(
            app.clients.for_tracker(tracker), values(manager)["click_id"], tracker.timezone, app.clock()
        )
    except kerr.KeitaroError:
        return False
    return click is not None


async def on_send(query: CallbackQuery, _w: Any, manager: DialogManager) -> None:
    app, i18n, owner = app_of(manager), i18n_of(manager), user_id_of(manager)
    tracker = await dialog_tracker(manager, Action.POSTBACK_TEST)
    if tracker is None or not tracker.has_postback_url:
        await toast(query, refused(i18n), alert=True)
        await manager.switch_to(PostbackSG.tracker)
        return
    if tracker.scope is not None and not await _click_in_scope(app, tracker, manager):
        await toast(query, i18n.get("pb-click-out-of-scope"), alert=True)
        return
    await toast(query, i18n.get("pb-sending", tracker=tracker.name))
    stop_verification(owner)
    verifier, postback = _verifier(app, tracker, manager)
    with contextlib.suppress(kerr.KeitaroError):
        await verifier.take_baseline()
    params = params_from(values(manager))
    for key in ("verdict", "checking", "result"):
        manager.dialog_data.pop(key, None)
    try:
        result = await verifier.client.send_postback(postback, params)
    except kerr.KeitaroError as err:
        key, args = keitaro_error_key(err)
        manager.dialog_data["result"] = {"error": {"key": key, "args": args}}
        manager.dialog_data["details"] = [
            _send_envelope(
                postback.masked(), "GET", None, {"message": err.message, "http_status": err.http_status}
            )
        ]
        answer = f"error:{err.code}"
    else:
        manager.dialog_data["result"] = {
            "status": result.http_status,
            "answer": result.text,
            "ms": round(result.elapsed_ms),
            "outcome": result.outcome.value,
            "accepted": result.accepted,
        }
        manager.dialog_data["baseline"] = verifier.baseline
        failure = (
            None if result.accepted else {"message": result.outcome.value, "http_status": result.http_status}
        )
        manager.dialog_data["details"] = [
            _send_envelope(result.request_url_masked, result.method, result.text, failure),
            *verifier.details,
        ]
        answer = result.outcome.value
    await app.audit.record(
        owner,
        "postback.send",
        tracker_id=tracker.id,
        click_id=params.subid,
        status=params.status,
        payout=params.payout,
        answer=answer,
    )
    if "error" in manager.dialog_data["result"]:
        await manager.switch_to(PostbackSG.result)
        return
    immediate = IMMEDIATE.get(result.outcome)
    if immediate is not None:
        manager.dialog_data["verdict"] = {"kind": "immediate", "reason": immediate}
        await app.audit.record(
            owner, "postback.verdict", tracker_id=tracker.id, click_id=params.subid, verdict=immediate
        )
    else:
        _start_verification(manager, verifier, tracker)
    await manager.switch_to(PostbackSG.result)


def _start_verification(manager: DialogManager, verifier: Verifier, tracker: Tracker) -> None:
    app, owner = app_of(manager), user_id_of(manager)
    bg = manager.bg()
    details = list(manager.dialog_data.get("details", []))[:1]  # the send itself

    def checking(n: int, seconds: int) -> dict[str, Any]:
        until = app.clock() + timedelta(seconds=app.postback_verify_interval + ALIVE_MARGIN_SECONDS)
        return {"n": n, "seconds": seconds, "run": PROCESS_RUN, "alive_until": until.isoformat()}

    manager.dialog_data["checking"] = checking(0, 0)

    async def progress(n: int, elapsed: float) -> None:
        await bg.update({"checking": checking(n, round(elapsed))})

    async def run() -> None:
        error: dict[str, Any] | None = None
        try:
            verdict = await verifier.run(
                timeout=app.postback_verify_timeout,
                interval=app.postback_verify_interval,
                on_progress=progress,
            )
        except kerr.KeitaroError as err:
            key, args = keitaro_error_key(err)
            verdict, error = Verdict("no_trace", log_line=""), {"key": key, "args": args}
        except asyncio.CancelledError:
            RUNNING.pop(owner, None)
            raise
        except Exception:
            log.exception("postback verification failed")
            verdict = Verdict("no_trace")
        try:
            try:  # the audit trail holds the verdict before the user reads it
                await app.audit.record(
                    owner,
                    "postback.verdict",
                    tracker_id=tracker.id,
                    click_id=verifier.click_id,
                    status=verifier.status,
                    verdict=verdict.kind,
                    reason=verdict.reason,
                )
            except Exception:  # the user still gets the verdict
                log.exception("could not record the postback verdict in the audit log")
            await _finish(bg, verdict, details + verifier.details, error=error)
        finally:
            RUNNING.pop(owner, None)

    RUNNING[owner] = asyncio.get_running_loop().create_task(run())


async def _finish(
    bg: BaseDialogManager, verdict: Verdict, details: list[Any], error: dict[str, Any] | None = None
) -> None:
    data: dict[str, Any] = {"verdict": verdict.to_dict(), "checking": None, "details": details[-12:]}
    if error:
        data["verify_error"] = error
    try:
        await bg.update(data)
    except Exception:  # the user has left the screen: nothing to update
        log.debug("postback verdict not shown: the dialog is gone", exc_info=True)


async def on_check_again(query: CallbackQuery, _w: Any, manager: DialogManager) -> None:
    app = app_of(manager)
    tracker = await dialog_tracker(manager, Action.POSTBACK_TEST)
    if tracker is None:
        await toast(query, refused(i18n_of(manager)), alert=True)
        return
    stop_verification(user_id_of(manager))
    verifier, _ = _verifier(app, tracker, manager)
    verifier.baseline = dict(manager.dialog_data.get("baseline") or {})
    manager.dialog_data.pop("verdict", None)
    _start_verification(manager, verifier, tracker)


async def on_leave(query: CallbackQuery, _w: Any, manager: DialogManager) -> None:
    stop_verification(user_id_of(manager))


async def on_cancel(query: CallbackQuery, _w: Any, manager: DialogManager) -> None:
    stop_verification(user_id_of(manager))
    if isinstance(query.message, Message):
        await query.message.answer(i18n_of(manager).get("cancel-done"))


async def on_repeat(query: CallbackQuery, _w: Any, manager: DialogManager) -> None:
    stop_verification(user_id_of(manager))
    for key in ("verdict", "checking", "result", "details", "baseline"):
        manager.dialog_data.pop(key, None)
    await manager.switch_to(PostbackSG.summary)
