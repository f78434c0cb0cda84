"""/costs: ad-network spend in, so ROI is real (issue 17, part 3)."""

from handlers.costs import dialog
from handlers.feature import CommandSpec, Feature

__all__ = ["FEATURE"]

FEATURE = Feature(
    "costs",
    commands=(CommandSpec("costs", dialog.cmd_costs),),
    dialogs=lambda: (dialog.build_dialog(),),
)
