"""Safe writes: confirmation card (before → after), live-traffic warning, last-flow guard, undo,
audit, read-only trackers, stale buttons."""

from __future__ import annotations

from datetime import timedelta

import pytest

from handlers.resources.actions import UNDO_SECONDS
from services.clock import ShiftedClock
from tests.conftest import BotRunner
from tests.e2e.helpers import started_with_tracker
from tests.fakes.keitaro import KeitaroEmulator
from tests.fakes.telegram import FakeTelegram, FakeUser


@pytest.fixture
async def user(tg: FakeTelegram, keitaro: KeitaroEmulator, runner: BotRunner) -> FakeUser:
    return await started_with_tracker(tg, keitaro, runner, 8001)


async def open_campaign(user: FakeUser, name: str = "FB US Nutra") -> None:
    await user.send("/campaigns")
    await user.expect("Campaigns — Main")
    await user.press(name)
    await user.expect(f"{name} ·", kind="edited")


@pytest.mark.date_sensitive  # "the last 24 hours" are the app clock's
async def test_disable_shows_traffic_then_undo_restores(
    user: FakeUser, keitaro: KeitaroEmulator, runner: BotRunner
) -> None:
    await open_campaign(user)
    await user.press("Disable")
    card = await user.expect("Please check", kind="edited")
    assert "State: active → disabled" in card.text
    assert "traffic in the last 24 hours" in card.text and "clicks" in card.text
    assert keitaro.state.campaigns[1]["state"] == "active"  # nothing changed before Confirm
    await user.press("Confirm")
    done = await user.expect("Done: ⏸ Disable", kind="edited")
    assert "⏸ disabled" in done.text and keitaro.state.campaigns[1]["state"] == "disabled"
    await user.press("Undo")
    undone = await user.expect("Undone", kind="edited")
    assert "🟢 active" in undone.text and keitaro.state.campaigns[1]["state"] == "active"
    assert "Undo" not in [b for row in undone.buttons() for b in row]
    assert runner.app is not None
    entries = [e for e in await runner.app.ctx.audit.for_user(8001) if e.action.startswith("campaigns.")]
    disable = next(e for e in entries if e.action == "campaigns.disable")
    assert disable.details["before"] == {"state": "active"} and disable.details["after"] == {
        "state": "disabled"
    }
    assert disable.details["result"] == "ok" and disable.details["id"] == 1
    assert any(e.action == "campaigns.undo_disable" for e in entries)


async def test_cancel_on_the_card_changes_nothing(user: FakeUser, keitaro: KeitaroEmulator) -> None:
    await open_campaign(user)
    await user.press("Archive")
    await user.expect("Please check", kind="edited")
    await user.press("Cancel")
    await user.expect("FB US Nutra ·", kind="edited")
    assert keitaro.state.campaigns[1]["state"] == "active"
    assert not [r for r in keitaro.requests if r.method == "DELETE"]


async def test_rename_asks_validates_and_shows_before_after(user: FakeUser, keitaro: KeitaroEmulator) -> None:
    await open_campaign(user)
    await user.press("Rename")
    await user.expect("Send the new name", kind="edited")
    await user.send("   ")
    await user.expect("The value is empty", kind="sent")
    await user.send("FB US Nutra v2")
    card = await user.expect("Please check", kind="sent")
    assert "Name: FB US Nutra → FB US Nutra v2" in card.text
    await user.press("Confirm")
    await user.expect("Done", kind="edited")
    assert keitaro.state.campaigns[1]["name"] == "FB US Nutra v2"
    await user.press("Undo")
    await user.expect("Undone", kind="edited")
    assert keitaro.state.campaigns[1]["name"] == "FB US Nutra"


async def test_last_active_flow_needs_a_second_confirmation(user: FakeUser, keitaro: KeitaroEmulator) -> None:
    flows = [s for s in keitaro.state.streams.values() if s["campaign_id"] == 1 and s["state"] == "active"]
    last, others = flows[0], flows[1:]
    for flow in others:
        flow["state"] = "disabled"
    await user.send("/streams 1")
    await user.expect("Flows — Main")
    await user.press(last["name"])
    await user.expect(last["name"], kind="edited")
    await user.press("Disable")
    await user.expect("Please check", kind="edited")
    await user.press("Confirm")
    second = await user.expect("last active flow", kind="edited")
    assert keitaro.state.streams[last["id"]]["state"] == "active"
    await user.press("Yes, disable it")
    await user.expect("Done", kind="edited")
    assert keitaro.state.streams[last["id"]]["state"] == "disabled"
    assert "Confirm" not in [b for row in second.buttons() for b in row]


async def test_stale_button_after_the_object_changed(user: FakeUser, keitaro: KeitaroEmulator) -> None:
    await open_campaign(user)
    keitaro.state.campaigns[1]["state"] = "disabled"  # someone disabled it in the panel meanwhile
    qid = await user.press("Disable")
    answer = await user.callback_answer(qid)
    assert "The object changed while its card was open" in (answer.get("text") or "")
    assert not [r for r in keitaro.requests if r.path.endswith("/disable")]


