"""What every command and every button of the bot needs of the access decision — declared once.

:data:`COMMANDS`: each command of the menu (``handlers.features.menu()``) → the
:class:`~services.access.Action` it asks for on the person's active tracker (``None``: it is about
the person, not a tracker — /start, /help, /lang, /cancel, /trackers, /unsubscribe of their own
chat). A unit test checks that every command of the menu is here, so a new command cannot be
forgotten; the end-to-end role walk (``tests/e2e/test_team_roles.py``) sends each one as each role
and checks the answer against :data:`services.access.ROLE_ACTIONS`.

:data:`BUTTONS`: each button that acts on a tracker → the Action its press asks for. A button a
role cannot use is absent from that role's screen where the screen is drawn for one person
(resource cards, the alert list's ➕, the rotation's settings, the tracker card's owner buttons) and
refused at the press everywhere (a role may be lowered after the screen was drawn; messages shared
by a chat, like alerts, show every button). The resource writes come from their declarations
(``handlers.resources.writes.needed``, the rule the writes themselves ask).
"""

from __future__ import annotations

from handlers.resources.declarations import RESOURCES
from handlers.resources.writes import needed
from services.access import Action

__all__ = ["BUTTONS", "COMMANDS", "needs"]

COMMANDS: dict[str, Action | None] = {
    "start": None,
    "postback": Action.POSTBACK_TEST,
    "logs": Action.VIEW,
    "clicks": Action.VIEW,
    "stats": Action.VIEW,
    "conversions": Action.VIEW,
    "campaigns": Action.VIEW,
    "flows": Action.VIEW,
    "offers": Action.VIEW,
    "landings": Action.VIEW,
    "networks": Action.VIEW,
    "sources": Action.VIEW,
    "domains": Action.VIEW,
    "groups": Action.VIEW,
    "users": Action.VIEW,
    "botlist": Action.VIEW,
    "trackers": None,  # the person's own and shared trackers, each with their role
    "alerts": Action.VIEW,
    "silences": Action.VIEW,
    "oncall": Action.VIEW,  # who is on duty; setting the rotation up is the ``oncall.edit`` button
    "subscribe": Action.ALERT_RULES,
    "unsubscribe": None,  # the person's own chat; in a group: the trackers they may ALERT_RULES on
    "quiet": Action.VIEW,  # the person's own quiet hours
    "hook": Action.ALERT_RULES,
    "lang": None,
    "help": None,
    "cancel": None,
    "costs": Action.WRITE,  # ad-network spend in (issue 17)
    "maintenance": Action.ALERT_RULES,  # maintenance windows (issue 19): manager and above
}

_RESOURCE_BUTTONS: dict[str, Action] = {
    f"resource.{action.key}": needed(action.key) for spec in RESOURCES.values() for action in spec.actions
}

BUTTONS: dict[str, Action] = {
    **dict(sorted(_RESOURCE_BUTTONS.items())),
    "resource.create": needed("create"),
    "botlist.change": Action.WRITE,
    "alert.ack": Action.RESPOND,
    "alert.snooze": Action.RESPOND,
    "alert.mute": Action.RESPOND,
    "alert.disable_campaign": Action.TOGGLE,
    "alert.report": Action.VIEW,
    "alert.check": Action.VIEW,
    "alert.logs": Action.VIEW,
    "alerts.new_rule": Action.ALERT_RULES,
    "postback.send": Action.POSTBACK_TEST,
    "oncall.edit": Action.ONCALL,
    "subscribe.change": Action.ALERT_RULES,
    "tracker.owner": Action.ADMINISTER,  # key, postback URL, read-only, members, remove
    "postback.undo": Action.POSTBACK_TEST,  # ↩️ Undo the test conversion (handlers/postback/undo.py)
    "conversions.was_sale": Action.VIEW,  # /conversions' "was a sale" filter
    "resource.new": needed("create"),  # ➕ New campaign/flow/offer: the guided creation
    "alert.keep_running": Action.RESPOND,  # automations: cancel the automatic pause
    "alert.undo_pause": Action.TOGGLE,  # automations: the automatically paused campaign back on
    "alerts.maintenance": Action.ALERT_RULES,  # 🛠 Maintenance on the alerts screen (issue 19)
    # issue 19, storms: the buttons of a group's message (handlers/alerts/group_buttons.py)
    "alert_group.ack": Action.RESPOND,  # ✅ Ack all, and ✅ n in 📋 Show all
    "alert_group.snooze": Action.RESPOND,  # 💤 All 1 h / 4 h, and 💤 n in 📋 Show all
}


def needs(name: str) -> Action | None:
    """What the command ``name`` (``stats``) or the button ``name`` (``alert.ack``) asks for."""
    if name in COMMANDS:
        return COMMANDS[name]
    return BUTTONS[name]
