"""/stats filters: by campaign or offer (picked from the tracker's lists) and by country codes."""

from __future__ import annotations

from typing import Any

from aiogram.types import CallbackQuery, Message
from aiogram_dialog import DialogManager, ShowMode
from aiogram_dialog.widgets.kbd import Button

from handlers.input import echo, item_int, split_countries
from handlers.reports.setup import MAX_FILTER_VALUES, normalize
from handlers.reports.view import current_setup, stats_tracker
from handlers.states import StatsSG
from handlers.ui import app_of, clear_error, i18n_of, keitaro_sentence, set_error, toast
from keitaro import errors as kerr


def _change(manager: DialogManager, **changes: Any) -> None:
    manager.dialog_data["setup"] = normalize({**current_setup(manager), **changes})
    manager.dialog_data["page"] = 0


async def filters_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    i18n = i18n_of(dialog_manager)
    setup = current_setup(dialog_manager)
    items = [
        (f"✖ {i18n.get('stats-f-' + field)}: {item['label']}", f"{field}|{item['id']}")
        for field, values in setup["filters"].items()
        for item in values
    ]
    return {"active": items, "has_filters": bool(items)}


async def on_filter_remove(query: CallbackQuery, _w: Any, manager: DialogManager, item_id: str) -> None:
    field, _, value = item_id.partition("|")
    filters = {k: list(v) for k, v in current_setup(manager)["filters"].items()}
    if field in filters:
        filters[field] = [i for i in filters[field] if str(i["id"]) != value]
    _change(manager, filters=filters)


async def on_filters_clear(query: CallbackQuery, _w: Any, manager: DialogManager) -> None:
    _change(manager, filters={})


async def on_filter_kind(query: CallbackQuery, button: Button, manager: DialogManager) -> None:
    kind = {"f_campaign": "campaign_id", "f_offer": "offer_id"}.get(button.widget_id or "")
    if kind is None:
        await manager.switch_to(StatsSG.filter_country)
        return
    manager.dialog_data["filter_kind"] = kind
    await manager.switch_to(StatsSG.filter_pick)


def _add_filter(manager: DialogManager, field: str, ident: Any, label: str) -> bool:
    filters = {k: list(v) for k, v in current_setup(manager)["filters"].items()}
    values = filters.setdefault(field, [])
    if any(str(v["id"]) == str(ident) for v in values):
        return True
    if len(values) >= MAX_FILTER_VALUES:
        return False
    values.append({"id": ident, "label": label})
    _change(manager, filters=filters)
    return True


async def pick_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    i18n = i18n_of(dialog_manager)
    kind = dialog_manager.dialog_data.get("filter_kind", "campaign_id")
    tracker = await stats_tracker(dialog_manager)
    base = {"title": i18n.get("stats-f-" + kind), "items": [], "problem": ""}
    if tracker is None:
        return {**base, "problem": i18n.get("res-no-tracker")}
    client = app_of(dialog_manager).clients.for_tracker(tracker)
    try:
        entities = await (client.campaigns.list() if kind == "campaign_id" else client.offers.list())
    except kerr.KeitaroError as err:
        return {**base, "problem": "⚠️ " + keitaro_sentence(i18n, err, tracker.name)}
    live = [e for e in entities if getattr(e, "state", "") != "deleted"]
    dialog_manager.dialog_data["pick_names"] = {str(e.id): str(e.name)[:60] for e in live}
    return {**base, "items": [(f"{e.name} · #{e.id}", str(e.id)) for e in live]}


async def on_pick(query: CallbackQuery, _w: Any, manager: DialogManager, item_id: str) -> None:
    kind = manager.dialog_data.get("filter_kind", "campaign_id")
    tracker = await stats_tracker(manager)
    if tracker is None or not item_id.isdigit():
        await toast(query)
        return
    label = (manager.dialog_data.pop("pick_names", None) or {}).get(item_id) or f"#{item_id}"
    if not _add_filter(manager, kind, item_int(item_id), label):
        await toast(query, i18n_of(manager).get("stats-filter-full", max=MAX_FILTER_VALUES), alert=True)
        return
    await manager.switch_to(StatsSG.filters)


async def on_country(message: Message, _w: Any, manager: DialogManager, raw: str) -> None:
    manager.show_mode = ShowMode.SEND
    codes, bad = split_countries(raw)
    if not codes or bad:
        set_error(manager, "stats-country-err", value=echo(" ".join(bad) or raw))
        return
    clear_error(manager)
    for code in codes:
        if not _add_filter(manager, "country_code", code, code):
            set_error(manager, "stats-filter-full", max=MAX_FILTER_VALUES)
            return
    await manager.switch_to(StatsSG.filters)
