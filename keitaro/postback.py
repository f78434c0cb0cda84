"""Sending Keitaro's incoming conversion postback (``https://<domain>/<key>/postback``) and reading
its plain-text answer.

The path key is the only authentication of that URL, so it is a secret: it never appears in a log
line, an exception message or :class:`PostbackResult` (everything shows
:meth:`~keitaro.urls.PostbackUrl.masked`). httpx logs every request URL at INFO; while a postback is
being sent, a filter on the ``httpx``/``httpcore`` loggers masks the key in their records.

Keitaro answers at once and processes the postback later, so an accepted answer does not prove the
subid exists (look in the ``postbacks`` log or the conversions log afterwards). Answers (9.x code):
``Success``; the ``return`` value when one was given; ``Incorrect postback code (<key> in <url>)``
for a wrong key; ``Incorrect subid`` without a subid — all with HTTP 200, so the body decides.
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any
from urllib.parse import urlencode

import httpx
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from keitaro.errors import InvalidUrlError, KeitaroError, NetworkError, RequestInfo
from keitaro.masking import mask_in_text
from keitaro.netguard import Resolver, ensure_public_host
from keitaro.retry import RetryPolicy
from keitaro.transport import map_transport_exception
from keitaro.urls import PostbackUrl

__all__ = [
    "PostbackOutcome",
    "PostbackParams",
    "PostbackResult",
    "classify_answer",
    "postback_query",
    "preview_url",
    "send_postback",
]

logger = logging.getLogger("keitaro")

TEXT_LIMIT = 1000
SUB_ID_RANGE = range(1, 16)
_HTTP_LOGGERS = (
    "httpx",
    "httpcore.connection",
    "httpcore.http11",
    "httpcore.http2",
    "httpcore.proxy",
    "httpcore.socks",
)


class PostbackOutcome(StrEnum):
    ACCEPTED = "accepted"
    """``Success``, or the requested ``return`` value (text or GIF): queued for processing."""
    WRONG_KEY = "wrong_key"
    """``Incorrect postback code …``: the key in the URL is not this tracker's postback key."""
    NO_SUBID = "no_subid"
    """``Incorrect subid``: the subid was missing or empty."""
    HTTP_ERROR = "http_error"
    """A non-2xx status (tracker down, a proxy error page, a redirect)."""
    HTML = "html"
    """An HTML page with 200: the domain does not lead to Keitaro's postback handler."""
    UNKNOWN = "unknown"
    """Any other answer (shown as it is)."""


class PostbackParams(BaseModel):
    """The parameters of a postback. ``sub_ids`` maps 1…15 to ``sub_id_N`` values (a mapping with
    ``sub_id_3=...`` keys or ``return=...`` is accepted as well); ``extra`` carries anything else
    (``lead_status``, ``ignore_status``, …)."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=True)

    subid: str
    status: str | None = None
    payout: float | str | None = None
    cost: float | str | None = None
    currency: str | None = None
    tid: str | None = None
    sub_ids: dict[int, str] = Field(default_factory=dict)
    return_: str | None = Field(default=None, alias="return")
    extra: dict[str, str] = Field(default_factory=dict)

    @model_validator(mode="before")
    @classmethod
    def _collect_sub_ids(cls, data: Any) -> Any:
        if not isinstance(data, Mapping):
            return data
        data = dict(data)
        sub_ids = dict(data.pop("sub_ids", None) or {})
        for key in [k for k in data if isinstance(k, str) and k.startswith("sub_id_")]:
            number = key.removeprefix("sub_id_")
            if number.isdigit():
                sub_ids[int(number)] = data.pop(key)
        if sub_ids:
            data["sub_ids"] = sub_ids
        return data

    @field_validator("sub_ids")
    @classmethod
    def _sub_id_numbers(cls, value: dict[int, str]) -> dict[int, str]:
        wrong = sorted(n for n in value if n not in SUB_ID_RANGE)
        if wrong:
            raise ValueError(f"sub_id numbers are 1…15, got {wrong}")
        return value

    def query(self) -> list[tuple[str, str]]:
        """The parameters in sending order (``None`` values left out)."""
        pairs: list[tuple[str, str]] = [("subid", self.subid)]
        for name in ("status", "payout", "cost", "currency", "tid"):
            value = getattr(self, name)
            if value is not None:
                pairs.append((name, _text(value)))
        pairs.extend((f"sub_id_{n}", self.sub_ids[n]) for n in sorted(self.sub_ids))
        if self.return_ is not None:
            pairs.append(("return", self.return_))
        pairs.extend(self.extra.items())
        return pairs


def _text(value: float | str) -> str:
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


@dataclass(frozen=True, slots=True)
class PostbackResult:
    """What the tracker answered. ``text`` is the body (cut to 1000 characters, key masked);
    ``request_url_masked`` the URL that was called, key masked (with the query for GET)."""

    http_status: int
    text: str
    outcome: PostbackOutcome
    elapsed_ms: float
    request_url_masked: str
    method: str = "GET"

    @property
    def accepted(self) -> bool:
        return self.outcome is PostbackOutcome.ACCEPTED


def postback_query(params: PostbackParams | Mapping[str, Any]) -> PostbackParams:
    return params if isinstance(params, PostbackParams) else PostbackParams.model_validate(params)


def classify_answer(
    status: int, text: str, *, content_type: str = "", return_value: str | None = None
) -> PostbackOutcome:
    """The outcome of a postback answer (see the module docstring)."""
    if not 200 <= status < 300:
        return PostbackOutcome.HTTP_ERROR
    body = text.strip()
    lowered = body.lower()
    if return_value is not None:
        if return_value.lower() == "gif" and "image/gif" in content_type.lower():
            return PostbackOutcome.ACCEPTED
        if body == return_value.strip():
            return PostbackOutcome.ACCEPTED
    if lowered == "success":
        return PostbackOutcome.ACCEPTED
    if lowered.startswith("incorrect postback code"):
        return PostbackOutcome.WRONG_KEY
    if lowered.startswith("incorrect subid"):
        return PostbackOutcome.NO_SUBID
    if "text/html" in content_type.lower() or lowered.startswith(("<!doctype", "<html")):
        return PostbackOutcome.HTML
    return PostbackOutcome.UNKNOWN


# ---------------------------------------------------------------- keeping the key out of logs

_ACTIVE_KEYS: Counter[str] = Counter()


class _MaskPostbackKeys(logging.Filter):
    """Masks the keys of postbacks being sent in records of the HTTP libraries' loggers."""

    def filter(self, record: logging.LogRecord) -> bool:
        if _ACTIVE_KEYS:
            message = record.getMessage()
            masked = mask_in_text(message, list(_ACTIVE_KEYS))
            if masked != message:
                record.msg, record.args = masked, None
        return True


