"""The Keitaro emulator in a process of its own, so that its CPU time (building reports) is not
counted as the bot's: ``python -m bench.emulator_child KEYS`` starts one emulator that accepts
``bench_key(1..KEYS)`` as admin keys and prints one JSON line
``{"url": <admin URL>, "base": ..., "control": <control URL>}``. The control server answers:

* ``GET /stats`` — requests by path since the last reset, connections accepted, the emulator's own
  handling time, and the last report body per API key;
* ``POST /reset`` — start counting again.

It runs until stdin is closed (the parent went away) or SIGTERM.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import signal
import sys
from collections import Counter
from typing import Any

from aiohttp import web

from bench.bare_bot import bench_key
from bench.common import TimedEmulator

REPORT = "/admin_api/v1/report/build"


async def main(keys: int) -> None:
    emu = TimedEmulator(api_keys={bench_key(i): "admin" for i in range(1, keys + 1)})
    await emu.start()
    marks = {"requests": 0, "timings": 0, "connections": 0}

    async def stats(_request: web.Request) -> web.Response:
        recent = emu.requests[marks["requests"] :]
        timings = emu.timings[marks["timings"] :]
        bodies: dict[str, Any] = {}
        for r in recent:
            if r.path == REPORT and r.api_key:
                bodies[r.api_key] = r.json
        return web.json_response(
            {
                "paths": Counter(r.path for r in recent),
                "statuses": Counter(str(r.status) for r in recent),
                "requests": len(recent),
                "connections": emu.connections_opened - marks["connections"],
                "service_s": sum(end - start for start, end, *_ in timings),
                "report_bodies": bodies,
            }
        )

    async def reset(_request: web.Request) -> web.Response:
        marks.update(requests=len(emu.requests), timings=len(emu.timings), connections=emu.connections_opened)
        return web.json_response({"ok": True})

    control = web.Application()
    control.router.add_get("/stats", stats)
    control.router.add_post("/reset", reset)
    runner = web.AppRunner(control, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    print(json.dumps({"url": emu.url, "base": emu.base, "control": f"http://127.0.0.1:{port}"}), flush=True)

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    loop.add_signal_handler(signal.SIGTERM, stop.set)
    loop.add_reader(sys.stdin.fileno(), lambda: stop.set() if not sys.stdin.buffer.read1(1024) else None)
    await stop.wait()
    with contextlib.suppress(Exception):
        await runner.cleanup()
        await emu.stop()


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 100))
