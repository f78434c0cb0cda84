"""The state of a rule being made or changed on the /alerts screens: the draft (kind, campaign,
params, severity, the steps done), the mode (view / create / edit), the rule on screen, the value
step asked, and one-time notices."""

from __future__ import annotations

from typing import Any

from aiogram_dialog import DialogManager, ShowMode

from handlers.alerts.kinds import (
    steps_of,
)
from handlers.alerts.states import AlertsSG
from handlers.ui import (
    Html,
    app_of,
    clear_error,
    i18n_of,
    user_id_of,
)
from services.access import Action
from storage.alerts import AlertRule


def draft_of(manager: DialogManager) -> dict[str, Any]:
    draft: dict[str, Any] = manager.dialog_data.setdefault("draft", {})
    return draft


def editing(manager: DialogManager) -> bool:
    return manager.dialog_data.get("mode") == "edit"


async def current_rule(manager: DialogManager, action: Action = Action.VIEW) -> AlertRule | None:
    """The rule the screen is about, if the person may do ``action`` on its tracker — asked every
    time. A rule belongs to its tracker: whoever of the team made it, the owner and the managers
    may change it (``refused`` then says why when they may not)."""
    rule_id = manager.dialog_data.get("rule_id")
    if rule_id is None:
        return None
    app = app_of(manager)
    rule = await app.alerts.alerts.get_rule(int(rule_id))
    if rule is None or rule.tracker_id != manager.dialog_data.get("tracker_id"):
        return None
    if await app.access.tracker(user_id_of(manager), rule.tracker_id, action) is None:
        return None
    return rule


def rule_name(i18n: Any, kind: str, campaign: str | None) -> str:
    label = i18n.get(f"alerts-kind-{kind}")
    return f"{label} · {campaign}" if campaign else label


async def go_param(manager: DialogManager, index: int, show_mode: ShowMode | None = None) -> None:
    """Ask the ``index``-th value of the draft's kind (past the last one: the severity)."""
    kind = draft_of(manager).get("kind", "")
    steps = steps_of(kind)
    clear_error(manager)
    if index >= len(steps):
        await manager.switch_to(AlertsSG.severity, show_mode=show_mode)
        return
    manager.dialog_data["field"] = steps[index].name
    await manager.switch_to(AlertsSG.param, show_mode=show_mode)


def field_of(manager: DialogManager) -> str:
    return str(manager.dialog_data.get("field") or "")


def notices(manager: DialogManager) -> Any:
    """The lines :func:`handlers.ui.add_notice` left for the next screen (shown once)."""
    lines = manager.dialog_data.pop("notice", None)
    if not lines:
        return ""
    i18n = i18n_of(manager)
    return Html("\n".join(i18n.get(x["key"], **x["args"]) for x in lines) + "\n")
