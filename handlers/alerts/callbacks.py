"""Callback data of the buttons under alert messages and /silences (well below 64 bytes)."""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData

from handlers.input import DbInt

# actions on an alert message
ACK = "ack"
SNOOZE_1H = "s1"
SNOOZE_4H = "s4"
SNOOZE_MORNING = "s9"
REPORT = "rep"
CHECK = "chk"  # re-check the tracker's connection
LOGS = "logs"  # the tracker's postback log (/logs)
PAUSE = "pause"
MUTE_MENU = "mute"  # shows the mute choices in place of the buttons
MUTE_1H = "m1"
MUTE_24H = "m24"
MUTE_FOREVER = "m0"
MUTE_OFF = "mu"  # unmute the rule
BACK = "back"  # back from the mute choices
KEEP = "keep"  # automations: no automatic pause for this alert
UNDO = "undo"  # automations: switch the automatically paused campaign back on

ALERT_ACTIONS = frozenset(
    {
        ACK,
        SNOOZE_1H,
        SNOOZE_4H,
        SNOOZE_MORNING,
        REPORT,
        CHECK,
        LOGS,
        PAUSE,
        MUTE_MENU,
        MUTE_1H,
        MUTE_24H,
        MUTE_FOREVER,
        MUTE_OFF,
        BACK,
        KEEP,
        UNDO,
    }
)


class AlertCb(CallbackData, prefix="alr"):
    a: str  # one of ALERT_ACTIONS
    id: DbInt  # the alert


class SilenceCb(CallbackData, prefix="sil"):
    k: str  # "a": end an alert's snooze · "r": unmute a rule · "x": refresh the list
    id: DbInt


__all__ = ["ALERT_ACTIONS", "AlertCb", "SilenceCb"]
