"""Reports, clicks, conversions, logs and the incoming postback (``/<key>/postback``)."""

from __future__ import annotations

from tests.fakes.keitaro_emulator.common import Route
from tests.fakes.keitaro_emulator.state import EmulatorState

__all__ = ["ROUTES", "seed"]


def seed(state: EmulatorState) -> None:
    """Put this group's realistic starting data into ``state``."""


ROUTES: list[Route] = []
