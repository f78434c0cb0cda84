"""Notifications the alerting engine queued, written as messages: a ``{payload type: renderer}``
registry that the features fill (``Feature.renderers``), in the language of the chat they go to.

The sender (``bot/alerting.py`` through ``bot/transport.py``) calls :meth:`Notices.render` at send
time, so a message always shows the alert as it is now.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from typing import Any

from alerts.payloads import Payload
from handlers.context import AppContext, Texts
from handlers.feature import Feature, Rendered, Renderer, Tr
from handlers.ui import Html

__all__ = ["LANGUAGES", "Notices", "chat_language", "safe", "translator"]

log = logging.getLogger(__name__)

LANGUAGES = ("en", "ru")


def safe(get: Callable[..., str]) -> Tr:
    """A translation function whose results are :class:`Html`: plain string arguments are escaped
    by the core, while a text made by another ``tr`` call can be passed on without being escaped
    twice. (Concatenations are plain strings again: wrap them in ``Html`` when they are safe.)"""

    def tr(key: str, **args: Any) -> str:
        return Html(get(key, **{k: v for k, v in args.items() if v is not None}))

    return tr


def translator(texts: Texts, language: str) -> Tr:
    """``tr(key, **args)`` in ``language``; see :func:`safe`."""
    return safe(lambda key, **args: texts.get(key, language, **args))


async def chat_language(app: AppContext, chat_id: int, fallback: str) -> str:
    """The language messages to that chat are written in: the one stored with its subscription,
    else (a private chat, whose id is the person's) the person's saved choice or Telegram's
    language for them, else ``fallback``."""
    try:
        for sub in await app.alerts.subscriptions.for_chat(chat_id):
            if sub.language in LANGUAGES:
                return str(sub.language)
        if chat_id > 0:
            user = await app.users.get(chat_id)
            if user is not None and user.speaks in LANGUAGES:
                return str(user.speaks)
    except Exception:  # the language is a nicety: never fail a message over it
        log.warning("could not read the language of chat %s", chat_id, exc_info=True)
    return fallback


class Notices:
    """Renders any payload with the renderer its feature registered."""

    def __init__(self, app: AppContext, features: Iterable[Feature], default_language: str) -> None:
        self.app = app
        self.default_language = default_language
        self.renderers: dict[type[Any], Renderer] = {}
        for feature in features:
            for kind, renderer in feature.renderers.items():
                if kind in self.renderers:
                    raise ValueError(f"two renderers for {kind.__name__}")
                self.renderers[kind] = renderer

    async def render(self, chat_id: int, payload: Payload, language: str | None = None) -> Rendered | None:
        renderer = self.renderers.get(type(payload))
        if renderer is None:
            log.warning("no renderer for %s notifications", type(payload).__name__)
            return None
        language = language or await chat_language(self.app, chat_id, self.default_language)
        return await renderer(self.app, chat_id, payload, translator(self.app.texts, language))
