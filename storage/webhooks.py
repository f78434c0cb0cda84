"""The secret in a tracker's conversion-webhook URL (table ``webhook_secrets``): its SHA-256 for the
lookup of an incoming request, and the secret itself encrypted (bound to the tracker's owner) so the
URL can be shown again; and the batching of conversion pushes in the outbox.

Re-exported by :mod:`storage.oncall` (``from storage.oncall import WebhookSecretRepo``).
"""

from __future__ import annotations

import hashlib
import json
import secrets
from datetime import datetime
from typing import Any

from storage.db import Database
from storage.outbox import format_ts
from storage.secretbox import SecretBox, SecretDecryptError

__all__ = ["WEBHOOK_SECRET", "WebhookSecretRepo", "WebhookSecretUnreadable", "hash_secret"]

WEBHOOK_SECRET = "tracker.webhook_secret"  # noqa: S105 - purpose of the encrypted secret (see SecretBox)
SECRET_BYTES = 24  # 32 URL-safe characters


class WebhookSecretUnreadable(SecretDecryptError):
    """The tracker has a webhook secret, but its stored copy does not decrypt with the current
    ``SECRET_KEY``: the URL cannot be shown again. Incoming requests are still matched by the
    secret's hash, so the URL pasted into Keitaro keeps working; only an explicit
    :meth:`WebhookSecretRepo.rotate` replaces it."""

    def __init__(self, tracker_id: int) -> None:
        super().__init__(f"the webhook secret of tracker {tracker_id} cannot be decrypted")
        self.tracker_id = tracker_id


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


class WebhookSecretRepo:
    """Every method that reveals or changes a secret takes the tracker's owner id (the AEAD binds
    the ciphertext to it); :meth:`lookup` maps an incoming secret to its tracker."""

    def __init__(self, db: Database, box: SecretBox) -> None:
        self.db = db
        self.box = box

    async def lookup(self, secret: str) -> int | None:
        """The tracker whose URL carries ``secret`` (None for a wrong or empty one)."""
        if not secret or len(secret) > 200:
            return None
        value = await self.db.fetch_value(
            "SELECT w.tracker_id FROM webhook_secrets w JOIN trackers t ON t.id = w.tracker_id"
            " WHERE w.secret_hash = ? AND t.is_draft = 0",
            (hash_secret(secret),),
        )
        return None if value is None else int(value)

    async def reveal(self, tracker_id: int, owner_id: int) -> str | None:
        """The secret (None when the tracker has none); :class:`WebhookSecretUnreadable` when it
        has one that does not decrypt."""
        row = await self.db.fetch_one(
            "SELECT w.secret_enc FROM webhook_secrets w JOIN trackers t ON t.id = w.tracker_id"
            " WHERE w.tracker_id = ? AND t.owner_id = ?",
            (tracker_id, owner_id),
        )
        if row is None:
            return None
        try:
            return self.box.decrypt(bytes(row["secret_enc"]), owner_id=owner_id, purpose=WEBHOOK_SECRET)
        except SecretDecryptError as exc:
            raise WebhookSecretUnreadable(tracker_id) from exc

    async def ensure(self, tracker_id: int, owner_id: int) -> str:
        """The tracker's secret, created on first use. One that exists but does not decrypt is
        never replaced here (:class:`WebhookSecretUnreadable`): the URL in Keitaro still works."""
        existing = await self.reveal(tracker_id, owner_id)
        if existing is not None:
            return existing
        return await self.rotate(tracker_id, owner_id)

    async def rotate(self, tracker_id: int, owner_id: int) -> str:
        """A new secret: the old URL stops working at once."""
        owner = await self.db.fetch_value(
            "SELECT owner_id FROM trackers WHERE id = ? AND owner_id = ?", (tracker_id, owner_id)
        )
        if owner is None:
            raise LookupError("tracker not found")
        secret = secrets.token_urlsafe(SECRET_BYTES)
        enc = self.box.encrypt(secret, owner_id=owner_id, purpose=WEBHOOK_SECRET)
        await self.db.execute(
            "INSERT INTO webhook_secrets (tracker_id, secret_hash, secret_enc) VALUES (?, ?, ?)"
            " ON CONFLICT(tracker_id) DO UPDATE SET secret_hash = excluded.secret_hash,"
            " secret_enc = excluded.secret_enc",
            (tracker_id, hash_secret(secret), enc),
        )
        return secret

    async def delete(self, tracker_id: int, owner_id: int) -> bool:
        changed = await self.db.execute(
            "DELETE FROM webhook_secrets WHERE tracker_id = ?"
            " AND tracker_id IN (SELECT id FROM trackers WHERE owner_id = ?)",
            (tracker_id, owner_id),
        )
        return changed > 0

    # --- batching of conversion pushes in the outbox -------------------------------------------
    async def merge_into_batch(
        self,
        chat_id: int,
        dedup_prefix: str,
        items: list[dict[str, Any]],
        *,
        open_after: datetime,
        max_items: int,
    ) -> bool:
        """Append ``items`` to the chat's newest batch still collecting: an unsent outbox row whose
        dedup key starts with ``dedup_prefix`` and whose ``not_before`` is later than ``open_after``
        (the sender picks a row only once ``not_before`` passed, so it cannot be reading this one).
        False when there is no such batch or it is full: the caller queues a new row."""
        async with self.db.transaction(durable=True) as conn:  # the outbox commits synced (storage/db.py)
            async with conn.execute(
                "SELECT id, payload FROM outbox WHERE chat_id = ? AND dedup_key LIKE ? ESCAPE '\\'"
                " AND sent_at IS NULL AND failed IS NULL AND not_before > ? ORDER BY id DESC LIMIT 1",
                (chat_id, _like_prefix(dedup_prefix), format_ts(open_after)),
            ) as cur:
                row = await cur.fetchone()
            if row is None:
                return False
            try:
                payload = json.loads(row["payload"])
            except ValueError:
                return False
            batch = payload.get("items") if isinstance(payload, dict) else None
            if not isinstance(batch, list) or len(batch) + len(items) > max_items:
                return False
            batch.extend(items)
            await conn.execute(
                "UPDATE outbox SET payload = ? WHERE id = ?",
                (json.dumps(payload, sort_keys=True, ensure_ascii=False), row["id"]),
            )
        return True


def _like_prefix(prefix: str) -> str:
    return prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
