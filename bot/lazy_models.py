"""aiogram's pydantic models built at first use instead of at import (``python -m bot``, and the
test suite through ``tests/__init__.py``).

aiogram declares every Telegram type ``defer_build=True``, but ``aiogram/types/__init__.py`` then
calls ``model_rebuild()`` on all ~400 of them, and every Bot API method class is built when it is
defined. Each of those validators inlines the validators of everything it contains (a
``Message`` holds nearly every type), so importing aiogram costs ~150 MiB and ~2.5 s of CPU
before the first line of a bot runs — most of it for types and methods this bot never sees.

:func:`defer_aiogram_models`, called before anything imports aiogram:

* lets the types' ``model_rebuild`` calls resolve the fields' annotations (the cheap part: the
  field types are known when a validator is built later, here or in a subclass) and build no
  validator;
* marks ``TelegramMethod`` ``defer_build=True`` before its subclasses are defined.

pydantic then builds each model's validator the first time it is used (an incoming ``Update``, a
``sendMessage``, ...) with the same schema it would have built at import: the same validation,
later. Only the models that are used cost memory (idle ``python -m bot``: 107 instead
of 215 MiB, 1.9 instead of 4.3 s CPU to start; bench/footprint.py).
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import sys
from collections.abc import Sequence
from types import ModuleType
from typing import Any

from pydantic import BaseModel

# pydantic's own steps of ``model_rebuild`` (tests/unit/test_lazy_models.py checks the models built
# this way against aiogram's). They are private: a pydantic without them (older or newer than the
# ones tested) gets aiogram's models built at import, as before -- slower to start, never broken.
try:
    from pydantic._internal._config import ConfigWrapper
    from pydantic._internal._fields import rebuild_model_fields
    from pydantic._internal._generics import get_model_typevars_map
    from pydantic._internal._model_construction import unpack_lenient_weakvaluedict
    from pydantic._internal._namespace_utils import NsResolver
except ImportError:  # pragma: no cover - depends on the installed pydantic
    SUPPORTED = False
else:
    SUPPORTED = True

_TYPES = "aiogram.types"
_METHODS_BASE = "aiogram.methods.base"


def _deferred_rebuild(
    cls: type[BaseModel],
    *,
    force: bool = False,
    raise_errors: bool = True,
    _parent_namespace_depth: int = 2,
    _types_namespace: dict[str, Any] | None = None,
) -> bool | None:
    """aiogram's import-time ``model_rebuild(_types_namespace=...)`` of a type: resolve its fields'
    annotations with that namespace (as the rebuild would) and build no validator. Resolved fields
    are what a model built later needs: a type that contains it and a subclass defined elsewhere
    (aiogram-dialog's ``DialogUpdate(Update)``) take them as they are."""
    if _types_namespace is not None and not force and cls.__module__.startswith(_TYPES + "."):
        parent = unpack_lenient_weakvaluedict(cls.__pydantic_parent_namespace__) or {}
        fields, extra = rebuild_model_fields(
            cls,
            config_wrapper=ConfigWrapper(cls.model_config, check=False),
            ns_resolver=NsResolver(parent_namespace={**_types_namespace, **parent}),
            typevars_map=get_model_typevars_map(cls),
        )
        cls.__pydantic_fields__, cls.__pydantic_extra_info__ = fields, extra
        return None
    original: Any = _ORIGINAL_REBUILD.__func__
    result: bool | None = original(
        cls,
        force=force,
        raise_errors=raise_errors,
        _parent_namespace_depth=_parent_namespace_depth + 1,
        _types_namespace=_types_namespace,
    )
    return result


_ORIGINAL_REBUILD: Any = BaseModel.__dict__["model_rebuild"]


class _DeferMethods(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Loads ``aiogram.methods.base`` as usual, then sets ``defer_build`` on ``TelegramMethod``
    before the method classes (defined in the modules imported after it) inherit its config."""

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname != _METHODS_BASE:
            return None
        spec = importlib.machinery.PathFinder.find_spec(fullname, path)
        if spec is None or spec.loader is None:
            return spec
        self._loader = spec.loader
        spec.loader = self
        return spec

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType | None:
        return self._loader.create_module(spec)

    def exec_module(self, module: ModuleType) -> None:
        self._loader.exec_module(module)
        module.TelegramMethod.model_config["defer_build"] = True


def defer_aiogram_models() -> bool:
    """Install both deferrals; ``False`` (nothing changed) when aiogram is already imported or this
    pydantic lacks the steps used here."""
    if not SUPPORTED or _TYPES in sys.modules or _METHODS_BASE in sys.modules:
        return False
    finder = _DeferMethods()
    sys.meta_path.insert(0, finder)
    BaseModel.model_rebuild = classmethod(_deferred_rebuild)  # type: ignore[method-assign,assignment]
    try:
        __import__(_TYPES)
    finally:
        BaseModel.model_rebuild = _ORIGINAL_REBUILD  # type: ignore[method-assign]
        sys.meta_path.remove(finder)
    return True
