"""The draft of a guided creation and how it moves: which step is asked next (the first one that
applies and is not answered yet, so a changed answer asks only what it makes necessary), taking a
value, and how each value is shown on the summary.

``dialog_data``: ``wizard`` (campaigns / streams / offers), ``tracker_id``, ``parent`` (the list the
wizard was opened from), ``step`` (the step on screen), ``draft`` = {``values``, ``done``, ``labels``
(names of picked objects)}, ``lists`` (the tracker's lists, loaded once), ``picked`` (a multi pick
in progress). No secret is ever in it.
"""

from __future__ import annotations

from typing import Any

from aiogram_dialog import DialogManager, ShowMode

from handlers.resources.wizard.campaign import CAMPAIGN
from handlers.resources.wizard.flow import FLOW
from handlers.resources.wizard.offer import OFFER
from handlers.resources.wizard.steps import MULTI, PICK, Step, Values, Wizard
from handlers.states import WizardSG
from handlers.ui import clear_error

WIZARDS: dict[str, Wizard] = {w.key: w for w in (CAMPAIGN, FLOW, OFFER)}
STATE_OF = {PICK: WizardSG.pick, MULTI: WizardSG.multi}
RESETS = {"offers": ("offer_shares",), "landings": ("landing_shares",), "name": ()}


def wizard_of(manager: DialogManager) -> Wizard:
    return WIZARDS[str(manager.dialog_data.get("wizard") or "campaigns")]


def draft_of(manager: DialogManager) -> dict[str, Any]:
    draft: dict[str, Any] = manager.dialog_data.setdefault("draft", {})
    draft.setdefault("values", {})
    draft.setdefault("done", [])
    draft.setdefault("labels", {})
    return draft


def values_of(manager: DialogManager) -> Values:
    values: Values = draft_of(manager)["values"]
    return values


def new_draft(manager: DialogManager, wizard: str, values: Values | None = None) -> None:
    manager.dialog_data["wizard"] = wizard
    manager.dialog_data["draft"] = {"values": dict(values or {}), "done": [], "labels": {}}
    manager.dialog_data.pop("picked", None)


def step_of(manager: DialogManager) -> Step | None:
    return wizard_of(manager).step(str(manager.dialog_data.get("step") or ""))


def asked_steps(manager: DialogManager) -> list[Step]:
    values = values_of(manager)
    return [s for s in wizard_of(manager).steps if s.asked(values)]


def pending(manager: DialogManager) -> Step | None:
    done = set(draft_of(manager)["done"])
    return next((s for s in asked_steps(manager) if s.name not in done), None)


async def go(
    manager: DialogManager, name: str, *, keep_error: bool = False, show_mode: ShowMode | None = None
) -> None:
    step = wizard_of(manager).step(name)
    if step is None:
        await manager.switch_to(WizardSG.summary, show_mode=show_mode)
        return
    if not keep_error:
        clear_error(manager)
    manager.dialog_data["step"] = step.name
    if step.kind == MULTI:
        manager.dialog_data["picked"] = [str(x) for x in values_of(manager).get(step.name) or []]
    await manager.switch_to(STATE_OF.get(step.kind, WizardSG.text), show_mode=show_mode)


async def advance(manager: DialogManager, show_mode: ShowMode | None = None) -> None:
    """The next question, or the summary when every question that applies is answered."""
    clear_error(manager)
    step = pending(manager)
    if step is None:
        manager.dialog_data.pop("step", None)
        await manager.switch_to(WizardSG.summary, show_mode=show_mode)
        return
    await go(manager, step.name, show_mode=show_mode)


async def take(
    manager: DialogManager, step: Step, value: Any, label: Any = None, show_mode: ShowMode | None = None
) -> None:
    draft = draft_of(manager)
    values = draft["values"]
    if values.get(step.name) != value:
        for later in RESETS.get(step.name, ()):
            values.pop(later, None)
            draft["done"] = [d for d in draft["done"] if d != later]
    values[step.name] = value
    if label is None:
        draft["labels"].pop(step.name, None)
    else:
        draft["labels"][step.name] = label
    draft["done"] = sorted({*draft["done"], step.name})
    await advance(manager, show_mode=show_mode)


def all_answered(manager: DialogManager) -> bool:
    return pending(manager) is None


def shown(i18n: Any, manager: DialogManager, step: Step) -> str:
    """A value the way the summary and the question show it."""
    draft = draft_of(manager)
    value = draft["values"].get(step.name)
    if value in (None, [], ""):
        return str(i18n.get("wiz-none"))
    if step.kind == PICK and step.choices:
        return str(i18n.get(f"wiz-v-{step.name}-{value}"))
    label = draft["labels"].get(step.name)
    if step.kind in (PICK, MULTI):
        return ", ".join(label) if isinstance(label, list) else str(label or value)
    if step.name.endswith("_shares"):
        names = draft["labels"].get(step.name.split("_")[0] + "s") or []
        return ", ".join(
            f"{n} {s}%" if n else f"{s}%" for n, s in zip([*names, *[""] * len(value)], value, strict=False)
        )
    if step.name == "payout":
        return " ".join(str(x) for x in value if x)
    if isinstance(value, list):
        return ", ".join(str(x) for x in value)
    return str(value)
