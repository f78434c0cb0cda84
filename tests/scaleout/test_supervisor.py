"""The supervisor of ``WORKERS`` > 1 when things go wrong: a worker that cannot start at the first start
stops everything (exit 1, the worker's one line says why); a supervisor killed with ``-9`` leaves no
worker behind (each notices and stops by itself)."""

from __future__ import annotations

import signal
import socket
from pathlib import Path

import pytest

from tests.conftest import SECRET_KEY, free_port
from tests.e2e.helpers import wait_until
from tests.fakes.telegram import FakeTelegram
from tests.scaleout.processes import BotProcess
from tests.scaleout.test_webhook_workers import healthz_workers


def scaleout_env(tg: FakeTelegram, pg_url: str, redis_url: str, port: int, workers: int) -> dict[str, str]:
    return {
        "BOT_TOKEN": tg.token,
        "TELEGRAM_API_URL": tg.url,
        "DATABASE_URL": pg_url,
        "REDIS_URL": redis_url,
        "WORKERS": str(workers),
        "WEBHOOK_URL": f"http://127.0.0.1:{port}/tg/hook",
        "HTTP_PORT": str(port),
        "SECRET_KEY": SECRET_KEY,
    }


def gone(pid: int) -> bool:
    """No such process, or a zombie nobody reaped yet (it runs nothing)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return True
    return state == "Z"


@pytest.mark.timeout(300)
async def test_a_worker_that_cannot_start_stops_them_all(
    tg: FakeTelegram, tmp_path: Path, pg_url: str, redis_url: str
) -> None:
    with socket.socket() as taken:  # the port is someone else's (no SO_REUSEPORT)
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        bot = await BotProcess(tmp_path, "workers", **scaleout_env(tg, pg_url, redis_url, port, 2)).start()
        code = await bot.wait(timeout=240)
    log = bot.log()
    assert code == 1, log[-3000:]
    assert f"Cannot start: cannot listen on HTTP_HOST:HTTP_PORT (127.0.0.1:{port}): " in log
    assert "could not start: stopping every worker" in log
    assert "Traceback" not in log, log[-3000:]


@pytest.mark.timeout(300)
async def test_workers_stop_when_their_supervisor_is_killed(
    tg: FakeTelegram, tmp_path: Path, pg_url: str, redis_url: str
) -> None:
    port = free_port()
    bot = await BotProcess(tmp_path, "workers", **scaleout_env(tg, pg_url, redis_url, port, 2)).start()
    try:
        workers = await healthz_workers(port, 2)
    except BaseException:
        await bot.stop(signal.SIGTERM)
        raise
    await bot.kill9()
    await wait_until(
        lambda: all(gone(pid) for pid in workers.values()), timeout=60, what="the workers to stop"
    )
    assert "the supervisor (pid" in bot.log() and "is gone: stopping" in bot.log()
