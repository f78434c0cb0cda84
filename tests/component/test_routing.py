"""Routing, escalation, conversion batching, digests and webhook secrets over a real SQLite file:
who gets an alert and with what sound, when escalation reaches the team chat and when it stops, a
burst of conversions becoming one outbox row per chat, one digest per chat and day, and the
conversion webhook route (403 and nothing queued for a wrong secret)."""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path
from typing import Any, cast
from zoneinfo import ZoneInfo

import pytest
from aiohttp.test_utils import TestClient, TestServer

from alerts.context import AlertsContext, AlertSettings
from alerts.conversions import accept
from alerts.digest import run_digests
from alerts.escalation import run_escalations
from alerts.payloads import AlertPayload, parse_payload
from alerts.routing import Recipient, recipients
from bot.server import build_web_app
from services.clock import ShiftedClock
from storage import Database, SecretBox, TrackerRepo, UserRepo
from storage.alerts import AlertRepo
from storage.oncall import OncallRepo, QuietHoursRepo, Rotation, WebhookSecretRepo
from storage.outbox import OutboxRepo, OutboxRow, format_ts
from storage.subscriptions import SubscriptionRepo

OWNER, ALICE, BOB, CAROL = 5001, 5002, 5003, 5004
TEAM = -100777

pytestmark = pytest.mark.date_sensitive  # rotations, escalations, batches and digests compare times


def first_monday_noon(moment: datetime) -> datetime:
    """12:00 UTC of the first Monday on or after ``moment`` (the world starts there)."""
    day = moment.astimezone(UTC).date()
    return datetime.combine(day + timedelta(days=-day.weekday() % 7), clock_time(12), tzinfo=UTC)


def berlin(day: Any, hhmm: str) -> datetime:
    """``hhmm`` on ``day`` in Berlin (the tracker's zone), in UTC."""
    hour, minute = (int(x) for x in hhmm.split(":"))
    local = datetime.combine(day, clock_time(hour, minute), tzinfo=ZoneInfo("Europe/Berlin"))
    return local.astimezone(UTC)


@dataclass
class Clock:
    """The world's clock: moves only when a test says so; the database and the context read it."""

    now: datetime

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> datetime:
        self.now += timedelta(**delta)
        return self.now


@dataclass
class World:
    ctx: AlertsContext
    db: Database
    clock: Clock
    tracker_id: int
    other_tracker_id: int
    rows_seen: set[int] = field(default_factory=set)

    async def rows(self) -> list[OutboxRow]:
        found = await self.db.fetch_all("SELECT id FROM outbox ORDER BY id")
        out = []
        for r in found:
            row = await self.ctx.outbox.get(int(r["id"]))
            assert row is not None
            out.append(row)
        return out

    async def new_rows(self) -> list[OutboxRow]:
        rows = [r for r in await self.rows() if r.id not in self.rows_seen]
        self.rows_seen |= {r.id for r in rows}
        return rows


@pytest.fixture
async def world(tmp_path: Path, clock: ShiftedClock) -> AsyncIterator[World]:
    world_clock = Clock(first_monday_noon(clock()))
    db = Database(tmp_path / "bot.sqlite3", clock=world_clock)
    await db.open()
    box = SecretBox("component-test-secret-0123456789")
    users, trackers = UserRepo(db), TrackerRepo(db, box)
    for uid, name in ((OWNER, "owner"), (ALICE, "alice"), (BOB, "bob"), (CAROL, "carol")):
        await users.touch(uid, username=name, role="user")
    draft = await trackers.create_draft(OWNER, name="Main", admin_url="http://127.0.0.1:1", api_key="k" * 20)
    main = await trackers.finalize(OWNER, draft.id)
    await trackers.set_timezone(OWNER, main.id, "Europe/Berlin")
    draft = await trackers.create_draft(OWNER, name="Other", admin_url="http://127.0.0.1:1", api_key="k" * 20)
    other = await trackers.finalize(OWNER, draft.id)

    ctx = AlertsContext(
        trackers=trackers, users=users, alerts=AlertRepo(db), outbox=OutboxRepo(db),
        subscriptions=SubscriptionRepo(db), oncall=OncallRepo(db), quiet=QuietHoursRepo(db),
        webhooks=WebhookSecretRepo(db, box), clients=cast(Any, None),  # no Keitaro calls here
        settings=AlertSettings(conversion_batch_seconds=5.0), now=world_clock,
    )  # fmt: skip
    try:
        yield World(ctx, db, world_clock, main.id, other.id)
    finally:
        await db.close()


async def subscribe(w: World, chat_id: int, severity: str, *, group: bool = False, **extra: Any) -> None:
    await w.ctx.subscriptions.subscribe(
        chat_id, w.tracker_id, OWNER, "supergroup" if group else "private", "Team" if group else None, "en",
        severity,
    )  # fmt: skip
    if extra.get("conversions"):
        await w.ctx.subscriptions.set_conversions(chat_id, w.tracker_id, True)
    if extra.get("digest"):
        await w.ctx.subscriptions.set_digest_time(chat_id, w.tracker_id, extra["digest"])


