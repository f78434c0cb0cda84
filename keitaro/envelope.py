"""The operation envelope kept from the n8n Keitaro node.

Any Keitaro call can be shown as::

    {"request": {"url", "method", "headers"}, "resource", "operation", "success", "data",
     "error": {"message", "http_status", "response_data"} | null}

with the Api-Key header masked. The exception behind a failed envelope (for its ``.code``) is
kept out of the serialised form, on :attr:`OperationEnvelope.exception`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from typing import Any

import httpx
from pydantic import BaseModel, ConfigDict, PrivateAttr

from keitaro.errors import KeitaroError
from keitaro.masking import mask_secret

__all__ = ["EnvelopeError", "EnvelopeRequest", "OperationEnvelope", "envelope_of", "shown_request"]

_SECRET_PARAM = re.compile(r"(?i)key|token|secret|password|passwd")
"""Query parameters whose values the envelope shows masked (e.g. ``avscan_key``)."""


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


def shown_request(
    url: str, method: str, params: Mapping[str, Any] | None, headers: dict[str, str]
) -> EnvelopeRequest:
    """The request as the envelope shows it: secret-looking query values masked."""
    shown = {k: (mask_secret(str(v)) if _SECRET_PARAM.search(k) else v) for k, v in (params or {}).items()}
    return EnvelopeRequest(
        url=str(httpx.URL(url, params=shown)) if shown else url, method=method, headers=headers
    )


def envelope_of(
    request: EnvelopeRequest,
    *,
    resource: str,
    operation: str,
    mask: Callable[[Any], Any],
    data: Any = None,
    error: KeitaroError | None = None,
) -> OperationEnvelope:
    """The envelope of a call that returned ``data`` or failed with ``error`` (both masked)."""
    if error is not None:
        envelope = OperationEnvelope(
            request=request,
            resource=resource,
            operation=operation,
            success=False,
            data=None,
            error=EnvelopeError(
                message=mask(error.message),
                http_status=error.http_status,
                response_data=mask(error.response_data),
            ),
        )
        envelope._exception = error
        return envelope
    if isinstance(data, bytes):
        data = f"<{len(data)} bytes>"
    return OperationEnvelope(
        request=request, resource=resource, operation=operation, success=True, data=mask(data)
    )
