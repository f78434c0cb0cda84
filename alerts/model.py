"""The shared vocabulary of the alerting engine: states, severities, and the transport interface
the bot implements. Rule kinds are named by their modules (:mod:`alerts.kinds`); what a
notification says is one of the models in :mod:`alerts.payloads`."""

from __future__ import annotations

from enum import StrEnum
from typing import Any, Protocol, runtime_checkable

from alerts.payloads import AlertEditPayload, AlertGroupEditPayload, Payload

__all__ = [
    "SEVERITIES",
    "ChatGone",
    "ChatMigrated",
    "DeliveryError",
    "RetryAfter",
    "Severity",
    "State",
    "Transport",
    "severity_rank",
]


class State(StrEnum):
    OK = "ok"
    PENDING = "pending"  # condition true, ``for`` not yet elapsed: no message
    FIRING = "firing"
    ERROR = "error"  # the tracker API failed: neither fire nor resolve


class Severity(StrEnum):
    INFO = "info"
    WARNING = "warning"
    CRITICAL = "critical"


SEVERITIES: tuple[Severity, ...] = (Severity.INFO, Severity.WARNING, Severity.CRITICAL)


def severity_rank(value: str) -> int:
    """0 info, 1 warning, 2 critical (unknown values count as info)."""
    try:
        return SEVERITIES.index(Severity(value))
    except ValueError:
        return 0


class DeliveryError(Exception):
    """A message could not be delivered (the transport says why)."""


class RetryAfter(DeliveryError):
    """Telegram answered 429: wait ``seconds`` before the next message (to that chat / at all)."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"retry after {seconds}s")
        self.seconds = seconds


class ChatGone(DeliveryError):
    """403 (blocked, kicked) or chat not found: the chat's subscriptions are switched off."""


class ChatMigrated(DeliveryError):
    """A group became a supergroup: deliver to ``new_chat_id`` (and move subscriptions there)."""

    def __init__(self, new_chat_id: int) -> None:
        super().__init__(f"migrated to {new_chat_id}")
        self.new_chat_id = new_chat_id


class Transport(Protocol):
    """How the engine reaches Telegram (implemented in bot/ with aiogram; faked in unit tests)."""

    async def send(self, chat_id: int, payload: Payload, *, silent: bool) -> int | None:
        """Render ``payload`` for the chat and send it; the new message id (``None`` when the
        payload renders to nothing, e.g. an alert deleted meanwhile). Raises :class:`RetryAfter`,
        :class:`ChatGone`, :class:`ChatMigrated` or :class:`DeliveryError`."""
        ...

    async def edit(
        self, chat_id: int, message_id: int, payload: AlertEditPayload | AlertGroupEditPayload
    ) -> None:
        """Re-render ``payload`` into an existing message (``alert_edit``); "not modified" is fine."""
        ...


@runtime_checkable
class StagedTransport(Transport, Protocol):
    """A transport whose ``send`` is two steps the sender can run apart: :meth:`prepare` (render;
    no request) while the overall limit is waited for, then :meth:`deliver` (the request) in the
    counted slot -- so a render never lengthens the time a slot is held (issue 20)."""

    async def prepare(self, chat_id: int, payload: Payload) -> Any:
        """What :meth:`deliver` sends (``None``: nothing to say, nothing is sent)."""
        ...

    async def deliver(self, chat_id: int, payload: Payload, prepared: Any, *, silent: bool) -> int | None:
        """Send what :meth:`prepare` made; the same answers and errors as ``send``."""
        ...
