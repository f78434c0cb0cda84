"""``python -m bot`` as a child process of a test, its output in a file of the test's folder."""

from __future__ import annotations

import asyncio
import contextlib
import signal
import sys
from pathlib import Path

from tests.e2e.helpers import bot_process_env

START_SECONDS = 120.0  # a cold `python -m bot` imports aiogram: seconds each on a busy 2-core machine


class BotProcess:
    def __init__(self, tmp_path: Path, name: str = "bot", **env: str) -> None:
        self.tmp_path = tmp_path
        self.log_path = tmp_path / f"{name}.log"
        self.env = bot_process_env(tmp_path, **env)
        self.proc: asyncio.subprocess.Process | None = None

    @property
    def pid(self) -> int:
        assert self.proc is not None
        return self.proc.pid

    async def start(self) -> BotProcess:
        with self.log_path.open("ab") as log:
            self.proc = await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                "bot",
                cwd=self.tmp_path,
                env=self.env,
                stdout=log,
                stderr=log,
                stdin=asyncio.subprocess.DEVNULL,
            )
        return self

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    async def wait(self, timeout: float = 60) -> int:
        assert self.proc is not None
        return await asyncio.wait_for(self.proc.wait(), timeout)

    async def stop(self, sig: int = signal.SIGTERM, timeout: float = 90) -> int:
        """Signal it and wait for its exit code (killed if it does not stop in time)."""
        assert self.proc is not None
        if self.proc.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                self.proc.send_signal(sig)
            try:
                await asyncio.wait_for(self.proc.wait(), timeout)
            except TimeoutError:
                self.proc.kill()
                await self.proc.wait()
                tail = self.log()[-3000:]
                raise AssertionError(f"{self.log_path.name} did not stop in {timeout}s:\n{tail}") from None
        assert self.proc.returncode is not None
        return self.proc.returncode

    async def kill9(self) -> None:
        assert self.proc is not None
        self.proc.send_signal(signal.SIGKILL)
        await self.proc.wait()
