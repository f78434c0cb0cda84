"""The new campaign, step by step: name, alias (proposed from the name), rotation type, domain,
traffic source, cost model and value, group — the picks from the tracker's own lists."""

from __future__ import annotations

import hashlib
import re
from typing import Any

from handlers.resources.wizard.steps import PICK, TEXT, Step, Values, Wizard, alias, amount, name


def _alias_proposal(values: Values) -> str | None:
    base = re.sub(r"[^a-z0-9]+", "-", str(values.get("name") or "").lower()).strip("-")[:40]
    if not base:
        return None
    return f"{base}-{hashlib.sha256(base.encode()).hexdigest()[:4]}"


def _body(values: Values) -> dict[str, Any]:
    body: dict[str, Any] = {"name": values["name"], "alias": values["alias"], "type": values["type"]}
    for step, key in (("domain", "domain_id"), ("source", "traffic_source_id"), ("group", "group_id")):
        if values.get(step) is not None:
            body[key] = int(values[step])
    if values.get("cost_type"):
        body["cost_type"] = values["cost_type"]
        body["cost_value"] = float(values.get("cost_value") or 0)
    return body


CAMPAIGN = Wizard(
    key="campaigns",
    steps=(
        Step("name", TEXT, ("name",), parse=name),
        Step("alias", TEXT, ("alias",), parse=alias, proposal=_alias_proposal, hint=True),
        Step("type", PICK, ("type",), choices=("position", "weight"), hint=True),
        Step("domain", PICK, ("domain_id", "domain"), source="domains", optional=True),
        Step("source", PICK, ("traffic_source_id",), source="traffic_sources", optional=True),
        Step("cost_type", PICK, ("cost_type", "cost_auto"), choices=("CPC", "CPUC", "CPM"), optional=True),
        Step(
            "cost_value",
            TEXT,
            ("cost_value", "cost_currency"),
            parse=amount,
            asked=lambda v: bool(v.get("cost_type")),
        ),
        Step("group", PICK, ("group_id",), source="campaign_groups", optional=True),
    ),
    body=_body,
)
