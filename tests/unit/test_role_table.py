"""The README's roles table is the code's (``services.access.ROLE_ACTIONS``, the one table), and every
command of the bot says what it needs (``handlers.permissions``)."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

from handlers.features import menu
from handlers.permissions import BUTTONS, COMMANDS
from services.access import ROLE_ACTIONS, ROLES, Action

README = Path(__file__).resolve().parents[2] / "README.md"

# the README's words for each action, in the table's order
ACTION_TEXT: dict[Action, str] = {
    Action.VIEW: "Read numbers, logs, resource lists and cards, alerts and who acknowledged them",
    Action.RESPOND: "Acknowledge, snooze and mute alerts",
    Action.TOGGLE: "Enable, disable, pause campaigns and flows (confirmation and undo)",
    Action.POSTBACK_TEST: "Send a test postback",
    Action.WRITE: "Every other change in the tracker (edit, create, delete, bot list)",
    Action.ALERT_RULES: "Alert rules, subscriptions, digests, conversion pushes",
    Action.ONCALL: "The on-call rotation and escalation",
    Action.ADMINISTER: (
        "API key, postback URL, members and roles, the audit, read-only flag, removing the tracker"
    ),
}


def role_table() -> list[list[str]]:
    """The table's rows (header first) as the code says them."""
    rows = [["What", *ROLES]]
    for action in Action:
        rows.append([ACTION_TEXT[action], *("✅" if action in ROLE_ACTIONS[r] else "—" for r in ROLES)])
    return rows


def markdown(rows: list[list[str]]) -> str:
    """The markdown of the table (what README.md's "Teams" section holds)."""
    lines = ["| " + " | ".join(rows[0]) + " |", "|---|" + ":-:|" * len(ROLES)]
    lines += ["| " + " | ".join(row) + " |" for row in rows[1:]]
    return "\n".join(lines)


def readme_table() -> list[list[str]] | None:
    """The first table of README.md's "Teams" section (``None``: no such section yet)."""
    text = README.read_text(encoding="utf-8")
    section = re.search(r"^## Teams\b.*?(?=^## |\Z)", text, re.MULTILINE | re.DOTALL)
    if section is None:
        return None
    lines = [line.strip() for line in section.group(0).splitlines() if line.strip().startswith("|")]
    table = [[cell.strip() for cell in line.strip("|").split("|")] for line in lines]
    return [row for row in table if not all(re.fullmatch(r":?-+:?", cell) for cell in row)]


def test_every_action_has_words_and_every_role_a_column() -> None:
    assert set(ACTION_TEXT) == set(Action)
    assert set(ROLE_ACTIONS) == set(ROLES)


def test_readme_roles_table_is_the_code_table() -> None:
    table = readme_table()
    assert table is not None, 'README.md has no "## Teams" section; it holds this table:\n' + markdown(
        role_table()
    )
    assert table == role_table(), (
        "README's roles table differs from ROLE_ACTIONS; it should be:\n" + markdown(role_table())
    )


def test_every_command_says_what_it_needs() -> None:
    assert set(menu()) == set(COMMANDS)
    assert all(action in Action for action in BUTTONS.values())


def test_roles_only_grow() -> None:
    """Each role may do everything the role below it may (the README says "X + …")."""
    for lower, higher in itertools.pairwise(ROLES):
        assert ROLE_ACTIONS[lower] < ROLE_ACTIONS[higher]