def rotation(w: World, **changes: Any) -> Rotation:
    values: dict[str, Any] = {
        "tracker_id": w.tracker_id, "rotation": "weekly", "people": (ALICE, BOB), "handover": "10:00",
        "timezone": "UTC", "started_on": w.clock().date(), "backup_id": CAROL, "team_chat_id": TEAM,
        "escalate_minutes": 15, "max_repeats": 2,
    }  # fmt: skip
    values.update(changes)
    return Rotation(**values)


# ------------------------------------------------------------------ routing


async def test_severity_floor_and_silence(world: World) -> None:
    w = world
    await subscribe(w, ALICE, "critical")
    await subscribe(w, TEAM, "warning", group=True)
    await subscribe(w, BOB, "info")
    now = w.clock()
    assert await recipients(w.ctx, w.tracker_id, "info", now=now) == [Recipient(BOB, True)]
    assert await recipients(w.ctx, w.tracker_id, "warning", now=now) == [
        Recipient(TEAM, True),
        Recipient(BOB, True),
    ]
    assert await recipients(w.ctx, w.tracker_id, "critical", now=now) == [
        Recipient(ALICE, False),
        Recipient(TEAM, False),
        Recipient(BOB, False),
    ]
    # another tracker's subscribers are not asked: nobody hears that one, so its owner does
    assert await recipients(w.ctx, w.other_tracker_id, "critical", now=now) == [
        Recipient(OWNER, False, unrouted=True)
    ]
    # a chat that chose a higher minimum severity is a route: nothing falls back to the owner
    await w.ctx.subscriptions.unsubscribe(BOB, w.tracker_id)
    assert await recipients(w.ctx, w.tracker_id, "info", now=now) == []
    await w.ctx.subscriptions.unsubscribe(ALICE, w.tracker_id)
    await w.ctx.subscriptions.unsubscribe(TEAM, w.tracker_id)
    assert await recipients(w.ctx, w.tracker_id, "info", now=now) == [Recipient(OWNER, True, unrouted=True)]


async def test_quiet_hours_silence_all_but_critical(world: World) -> None:
    w = world
    await subscribe(w, BOB, "info", conversions=True)
    await w.ctx.quiet.set(BOB, "11:00", "14:00", "UTC")  # 12:00 UTC now: quiet
    now = w.clock()
    assert await recipients(w.ctx, w.tracker_id, "critical", now=now) == [Recipient(BOB, False)]
    assert await recipients(w.ctx, w.tracker_id, "warning", now=now) == [Recipient(BOB, True)]
    # conversion pushes ring outside quiet hours and arrive silently inside them
    assert await accept(w.ctx, w.tracker_id, {"status": "sale"}) == 1
    [quiet_row] = await w.new_rows()
    assert quiet_row.silent
    await w.ctx.quiet.clear(BOB)
    w.clock.advance(minutes=1)
    assert await accept(w.ctx, w.tracker_id, {"status": "sale"}) == 1
    [loud_row] = await w.new_rows()
    assert not loud_row.silent


async def test_critical_goes_to_the_person_on_duty_first(world: World) -> None:
    w = world
    await subscribe(w, ALICE, "info")
    await subscribe(w, TEAM, "info", group=True)
    await w.ctx.oncall.save(rotation(w))
    now = w.clock()  # Monday 12:00: Alice's week
    assert await recipients(w.ctx, w.tracker_id, "critical", now=now) == [Recipient(ALICE, False)]
    # the next week it is Bob, who is not even subscribed
    later = now + timedelta(days=7)
    assert await recipients(w.ctx, w.tracker_id, "critical", now=later) == [Recipient(BOB, False)]
    # on-call changes nothing for warnings
    assert await recipients(w.ctx, w.tracker_id, "warning", now=now) == [
        Recipient(ALICE, True),
        Recipient(TEAM, True),
    ]
    await w.ctx.quiet.set(ALICE, "00:00", "23:59", "UTC")  # quiet hours never hold back critical
    assert await recipients(w.ctx, w.tracker_id, "critical", now=now) == [Recipient(ALICE, False)]


# ------------------------------------------------------------------ escalation


async def open_critical(w: World) -> int:
    rule = await w.ctx.alerts.create(
        OWNER, w.tracker_id, "tracker_down", "Tracker down", None, {}, "critical"
    )
    alert = await w.ctx.alerts.open_alert(rule.id, "", w.tracker_id, "critical", format_ts(w.clock()), 1.0)
    return alert.id


def targets(rows: list[OutboxRow]) -> list[int]:
    return sorted(r.chat_id for r in rows)