async def test_read_only_tracker_shows_no_write_buttons(user: FakeUser, keitaro: KeitaroEmulator) -> None:
    await user.send("/trackers")
    await user.expect("Your trackers")
    await user.press("★ Main")
    await user.expect("Main", kind="edited")
    await user.press("Make read-only")
    await user.expect("is now read-only", kind="edited")
    await open_campaign(user)
    card = user.last_bot_message()
    assert card is not None and "Read-only tracker" in card.text
    assert not {"⏸ Disable", "🗄 Archive", "✏️ Rename"} & {b for row in card.buttons() for b in row}


async def test_vanished_object_is_explained(user: FakeUser, keitaro: KeitaroEmulator) -> None:
    await open_campaign(user, "Push BR Sweeps")
    del keitaro.state.campaigns[3]
    await user.press("Rename")
    gone = await user.expect("not found (404)", kind="edited")
    assert "Main:" in gone.text


async def test_raw_json_edit_shows_keitaros_406_field_by_field(
    user: FakeUser, keitaro: KeitaroEmulator
) -> None:
    await open_campaign(user)
    await user.press("Edit JSON")
    ask = await user.expect("as a JSON object", kind="edited")
    assert "Fields:" in ask.text and "cost_value" in ask.text
    await user.send("not json")
    await user.expect("Send a JSON object", kind="sent")
    await user.send('{"type": "zigzag"}')
    card = await user.expect("Please check", kind="sent")
    assert "type: position → zigzag" in card.text
    await user.press("Confirm")
    refused = await user.expect("did not accept the values (406)", kind="edited")
    assert "• type: Type must be one of" in refused.text
    assert keitaro.state.campaigns[1]["type"] == "position"


async def test_json_view_is_the_envelope_with_the_key_masked(
    user: FakeUser, keitaro: KeitaroEmulator
) -> None:
    from tests.conftest import ADMIN_KEY

    await open_campaign(user)
    await user.press("🧾 JSON")
    raw = await user.expect("answer of the Admin API", kind="edited")
    assert '"resource": "campaigns"' in raw.text and '"operation": "get"' in raw.text
    assert ADMIN_KEY not in raw.text and "…" in raw.text


async def test_offer_payout_edit_validates_and_undoes(user: FakeUser, keitaro: KeitaroEmulator) -> None:
    await user.send("/offers")
    await user.expect("Offers — Main")
    await user.press("Keto Slim US: CPA $38")
    await user.expect("Keto Slim US", kind="edited")
    await user.press("Payout")
    await user.expect("new payout", kind="edited")
    await user.send("abc")
    await user.expect("not a number", kind="sent")
    await user.send("40,5")
    card = await user.expect("Please check", kind="sent")
    assert "Payout: 38.0 → 40.5" in card.text or "Payout: 38 → 40.5" in card.text
    await user.press("Confirm")
    await user.expect("Done", kind="edited")
    assert float(keitaro.state.offers[1]["payout_value"]) == 40.5
    await user.press("Undo")
    await user.expect("Undone", kind="edited")
    assert float(keitaro.state.offers[1]["payout_value"]) == 38.0


@pytest.mark.date_sensitive
async def test_an_undo_expires_after_ten_minutes_of_the_apps_clock(
    user: FakeUser, keitaro: KeitaroEmulator, clock: ShiftedClock
) -> None:
    await user.send("/offers")
    await user.expect("Offers — Main")
    await user.press("Keto Slim US: CPA $38")
    await user.expect("Keto Slim US", kind="edited")
    await user.press("Payout")
    await user.expect("new payout", kind="edited")
    await user.send("41")
    await user.expect("Please check", kind="sent")
    await user.press("Confirm")
    done = await user.expect("Done", kind="edited")
    assert any("Undo" in b for row in done.buttons() for b in row)
    clock.offset += timedelta(seconds=UNDO_SECONDS + 1)  # ten minutes later by the app's clock
    answer = await user.callback_answer(await user.press("Undo", message=done))
    assert answer.get("show_alert") and "it can no longer be undone" in answer["text"]
    assert float(keitaro.state.offers[1]["payout_value"]) == 41.0


async def test_clone_says_it_cannot_be_undone_and_domain_check_runs(
    user: FakeUser, keitaro: KeitaroEmulator
) -> None:
    await open_campaign(user)
    await user.press("Clone")
    card = await user.expect("Please check", kind="edited")
    assert "cannot be undone" in card.text
    before = len(keitaro.state.campaigns)
    await user.press("Confirm")
    done = await user.expect("Done", kind="edited")
    assert len(keitaro.state.campaigns) == before + 1
    assert "Undo" not in [b for row in done.buttons() for b in row]
    await user.send("/domains")
    await user.expect("Domains — Main")
    first = next(d for d in keitaro.state.domains.values() if d.get("state") != "deleted")
    await user.press(first["name"])
    await user.expect(first["name"], kind="edited")
    await user.press("Check DNS/SSL")
    await user.expect("Please check", kind="edited")
    await user.press("Confirm")
    await user.expect("Done", kind="edited")
    assert any(r.path.endswith(f"/domains/{first['id']}/check") for r in keitaro.requests)


