"""/stats: the report screen and its settings (range, group by, metrics, sort, filters), saved
reports, CSV and chart. ``/stats <saved name>`` opens a saved report directly."""

from __future__ import annotations

import re
from typing import Any

from aiogram.filters import CommandObject
from aiogram.types import CallbackQuery, Message
from aiogram_dialog import Dialog, DialogManager, ShowMode, StartMode, Window
from aiogram_dialog.widgets.input import TextInput
from aiogram_dialog.widgets.kbd import Button, Cancel, Group, Row, ScrollingGroup, SwitchTo
from aiogram_dialog.widgets.text import Format
from aiogram_i18n import I18nContext

from handlers.context import AppContext
from handlers.input import InputError, echo
from handlers.periods import PRESETS, parse_custom_range, period_from, range_name
from handlers.reports import actions
from handlers.reports.catalog import GROUPS, MAX_SUB_ID, METRICS
from handlers.reports.filters import (
    filters_getter,
    on_country,
    on_filter_kind,
    on_filter_remove,
    on_filters_clear,
    on_pick,
    pick_getter,
)
from handlers.reports.setup import normalize, sort_choices
from handlers.reports.view import current_setup, group_name, report_getter, stats_tracker
from handlers.states import StatsSG
from handlers.ui import (
    ErrorLine,
    T,
    active_tracker_or_say,
    app_of,
    clear_error,
    fallback_input,
    i18n_of,
    pick,
    set_error,
    toast,
    user_id_of,
)
from services.access import Action

MAIN_GROUPS = ("campaign", "offer", "flow", "landing", "country", "source", "network", "day", "hour")
_COUNTRY = re.compile(r"^[A-Za-z]{2}$")


async def _start(manager: DialogManager, app: AppContext, owner: int, setup: dict[str, Any]) -> None:
    tracker = await app.access.active(owner, Action.VIEW)
    data = {"setup": setup, "tracker_id": tracker.id if tracker else None}
    await manager.start(StatsSG.report, data=data, mode=StartMode.RESET_STACK, show_mode=ShowMode.SEND)


async def cmd_stats(
    message: Message,
    command: CommandObject,
    dialog_manager: DialogManager,
    app: AppContext,
    i18n: I18nContext,
) -> None:
    assert message.from_user is not None
    owner = message.from_user.id
    if await active_tracker_or_say(message, app, i18n) is None:
        return
    name = " ".join((command.args or "").split())
    if name:
        match = next((r for r in await app.saved_reports.list(owner) if r.name.lower() == name.lower()), None)
        if match is None:
            await message.answer(i18n.get("stats-saved-unknown", name=echo(name)))
            return
        await _start(dialog_manager, app, owner, {})
        await actions.open_saved(dialog_manager, match.setup)
        return
    await start_stats(dialog_manager, app, owner)


async def start_stats(manager: DialogManager, app: AppContext, owner: int) -> None:
    """A fresh report: today, by campaign, the user's remembered metrics."""
    prefs = await app.users.prefs(owner)
    await _start(manager, app, owner, normalize({}, default_metrics=prefs.get("stats_metrics")))


async def open_stats(manager: DialogManager, setup: dict[str, Any], tracker_id: int) -> None:
    """Open a report from elsewhere (e.g. an alert's "Open report" button)."""
    await manager.start(
        StatsSG.report, data={"setup": normalize(setup), "tracker_id": tracker_id}, show_mode=ShowMode.SEND
    )


async def on_start(start_data: Any, manager: DialogManager) -> None:
    data = start_data if isinstance(start_data, dict) else {}
    manager.dialog_data["setup"] = normalize(data.get("setup"))
    manager.dialog_data["tracker_id"] = data.get("tracker_id")
    manager.dialog_data["page"] = 0


def _change(manager: DialogManager, **changes: Any) -> None:
    setup = {**current_setup(manager), **changes}
    manager.dialog_data["setup"] = normalize(setup)
    manager.dialog_data["page"] = 0


# ------------------------------------------------------------------ report screen


async def on_page(query: CallbackQuery, button: Button, manager: DialogManager) -> None:
    step = 1 if button.widget_id == "next" else -1
    manager.dialog_data["page"] = max(0, int(manager.dialog_data.get("page", 0)) + step)


