"""Three workers fan one alert out to 1,000 chats (issue 18, the multi-worker tests): PostgreSQL
holds the outbox the three senders claim from, Redis the send budget they share; the fake Telegram
enforces the limits (30 messages/s overall, 1/s per chat: a 429 when broken). No 429, every chat
exactly one message, and the work shared."""

from __future__ import annotations

from collections import Counter

from services.clock import ShiftedClock
from tests.component.outbox.support import max_in_window
from tests.fakes.keitaro import KeitaroEmulator
from tests.fakes.telegram import FakeTelegram
from tests.scaleout.alert_workers import Worker, add_down_rule, open_worker, pending, seed_tracker, wait_for

CHATS = 1000


async def test_three_workers_fan_an_alert_out_to_a_thousand_chats_within_telegram_s_limits(
    pg_url: str, redis_url: str, tg: FakeTelegram, clock: ShiftedClock
) -> None:
    keitaro = KeitaroEmulator()
    await keitaro.start()
    tg.enforce_rate_limits()
    chats = list(range(800_000, 800_000 + CHATS))
    for chat in chats:
        tg.user(chat).known = True
    workers: list[Worker] = []
    try:
        # one tick is enough: the alert fires at the leader's first one (the rule's value changes
        # every tick, and its edits would share the budget with the fan-out)
        for name in ("A", "B", "C"):
            workers.append(await open_worker(name, pg_url, tg, clock, interval=3600.0, redis_url=redis_url))
        tracker_id = await seed_tracker(workers[0].ctx, keitaro.url, chats)
        await add_down_rule(workers[0].ctx, tracker_id)
        for worker in workers:
            worker.start()

        async def all_sent() -> bool:
            return len(_alert_sends(tg)) == CHATS and await pending(workers[0].db, "alert") == 0

        await wait_for(all_sent, timeout=90, what="the fan-out")
        assert sum(len(w.ticks) for w in workers) == 1  # one engine ticked: the leader
        sends = tg.calls_of("sendMessage")
        assert Counter(c.status for c in sends) == {200: CHATS}  # not one 429
        assert sorted(_alert_sends(tg)) == chats and set(_alert_sends(tg).values()) == {1}
        assert max_in_window([c.at for c in sends], 1.0) <= 30
        assert all(w.sender.stats["sent"] > 0 for w in workers), [w.sender.stats["sent"] for w in workers]
    finally:
        for worker in workers:
            await worker.close()
        await keitaro.stop()


def _alert_sends(tg: FakeTelegram) -> Counter[int]:
    return Counter(
        int(c.params["chat_id"])
        for c in tg.calls_of("sendMessage")
        if c.status == 200 and "alert " in str(c.params.get("text", ""))
    )
