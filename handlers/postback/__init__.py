"""The postback test: a guided conversation that sends a test conversion and verifies it."""

from handlers.feature import CommandSpec, Feature
from handlers.postback import dialog

__all__ = ["FEATURE"]

FEATURE = Feature(
    "postback",
    commands=(CommandSpec("postback", dialog.cmd_postback),),
    dialogs=lambda: (dialog.build_dialog(),),
)
