"""Fixtures and hypothesis profiles of the fuzz suite.

``FUZZ_EXAMPLES`` counts hostile inputs: unset, each target (text step, command, callback target;
see ``tests/fuzz/targets.py``) gets 10 and the examples are derandomized (the CI run: the same
examples every time); ``FUZZ_EXAMPLES=10000`` sends 10,000 inputs in all, shared evenly by the
targets, at random (hypothesis keeps the failing ones in ``.hypothesis/``, which git ignores).
The run ends with a line counting the inputs sent and the internal errors seen.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from tests.fuzz.targets import LONG_RUN, PER_TARGET, TARGETS
from tests.fuzz.world import COUNTS, World, new_world

settings.register_profile(
    "fuzz",
    max_examples=PER_TARGET,
    derandomize=not LONG_RUN,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    database=settings.default.database if LONG_RUN else None,
    print_blob=True,
)


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    w = new_world(Path(tmp_path_factory.mktemp("fuzz")))
    try:
        yield w
    finally:
        w.stop()


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if COUNTS["inputs"]:
        terminalreporter.write_line(
            f"fuzz: {COUNTS['inputs']} hostile inputs sent ({PER_TARGET} per target, {TARGETS} targets), "
            f"{COUNTS['problems']} with an internal error or a reply Telegram refused"
        )
