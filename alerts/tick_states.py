"""The states of one tracker's rules during one tick (:class:`StateBook`): read in one query before
the rules run, the changes kept and written in one durable transaction after the last rule and
before the tick's fires are told (:func:`alerts.storms.flush`).

What this keeps of the engine's order per identity (:mod:`alerts.engine`): the state row is still
written after its alert row, its notifications and their "notified" mark, and before a held fire is
told — only later within the tick and together with the other rules' states. A crash in between
leaves the old state next to the new alert, which the next tick redoes, as a crash between the
separate commits did before.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from storage.alerts import AlertRepo, AlertRule, AlertStateRow

__all__ = ["StateBook"]


@dataclass(slots=True)
class StateBook:
    before: dict[int, dict[str, AlertStateRow]]  # rule id → scope → its state as the tick began
    saves: dict[tuple[int, str], AlertStateRow] = field(default_factory=dict)
    deletes: set[tuple[int, str]] = field(default_factory=set)

    @classmethod
    async def read(cls, repo: AlertRepo, rules: Iterable[AlertRule]) -> StateBook:
        states = await repo.states_of_rules(r.id for r in rules)
        return cls({rule_id: {s.scope: s for s in rows} for rule_id, rows in states.items()})

    def of(self, rule_id: int) -> dict[str, AlertStateRow]:
        return dict(self.before.get(rule_id, {}))

    def save(self, state: AlertStateRow) -> None:
        key = (state.rule_id, state.scope)
        self.deletes.discard(key)
        self.saves[key] = state

    def delete(self, rule_id: int, scope: str) -> None:
        self.saves.pop((rule_id, scope), None)
        self.deletes.add((rule_id, scope))

    async def write(self, repo: AlertRepo) -> None:
        """Everything kept so far, in one transaction; the book is empty after it."""
        saves, deletes = list(self.saves.values()), sorted(self.deletes)
        self.saves, self.deletes = {}, set()
        await repo.write_states(saves, deletes)
