"""Every rule kind, one module each (``alerts/kinds/<name>.py`` holding its params model, evaluation
and ``KIND = RuleKind(...)``, see :mod:`alerts.kinds.base`), found here by looking at the package:
adding a kind is adding its module (and its texts in ``bot/locales/*/alerts.ftl``).

:data:`KINDS` maps a kind's name to its declaration, in the order the templates are offered.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterable
from typing import Any

from alerts.kinds.base import RuleKind

__all__ = ["KINDS", "RuleKind", "discover", "registry", "reload"]


def discover() -> list[RuleKind[Any]]:
    """The ``KIND`` of every module in the package's folders (``__path__``); modules without one
    (``base``, ``shared``) are helpers."""
    found: list[RuleKind[Any]] = []
    for info in pkgutil.iter_modules(__path__, f"{__name__}."):
        module = importlib.import_module(info.name)
        kind = getattr(module, "KIND", None)
        if isinstance(kind, RuleKind):
            found.append(kind)
    return found


def registry(kinds: Iterable[RuleKind[Any]]) -> dict[str, RuleKind[Any]]:
    """By name, in the order they are offered (``order``, then name); two kinds of one name fail."""
    out: dict[str, RuleKind[Any]] = {}
    for kind in sorted(kinds, key=lambda k: (k.order, k.name)):
        if kind.name in out:
            raise ValueError(f"two rule kinds named {kind.name!r}")
        out[kind.name] = kind
    return out


KINDS: dict[str, RuleKind[Any]] = registry(discover())


def reload() -> None:
    """Look at the package again, in place: whoever imported :data:`KINDS` sees the change."""
    found = registry(discover())
    KINDS.clear()
    KINDS.update(found)
