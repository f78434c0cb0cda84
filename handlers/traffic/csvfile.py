"""CSV files of log rows: their cells (pure) and the export that pages through a whole log and sends
the file to the chat, with a "⏳ building…" message edited into the outcome."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from aiogram import Bot
from aiogram.types import BufferedInputFile

from handlers.csv_writer import Cell
from handlers.csv_writer import csv_bytes as write_csv
from handlers.ui import keitaro_error_key
from keitaro import errors as kerr

__all__ = ["MONEY_COLUMNS", "csv_bytes", "csv_name", "run_export"]

log = logging.getLogger(__name__)

MONEY_COLUMNS = frozenset({"revenue", "cost", "profit", "original_revenue"})
NUMBER_COLUMNS = MONEY_COLUMNS | frozenset({"conversion_id", "campaign_id", "offer_id", "click_id"})


def _cell(name: str, value: Any) -> Cell:
    if isinstance(value, int | float | Decimal):
        return value
    if isinstance(value, dict):
        return ";".join(f"{k}={v}" for k, v in value.items())
    if isinstance(value, list):
        return ",".join(str(x) for x in value)
    if value is None:
        return None
    text = str(value)
    if name in NUMBER_COLUMNS:  # Keitaro sends some numbers as strings: a number stays a number
        with contextlib.suppress(InvalidOperation):
            number = Decimal(text.strip())
            if number.is_finite():
                return number
    return text


def csv_bytes(rows: Iterable[Mapping[str, Any]], columns: Sequence[str]) -> bytes:
    """A header row of ``columns``, then one line per row (see :mod:`handlers.csv_writer`); money
    and ids as plain numbers, lists and objects as one text cell."""
    return write_csv(columns, ([_cell(name, row.get(name)) for name in columns] for row in rows))


def csv_name(kind: str, tracker: str, first: str, last: str) -> str:
    """``conversions-<tracker>-<from>_<to>.csv`` with a file-name-safe tracker name."""
    slug = re.sub(r"[^\w-]+", "-", tracker, flags=re.UNICODE).strip("-_")[:40] or "tracker"
    return f"{kind}-{slug}-{first}_{last}.csv"


_RUNNING: dict[int, asyncio.Task[None]] = {}


def busy(user_id: int) -> bool:
    return user_id in _RUNNING


Texts = Callable[[str, dict[str, Any]], str]
"""(locale key, arguments) → text in the user's language."""


def run_export(
    *,
    bot: Bot,
    chat_id: int,
    user_id: int,
    status_message_id: int,
    fetch: Callable[[], Awaitable[tuple[list[dict[str, Any]], bool]]],
    columns: Sequence[str],
    file_name: str,
    texts: Texts,
    tracker: str,
    caption: tuple[str, dict[str, Any]],
    cap: int,
) -> None:
    """Build the file in the background (the user can keep using the bot) and send it; the
    "building…" message becomes the outcome: done with the row count, nothing to export, or the
    one-sentence error."""

    async def job() -> None:
        try:
            rows, capped = await fetch()
            if not rows:
                await bot.edit_message_text(
                    texts("cv-csv-empty", {}), chat_id=chat_id, message_id=status_message_id
                )
                return
            data = csv_bytes(rows, columns)
            key, args = caption
            text = texts(key, {**args, "count": len(rows)})
            if capped:
                text += "\n" + texts("cv-csv-capped", {"max": cap})
            await bot.send_document(chat_id, BufferedInputFile(data, filename=file_name), caption=text)
            await bot.edit_message_text(
                texts("cv-csv-done", {"count": len(rows)}), chat_id=chat_id, message_id=status_message_id
            )
        except asyncio.CancelledError:
            raise
        except Exception as err:
            if not isinstance(err, kerr.KeitaroError):
                log.exception("CSV export failed")
            key, args = keitaro_error_key(err)
            try:
                await bot.edit_message_text(
                    texts(key, {"tracker": tracker, **args}), chat_id=chat_id, message_id=status_message_id
                )
            except Exception:
                log.warning("could not report a failed CSV export", exc_info=True)
        finally:
            _RUNNING.pop(user_id, None)

    _RUNNING[user_id] = asyncio.get_running_loop().create_task(job())


async def collect(rows: Any, *, cap: int, key: str = "conversion_id") -> tuple[list[dict[str, Any]], bool]:
    """Up to ``cap`` rows of an async row iterator (asked for ``cap + 1``), without repeats of
    ``key`` (a row inserted while paging shifts the next page by one); True when more existed."""
    out: list[dict[str, Any]] = []
    seen: set[Any] = set()
    async for row in rows:
        ident = row.get(key)
        if ident is not None:
            if ident in seen:
                continue
            seen.add(ident)
        out.append(row)
    return out[:cap], len(out) > cap
