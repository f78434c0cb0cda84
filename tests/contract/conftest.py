from __future__ import annotations

from typing import Any


def pytest_terminal_summary(terminalreporter: Any) -> None:
    from tests.contract.test_openapi_contract import COVERED, _client_keys

    total = len(_client_keys())
    if COVERED:
        terminalreporter.write_line(
            f"Keitaro contract: {len(COVERED)}/{total} client operations validated against the OpenAPI spec"
        )
