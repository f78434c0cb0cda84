"""``/landing_pages``: the same behaviour as offers (see ``offers.py``), with archive at
``DELETE /landing_pages/{id}`` and clone as ``PUT /landing_pages/{id}/clone``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tests.fakes.keitaro_emulator.offers import Kind, entity_routes, file_routes, files_of
from tests.fakes.keitaro_emulator.state import EmulatorState
from tests.fakes.keitaro_emulator.streams import now

__all__ = ["ROUTES", "seed"]

ACTION_TYPES = ("local_file", "http", "curl", "status404", "show_text", "show_html")


def landing_defaults(state: EmulatorState, landing_id: int) -> dict[str, Any]:
    stamp = now(state)
    return {
        "id": landing_id,
        "name": f"Landing {landing_id}",
        "landing_type": "local",
        "action_type": "local_file",
        "action_payload": "",
        "action_options": [],
        "group_id": None,
        "offer_count": 1,
        "notes": "",
        "state": "active",
        "archive": "",
        "local_path": None,
        "preview_path": None,
        "created_at": stamp,
        "updated_at": stamp,
    }


def _check_landing(body: dict[str, Any], add: Callable[[str, str], None]) -> None:
    if "action_type" in body and body["action_type"] not in ACTION_TYPES:
        add("action_type", f"Action type must be one of: {', '.join(ACTION_TYPES)}")
    if "offer_count" in body and not str(body["offer_count"]).isdigit():
        add("offer_count", "Offer count must be an integer")


LANDINGS = Kind(
    table="landing_pages",
    label="Landing page",
    type_field="landing_type",
    types=("local", "external", "preloaded", "action"),
    states=("active", "disabled", "deleted"),
    defaults=landing_defaults,
    check=_check_landing,
)

ROUTES = [
    *entity_routes(LANDINGS, "/landing_pages", archive=("DELETE", ""), clone=("PUT", "/clone")),
    *file_routes(LANDINGS, "/landing_pages"),
]

_QUIZ = """<!DOCTYPE html>
<html><head><link rel="stylesheet" href="css/quiz.css"></head>
<body><h1>Which diet fits you?</h1><a href="{offer}">See my result</a></body></html>
"""


def seed(state: EmulatorState) -> None:
    """Five landing pages (groups 7–9): two local ones with files, two external, one archived."""
    rows: list[tuple[str, str, int | None, str]] = [
        ("Keto quiz v1", "local", 8, "keto_quiz_v1"),
        ("Keto advertorial v3", "local", 7, "keto_adv_v3"),
        ("Casino wheel DE", "external", 7, "https://lp.wheel-de.example.com/?sub={subid}"),
        ("Loans calculator UK", "external", None, "https://calc.loans-uk.example.com/?cid={subid}"),
        ("Old FR prelander", "local", 9, "fr_dating_pre"),
    ]
    for n, (name, landing_type, group, payload) in enumerate(rows, 1):
        landing = landing_defaults(state, n) | {"name": name, "landing_type": landing_type, "group_id": group}
        landing |= {"action_payload": payload, "created_at": "2024-04-22 09:00:00"}
        landing |= {"updated_at": "2024-05-02 16:30:00"}
        if landing_type == "local":
            landing |= {"local_path": f"lander/{payload}/", "preview_path": f"/lander/{payload}/index.html"}
        else:
            landing["action_type"] = "http"
        state.landing_pages[n] = landing
    state.landing_pages[3]["offer_count"] = "2"
    state.landing_pages[5] |= {"state": "deleted", "notes": "network closed"}
    files_of(state, "landing_pages", 1).update(
        {"index.html": _QUIZ, "css/quiz.css": "h1 { color: #2a7; }", "js/quiz.js": "// steps\n"}
    )
    files_of(state, "landing_pages", 2).update({"index.html": "<h1>Doctors hate this</h1>"})
