"""CSV files of log rows: the writer (pure) and the export that pages through a whole log and sends
the file to the chat, with a "⏳ building…" message edited into the outcome."""

from __future__ import annotations

import asyncio
import csv
import io
import logging
import re
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from typing import Any

from aiogram import Bot
from aiogram.types import BufferedInputFile

from handlers.traffic.common import plain_number
from handlers.ui import keitaro_error_key
from keitaro import errors as kerr

__all__ = ["MONEY_COLUMNS", "csv_bytes", "csv_name", "run_export"]

log = logging.getLogger(__name__)

MONEY_COLUMNS = frozenset({"revenue", "cost", "profit", "original_revenue"})
NUMBER_COLUMNS = MONEY_COLUMNS | frozenset({"conversion_id", "campaign_id", "offer_id", "click_id"})
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(name: str, value: Any) -> str:
    if name in NUMBER_COLUMNS or isinstance(value, int | float):
        return plain_number(value)
    if value is None:
        return ""
    if isinstance(value, dict | list):
        text = (
            ";".join(f"{k}={v}" for k, v in value.items())
            if isinstance(value, dict)
            else ",".join(str(x) for x in value)
        )
    else:
        text = str(value)
    # a value typed by whoever sent the traffic must not become a spreadsheet formula
    if text.startswith(_FORMULA_START):
        text = "'" + text
    return text


def csv_bytes(rows: Iterable[Mapping[str, Any]], columns: Sequence[str]) -> bytes:
    """UTF-8 CSV (with a byte-order mark, so spreadsheets read Cyrillic right): a header row of
    ``columns``, then one line per row; money and ids as plain numbers."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(name, row.get(name)) for name in columns])
    return buffer.getvalue().encode("utf-8-sig")


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
