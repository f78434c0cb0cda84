"""What the bot spends its time on: cProfile summaries (by function, and own time by package) and
the SQL statements its database connection runs."""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bench.common import ROOT, table


def profile_summary(path: Path, limit: int = 18, sort: str = "tottime", prefix: str = "    ") -> str:
    """A cProfile summary: the top functions by ``sort``, as text."""
    import io
    import pstats

    buffer = io.StringIO()
    stats = pstats.Stats(str(path), stream=buffer)
    stats.strip_dirs().sort_stats(sort).print_stats(limit)
    text = buffer.getvalue()
    keep = text[text.find("   ncalls") :] if "   ncalls" in text else text
    head = [line for line in text.splitlines() if "function calls" in line]
    return "\n".join(prefix + line for line in [*head, *keep.rstrip().splitlines()])


def _bucket(filename: str, func: str) -> str:
    if filename == "~" or filename.startswith("<"):
        if "epoll" in func:
            return "(idle: waiting in epoll)"
        name = func.strip("{}").replace("built-in method ", "").replace("method ", "")
        return "C: " + name.replace(" objects", "").replace("' of '", " of ").replace("'", "")[:40]
    path = filename.replace("\\", "/")
    if "/site-packages/" in path:
        top = path.split("/site-packages/", 1)[1].split("/", 1)[0]
        return top.removesuffix(".py").split(".")[0]
    root = str(ROOT) + "/"
    if path.startswith(root):
        return "ours: " + path[len(root) :].split("/", 1)[0]
    if "/lib/python3" in path:
        rest = path.split("/lib/python3", 1)[1].split("/", 2)
        return "stdlib: " + (rest[1].removesuffix(".py") if len(rest) > 1 else "?")
    return "other"


def profile_by_package(path: Path, per: int) -> dict[str, float]:
    """Own time (ms) per ``per`` units (updates, ticks) grouped by package — buckets do not overlap,
    so they add up to the profiled total."""
    import pstats

    stats = pstats.Stats(str(path))
    out: dict[str, float] = {}
    for (filename, _line, func), (_cc, _nc, tottime, _ct, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        key = _bucket(filename, func)
        out[key] = out.get(key, 0.0) + tottime * 1000 / max(per, 1)
    return out


def profile_table(title: str, columns: dict[str, dict[str, float]], limit: int = 16) -> str:
    """Side-by-side own time per package for several profiles (``columns``: name -> buckets)."""
    names = list(columns)
    keys = sorted(
        {k for c in columns.values() for k in c}, key=lambda k: -max(c.get(k, 0.0) for c in columns.values())
    )
    rows = [[k, *[columns[n].get(k, 0.0) for n in names]] for k in keys[:limit]]
    rows.append(["total", *[sum(columns[n].values()) for n in names]])
    return table(title, ["package (own time)", *[f"{n} ms" for n in names]], rows)


async def trace_sql(app: Any, times: list[float] | None = None) -> list[str]:
    """Record every SQL statement the bot's connection runs from now on (aiosqlite's thread), and
    in ``times`` when each ran (``time.monotonic()``)."""
    statements: list[str] = []

    def record(sql: str) -> None:
        statements.append(sql)
        if times is not None:
            times.append(time.monotonic())

    conn = app.db.conn
    await conn._execute(conn._conn.set_trace_callback, record)
    return statements


def sql_kinds(statements: Sequence[str]) -> str:
    """'6: 2 reads, 4 in a write transaction' style summary."""
    reads = sum(1 for s in statements if s.lstrip().upper().startswith("SELECT"))
    begins = sum(1 for s in statements if s.lstrip().upper().startswith("BEGIN"))
    writes = len(statements) - reads
    return f"{len(statements)} ({reads} reads, {writes} writes incl. {begins} BEGIN…COMMIT)"
