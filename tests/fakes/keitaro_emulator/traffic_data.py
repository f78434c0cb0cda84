"""Seeded clicks, conversions, labels and log lines of the emulator.

Deterministic (fixed random seed) and relative to the tracker clock's "now" in UTC: about 3,000
clicks over the last 14 days for campaigns 1–3 (campaign 2 stopped four days ago), through flows 1–8
to offers 1–8 and, for some flows, landings 1, 2, 4, 6; the traffic source is the campaign's
``traffic_source_id``.
Roughly 6 % of the human clicks convert, in every status (lead, sale, rejected, plus rebills on
some sales), some with a previous status.

Rows are stored the way ``/clicks/log`` and ``/conversions/log`` return them; keys starting with
``_`` are the emulator's own (``_ts``: the UNIX time of the click / of the postback).
Names of campaigns, flows, offers, landings, sources and networks are looked up at query time (in
the state's tables when present, else ``"Offer 3"`` …), so renaming an entity shows in reports.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import Any

from tests.fakes.keitaro_emulator.state import EmulatorState

__all__ = [
    "CAMPAIGN_STREAMS",
    "LANDING_OF_STREAM",
    "NETWORK_OF_OFFER",
    "OFFER_PAYOUTS",
    "RATES_TO_USD",
    "base36",
    "seed_traffic",
]

CAMPAIGN_STREAMS: dict[int, tuple[int, ...]] = {1: (1, 2, 3), 2: (4, 5), 3: (6, 7, 8)}
LANDING_OF_STREAM: dict[int, int] = {1: 1, 2: 2, 4: 4, 6: 6}
OFFER_PAYOUTS: dict[int, float] = {1: 30.0, 2: 45.0, 3: 25.0, 4: 80.0, 5: 60.0, 6: 12.0, 7: 15.0, 8: 9.0}
NETWORK_OF_OFFER: dict[int, int] = {1: 1, 2: 1, 3: 1, 4: 2, 5: 2, 6: 3, 7: 3, 8: 3}
RATES_TO_USD: dict[str, float] = {"USD": 1.0, "EUR": 1.08, "GBP": 1.27, "RUB": 0.011, "BRL": 0.19}

_COUNTRIES: dict[str, tuple[str, str, str, str, str]] = {
    # code: name, region, city, ip prefix, language
    "US": ("United States", "California", "Los Angeles", "73.", "en"),
    "CA": ("Canada", "Ontario", "Toronto", "99.", "en"),
    "GB": ("United Kingdom", "England", "London", "86.", "en"),
    "DE": ("Germany", "Berlin", "Berlin", "84.", "de"),
    "AT": ("Austria", "Vienna", "Vienna", "91.", "de"),
    "CH": ("Switzerland", "Zurich", "Zurich", "178.", "de"),
    "BR": ("Brazil", "Sao Paulo", "Sao Paulo", "177.", "pt"),
    "PT": ("Portugal", "Lisbon", "Lisbon", "188.", "pt"),
    "MX": ("Mexico", "Mexico City", "Mexico City", "189.", "es"),
}
_PLANS: dict[int, dict[str, Any]] = {
    1: {"countries": (("US", 70), ("CA", 20), ("GB", 10)), "daily": (95, 140), "cpc": 0.5,
        "source": "facebook.com", "days": range(14)},
    2: {"countries": (("DE", 60), ("AT", 25), ("CH", 15)), "daily": (60, 90), "cpc": 0.25,
        "source": "tiktok.com", "days": range(4, 14)},
    3: {"countries": (("BR", 75), ("PT", 10), ("MX", 15)), "daily": (45, 70), "cpc": 0.0,
        "source": "push.example", "days": range(14)},
}  # fmt: skip
_DEVICES = (
    # device_type, os, os_version, browser, browser_version, model, weight
    ("mobile", "Android", "14", "Chrome Mobile", "124.0", "Samsung Galaxy S23", 40),
    ("mobile", "iOS", "17.4", "Mobile Safari", "17.4", "iPhone", 30),
    ("desktop", "Windows", "10", "Chrome", "124.0", "", 18),
    ("desktop", "Mac OS X", "14.4", "Safari", "17.4", "", 7),
    ("tablet", "iOS", "17.4", "Mobile Safari", "17.4", "iPad", 5),
)
_HOUR_WEIGHTS = (2, 1, 1, 1, 1, 2, 3, 4, 5, 6, 6, 6, 7, 7, 7, 7, 8, 9, 10, 11, 11, 9, 6, 4)
_ISPS = ("Comcast", "Vodafone", "Telefonica", "Orange", "Claro", "Deutsche Telekom")
_ORIGINAL = {"lead": "pending", "sale": "approved", "rejected": "declined", "rebill": "rebill"}
_ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz"


def base36(rng: random.Random, length: int) -> str:
    return "".join(rng.choice(_ALPHABET) for _ in range(length))


def _user_agent(os_name: str, browser: str) -> str:
    if os_name == "Android":
        return (
            "Mozilla/5.0 (Linux; Android 14; SM-S911B) AppleWebKit/537.36 Chrome/124.0 Mobile Safari/537.36"
        )
    if os_name == "iOS":
        return (
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 Version/17.4 Mobile"
        )
    if browser == "Safari":
        return (
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 Version/17.4 Safari/605.1.15"
        )
    return "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/124.0 Safari/537.36"


def _click(
    rng: random.Random, click_id: int, campaign_id: int, ts: float, ts_id: int | None
) -> dict[str, Any]:
    plan = _PLANS[campaign_id]
    codes, weights = zip(*plan["countries"], strict=True)
    country = rng.choices(codes, weights)[0]
    name, region, city, prefix, language = _COUNTRIES[country]
    device = rng.choices(_DEVICES, [d[-1] for d in _DEVICES])[0]
    stream_id = rng.choice(CAMPAIGN_STREAMS[campaign_id])
    landing_id = LANDING_OF_STREAM.get(stream_id)
    is_bot = rng.random() < 0.03
    unique = rng.random() < 0.78
    adset = rng.choice(("adset-a", "adset-b", "adset-c", "adset-d"))
    row: dict[str, Any] = {
        "_ts": ts,
        "click_id": click_id,
        "sub_id": base36(rng, 14),
        "visitor_code": base36(rng, 7),
        "campaign_id": campaign_id,
        "campaign_group_id": None,
        "parent_campaign_id": None,
        "stream_id": stream_id,
        "offer_id": stream_id,
        "landing_id": landing_id,
        "ts_id": ts_id,
        "affiliate_network_id": NETWORK_OF_OFFER[stream_id],
        "ip": f"{prefix}{rng.randint(1, 254)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}",
        "country_code": country,
        "country": name,
        "region": region,
        "city": city,
        "language": language,
        "isp": rng.choice(_ISPS),
        "operator": "",
        "connection_type": "cellular" if device[0] == "mobile" and rng.random() < 0.6 else "wifi",
        "device_type": device[0],
        "os": device[1],
        "os_version": device[2],
        "browser": device[3],
        "browser_version": device[4],
        "device_model": device[5],
        "user_agent": _user_agent(device[1], device[3]),
        "source": plan["source"],
        "referrer": "" if rng.random() < 0.2 else f"https://{plan['source']}/",
        "search_engine": "",
        "keyword": rng.choice(("", "", "diet pills", "slots bonus", "free spins")),
        "destination": f"https://offers.example.com/o{stream_id}?click={{subid}}",
        "external_id": f"ext{rng.randint(10000, 99999)}",
        "creative_id": f"cr{rng.randint(1, 9)}",
        "ad_campaign_id": f"adc{campaign_id}{rng.randint(1, 3)}",
        "sub_id_1": adset,
        "sub_id_2": rng.choice(("placement-feed", "placement-stories", "placement-reels")),
        "sub_id_3": f"{rng.randint(1000, 1099)}",
        "sub_id_4": rng.choice(("", "promo", "retarget")),
        "sub_id_5": device[0],
        **{f"sub_id_{n}": "" for n in range(6, 16)},
        **{f"extra_param_{n}": "" for n in range(1, 11)},
        "is_bot": int(is_bot),
        "is_unique_campaign": int(unique),
        "is_unique_stream": int(unique or rng.random() < 0.1),
        "is_unique_global": int(unique and rng.random() < 0.9),
        "is_using_proxy": int(rng.random() < 0.02),
        "is_empty_referrer": 0,
        "landing_clicked": int(landing_id is not None and not is_bot and rng.random() < 0.45),
        "cost": plan["cpc"],
    }
    row["is_empty_referrer"] = int(row["referrer"] == "")
    return row


def _conversions(
    rng: random.Random, click: dict[str, Any], now_ts: float, next_id: int
) -> list[dict[str, Any]]:
    offer_id = click["offer_id"]
    payout = OFFER_PAYOUTS[offer_id]
    status = rng.choices(("lead", "sale", "rejected"), (35, 45, 20))[0]
    postback_ts = click["_ts"] + rng.randint(120, 36 * 3600)
    if postback_ts > now_ts:
        return []
    previous = ""
    if status == "sale" and rng.random() < 0.5:
        previous = "lead"
    elif status == "rejected" and rng.random() < 0.6:
        previous = rng.choice(("lead", "sale"))
    cost = 1.2 if click["campaign_id"] == 3 else 0.0
    made = [_conversion(next_id, click, status, previous, payout, postback_ts, f"tx-{base36(rng, 10)}", cost)]
    if status == "sale" and rng.random() < 0.25:
        rebill_ts = postback_ts + rng.randint(3600, 72 * 3600)
        if rebill_ts <= now_ts:
            made.append(
                _conversion(
                    next_id + 1, click, "rebill", "", payout / 2, rebill_ts, f"tx-{base36(rng, 10)}", 0.0
                )
            )
    return made


def _conversion(
    conversion_id: int,
    click: dict[str, Any],
    status: str,
    previous: str,
    revenue: float,
    postback_ts: float,
    tid: str,
    cost: float,
) -> dict[str, Any]:
    return {
        "_ts": postback_ts,
        "_click_ts": click["_ts"],
        "conversion_id": conversion_id,
        "click_id": click["click_id"],
        "sub_id": click["sub_id"],
        "campaign_id": click["campaign_id"],
        "tid": tid,
        "status": status,
        "previous_status": previous,
        "original_status": _ORIGINAL[status],
        "revenue": revenue,
        "cost": cost,
        "currency": "USD",
        "sale_ts": postback_ts if status in ("sale", "rebill") else None,
        "params": {"status": _ORIGINAL[status], "payout": f"{revenue:g}"},
    }


@lru_cache(maxsize=4)
def _generate(anchor_day: str) -> tuple[tuple[dict[str, Any], ...], tuple[dict[str, Any], ...]]:
    """All rows for the 14 days up to the end of ``anchor_day`` (UTC), future ones included."""
    rng = random.Random(20240601)
    day0 = datetime.fromisoformat(anchor_day).replace(tzinfo=UTC)
    clicks: list[dict[str, Any]] = []
    ts_ids = {1: 3, 2: 5, 3: None}
    for days_ago in range(13, -1, -1):
        start = (day0 - timedelta(days=days_ago)).timestamp()
        for campaign_id, plan in _PLANS.items():
            if days_ago not in plan["days"]:
                continue
            for _ in range(rng.randint(*plan["daily"])):
                hour = rng.choices(range(24), _HOUR_WEIGHTS)[0]
                ts = start + hour * 3600 + rng.randint(0, 3599)
                clicks.append(_click(rng, 0, campaign_id, float(ts), ts_ids[campaign_id]))
    clicks.sort(key=lambda c: c["_ts"])
    for number, click in enumerate(clicks, start=1):
        click["click_id"] = number
    conversions: list[dict[str, Any]] = []
    far_future = (day0 + timedelta(days=30)).timestamp()
    for click in clicks:
        if click["is_bot"] or rng.random() >= 0.06:
            continue
        conversions.extend(_conversions(rng, click, far_future, len(conversions) + 1))
    return tuple(clicks), tuple(conversions)


def _labels() -> dict[int, dict[str, dict[str, str]]]:
    return {
        1: {
            "sub_id_1": {"adset-c": "blacklist", "adset-a": "whitelist"},
            "ip": {"73.1.1.1": "blacklist"},
        }
    }


def traffic_labels(state: EmulatorState) -> dict[int, dict[str, dict[str, str]]]:
    """Labels per campaign → ref_name → value → label (kept on the state object)."""
    labels: dict[int, dict[str, dict[str, str]]] | None = state.traffic_labels
    if labels is None:
        labels = {}
        state.traffic_labels = labels
    return labels


def _log(when: datetime, jid: str, message: str) -> dict[str, Any]:
    return {"datetime": when.strftime("%Y-%m-%d %H:%M:%S"), "jid": jid, "message": message}


def _seed_logs(state: EmulatorState, now: datetime, conversions: list[dict[str, Any]]) -> None:
    hour_ago = now - timedelta(hours=1)
    state.logs["system"] = [
        _log(now - timedelta(hours=5), "", "Cron: geo databases are up to date"),
        _log(now - timedelta(hours=3), "", "Cron: cleaned 0 expired visitors"),
        _log(hour_ago, "", "Cron: stats compacted"),
    ]
    state.logs["traffic"] = [
        _log(hour_ago, "", 'Campaign "FB US Nutra": stream #1 selected'),
        _log(hour_ago, "", "Bot detected by IP 66.249.66.1, sent to stream #3"),
    ]
    state.logs["ssl"] = [_log(now - timedelta(days=2), "", "Certificate for track.example.com renewed")]
    recent = [c for c in conversions if c["_ts"] > (now - timedelta(days=1)).timestamp()][-3:]
    postbacks: list[dict[str, Any]] = []
    sent: list[dict[str, Any]] = []
    for number, conv in enumerate(recent, start=1):
        when = datetime.fromtimestamp(conv["_ts"], UTC)
        jid = f"{number:08x}"
        query = f"subid={conv['sub_id']}&status={conv['original_status']}&payout={conv['revenue']:g}"
        postbacks += [
            _log(when, jid, f"Received postback /pbkey/postback?{query}"),
            _log(when, jid, f'Using "{conv["sub_id"]}" as subid. Postback added to queue.'),
            _log(when, jid, f"Processing subid {conv['sub_id']}"),
            _log(when, jid, f"Subid {conv['sub_id']} complete"),
        ]
        if conv["campaign_id"] == 1 and conv["status"] == "sale":
            sent.append(_log(when, jid, f"GET https://graph.example.net/pb?click={conv['sub_id']} 200"))
    state.logs["postbacks"] = postbacks
    state.logs["sent_postbacks"] = sent


def _int_or_none(value: Any) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


def seed_traffic(state: EmulatorState, now: datetime | None = None) -> None:
    """Clicks and conversions of the last 14 days up to ``now`` (by default the state's clock),
    labels and log lines."""
    current = now or state.now()
    clicks, conversions = _generate(current.date().isoformat())
    now_ts = current.timestamp()
    sources = {cid: _int_or_none(c.get("traffic_source_id")) for cid, c in state.campaigns.items()}
    state.clicks = [
        dict(c, ts_id=sources.get(c["campaign_id"], c["ts_id"])) for c in clicks if c["_ts"] <= now_ts
    ]
    state.conversions = [
        dict(c, params=dict(c["params"]))
        for c in conversions
        if c["_ts"] <= now_ts and c["_click_ts"] <= now_ts
    ]
    state.next_ids["conversion_id"] = max((c["conversion_id"] for c in state.conversions), default=0) + 1
    state.next_ids["click_id"] = max((c["click_id"] for c in clicks), default=0) + 1
    labels = traffic_labels(state)
    labels.clear()
    labels.update(_labels())
    _seed_logs(state, current, state.conversions)