async def on_sort(query: CallbackQuery, _w: Any, manager: DialogManager) -> None:
    setup = current_setup(manager)
    choices = sort_choices(setup)
    index = choices.index(setup["sort"]) if setup["sort"] in choices else -1
    _change(manager, sort=choices[(index + 1) % len(choices)])


# ------------------------------------------------------------------ range


async def range_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    i18n = i18n_of(dialog_manager)
    current = current_setup(dialog_manager)["range"]
    tracker = await stats_tracker(dialog_manager)
    return {
        "presets": [(("● " if key == current else "") + range_name(i18n, key), key) for key in PRESETS],
        "tz": tracker.timezone if tracker else "UTC",
    }


async def on_preset(query: CallbackQuery, _w: Any, manager: DialogManager, key: str) -> None:
    if key in PRESETS:
        _change(manager, range=key)
    await manager.switch_to(StatsSG.report)


async def on_custom(message: Message, _w: Any, manager: DialogManager, raw: str) -> None:
    manager.show_mode = ShowMode.SEND
    tracker = await stats_tracker(manager)
    today = period_from(
        {"range": "today"}, tracker.timezone if tracker else "UTC", app_of(manager).clock()
    ).resolved.last_day
    try:
        first, last = parse_custom_range(raw, today)
    except InputError as err:
        set_error(manager, err.key, **err.args_)
        return
    clear_error(manager)
    _change(manager, range="custom", **{"from": first.isoformat(), "to": last.isoformat()})
    await manager.switch_to(StatsSG.report)


# ------------------------------------------------------------------ group and metrics


async def group_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    i18n = i18n_of(dialog_manager)
    current = current_setup(dialog_manager)["group"]

    def mark(key: str, label: str) -> str:
        return ("● " if key == current else "") + label

    return {
        "groups": [(mark(key, group_name(i18n, key)), key) for key in MAIN_GROUPS],
        "subs": [(mark(f"sub_id_{n}", f"sub{n}"), f"sub_id_{n}") for n in range(1, MAX_SUB_ID + 1)],
    }


async def on_group(query: CallbackQuery, _w: Any, manager: DialogManager, key: str) -> None:
    if key in GROUPS:
        _change(manager, group=key, sort=None)
    await manager.switch_to(StatsSG.report)


async def metrics_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    i18n = i18n_of(dialog_manager)
    chosen = current_setup(dialog_manager)["metrics"]
    return {
        "metrics": [(("● " if key in chosen else "") + i18n.get("stats-m-" + key), key) for key in METRICS]
    }


async def on_metric(query: CallbackQuery, _w: Any, manager: DialogManager, key: str) -> None:
    if key not in METRICS:
        return
    setup = current_setup(manager)
    chosen = list(setup["metrics"])
    if key in chosen:
        if len(chosen) == 1:
            await toast(query, i18n_of(manager).get("stats-metrics-one"), alert=True)
            return
        chosen.remove(key)
    else:
        chosen.append(key)
    ordered = [m for m in METRICS if m in chosen]
    _change(manager, metrics=ordered, sort=setup["sort"] if setup["sort"] in ordered else None)


async def on_metrics_done(query: CallbackQuery, _w: Any, manager: DialogManager) -> None:
    metrics = current_setup(manager)["metrics"]
    await app_of(manager).users.set_pref(user_id_of(manager), "stats_metrics", metrics)
    await toast(query, i18n_of(manager).get("stats-metrics-remembered"))
    await manager.switch_to(StatsSG.report)


# ------------------------------------------------------------------ windows


