"""The on-call world fixture (tests/component/oncall/support.py)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any, cast

import pytest

from alerts.context import AlertsContext, AlertSettings
from services.clock import ManualClock, ShiftedClock
from storage import SecretBox, TrackerRepo, UserRepo
from storage.alerts import AlertRepo
from storage.connect import open_database
from storage.oncall import OncallRepo, QuietHoursRepo, WebhookSecretRepo
from storage.outbox import OutboxRepo
from storage.subscriptions import SubscriptionRepo
from tests.component.oncall.support import ALICE, BOB, CAROL, OWNER, World, first_monday_noon
from tests.conftest import BACKENDS


@pytest.fixture(params=BACKENDS)
async def world(tmp_path: Path, clock: ShiftedClock, request: pytest.FixtureRequest) -> AsyncIterator[World]:
    """The on-call world on each backend (SQLite, and PostgreSQL: a real server)."""
    world_clock = ManualClock(first_monday_noon(clock()))
    url = request.getfixturevalue("pg_url") if request.param == "postgres" else None
    db = open_database(url, tmp_path / "bot.sqlite3", clock=world_clock)
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
