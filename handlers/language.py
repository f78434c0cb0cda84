"""/lang: choose the language; the choice is saved in the database."""

from __future__ import annotations

from typing import Any

from aiogram.types import CallbackQuery
from aiogram_dialog import Dialog, DialogManager, ShowMode, Window
from aiogram_dialog.widgets.kbd import Cancel, Column, Select
from aiogram_dialog.widgets.text import Format

from handlers.states import LanguageSG
from handlers.ui import T, fallback_input, i18n_of, toast

LANGUAGE_NAMES = {"en": "English", "ru": "Русский"}


async def _getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    current = i18n_of(dialog_manager).locale
    return {
        "current": LANGUAGE_NAMES.get(current, current),
        "languages": [
            (("● " if code == current else "") + name, code) for code, name in LANGUAGE_NAMES.items()
        ],
    }


async def _chosen(query: CallbackQuery, _widget: Any, manager: DialogManager, code: str) -> None:
    if code not in LANGUAGE_NAMES:
        await toast(query)
        return
    i18n = i18n_of(manager)
    await i18n.set_locale(code)
    await toast(query, i18n.get("lang-saved-toast"))
    if query.message is not None:
        await query.bot.send_message(query.message.chat.id, i18n.get("lang-saved"))  # type: ignore[union-attr]
    await manager.done(show_mode=ShowMode.EDIT)


def build_dialog() -> Dialog:
    return Dialog(
        Window(
            T("lang-choose"),
            Column(
                Select(
                    Format("{item[0]}"),
                    id="lang",
                    item_id_getter=lambda x: x[1],
                    items="languages",
                    on_click=_chosen,
                )
            ),
            Cancel(T("btn-close")),
            fallback_input(),
            state=LanguageSG.choose,
            getter=_getter,
        ),
    )
