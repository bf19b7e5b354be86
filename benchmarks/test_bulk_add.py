"""Bulk add: `add_many` of 1,000,000 factory contacts, fully validated, in a fresh interpreter.

The child process first makes the factory's stream on its own, twice, and keeps the faster time
(taken off, as in test_scale.py: the rate is the store's, not the factory's); then it streams
the same contacts into a new store and reports the time and its peak resident set size
(`ru_maxrss`, the whole process: interpreter, botocore's model and the store). A process of its
own keeps other benchmarks' memory out of the peak.

`CONNECT_CONTACTS_BENCH_COUNT` makes the store smaller for a quick run;
`CONNECT_CONTACTS_BENCH_PROFILE=1` also prints where the add spends its time (cProfile, which
slows it down: the figures of such a run are not comparable).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from typing import Any

from _support import Figures

COUNT = int(os.environ.get("CONNECT_CONTACTS_BENCH_COUNT", "1000000"))
PROFILE = os.environ.get("CONNECT_CONTACTS_BENCH_PROFILE") == "1"
RATE_TARGET = 60_000
PEAK_TARGET_GB = 1.3

CHILD = textwrap.dedent(
    """
    import datetime, json, resource, sys, time
    from connect_contacts_mock import ContactStore, factory

    count, profile = int(sys.argv[1]), sys.argv[2] == "1"
    end = datetime.datetime(2026, 11, 1, tzinfo=datetime.timezone.utc)
    start = end - datetime.timedelta(days=55)

    def stream():
        return factory.mix(count, start=start, end=end, seed=1)

    factory_seconds = float("inf")
    for _ in range(2):
        began = time.perf_counter()
        for _contact in stream():
            pass
        factory_seconds = min(factory_seconds, time.perf_counter() - began)
    store = ContactStore()
    if profile:
        import cProfile, pstats
        profiler = cProfile.Profile()
        profiler.enable()
    began = time.perf_counter()
    store.add_many(stream())
    seconds = time.perf_counter() - began
    if profile:
        profiler.disable()
        pstats.Stats(profiler, stream=sys.stderr).sort_stats("tottime").print_stats(20)
    assert len(store) == count
    print(json.dumps({
        "factory_seconds": factory_seconds,
        "add_seconds": seconds - factory_seconds,
        "peak_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    }))
    """
)


def test_bulk_add_rate_and_peak_memory(benchmark: Any, figures: Figures) -> None:
    """One round: the child's own timings are the figures (the round's time includes the
    interpreter start and the factory's runs)."""
    result: dict[str, Any] = {}

    def run() -> None:
        done = subprocess.run(
            [sys.executable, "-c", CHILD, str(COUNT), "1" if PROFILE else "0"],
            capture_output=True,
            text=True,
            check=True,
        )
        if PROFILE:
            print(done.stderr)
        result.update(json.loads(done.stdout))

    benchmark.pedantic(run, rounds=1, iterations=1)
    add, made = result["add_seconds"], result["factory_seconds"]
    rate = COUNT / add
    figures.add(
        "bulk add",
        f"add_many of {COUNT:,} factory contacts, validated (factory excluded)",
        f"{rate:,.0f} contacts/s",
        f"{add:.1f} s; with the factory: {COUNT / (add + made):,.0f} contacts/s",
        f">= {RATE_TARGET:,}/s",
        rate >= RATE_TARGET,
    )
    peak_gb = result["peak_kb"] / 1024**2
    figures.add(
        "bulk add",
        f"peak memory of a process adding {COUNT:,} (ru_maxrss)",
        f"{peak_gb:.2f} GB",
        "the whole process: interpreter, model and store",
        f"<= {PEAK_TARGET_GB} GB",
        peak_gb <= PEAK_TARGET_GB,
    )
