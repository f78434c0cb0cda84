"""Numbers: /stats (reports with tables, CSV, charts, saved setups) and the pieces /conversions,
/clicks and /logs share (ranges in the tracker's time zone, headers, CSV files)."""

from handlers.feature import CommandSpec, Feature
from handlers.reports import dialog

__all__ = ["FEATURE"]

FEATURE = Feature(
    "stats", commands=(CommandSpec("stats", dialog.cmd_stats),), dialogs=lambda: (dialog.build_dialog(),)
)
