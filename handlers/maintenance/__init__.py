"""/maintenance: maintenance windows that silence a tracker, a campaign or a rule for a while
(issue 19, part 3). The engine's side is :mod:`alerts.maintenance`."""

from handlers.feature import CommandSpec, Feature
from handlers.maintenance import dialog, screens

__all__ = ["FEATURE"]

FEATURE = Feature(
    "maintenance",
    commands=(CommandSpec("maintenance", dialog.cmd_maintenance),),
    dialogs=lambda: (screens.build_dialog(),),
)
