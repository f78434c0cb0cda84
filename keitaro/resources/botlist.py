"""The bot list (IP list): ``/botlist``."""

from __future__ import annotations

from keitaro.resources import Resource

__all__ = ["BotlistResource"]


class BotlistResource(Resource):
    name = "botlist"
