"""3. Alert fan-out: one alert to N subscribed chats (1,000; 100 with --quick) through the fake Bot API
with Telegram's limits enforced (30 messages/s overall, 1/s per chat: 429 with retry_after when
broken).

The real bot runs in this process (``BotApp`` through tests/conftest.py ``BotRunner``, with its
sender loop). One tracker whose key the emulator rejects, one ``tracker_down`` rule (1 failure,
critical), N chats subscribed through ``SubscriptionRepo``. The measurement starts when
``engine.tick()`` begins: the engine sees the failure, opens the alert and queues one outbox row per
chat; the bot's ``Sender`` delivers them through ``TelegramTransport``.

Baseline: the physical minimum, N / 30 s. Target: total within 10 % of it, zero 429s, every chat
exactly one message.
"""

from __future__ import annotations

import asyncio
import itertools
import time
from typing import Any

from bench.common import BenchTelegram, emit, ms, pct, rnd, say, table, workdir
from storage import SecretBox, TrackerRepo
from tests.conftest import SECRET_KEY as TEST_SECRET_KEY
from tests.conftest import BotRunner
from tests.fakes.keitaro import KeitaroEmulator
from tests.fakes.telegram_fake.limits import RateLimits

NAME = "fanout"
RULE = "Fan-out benchmark: tracker down"
PER_SECOND = 30
TARGET_RATIO = 1.10
OWNER = 900_001


