"""Scale: 1,000,000 contacts of the factory's mix in one instance, spread over 55 days.

The tests of this module run in order on one store: load it (bulk add rate, peak memory), the
first page of a selective query (about 1% of the contacts), paging through 10,000 results, and
last the floor for the pages the mock gave (the mock must be inactive for the floor, so that
comes after the rest). `CONNECT_CONTACTS_BENCH_COUNT` makes the store smaller for a quick run.
"""

from __future__ import annotations

import datetime
import gc
import itertools
import json
import math
import os
import re
import statistics
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from _support import (
    UTC,
    Figures,
    best_and_median_ms,
    floor_answering,
    search_kwargs,
)

from connect_contacts_mock import ContactStore, SearchContactsMock, factory, mock_search_contacts

COUNT = int(os.environ.get("CONNECT_CONTACTS_BENCH_COUNT", "1000000"))
NOW = datetime.datetime.now(UTC).replace(microsecond=0)
START, END = NOW - datetime.timedelta(days=55), NOW - datetime.timedelta(hours=1)
WINDOW_START = START - datetime.timedelta(hours=1)
#: About 1% of the mix: Gold-plan contacts handled by one of 12 agents.
SELECTIVE = {
    "AgentIds": ["agent-3"],
    "SearchableContactAttributes": {"Criteria": [{"Key": "Plan", "Values": ["Gold"]}]},
}
#: About 13% of the mix: tasks; walked to the 10,000-result window.
BROAD = {"Channels": ["TASK"]}

ADD_RATE_TARGET = 60_000
PEAK_TARGET_GB = 1.3
BEYOND_FLOOR_TARGET_MS = 5.0
UPDATE_BEYOND_FLOOR_TARGET_MS = 1.0
#: Later pages may cost this much more than early ones beyond their floor and still be flat.
FLAT_TOLERANCE_MS = 0.5


@dataclass
class Scale:
    mock: SearchContactsMock
    store: ContactStore
    loaded: bool = False
    bodies: dict[str, bytes] = field(default_factory=dict)
    page_times: list[float] = field(default_factory=list)
    page_bodies: list[bytes] = field(default_factory=list)
    ours: dict[str, tuple[float, float]] = field(default_factory=dict)
    query_ends: Iterator[int] = field(default_factory=lambda: itertools.count(1))

    def new_end(self) -> datetime.datetime:
        """A query end not used before: a new query with the same results (nothing cached).
        Whole seconds apart, as botocore may send timestamps in whole seconds."""
        return NOW + datetime.timedelta(seconds=next(self.query_ends))


@pytest.fixture(scope="module")
def scale() -> Iterator[Scale]:
    mock = mock_search_contacts()
    store = mock.start()
    try:
        yield Scale(mock, store)
    finally:
        if mock._activations:
            mock.stop()


@pytest.fixture
def loaded(scale: Scale) -> Scale:
    if not scale.loaded:
        pytest.skip("needs test_bulk_add to load the store first")
    return scale


def _rss_kb(field_name: str) -> int:
    with open("/proc/self/status") as status:
        found = re.search(rf"{field_name}:\s+(\d+) kB", status.read())
    return int(found.group(1)) if found else 0


class PeakMemory:
    """The peak resident set size over a block: the kernel's high-water mark, reset first where
    Linux allows it, else sampled every few milliseconds."""

    def __enter__(self) -> PeakMemory:
        gc.collect()
        self.before_kb = _rss_kb("VmRSS")
        try:
            with open("/proc/self/clear_refs", "w") as clear:
                clear.write("5")
            self._sampler: threading.Thread | None = None
        except OSError:
            self._sampled = self.before_kb
            self._stop = threading.Event()
            self._sampler = threading.Thread(target=self._sample, daemon=True)
            self._sampler.start()
        return self

    def _sample(self) -> None:
        while not self._stop.wait(0.005):
            self._sampled = max(self._sampled, _rss_kb("VmRSS"))

    def __exit__(self, *_: Any) -> None:
        if self._sampler is None:
            self.peak_kb = _rss_kb("VmHWM")
        else:
            self._stop.set()
            self._sampler.join()
            self.peak_kb = max(self._sampled, _rss_kb("VmRSS"))


