"""storage.fsm_json.dump_fsm_data: plain JSON in, compact text out; anything that would not read
back the same is refused with the path of the offending value (the C encoder runs first, the
Python walk only to name what it refused or what would change)."""

from __future__ import annotations

import json
import math
from datetime import datetime
from typing import Any

import pytest

from storage.fsm_json import dump_fsm_data


def test_plain_data_is_compact_json() -> None:
    data = {"items": [{"id": 1, "label": "Кампания «1»", "ok": True, "x": 0.5, "n": None}], "a": "b"}
    text = dump_fsm_data(data)
    assert text == json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    assert dump_fsm_data({}) is None


def test_a_tuple_is_stored_as_a_list() -> None:
    assert dump_fsm_data({"pair": (1, "a")}) == '{"pair":[1,"a"]}'


@pytest.mark.parametrize(
    ("data", "words"),
    [
        ({"ids": {1: "a"}}, "data['ids'] has key 1 of type int"),
        ({"when": [datetime(2026, 1, 1)]}, "data['when'][0] is a datetime.datetime"),
        ({"x": {"y": math.nan}}, "data['x']['y'] is nan"),
        ({"x": math.inf}, "data['x'] is inf"),
    ],
)
def test_what_would_not_read_back_is_refused_by_path(data: dict[str, Any], words: str) -> None:
    with pytest.raises(TypeError) as refused:
        dump_fsm_data(data)
    assert words in str(refused.value)


def test_a_cycle_is_refused() -> None:
    loop: dict[str, Any] = {}
    loop["self"] = loop
    with pytest.raises(TypeError, match="circular"):
        dump_fsm_data({"loop": loop})
