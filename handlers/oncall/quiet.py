"""/quiet: a person's quiet hours. ``/quiet 23:00-08:00`` (in the zone of their active tracker, or of
the rotation they are in, else UTC; a zone name may follow), ``/quiet off``, ``/quiet`` shows them.

During quiet hours conversion pushes and digests to the person's private chat arrive silently;
critical alerts still ring (warnings and info are always silent).
"""

from __future__ import annotations

import re
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from aiogram.filters import CommandObject
from aiogram.types import Message
from aiogram_i18n import I18nContext

from alerts.oncall import parse_hhmm
from handlers.context import AppContext
from handlers.input import echo
from services.access import Action

_SPAN = re.compile(r"^(\d{1,2}[:.]\d{2})\s*[-–—]\s*(\d{1,2}[:.]\d{2})(?:\s+(\S+))?$")
OFF_WORDS = ("off", "none", "no", "откл", "выкл", "нет")


async def _person_zone(app: AppContext, user_id: int) -> str:
    tracker = await app.access.active(user_id, Action.VIEW)
    if tracker is not None:
        return tracker.timezone
    rotations = await app.alerts.oncall.for_person(user_id)
    return rotations[0].timezone if rotations else "UTC"


def _valid_zone(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


async def cmd_quiet(message: Message, command: CommandObject, app: AppContext, i18n: I18nContext) -> None:
    assert message.from_user is not None
    user_id = message.from_user.id
    repo = app.alerts.quiet
    arg = " ".join((command.args or "").split())
    if not arg:
        current = await repo.get(user_id)
        if current is None:
            await message.answer(i18n.get("quiet-none"))
        else:
            await message.answer(
                i18n.get("quiet-current", starts=current.starts, ends=current.ends, tz=current.timezone)
            )
        return
    if arg.lower() in OFF_WORDS:
        await repo.clear(user_id)
        await message.answer(i18n.get("quiet-cleared"))
        return
    match = _SPAN.match(arg)
    if match is None:
        await message.answer(i18n.get("quiet-usage"))
        return
    try:
        starts, ends = parse_hhmm(match.group(1)), parse_hhmm(match.group(2))
    except ValueError:
        await message.answer(i18n.get("quiet-usage"))
        return
    if starts == ends:
        await message.answer(i18n.get("quiet-err-equal"))
        return
    tz = match.group(3)
    if tz is not None and not _valid_zone(tz):
        await message.answer(i18n.get("quiet-err-zone", tz=echo(tz)))
        return
    tz = tz or await _person_zone(app, user_id)
    first, last = f"{starts.hour:02d}:{starts.minute:02d}", f"{ends.hour:02d}:{ends.minute:02d}"
    await repo.set(user_id, first, last, tz)
    await message.answer(i18n.get("quiet-saved", starts=first, ends=last, tz=tz))