_FILTER = _MaskPostbackKeys()


def _install_log_filter() -> None:
    for name in _HTTP_LOGGERS:
        http_logger = logging.getLogger(name)
        if _FILTER not in http_logger.filters:
            http_logger.addFilter(_FILTER)


# ---------------------------------------------------------------- sending


def preview_url(
    postback: PostbackUrl, params: PostbackParams | Mapping[str, Any], *, method: str = "GET"
) -> str:
    """The exact URL :func:`send_postback` calls, with the key masked (GET: with the query string;
    POST: the parameters travel in the form body)."""
    params = postback_query(params)
    url = postback.masked()
    if method.upper() == "GET":
        url += "?" + urlencode(params.query())
    return url


async def send_postback(
    http: httpx.AsyncClient,
    postback: PostbackUrl,
    params: PostbackParams | Mapping[str, Any],
    *,
    method: str = "GET",
    allow_private: bool = False,
    retry: RetryPolicy | None = None,
    resolver: Resolver | None = None,
) -> PostbackResult:
    """Send the postback with ``http`` (the tracker client's ``httpx.AsyncClient``: its timeouts,
    pool and no-redirect policy), GET with a query string or POST with a form body.

    Refuses non-public hosts unless ``allow_private`` (:func:`~keitaro.netguard.ensure_public_host`
    before sending; the tracker client's transport also connects only to the address it checked,
    see :mod:`keitaro.pinning`). ``resolver`` replaces DNS (tests).
    Network failures raise the client's typed errors (messages without the key); retried only when
    the request certainly never reached the tracker (a postback is a write). Any HTTP answer,
    including 4xx/5xx, is a :class:`PostbackResult`.
    """
    params = postback_query(params)
    method = method.upper()
    if method not in ("GET", "POST"):
        raise ValueError("a postback is sent with GET or POST")
    pairs = params.query()
    masked_url = preview_url(postback, params, method=method)
    info = RequestInfo(method=method, url=postback.masked(), path="/" + postback.masked().split("/", 3)[-1])
    try:
        url = httpx.URL(postback.url)
    except httpx.InvalidURL:
        raise InvalidUrlError("malformed", "httpx refuses the postback URL", request=info) from None
    key = postback.key

    if not allow_private:
        try:
            await ensure_public_host(url.host, url.port, resolver=resolver)
        except KeitaroError as exc:
            exc.request = info
            raise

    async def once() -> tuple[httpx.Response, float]:
        started = time.perf_counter()
        _install_log_filter()
        _ACTIVE_KEYS[key] += 1
        try:
            if method == "GET":
                response = await http.request("GET", url, params=tuple(pairs), headers={"Accept": "*/*"})
            else:
                response = await http.request("POST", url, data=dict(pairs), headers={"Accept": "*/*"})
        except httpx.TransportError as exc:
            error: KeitaroError = map_transport_exception(exc, info)
        except httpx.HTTPError as exc:
            error = NetworkError(f"Postback request failed: {type(exc).__name__}", request=info)
        except httpx.InvalidURL:
            error = InvalidUrlError("malformed", "httpx refuses the postback URL", request=info)
        except KeitaroError as exc:  # the pinned connection refused the address
            exc.request = info
            error = exc
        else:
            return response, (time.perf_counter() - started) * 1000
        finally:
            _ACTIVE_KEYS[key] -= 1
            if _ACTIVE_KEYS[key] <= 0:
                del _ACTIVE_KEYS[key]
        error.message = mask_in_text(error.message, [key])
        error.args = (error.message,)
        raise error from None  # the httpx exception may carry the URL with the key

    response, elapsed_ms = await (retry or RetryPolicy()).run(once, reads=False, what=f"{method} postback")
    content_type = response.headers.get("content-type", "")
    if "image/" in content_type.lower():
        text = f"<{content_type.split(';')[0].strip()}, {len(response.content)} bytes>"
    else:
        text = mask_in_text(response.text, [key])
        if len(text) > TEXT_LIMIT:
            text = text[:TEXT_LIMIT] + "…"
    outcome = classify_answer(
        response.status_code, text, content_type=content_type, return_value=params.return_
    )
    logger.debug(
        "postback %s %s -> %d %s (%.0f ms)",
        method,
        postback.masked(),
        response.status_code,
        outcome.value,
        elapsed_ms,
    )
    return PostbackResult(
        http_status=response.status_code,
        text=text,
        outcome=outcome,
        elapsed_ms=elapsed_ms,
        request_url_masked=masked_url,
        method=method,
    )
