"""The HTTP side of the fake Telegram: the aiohttp app, long polling, webhook set-up (the pushes are in
``webhook.py``), fault injection.

It speaks the Bot API exactly the way aiogram's ``AiohttpSession`` uses it: ``POST /bot{token}/{method}``
with urlencoded or multipart bodies whose complex fields are JSON strings, answered with
``{"ok": true, "result": ...}`` or ``{"ok": false, "error_code": ..., ...}``.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import json
import re
import socket
import time
from collections.abc import Awaitable, Callable
from typing import Any

import aiohttp
from aiohttp import web

from tests.fakes.telegram_fake.limits import RATE_LIMITED_METHODS, RateLimiter, RateLimits
from tests.fakes.telegram_fake.methods import BotApiMethods
from tests.fakes.telegram_fake.models import Call, WebhookPush
from tests.fakes.telegram_fake.protocol import ApiError, Params, bad_request, decode_params
from tests.fakes.telegram_fake.webhook import WebhookDelivery

__all__ = ["DEFAULT_TOKEN", "FakeTelegramServer"]

DEFAULT_TOKEN = "1234567:AAtest-token-for-the-fake-server-0001"  # fake; 7-digit id on purpose

_METHODS = (
    "getMe", "getUpdates", "setWebhook", "deleteWebhook", "getWebhookInfo", "setMyCommands",
    "getMyCommands", "deleteMyCommands", "sendMessage", "editMessageText", "editMessageReplyMarkup",
    "deleteMessage", "answerCallbackQuery", "sendDocument", "sendPhoto", "sendChatAction", "getChat",
    "getChatMember", "getFile", "editMessageCaption",
)  # fmt: skip
_CANONICAL = {name.lower(): name for name in _METHODS}


class FakeTelegramServer(BotApiMethods, WebhookDelivery):
    """The Bot API server and its state; see ``tests/fakes/telegram.py`` for the user-facing driver."""

    def __init__(self, token: str = DEFAULT_TOKEN, *, host: str = "127.0.0.1", latency: float = 0.0) -> None:
        super().__init__(token)
        self.host = host
        # an added round trip, in seconds, for every Bot API request: half of it on the way in (the
        # request is counted and handled after it: Telegram's limits count arrivals), half on the way
        # back (before the answer leaves); 0 (the default) adds nothing, not even a sleep
        self.latency = latency
        self.port = 0
        self.webhook: dict[str, Any] | None = None
        self.pushes: list[WebhookPush] = []
        self._failures: dict[str, list[ApiError]] = {}
        self.rate_limiter: RateLimiter | None = None  # off unless enforce_rate_limits() was called
        self._pollers = 0
        self._poll_generation = 0
        self._webhook_error: tuple[int, str] | None = None
        self._runner: web.AppRunner | None = None
        self._client: aiohttp.ClientSession | None = None
        self._webhook_task: asyncio.Task[None] | None = None
        self._deliveries: dict[int, asyncio.Task[None]] = {}  # update id -> its push in flight
        self._busy_chats: set[int | None] = set()  # chats (or users) with a push in flight
        self._handlers: dict[str, Callable[[Params], Awaitable[Any]]] = {
            "getme": self._get_me,
            "getupdates": self._get_updates,
            "setwebhook": self._set_webhook,
            "deletewebhook": self._delete_webhook,
            "getwebhookinfo": self._get_webhook_info,
            "setmycommands": self._set_my_commands,
            "getmycommands": self._get_my_commands,
            "deletemycommands": self._delete_my_commands,
            "sendmessage": self._send_message,
            "editmessagetext": self._edit_message_text,
            "editmessagereplymarkup": self._edit_message_reply_markup,
            "editmessagecaption": self._edit_message_caption,
            "deletemessage": self._delete_message,
            "answercallbackquery": self._answer_callback_query,
            "senddocument": self._send_document,
            "sendphoto": self._send_photo,
            "sendchataction": self._send_chat_action,
            "getchat": self._get_chat,
            "getchatmember": self._get_chat_member,
            "getfile": self._get_file,
        }

    # ----------------------------------------------------------------- lifecycle

    @property
    def url(self) -> str:
        if not self.port:
            raise RuntimeError("the fake Telegram server is not started")
        return f"http://{self.host}:{self.port}"

    async def start(self) -> None:
        if self._runner is not None:
            raise RuntimeError("already started")
        app = web.Application(client_max_size=50 * 1024 * 1024)
        app.router.add_route("*", "/{tail:.*}", self._handle)
        runner = web.AppRunner(app, handler_cancellation=True, shutdown_timeout=2.0, access_log=None)
        await runner.setup()
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((self.host, 0))
        self.port = int(sock.getsockname()[1])
        await web.SockSite(runner, sock).start()
        self._runner = runner
        self._client = aiohttp.ClientSession()

    async def stop(self) -> None:
        """Wake every parked getUpdates (they answer ``[]``), stop webhook delivery, close the server."""
        if self._stopping:
            return
        self._stopping = True
        self._stopped.set()
        self._bump()
        tasks = [t for t in (self._webhook_task, *self._deliveries.values()) if t is not None]
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        if self._client is not None:
            await self._client.close()
        if self._runner is not None:
            await self._runner.cleanup()

    # ----------------------------------------------------------------- fault injection and polling

    def fail_next(
        self,
        method: str,
        *,
        status: int,
        description: str,
        retry_after: int | None = None,
        migrate_to_chat_id: int | None = None,
        times: int = 1,
    ) -> None:
        queue = self._failures.setdefault(method.lower(), [])
        queue.extend(
            ApiError(status, description, retry_after, migrate_to_chat_id=migrate_to_chat_id)
            for _ in range(times)
        )

    def enforce_rate_limits(self, limits: RateLimits | None = RateLimits()) -> None:  # noqa: B008
        """Answer 429 (with retry_after) to sends and edits that break Telegram's flood limits
        (see ``limits.py``); ``None`` switches the check off again. Off by default."""
        self.rate_limiter = None if limits is None else RateLimiter(limits)

    async def wait_polling(self, timeout: float = 10) -> None:
        """Wait until a getUpdates long poll is parked waiting for updates (the bot is listening)."""
        if await self._wait_for(lambda: True if self._pollers > 0 else None, timeout) is None:
            raise AssertionError(f"no getUpdates long poll within {timeout}s")

    # ----------------------------------------------------------------- HTTP

    async def _handle(self, request: web.Request) -> web.Response:
        download = re.fullmatch(r"/file/bot([^/]+)/documents/([^/]+)/.*", request.path)
        if download is not None:  # a file's content by the file_path getFile gave
            found = self._files.get(download.group(2)) if download.group(1) == self.token else None
            if found is None:
                return web.json_response(ApiError(404, "Not Found").payload(), status=404)
            return web.Response(body=found[0], content_type="application/octet-stream")
        m = re.fullmatch(r"/bot([^/]+)/([^/]+)", request.path)
        if m is None:
            return web.json_response(ApiError(404, "Not Found").payload(), status=404)
        token, method = m.groups()
        raw: dict[str, str] = dict(request.query)
        files: dict[str, bytes] = {}
        filenames: dict[str, str] = {}
        if request.method == "POST" and request.can_read_body:
            if request.content_type == "application/json":
                body = await request.json()
                if isinstance(body, dict):
                    raw.update({k: v if isinstance(v, str) else json.dumps(v) for k, v in body.items()})
            else:
                form = await request.post()
                for key, value in form.items():
                    if isinstance(value, web.FileField):
                        files[key] = value.file.read()
                        filenames[key] = value.filename
                    elif isinstance(value, bytes | bytearray):
                        raw[key] = bytes(value).decode()
                    else:
                        raw[key] = str(value)
        half = self.latency / 2
        if half > 0:
            await asyncio.sleep(half)  # on its way to Telegram
        status, payload = await self._execute(token, method, Params(raw, files, filenames))
        if half > 0:
            await asyncio.sleep(half)  # the answer on its way back
        return web.json_response(payload, status=status)

    async def _execute(self, token: str, method: str, params: Params) -> tuple[int, dict[str, Any]]:
        method = _CANONICAL.get(method.lower(), method)
        response: Any
        try:
            if token != self.token:
                raise ApiError(401, "Unauthorized")
            queue = self._failures.get(method.lower())
            if queue:
                raise queue.pop(0)
            if self.rate_limiter is not None and method.lower() in RATE_LIMITED_METHODS:
                chat_id = params.get_str("chat_id") or ""
                if chat_id.lstrip("-").isdigit():
                    self.rate_limiter.check(int(chat_id), time.monotonic())
            handler = self._handlers.get(method.lower())
            if handler is None:
                raise ApiError(404, "Not Found: method not found")
            result = await handler(params)
            status, payload, response = 200, {"ok": True, "result": result}, result
        except ApiError as error:
            status, payload, response = error.status, error.payload(), error.description
        self.calls.append(
            Call(method, decode_params(params.raw), dict(params.files), time.monotonic(), status, response)
        )
        self._bump()
        return status, payload

    # ----------------------------------------------------------------- long polling and webhook setup

    async def _get_updates(self, params: Params) -> list[dict[str, Any]]:
        if self.webhook is not None:
            raise ApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first",
            )
        offset = params.get_int("offset")
        limit = min(max(params.get_int("limit") or 100, 1), 100)
        timeout = max(params.get_int("timeout") or 0, 0)
        self._set_allowed_updates(params.get_json("allowed_updates"))
        if offset is not None and offset > 0:
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
        elif offset is not None and offset < 0:
            self._updates = self._updates[offset:]
        self._bump()
        self._poll_generation += 1
        generation = self._poll_generation
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        parked = False
        try:
            while True:
                if generation != self._poll_generation:
                    raise ApiError(
                        409,
                        "Conflict: terminated by other getUpdates request; "
                        "make sure that only one bot instance is running",
                    )
                if self.webhook is not None:
                    raise ApiError(409, "Conflict: terminated by setWebhook request")
                self._drop_disallowed()
                remaining = deadline - loop.time()
                if self._updates or self._stopping or remaining <= 0:
                    return copy.deepcopy(self._updates[:limit])
                if not parked:
                    parked = True
                    self._pollers += 1
                    self._bump()
                await self._wait_change(remaining)
        finally:
            if parked:
                self._pollers -= 1

    async def _set_webhook(self, params: Params) -> bool:
        url = params.get_str("url") or ""
        if not url:
            return await self._delete_webhook(params)
        secret = params.get_str("secret_token")
        if secret is not None and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", secret):
            raise bad_request("secret token contains unallowed characters")
        if params.get_bool("drop_pending_updates"):
            self._updates.clear()
        self._set_allowed_updates(params.get_json("allowed_updates"))
        self.webhook = {k: v for k, v in decode_params(params.raw).items() if k != "drop_pending_updates"}
        self._webhook_error = None
        if self._webhook_task is None or self._webhook_task.done():
            self._webhook_task = asyncio.create_task(self._webhook_loop())
        self._bump()
        return True

    async def _delete_webhook(self, params: Params) -> bool:
        if params.get_bool("drop_pending_updates"):
            self._updates.clear()
        self.webhook = None
        self._bump()
        return True

    async def _get_webhook_info(self, params: Params) -> dict[str, Any]:
        info: dict[str, Any] = {
            "url": "",
            "has_custom_certificate": False,
            "pending_update_count": len(self._updates),
        }
        if self.webhook is not None:
            info["url"] = self.webhook["url"]
            info["max_connections"] = int(self.webhook.get("max_connections") or 40)
            if self._allowed_updates is not None:
                info["allowed_updates"] = sorted(self._allowed_updates)
            if self._webhook_error is not None:
                info["last_error_date"], info["last_error_message"] = self._webhook_error
        return info
