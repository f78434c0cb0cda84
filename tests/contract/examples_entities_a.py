"""Contract examples: campaigns, streams, offers, landing pages."""

from __future__ import annotations

from typing import Any

from keitaro import KeitaroClient
from tests.contract.registry import example
from tests.fakes.keitaro import KeitaroEmulator


@example("campaigns.list")
async def campaigns_list(client: KeitaroClient, emulator: KeitaroEmulator) -> Any:
    return await client.campaigns.list()


@example("campaigns.get")
async def campaigns_get(client: KeitaroClient, emulator: KeitaroEmulator) -> Any:
    return await client.campaigns.get(1)
