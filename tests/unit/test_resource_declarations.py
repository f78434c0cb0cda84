"""Every label a resource declaration can show exists in both languages."""

from __future__ import annotations

from typing import Any, ClassVar

import pytest

from bot.i18n import LANGUAGES, build_core
from handlers.input import InputError
from handlers.resources.declarations import RESOURCES
from handlers.resources.parsers import parse_shares


class Anything:
    """A stand-in item: every attribute is None (enough to ask an action what it changes)."""

    id = 1
    name = "x"
    model_extra: ClassVar[dict[str, Any]] = {}

    def __getattr__(self, name: str) -> Any:
        return None


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_resource_label_exists(lang: str) -> None:
    core = build_core("en")
    keys: set[str] = set()
    for spec in RESOURCES.values():
        keys.add(f"res-{spec.key}")
        keys |= {f"res-f-{f.label}" for f in spec.fields}
        keys |= {f"res-link-{link.label}" for link in spec.links}
        keys |= {f"res-filter-{f}" for f in spec.filters} | {f"res-state-{f}" for f in spec.filters}
        for action in spec.actions:
            keys.add(f"res-act-{action.key}")
            if action.ask:
                keys.add(action.ask)
            sample = {"k": 1} if action.key == "raw_update" else None
            for field, _before, _after in action.changes(Anything(), sample):
                if not field.startswith("raw:"):
                    keys.add(f"res-f-{field}")
    assert len(keys) > 60
    for key in sorted(keys):
        assert core.get(key, lang, fields="", max=1).strip(), key


def test_actions_are_unique_and_undo_matches_reversibility() -> None:
    for spec in RESOURCES.values():
        names = [a.key for a in spec.actions]
        assert len(names) == len(set(names)), spec.key
        for action in spec.actions:
            if action.typed_confirm:  # no undo: the name is typed instead
                assert action.undo is None, (spec.key, action.key)
            elif action.key in {"disable", "enable", "archive", "restore", "rename", "raw_update"}:
                assert action.undo is not None, (spec.key, action.key)
            if action.key in {"clone", "check"}:
                assert action.undo is None, (spec.key, action.key)


def test_share_parsing() -> None:
    assert parse_shares("3:70 5:30") == [(3, 70), (5, 30)]
    assert parse_shares("#3=70%, #5=30%") == [(3, 70), (5, 30)]
    assert parse_shares("7:100") == [(7, 100)]
    for bad, key in (
        ("3:70 5:20", "res-err-shares-sum"),
        ("3:50 3:50", "res-err-shares-twice"),
        ("three:100", "res-err-shares-format"),
        ("", "res-err-shares-format"),
        ("3:-10 5:110", "res-err-shares-format"),
    ):
        with pytest.raises(InputError) as err:
            parse_shares(bad)
        assert err.value.key == key
