"""The command line of ``python -m bot`` / ``keitaro-bot``: its commands, its help (with the
configuration table, generated from :class:`Settings`) and reading the settings.

Kept light on purpose (argparse, pydantic, the settings): ``--help`` and a configuration error
answer before aiogram and the features are imported.
"""

from __future__ import annotations

import argparse
import sys
import textwrap
from collections.abc import Sequence
from pathlib import Path

from pydantic import ValidationError

from bot.settings import Settings, describe_settings_error

__all__ = ["configuration_table", "load_settings", "parse_args", "parser"]

DESCRIPTION = """\
A Telegram bot for teams that run the Keitaro tracker: connect a tracker with its Admin API key, test
postbacks, browse and change campaigns, flows and offers, read statistics, clicks and conversions,
and receive alerts to act on. Russian and English.

commands:
  run     (the default) start the bot: long polling, or a webhook when WEBHOOK_URL is set. Before it
          takes an update it checks the token (getMe; retried while Telegram cannot be reached), that
          the database belongs to this bot and that the secret key opens its data
  check   check the token (getMe), the database (opened and migrated) and the secret key, one line
          each (✓/✗), and exit: 0 when everything is right, 1 otherwise
  migrate apply the pending schema migrations to the database (DATABASE_URL, else DATABASE_PATH)
          and say its version before and after
  copy-from-sqlite PATH
          copy the SQLite database PATH of a deployment (every table, ids kept, in one transaction)
          into the empty PostgreSQL database of DATABASE_URL, after checking that the secret key
          opens its data; stop the bot first (README: Moving from SQLite to PostgreSQL)"""

WIDTH = 100
COMMANDS = ("run", "check", "migrate", "copy-from-sqlite")


def _shown_default(name: str) -> str:
    field = Settings.model_fields[name]
    extra = field.json_schema_extra
    if isinstance(extra, dict) and isinstance(extra.get("shown_default"), str):
        return str(extra["shown_default"])
    value = field.default
    if value is None:
        return "unset"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, frozenset | set | list | tuple) and not value:
        return "empty"
    if isinstance(value, Path):
        return value.as_posix()
    return str(value)


def configuration_table() -> str:
    """One entry per setting: the variable, what it means, its default."""
    names = list(Settings.model_fields)
    pad = max(len(n) for n in names) + 4
    lines = ["configuration (environment variables; a .env file in the working directory is read too):"]
    for name in names:
        field = Settings.model_fields[name]
        text = f"{field.description or ''} [default: {_shown_default(name)}]"
        wrapped = textwrap.wrap(text, WIDTH - pad) or [""]
        lines.append(f"  {name.upper():<{pad - 2}}{wrapped[0]}")
        lines.extend(" " * pad + more for more in wrapped[1:])
    return "\n".join(lines)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m bot",
        description=DESCRIPTION,
        epilog=configuration_table(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "command",
        nargs="?",
        choices=COMMANDS,
        default="run",
        help="run (default), check, migrate or copy-from-sqlite",
    )
    p.add_argument("path", nargs="?", metavar="PATH", help="copy-from-sqlite: the SQLite file to copy")
    p.add_argument(
        "--accept-new-secret-key",
        action="store_true",
        help="run even though the secret key is not the one the database was saved with; the key "
        "check is rewritten with the new key and trackers whose keys cannot be read ask for them again",
    )
    p.add_argument(
        "--accept-new-bot",
        action="store_true",
        help="run even though the database was used with another Telegram bot; "
        "it belongs to this one from now on",
    )
    return p


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    p = parser()
    args = p.parse_args(argv)
    if args.command != "run" and (args.accept_new_secret_key or args.accept_new_bot):
        p.error(f"--accept-new-secret-key and --accept-new-bot go with run, not with {args.command}")
    if args.command == "copy-from-sqlite" and not args.path:
        p.error(
            "copy-from-sqlite needs the SQLite file to copy: python -m bot copy-from-sqlite data/bot.sqlite3"
        )
    if args.command != "copy-from-sqlite" and args.path:
        p.error(f"{args.command} takes no PATH (only copy-from-sqlite does)")
    return args


def load_settings() -> Settings:
    """The settings from the environment and ``.env``; a bad one exits 2 with a line per variable."""
    try:
        return Settings()  # values come from the environment
    except ValidationError as exc:
        print("Configuration error:\n" + describe_settings_error(exc), file=sys.stderr)
        print("See python -m bot --help, or README.md → Configuration.", file=sys.stderr)
        raise SystemExit(2) from None