async def test_create_as_json_with_keitaros_validation(
    user: FakeUser, keitaro: KeitaroEmulator, runner: BotRunner
) -> None:
    await user.send("/campaigns")
    await user.expect("Campaigns — Main")
    await user.press("Create (JSON)")
    await user.expect("send the fields as a JSON object", kind="edited")
    await user.send('{"type": "position"}')
    card = await user.expect("Create in Campaigns on Main", kind="sent")
    assert "type: position" in card.text
    await user.press("Confirm")
    refused = await user.expect("did not accept the values (406)", kind="edited")
    assert "• name:" in refused.text
    await user.press("Create (JSON)")
    await user.expect("JSON object", kind="edited")
    await user.send('{"name": "Made in chat", "alias": "made-in-chat"}')
    await user.expect("Create in Campaigns", kind="sent")
    await user.press("Confirm")
    created = await user.expect("Created: Made in chat", kind="edited")
    assert "Made in chat ·" in created.text
    assert any(c["name"] == "Made in chat" for c in keitaro.state.campaigns.values())
    assert runner.app is not None
    actions = [(e.action, e.details.get("result")) for e in await runner.app.ctx.audit.for_user(8001)]
    assert ("campaigns.create", "ok") in actions and ("campaigns.create", "error:validation") in actions


async def test_offer_shares_must_sum_to_100_and_undo_restores(
    user: FakeUser, keitaro: KeitaroEmulator
) -> None:
    flow = next(
        s
        for s in keitaro.state.streams.values()
        if s["campaign_id"] == 1 and s["state"] == "active" and len(s.get("offers") or []) >= 2
    )
    offer_ids = [o["offer_id"] for o in flow["offers"]]
    before = [(o["offer_id"], o["share"]) for o in flow["offers"]]
    await user.send("/flows 1")
    await user.expect("Flows — Main")
    await user.press(flow["name"])
    await user.expect(flow["name"], kind="edited")
    await user.press("Offer shares")
    await user.expect("must add up to 100", kind="edited")
    await user.send(f"{offer_ids[0]}:70 {offer_ids[1]}:20")
    await user.expect("add up to 90, not 100", kind="sent")
    await user.send(f"{offer_ids[0]}:70 {offer_ids[0]}:30")
    await user.expect("listed twice", kind="sent")
    await user.send(f"{offer_ids[0]}:70 {offer_ids[1]}:30")
    card = await user.expect("Please check", kind="sent")
    names = [keitaro.state.offers[i]["name"] for i in offer_ids]
    assert f"Offers (shares): {names[0]} 70%, {names[1]} 30% → " in card.text and "#" not in card.text
    await user.press("Confirm")
    await user.expect("Done", kind="edited")
    shares = {o["offer_id"]: o["share"] for o in keitaro.state.streams[flow["id"]]["offers"]}
    assert shares == {offer_ids[0]: 70, offer_ids[1]: 30}
    await user.press("Undo")
    await user.expect("Undone", kind="edited")
    assert [(o["offer_id"], o["share"]) for o in keitaro.state.streams[flow["id"]]["offers"]] == before


async def test_deleting_a_group_needs_its_name_typed(user: FakeUser, keitaro: KeitaroEmulator) -> None:
    group = next(g for g in keitaro.state.groups.values() if g.get("type") == "campaigns")
    await user.send("/groups")
    await user.expect("Groups — Main")
    await user.press(group["name"])
    await user.expect(group["name"], kind="edited")
    await user.press("Delete")
    card = await user.expect("cannot be undone", kind="edited")
    assert f"send the name exactly: {group['name']}" in card.text
    assert "✅ Confirm" not in [b for row in card.buttons() for b in row]
    await user.send("wrong name")
    await user.expect("That is not the name", kind="sent")
    assert group["id"] in keitaro.state.groups
    await user.send(group["name"])
    await user.expect("Done: 🗑 Delete", kind="sent")
    assert group["id"] not in keitaro.state.groups


async def test_user_role_change_is_undoable(user: FakeUser, keitaro: KeitaroEmulator) -> None:
    member = next(u for u in keitaro.state.users.values() if u["type"] == "USER")
    await user.send("/users")
    await user.expect("Tracker users — Main")
    await user.press(member["login"])
    await user.expect(member["login"], kind="edited")
    await user.press("Role")
    await user.expect("USER or ADMIN", kind="edited")
    await user.send("root")
    await user.expect("The role is USER or ADMIN", kind="sent")
    await user.send("admin")
    card = await user.expect("Please check", kind="sent")
    assert "Role: user → admin" in card.text
    await user.press("Confirm")
    await user.expect("Done", kind="edited")
    assert keitaro.state.users[member["id"]]["type"] == "ADMIN"
    await user.press("Undo")
    await user.expect("Undone", kind="edited")
    assert keitaro.state.users[member["id"]]["type"] == "USER"