async def test_escalation_reaches_the_team_chat_and_stops_on_ack(world: World) -> None:
    w = world
    await w.ctx.oncall.save(rotation(w))
    alert_id = await open_critical(w)
    await run_escalations(w.ctx, w.clock.advance(minutes=14, seconds=59))
    assert await w.new_rows() == []
    await run_escalations(w.ctx, w.clock.advance(seconds=1))
    step1 = await w.new_rows()
    assert targets(step1) == sorted([TEAM, CAROL])
    for row in step1:
        assert parse_payload(row.payload) == AlertPayload(alert_id=alert_id, event="escalate")
        assert row.dedup_key == f"alert:{alert_id}:esc:1:{row.chat_id}"
        assert not row.silent
    stored = await w.ctx.alerts.get_alert(alert_id)
    assert stored is not None and stored.escalation_step == 1
    # the same tick again (a restart) queues nothing twice
    await run_escalations(w.ctx, w.clock())
    assert await w.new_rows() == []
    # a repeat after escalate_minutes reminds the person on duty too
    await run_escalations(w.ctx, w.clock.advance(minutes=15))
    assert targets(await w.new_rows()) == sorted([ALICE, TEAM, CAROL])
    # acknowledged: nothing more
    await w.ctx.alerts.ack(alert_id, BOB, "bob", format_ts(w.clock()))
    await run_escalations(w.ctx, w.clock.advance(minutes=15))
    await run_escalations(w.ctx, w.clock.advance(minutes=15))
    assert await w.new_rows() == []


async def test_escalation_repeats_are_bounded_and_snooze_pauses(world: World) -> None:
    w = world
    await w.ctx.oncall.save(rotation(w, max_repeats=1, backup_id=None))
    alert_id = await open_critical(w)
    await w.ctx.alerts.snooze(alert_id, format_ts(w.clock() + timedelta(hours=1)))
    await run_escalations(w.ctx, w.clock.advance(minutes=30))
    assert await w.new_rows() == []  # snoozed: somebody is on it
    await run_escalations(w.ctx, w.clock.advance(minutes=31))
    assert targets(await w.new_rows()) == [TEAM]  # step 1
    await run_escalations(w.ctx, w.clock.advance(minutes=15))
    assert targets(await w.new_rows()) == sorted([ALICE, TEAM])  # the one repeat
    for _ in range(3):
        await run_escalations(w.ctx, w.clock.advance(minutes=15))
    assert await w.new_rows() == []
    stored = await w.ctx.alerts.get_alert(alert_id)
    assert stored is not None and (stored.escalation_step, stored.escalate_at) == (2, None)


async def test_no_escalation_without_a_rotation_or_for_warnings(world: World) -> None:
    w = world
    await subscribe(w, TEAM, "info", group=True)
    alert_id = await open_critical(w)
    await run_escalations(w.ctx, w.clock.advance(hours=2))
    assert await w.new_rows() == []
    await w.ctx.oncall.save(rotation(w))
    await w.ctx.alerts.update_alert(alert_id, severity="warning")
    await run_escalations(w.ctx, w.clock.advance(hours=2))
    assert await w.new_rows() == []


async def test_without_team_chat_and_backup_escalation_reaches_the_subscribers(world: World) -> None:
    w = world
    await subscribe(w, TEAM, "critical", group=True)
    await subscribe(w, BOB, "info")
    await w.ctx.oncall.save(rotation(w, team_chat_id=None, backup_id=None))
    await open_critical(w)
    await run_escalations(w.ctx, w.clock.advance(minutes=15))
    assert targets(await w.new_rows()) == sorted([TEAM, BOB])


# ------------------------------------------------------------------ conversions


async def test_a_burst_of_conversions_is_one_row_per_chat(world: World) -> None:
    w = world
    await subscribe(w, ALICE, "info", conversions=True)
    await subscribe(w, TEAM, "critical", group=True, conversions=True)
    await subscribe(w, BOB, "info")  # conversion pushes off
    for n in range(5):
        params = {"subid": f"s{n}", "status": "sale", "revenue": "10.5", "currency": "usd"}
        queued = await accept(w.ctx, w.tracker_id, {**params, "campaign": "{campaign_name}"})
        assert queued == 2
        w.clock.advance(seconds=0.5)
    rows = await w.new_rows()
    assert targets(rows) == sorted([ALICE, TEAM])
    for row in rows:
        assert row.payload["type"] == "conversions"
        assert row.payload["tracker_id"] == w.tracker_id
        assert [i["subid"] for i in row.payload["items"]] == [f"s{n}" for n in range(5)]
        assert all("campaign" not in i for i in row.payload["items"])  # an unsubstituted macro
    # once the batch's time has come, the next conversion starts a new message
    w.clock.advance(seconds=5)
    assert await accept(w.ctx, w.tracker_id, {"subid": "late", "status": "lead"}) == 2
    assert len(await w.new_rows()) == 2
    # a request without any conversion field queues nothing
    assert await accept(w.ctx, w.tracker_id, {"foo": "bar"}) == 0


