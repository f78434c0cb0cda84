"""Is a postback verification still running? In one process: only if this process run started it
(after a restart the screen says "interrupted"). With several workers the screen may be shown by
another worker than the one verifying: alive while the verifier's stamp holds, interrupted after."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace
from typing import Any, cast

from handlers.postback.send import PROCESS_RUN, verification_alive

NOW = datetime(2030, 5, 6, 7, 8, 9, tzinfo=UTC)


def app(*, several: bool) -> Any:
    return cast(Any, SimpleNamespace(several_processes=several, clock=lambda: NOW))


def checking(run: str, alive_for: float) -> dict[str, Any]:
    return {"n": 1, "seconds": 2, "run": run, "alive_until": (NOW + timedelta(seconds=alive_for)).isoformat()}


def test_this_process_run_is_alive_whatever_the_stamp() -> None:
    assert verification_alive(app(several=False), checking(PROCESS_RUN, -100))
    assert verification_alive(app(several=True), checking(PROCESS_RUN, -100))


def test_one_process_another_run_is_interrupted() -> None:
    assert not verification_alive(app(several=False), checking("0ther", 60))


def test_several_processes_another_worker_is_alive_while_its_stamp_holds() -> None:
    assert verification_alive(app(several=True), checking("0ther", 60))
    assert not verification_alive(app(several=True), checking("0ther", -1))
    assert not verification_alive(app(several=True), {"n": 0, "seconds": 0, "run": "0ther"})
