"""Guided creation (issue 17 part 1): a campaign, a flow and an offer made step by step from the
phone — picks from the tracker's own lists, values checked before the request, a summary before
sending, the tracker's per-field refusal shown at its step, cancel creating nothing, roles."""

from __future__ import annotations

import pytest

from tests.conftest import BotRunner
from tests.e2e.helpers import started_with_tracker
from tests.fakes.keitaro import KeitaroEmulator
from tests.fakes.telegram import BotMessage, FakeTelegram, FakeUser


@pytest.fixture
async def user(tg: FakeTelegram, keitaro: KeitaroEmulator, runner: BotRunner) -> FakeUser:
    return await started_with_tracker(tg, keitaro, runner, 8101)


def posts(keitaro: KeitaroEmulator, path: str) -> list[object]:
    return [r for r in keitaro.requests if r.method == "POST" and r.path.rstrip("/").endswith(path)]


async def new_campaign(user: FakeUser) -> BotMessage:
    await user.send("/campaigns")
    await user.expect("Campaigns — Main")
    await user.press("➕ New campaign")
    return await user.expect("Send the campaign's name", kind="edited")


async def test_campaign_made_step_by_step_equals_what_the_tracker_stored(
    user: FakeUser, keitaro: KeitaroEmulator
) -> None:
    await new_campaign(user)
    await user.send("TT DE Nutra")
    ask = await user.expect("alias", kind="sent")
    assert "Step 2 of" in ask.text
    await user.send("tt de nutra")  # a space: refused before any request, the name kept
    await user.expect("latin letters", kind="sent")
    await user.send("tt-de-nutra")
    await user.expect("choose among its regular flows", kind="sent")
    await user.press("by weight")
    await user.expect("Which domain", kind="edited")
    await user.press("go.buyteam.pro · #2")
    await user.expect("Which traffic source", kind="edited")
    await user.press("TikTok · #5")
    await user.expect("How is the traffic paid for?", kind="edited")
    await user.press("CPC (per click)")
    await user.expect("cost of one unit", kind="edited")
    await user.send("0,07")
    await user.expect("Which group", kind="sent")
    await user.press("Team Anna · #2")
    summary = await user.expect("I will create this campaign", kind="edited")
    for line in (
        "Name: TT DE Nutra",
        "Alias: tt-de-nutra",
        "Rotation: by weight",
        "go.buyteam.pro",
        "TikTok",
        "Cost model: CPC",
        "Cost: 0.07",
        "Team Anna",
    ):
        assert line in summary.text, line
    assert not posts(keitaro, "/campaigns")  # nothing is sent before ✅ Create
    await user.press("✅ Create")
    made = await user.expect("Add the first flow now?", kind="edited")
    campaign_id = max(keitaro.state.campaigns)
    assert f"#{campaign_id}" in made.text
    stored = keitaro.state.campaigns[campaign_id]
    assert {k: stored[k] for k in ("name", "alias", "type", "domain_id", "traffic_source_id", "cost_type",
                                   "cost_value", "group_id")} == {
        "name": "TT DE Nutra", "alias": "tt-de-nutra", "type": "weight", "domain_id": 2,
        "traffic_source_id": 5, "cost_type": "CPC", "cost_value": "0.07", "group_id": 2,
    }  # fmt: skip
    assert len(posts(keitaro, "/campaigns")) == 1
    await user.press("📦 Open the campaign")
    card = await user.expect("Created: TT DE Nutra", kind="edited")
    assert f"TT DE Nutra</b> · #{campaign_id}" in card.html or f"#{campaign_id}" in card.text
    assert "Rename" in str(card.buttons()) and "Flows" in str(card.buttons())


async def test_audit_names_the_person(user: FakeUser, keitaro: KeitaroEmulator, runner: BotRunner) -> None:
    await new_campaign(user)
    await user.send("Audit me")
    await user.expect("alias", kind="sent")
    await user.press("✅ audit-me")
    await user.expect("regular flows", kind="edited")
    await user.press("by position")
    for question in ("Which domain", "Which traffic source", "How is the traffic paid", "Which group"):
        await user.expect(question, kind="edited")
        await user.press("⏭ Skip")
    await user.expect("I will create this campaign", kind="edited")
    await user.press("✅ Create")
    await user.expect("Add the first flow now?", kind="edited")
    assert runner.app is not None
    entry = next(e for e in await runner.app.ctx.audit.for_user(8101) if e.action == "campaigns.create")
    assert entry.details["result"] == "ok" and entry.details["after"]["name"] == "Audit me"
    assert entry.details["id"] == max(keitaro.state.campaigns)
    assert keitaro.state.campaigns[entry.details["id"]]["alias"].startswith("audit-me-")


