"""A buyer's scope: the part of a tracker's campaigns a member may see (issue 16)."""

from __future__ import annotations

import json
from dataclasses import dataclass

__all__ = ["Scope"]


@dataclass(frozen=True, slots=True)
class Scope:
    """A buyer's share of the tracker: campaigns in these Keitaro campaign groups, or whose names
    start with ``prefix`` (either is enough). No groups and no prefix is no scope at all."""

    groups: tuple[int, ...] = ()
    prefix: str | None = None

    def to_json(self) -> str | None:
        if not self.groups and not self.prefix:
            return None
        return json.dumps({"groups": list(self.groups), "prefix": self.prefix}, sort_keys=True)

    @classmethod
    def from_json(cls, text: str | None) -> Scope | None:
        if not text:
            return None
        data = json.loads(text)
        return cls(tuple(int(g) for g in data.get("groups", ())), data.get("prefix") or None)
