"""The bot list (IPs and ranges treated as bots): ``/botlist``."""

from __future__ import annotations

from keitaro.models.botlist import BotList, BotListCount
from keitaro.resources.operations import Op, Resource

__all__ = ["BotlistResource"]


class BotlistResource(Resource):
    """Bodies are :class:`~keitaro.models.botlist.BotListRequest` (``{"value": "ip\\nip"}``)."""

    name = "botlist"

    list = Op("GET", "/botlist", returns=BotList)
    replace = Op("PUT", "/botlist", returns=BotListCount, body=True)
    clear = Op("DELETE", "/botlist")
    add = Op("POST", "/botlist/add", returns=BotListCount, body=True)
    exclude = Op("POST", "/botlist/exclude", returns=BotListCount, body=True)
