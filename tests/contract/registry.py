"""How each client operation is exercised by the contract test.

An example is an async function ``(client, emulator) -> Any`` that calls exactly one client
operation (it may first create what it needs through the emulator's state, not the client).
Register it with ``@example("resource.operation")``; the contract test records what reached the
emulator and validates it against the OpenAPI spec.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from keitaro import KeitaroClient
from tests.fakes.keitaro import KeitaroEmulator

Example = Callable[[KeitaroClient, KeitaroEmulator], Awaitable[Any]]

EXAMPLES: dict[str, Example] = {}


def example(key: str) -> Callable[[Example], Example]:
    def register(func: Example) -> Example:
        if key in EXAMPLES:
            raise ValueError(f"two examples for {key}")
        EXAMPLES[key] = func
        return func

    return register
