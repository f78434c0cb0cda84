"""Webhook push mode of the fake Telegram, as Telegram does it: up to ``max_connections`` pushes at
once (setWebhook's, default 40), one chat's updates one at a time and in order (the next only after
the previous was answered 2xx, or given up after :attr:`WebhookDelivery.webhook_max_attempts`
tries), retried with a doubling back-off, and a method call in the answer executed."""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from typing import Any

import aiohttp

from tests.fakes.telegram_fake.models import WebhookPush
from tests.fakes.telegram_fake.protocol import Params
from tests.fakes.telegram_fake.state import ServerState

__all__ = ["SECRET_HEADER", "WebhookDelivery", "order_key"]

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


def order_key(update: dict[str, Any]) -> int | None:
    """The chat whose updates Telegram pushes one at a time (the sender when there is no chat)."""
    for kind, body in update.items():
        if kind == "update_id" or not isinstance(body, dict):
            continue
        message = body.get("message")
        chat = body.get("chat") or (message.get("chat") if isinstance(message, dict) else None)
        if isinstance(chat, dict) and "id" in chat:
            return int(chat["id"])
        sender = body.get("from")
        if isinstance(sender, dict) and "id" in sender:
            return int(sender["id"])
    return None


class WebhookDelivery(ServerState):
    """The push side of :class:`tests.fakes.telegram_fake.server.FakeTelegramServer`."""

    webhook_max_attempts = 6  # deliveries per update before it is dropped
    webhook_retry_delay = 0.05  # first back-off between webhook attempts, doubled each time
    webhook_timeout = 60.0  # seconds an answer to a push is waited for (Telegram waits about a minute)
    # a new TCP connection per push (Telegram keeps them open): spreads pushes over the processes
    # that share the bot's port with SO_REUSEPORT, so a test sees every worker take updates
    webhook_fresh_connections = False

    webhook: dict[str, Any] | None
    pushes: list[WebhookPush]
    _client: aiohttp.ClientSession | None
    _webhook_error: tuple[int, str] | None
    _deliveries: dict[int, asyncio.Task[None]]
    _busy_chats: set[int | None]

    async def _execute(self, token: str, method: str, params: Params) -> tuple[int, dict[str, Any]]:
        raise NotImplementedError

    async def _webhook_loop(self) -> None:
        """Push pending updates like Telegram: up to ``max_connections`` (setWebhook's, default 40)
        at once, but one chat's updates one at a time and in order — the next only after the
        previous was answered 2xx or given up."""
        while not self._stopping and self.webhook is not None:
            hook = self.webhook
            self._drop_disallowed()
            limit = max(1, int(hook.get("max_connections") or 40))
            blocked = set(self._busy_chats)
            for update in list(self._updates):
                if len(self._deliveries) >= limit:
                    break
                key = order_key(update)
                if update["update_id"] in self._deliveries or (key is not None and key in blocked):
                    continue
                if key is not None:
                    blocked.add(key)
                    self._busy_chats.add(key)
                self._deliveries[update["update_id"]] = asyncio.create_task(
                    self._deliver_in_order(update, hook, key)
                )
            await self._wait_change(None)

    async def _deliver_in_order(self, update: dict[str, Any], hook: dict[str, Any], key: int | None) -> None:
        try:
            done = await self._deliver(update, hook)
        finally:
            self._deliveries.pop(update["update_id"], None)
            self._busy_chats.discard(key)
            self._bump()
        if done:
            kept = [u for u in self._updates if u is not update]
            if len(kept) != len(self._updates):
                self._updates = kept
                self._bump()

    async def _deliver(self, update: dict[str, Any], hook: dict[str, Any]) -> bool:
        """Push one update with retries; True when it is done with (delivered or given up)."""
        assert self._client is not None
        headers = {"Content-Type": "application/json"}
        if self.webhook_fresh_connections:
            headers["Connection"] = "close"
        if hook.get("secret_token"):
            headers[SECRET_HEADER] = str(hook["secret_token"])
        delay = self.webhook_retry_delay
        for attempt in range(self.webhook_max_attempts):
            if self._stopping or self.webhook is not hook:
                return False
            status: int | None = None
            error: str | None = None
            reply: dict[str, str] | None = None
            files: dict[str, bytes] = {}
            filenames: dict[str, str] = {}
            try:
                async with self._client.post(
                    str(hook["url"]),
                    data=json.dumps(update),
                    headers=headers,
                    timeout=aiohttp.ClientTimeout(total=self.webhook_timeout),
                ) as resp:
                    status = resp.status
                    if 200 <= status < 300:
                        reply = await self._read_webhook_reply(resp, files, filenames)
                    else:
                        error = f"Wrong response from the webhook: {status} {resp.reason}"
            except (aiohttp.ClientError, TimeoutError) as exc:
                error = f"Connection failed: {type(exc).__name__}: {exc}"
            self.pushes.append(
                WebhookPush(update["update_id"], str(hook["url"]), status, error, time.monotonic(), update)
            )
            self._bump()
            if error is None:
                if reply and reply.get("method"):
                    await self._execute(self.token, reply.pop("method"), Params(reply, files, filenames))
                return True
            self._webhook_error = (int(time.time()), error)
            if attempt + 1 < self.webhook_max_attempts:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._stopped.wait(), delay)
                delay *= 2
        return True

    @staticmethod
    async def _read_webhook_reply(
        resp: aiohttp.ClientResponse, files: dict[str, bytes], filenames: dict[str, str]
    ) -> dict[str, str] | None:
        """A method call returned in the webhook response body (JSON or multipart like aiogram sends)."""
        if resp.content_type == "application/json":
            body = await resp.json()
            if isinstance(body, dict) and body.get("method"):
                return {k: v if isinstance(v, str) else json.dumps(v) for k, v in body.items()}
            return None
        if resp.content_type != "multipart/form-data":
            return None
        reply: dict[str, str] = {}
        reader = aiohttp.MultipartReader.from_response(resp)
        while (part := await reader.next()) is not None:
            if not isinstance(part, aiohttp.BodyPartReader) or part.name is None:
                continue
            data = await part.read(decode=True)
            if part.filename:
                files[part.name] = bytes(data)
                filenames[part.name] = part.filename
            else:
                reply[part.name] = bytes(data).decode()
        return reply
