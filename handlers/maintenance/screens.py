"""The /maintenance dialog's windows (the handlers are in :mod:`handlers.maintenance.dialog`)."""

from __future__ import annotations

from aiogram_dialog import Dialog, Window
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import Button, Cancel, Group, Row, ScrollingGroup, SwitchTo
from aiogram_dialog.widgets.text import Format

from handlers.maintenance import dialog as d
from handlers.states import MaintenanceSG
from handlers.ui import ErrorLine, T, fallback_input, pick

__all__ = ["build_dialog"]


def build_dialog() -> Dialog:
    to_list = SwitchTo(T("btn-back"), id="to_list", state=MaintenanceSG.list)
    return Dialog(
        Window(
            Format("{notice}"),
            Format("{text}"),
            Group(pick("window", "windows", d.on_cancel_window), width=1),
            Button(T("maint-btn-new"), id="new", on_click=d.on_new, when="ok"),
            Row(Button(T("btn-res-refresh"), id="refresh"), Cancel(T("btn-close"))),
            fallback_input(),
            state=MaintenanceSG.list,
            getter=d.list_getter,
        ),
        Window(
            T("maint-what-ask"),
            Button(T("maint-btn-tracker"), id="tracker", on_click=d.on_what),
            Button(T("maint-btn-campaign"), id="campaign", on_click=d.on_what),
            Button(T("maint-btn-rule"), id="rule", on_click=d.on_what),
            to_list,
            fallback_input(),
            state=MaintenanceSG.what,
        ),
        Window(
            T("maint-pick-ask"),
            ScrollingGroup(
                pick("item", "items", d.on_pick), id="items", width=1, height=8, hide_on_single_page=True
            ),
            SwitchTo(T("btn-back"), id="to_what", state=MaintenanceSG.what),
            fallback_input(),
            state=MaintenanceSG.pick,
            getter=d.pick_getter,
        ),
        Window(
            ErrorLine(),
            T("maint-when-ask"),
            Row(
                Button(T("maint-btn-m30"), id="m30", on_click=d.on_quick),
                Button(T("maint-btn-h1"), id="h1", on_click=d.on_quick),
            ),
            Row(
                Button(T("maint-btn-h2"), id="h2", on_click=d.on_quick),
                Button(T("maint-btn-h4"), id="h4", on_click=d.on_quick),
            ),
            SwitchTo(T("btn-back"), id="when_back", state=MaintenanceSG.what),
            MessageInput(d.on_typed),
            state=MaintenanceSG.when,
            getter=d.when_getter,
        ),
        Window(
            T("maint-repeat-ask"),
            Row(
                Button(T("maint-btn-once"), id="once", on_click=d.on_repeat),
                Button(T("maint-btn-daily"), id="daily", on_click=d.on_repeat),
            ),
            SwitchTo(T("btn-back"), id="repeat_back", state=MaintenanceSG.when),
            fallback_input(),
            state=MaintenanceSG.repeat,
            getter=d.repeat_getter,
        ),
        Window(
            T("maint-confirm"),
            Button(T("maint-btn-create"), id="create", on_click=d.on_create),
            SwitchTo(T("btn-back"), id="confirm_back", state=MaintenanceSG.repeat),
            to_list,
            fallback_input(),
            state=MaintenanceSG.confirm,
            getter=d.confirm_getter,
        ),
        on_start=d.on_start,
    )
