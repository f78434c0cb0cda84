"""What a value typed for a resource action becomes (pure; each raises :class:`InputError` with the
locale key of what is wrong): names, weights, URLs, amounts, JSON objects, flow shares, user types,
ids and S2S postback statuses."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from handlers.input import InputError, bounded_int, parse_amount, parse_json
from keitaro.models import ConversionStatus

NAME_MAX = 200
S2S_STATUSES: tuple[str, ...] = tuple(s.value for s in ConversionStatus)


def clean_name(raw: str) -> str:
    name = " ".join(raw.split())
    if not name:
        raise InputError("res-err-empty")
    if len(name) > NAME_MAX:
        raise InputError("res-err-long", max=NAME_MAX)
    return name


def clean_weight(raw: str) -> int:
    text = raw.strip()
    if not text.isdecimal() or not 0 <= int(text) <= 1000:
        raise InputError("res-err-weight")
    return int(text)


def clean_url(raw: str) -> str:
    url = raw.strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc or any(ch.isspace() for ch in url):
        raise InputError("res-err-url")
    return url


def clean_number(raw: str) -> float:
    return float(parse_amount(raw))


def json_object(raw: str) -> dict[str, Any]:
    try:
        value = parse_json(raw)
    except (ValueError, RecursionError):
        raise InputError("res-err-json") from None
    if not isinstance(value, dict) or not value:
        raise InputError("res-err-json")
    return value


def parse_shares(raw: str) -> list[tuple[int, int]]:
    """``1:70 2:30`` (or ``1=70, 2=30``) → [(1, 70), (2, 30)]; shares are whole percents summing to 100."""
    pairs: list[tuple[int, int]] = []
    for part in raw.replace(",", " ").replace(";", " ").split():
        left, sep, right = part.replace("=", ":").partition(":")
        if not sep or not left.strip("#").isdecimal() or not right.rstrip("%").isdecimal():
            raise InputError("res-err-shares-format")
        pairs.append((int(left.strip("#")), int(right.rstrip("%"))))
    if not pairs:
        raise InputError("res-err-shares-format")
    if len({p[0] for p in pairs}) != len(pairs):
        raise InputError("res-err-shares-twice")
    total = sum(p[1] for p in pairs)
    if total != 100:
        raise InputError("res-err-shares-sum", total=total)
    return pairs


def clean_user_type(raw: str) -> str:
    value = raw.strip().upper()
    if value not in ("USER", "ADMIN"):
        raise InputError("res-err-user-type")
    return value


def clean_id(raw: str) -> int:
    text = raw.strip().lstrip("#")
    if not text.isdigit() or bounded_int(text) is None:
        raise InputError("res-err-id")
    return int(text)


def parse_statuses(raw: str) -> list[str]:
    statuses = [s.strip().lower() for s in raw.replace(",", " ").split() if s.strip()]
    unknown = [s for s in statuses if s not in S2S_STATUSES]
    if not statuses or unknown:
        raise InputError("s2s-err-statuses", statuses=", ".join(S2S_STATUSES))
    return list(dict.fromkeys(statuses))
