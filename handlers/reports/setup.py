"""A report setup — range, group by, metrics, sort, filters — as a small JSON-able dict.

It lives in the dialog data, is remembered per user (metrics) and is what a saved report stores.
:func:`normalize` turns anything (an old saved setup, a forged callback) into a valid setup.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from handlers.periods import PRESETS
from handlers.reports.catalog import DEFAULT_METRICS, GROUPS, METRICS, TIME_GROUPS

__all__ = ["FILTER_FIELDS", "MAX_FILTER_VALUES", "normalize", "setup_key", "sort_choices"]

FILTER_FIELDS = ("campaign_id", "offer_id", "country_code")
MAX_FILTER_VALUES = 10
TIME_SORT = "time"


def _filters(raw: Any) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    if not isinstance(raw, dict):
        return out
    for field in FILTER_FIELDS:
        items = raw.get(field)
        if not isinstance(items, list):
            continue
        clean: list[dict[str, Any]] = []
        for item in items[:MAX_FILTER_VALUES]:
            if not isinstance(item, dict) or item.get("id") in (None, ""):
                continue
            value: Any = item["id"]
            if field != "country_code":
                try:
                    value = int(value)
                except (TypeError, ValueError):
                    continue
            else:
                value = str(value).upper()[:8]
            if any(c["id"] == value for c in clean):
                continue
            clean.append({"id": value, "label": str(item.get("label") or value)[:60]})
        if clean:
            out[field] = clean
    return out


def normalize(raw: Any, *, default_metrics: list[str] | None = None) -> dict[str, Any]:
    """A valid setup from ``raw`` (missing or bad parts take the defaults)."""
    data = raw if isinstance(raw, dict) else {}
    setup: dict[str, Any] = {}
    rng = data.get("range")
    if rng == "custom" and data.get("from") and data.get("to"):
        setup.update(range="custom", **{"from": str(data["from"]), "to": str(data["to"])})
    else:
        setup["range"] = rng if rng in PRESETS else "today"
    setup["group"] = data.get("group") if data.get("group") in GROUPS else "campaign"
    metrics = (
        [m for m in (data.get("metrics") or []) if m in METRICS]
        if isinstance(data.get("metrics"), list)
        else []
    )
    if not metrics:
        metrics = [m for m in (default_metrics or []) if m in METRICS] or list(DEFAULT_METRICS)
    setup["metrics"] = list(dict.fromkeys(metrics))
    sort = data.get("sort")
    if sort not in setup["metrics"] and sort != TIME_SORT:
        sort = TIME_SORT if setup["group"] in TIME_GROUPS else _default_sort(setup["metrics"])
    setup["sort"] = sort
    setup["filters"] = _filters(data.get("filters"))
    if isinstance(data.get("tracker_id"), int):
        setup["tracker_id"] = data["tracker_id"]
    return setup


def _default_sort(metrics: list[str]) -> str:
    for preferred in ("revenue", "clicks"):
        if preferred in metrics:
            return preferred
    return metrics[0]


def sort_choices(setup: dict[str, Any]) -> list[str]:
    """What "Sort" cycles through: the chosen metrics, plus chronological order for day/hour."""
    choices = list(setup["metrics"])
    if setup["group"] in TIME_GROUPS:
        choices.insert(0, TIME_SORT)
    return choices


def setup_key(setup: dict[str, Any], tracker_id: int, extra: str = "") -> str:
    """A short stable key of what a setup asks Keitaro (cache key of its result)."""
    payload = json.dumps({**setup, "tracker_id": tracker_id, "extra": extra}, sort_keys=True)
    return hashlib.sha256(payload.encode()).hexdigest()[:16]
