"""Facts about the installation, kept in the ``meta`` table and checked at start-up.

* **The key check**: a constant sealed with the secret box. If it does not open, ``SECRET_KEY`` (or
  the key file) is not the key the stored secrets were saved with — every tracker key would fail
  to decrypt, so the bot refuses to start instead of failing command by command.
* **The bot id**: the Telegram bot the data belongs to (chats, message ids, conversation state).
"""

from __future__ import annotations

import enum
from datetime import datetime

from storage.db import Database
from storage.secretbox import SecretBox, SecretDecryptError
from storage.timefmt import from_iso, to_iso
from storage.trackers import API_KEY

__all__ = ["KeyCheck", "MetaRepo"]

_KEY_CHECK = "key_check"
_BOT_ID = "bot_id"
_LAST_TICK = "engine_last_tick"
_CANARY = "keitaro-oncall-bot: the secret key of this database"
_CANARY_OWNER = 0  # no user has id 0
_CANARY_PURPOSE = "meta.key_check"


class KeyCheck(enum.Enum):
    MATCHES = "matches"  # the key opens the canary
    ABSENT = "absent"  # a database from before the key check (or a new one): nothing to compare
    MISMATCH = "mismatch"  # another key


class MetaRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def _get(self, name: str) -> bytes | str | None:
        value = await self.db.fetch_value("SELECT value FROM meta WHERE name = ?", (name,))
        return value if isinstance(value, bytes | str) else None

    async def _set(self, name: str, value: bytes | str) -> None:
        """``value`` is kept as bytes (the column is a BLOB/BYTEA; text is read back either way)."""
        await self.db.execute(
            "INSERT INTO meta (name, value, updated_at) VALUES (?, ?, ?) "
            "ON CONFLICT(name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
            (name, value.encode() if isinstance(value, str) else value, to_iso(self.db.now())),
        )

    # --- the key check -------------------------------------------------------------------------
    async def check_key(self, box: SecretBox) -> KeyCheck:
        """A database from before the key check is judged by its newest tracker key instead: if that
        does not open either, the key file was lost or ``SECRET_KEY`` changed before the upgrade."""
        blob = await self._get(_KEY_CHECK)
        if not isinstance(blob, bytes):
            return await self._check_by_a_tracker_key(box)
        try:
            opened = box.decrypt(blob, owner_id=_CANARY_OWNER, purpose=_CANARY_PURPOSE)
        except SecretDecryptError:
            return KeyCheck.MISMATCH
        return KeyCheck.MATCHES if opened == _CANARY else KeyCheck.MISMATCH

    async def _check_by_a_tracker_key(self, box: SecretBox) -> KeyCheck:
        row = await self.db.fetch_one(
            "SELECT owner_id, api_key_enc FROM trackers WHERE api_key_enc IS NOT NULL"
            " ORDER BY id DESC LIMIT 1"
        )
        if row is None:
            return KeyCheck.ABSENT
        try:
            box.decrypt(bytes(row["api_key_enc"]), owner_id=int(row["owner_id"]), purpose=API_KEY)
        except SecretDecryptError:
            return KeyCheck.MISMATCH
        return KeyCheck.ABSENT

    async def has_key_check(self) -> bool:
        return await self._get(_KEY_CHECK) is not None

    async def write_key_check(self, box: SecretBox) -> None:
        """Seal the canary with ``box`` (first start, or the owner accepted a new key)."""
        await self._set(_KEY_CHECK, box.encrypt(_CANARY, owner_id=_CANARY_OWNER, purpose=_CANARY_PURPOSE))

    # --- the bot the data belongs to -------------------------------------------------------------
    async def bot_id(self) -> int | None:
        value = await self._get(_BOT_ID)
        if value is None:
            return None
        text = value.decode() if isinstance(value, bytes) else value
        return int(text) if text.strip().lstrip("-").isdigit() else None

    async def set_bot_id(self, bot_id: int) -> None:
        await self._set(_BOT_ID, str(bot_id))

    # --- the alert engine's last completed tick (issue 19, heartbeats) ----------------------------
    async def set_last_tick(self, at: datetime) -> None:
        """Written by the process that ticked (with several workers: the lease holder), read by
        ``/healthz`` of any worker."""
        await self._set(_LAST_TICK, to_iso(at))

    async def last_tick(self) -> datetime | None:
        value = await self._get(_LAST_TICK)
        if value is None:
            return None
        text = value.decode() if isinstance(value, bytes) else value
        try:
            return from_iso(text)
        except ValueError:
            return None
