"""``python -m bench.profiled MODULE [ARGS]``: run MODULE as ``__main__`` (e.g. ``bot``, the real entry
point) with cProfile switched on by SIGUSR1 and off by SIGUSR2, which also writes the profile to
``$BENCH_PROFILE`` — so a benchmark profiles exactly its measured window, not the start-up.

cProfile sees the main thread only: time spent in aiosqlite's worker thread shows up as waiting.
"""

from __future__ import annotations

import cProfile
import os
import runpy
import signal
import sys
from types import FrameType

_profile = cProfile.Profile()


def _on(_signum: int, _frame: FrameType | None) -> None:
    _profile.enable()


def _off(_signum: int, _frame: FrameType | None) -> None:
    _profile.disable()
    _profile.dump_stats(os.environ["BENCH_PROFILE"])


if __name__ == "__main__":
    signal.signal(signal.SIGUSR1, _on)
    signal.signal(signal.SIGUSR2, _off)
    module = sys.argv[1]
    sys.argv = [module, *sys.argv[2:]]
    runpy.run_module(module, run_name="__main__", alter_sys=True)
