"""A campaign's S2S postbacks (sent to the traffic source), declared like any other resource.

Keitaro keeps them inside the campaign (``postbacks``), so every change rewrites that list with
``PUT /campaigns/{id}``; undo writes the previous list back.
"""

from __future__ import annotations

from typing import Any

from handlers.input import InputError
from handlers.resources.actions import Action
from handlers.resources.parsers import S2S_STATUSES, clean_url, parse_statuses
from handlers.resources.spec import Field, Link, ResourceSpec
from keitaro import KeitaroClient, errors
from keitaro.models import S2SPostback


def _entry(p: S2SPostback) -> dict[str, Any]:
    return {"id": p.id, "method": str(p.method or "GET"), "statuses": list(p.statuses), "url": p.url or ""}


async def _postbacks(client: KeitaroClient, campaign_id: int) -> list[S2SPostback]:
    return list((await client.campaigns.get(campaign_id)).postbacks)


async def _write(client: KeitaroClient, campaign_id: int, entries: list[dict[str, Any]]) -> None:
    await client.campaigns.update(campaign_id, json={"postbacks": entries})


async def fetch(client: KeitaroClient, parent: dict[str, Any], flt: str) -> list[Any]:
    return await _postbacks(client, parent["campaign_id"])


async def get(client: KeitaroClient, item_id: int, parent: dict[str, Any]) -> Any:
    found = next((p for p in await _postbacks(client, parent["campaign_id"]) if p.id == item_id), None)
    if found is None:
        raise errors.NotFoundError("S2S postback not found", http_status=404)
    return found


def parse_new(raw: str) -> dict[str, Any]:
    """``<url> [GET|POST] [statuses]`` → a new postback (GET and every status by default)."""
    parts = raw.split()
    if not parts:
        raise InputError("res-err-url")
    url = clean_url(parts[0])
    method = "GET"
    rest = parts[1:]
    if rest and rest[0].upper() in ("GET", "POST"):
        method, rest = rest[0].upper(), rest[1:]
    statuses = parse_statuses(" ".join(rest)) if rest else list(S2S_STATUSES)
    return {"url": url, "method": method, "statuses": statuses}


async def create(client: KeitaroClient, parent: dict[str, Any], value: Any) -> Any:
    campaign_id = parent["campaign_id"]
    before = await _postbacks(client, campaign_id)
    await _write(client, campaign_id, [*(_entry(p) for p in before), value])
    after = await _postbacks(client, campaign_id)
    known = {p.id for p in before}
    return next((p for p in after if p.id not in known), after[-1])


def _edit(key: str, field: str, parse: Any, show: Any, words: tuple[str, ...] = ()) -> Action:
    async def apply(client: KeitaroClient, item: Any, value: Any) -> Any:
        entries = [_entry(p) for p in await _postbacks(client, item.campaign_id)]
        for entry in entries:
            if entry["id"] == item.id:
                entry[field] = value
        await _write(client, item.campaign_id, entries)

    async def undo(client: KeitaroClient, item_id: int, snapshot: dict[str, Any]) -> Any:
        entries = [_entry(p) for p in await _postbacks(client, _campaign(snapshot))]
        for entry in entries:
            if entry["id"] == item_id:
                entry[field] = snapshot.get(field)
        await _write(client, _campaign(snapshot), entries)

    return Action(
        key=key,
        available=lambda item: True,
        apply=apply,
        undo=undo,
        ask=f"res-ask-{key}",
        parse=parse,
        changes=lambda item, value: [(field, show(getattr(item, field, None)), show(value))],
        words=words,
    )


async def _remove(client: KeitaroClient, item: Any, _value: Any) -> Any:
    entries = [_entry(p) for p in await _postbacks(client, item.campaign_id) if p.id != item.id]
    await _write(client, item.campaign_id, entries)


async def _readd(client: KeitaroClient, item_id: int, snapshot: dict[str, Any]) -> Any:
    entries = [_entry(p) for p in await _postbacks(client, _campaign(snapshot))]
    restored = {k: snapshot.get(k) for k in ("method", "statuses", "url")}
    await _write(client, _campaign(snapshot), [*entries, restored])


def _campaign(snapshot: dict[str, Any]) -> int:
    return int(snapshot.get("campaign_id") or snapshot["_parent"]["campaign_id"])


def _method(raw: str) -> str:
    method = raw.strip().upper()
    if method not in ("GET", "POST"):
        raise InputError("s2s-err-method")
    return method


S2S = ResourceSpec(
    key="s2s",
    fetch=fetch,
    get=get,
    label=lambda p: f"{p.method or 'GET'} {(p.url or '')[:48]}",
    filters=("all",),
    default_filter="all",
    filter_of=lambda p: "all",
    fields=(
        Field("method", lambda p: str(p.method or "GET")),
        Field("statuses", lambda p: list(p.statuses), words=S2S_STATUSES),
        Field("url", lambda p: p.url),
    ),
    create=create,
    create_parse=parse_new,
    create_ask="s2s-create-ask",
    actions=(
        _edit("s2s_url", "url", clean_url, str),
        _edit("s2s_method", "method", _method, str),
        _edit("s2s_statuses", "statuses", parse_statuses, lambda v: list(v or []), words=S2S_STATUSES),
        Action(
            key="s2s_remove",
            available=lambda item: True,
            apply=_remove,
            undo=_readd,
            changes=lambda item, _v: [("url", item.url, "—")],
        ),
    ),
)


LINK = Link("s2s", "s2s", lambda c: {"campaign_id": c.id, "campaign": c.name})
