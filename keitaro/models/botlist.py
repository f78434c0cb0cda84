"""The bot list: IP addresses and ranges the tracker treats as bots, one per line."""

from __future__ import annotations

from collections.abc import Iterable

from keitaro.models.base import KeitaroModel, OptInt

__all__ = ["BotList", "BotListCount", "BotListRequest"]


def _lines(text: str | None) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class BotList(KeitaroModel):
    """``GET /botlist``: ``value`` is the whole list as text, one IP/range per line."""

    value: str = ""

    @property
    def entries(self) -> list[str]:
        return _lines(self.value)


class BotListCount(KeitaroModel):
    """Answer of replace/add/exclude."""

    count: OptInt = None


class BotListRequest(KeitaroModel):
    """Body of replace/add/exclude (``BotListRequest``): ``value`` is newline-separated IPs and
    ranges (``1.2.3.4``, ``1.2.3.0/24``, ``1.2.3.4-1.2.3.99``)."""

    value: str

    @classmethod
    def of(cls, entries: Iterable[str]) -> BotListRequest:
        return cls(value="\n".join(e.strip() for e in entries if e.strip()))
