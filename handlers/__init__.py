"""Everything a Telegram user touches, one module or subpackage per feature."""

from __future__ import annotations

from aiogram import Router


def build_router() -> Router:
    """Fresh feature routers in priority order: commands first, dialogs, then the fallback."""
    from handlers import commands, fallback, language, logs
    from handlers.postback import dialog as postback
    from handlers.reports import dialog as stats
    from handlers.resources import botlist, browser
    from handlers.trackers import add, manage
    from handlers.traffic import clicks, conversions

    root = Router(name="handlers")
    root.include_router(commands.build_router())
    # alert-message buttons and the alerting dialogs come before the other dialogs' handlers
    from handlers import alerts, oncall

    root.include_routers(alerts.build_router(), oncall.build_router())
    root.include_routers(
        language.build_dialog(),
        manage.build_dialog(),
        add.build_dialog(),
        postback.build_dialog(),
        browser.build_dialog(),
        botlist.build_dialog(),
        stats.build_dialog(),
        conversions.build_dialog(),
        clicks.build_dialog(),
        logs.build_dialog(),
    )
    root.include_router(fallback.build_router())
    return root
