"""ruff over the whole tree and mypy (strict) over the packages pyproject names, as DESIGN.md asks.
How the packages import each other (circles, layers) is checked in tests/test_imports.py."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _tool(name: str) -> list[str]:
    try:
        __import__(name)
    except ImportError:
        pytest.skip(f"{name} is not installed (pip install -e '.[test]')")
    return [sys.executable, "-m", name]


def test_ruff_is_clean() -> None:
    result = subprocess.run(
        [*_tool("ruff"), "check", "--no-cache", "."], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_is_clean_on_keitaro_storage_and_alerts() -> None:
    cache = ROOT / ".mypy_cache"
    result = subprocess.run(
        [*_tool("mypy"), "--cache-dir", str(cache)], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
