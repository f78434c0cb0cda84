"""Saved report setups, preferences and the report dialect in SQLite."""

from __future__ import annotations

import pytest

from storage import (
    Database,
    DuplicateReportName,
    SavedReportRepo,
    SecretBox,
    TooManyReports,
    TrackerRepo,
    UserRepo,
)
from storage.reports import MAX_SAVED_REPORTS

pytestmark = pytest.mark.date_sensitive  # rows are stamped (on the ``db`` fixture's clock)


async def test_saved_reports_are_per_owner_and_names_unique(db: Database) -> None:
    users, repo = UserRepo(db), SavedReportRepo(db)
    for uid in (1, 2):
        await users.touch(uid, username=None, role="user")
    saved = await repo.save(1, "Morning", {"range": "today", "group": "campaign"})
    assert (await repo.get(1, saved.id)).setup == {"range": "today", "group": "campaign"}  # type: ignore[union-attr]
    assert await repo.get(2, saved.id) is None  # somebody else's id finds nothing
    with pytest.raises(DuplicateReportName):
        await repo.save(1, "MORNING", {"range": "yesterday"})
    replaced = await repo.save(1, "MORNING", {"range": "yesterday"}, replace=True)
    assert replaced.id == saved.id and replaced.setup == {"range": "yesterday"} and replaced.name == "MORNING"
    await repo.save(2, "Morning", {})
    assert [r.name for r in await repo.list(1)] == ["MORNING"]
    assert not await repo.delete(2, saved.id)
    assert await repo.delete(1, saved.id)
    assert await repo.list(1) == []


async def test_saved_reports_are_bounded(db: Database) -> None:
    await UserRepo(db).touch(1, username=None, role="user")
    repo = SavedReportRepo(db)
    for n in range(MAX_SAVED_REPORTS):
        await repo.save(1, f"r{n}", {})
    with pytest.raises(TooManyReports):
        await repo.save(1, "one more", {})


async def test_preferences_and_report_dialect(db: Database) -> None:
    users = UserRepo(db)
    await users.touch(5, username="x", role="user")
    assert await users.prefs(5) == {}
    await users.set_pref(5, "stats_metrics", ["clicks", "cost"])
    await users.set_pref(5, "other", 1)
    await users.set_pref(5, "other", None)
    assert await users.prefs(5) == {"stats_metrics": ["clicks", "cost"]}
    trackers = TrackerRepo(db, SecretBox(b"k" * 32))
    draft = await trackers.create_draft(
        5, name="T", admin_url="https://t.example/admin/", api_key="key-12345678"
    )
    tracker = await trackers.finalize(5, draft.id)
    assert tracker.report_dialect is None
    assert await trackers.set_report_dialect(5, tracker.id, "dimensions")
    assert (await trackers.get(5, tracker.id)).report_dialect == "dimensions"  # type: ignore[union-attr]