async def test_the_webhook_route_refuses_wrong_secrets_and_batches(world: World) -> None:
    w = world
    await subscribe(w, ALICE, "info", conversions=True)
    await subscribe(w, TEAM, "info", group=True, conversions=True)
    secret = await w.ctx.webhooks.ensure(w.tracker_id, OWNER)
    assert await w.ctx.webhooks.ensure(w.tracker_id, OWNER) == secret
    app = build_web_app(db=w.db, mode="polling", started=time.monotonic(), alerts=w.ctx)
    async with TestClient(TestServer(app)) as client:
        for path in ("/hooks/conversions", "/hooks/conversions/", "/hooks/conversions/wrong-secret"):
            for method in ("GET", "POST"):
                resp = await client.request(method, path + "?subid=x&status=sale")
                assert resp.status == 403, (method, path)
        assert await w.rows() == []
        for n in range(5):
            if n % 2:
                resp = await client.post(
                    f"/hooks/conversions/{secret}", data={"subid": f"s{n}", "status": "sale"}
                )
            else:
                resp = await client.get(
                    f"/hooks/conversions/{secret}", params={"subid": f"s{n}", "status": "lead"}
                )
            assert resp.status == 200, await resp.text()
        rows = await w.new_rows()
        assert targets(rows) == sorted([ALICE, TEAM])
        for row in rows:
            assert [i["subid"] for i in row.payload["items"]] == [f"s{n}" for n in range(5)]
        # a new secret: the old URL is refused from now on
        new_secret = await w.ctx.webhooks.rotate(w.tracker_id, OWNER)
        assert new_secret != secret
        resp = await client.get(f"/hooks/conversions/{secret}", params={"subid": "z"})
        assert resp.status == 403
        assert await w.new_rows() == []


async def test_webhook_secrets_are_hashed_and_bound_to_the_owner(world: World) -> None:
    w = world
    secret = await w.ctx.webhooks.ensure(w.tracker_id, OWNER)
    assert len(secret) >= 32
    assert await w.ctx.webhooks.lookup(secret) == w.tracker_id
    assert await w.ctx.webhooks.lookup(secret[:-1]) is None
    assert await w.ctx.webhooks.lookup("") is None
    assert await w.ctx.webhooks.reveal(w.tracker_id, ALICE) is None  # not the owner
    raw = await w.db.fetch_one("SELECT * FROM webhook_secrets")
    assert raw is not None
    assert secret not in raw["secret_hash"] and secret.encode() not in bytes(raw["secret_enc"])
    with pytest.raises(LookupError):
        await w.ctx.webhooks.rotate(w.tracker_id, ALICE)


# ------------------------------------------------------------------ digests


async def test_one_digest_per_chat_and_day_at_the_chosen_local_time(world: World) -> None:
    w = world  # the tracker's zone is Europe/Berlin
    await subscribe(w, ALICE, "info", digest="09:00")
    await subscribe(w, TEAM, "info", group=True, digest="18:30")
    monday = w.clock().date()
    tuesday, wednesday = monday + timedelta(days=1), monday + timedelta(days=2)
    w.clock.now = berlin(tuesday, "08:59")
    assert await run_digests(w.ctx, w.clock()) == 0
    assert await run_digests(w.ctx, w.clock.advance(minutes=1)) == 1
    [row] = await w.new_rows()
    assert row.chat_id == ALICE
    assert row.payload == {"type": "digest", "tracker_id": w.tracker_id, "day": monday.isoformat()}
    assert await run_digests(w.ctx, w.clock.advance(hours=1)) == 0  # once a day
    w.clock.now = berlin(tuesday, "18:30")
    assert await run_digests(w.ctx, w.clock()) == 1
    assert targets(await w.new_rows()) == [TEAM]
    w.clock.now = berlin(wednesday, "09:00")
    assert await run_digests(w.ctx, w.clock()) == 1
    [row] = await w.new_rows()
    assert json.loads(json.dumps(row.payload))["day"] == tuesday.isoformat()


def test_the_url_keitaro_calls() -> None:
    from alerts.conversions import postback_query
    from bot.server import public_base_url

    assert public_base_url("https://bot.example.com/tg/webhook", "0.0.0.0", 8080) == "https://bot.example.com"
    assert public_base_url(None, "10.0.0.5", 8080) == "http://10.0.0.5:8080"
    query = postback_query()
    for macro in (
        "{subid}",
        "{status}",
        "{revenue}",
        "{currency}",
        "{campaign_name}",
        "{offer_name}",
        "{country}",
    ):
        assert f"={macro}" in query
