"""Processes of the benchmarks: the bot (``python -m bot``) and the bare baselines as children, the
Keitaro emulator in a process of its own, and their CPU time and memory from /proc."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.common import ROOT, SECRET_KEY, free_port
from tests.fakes.telegram import FakeTelegram

CLK_TCK = os.sysconf("SC_CLK_TCK")


# ---------------------------------------------------------------- /proc


def proc_cpu(pid: int) -> float:
    """CPU seconds (user + system, all threads) used so far by a process."""
    raw = Path(f"/proc/{pid}/stat").read_text()
    fields = raw[raw.rindex(")") + 2 :].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


def proc_mem(pid: int) -> dict[str, float]:
    """VmRSS and VmHWM (peak) of a process in MiB."""
    out: dict[str, float] = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            out[key] = int(value.split()[0]) / 1024
    return out


# ---------------------------------------------------------------- processes


@dataclass
class Proc:
    """A bot (ours or the bare baseline) running in its own process."""

    name: str
    proc: asyncio.subprocess.Process
    started_at: float
    log_path: Path

    @property
    def pid(self) -> int:
        return self.proc.pid

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def profile_on(self) -> None:
        self.proc.send_signal(signal.SIGUSR1)

    def profile_off(self) -> None:
        self.proc.send_signal(signal.SIGUSR2)

    async def stop(self, timeout: float = 40.0) -> int:
        if self.proc.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                self.proc.send_signal(signal.SIGTERM)
            try:
                await asyncio.wait_for(self.proc.wait(), timeout)
            except TimeoutError:
                self.proc.kill()
                await self.proc.wait()
        return int(self.proc.returncode or 0)


def bot_env(tg: FakeTelegram, db_path: Path, **extra: str) -> dict[str, str]:
    """The environment `python -m bot` gets (like tests/e2e/test_runtime.py starts it)."""
    drop = {"BOT_TOKEN", "ALLOWED_USER_IDS", "ADMIN_IDS", "WEBHOOK_URL", "WEBHOOK_SECRET", "SECRET_KEY"}
    env = {k: v for k, v in os.environ.items() if k not in drop}
    env.update(
        BOT_TOKEN=tg.token,
        TELEGRAM_API_URL=tg.url,
        DATABASE_PATH=str(db_path),
        SECRET_KEY=SECRET_KEY,
        HTTP_HOST="127.0.0.1",
        HTTP_PORT=str(free_port()),
        LOG_LEVEL="INFO",
        ALLOW_PRIVATE_TRACKER_ADDRESSES="true",
        PYTHONPATH=str(ROOT),
    )
    env.update(extra)
    return env


async def spawn(name: str, args: Sequence[str], env: dict[str, str], cwd: Path) -> Proc:
    log_path = cwd / f"{name}.log"
    with log_path.open("wb") as log:
        started = time.monotonic()
        proc = await asyncio.create_subprocess_exec(
            sys.executable, *args, cwd=cwd, env=env, stdout=log, stderr=log, stdin=asyncio.subprocess.DEVNULL
        )
    return Proc(name, proc, started, log_path)


async def spawn_bot(
    tg: FakeTelegram, db_path: Path, cwd: Path, *, profile: Path | None = None, **env: str
) -> Proc:
    """The real bot: ``python -m bot``; with ``profile``, through ``bench.profiled`` (cProfile
    switched on and off by :meth:`Proc.profile_on` / :meth:`Proc.profile_off`)."""
    if profile is None:
        return await spawn("bot", ["-m", "bot"], bot_env(tg, db_path, **env), cwd)
    env["BENCH_PROFILE"] = str(profile)
    return await spawn("bot-profiled", ["-m", "bench.profiled", "bot"], bot_env(tg, db_path, **env), cwd)


async def spawn_bare(tg: FakeTelegram, cwd: Path, mode: str = "echo", **env: str) -> Proc:
    """The baseline: a bare aiogram bot (bench/bare_bot.py)."""
    return await spawn(
        f"bare-{mode}", ["-m", "bench.bare_bot", mode], bot_env(tg, cwd / "unused.db", **env), cwd
    )


async def wait_listening(tg: FakeTelegram, proc: Proc, timeout: float = 60.0) -> None:
    """Until the process parks a getUpdates long poll (it is ready for updates)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if tg._pollers > 0:
            return
        if proc.proc.returncode is not None:
            raise RuntimeError(f"{proc.name} exited with {proc.proc.returncode}:\n{proc.log_tail()}")
        await asyncio.sleep(0.01)
    raise RuntimeError(f"{proc.name} did not start polling within {timeout}s:\n{proc.log_tail()}")


# ---------------------------------------------------------------- the emulator in a process of its own


@dataclass
class EmulatorProcess:
    """``bench.emulator_child``: ``url`` (admin URL), ``base``, and its control endpoints."""

    proc: asyncio.subprocess.Process
    url: str
    base: str
    control: str

    async def stats(self) -> dict[str, Any]:
        import httpx

        async with httpx.AsyncClient() as client:
            return dict((await client.get(self.control + "/stats", timeout=30)).json())

    async def reset(self) -> None:
        import httpx

        async with httpx.AsyncClient() as client:
            await client.post(self.control + "/reset", timeout=30)

    async def stop(self) -> None:
        if self.proc.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                self.proc.send_signal(signal.SIGTERM)
            try:
                await asyncio.wait_for(self.proc.wait(), 10)
            except TimeoutError:
                self.proc.kill()
                await self.proc.wait()

    @property
    def pid(self) -> int:
        return self.proc.pid


async def start_emulator_process(keys: int) -> EmulatorProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bench.emulator_child",
        str(keys),
        cwd=ROOT,
        env=env,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
    )
    assert proc.stdout is not None
    line = await asyncio.wait_for(proc.stdout.readline(), 60)
    if not line:
        await proc.wait()
        raise RuntimeError(f"the emulator process exited with {proc.returncode}")
    info = json.loads(line)
    return EmulatorProcess(proc, info["url"], info["base"], info["control"])
