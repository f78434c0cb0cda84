"""The incoming postback on the emulator's host: ``GET|POST /{key}/postback`` (outside
``/admin_api/v1``, no API key — the path key is the only authentication).

Answers at once, as Keitaro 9.x does, with HTTP 200 and plain text: ``Success``; the ``return``
value when one is given (``return=gif``: a 1×1 GIF); ``Incorrect postback code (<key> in <url>)``
for a wrong key; ``Incorrect subid`` without a subid. The conversion is recorded a moment later by
a background task, which writes the ``postbacks`` log the way Keitaro does::

    Received postback /<key>/postback?subid=...
    Using "<subid>" as subid. Postback added to queue.
    Processing subid <subid>
    SubID not found "<subid>"            (no such click: nothing recorded)
    Unknown status "<status>". Postback ignored.
    Status "<status>" is ignored          (listed in ignore_status)
    Status change from sale to lead is not allowed
    Subid <subid> complete

Statuses: the native ``lead``/``sale``/``rejected``/``rebill``, the 9.x default aliases (approved,
confirmed, paid, 1 → sale; trash, reject, cancelled, declined, invalid, refund, fake → rejected;
pending, hold, wait → lead) and ``lead_status``/``sale_status``/``rejected_status`` lists. A missing
or unknown status is ignored (current documentation). Same subid + same ``tid`` (or none) updates the
conversion (keeping ``previous_status``); a new ``tid`` adds one. Payout (``payout``, ``revenue``,
``profit``, ``payment``, ``amount``; comma decimals allowed) is converted to USD; ``cost`` and
``sub_id_1..15`` are stored.

Tests wait with ``await emulator.wait_postbacks()`` (never a sleep); ``pause()``/``resume()`` hold
the background processing to observe the "answered but not yet recorded" moment.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import re
from collections.abc import Callable
from urllib.parse import parse_qsl

from aiohttp import web

from tests.fakes.keitaro_emulator.state import EmulatorState
from tests.fakes.keitaro_emulator.traffic_data import RATES_TO_USD
from tests.fakes.keitaro_emulator.traffic_logs import add_log

__all__ = ["DEFAULT_POSTBACK_KEY", "POSTBACK_PATH", "PostbackInbox", "is_postback_path"]

DEFAULT_POSTBACK_KEY = "emuPb7c4e1a9f3d2b"
POSTBACK_PATH = "/{key:[A-Za-z0-9]+}/postback"
GIF = base64.b64decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7")

_ALIASES = {
    "sale": ("sale", "approved", "confirmed", "paid", "1", "approve", "accepted"),
    "rejected": (
        "rejected",
        "trash",
        "reject",
        "cancelled",
        "canceled",
        "declined",
        "invalid",
        "refund",
        "fake",
    ),
    "lead": ("lead", "pending", "hold", "wait"),
    "rebill": ("rebill", "upsell"),
}
_ALLOWED = {("lead", "sale"), ("lead", "rejected"), ("sale", "rejected"), ("rebill", "rejected")}
_PAYOUT_NAMES = ("payout", "revenue", "profit", "payment", "amount")


_POSTBACK_RE = re.compile(r"^/[A-Za-z0-9]+/postback$")


def is_postback_path(path: str) -> bool:
    return bool(_POSTBACK_RE.match(path))


def _status(params: dict[str, str]) -> str | None:
    raw = params.get("status", "").strip().lower()
    if not raw:
        return None
    for native in ("lead", "sale", "rejected"):
        custom = [s.strip().lower() for s in params.get(f"{native}_status", "").split(",") if s.strip()]
        if raw in custom:
            return native
    return next((native for native, words in _ALIASES.items() if raw in words), None)


def _amount(text: str) -> float | None:
    try:
        return float(text.strip().replace(",", "."))
    except ValueError:
        return None


class PostbackInbox:
    """Receives postbacks and records them in the background."""

    def __init__(self, get_state: Callable[[], EmulatorState], key: str = DEFAULT_POSTBACK_KEY) -> None:
        self.key = key
        self.received = 0
        self.processed = 0
        self._get_state = get_state
        self._tasks: set[asyncio.Task[None]] = set()
        self._gate = asyncio.Event()
        self._gate.set()
        self._jobs = 0

    # ------------------------------------------------------------ test controls

    def pause(self) -> None:
        """Hold background processing (answers still go out at once)."""
        self._gate.clear()

    def resume(self) -> None:
        self._gate.set()

    @property
    def pending(self) -> int:
        return len(self._tasks)

    async def wait_idle(self, timeout: float = 5.0) -> None:
        """Until every postback received so far is processed; ``TimeoutError`` after ``timeout``."""
        async with asyncio.timeout(timeout):
            while self._tasks:
                await asyncio.wait(set(self._tasks))

    async def close(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        for task in list(self._tasks):
            with contextlib.suppress(asyncio.CancelledError):
                await task

    # ------------------------------------------------------------ HTTP

    async def handle(self, request: web.Request) -> web.Response:
        params = dict(request.query)
        if request.method == "POST":
            raw = (await request.read()).decode("utf-8", errors="replace")
            params |= dict(parse_qsl(raw, keep_blank_values=True))
        key = request.match_info.get("key", "")
        if key != self.key:
            return web.Response(text=f"Incorrect postback code ({key} in {request.path_qs})")
        subid = (params.get("subid") or params.get("sub_id") or "").strip()
        if not subid:
            return web.Response(text="Incorrect subid")
        self.received += 1
        self._jobs += 1
        jid = f"{self._jobs:08x}"
        state = self._get_state()
        add_log(state, "postbacks", f"Received postback {request.path_qs}", jid)
        add_log(state, "postbacks", f'Using "{subid}" as subid. Postback added to queue.', jid)
        task = asyncio.get_running_loop().create_task(self._process(subid, params, jid))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        answer = params.get("return")
        if answer is None or answer == "":
            return web.Response(text="Success")
        if answer.lower() == "gif":
            return web.Response(body=GIF, content_type="image/gif")
        return web.Response(text=answer)

    # ------------------------------------------------------------ processing

    async def _process(self, subid: str, params: dict[str, str], jid: str) -> None:
        await self._gate.wait()
        await asyncio.sleep(0)  # "a moment later": after the answer went out
        state = self._get_state()
        try:
            self._record(state, subid, params, jid)
        finally:
            self.processed += 1

    def _record(self, state: EmulatorState, subid: str, params: dict[str, str], jid: str) -> None:
        add_log(state, "postbacks", f"Processing subid {subid}", jid)
        click = next((c for c in state.clicks if c["sub_id"] == subid), None)
        if click is None:
            add_log(state, "postbacks", f'SubID not found "{subid}"', jid)
            return
        raw_status = params.get("status", "").strip().lower()
        ignored = [s.strip().lower() for s in params.get("ignore_status", "").split(",") if s.strip()]
        if raw_status and raw_status in ignored:
            add_log(state, "postbacks", f'Status "{raw_status}" is ignored', jid)
            return
        status = _status(params)
        if status is None:
            add_log(state, "postbacks", f'Unknown status "{raw_status}". Postback ignored.', jid)
            return
        amount = next((_amount(params[n]) for n in _PAYOUT_NAMES if params.get(n)), None)
        rate = RATES_TO_USD.get(params.get("currency", "USD").strip().upper() or "USD", 1.0)
        revenue = round(amount * rate, 4) if amount is not None else None
        tid = params.get("tid", "").strip()
        now = state.now().timestamp()
        existing = next(
            (c for c in state.conversions if c["click_id"] == click["click_id"] and c.get("tid", "") == tid),
            None,
        )
        if existing is not None:
            old = existing["status"]
            if old != status and (old, status) not in _ALLOWED:
                add_log(state, "postbacks", f"Status change from {old} to {status} is not allowed", jid)
                return
            if old != status:
                # API-NOTES §3.3: the conversions log keeps the status a postback overwrote in
                # ``previous_status`` (sale → rejected still shows it was a sale)
                existing["previous_status"] = old
            existing["status"] = status
            conversion = existing
        else:
            conversion_id = state.next_ids.get("conversion_id", 1)
            state.next_ids["conversion_id"] = conversion_id + 1
            conversion = {
                "conversion_id": conversion_id,
                "click_id": click["click_id"],
                "sub_id": subid,
                "campaign_id": click["campaign_id"],
                "_click_ts": click["_ts"],
                "tid": tid,
                "status": status,
                "previous_status": "",
                "revenue": 0.0,
                "cost": 0.0,
                "currency": "USD",
                "sale_ts": None,
            }
            state.conversions.append(conversion)
        conversion["_ts"] = now
        conversion["original_status"] = raw_status
        conversion["params"] = dict(params)
        if revenue is not None:
            conversion["revenue"] = revenue
        cost = _amount(params.get("cost", "")) if params.get("cost") else None
        if cost is not None:
            conversion["cost"] = cost
        if status in ("sale", "rebill"):
            conversion["sale_ts"] = now
        for number in range(1, 16):
            value = params.get(f"sub_id_{number}")
            if value is not None:
                click[f"sub_id_{number}"] = value
        add_log(state, "postbacks", f"Subid {subid} complete", jid)
