"""ruff over the whole tree and mypy (strict) over keitaro/ and storage/, as DESIGN.md asks."""

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


def test_mypy_is_clean_on_keitaro_and_storage() -> None:
    cache = ROOT / ".mypy_cache"
    result = subprocess.run(
        [*_tool("mypy"), "--cache-dir", str(cache)], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_layers_point_one_way() -> None:
    """keitaro/ and storage/ import nothing of ours (storage gets the clock as a plain callable, not
    from services/); handlers never import bot."""
    rules = {
        "keitaro": {"bot", "handlers", "storage", "alerts", "services", "aiogram"},
        "storage": {"bot", "handlers", "keitaro", "alerts", "services", "aiogram"},
        "handlers": {"bot"},
        "alerts": {"bot", "handlers"},
    }
    bad = []
    for package, forbidden in rules.items():
        for path in (ROOT / package).rglob("*.py"):
            for line in path.read_text(encoding="utf-8").splitlines():
                words = line.split()
                if len(words) >= 2 and words[0] in {"import", "from"}:
                    top = words[1].split(".")[0]
                    if top in forbidden and not (
                        package == "storage" and path.name == "fsm.py" and top == "aiogram"
                    ):
                        bad.append(f"{path.relative_to(ROOT)}: {line.strip()}")
    assert not bad, bad