async def test_first_flow_with_three_offers_even_split_and_a_typed_split_kept_when_wrong(
    user: FakeUser, keitaro: KeitaroEmulator
) -> None:
    await new_campaign(user)
    await user.send("BR sweeps 2")
    await user.expect("alias", kind="sent")
    await user.send("br-sweeps-2")
    await user.expect("regular flows", kind="sent")
    await user.press("by position")
    for question in ("Which domain", "Which traffic source", "How is the traffic paid", "Which group"):
        await user.expect(question, kind="edited")
        await user.press("⏭ Skip")
    await user.expect("I will create this campaign", kind="edited")
    await user.press("✅ Create")
    await user.expect("Add the first flow now?", kind="edited")
    campaign_id = max(keitaro.state.campaigns)
    await user.press("➕ Add the first flow")
    ask = await user.expect("What kind of flow?", kind="edited")
    assert "BR sweeps 2" in ask.text
    await user.press("regular")
    await user.expect("flow's name", kind="edited")
    await user.send("BR all offers")
    await user.expect("Where does the flow send visitors?", kind="sent")
    await user.press("redirect to offers")
    await user.expect("Pick the offers", kind="edited")
    for name in ("Keto Slim US: CPA $38", "Casino Royal DE", "QuickLoan UK"):
        await user.press(name)
        marked = await user.expect("Pick the offers", kind="edited")
        assert f"✅ {name}" in str(marked.buttons())
    await user.press("➡️ Next")
    shares = await user.expect("Shares of the offers", kind="edited")
    assert "1. Keto Slim US: CPA $38" in shares.text and "3. QuickLoan UK" in shares.text
    assert "✅ 34 33 33" in str(shares.buttons())
    await user.send("50 30 30")
    wrong = await user.expect("add up to 110%", kind="sent")
    assert "1. Keto Slim US" in wrong.text  # the question again, the offers kept
    await user.send("50 30")
    await user.expect("Send 3 shares", kind="sent")
    await user.press("✅ 34 33 33")
    await user.expect("Which countries only?", kind="edited")
    await user.send("br, pt")
    await user.expect("Which devices only?", kind="sent")
    await user.press("phones only")
    await user.expect("What about bots?", kind="edited")
    await user.press("keep bots out")
    await user.expect("position among the campaign's flows", kind="edited")
    await user.send("1")
    summary = await user.expect("I will create this flow", kind="sent")
    assert "Keto Slim US: CPA $38 34%, Casino Royal DE 33%, QuickLoan UK 33%" in summary.text
    assert not posts(keitaro, "/streams")
    await user.press("✅ Create")
    card = await user.expect("Created: BR all offers", kind="edited")
    assert "34%" in card.text
    flow = next(s for s in keitaro.state.streams.values() if s["name"] == "BR all offers")
    assert flow["campaign_id"] == campaign_id and flow["type"] == "regular" and flow["schema"] == "redirect"
    assert [(o["offer_id"], o["share"]) for o in flow["offers"]] == [(1, 34), (3, 33), (6, 33)]
    assert [(f["name"], f["mode"], f["payload"]) for f in flow["filters"]] == [
        ("country", "accept", ["BR", "PT"]), ("device_type", "accept", ["mobile"]), ("bot", "reject", []),
    ]  # fmt: skip
    assert flow["position"] == 1


async def test_offer_with_network_and_payout(user: FakeUser, keitaro: KeitaroEmulator) -> None:
    await user.send("/offers")
    await user.expect("Offers — Main")
    await user.press("➕ New offer")
    await user.expect("offer's name", kind="edited")
    await user.send("Keto PT")
    ask = await user.expect("offer's address", kind="sent")
    assert "{subid}" in ask.text  # the macro hint
    await user.send("network.example/?s={subid}")
    await user.expect("http", kind="sent")  # not a URL: asked again
    await user.send("https://network.example/?s={subid}")
    await user.expect("Which affiliate network", kind="sent")
    await user.press("AdCombo")
    await user.expect("What is the payout for?", kind="edited")
    await user.press("CPA (per conversion)")
    await user.expect("Send the payout", kind="edited")
    await user.send("twelve")
    await user.expect("Send the payout", kind="sent")
    await user.send("41,5 EUR")
    await user.expect("Which countries is the offer for?", kind="sent")
    await user.send("PT USA")
    await user.expect("Not a code: USA", kind="sent")
    await user.send("PT")
    await user.expect("Which group shall the offer be in?", kind="sent")
    await user.press("Nutra")
    summary = await user.expect("I will create this offer", kind="edited")
    assert "Payout: 41.5 EUR" in summary.text and "AdCombo" in summary.text
    await user.press("✅ Create")
    await user.expect("Created: Keto PT", kind="edited")
    offer = next(o for o in keitaro.state.offers.values() if o["name"] == "Keto PT")
    assert offer["action_payload"] == "https://network.example/?s={subid}"
    assert (offer["affiliate_network_id"], offer["payout_type"], offer["payout_value"]) == (2, "CPA", "41.5")
    assert (offer["payout_currency"], offer["country"], offer["group_id"]) == ("EUR", ["PT"], 4)


