"""Entry point: ``python -m bot`` or ``keitaro-bot`` (``--help``: what it does, how to configure it)."""

from __future__ import annotations

from bot.cli import load_settings, parse_args
from bot.lazy_models import defer_aiogram_models
from bot.logsetup import setup_logging


def main() -> None:
    args = parse_args()  # --help answers here, before anything heavy is imported
    settings = load_settings()  # a configuration error exits 2 here, one line per variable
    setup_logging(settings.log_level)
    defer_aiogram_models()  # before anything imports aiogram: its models are built at first use

    from bot import launch  # the one function-level import (tests/test_imports.py says why)

    raise SystemExit(launch.main(args, settings))


if __name__ == "__main__":
    main()
