"""/costs end to end (issue 17, part 3): a CSV file or one typed line of ad-network spend → the rows
with problems listed by line number (nothing written) → a preview per campaign and day with the
cost already there → ✅ Write → the emulator's reports show the new cost, and the summary shows
ROI before → after; the template file; a viewer refused; a scoped buyer's row for another buyer's
campaign reported and not written."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from handlers import numbers
from services.clock import ShiftedClock
from storage.scope import Scope
from tests.conftest import BotRunner
from tests.e2e.helpers import active_tracker_id, speak_russian, started_with_tracker
from tests.e2e.stats_expect import aggregate, local_midnight
from tests.e2e.team import join_team
from tests.fakes.keitaro import KeitaroEmulator
from tests.fakes.telegram import FakeTelegram, FakeUser

pytestmark = pytest.mark.date_sensitive  # the days written are days before the clock's today


@pytest.fixture
async def user(tg: FakeTelegram, keitaro: KeitaroEmulator, runner: BotRunner) -> FakeUser:
    return await started_with_tracker(tg, keitaro, runner, 7301)


def today(clock: ShiftedClock) -> date:
    return clock().date()  # the tracker's zone is UTC


def day_money(keitaro: KeitaroEmulator, campaign_id: int, day: date) -> dict[str, float]:
    """The emulator's own cost and revenue of a campaign on a UTC day."""
    start = local_midnight(day, "UTC")
    found = aggregate(keitaro, start, start + timedelta(days=1), lambda c, _m: c["campaign_id"])
    return dict(found.get(campaign_id, {"cost": 0.0, "revenue": 0.0}))


def cost_writes(keitaro: KeitaroEmulator) -> list[Any]:
    return [r for r in keitaro.requests if r.method == "POST" and r.path.endswith("/update_costs")]


def roi_text(cost: float, revenue: float) -> str:
    return "—" if cost <= 0 else numbers.percent((revenue - cost) / cost * 100, "en")


async def test_csv_preview_write_and_roi_summary(
    user: FakeUser, keitaro: KeitaroEmulator, clock: ShiftedClock, runner: BotRunner
) -> None:
    d1, d2, d5 = (today(clock) - timedelta(days=n) for n in (1, 2, 5))
    before = {(1, d1): day_money(keitaro, 1, d1), (1, d2): day_money(keitaro, 1, d2)}
    before[(2, d5)] = day_money(keitaro, 2, d5)
    assert all(m["cost"] > 0 for m in before.values())  # the seeded traffic had a cost there
    await user.send("/costs")
    await user.expect("Costs in")
    csv_text = (
        "campaign;date;cost;currency\n"
        f"1;{d2:%d.%m.%Y};150,40;USD\n"
        f"FB US Nutra;{d1.isoformat()};99,60;USD\n"
        f"TT DE Gambling;{d5.isoformat()};20;USD\n"
    )
    await user.send_document(csv_text.encode(), "spend.csv")
    preview = await user.expect("I will write 3 costs")
    text = preview.text
    assert "FB US Nutra #1" in text and "TT DE Gambling #2" in text
    assert f"{d2:%d.%m.%Y}: 150.40 USD (now {before[(1, d2)]['cost']:,.2f})" in text
    assert f"{d1:%d.%m.%Y}: 99.60 USD (now {before[(1, d1)]['cost']:,.2f})" in text
    assert f"{d5:%d.%m.%Y}: 20.00 USD (now {before[(2, d5)]['cost']:,.2f})" in text
    assert not cost_writes(keitaro)  # nothing before ✅

    await user.press("✅ Write")
    summary = await user.expect("3 costs written")
    assert day_money(keitaro, 1, d2)["cost"] == pytest.approx(150.40)
    assert day_money(keitaro, 1, d1)["cost"] == pytest.approx(99.60)
    assert day_money(keitaro, 2, d5)["cost"] == pytest.approx(20.0)
    cost_0 = before[(1, d1)]["cost"] + before[(1, d2)]["cost"]
    revenue = before[(1, d1)]["revenue"] + before[(1, d2)]["revenue"]
    line = (
        f"FB US Nutra #1: cost {cost_0:,.2f} → 250.00, "
        f"ROI {roi_text(cost_0, revenue)} → {roi_text(250.0, revenue)}"
    )
    assert line in summary.text
    m = before[(2, d5)]
    assert (
        f"TT DE Gambling #2: cost {m['cost']:,.2f} → 20.00, ROI {roi_text(m['cost'], m['revenue'])}"
        in summary.text
    )

    app = runner.running
    entries = await app.ctx.audit.for_tracker(await active_tracker_id(app, user), 20)
    written = [e for e in entries if e.action == "costs.update" and e.user_id == user.id]
    assert {(e.details["campaign_id"], e.details["start"], e.details["cost"]) for e in written} == {
        (1, d2.isoformat(), "150.4"), (1, d1.isoformat(), "99.6"), (2, d5.isoformat(), "20"),
    }  # fmt: skip
    assert all(
        e.details["currency"] == "USD" and "before" in e.details and "after" in e.details for e in written
    )

    await user.press("✅ Write", message=preview)  # a second press on the old preview writes nothing more
    assert len(cost_writes(keitaro)) == 3


