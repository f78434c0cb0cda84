"""What the suite fuzzes, found in the bot itself (so a new step, command or dialog is fuzzed without
anyone adding it here), and how many hostile inputs each target gets.

* text steps: every window of every dialog that takes typed text (``world.text_states``);
* commands: every ``CommandSpec`` of every feature (``handlers.features.all_features``), aliases
  included, plus the deep link ``/start <payload>``;
* callback targets: every dialog (forged data pressed on its screens) and the buttons outside
  dialogs (``CallbackData`` factories: alert, silence, menu, unsubscribe buttons).

``FUZZ_EXAMPLES`` unset: 10 inputs per target (the CI run, derandomized). ``FUZZ_EXAMPLES=N``: N
hostile inputs in all, shared evenly by the targets (a long run, random; hypothesis keeps failing
examples in ``.hypothesis/``).
"""

from __future__ import annotations

import math
import os

from handlers.features import all_features, build_router
from tests.e2e.test_commands_anywhere import OPENERS
from tests.fuzz.world import text_states

STEPS = sorted(s.state for s in text_states(build_router()) if s.state is not None)
COMMANDS = sorted({n for f in all_features() for spec in f.commands for n in (spec.name, *spec.aliases)})
DEEP_LINK = "start-payload"
OUTSIDE = "outside-dialogs"
CALLBACK_TARGETS = [*sorted(g.__name__ for g in OPENERS), OUTSIDE]

PER_TARGET_CI = 10
_TOTAL = os.environ.get("FUZZ_EXAMPLES")
TARGETS = len(STEPS) + len(COMMANDS) + 1 + len(CALLBACK_TARGETS)
PER_TARGET = PER_TARGET_CI if not _TOTAL else max(1, math.ceil(int(_TOTAL) / TARGETS))
LONG_RUN = bool(_TOTAL)
