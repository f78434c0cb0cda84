"""Reports, clicks, conversions and logs; the incoming postback lives in ``postback.py``.

* ``traffic_data.py``    — seeded clicks/conversions (deterministic, last 14 days), labels, log lines
* ``traffic_query.py``   — ranges in a time zone, column values, the 21 filter operators, sorting
* ``traffic_reports.py`` — ``POST /report/build`` (one dialect per emulator, real aggregates)
* ``traffic_rows.py``    — ``/clicks/log``, ``/conversions/log``, ``/clicks/update_costs``,
  ``/clicks/clean``, ``/report/labels``
* ``traffic_logs.py``    — ``/logs/types``, ``/logs/{type}``
"""

from __future__ import annotations

from tests.fakes.keitaro_emulator import traffic_logs, traffic_reports, traffic_rows
from tests.fakes.keitaro_emulator.common import Route
from tests.fakes.keitaro_emulator.state import EmulatorState
from tests.fakes.keitaro_emulator.traffic_data import seed_traffic

__all__ = ["ROUTES", "seed"]


def seed(state: EmulatorState) -> None:
    """Clicks and conversions of the last 14 days, labels, log lines."""
    seed_traffic(state)


ROUTES: list[Route] = [*traffic_reports.ROUTES, *traffic_rows.ROUTES, *traffic_logs.ROUTES]
