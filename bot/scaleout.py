"""Start-up rules and checks of the scale-out mode (PostgreSQL, Redis, several webhook workers).

* :func:`refusal` — what ``WORKERS`` > 1 needs (PostgreSQL, Redis, a webhook), said in one line.
* :func:`secrets_of` — the parts of ``DATABASE_URL`` / ``REDIS_URL`` no log line may show.
* :func:`open_database` — the database opened (and migrated); an unreachable PostgreSQL server is a
  :class:`StartupError` naming it (without its password), not a traceback.
* :func:`check_redis` — ``REDIS_URL`` answers ``PING``.
"""

from __future__ import annotations

import os

from bot.redis_state import RedisClient
from bot.settings import Settings, masked_url, url_passwords
from bot.startup import StartupError
from bot.transfer import problem  # the words `migrate` and `check` use for the same failures
from storage import Database

__all__ = [
    "CANNOT_START",
    "WORKER_ENV",
    "check_redis",
    "open_database",
    "refusal",
    "secrets_of",
    "worker_index",
]

WORKER_ENV = "KEITARO_BOT_WORKER"  # set by the supervisor (bot/workers.py) for its children: 0, 1, …
CANNOT_START = 3  # a worker's exit code after "Cannot start: …" (1 could be any crash's)


def worker_index() -> int | None:
    """This process's worker number when the supervisor started it, else None."""
    raw = os.environ.get(WORKER_ENV, "")
    return int(raw) if raw.isdigit() else None


def refusal(settings: Settings) -> str | None:
    """Why ``WORKERS`` cannot be what it is (one line, what to set), or None."""
    n = settings.workers
    if n <= 1:
        return None
    needs = []
    if settings.redis_url is None:
        needs.append(
            "REDIS_URL (each worker would keep its own dialog states and their dialog states would "
            "disagree: set REDIS_URL=redis://host:6379/0)"
        )
    if settings.database_url is None:
        needs.append(
            "DATABASE_URL (several processes cannot share a SQLite database: set "
            "DATABASE_URL=postgresql://user:password@host:5432/db)"
        )
    if not settings.webhook_url:
        needs.append("a webhook (polling is one process: set WEBHOOK_URL or WORKERS=1)")
    if not needs:
        return None
    return f"WORKERS={n} needs " + "; and ".join(needs) + ". Or set WORKERS=1."


def secrets_of(url: str | None) -> list[str]:
    """The URL and its password (as written and decoded), for the log redactor."""
    return [url, *sorted(url_passwords(url))] if url else []


def _reason(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


async def open_database(db: Database, settings: Settings) -> None:
    """Open and migrate ``db``; on PostgreSQL a failure is one line naming the server."""
    if db.dialect != "postgres":
        await db.open()  # SQLite: as it always was
        return
    assert settings.database_url is not None
    try:
        await db.open()
    except Exception as exc:
        where = masked_url(settings.database_url.get_secret_value())
        raise StartupError(f"cannot use the PostgreSQL database {where}: {problem(exc)}") from None


async def check_redis(client: RedisClient, settings: Settings) -> None:
    assert settings.redis_url is not None
    try:
        await client.ping()
    except Exception as exc:
        where = masked_url(settings.redis_url.get_secret_value())
        raise StartupError(
            f"Redis at {where} does not answer ({_reason(exc)}): check REDIS_URL and that the server runs"
        ) from None
