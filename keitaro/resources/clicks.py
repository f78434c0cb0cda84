"""Clicks: ``POST /clicks/log`` (with :meth:`ClicksResource.iter_log` paging), ``/clicks/update_costs``,
``/clicks/clean`` (destructive: deletes statistics)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from datetime import UTC, datetime
from typing import Any

from keitaro.models.traffic import ReportResult, Success
from keitaro.reports import LogQuery
from keitaro.resources.operations import Op, Resource

__all__ = ["ClicksResource", "LogPaging", "iter_rows"]


async def iter_rows(
    fetch: Callable[[dict[str, Any]], Awaitable[ReportResult]],
    body: Mapping[str, Any],
    *,
    page_size: int = 500,
    max_rows: int = 10_000,
) -> AsyncIterator[dict[str, Any]]:
    """Rows of a paged log: requests ``limit``/``offset`` pages of ``body`` until ``total`` is reached
    (or, when the tracker sends no ``total``, until a short page), at most ``max_rows`` rows (also
    bounded by the body's own ``limit``)."""
    if page_size < 1:
        raise ValueError("page_size must be at least 1")
    if max_rows < 0:
        raise ValueError("max_rows must not be negative")
    base = dict(body)
    if base.get("limit") is not None:
        max_rows = min(max_rows, int(base["limit"]))
    offset = int(base.get("offset") or 0)
    yielded = 0
    while yielded < max_rows:
        want = min(page_size, max_rows - yielded)
        page = await fetch({**base, "limit": want, "offset": offset})
        rows = page.rows
        for row in rows[: max_rows - yielded]:
            yield row
            yielded += 1
        offset += len(rows)
        if not rows:
            return
        if page.total is not None:
            if offset >= page.total:
                return
        elif len(rows) < want:
            return


class LogPaging(Resource):
    """``iter_log`` for the log resources (the subclass declares ``log``)."""

    log: Op

    async def iter_log(
        self,
        query: LogQuery | Mapping[str, Any],
        *,
        page_size: int = 500,
        max_rows: int = 10_000,
        now: datetime | None = None,
    ) -> AsyncIterator[dict[str, Any]]:
        """Every row of the log query, fetched ``page_size`` rows at a time (the range is resolved
        once, so all pages cover the same period), at most ``max_rows``."""
        body = query.to_json(now=now or datetime.now(UTC)) if isinstance(query, LogQuery) else dict(query)

        async def fetch(page: dict[str, Any]) -> ReportResult:
            result: ReportResult = await self.log(json=page)
            return result

        async for row in iter_rows(fetch, body, page_size=page_size, max_rows=max_rows):
            yield row


class ClicksResource(LogPaging):
    name = "clicks"

    log = Op("POST", "/clicks/log", returns=ReportResult, body=True, idempotent=True)
    update_costs = Op("POST", "/clicks/update_costs", returns=Success, body=True)
    clean = Op("POST", "/clicks/clean", returns=Success, body=True)
