"""Looking clicks up and proving whether Keitaro recorded a test postback.

Keitaro answers a postback before it processes it, so the answer alone proves nothing. After the
send we poll the conversions log (filtered by the click's sub_id) and the ``postbacks`` log until
the conversion shows up changed or new, or the log says why it was refused, or time runs out.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from keitaro import DateRange, Filter, KeitaroClient, LogQuery, Sort
from keitaro.masking import mask_in_data, mask_in_text
from keitaro.models.traffic import LogEntry, ReportResult

LOOKBACK_DAYS = 30
CLICK_COLUMNS = ["sub_id", "datetime", "campaign_id", "campaign", "offer", "country"]
LIVE_WINDOW = timedelta(hours=1)
"""A campaign has live traffic when it had a click in the last hour (the test-card warning)."""
CONVERSION_COLUMNS = [
    "conversion_id", "sub_id", "tid", "status", "previous_status", "revenue", "currency",
    "campaign", "offer", "postback_datetime",
]  # fmt: skip

# wording of Keitaro's ``postbacks`` log → the reason we report
REASONS = (
    ("subid not found", "subid"),
    ("unknown status", "status"),
    ("is not allowed", "transition"),
    ("is ignored", "ignored"),
    ("incorrect postback code", "key"),
)


@dataclass
class Click:
    sub_id: str
    when: str = ""
    campaign: str = ""
    offer: str = ""
    country: str = ""
    campaign_id: int | None = None


@dataclass
class Verdict:
    """``kind``: recorded | refused | no_trace. JSON-able (kept in dialog data)."""

    kind: str
    reason: str = ""  # subid | status | transition | ignored | key
    log_line: str = ""  # the tracker's own words, key masked
    conversion: dict[str, Any] = field(default_factory=dict)
    checks: int = 0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _range(timezone: str, now: datetime) -> DateRange:
    """The last 30 days up to today in the tracker's zone, ``now`` being the app's clock."""
    today = now.astimezone(ZoneInfo(timezone)).date()
    return DateRange.model_validate({"from": today - timedelta(days=LOOKBACK_DAYS), "to": today})


def _click(row: dict[str, Any]) -> Click:
    return Click(
        sub_id=str(row.get("sub_id") or ""),
        when=str(row.get("datetime") or ""),
        campaign=str(row.get("campaign") or ""),
        offer=str(row.get("offer") or ""),
        country=str(row.get("country") or ""),
        campaign_id=_int_or_none(row.get("campaign_id")),
    )


def _int_or_none(value: Any) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


async def live_clicks(client: KeitaroClient, campaign_id: int, timezone: str, now: datetime) -> int:
    """Clicks of the campaign in the last hour before ``now``: one clicks-log call for one row,
    its ``total`` is the count (a tracker that sends no ``total`` gives 0 or 1)."""
    local = now.astimezone(ZoneInfo(timezone)).replace(tzinfo=None, microsecond=0)
    query = LogQuery(
        range=DateRange.model_validate({"from": local - LIVE_WINDOW, "to": local}),
        timezone=timezone,
        columns=["datetime"],
        filters=[Filter.where("campaign_id", "EQUALS", campaign_id)],
        limit=1,
    )
    result = ReportResult.model_validate(await client.clicks.log(json=query.to_json(now=now)))
    return result.total if result.total is not None else len(result.rows)


async def find_click(client: KeitaroClient, click_id: str, timezone: str, now: datetime) -> Click | None:
    """The click with this sub_id in the last 30 days before ``now``, or None."""
    query = LogQuery(
        range=_range(timezone, now),
        timezone=timezone,
        columns=CLICK_COLUMNS,
        filters=[Filter.where("sub_id", "EQUALS", click_id)],
        limit=1,
    )
    result = ReportResult.model_validate(await client.clicks.log(json=query.to_json(now=now)))
    return _click(result.rows[0]) if result.rows else None


async def recent_clicks(client: KeitaroClient, timezone: str, now: datetime, limit: int = 8) -> list[Click]:
    query = LogQuery(
        range="today",
        timezone=timezone,
        columns=CLICK_COLUMNS,
        sort=[Sort(name="datetime", order="DESC")],
        limit=limit,
    )
    result = ReportResult.model_validate(await client.clicks.log(json=query.to_json(now=now)))
    if not result.rows:  # quiet tracker: look further back
        query = query.model_copy(update={"range": _range(timezone, now)})
        result = ReportResult.model_validate(await client.clicks.log(json=query.to_json(now=now)))
    return [_click(row) for row in result.rows if row.get("sub_id")]


def _conversion_query(click_id: str, tid: str | None, timezone: str, now: datetime) -> dict[str, Any]:
    filters = [Filter.where("sub_id", "EQUALS", click_id)]
    if tid:
        filters.append(Filter.where("tid", "EQUALS", tid))
    return LogQuery(
        range=_range(timezone, now), timezone=timezone, columns=CONVERSION_COLUMNS, filters=filters, limit=50
    ).to_json(now=now)


def _fingerprint(row: dict[str, Any]) -> list[Any]:
    return [row.get("status"), row.get("revenue"), row.get("postback_datetime"), row.get("previous_status")]


class Verifier:
    """One verification: baseline before the send, then polls. ``details`` collects the envelopes
    of every call (keys masked) for the Details view. ``clock``: the app's clock (which days the
    conversions log is asked for)."""

    def __init__(
        self,
        client: KeitaroClient,
        *,
        click_id: str,
        tid: str | None,
        status: str,
        timezone: str,
        secrets: list[str],
        clock: Callable[[], datetime],
    ) -> None:
        self.client = client
        self.click_id = click_id
        self.tid = tid
        self.status = status
        self.timezone = timezone
        self.secrets = secrets
        self.clock = clock
        self.baseline: dict[str, list[Any]] = {}
        self.details: list[dict[str, Any]] = []

    def _keep(self, envelope: Any) -> Any:
        data = mask_in_data(envelope.model_dump(mode="json"), self.secrets)
        if isinstance(data.get("data"), dict) and isinstance(data["data"].get("rows"), list):
            data["data"]["rows"] = data["data"]["rows"][:10]
        if isinstance(data.get("data"), list):
            data["data"] = data["data"][-15:]
        self.details.append(data)
        return envelope

    async def _conversions(self) -> list[dict[str, Any]] | None:
        envelope = self._keep(
            await self.client.conversions.log.envelope(
                json=_conversion_query(self.click_id, self.tid, self.timezone, self.clock())
            )
        )
        if not envelope.success:
            return None
        return ReportResult.model_validate(envelope.data).rows

    async def take_baseline(self) -> None:
        rows = await self._conversions() or []
        self.baseline = {str(r.get("conversion_id") or i): _fingerprint(r) for i, r in enumerate(rows)}

    def _recorded(self, rows: list[dict[str, Any]]) -> dict[str, Any] | None:
        for i, row in enumerate(rows):
            key = str(row.get("conversion_id") or i)
            if self.baseline.get(key) != _fingerprint(row) and str(row.get("status")) == self.status:
                return row
        return None

    async def _refusal(self) -> tuple[str, str] | None:
        lines = await self.client.logs.read.envelope("postbacks", limit=100, query=self.click_id)
        self._keep(lines)
        if not lines.success or not isinstance(lines.data, list):
            return None
        entries = [LogEntry.model_validate(x) for x in lines.data if isinstance(x, dict)]
        jids = {e.jid for e in entries if e.jid}
        if jids:  # lines of the same jobs that do not repeat the sub_id ("Unknown status …")
            everything = await self.client.logs.read.envelope("postbacks", limit=300)
            if everything.success and isinstance(everything.data, list):
                entries = [LogEntry.model_validate(x) for x in everything.data if isinstance(x, dict)]
                entries = [e for e in entries if e.jid in jids or self.click_id in e.message]
        latest_job = entries[-1].jid if entries else None
        for entry in reversed(entries):
            if latest_job and entry.jid != latest_job:
                continue
            text = entry.message.lower()
            for needle, reason in REASONS:
                if needle in text:
                    return reason, mask_in_text(entry.message, self.secrets)[:300]
        return None

    async def run(
        self,
        *,
        timeout: float,
        interval: float,
        on_progress: Callable[[int, float], Awaitable[None]] | None = None,
    ) -> Verdict:
        started = time.monotonic()
        checks = 0
        while True:
            checks += 1
            rows = await self._conversions()
            if rows:
                found = self._recorded(rows)
                if found is not None:
                    return Verdict("recorded", conversion=found, checks=checks)
            refusal = await self._refusal()
            if refusal is not None:
                return Verdict("refused", reason=refusal[0], log_line=refusal[1], checks=checks)
            elapsed = time.monotonic() - started
            if elapsed + interval > timeout:
                return Verdict("no_trace", checks=checks)
            if on_progress is not None:
                await on_progress(checks, elapsed)
            await asyncio.sleep(interval)
