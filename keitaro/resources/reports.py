"""Reports: ``POST /report/build``, ``GET``/``POST /report/labels``, and :meth:`ReportsResource.run`
for :class:`~keitaro.reports.ReportQuery` with dialect detection."""

from __future__ import annotations

import logging
import re
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

from keitaro.errors import KeitaroError
from keitaro.models.traffic import ReportResult, Success
from keitaro.reports import ReportDialect, ReportQuery
from keitaro.resources.base import Requester
from keitaro.resources.operations import Op, Resource

__all__ = ["FIRST_DIALECT", "ReportsResource", "is_dialect_error"]

logger = logging.getLogger("keitaro")

FIRST_DIALECT = ReportDialect.GROUPING
"""Tried first while a client does not know its tracker's dialect (the 2022 API's names)."""


_DIALECT_STATUSES = frozenset({400, 406, 422})


def is_dialect_error(error: KeitaroError, dialect: ReportDialect) -> bool:
    """Whether ``error`` is a tracker refusing the key names of ``dialect`` (a 400/406/422 whose
    message or field names mention ``grouping``/``metrics`` resp. ``dimensions``/``measures``)."""
    if error.http_status not in _DIALECT_STATUSES:
        return False
    pattern = re.compile(r"\b(" + "|".join(dialect.keys) + r")\b", re.IGNORECASE)
    texts = [error.message, str(error.response_data or "")]
    fields = getattr(error, "fields", None)
    if isinstance(fields, dict):
        texts.extend(fields)
    return any(pattern.search(text) for text in texts)


class ReportsResource(Resource):
    name = "reports"

    build = Op("POST", "/report/build", returns=ReportResult, body=True, idempotent=True)
    labels = Op("GET", "/report/labels", required_query=("campaign_id", "label_name", "ref_name"))
    update_labels = Op("POST", "/report/labels", returns=Success, body=True)

    def __init__(self, client: Requester) -> None:
        super().__init__(client)
        self._dialect: ReportDialect | None = None
        # called with the dialect a report found when it differs from the one known before (to
        # persist it per tracker); a failure to save is the caller's to handle
        self.on_dialect: Callable[[ReportDialect], Awaitable[None]] | None = None

    @property
    def dialect(self) -> ReportDialect | None:
        """The report dialect of this client's tracker: ``None`` until the first :meth:`run` finds
        it. Persist it per tracker and set it on a new client (``"grouping"``/``"dimensions"`` or a
        :class:`ReportDialect`) to skip detection."""
        return self._dialect

    @dialect.setter
    def dialect(self, value: ReportDialect | str | None) -> None:
        self._dialect = ReportDialect(value) if value is not None else None

    async def found(self, dialect: ReportDialect) -> None:
        """Take a dialect a guarded view of this client found (and pass it to :attr:`on_dialect`)."""
        self.dialect = dialect
        if self.on_dialect is not None:
            await self.on_dialect(dialect)

    async def run(self, query: ReportQuery, *, now: datetime | None = None) -> ReportResult:
        """Build the report (see :meth:`_run`); a dialect found that differs from the one known
        before goes to :attr:`on_dialect`."""
        before = self._dialect
        try:
            return await self._run(query, now=now)
        finally:
            found = self._dialect
            if found is not None and found != before and self.on_dialect is not None:
                await self.on_dialect(found)

    async def _run(self, query: ReportQuery, *, now: datetime | None = None) -> ReportResult:
        """Build the report. The dialect is :attr:`dialect` when known, else :data:`FIRST_DIALECT`;
        when the tracker refuses that dialect's key names the query is sent once more in the other
        dialect, and whichever the tracker took is remembered in :attr:`dialect`."""
        now = now or datetime.now(UTC)
        first = self.dialect or FIRST_DIALECT
        try:
            result: ReportResult = await self.build(json=query.to_json(first, now=now))
        except KeitaroError as error:
            if not is_dialect_error(error, first):
                raise
            second = first.other
            logger.debug("report/build refused the %s dialect, trying %s", first.value, second.value)
            try:
                result = await self.build(json=query.to_json(second, now=now))
            except KeitaroError as retry_error:
                if is_dialect_error(retry_error, second):
                    raise error from None  # neither dialect is the problem: report the first answer
                self.dialect = second
                raise
            self.dialect = second
            return result
        self.dialect = first
        return result
