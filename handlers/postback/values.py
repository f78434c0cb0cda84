"""Pure checks of what the user types in the postback test (unit-tested)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

from handlers.input import InputError
from keitaro.models import ConversionStatus
from keitaro.postback import PostbackParams

STATUSES: tuple[str, ...] = tuple(s.value for s in ConversionStatus)
QUICK_CURRENCIES = ("USD", "EUR", "RUB")
CLICK_ID_MAX = 100

# ISO 4217 codes in use (active list); Keitaro converts payouts between these
ISO_CURRENCIES = frozenset(
    """AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL BSD BTN BWP BYN
    BZD CAD CDF CHF CLP CNY COP CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP
    GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD
    KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MYR MZN NAD NGN NIO NOK
    NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD
    SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD UYU UZS VES VND VUV WST XAF XCD
    XOF XPF YER ZAR ZMW ZWL""".split()  # noqa: SIM905 - a readable block of codes
)

_CLICK_ID_RE = re.compile(r"^[\w.\-:~]+$")


def clean_click_id(raw: str) -> str:
    value = raw.strip()
    if not value:
        raise InputError("pb-err-click-empty")
    if any(ch.isspace() for ch in value):
        raise InputError("pb-err-click-spaces")
    if len(value) > CLICK_ID_MAX:
        raise InputError("pb-err-click-long", max=CLICK_ID_MAX)
    if not _CLICK_ID_RE.match(value):
        raise InputError("pb-err-click-chars")
    return value


def clean_currency(raw: str) -> str:
    code = raw.strip().upper()
    if not re.fullmatch(r"[A-Z]{3}", code):
        raise InputError("pb-err-currency-format")
    if code not in ISO_CURRENCIES:
        raise InputError("pb-err-currency-unknown", code=code)
    return code


def clean_status(raw: str) -> str:
    status = raw.strip().lower()
    if status not in STATUSES:
        raise InputError("pb-err-status", statuses=", ".join(STATUSES))
    return status


def clean_text(raw: str, *, limit: int = 200) -> str:
    value = raw.strip()
    if not value or any(ch in value for ch in "\r\n"):
        raise InputError("pb-err-text")
    if len(value) > limit:
        raise InputError("pb-err-text-long", max=limit)
    return value


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def new_tid(now: datetime) -> str:
    """``test-<milliseconds since 1970>`` of ``now`` (the app's clock): unique per millisecond."""
    return f"test-{(now - _EPOCH) // timedelta(milliseconds=1)}"


FIELDS = ("click_id", "status", "payout", "cost", "currency", "tid", "sub_id_1")


def params_from(values: dict[str, Any]) -> PostbackParams:
    """The postback parameters of the values collected in the conversation."""
    sub_ids = {1: values["sub_id_1"]} if values.get("sub_id_1") else {}
    return PostbackParams(
        subid=values["click_id"],
        status=values.get("status") or "lead",
        payout=values.get("payout"),
        cost=values.get("cost"),
        currency=values.get("currency"),
        tid=values.get("tid"),
        sub_ids=sub_ids,
    )
