"""The state of each alert identity (rule + scope) between ticks: :class:`AlertStates`, the part of
:class:`storage.alerts.AlertRepo` that reads and writes ``alert_states``.

The engine reads the states of all rules of a tracker in one query (:meth:`AlertStates.states_of_rules`)
and writes the ones a tick changed in one durable transaction (:meth:`AlertStates.write_states`)
instead of one query and one synced commit per rule.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from storage.alert_rows import AlertStateRow, dump_json, row_state
from storage.db import Database
from storage.timefmt import to_iso

__all__ = ["AlertStates"]

_SAVE = """
    INSERT INTO alert_states (rule_id, scope, state, since, fail_count, last_value, note, data,
        updated_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT(rule_id, scope) DO UPDATE SET state = excluded.state, since = excluded.since,
        fail_count = excluded.fail_count, last_value = excluded.last_value,
        note = excluded.note, data = excluded.data, updated_at = excluded.updated_at
"""
_DELETE = "DELETE FROM alert_states WHERE rule_id = ? AND scope = ?"


def _params(state: AlertStateRow, at: str) -> tuple[Any, ...]:
    return (
        state.rule_id,
        state.scope,
        state.state,
        state.since,
        state.fail_count,
        state.last_value,
        state.note,
        dump_json(state.data),
        at,
    )


class AlertStates:
    """``alert_states``: one row per identity that is not plainly OK-and-forgotten."""

    db: Database

    async def get_state(self, rule_id: int, scope: str) -> AlertStateRow | None:
        row = await self.db.fetch_one(
            "SELECT * FROM alert_states WHERE rule_id = ? AND scope = ?", (rule_id, scope)
        )
        return None if row is None else row_state(row)

    async def save_state(self, state: AlertStateRow) -> None:
        await self.db.execute(_SAVE, _params(state, to_iso(self.db.now())), durable=True)

    async def states_of(self, rule_id: int) -> list[AlertStateRow]:
        rows = await self.db.fetch_all(
            "SELECT * FROM alert_states WHERE rule_id = ? ORDER BY scope", (rule_id,)
        )
        return [row_state(r) for r in rows]

    async def states_of_rules(self, rule_ids: Iterable[int]) -> dict[int, list[AlertStateRow]]:
        """:meth:`states_of` of several rules in one query: rule id → its states in scope order
        (every rule asked for has an entry, empty when it has no state)."""
        ids = sorted(set(rule_ids))
        out: dict[int, list[AlertStateRow]] = {rule_id: [] for rule_id in ids}
        if not ids:
            return out
        marks = ", ".join("?" for _ in ids)
        rows = await self.db.fetch_all(
            f"SELECT * FROM alert_states WHERE rule_id IN ({marks}) ORDER BY rule_id, scope", ids
        )
        for row in rows:
            state = row_state(row)
            out[state.rule_id].append(state)
        return out

    async def delete_state(self, rule_id: int, scope: str) -> bool:
        return await self.db.execute(_DELETE, (rule_id, scope), durable=True) > 0

    async def write_states(
        self, saves: Sequence[AlertStateRow], deletes: Sequence[tuple[int, str]] = ()
    ) -> None:
        """Save ``saves`` and delete the identities ``deletes`` in one durable transaction (what
        :meth:`save_state` and :meth:`delete_state` do one by one, with one synced commit)."""
        if not saves and not deletes:
            return
        at = to_iso(self.db.now())
        async with self.db.transaction(durable=True) as conn:
            if saves:
                await conn.executemany(_SAVE, [_params(s, at) for s in saves])
            if deletes:
                await conn.executemany(_DELETE, list(deletes))