def build_dialog() -> Dialog:
    back = SwitchTo(T("btn-back"), id="back", state=StatsSG.report)
    return Dialog(
        Window(
            Format("{text}"),
            Row(
                Button(Format("◀"), id="prev", on_click=on_page),
                Button(Format("{page_label}"), id="pg"),
                Button(Format("▶"), id="next", on_click=on_page),
                when="pager",
            ),
            Row(
                SwitchTo(T("stats-btn-range"), id="range", state=StatsSG.range),
                SwitchTo(T("stats-btn-group"), id="group", state=StatsSG.group),
            ),
            Row(
                SwitchTo(T("stats-btn-metrics"), id="metrics", state=StatsSG.metrics),
                Button(T("stats-btn-sort"), id="sort", on_click=on_sort, when="sortable"),
                SwitchTo(T("stats-btn-filters"), id="filters", state=StatsSG.filters),
            ),
            Row(
                Button(T("stats-btn-csv"), id="csv", on_click=actions.on_csv, when="ready"),
                Button(T("stats-btn-chart"), id="chart", on_click=actions.on_chart, when="ready"),
                Button(T("btn-res-refresh"), id="refresh", on_click=actions.on_refresh),
            ),
            Row(
                SwitchTo(T("stats-btn-save"), id="save", state=StatsSG.save_name, when="ready"),
                SwitchTo(T("stats-btn-saved"), id="saved", state=StatsSG.saved),
                Cancel(T("btn-close")),
            ),
            fallback_input(),
            state=StatsSG.report,
            getter=report_getter,
        ),
        Window(
            T("stats-range-ask"),
            Group(pick("preset", "presets", on_preset), width=2),
            SwitchTo(T("range-custom"), id="custom", state=StatsSG.custom),
            back,
            fallback_input(),
            state=StatsSG.range,
            getter=range_getter,
        ),
        Window(
            ErrorLine(),
            T("range-ask-custom"),
            TextInput(id="custom_range", on_success=on_custom),
            SwitchTo(T("btn-back"), id="back", state=StatsSG.range),
            state=StatsSG.custom,
            getter=range_getter,
        ),
        Window(
            T("stats-group-ask"),
            Group(pick("grp", "groups", on_group), width=3),
            Group(pick("sub", "subs", on_group), width=5),
            back,
            fallback_input(),
            state=StatsSG.group,
            getter=group_getter,
        ),
        Window(
            T("stats-metrics-ask"),
            Group(pick("metric", "metrics", on_metric), width=2),
            Button(T("stats-btn-done"), id="done", on_click=on_metrics_done),
            fallback_input(),
            state=StatsSG.metrics,
            getter=metrics_getter,
        ),
        Window(
            T("stats-filters-ask"),
            Group(pick("active", "active", on_filter_remove), width=1),
            Row(
                Button(T("stats-btn-f-campaign"), id="f_campaign", on_click=on_filter_kind),
                Button(T("stats-btn-f-offer"), id="f_offer", on_click=on_filter_kind),
                Button(T("stats-btn-f-country"), id="f_country", on_click=on_filter_kind),
            ),
            Button(T("stats-btn-f-clear"), id="f_clear", on_click=on_filters_clear, when="has_filters"),
            back,
            fallback_input(),
            state=StatsSG.filters,
            getter=filters_getter,
        ),
        Window(
            T("stats-pick-ask"),
            Format("{problem}"),
            ScrollingGroup(
                pick("ent", "items", on_pick), id="ents", width=1, height=8, hide_on_single_page=True
            ),
            SwitchTo(T("btn-back"), id="back", state=StatsSG.filters),
            fallback_input(),
            state=StatsSG.filter_pick,
            getter=pick_getter,
        ),
        Window(
            ErrorLine(),
            T("stats-country-ask"),
            TextInput(id="country", on_success=on_country),
            SwitchTo(T("btn-back"), id="back", state=StatsSG.filters),
            state=StatsSG.filter_country,
        ),
        Window(
            T("stats-saved-title"),
            T("stats-saved-empty", when=lambda d, w, m: not d["has_items"]),
            T("stats-saved-deleting", when="deleting"),
            ScrollingGroup(
                pick("rep", "items", actions.on_saved_pick),
                id="reps",
                width=1,
                height=8,
                hide_on_single_page=True,
            ),
            Row(
                Button(
                    T("stats-btn-delete-mode"), id="del", on_click=actions.on_toggle_delete, when="has_items"
                ),
                back,
            ),
            fallback_input(),
            state=StatsSG.saved,
            getter=actions.saved_getter,
        ),
        Window(
            ErrorLine(),
            T("stats-save-ask"),
            TextInput(id="save_name", on_success=actions.on_save_name),
            Button(
                T("stats-btn-replace"),
                id="replace",
                on_click=actions.on_save_replace,
                when=lambda d, w, m: bool(m.dialog_data.get("pending_name")),
            ),
            back,
            state=StatsSG.save_name,
        ),
        on_start=on_start,
    )


__all__ = ["build_dialog", "cmd_stats", "open_stats", "start_stats"]