@pytest.mark.parametrize("status", [406, 422])  # Keitaro's spec, and newer trackers
async def test_a_refusal_is_shown_at_its_step_and_fixed_there(
    user: FakeUser, keitaro: KeitaroEmulator, status: int
) -> None:
    keitaro.validation_status = status
    await new_campaign(user)
    await user.send("FB US Nutra again")
    await user.expect("alias", kind="sent")
    await user.send("fb-us-nutra")  # the seeded campaign's: only the tracker knows it is taken
    await user.expect("regular flows", kind="sent")
    await user.press("by position")
    await user.expect("Which domain", kind="edited")
    await user.press("trk.buyteam.pro · #1")
    for question in ("Which traffic source", "How is the traffic paid", "Which group"):
        await user.expect(question, kind="edited")
        await user.press("⏭ Skip")
    await user.expect("I will create this campaign", kind="edited")
    before = len(keitaro.state.campaigns)
    seen = len(keitaro.requests)
    await user.press("✅ Create")
    at_step = await user.expect("did not accept it", kind="edited")
    assert [r.status for r in keitaro.requests[seen:] if r.method == "POST"] == [status]
    assert "Alias: Alias is already in use" in at_step.text
    assert "Step 2 of" in at_step.text and "Now: fb-us-nutra" in at_step.text  # the alias step
    assert len(keitaro.state.campaigns) == before and len(posts(keitaro, "/campaigns")) == 1
    await user.send("fb-us-nutra-2")
    summary = await user.expect("I will create this campaign", kind="sent")  # the rest was kept
    assert "Name: FB US Nutra again" in summary.text and "trk.buyteam.pro" in summary.text
    await user.press("✅ Create")
    await user.expect("Add the first flow now?", kind="edited")
    stored = keitaro.state.campaigns[max(keitaro.state.campaigns)]
    assert (stored["alias"], stored["domain_id"], stored["type"]) == ("fb-us-nutra-2", 1, "position")


async def test_change_a_field_from_the_summary(user: FakeUser, keitaro: KeitaroEmulator) -> None:
    await user.send("/offers")
    await user.expect("Offers — Main")
    await user.press("➕ New offer")
    await user.expect("offer's name", kind="edited")
    await user.send("Typo offr")
    await user.expect("offer's address", kind="sent")
    await user.send("https://n.example/?s={subid}")
    await user.expect("Which affiliate network", kind="sent")
    await user.press("⏭ Skip")
    await user.expect("What is the payout for?", kind="edited")
    await user.press("CPC (per click)")
    await user.expect("Send the payout", kind="edited")
    await user.send("0.3")
    await user.expect("Which countries", kind="sent")
    await user.press("⏭ Skip")
    await user.expect("Which group", kind="edited")
    await user.press("⏭ Skip")
    await user.expect("I will create this offer", kind="edited")
    await user.press("✏️ Change a field")
    await user.expect("Which field shall I change?", kind="edited")
    await user.press("Name")
    await user.expect("Now: Typo offr", kind="edited")
    await user.send("Fixed offer")
    summary = await user.expect("I will create this offer", kind="sent")
    assert "Name: Fixed offer" in summary.text and "Payout: 0.3" in summary.text
    assert not posts(keitaro, "/offers")


CAMPAIGN_STEPS: list[tuple[str, str]] = [
    ("send", "Never made"),
    ("send", "never-made"),
    ("press", "by weight"),
    ("press", "go.buyteam.pro · #2"),
    ("press", "TikTok · #5"),
    ("press", "CPM (per 1000 impressions)"),
    ("send", "1.5"),
    ("press", "Tests · #1"),
]


