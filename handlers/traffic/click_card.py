"""The click card and a click's one-line label (pure: HTML with every value escaped)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from aiogram_i18n import I18nContext

from handlers.traffic.common import MAX_SUB_ID, STATUS_MARKS, money, short, status_text, time_text
from handlers.traffic.conv_view import status_names
from handlers.ui import esc

__all__ = ["CARD_CONVERSIONS", "click_card", "click_line", "conversion_lines"]

CARD_CONVERSIONS = 10
"""Conversions listed on a card (the newest; the count says how many there are)."""


def click_line(row: Mapping[str, Any], *, with_date: bool) -> str:
    """One click as a button label (plain text): ``14:32:05 · US · mobile · 3f9a8b7c6d5e4f``."""
    parts = [
        time_text(row.get("datetime"), with_date=with_date),
        str(row.get("country_code") or short(row.get("country"), 16) or "—"),
        str(row.get("device_type") or row.get("os") or "—"),
        short(row.get("sub_id") or "—", 24),
    ]
    return " · ".join(parts)


def _field(i18n: I18nContext, key: str, value: str, *, code: bool = False) -> str:
    shown = f"<code>{esc(value)}</code>" if code else esc(value)
    return f"{i18n.get('ck-f-' + key)}: {shown}"


def click_card(
    i18n: I18nContext,
    row: Mapping[str, Any],
    conversions: Mapping[str, Any] | None,
    *,
    tracker: str,
    timezone: str,
) -> str:
    """The card of one click (HTML, well below 4096 characters: long values are cut)."""

    def text(name: str, limit: int = 60) -> str:
        value = row.get(name)
        return short(value, limit) if value not in (None, "") else ""

    lines = [i18n.get("ck-card-head", tracker=tracker, sub_id=short(row.get("sub_id"), 64))]
    when = text("datetime")
    if when:
        lines.append(f"🕒 {esc(when)} ({esc(timezone)})")
    campaign = text("campaign")
    if campaign:
        cid = row.get("campaign_id")
        lines.append(
            _field(i18n, "campaign", f"{campaign} (#{cid})" if cid not in (None, "", 0) else campaign)
        )
    for name in ("stream", "landing", "offer"):
        if text(name):
            lines.append(_field(i18n, name, text(name)))
    place = text("country", 40)
    if text("country_code", 8):
        place = f"{place} ({text('country_code', 8)})" if place else text("country_code", 8)
    if text("city", 40):
        place = f"{place}, {text('city', 40)}" if place else text("city", 40)
    if place:
        lines.append(_field(i18n, "country", place))
    if text("ip", 45):
        lines.append(_field(i18n, "ip", text("ip", 45), code=True))
    device = " · ".join(
        x
        for x in (
            text("device_type", 20),
            " ".join(y for y in (text("os", 24), text("os_version", 12)) if y),
            " ".join(y for y in (text("browser", 24), text("browser_version", 12)) if y),
        )
        if x
    )
    if device:
        lines.append(_field(i18n, "device", device))
    lines.append(_field(i18n, "bot", i18n.get("ck-bot-yes" if row.get("is_bot") else "ck-bot-no")))
    subs = [(f"sub_id_{n}", text(f"sub_id_{n}", 100)) for n in range(1, MAX_SUB_ID + 1)]
    for name, value in subs:
        if value:
            lines.append(f"🏷 {name}: <code>{esc(value)}</code>")
    lines.append("")
    lines += conversion_lines(i18n, conversions)
    return "\n".join(lines)


def conversion_lines(i18n: I18nContext, conversions: Mapping[str, Any] | None) -> list[str]:
    rows = list((conversions or {}).get("rows") or [])
    total = int((conversions or {}).get("total") or len(rows))
    if not rows:
        return [i18n.get("ck-conv-none")]
    names = status_names(i18n)
    lines = [i18n.get("ck-conv-head", count=total)]
    for conv in rows[:CARD_CONVERSIONS]:
        status = str(conv.get("status") or "")
        lines.append(
            f"{STATUS_MARKS.get(status, '•')} {esc(time_text(conv.get('postback_datetime'), with_date=True))}"
            f" · {esc(status_text(status, conv.get('previous_status'), names))}"
            f" · <b>{esc(money(conv.get('revenue'), conv.get('currency'), str(i18n.locale)))}</b>"
        )
    if total > len(rows[:CARD_CONVERSIONS]):
        lines.append(i18n.get("ck-conv-more", count=total - len(rows[:CARD_CONVERSIONS])))
    return lines
