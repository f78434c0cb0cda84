"""Translations: aiogram-i18n with Fluent files in ``bot/locales/<lang>/*.ftl``.

* Every string argument is HTML-escaped before it reaches a message (messages use HTML parse
  mode); pass :class:`handlers.ui.Html` for a value that is already safe markup.
* Pass numbers as numbers: they are written the language's way (:mod:`handlers.numbers`: Russian
  ``1 529`` and ``12,5``) and select the plural form (``{ $count -> [one] … [few] … *[many] … }``).
* The user's language: their saved choice, else Telegram's ``language_code`` (``ru…`` → Russian,
  ``en…`` → English), else ``DEFAULT_LANGUAGE``.
"""

from __future__ import annotations

import html
import logging
import re
from functools import cache
from pathlib import Path
from typing import Any

from aiogram.types import User as TgUser
from aiogram_i18n import I18nMiddleware
from aiogram_i18n.cores import FluentRuntimeCore
from aiogram_i18n.managers import BaseManager
from fluent.runtime import FluentBundle, FluentResource
from fluent.syntax import ast

from handlers.context import AppContext
from handlers.numbers import thin_groups
from handlers.ui import Html
from storage import User

LOCALES_DIR = Path(__file__).parent / "locales"
LANGUAGES = ("en", "ru")
STRICT_COUNTS = False
"""Tests set this: a count passed as text (so no plural form can be chosen) raises instead of
being logged."""
_NUMERIC_TEXT = re.compile(r"^[+-−]?[\d\s\u00a0\u202f.,]*\d[\d\s\u00a0\u202f.,]*$")
log = logging.getLogger(__name__)


def _count_selectors(resource: ast.Resource, out: dict[str, set[str]]) -> None:
    """Message id → the variables its plural selections choose on, added to ``out``. Walks the
    patterns by hand: fluent's ``Visitor`` reads ``vars()`` of every node, which gives each node of
    the bundle's syntax tree a ``__dict__`` of its own (~3 MiB kept for the process's lifetime)."""

    def expression(key: str, node: ast.SyntaxNode) -> None:
        if isinstance(node, ast.SelectExpression):
            if isinstance(node.selector, ast.VariableReference):
                out.setdefault(key, set()).add(node.selector.id.name)
            for variant in node.variants:
                pattern(key, variant.value)
        elif isinstance(node, ast.Placeable):
            expression(key, node.expression)

    def pattern(key: str, node: ast.Pattern | None) -> None:
        for element in node.elements if node is not None else ():
            if isinstance(element, ast.Placeable):
                expression(key, element.expression)

    for entry in resource.body:
        if isinstance(entry, ast.Message):
            pattern(entry.id.name, entry.value)
            for attribute in entry.attributes:
                pattern(entry.id.name, attribute.value)


class EscapingFluentCore(FluentRuntimeCore):
    """Fluent core that escapes interpolated strings for Telegram's HTML parse mode.

    A message without arguments (titles, buttons, the lines of /help) always formats to the same
    text, so it is formatted once per language and kept (bench/: /help used 29 of them per update).

    Each file is parsed once (the bundle and the plural-selector check share the parse); a message
    is compiled the first time it is formatted (``pre_compile=False``: most never are in a given
    process; compiling all of both languages at start-up cost ~0.3 s of CPU and ~4 MiB).
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["pre_compile"] = False
        super().__init__(*args, **kwargs)
        self._plain: dict[tuple[str, str], str] = {}
        self._counted: dict[str, frozenset[str]] = {}

    def find_locales(self) -> dict[str, FluentBundle]:
        translations: dict[str, FluentBundle] = {}
        counted: dict[str, set[str]] = {}
        found = self._find_locales(self.path, self._extract_locales(self.path), ".ftl")
        for locale, paths in found.items():
            bundle = FluentBundle(
                locales=[locale], use_isolating=self.use_isolating, functions=self.functions
            )
            for path in paths:
                resource = FluentResource(path.read_text(encoding="utf-8"))
                _count_selectors(resource, counted)
                bundle.add_resource(resource)
            translations[locale] = bundle
        self._counted = {key: frozenset(names) for key, names in counted.items()}
        return translations

    async def startup(self) -> None:
        """The locale files are read once, when the core is built (they do not change while the
        process runs): a dispatcher's start-up does not read them again (~0.7 s each time)."""
        if not self.locales:
            await super().startup()

    async def shutdown(self) -> None:
        """Translations stay loaded: the same core serves the next start (a restart, a test)."""

    def get(self, message_id: str, locale: str | None = None, /, **kwargs: Any) -> str:
        resolved = self.get_locale(locale)  # None = the current user's language
        if not kwargs:
            key = (message_id, resolved)
            text = self._plain.get(key)
            if text is None:
                text = self._plain[key] = super().get(message_id, resolved)
            return text
        for name in self._counted.get(message_id, ()):
            value = kwargs.get(name)
            if isinstance(value, str) and _NUMERIC_TEXT.match(value):
                if STRICT_COUNTS:
                    raise TypeError(f"{message_id}: ${name} is a count passed as text ({value!r})")
                log.warning("%s: $%s is a count passed as text (no plural form fits)", message_id, name)
        safe = {k: _escape(v) for k, v in kwargs.items()}
        text = super().get(message_id, resolved, **safe)
        return thin_groups(text) if resolved == "ru" else text


def _escape(value: Any) -> Any:
    if isinstance(value, Html):
        return str(value)
    if isinstance(value, str):
        return html.escape(value, quote=False)
    return value


@cache
def build_core(default_language: str) -> EscapingFluentCore:
    """One core per default language and process: translations are immutable once loaded."""
    core = EscapingFluentCore(
        path=LOCALES_DIR / "{locale}", default_locale=default_language, raise_key_error=True
    )
    core.locales.update(core.find_locales())  # loaded now: start-up hooks need them before polling
    return core


def language_from_telegram(user: TgUser | None) -> str | None:
    code = (user.language_code or "").lower() if user else ""
    for lang in LANGUAGES:
        if code == lang or code.startswith(lang + "-"):
            return lang
    return None


class DbLocaleManager(BaseManager):
    """Reads the language from the user row loaded by :class:`bot.middlewares.UserMiddleware`."""

    async def get_locale(self, event_from_user: TgUser | None = None, db_user: User | None = None) -> str:
        if db_user is not None and db_user.language in LANGUAGES:
            return db_user.language
        return language_from_telegram(event_from_user) or str(self.default_locale)

    async def set_locale(self, locale: str, app: AppContext, event_from_user: TgUser) -> None:
        await app.set_language(event_from_user.id, locale)


def build_i18n_middleware(core: EscapingFluentCore, default_language: str) -> I18nMiddleware:
    return I18nMiddleware(
        core=core, manager=DbLocaleManager(default_locale=default_language), default_locale=default_language
    )
