"""Object changed: a campaign or a flow disabled or archived (by anyone; gone from the lists counts
as deleted), an offer that reached its daily cap. One scope per object (``campaign:12``,
``flow:7``, ``offer:3``); what was seen last tick is kept in the state's data."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import model_validator

from alerts.kinds.base import Observation, Params, RuleInput, RuleKind, Sentence, Step, Val
from alerts.kinds.shared import r
from alerts.snapshot import Needs

# the states the sentences (alerts-what-object-*) have words for
OBJECT_STATES = frozenset({"active", "disabled", "archived", "deleted"})


class ObjectChangedParams(Params):
    campaigns: bool = True  # a campaign disabled or archived
    flows: bool = True  # a flow disabled or archived
    offer_caps: bool = True  # an offer reached its daily cap

    @model_validator(mode="after")
    def _something(self) -> ObjectChangedParams:
        if not (self.campaigns or self.flows or self.offer_caps):
            raise ValueError("watch at least one of campaigns, flows, offer_caps")
        return self


def needs(params: ObjectChangedParams, campaign_id: int | None) -> Needs:
    return Needs(
        entities=True,
        flows=params.flows,
        flow_campaigns=frozenset({campaign_id}) if campaign_id is not None else None,
        offer_caps=params.offer_caps,
    )


def evaluate(params: ObjectChangedParams, inp: RuleInput) -> list[Observation]:
    entities = inp.snapshot.entities
    if entities is None:
        return []
    current: dict[str, tuple[str, str, dict[str, Any]]] = {}  # scope → (state, name, args)
    if params.campaigns:
        for cid, (name, state) in entities.campaigns.items():
            if inp.campaign_id in (None, cid):
                current[f"campaign:{cid}"] = (state, name, {"object": "campaign", "id": cid})
    if params.flows:
        for fid, (name, state, cid) in entities.flows.items():
            if inp.campaign_id in (None, cid):
                current[f"flow:{fid}"] = (state, name, {"object": "flow", "id": fid, "campaign_id": cid})
    out: list[Observation] = []
    for scope, before in inp.previous.items():  # gone from the lists: archived
        kind, _, ident = scope.partition(":")
        gone = scope not in current and before.data.get("seen") is not None and ident.isdigit()
        name = str(before.data.get("name", ""))
        if gone and kind == "campaign" and params.campaigns:
            current[scope] = ("deleted", name, {"object": kind, "id": int(ident)})
        elif gone and kind == "flow" and params.flows:
            campaign = int(before.data.get("campaign_id") or 0)
            if campaign in entities.flow_campaigns:  # its flows were listed and this one is not there
                current[scope] = (
                    "deleted",
                    name,
                    {"object": kind, "id": int(ident), "campaign_id": campaign},
                )
    for scope, (state, name, args) in sorted(current.items()):
        prev = inp.previous.get(scope)
        seen = prev.data.get("seen") if prev is not None else None
        inactive = state != "active"
        was_firing = prev is not None and prev.state in ("firing", "pending")
        data = {"seen": state, "name": name}
        if "campaign_id" in args:
            data["campaign_id"] = args["campaign_id"]
        out.append(Observation(None, inactive and (seen == "active" or was_firing), not inactive, None,
                               {**args, "name": name, "state": state, "was": seen}, scope, data))  # fmt: skip
    if params.offer_caps:
        for oid, cap in sorted(entities.offers.items()):
            args = {"object": "offer", "id": oid, "name": cap.name, "cap": cap.cap,
                    "conversions": r(cap.conversions_today)}  # fmt: skip
            reached = cap.conversions_today >= cap.cap
            out.append(
                Observation(r(cap.conversions_today), reached, not reached, None, args, f"offer:{oid}")
            )
    return out


def _state(code: str) -> str:
    """The state's code: the sentence picks its words (``active``, ``disabled``…; others as they are)."""
    return code or "—"


def describe(args: Mapping[str, Any], params: ObjectChangedParams, value: float | None) -> Sentence:
    obj = str(args.get("object") or "campaign")
    name = str(args.get("name") or f"#{args.get('id', '?')}")
    if obj == "offer":
        return Sentence(
            "alerts-what-offer-cap",
            {
                "name": name,
                "conversions": Val("num", args.get("conversions", value)),
                "cap": Val("num", args.get("cap")),
            },
        )
    return Sentence(
        "alerts-what-object-flow" if obj == "flow" else "alerts-what-object-campaign",
        {
            "name": name,
            "state": _state(str(args.get("state") or "")),
            "was": _state(str(args.get("was") or "")),
        },
    )


KIND = RuleKind(
    name="object_changed",
    order=90,
    params=ObjectChangedParams,
    evaluate=evaluate,
    describe=describe,
    source="entities",
    worse=None,
    value_unit="num",
    steps=(Step("campaigns", "bool"), Step("flows", "bool"), Step("offer_caps", "bool")),
    examples=(
        {"object": "campaign", "id": 12, "name": "C<1>", "state": "archived", "was": "active"},
        {"object": "flow", "id": 7, "name": "F<1>", "state": "disabled", "was": "active", "campaign_id": 12},
        {"object": "offer", "id": 3, "name": "O<1>", "cap": 50, "conversions": 50},
    ),
    needs=needs,
    one_campaign=True,
    model_error="alerts-err-watch-one",
    names_campaign_in_sentence=True,
    pausable=False,
    shows_value=False,
)