async def test_bad_rows_listed_nothing_written_then_only_the_good_ones(
    user: FakeUser, keitaro: KeitaroEmulator, clock: ShiftedClock
) -> None:
    d1 = today(clock) - timedelta(days=1)
    await user.send("/costs")
    await user.expect("Costs in")
    csv_text = (
        "campaign,date,cost,currency\n"
        f'1,{d1.isoformat()},"12,5",USD\n'
        f"99,{d1.isoformat()},10,USD\n"
        "FB US Nutra,31.02.2026,10,USD\n"
        f"2,{d1.isoformat()},-3,XYZ\n"
    )
    await user.send_document(csv_text.encode(), "spend.csv")
    listed = await user.expect("3 rows have problems")
    assert "Nothing is written" in listed.text
    assert "Line 3: there is no campaign #99 in the tracker" in listed.text
    assert "Line 4: “31.02.2026” is not a day or a range" in listed.text
    assert "Line 5: the cost “-3” is negative; “XYZ” is not a currency code" in listed.text
    assert not cost_writes(keitaro)

    await user.press("🔁 Fix and send again")
    await user.expect("Costs in")
    await user.send_document(csv_text.encode(), "spend.csv")
    await user.expect("3 rows have problems")
    await user.press("Write only the 1 good row")
    await user.expect("I will write 1 cost")
    assert not cost_writes(keitaro)
    await user.press("✅ Write")
    await user.expect("1 cost written")
    assert [r.path for r in cost_writes(keitaro)] == ["/admin_api/v1/campaigns/1/update_costs"]
    assert day_money(keitaro, 1, d1)["cost"] == pytest.approx(12.5)


async def test_one_typed_line(user: FakeUser, keitaro: KeitaroEmulator, clock: ShiftedClock) -> None:
    d5, d6 = today(clock) - timedelta(days=5), today(clock) - timedelta(days=6)
    await user.send("/costs")
    await user.expect("Costs in")
    await user.send(f"TT DE Gambling {d6:%d.%m}–{d5:%d.%m} 100 EUR")
    preview = await user.expect("I will write 1 cost")
    assert f"{d6:%d.%m}–{d5:%d.%m.%Y}: 100.00 EUR" in preview.text
    await user.press("✅ Write")
    await user.expect("1 cost written")
    both = day_money(keitaro, 2, d5)["cost"] + day_money(keitaro, 2, d6)["cost"]
    assert both == pytest.approx(108.0)  # the emulator's EUR → USD rate, spread over the two days


async def test_typed_line_with_problems_keeps_the_screen(user: FakeUser, keitaro: KeitaroEmulator) -> None:
    await user.send("/costs")
    await user.expect("Costs in")
    await user.send("12 150 USD")
    await user.expect("Line 1: I need four things")
    await user.press("🔁 Fix and send again")
    await user.expect("Costs in")
    assert not cost_writes(keitaro)


async def test_template_button_sends_a_document(user: FakeUser) -> None:
    await user.send("/costs")
    await user.expect("Costs in")
    await user.press("📄 Template file")
    sent = await user.expect("costs-template.csv", kind="document")
    assert sent.document is not None
    content = bytes(sent.document["content"]).decode("utf-8-sig")
    assert content.splitlines()[0] == "campaign,date,cost,currency"


async def test_a_file_too_big_is_refused_with_a_sentence(user: FakeUser) -> None:
    await user.send("/costs")
    await user.expect("Costs in")
    await user.send_document(b"campaign;date;cost;currency\n" + b"x" * 1_100_000, "big.csv")
    await user.expect("The file is larger than 1 MB")