async def test_cancel_at_every_step_creates_nothing(user: FakeUser, keitaro: KeitaroEmulator) -> None:
    for stop in range(len(CAMPAIGN_STEPS) + 1):  # the last one: on the summary
        await new_campaign(user)
        for how, what in CAMPAIGN_STEPS[:stop]:
            if how == "send":
                await user.send(what)
            else:
                await user.press(what)
            await user.expect("➕ New campaign")
        query = await user.press("✖️ Cancel")
        assert "nothing was created" in str((await user.callback_answer(query)).get("text"))
        await user.expect("Campaigns — Main", kind="edited")
    # a flow cancelled at its offers' shares, an offer at its payout
    await user.send("/flows 1")
    await user.expect("Flows — Main")
    await user.press("➕ New flow")
    await user.expect("What kind of flow?", kind="edited")
    await user.press("forced")
    await user.expect("flow's name", kind="edited")
    await user.send("Never")
    await user.expect("Where does the flow send", kind="sent")
    await user.press("redirect to offers")
    await user.expect("Pick the offers", kind="edited")
    await user.press("Keto Slim US: backup")
    await user.expect("Pick the offers", kind="edited")
    await user.press("Spin Palace DE")
    await user.expect("Pick the offers", kind="edited")
    await user.press("➡️ Next")
    await user.expect("Shares of the offers", kind="edited")
    await user.press("✖️ Cancel")
    await user.expect("Flows — Main", kind="edited")
    await user.send("/offers")
    await user.expect("Offers — Main")
    await user.press("➕ New offer")
    await user.expect("offer's name", kind="edited")
    await user.send("Never offer")
    await user.expect("offer's address", kind="sent")
    await user.send("https://n.example/?s={subid}")
    await user.expect("Which affiliate network", kind="sent")
    await user.press("✖️ Cancel")
    await user.expect("Offers — Main", kind="edited")
    assert not [p for path in ("/campaigns", "/streams", "/offers") for p in posts(keitaro, path)]
    assert not [c for c in keitaro.state.campaigns.values() if c["name"] == "Never made"]


async def test_a_landings_flow_in_a_campaign_by_weight_with_typed_shares(
    user: FakeUser, keitaro: KeitaroEmulator
) -> None:
    await user.send("/flows 2")
    await user.expect("Flows — Main")
    await user.press("➕ New flow")
    await user.expect("What kind of flow?", kind="edited")
    await user.press("regular")
    await user.expect("flow's name", kind="edited")
    await user.send("DE quiz")
    await user.expect("Where does the flow send", kind="sent")
    await user.press("landings and offers")
    await user.expect("Pick the landings", kind="edited")
    for name in ("Keto quiz v1", "Casino wheel DE"):
        await user.press(name)
        await user.expect("Pick the landings", kind="edited")
    await user.press("➡️ Next")
    ask = await user.expect("Shares of the landings", kind="edited")
    assert "✅ 50 50" in str(ask.buttons())
    await user.send("70 30")
    await user.expect("Pick the offers", kind="sent")
    await user.press("Casino Royal DE")
    await user.expect("Pick the offers", kind="edited")
    await user.press("➡️ Next")
    await user.expect("Which countries only?", kind="edited")  # one offer: 100%, no shares asked
    await user.press("⏭ Skip")
    await user.expect("Which devices only?", kind="edited")
    await user.press("⏭ Skip")
    await user.expect("What about bots?", kind="edited")
    await user.press("bots only")
    await user.expect("flow's weight", kind="edited")  # the campaign rotates by weight
    await user.send("1001")
    await user.expect("flow's weight", kind="sent")
    await user.send("35")
    summary = await user.expect("I will create this flow", kind="sent")
    assert "Keto quiz v1 70%, Casino wheel DE 30%" in summary.text and "Weight: 35" in summary.text
    await user.press("✅ Create")
    await user.expect("Created: DE quiz", kind="edited")
    flow = next(s for s in keitaro.state.streams.values() if s["name"] == "DE quiz")
    assert (flow["campaign_id"], flow["schema"], flow["weight"]) == (2, "landings", 35)
    assert [(x["landing_id"], x["share"]) for x in flow["landings"]] == [(1, 70), (3, 30)]
    assert [(x["offer_id"], x["share"]) for x in flow["offers"]] == [(3, 100)]
    assert [(f["name"], f["mode"]) for f in flow["filters"]] == [("bot", "accept")]


async def test_a_default_flow_with_an_action(user: FakeUser, keitaro: KeitaroEmulator) -> None:
    await user.send("/flows 5")
    await user.expect("Flows — Main")
    await user.press("➕ New flow")
    await user.expect("What kind of flow?", kind="edited")
    await user.press("default")
    await user.expect("flow's name", kind="edited")
    await user.send("White page")
    await user.expect("Where does the flow send", kind="sent")
    await user.press("an action")
    await user.expect("What shall the flow do?", kind="edited")
    await user.press("redirect to an address")
    await user.expect("Send the address", kind="edited")
    await user.send("https://white.example.org/")
    summary = await user.expect("I will create this flow", kind="sent")  # a default flow has no filters
    assert "Countries" not in summary.text
    await user.press("✅ Create")
    await user.expect("Created: White page", kind="edited")
    flow = next(s for s in keitaro.state.streams.values() if s["name"] == "White page")
    assert (flow["type"], flow["schema"], flow["action_type"]) == ("default", "action", "http")
    assert flow["action_payload"] == "https://white.example.org/" and flow["filters"] == []
