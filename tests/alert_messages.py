"""An alert with messages, without running the sender: the row :meth:`storage.outbox.OutboxRepo.mark_sent`
leaves in ``alert_messages`` when Telegram confirmed a message about an alert (the newest one per chat)."""

from __future__ import annotations

from storage.alerts import AlertRepo


async def remember_message(repo: AlertRepo, alert_id: int, chat_id: int, message_id: int) -> None:
    await repo.db.execute(
        "INSERT INTO alert_messages (alert_id, chat_id, message_id) VALUES (?, ?, ?)"
        " ON CONFLICT (alert_id, chat_id) DO UPDATE SET message_id = excluded.message_id",
        (alert_id, chat_id, message_id),
    )
