"""What every Admin API operation stands on: the :class:`Requester` the client implements, the
:class:`OperationSpec` that names an operation, and the lenient parsing of answers into models
(:func:`parse_one`, :func:`parse_list`; a model that does not fit raises
:class:`~keitaro.errors.UnexpectedResponseError`)."""

from __future__ import annotations

import operator
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

import pydantic

from keitaro.envelope import OperationEnvelope
from keitaro.errors import UnexpectedResponseError
from keitaro.models import KeitaroModel

__all__ = [
    "M",
    "OperationSpec",
    "RequestGuard",
    "Requester",
    "Send",
    "entity_id",
    "parse_list",
    "parse_one",
]

M = TypeVar("M", bound=KeitaroModel)


class Requester(Protocol):
    """What operations need from the client (``KeitaroClient`` implements it)."""

    async def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        expect_json: bool = True,
        idempotent: bool | None = None,
    ) -> Any: ...

    async def request_envelope(
        self,
        method: str,
        path: str,
        *,
        resource: str,
        operation: str,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        expect_json: bool = True,
    ) -> OperationEnvelope: ...


Send = Callable[[Mapping[str, Any] | None, Any], Awaitable[Any]]
"""Sends the guarded request (same method and path) with these query parameters and JSON body."""


class RequestGuard(Protocol):
    """Stands between a guarded view (:meth:`KeitaroClient.guarded`) and the tracker: gets every
    request of the view and decides what is sent (``send``, maybe with other parameters or body)
    and what the caller gets back; it may refuse by raising a :class:`KeitaroError`."""

    async def __call__(
        self, method: str, path: str, params: Mapping[str, Any] | None, json: Any, send: Send
    ) -> Any: ...


@dataclass(frozen=True, slots=True)
class OperationSpec:
    """One Admin API operation: ``resource``/``operation`` names (as in the envelope), the HTTP
    method and the path template relative to ``/admin_api/v1`` (``{id}`` placeholders)."""

    resource: str
    operation: str
    method: str
    path: str


# ---------------------------------------------------------------- parsing


def _describe(exc: pydantic.ValidationError) -> str:
    first = exc.errors()[0]
    where = ".".join(str(p) for p in first.get("loc", ()))
    return f"{where}: {first.get('msg', 'invalid')}" if where else str(first.get("msg", "invalid"))


def parse_one(model: type[M], data: Any, spec: OperationSpec | None = None) -> M:
    what = f"{spec.resource}.{spec.operation}" if spec else model.__name__
    if not isinstance(data, dict):
        raise UnexpectedResponseError(
            f"{what}: expected a JSON object, got {type(data).__name__}", response_data=data
        )
    try:
        return model.model_validate(data)
    except pydantic.ValidationError as exc:
        raise UnexpectedResponseError(f"{what}: {_describe(exc)}", response_data=data) from exc


def parse_list(model: type[M], data: Any, spec: OperationSpec | None = None) -> list[M]:
    what = f"{spec.resource}.{spec.operation}" if spec else model.__name__
    if isinstance(data, dict) and isinstance(data.get("data"), list):
        data = data["data"]  # tolerate a {"data": [...]} wrapper
    if not isinstance(data, list):
        raise UnexpectedResponseError(
            f"{what}: expected a JSON array, got {type(data).__name__}", response_data=data
        )
    return [parse_one(model, item, spec) for item in data]


def entity_id(value: int) -> int:
    """Entity ids are integers; anything else would let a caller smuggle path segments."""
    if isinstance(value, bool):
        raise TypeError("an entity id must be an int, not bool")
    result = operator.index(value)
    if result < 0:
        raise ValueError("an entity id must not be negative")
    return result
