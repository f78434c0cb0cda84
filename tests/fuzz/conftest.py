"""Fixtures and hypothesis profiles of the fuzz suite.

``FUZZ_EXAMPLES`` (default 10) is the number of generated inputs *per target*: per text step
(command arguments and forged callback data are not fuzzed yet). The CI profile is
derandomized (the same examples on every run); with ``FUZZ_EXAMPLES`` set above 10 the
examples are random (a long run looks for new failures; hypothesis keeps the failing ones in
``.hypothesis/``, which git ignores).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from tests.fuzz.world import World, new_world

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "10"))

settings.register_profile(
    "fuzz",
    max_examples=EXAMPLES,
    derandomize=EXAMPLES <= 10,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    database=None if EXAMPLES <= 10 else settings.default.database,
    print_blob=True,
)


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    w = new_world(Path(tmp_path_factory.mktemp("fuzz")))
    try:
        yield w
    finally:
        w.stop()
