"""The sender's edit passes: an ``alert_edit`` row edits every stored message of its alert (the
guarantees are in :mod:`alerts.sender`; this is the half of :class:`alerts.sender.Sender` that
edits).

One pass per alert at a time in a process (a lock), and with several senders one pass for all of
them: the pass first takes the alert's ``alert_edit`` rows (:meth:`alerts.claims.Claims.take_edits`),
and a sender whose row another pass took leaves it to that pass. A pass waits for this process's
sends of the alert in flight; a send in flight in another process cannot be waited for, so such a
send looks, once marked, whether an edit of its alert was queued after it began, and if so edits its
own message (:meth:`EditPasses._catch_up`).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import Counter
from collections.abc import AsyncIterator
from functools import partial
from typing import Any

from alerts.claims import Claims
from alerts.context import AlertsContext
from alerts.model import ChatGone, ChatMigrated, DeliveryError, RetryAfter, Transport
from alerts.outbox import wakeup
from alerts.pacing import Pacer, Stopped
from alerts.payloads import (
    AlertChartPayload,
    AlertEditPayload,
    AlertGroupEditPayload,
    Payload,
    PhotoMessageId,
)
from storage.alert_groups import AlertGroupRepo
from storage.outbox import OutboxRow

__all__ = ["EditPasses", "Undeliverable"]

log = logging.getLogger(__name__)


class Undeliverable(DeliveryError):
    """Telegram refused the request itself (bad request): sending it again cannot help."""


class EditPasses:
    """Edit passes over an alert's messages (a part of :class:`alerts.sender.Sender`)."""

    ctx: AlertsContext
    transport: Transport
    stats: Counter[str]
    claims: Claims | None
    _pacer: Pacer
    _sending: Counter[int]  # alert id -> "alert" sends in flight in this process
    _sent_cond: asyncio.Condition
    _alert_locks: dict[int, list[Any]]  # alert id -> [lock, users]

    async def _migrate(self, old_chat_id: int, new_chat_id: int) -> None:
        moved = await self.ctx.subscriptions.migrate_chat(old_chat_id, new_chat_id)
        rows = await self.ctx.outbox.retarget(old_chat_id, new_chat_id)
        self.stats["migrated"] += 1
        log.info(
            "outbox: chat %s became %s; moved %d subscription(s), %d pending row(s)",
            old_chat_id,
            new_chat_id,
            moved,
            rows,
        )
        wakeup(self.ctx).set()

    async def _edit_all(self, row: OutboxRow, payload: AlertEditPayload) -> None:
        """Edit every stored message of the alert, and settle every ``alert_edit`` row of that alert
        queued so far: the engine queues one per chat, one pass covers them all."""
        alert_id = payload.alert_id
        async with self._alert_lock(alert_id):  # one pass per alert at a time
            fresh = await self.ctx.outbox.get(row.id)
            if fresh is None or fresh.sent_at is not None or fresh.failed is not None:
                return  # a pass made meanwhile covered it
            async with self._sent_cond:  # a message of this alert being sent right now is edited too
                await self._sent_cond.wait_for(lambda: self._sending[alert_id] <= 0)
            # rows queued up to now describe changes made before the rendering below: all covered
            horizon = await self.ctx.outbox.last_id()
            claims = self.claims
            if claims is not None and not await claims.take_edits(row, alert_id, horizon):
                return  # another sender's pass has the row: it covers it
            done = False
            try:
                await self._edit_messages(alert_id, payload)
                settled = await self.ctx.outbox.settle_edits(alert_id, horizon, self.ctx.now())
                done = True
            finally:
                if claims is not None and not done:
                    await claims.end_pass(alert_id)
            self.stats["edited"] += 1
            self.stats["superseded"] += max(settled - 1, 0)
            if claims is not None:
                wakeup(self.ctx).set()  # the chats whose edit rows the pass took may go on

    async def _edit(self, row: OutboxRow, payload: AlertEditPayload | AlertGroupEditPayload) -> None:
        if isinstance(payload, AlertGroupEditPayload):
            await self._edit_group(row, payload)
        else:
            await self._edit_all(row, payload)

    async def _edit_group(self, row: OutboxRow, payload: AlertGroupEditPayload) -> None:
        """Issue 19, storms: edit the group's message in the row's chat (``alerts.storms``). The row
        is queued behind the chat's group message (``group:{id}:fire:{chat}``) and a chat's rows go
        in order, so the message is sent (or failed) by now; a failed one has nothing to edit."""
        message_id = await AlertGroupRepo(self.ctx.outbox.db).message(payload.group_id, row.chat_id)
        if message_id is not None:
            edit = partial(self.transport.edit, row.chat_id, message_id, payload)
            await self._pacer.paced(row.chat_id, edit)
            self.stats["edits"] += 1
        await self.ctx.outbox.mark_sent(row.id, None, self.ctx.now())
        self.stats["edited"] += 1

    async def _edit_messages(self, alert_id: int, payload: AlertEditPayload) -> None:
        transient: Exception | None = None
        photos = await self.ctx.outbox.photo_messages(alert_id)  # edited as captions (issue 19)
        for chat_id, stored in await self.ctx.outbox.alert_messages(alert_id):
            message_id = PhotoMessageId(stored) if (chat_id, stored) in photos else stored
            try:
                await self._pacer.paced(chat_id, partial(self.transport.edit, chat_id, message_id, payload))
                self.stats["edits"] += 1
            except (Stopped, RetryAfter):
                raise  # the whole row waits; edits already made come back "not modified"
            except ChatGone as error:
                await self.ctx.subscriptions.deactivate_chat(chat_id)
                log.warning("outbox: chat %s is gone (%s); unsubscribed it", chat_id, error)
            except ChatMigrated as error:
                await self._migrate(chat_id, error.new_chat_id)
            except Undeliverable as error:  # deleted by a person, or too old to edit: leave it
                log.info("outbox: message %s in chat %s cannot be edited: %s", message_id, chat_id, error)
            except Exception as error:
                transient = error
        if transient is not None:
            raise transient

    async def _catch_up(self, chat_id: int, message_id: int, alert_id: int, mark: int) -> None:
        """Several senders: the message of the alert just sent to ``chat_id`` was rendered after row
        ``mark`` was the newest; if an edit of the alert was queued since, a pass elsewhere may have
        missed this message (it was in flight there): bring it up to date here."""
        assert self.claims is not None
        try:
            if not await self.claims.edited_since(alert_id, mark):
                return
            edit = AlertEditPayload(alert_id=alert_id)  # message_id: a PhotoMessageId as sent
            await self._pacer.paced(chat_id, partial(self.transport.edit, chat_id, message_id, edit))
            self.stats["edits"] += 1
        except Stopped:
            raise
        except Exception as error:  # the next edit of the alert covers it
            log.info("outbox: message %s in chat %s not brought up to date: %s", message_id, chat_id, error)

    async def _chart_carried(self, row: OutboxRow, payload: Payload) -> bool:
        """An ``alert_chart`` row whose alert's message in the chat went out with its chart (a photo
        with the text as its caption, issue 19): marked sent here, without a request or a pacing
        slot; False for any other row."""
        if not isinstance(payload, AlertChartPayload):
            return False
        photos = await self.ctx.outbox.photo_messages(payload.alert_id)
        if not any(chat == row.chat_id for chat, _ in photos):
            return False
        await self.ctx.outbox.mark_sent(row.id, None, self.ctx.now())
        self.stats["superseded"] += 1
        return True

    @contextlib.asynccontextmanager
    async def _alert_lock(self, alert_id: int) -> AsyncIterator[None]:
        entry = self._alert_locks.get(alert_id)
        if entry is None:
            entry = self._alert_locks[alert_id] = [asyncio.Lock(), 0]
        entry[1] += 1
        try:
            async with entry[0]:
                yield
        finally:
            entry[1] -= 1
            if entry[1] <= 0:
                del self._alert_locks[alert_id]