def test_bulk_add(benchmark: Any, scale: Scale, figures: Figures) -> None:
    """Stream the mix into `add_many`, as the factory's documentation says; the factory's own
    time is measured apart (the same stream, made and dropped) and taken off."""

    def stream() -> Iterator[dict[str, Any]]:
        return factory.mix(COUNT, start=START, end=END, seed=1)

    factory_seconds = math.inf
    for _ in range(2):
        started = time.perf_counter()
        for _contact in stream():
            pass
        factory_seconds = min(factory_seconds, time.perf_counter() - started)
    timings = {"factory": factory_seconds}

    def load() -> None:
        started = time.perf_counter()
        scale.store.add_many(stream())
        timings["add"] = time.perf_counter() - started - factory_seconds

    with PeakMemory() as memory:
        benchmark.pedantic(load, rounds=1, iterations=1)
    scale.loaded = True
    assert len(scale.store) == COUNT
    rate = COUNT / timings["add"]
    overall = COUNT / (timings["add"] + timings["factory"])
    figures.add(
        "scale",
        f"bulk add of {COUNT:,} (add_many, factory excluded)",
        f"{rate:,.0f} contacts/s",
        f"{timings['add']:.1f} s; with the factory: {overall:,.0f} contacts/s",
        f">= {ADD_RATE_TARGET:,}/s",
        rate >= ADD_RATE_TARGET,
    )
    grown_gb = (memory.peak_kb - memory.before_kb) / 1024**2
    figures.add(
        "scale",
        f"peak memory while loading {COUNT:,}",
        f"{grown_gb:.2f} GB above the start",
        f"process peak {memory.peak_kb / 1024**2:.2f} GB, "
        f"{memory.before_kb / 1024**2:.2f} GB before loading",
        f"<= {PEAK_TARGET_GB} GB",
        grown_gb <= PEAK_TARGET_GB,
    )


def test_first_page_of_selective_query(
    benchmark: Any, client: Any, loaded: Scale, figures: Figures
) -> None:
    """Each round a query not seen before, so every round searches the whole store."""

    def new_query() -> tuple[tuple[()], dict[str, Any]]:
        return (), search_kwargs(start=WINDOW_START, end=loaded.new_end(), criteria=SELECTIVE)

    result = benchmark.pedantic(client.search_contacts, setup=new_query, rounds=15)
    loaded.ours["selective"] = best_and_median_ms(benchmark)
    loaded.bodies["selective"] = _last_body(loaded.store)
    share = result["TotalCount"] / COUNT
    figures.values["selective-share"] = share
    assert 0.005 <= share <= 0.02, share


def test_first_page_of_all_matching_query(
    benchmark: Any, client: Any, loaded: Scale, figures: Figures
) -> None:
    """A query every contact matches (the window holds them all), new each round."""

    def new_query() -> tuple[tuple[()], dict[str, Any]]:
        return (), search_kwargs(start=WINDOW_START, end=loaded.new_end())

    result = benchmark.pedantic(client.search_contacts, setup=new_query, rounds=15)
    loaded.ours["all"] = best_and_median_ms(benchmark)
    loaded.bodies["all"] = _last_body(loaded.store)
    assert result["TotalCount"] == COUNT


def test_paging_through_10000_results(
    benchmark: Any, client: Any, loaded: Scale, figures: Figures
) -> None:
    """Walk a query's 10,000-result window in pages of 100; each round is a new query. Each
    page's time is kept (the best of the rounds) to compare with that page's own floor."""
    walks: list[list[float]] = []

    def walk() -> None:
        kwargs = search_kwargs(100, start=WINDOW_START, end=loaded.new_end(), criteria=BROAD)
        times, seen = [], 0
        while True:
            started = time.perf_counter()
            page = client.search_contacts(**kwargs)
            times.append((time.perf_counter() - started) * 1000)
            seen += len(page["Contacts"])
            if "NextToken" not in page:
                break
            kwargs["NextToken"] = page["NextToken"]
        assert seen == 10_000, seen
        walks.append(times)

    benchmark.pedantic(walk, rounds=3)
    pages = len(walks[0])
    loaded.page_times = [min(times[page] for times in walks) for page in range(pages)]
    loaded.page_bodies = [_body(call.response) for call in loaded.store.calls[-pages:]]


