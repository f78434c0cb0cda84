"""storage.trackers.TrackerRepo keeps each owner's trackers in memory.

Every update asks for the user's active tracker; the answer must come without SQL, and every
change (switching, renaming, a new key, deleting) must be seen by the very next read, through
any repository instance on the same database.
"""

from __future__ import annotations

import asyncio

import pytest

from services.clock import Clock
from storage import Database, SecretBox, TrackerRepo, UserRepo
from storage.connect import open_database
from tests.component.sqltrace import SqlTrace

OWNER = 7
KEY = "0123456789abcdef0123456789abcdef"


@pytest.fixture
def backend() -> str:
    """The memory is SQLite's (one process owns the file); PostgreSQL keeps none (the last test)."""
    return "sqlite"


@pytest.fixture(autouse=True)
async def owner(db: Database) -> None:
    await UserRepo(db).touch(OWNER, username=None, role="user")


def repo(db: Database) -> TrackerRepo:
    return TrackerRepo(db, SecretBox(b"k" * 32))


async def add(trackers: TrackerRepo, name: str) -> int:
    draft = await trackers.create_draft(OWNER, name=name, admin_url="https://k.example", api_key=KEY)
    return (await trackers.finalize(OWNER, draft.id)).id


async def test_reads_come_from_memory(db: Database) -> None:
    trackers = repo(db)
    first = await add(trackers, "Main")
    await trackers.get_active(OWNER)
    assert await trackers.get(OWNER + 1, first) is None  # never another owner's
    async with SqlTrace(db) as statements:
        for _ in range(3):
            active = await trackers.get_active(OWNER)
            assert active is not None and active.id == first
            assert (await trackers.get(OWNER, first)) == active
            assert [t.name for t in await trackers.list(OWNER)] == ["Main"]
            assert await trackers.get(OWNER + 1, first) is None
    assert statements == []


async def test_every_change_is_seen_by_the_next_read_of_any_instance(db: Database) -> None:
    writer, reader = repo(db), repo(db)
    first = await add(writer, "Main")
    assert (await reader.get_active(OWNER)).id == first  # type: ignore[union-attr]
    second = await add(writer, "Second")
    assert [t.name for t in await reader.list(OWNER)] == ["Main", "Second"]

    await writer.set_active(OWNER, second)
    assert (await reader.get_active(OWNER)).id == second  # type: ignore[union-attr]
    await writer.rename(OWNER, second, "Backup")
    assert (await reader.get(OWNER, second)).name == "Backup"  # type: ignore[union-attr]
    await writer.set_api_key(OWNER, second, "f" * 32)
    assert reader.api_key(await reader.get(OWNER, second)) == "f" * 32  # type: ignore[arg-type]
    await writer.set_report_dialect(OWNER, second, "dimensions")
    assert (await reader.get(OWNER, second)).report_dialect == "dimensions"  # type: ignore[union-attr]
    assert (await writer.delete(OWNER, second)).id == first  # type: ignore[union-attr]
    assert (await reader.get_active(OWNER)).id == first  # type: ignore[union-attr]
    assert await reader.get(OWNER, second) is None


async def test_a_read_overlapping_a_write_does_not_keep_the_old_rows(db: Database) -> None:
    trackers = repo(db)
    first = await add(trackers, "Main")
    second = await add(trackers, "Second")
    reading = asyncio.create_task(trackers.get_active(OWNER))  # SELECT in flight
    await asyncio.sleep(0)
    await trackers.set_active(OWNER, second)
    await reading  # may return either; it must not be remembered
    active = await trackers.get_active(OWNER)
    assert active is not None and active.id == second != first


async def test_on_a_shared_database_another_process_write_is_seen_at_once(pg_url: str, clock: Clock) -> None:
    """Two workers on one PostgreSQL database: what one writes, the other reads at its next question
    (nothing is remembered across updates when the tables are shared)."""
    one, two = open_database(pg_url, "unused", clock=clock), open_database(pg_url, "unused", clock=clock)
    await one.open()
    await two.open()
    try:
        assert one.shared and two.shared
        await UserRepo(one).touch(OWNER, username=None, role="user")
        writer, reader = repo(one), repo(two)
        first = await add(writer, "Main")
        assert (await reader.get_active(OWNER)).id == first  # type: ignore[union-attr]
        second = await add(writer, "Second")
        await writer.set_active(OWNER, second)
        assert (await reader.get_active(OWNER)).id == second  # type: ignore[union-attr]
        await writer.rename(OWNER, second, "Backup")
        assert [t.name for t in await reader.list(OWNER)] == ["Main", "Backup"]
    finally:
        await one.close()
        await two.close()
