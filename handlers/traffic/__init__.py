"""/conversions and /clicks: the raw conversion and click logs of the active tracker."""

from handlers.feature import CommandSpec, Feature
from handlers.traffic import clicks, conversions

__all__ = ["FEATURE"]

FEATURE = Feature(
    "traffic",
    commands=(
        CommandSpec("conversions", conversions.cmd_conversions),
        CommandSpec("clicks", clicks.cmd_clicks),
    ),
    dialogs=lambda: (conversions.build_dialog(), clicks.build_dialog()),
)
