"""What an outbox row says: one pydantic model per kind of notification, told apart by ``type``.

The engine, escalation, conversion pushes and digests queue these (``alerts.outbox``); the outbox
stores them as JSON; the sender reads them back with :func:`parse_payload` and hands them to the
transport, whose renderer (a ``{payload type: renderer}`` registry the features fill, see
``handlers/notices.py``) writes the message in the chat's language at send time.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

__all__ = [
    "AlertChartPayload",
    "AlertEditPayload",
    "AlertGroupEditPayload",
    "AlertGroupPayload",
    "AlertPayload",
    "ConversionsPayload",
    "DigestPayload",
    "Payload",
    "PhotoMessageId",
    "TextPayload",
    "dump_payload",
    "parse_payload",
]

AlertEvent = Literal["fire", "repeat", "resolve", "escalate"]


class _Base(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")


class AlertPayload(_Base):
    """A new message about an alert (its buttons: ack, snooze, open report or check + logs, disable
    campaign, mute).

    ``unrouted``: nobody was set to hear the tracker's alerts, so it went to the owner's private
    chat by default; the message then says how to route them."""

    type: Literal["alert"] = "alert"
    alert_id: int
    event: AlertEvent
    unrouted: bool = False


class AlertEditPayload(_Base):
    """Edit every stored message of the alert in place (counter, last value, who acked; buttons
    removed once resolved)."""

    type: Literal["alert_edit"] = "alert_edit"
    alert_id: int


class ConversionsPayload(_Base):
    """A burst of conversion pushes of a tracker, one message (items as Keitaro's postback sent
    them: subid, status, revenue, currency, campaign, offer, country, ...)."""

    type: Literal["conversions"] = "conversions"
    tracker_id: int
    items: list[dict[str, Any]]


class DigestPayload(_Base):
    """The daily digest of a tracker for ``day`` (in the tracker's time zone)."""

    type: Literal["digest"] = "digest"
    tracker_id: int
    day: date


class TextPayload(_Base):
    """A plain notice from the locale files."""

    type: Literal["text"] = "text"
    key: str
    args: dict[str, str | int | float] = Field(default_factory=dict)


class AlertGroupPayload(_Base):
    """Issue 19, storms: one message about alerts of a tracker that fired together (a group), listing
    the alerts this chat would have heard of alone (``alerts.storms``). ``fire``: the group's message
    (with buttons: ack all, snooze all, show all); ``repeat``: its one reminder; ``escalate``: its
    critical alerts nobody acked, to the on-call escalation's chats (one message per step and chat);
    ``resolve``: every alert of the group is over."""

    type: Literal["alert_group"] = "alert_group"
    group_id: int
    event: Literal["fire", "repeat", "resolve", "escalate"]
    unrouted: bool = False


class AlertGroupEditPayload(_Base):
    """Issue 19, storms: edit the group's message in this chat in place (alerts joined, acked,
    snoozed, resolved)."""

    type: Literal["alert_group_edit"] = "alert_group_edit"
    group_id: int


class AlertChartPayload(_Base):
    """The chart of an alert's ``event`` message (issue 19), queued right after that message's row
    for the same chat: sent as a photo unless the message already went out as the chart with the
    text as its caption (then it sends nothing)."""

    type: Literal["alert_chart"] = "alert_chart"
    alert_id: int
    event: AlertEvent


class PhotoMessageId(int):
    """A message id whose message is a photo with the text as its caption (issue 19): what
    ``Transport.send`` returns for an alert message sent with its chart, and what the sender hands
    ``Transport.edit`` for such a message (it is edited with ``editMessageCaption``). A plain ``int``
    everywhere else, so transports that know nothing of photos keep working."""

    __slots__ = ()


Payload = Annotated[
    AlertPayload
    | AlertEditPayload
    | ConversionsPayload
    | DigestPayload
    | TextPayload
    | AlertGroupPayload
    | AlertGroupEditPayload
    | AlertChartPayload,
    Field(discriminator="type"),
]

_ADAPTER: TypeAdapter[Payload] = TypeAdapter(Payload)


def parse_payload(raw: dict[str, Any]) -> Payload | None:
    """The payload a stored row holds; ``None`` for one that is not valid (never raises)."""
    try:
        return _ADAPTER.validate_python(raw)
    except ValidationError:
        return None


def dump_payload(payload: Payload) -> dict[str, Any]:
    """The JSON the outbox stores."""
    return payload.model_dump(mode="json")
