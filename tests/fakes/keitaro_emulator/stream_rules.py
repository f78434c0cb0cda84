"""What a flow (stream) may hold in the emulator: its types, schemas, states, action types and
filter names, and the check of a ``POST``/``PUT /streams`` body (406 with the problems per field)."""

from __future__ import annotations

from typing import Any

from tests.fakes.keitaro_emulator.state import EmulatorState

__all__ = ["ACTIONS", "ACTION_TYPES", "FILTERS", "FILTER_NAMES", "REDIRECTS", "is_int", "validate"]

TYPES = ("forced", "regular", "default")
SCHEMAS = ("landings", "redirect", "action")
STATES = ("active", "disabled", "deleted")
LINK_STATES = ("active", "disabled")
REQUIRED = {
    "campaign_id": "Campaign",
    "schema": "Schema",
    "type": "Type",
    "name": "Name",
    "action_type": "Action type",
}

# action type → what its action_payload holds ("redirect" types hold the URL to send the visitor to)
ACTIONS = dict.fromkeys(
    ("http", "meta", "double_meta", "js", "blank_referrer", "formsubmit", "iframe"), "url"
)
ACTIONS |= {"curl": "url", "remote": "url", "local_file": "folder", "show_text": "text", "show_html": "text"}
ACTIONS |= {"status404": "", "do_nothing": "", "campaign": "campaign"}
ACTION_TYPES = tuple(ACTIONS)
REDIRECTS = ACTION_TYPES[:7]
FILTER_GROUPS = {
    "geo": "country region city language",
    "network": "ip isp operator connection_type proxy",
    "device": "os os_version browser device_type device_model user_agent",
    "params": "keyword referrer empty_referrer source any_param",
    "other": "bot uniqueness schedule limit",
}
FILTERS = [(name, group) for group, names in FILTER_GROUPS.items() for name in names.split()]
FILTER_NAMES = frozenset({name for name, _ in FILTERS} | {f"sub_id_{n}" for n in range(1, 16)})



def is_int(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return True
    return isinstance(value, str) and value.strip().isdigit()


def _check_links(links: Any, key: str, id_key: str, table: dict[int, Any]) -> list[str]:
    if not isinstance(links, list):
        return [f"{key.capitalize()} must be an array"]
    problems: list[str] = []
    total, active, seen = 0, 0, set()
    for n, link in enumerate(links, 1):
        if not isinstance(link, dict):
            problems.append(f"#{n}: must be an object")
            continue
        ref, share = link.get(id_key), link.get("share")
        if not is_int(ref):
            problems.append(f"#{n}: {id_key} can't be blank")
        elif int(ref) not in table:
            problems.append(f"#{n}: {id_key} {ref} does not exist")
        elif int(ref) in seen:
            problems.append(f"#{n}: {id_key} {ref} is listed twice")
        else:
            seen.add(int(ref))
        if not is_int(share) or not 0 <= int(share) <= 100:
            problems.append(f"#{n}: share must be an integer from 0 to 100")
            continue
        link_state = link.get("state") or "active"
        if link_state not in LINK_STATES:
            problems.append(f"#{n}: state must be one of: {', '.join(LINK_STATES)}")
        elif link_state == "active":
            total, active = total + int(share), active + 1
    if not problems and active and total != 100:
        problems.append(f"Shares of the active {key} must add up to 100, got {total}")
    return problems


def validate(state: EmulatorState, body: dict[str, Any], *, creating: bool) -> dict[str, list[str]]:
    problems: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        problems.setdefault(name, []).append(message)

    for name, label in REQUIRED.items():
        value = body.get(name)
        if (creating or name in body) and (value is None or (isinstance(value, str) and not value.strip())):
            add(name, f"{label} can't be blank")
    if body.get("campaign_id") is not None:
        if not is_int(body["campaign_id"]):
            add("campaign_id", "Campaign must be an integer")
        elif int(body["campaign_id"]) not in state.campaigns:
            add("campaign_id", f"Campaign {body['campaign_id']} does not exist")
    for name, allowed in (("type", TYPES), ("schema", SCHEMAS), ("state", STATES)):
        if body.get(name) is not None and body[name] not in allowed:
            add(name, f"{name.capitalize()} must be one of: {', '.join(allowed)}")
    if body.get("action_type") and body["action_type"] not in ACTION_TYPES:
        add("action_type", f"Unknown action type {body['action_type']!r}")
    if "weight" in body and (isinstance(body["weight"], bool) or not isinstance(body["weight"], int | float)):
        add("weight", "Weight must be a number")
    if "position" in body and not is_int(body["position"]):
        add("position", "Position must be an integer")
    for flag in ("collect_clicks", "filter_or"):
        if flag in body and not isinstance(body[flag], bool):
            add(flag, f"{flag} must be true or false")
    if "filters" in body:
        filters = body["filters"]
        if not isinstance(filters, list) or not all(isinstance(f, dict) for f in filters):
            add("filters", "Filters must be an array of objects")
        else:
            for n, item in enumerate(filters, 1):
                if item.get("name") not in FILTER_NAMES:
                    add("filters", f"#{n}: unknown filter {item.get('name')!r}")
                if item.get("mode") not in ("accept", "reject"):
                    add("filters", f"#{n}: mode must be accept or reject")
    for key, id_key, table in (
        ("offers", "offer_id", state.offers),
        ("landings", "landing_id", state.landing_pages),
    ):
        if key in body:
            for message in _check_links(body[key], key, id_key, table):
                add(key, message)
    return problems
