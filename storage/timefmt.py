"""The one timestamp format of the database: ISO-8601 UTC with milliseconds and ``Z``
(``2026-11-26T03:00:00.123Z``, the same as the schema's defaults), so values compare as text."""

from __future__ import annotations

from datetime import UTC, datetime

__all__ = ["from_iso", "to_iso"]


def to_iso(moment: datetime) -> str:
    """``2026-11-26T03:00:00.123Z``: UTC, milliseconds (naive values are taken as UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    text = moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")
    return text[:-3] + "Z"


def from_iso(text: str) -> datetime:
    """An aware UTC datetime from an ISO-8601 string (``Z`` or an offset; naive = UTC)."""
    value = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC)
