"""Every label a resource declaration can show exists in both languages."""

from __future__ import annotations

from typing import Any, ClassVar

import pytest

from bot.i18n import LANGUAGES, build_core
from handlers.input import InputError
from handlers.resources.declarations import RESOURCES
from handlers.resources.names import REFERENCES, Names
from handlers.resources.parsers import parse_shares
from handlers.resources.spec import Money


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
        keys |= {f"res-v-{f.label}-{word}" for f in spec.fields for word in f.words}
        assert all(f.ref is None or f.ref in REFERENCES for f in spec.fields), spec.key
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
                    keys |= {f"res-v-{field}-{word}" for word in action.words}
            assert action.ref is None or action.ref in REFERENCES, (spec.key, action.key)
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


def test_flows_have_their_own_command_and_keep_streams_as_an_alias() -> None:
    flows = RESOURCES["streams"]
    assert flows.command == "flows" and flows.aliases == ("streams",)


class _Item:
    def __init__(self, ident: int, name: str) -> None:
        self.id, self.name = ident, name


class _Sources:
    def __init__(self) -> None:
        self.calls = 0

    async def list(self) -> list[_Item]:
        self.calls += 1
        return [_Item(3, "Facebook"), _Item(5, "TikTok")]


class _Client:
    def __init__(self) -> None:
        self.traffic_sources = _Sources()


class _Tr:
    def __init__(self, lang: str) -> None:
        self.core, self.locale = build_core("en"), lang

    def get(self, key: str, **args: Any) -> str:
        return str(self.core.get(key, self.locale, **args))


async def test_names_and_words_instead_of_ids_and_raw_values() -> None:
    client = _Client()
    names = Names(client, _Tr("ru"))  # type: ignore[arg-type]
    assert await names.show("source", 3, ref="traffic_sources") == "Facebook"
    assert await names.show("source", 9, ref="traffic_sources") == "#9"  # gone from the tracker
    assert client.traffic_sources.calls == 1  # one list per render, however many lines refer to it
    assert await names.show("state", "active") == "активно"
    assert await names.show("state", "disabled") == "отключено"
    assert await names.show("type", "position", words=("position", "weight")) == "по позиции"
    assert await names.show("type", "exotic", words=("position", "weight")) == "exotic"
    statuses = ("lead", "sale", "rejected", "rebill")
    shown = await names.show("statuses", ["sale", "rebill"], words=statuses)
    assert shown == "продажа (sale), ребилл (rebill)"
    assert await names.show("cost", Money(1529.5, "USD", "CPC")) == "CPC 1\u202f529,50 USD"
    english = Names(client, _Tr("en"))  # type: ignore[arg-type]
    assert await english.show("cost", Money(1529.5, "USD", "CPC")) == "CPC 1,529.50 USD"
