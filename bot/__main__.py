"""Entry point: ``python -m bot`` or ``keitaro-bot``."""

from __future__ import annotations

import asyncio
import contextlib
import sys

from pydantic import ValidationError

from bot.logsetup import setup_logging
from bot.settings import Settings, describe_settings_error


def main() -> None:
    try:
        settings = Settings()  # values come from the environment
    except ValidationError as exc:
        print("Configuration error:\n" + describe_settings_error(exc), file=sys.stderr)
        print("See README.md → Configuration.", file=sys.stderr)
        raise SystemExit(2) from None
    setup_logging(settings.log_level)

    from bot.app import BotApp  # the one function-level import (tests/test_imports.py says why)

    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(BotApp(settings, freeze_startup_heap=True).run())


if __name__ == "__main__":
    main()