async def run(quick: bool = False, profile: bool | None = None) -> dict[str, Any]:
    n_chats = 100 if quick else 1000
    minimum = n_chats / PER_SECOND
    tg = BenchTelegram()
    emu = KeitaroEmulator()  # knows only its default keys: the tracker's key gets 401 -> "down" at once
    await tg.start()
    await emu.start()
    try:
        with workdir(NAME) as tmp:
            runner = BotRunner(tg, tmp)
            app = await runner.start(log_level="WARNING", alert_interval_seconds=3600)
            try:
                ctx = app.alerting.ctx
                await app.ctx.users.touch(OWNER, username="owner", role="user")
                trackers = TrackerRepo(app.db, SecretBox(TEST_SECRET_KEY))
                draft = await trackers.create_draft(
                    OWNER, name="Fanout", admin_url=emu.url, api_key="rejectedKey0123456789abcdef"
                )
                tracker = await trackers.finalize(OWNER, draft.id)
                chats = [400_000 + i for i in range(n_chats)]
                for chat in chats:
                    tg.user(chat, first_name=f"C{chat}").known = True  # the chat exists for Telegram
                    await ctx.subscriptions.subscribe(chat, tracker.id, OWNER, "private", None, "en", "info")
                await ctx.alerts.create(
                    OWNER, tracker.id, "tracker_down", RULE, None, {"failures": 1}, "critical"
                )
                tg.enforce_rate_limits(RateLimits(per_second=PER_SECOND, chat_interval=1.0))
                calls_before = len(tg.calls)
                # instrumentation (the bot's code is unchanged): how long rendering a message takes
                # between the sender's pacing slot and the request leaving
                transport = app.alerting.sender.transport
                render_times: list[float] = []
                original_render = transport.render

                async def timed_render(chat_id: int, payload: dict[str, Any]) -> Any:
                    began = time.monotonic()
                    try:
                        return await original_render(chat_id, payload)
                    finally:
                        render_times.append(time.monotonic() - began)

                transport.render = timed_render

                started = time.monotonic()
                report = await app.alerting.engine.tick()
                queued_at = time.monotonic()
                deadline = started + 3 * minimum + 60
                while time.monotonic() < deadline:
                    if tg.status_count("sendMessage", 200) - _count_ok_before(tg, calls_before) >= n_chats:
                        break
                    await asyncio.sleep(0.05)
                # whatever is still due would go now: wait until the outbox is settled
                while time.monotonic() < deadline and await ctx.outbox.pending_count():  # noqa: ASYNC110
                    await asyncio.sleep(0.05)
                pending = await ctx.outbox.pending_count()
                failed = int(await app.db.fetch_value("SELECT COUNT(*) FROM outbox WHERE failed IS NOT NULL"))
            finally:
                await runner.stop()
    finally:
        await emu.stop()
        await tg.stop()

    calls = [c for c in tg.calls[calls_before:] if c.method == "sendMessage"]
    ok = [c for c in calls if c.status == 200]
    too_many = [c for c in calls if c.status == 429]
    per_chat = {chat: sum(1 for m in tg.bot_messages(chat) if RULE in m.text) for chat in chats}
    exactly_once = all(n == 1 for n in per_chat.values())
    first, last = (ok[0].at, ok[-1].at) if ok else (float("nan"), float("nan"))
    total = last - started
    ratio = total / minimum
    worst_window = _max_in_window([c.at for c in ok], 1.0)
    arrivals = [c.at for c in calls]
    gaps = [b - a for a, b in itertools.pairwise(arrivals)]
    met = ratio <= TARGET_RATIO and not too_many and exactly_once and pending == 0
    none, doubled = sum(1 for n in per_chat.values() if n == 0), sum(1 for n in per_chat.values() if n > 1)
    renders = (
        f"{ms(pct(render_times, 50))} / {ms(pct(render_times, 99))} / {ms(max(render_times, default=0))}"
    )
    title = f"3. Alert fan-out: 1 alert -> {n_chats} chats, limits enforced ({PER_SECOND}/s, 1/s per chat)"
    say(
        table(
            title,
            ["measure", "value"],
            [
                ["physical minimum (N / 30/s), s", minimum],
                ["engine tick: alert opened + rows queued, s", queued_at - started],
                ["first message after tick start, s", first - started],
                ["total: tick start -> last message delivered, s", total],
                ["total / minimum", ratio],
                ["delivery rate, messages/s", len(ok) / (last - first) if len(ok) > 1 else float("nan")],
                ["most messages in any 1 s window", worst_window],
                ["sendMessage answered 200", len(ok)],
                ["sendMessage answered 429", len(too_many)],
                ["chats with exactly one message", sum(1 for n in per_chat.values() if n == 1)],
                ["chats with none / with more than one", f"{none} / {doubled}"],
                ["outbox rows pending / failed", f"{pending} / {failed}"],
                ["notifications queued by the tick", report.queued],
                ["429s at (s after tick start)", ", ".join(f"{c.at - started:.2f}" for c in too_many) or "-"],
                ["render before each send: p50 / p99 / max, ms", renders],
                [
                    "gap between sendMessage arrivals: min / p1 / p50, ms",
                    f"{ms(min(gaps, default=0))} / {ms(pct(gaps, 1))} / {ms(pct(gaps, 50))}",
                ],
            ],
        )
    )
    say(
        f"fan-out: {total:.2f} s for {n_chats} chats = {ratio:.3f} x the minimum (target <= {TARGET_RATIO}), "
        f"{len(too_many)} x 429 (target 0), exactly once: {exactly_once} -> {'MET' if met else 'MISSED'}"
    )
    data = {
        "met": met,
        "chats": n_chats,
        "total_s": rnd(total, 2),
        "minimum_s": rnd(minimum, 2),
        "ratio_to_minimum": rnd(ratio),
        "target_ratio": TARGET_RATIO,
        "http_429": len(too_many),
        "delivered": len(ok),
        "exactly_once": exactly_once,
        "pending": pending,
        "failed": failed,
        "tick_s": rnd(queued_at - started, 3),
        "max_per_1s_window": worst_window,
        "render_p99_ms": ms(pct(render_times, 99)),
        "summary": f"{total:.1f} s = {ratio:.3f} x min; {len(too_many)} x 429; exactly once {exactly_once}",
    }
    emit(NAME, {k: v for k, v in data.items() if k != "summary"})
    return data


def _count_ok_before(tg: BenchTelegram, upto: int) -> int:
    return sum(1 for c in tg.calls[:upto] if c.method == "sendMessage" and c.status == 200)


def _max_in_window(times: list[float], window: float) -> int:
    best, lo = 0, 0
    for hi, t in enumerate(times):
        while t - times[lo] >= window:
            lo += 1
        best = max(best, hi - lo + 1)
    return best
