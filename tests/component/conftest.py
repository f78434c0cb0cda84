"""An emulator with an admin, a user and a no-rights key, and a client for the admin key."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from keitaro import KeitaroClient
from tests.component.keys import ADMIN, NO_RIGHTS, USER
from tests.fakes.keitaro import KeitaroEmulator


@pytest.fixture
async def emulator() -> AsyncIterator[KeitaroEmulator]:
    emu = KeitaroEmulator(api_keys={ADMIN: "admin", USER: "user", NO_RIGHTS: "none"})
    await emu.start()
    try:
        yield emu
    finally:
        await emu.stop()


@pytest.fixture
async def client(emulator: KeitaroEmulator) -> AsyncIterator[KeitaroClient]:
    async with KeitaroClient(emulator.url, ADMIN, allow_private=True) as c:
        yield c
