"""``python -m bench [NAME ...] [--quick] [--profile | --no-profile]``

Runs the benchmarks (all by default, in this order): throughput, keitaro, fanout, evaluation,
footprint, durability, scaleout (issue 18: SQLite vs PostgreSQL + Redis with 1, 2 and 4 workers).
Each prints a table and one ``BENCH-JSON {...}`` line; at the end a summary of the
targets and one ``BENCH-JSON {"bench": "summary", ...}`` line. ``--quick`` is a smoke run
(fewer users, chats and trackers, shorter windows, fewer rounds: ~2 minutes here; the full run, with
interleaved rounds for each benchmark, takes ~11 minutes). A cProfile summary is printed for a benchmark
whose target is missed (``--profile`` always, ``--no-profile`` never).
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import logging
import sys
import time
from typing import Any

from bench.common import emit, say, table

BENCHES = {
    "throughput": "bench.throughput",
    "keitaro": "bench.keitaro_cmd",
    "fanout": "bench.fanout",
    "evaluation": "bench.evaluation",
    "footprint": "bench.footprint",
    "durability": "bench.durability",
    "scaleout": "bench.scaleout",
}


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[1])
    parser.add_argument("names", nargs="*", choices=[[], *BENCHES], metavar="NAME", help=", ".join(BENCHES))
    parser.add_argument("--quick", action="store_true", help="a short smoke run of everything (~2 min)")
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--profile", dest="profile", action="store_true", default=None, help="always profile")
    group.add_argument("--no-profile", dest="profile", action="store_false", help="never profile")
    args = parser.parse_args()
    names = args.names or list(BENCHES)
    logging.basicConfig(level=logging.ERROR, format="%(levelname)s %(name)s: %(message)s")
    results = asyncio.run(_run(names, quick=args.quick, profile=args.profile))
    sys.exit(0 if all(r.get("ok", True) for r in results.values()) else 1)


async def _run(names: list[str], *, quick: bool, profile: bool | None) -> dict[str, dict[str, Any]]:
    results: dict[str, dict[str, Any]] = {}
    began = time.monotonic()
    for name in names:
        module = importlib.import_module(BENCHES[name])
        started = time.monotonic()
        try:
            results[name] = await module.run(quick=quick, profile=profile)
        except Exception as error:  # one broken benchmark does not hide the others
            logging.getLogger("bench").exception("benchmark %s failed", name)
            results[name] = {"ok": False, "error": f"{type(error).__name__}: {error}"}
        results[name]["seconds"] = round(time.monotonic() - started, 1)
        say("")
    rows = [
        [n, r.get("seconds"), r.get("summary", r.get("error", "")), _verdict(r)] for n, r in results.items()
    ]
    say(
        table(
            f"Summary ({time.monotonic() - began:.0f} s{', quick' if quick else ''})",
            ["benchmark", "s", "figures", "targets"],
            rows,
        )
    )
    emit("summary", {n: {k: v for k, v in r.items() if k not in ("summary",)} for n, r in results.items()})
    return results


def _verdict(result: dict[str, Any]) -> str:
    if not result.get("ok", True):
        return "ERROR"
    met = result.get("met")
    if met is None:
        return "-"
    return "met" if met else "MISSED"


if __name__ == "__main__":
    main()
