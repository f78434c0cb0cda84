"""The engine's batched state I/O (issue 20), on SQLite and on PostgreSQL: the states of several
rules in one read, and saves and deletes in one durable transaction — the same rows as
``save_state``/``delete_state`` one by one."""

from __future__ import annotations

from storage import Database, SecretBox, TrackerRepo, UserRepo
from storage.alerts import AlertRepo, AlertStateRow

OWNER = 100


async def rules(db: Database, n: int) -> tuple[AlertRepo, list[int]]:
    await UserRepo(db).touch(OWNER, username=None, role="user")
    trackers = TrackerRepo(db, SecretBox(b"k" * 32))
    draft = await trackers.create_draft(OWNER, name="Main", admin_url="https://k.example", api_key="x" * 24)
    tracker = (await trackers.finalize(OWNER, draft.id)).id
    alerts = AlertRepo(db)
    ids = [
        (await alerts.create(OWNER, tracker, "roi_below", f"r{k}", None, {}, "warning")).id for k in range(n)
    ]
    return alerts, ids


async def test_states_of_rules_is_states_of_each(db: Database) -> None:
    alerts, (a, b, c) = await rules(db, 3)
    await alerts.save_state(AlertStateRow(a, "campaign:2", "firing", "2026-01-01T00:00:00.000Z", 0, 1.5))
    await alerts.save_state(AlertStateRow(a, "", "pending", "2026-01-01T00:00:00.000Z", data={"x": 1}))
    await alerts.save_state(AlertStateRow(b, "campaign:1", "ok", "2026-01-01T00:00:00.000Z"))
    got = await alerts.states_of_rules([c, b, a, a])
    assert got == {a: await alerts.states_of(a), b: await alerts.states_of(b), c: []}
    assert [s.scope for s in got[a]] == ["", "campaign:2"] and got[a][0].data == {"x": 1}
    assert await alerts.states_of_rules([]) == {}


async def test_write_states_saves_and_deletes_in_one_go(db: Database) -> None:
    alerts, (a, b) = await rules(db, 2)
    await alerts.save_state(AlertStateRow(a, "campaign:1", "firing", "2026-01-01T00:00:00.000Z"))
    await alerts.save_state(AlertStateRow(b, "", "pending", "2026-01-01T00:00:00.000Z"))
    saves = [
        AlertStateRow(a, "", "pending", "2026-01-02T00:00:00.000Z", 1, 2.5, "n", {"k": [1]}),
        AlertStateRow(b, "", "firing", "2026-01-02T00:00:00.000Z", 0, 3.0),  # an update
    ]
    await alerts.write_states(saves, [(a, "campaign:1"), (a, "campaign:9")])  # (9: nothing to delete)
    assert await alerts.states_of(a) == [saves[0]]
    assert await alerts.states_of(b) == [saves[1]]
    await alerts.write_states([], [])  # nothing: no transaction at all
    assert await alerts.get_state(b, "") == saves[1]