def test_update_contact_attributes_at_scale(
    benchmark: Any, client: Any, loaded: Scale, figures: Figures
) -> None:
    """Each round sets a new value on one contact of the full store: a real change, so the
    store replaces the contact and updates its indexes every round (never a re-index)."""
    contact_id = next(iter(loaded.store)).get("Id")
    values = itertools.count(1)

    def new_value() -> tuple[tuple[()], dict[str, Any]]:
        return (), {
            "InstanceId": loaded.store.instance_id,
            "InitialContactId": contact_id,
            "Attributes": {"BenchmarkRound": str(next(values))},
        }

    benchmark.pedantic(
        client.update_contact_attributes, setup=new_value, rounds=300, warmup_rounds=5
    )
    loaded.ours["update"] = best_and_median_ms(benchmark)
    last = client.get_contact_attributes(
        InstanceId=loaded.store.instance_id, InitialContactId=contact_id
    )["Attributes"]["BenchmarkRound"]
    assert int(last) == next(values) - 1


def test_floor_of_scale_pages(benchmark: Any, client: Any, loaded: Scale, figures: Figures) -> None:
    """The floor for the pages above; runs last, as the mock must be off for it."""
    loaded.mock.stop()
    kwargs = search_kwargs(start=WINDOW_START, end=END)
    page_floors: list[float] = []

    def measure_page_floors() -> None:
        for body in loaded.page_bodies:
            with floor_answering(client, body):
                times = []
                for _ in range(5):
                    started = time.perf_counter()
                    client.search_contacts(**kwargs)
                    times.append((time.perf_counter() - started) * 1000)
            page_floors.append(min(times))

    benchmark.pedantic(measure_page_floors, rounds=1, iterations=1)
    for name, described in (
        ("all", f"first page of a query matching all {COUNT:,} (new query)"),
        (
            "selective",
            f"first page of a query matching {figures.values.get('selective-share', 0.0):.1%} "
            f"of {COUNT:,} (new query)",
        ),
    ):
        if name not in loaded.bodies:
            continue
        with floor_answering(client, loaded.bodies[name]):
            times = []
            for _ in range(30):
                started = time.perf_counter()
                client.search_contacts(**kwargs)
                times.append((time.perf_counter() - started) * 1000)
        ours, floor_ms = loaded.ours[name], min(times)
        beyond = ours[0] - floor_ms
        figures.add(
            "scale",
            described,
            f"{ours[0]:.1f} / {ours[1]:.1f} ms",
            f"floor {floor_ms:.1f} ms: +{beyond:.1f} ms beyond it",
            f"<= +{BEYOND_FLOOR_TARGET_MS:.0f} ms",
            beyond <= BEYOND_FLOOR_TARGET_MS,
        )
    if "update" in loaded.ours:
        update = {"InstanceId": loaded.store.instance_id, "InitialContactId": "c"}
        update["Attributes"] = {"BenchmarkRound": "0"}
        times = []
        with floor_answering(client, b"", operation="UpdateContactAttributes"):
            for _ in range(300):
                started = time.perf_counter()
                client.update_contact_attributes(**update)
                times.append((time.perf_counter() - started) * 1000)
        ours, floor_ms = loaded.ours["update"], min(times)
        beyond = ours[0] - floor_ms
        figures.add(
            "scale",
            f"update_contact_attributes of one contact among {COUNT:,}",
            f"{ours[0]:.3f} / {ours[1]:.3f} ms",
            f"floor {floor_ms:.3f} ms: +{beyond:.3f} ms beyond it",
            f"<= +{UPDATE_BEYOND_FLOOR_TARGET_MS:.0f} ms",
            beyond <= UPDATE_BEYOND_FLOOR_TARGET_MS,
        )
    if page_floors:
        beyond = [ours - floor for ours, floor in zip(loaded.page_times, page_floors, strict=True)]
        early, late = statistics.median(beyond[1:11]), statistics.median(beyond[-10:])
        figures.add(
            "scale",
            "paging 10,000 results by 100: beyond each page's floor, page 1 / 2-11 / last 10",
            f"+{beyond[0]:.1f} / +{early:.2f} / +{late:.2f} ms",
            f"floors {min(page_floors):.1f}-{max(page_floors):.1f} ms a page",
            f"flat: last 10 <= 2-11 + {FLAT_TOLERANCE_MS} ms",
            late <= early + FLAT_TOLERANCE_MS,
        )


def _last_body(store: ContactStore) -> bytes:
    return _body(store.calls[-1].response)


def _body(response: dict[str, Any] | None) -> bytes:
    assert response is not None
    return json.dumps(response, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