async def test_a_viewer_is_refused(
    tg: FakeTelegram, user: FakeUser, keitaro: KeitaroEmulator, runner: BotRunner
) -> None:
    app = runner.running
    viewer = tg.user(7302)
    await join_team(app, user, viewer, await active_tracker_id(app, user), "viewer")
    await viewer.send("/costs")
    await viewer.expect("Your role on Main is viewer")
    assert not cost_writes(keitaro)


async def test_a_scoped_buyer_cannot_cost_another_buyers_campaign(
    tg: FakeTelegram, user: FakeUser, keitaro: KeitaroEmulator, runner: BotRunner, clock: ShiftedClock
) -> None:
    app = runner.running
    anna = tg.user(7303)
    await join_team(app, user, anna, await active_tracker_id(app, user), "manager", Scope(groups=(2,)))
    d1 = today(clock) - timedelta(days=1)
    before = day_money(keitaro, 3, d1)["cost"]
    await anna.send("/costs")
    await anna.expect("Costs in")
    rows = f"campaign;date;cost;currency\n1;{d1};5;USD\n3;{d1};10;USD\nPush BR Sweeps;{d1};10;USD\n"
    await anna.send_document(rows.encode(), "spend.csv")
    listed = await anna.expect("2 rows have problems")
    assert "Line 3: campaign #3 is outside your campaigns" in listed.text
    assert "Line 4: none of your campaigns is named “Push BR Sweeps”" in listed.text
    await anna.press("Write only the 1 good row")
    await anna.expect("I will write 1 cost")
    await anna.press("✅ Write")
    await anna.expect("1 cost written")
    assert [r.path for r in cost_writes(keitaro)] == ["/admin_api/v1/campaigns/1/update_costs"]
    assert day_money(keitaro, 3, d1)["cost"] == pytest.approx(before)


async def test_many_problems_come_as_a_file_and_a_long_preview_is_paged(
    user: FakeUser, keitaro: KeitaroEmulator, clock: ShiftedClock
) -> None:
    days = [today(clock) - timedelta(days=n) for n in range(1, 15)]
    good = [f"1;{d.isoformat()};{n + 1};USD" for n, d in enumerate(days)]
    bad = [f"99;{days[0].isoformat()};1;USD" for _ in range(16)]
    rows = "campaign;date;cost;currency\n" + "\n".join(good + bad) + "\n"
    await user.send("/costs")
    await user.expect("Costs in")
    await user.send_document(rows.encode(), "spend.csv")
    sent = await user.expect("costs-problems.csv", kind="document")
    assert sent.document is not None
    lines = bytes(sent.document["content"]).decode("utf-8-sig").splitlines()
    assert lines[0] == "line,problem" and len(lines) == 17
    assert lines[-1] == "31,there is no campaign #99 in the tracker"
    listed = await user.expect("16 rows have problems")  # under the file it refers to
    assert "Line 16: there is no campaign #99" in listed.text
    assert "… and 1 more row (all of them in the file above)" in listed.text
    assert "Line 31" not in listed.text
    await user.press("Write only the 14 good rows")
    first = await user.expect("I will write 14 costs")
    assert "Page 1 of 2" in first.text and f"{days[0]:%d.%m.%Y}" not in first.text  # oldest first
    await user.press("Next ▶️")
    second = await user.expect("Page 2 of 2", kind="edited")
    assert f"{days[0]:%d.%m.%Y}: 1.00 USD" in second.text
    assert not cost_writes(keitaro)


async def test_in_russian(user: FakeUser, keitaro: KeitaroEmulator, clock: ShiftedClock) -> None:
    await speak_russian(user)
    d1 = today(clock) - timedelta(days=1)
    await user.send("/costs")
    await user.expect("Расходы")
    await user.send(f"FB US Nutra {d1:%d.%m.%Y} 1529,5 USD")
    preview = await user.expect("запишу расходы — 1 запись")
    assert f"{d1:%d.%m.%Y}: 1\u202f529,50 USD (сейчас " in preview.text
    await user.press("✅ Записать")
    done = await user.expect("записано — 1 запись")
    assert "→ 1\u202f529,50, ROI" in done.text
    assert day_money(keitaro, 1, d1)["cost"] == pytest.approx(1529.5)
