"""The operation envelope kept from the n8n Keitaro node.

Any Keitaro call can be shown as::

    {"request": {"url", "method", "headers"}, "resource", "operation", "success", "data",
     "error": {"message", "http_status", "response_data"} | null}

with the Api-Key header masked. The exception behind a failed envelope (for its ``.code``) is
kept out of the serialised form, on :attr:`OperationEnvelope.exception`.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel, ConfigDict, PrivateAttr

from keitaro.errors import KeitaroError

__all__ = ["EnvelopeError", "EnvelopeRequest", "OperationEnvelope"]


class EnvelopeRequest(BaseModel):
    model_config = ConfigDict(frozen=True)

    url: str
    method: str
    headers: dict[str, str]


class EnvelopeError(BaseModel):
    model_config = ConfigDict(frozen=True)

    message: str
    http_status: int | None = None
    response_data: Any = None


class OperationEnvelope(BaseModel):
    request: EnvelopeRequest
    resource: str
    operation: str
    success: bool
    data: Any = None
    error: EnvelopeError | None = None

    _exception: KeitaroError | None = PrivateAttr(default=None)

    @property
    def exception(self) -> KeitaroError | None:
        """The typed error of a failed call (not serialised)."""
        return self._exception

    @property
    def error_code(self) -> str | None:
        return self._exception.code if self._exception is not None else None

    def to_json(self, *, indent: int | None = 2) -> str:
        """Pretty JSON for a "Details" view (non-ASCII kept readable)."""
        return json.dumps(self.model_dump(mode="json"), ensure_ascii=False, indent=indent, default=str)
