"""What every feature shares and ``bot/`` builds once: the clock, the tracker → Keitaro client
service and the access decision. ``handlers/`` and ``alerts/`` receive them; this package imports
``keitaro/`` and ``storage/`` and nothing of Telegram."""
