"""A bounded soak of the HTTP server: concurrent pagers walking SearchContacts while a writer
adds contacts, for a fixed time; it prints what it measured beside each target and stops.

    .venv/bin/python benchmarks/soak.py                  # 60 s, 100,000 contacts, 16 pagers
    .venv/bin/python benchmarks/soak.py --seconds 15     # a shorter look

It starts `python -m connect_contacts_mock serve` on a free loopback port, seeds it with
`factory.mix` contacts through `POST /_mock/contacts` (timestamps written to the millisecond),
then runs, until `--seconds` have passed:

- `--pagers` threads, each walking one search over every seeded contact (sorted by
  INITIATION_TIMESTAMP, DESCENDING, as the default search is) page by page with NextToken, to its
  end, over and over;
- one writer adding a contact newer than all others (so it sorts first) through the control
  endpoint, `--writes-per-second` times a second.

Every request is counted and timed (connect to last byte of the answer). A walk *repeats* a
contact it returned twice, and *skips* one that was in the store for the whole walk, that sorts
before where the walk ended (newer than the last contact it returned; any, for a walk the server
said was complete), and that it never returned. A search walks at most the service's 10,000
results, so against more contacts a walk covers the newest 10,000 of them.

The exit status is 0 whenever the soak ran, whether or not the targets were met (they are
printed, not asserted); 1 when the server could not be started or seeded. This file defines no
tests: pytest's `--benchmark-only` run of benchmarks/ collects `test_*.py` files only.
"""

from __future__ import annotations

import argparse
import bisect
import datetime
import http.client
import json
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from typing import Any

from connect_contacts_mock import DEFAULT_INSTANCE_ID, factory

UTC = datetime.timezone.utc
EPOCH = datetime.datetime(1970, 1, 1, tzinfo=UTC)
SEED_BATCH = 2_000
PAGE_SIZE = 100
#: The most results one search walks (the service's, and the mock's, 10K cap).
RESULT_WINDOW = 10_000
#: What each figure is judged against.
TARGET_RSS_GROWTH_MB = 50
TARGET_P99_MS = 100


# -- the server ------------------------------------------------------------------------------


class Server:
    """The command's server in a subprocess, its URL and its resident memory."""

    def __init__(self, log: Any, extra: list[str]) -> None:
        command = [sys.executable, "-m", "connect_contacts_mock", "serve", "--port", "0"]
        self.process = subprocess.Popen(
            [*command, "--quiet", *extra], stdout=subprocess.PIPE, stderr=log, text=True
        )
        with ThreadPoolExecutor(1) as pool:
            assert self.process.stdout is not None
            line = pool.submit(self.process.stdout.readline).result(timeout=60)
        if not line.startswith("Serving SearchContacts on http://"):
            self.stop()
            raise RuntimeError(f"the server did not start; it printed {line!r}")
        self.url = line.rsplit(" ", 1)[1].strip()
        host, port = self.url.removeprefix("http://").rsplit(":", 1)
        self.host, self.port = host, int(port)

    def rss_mb(self) -> float:
        """VmRSS of the server process, in MB (0 when /proc cannot tell)."""
        try:
            with open(f"/proc/{self.process.pid}/status") as status:
                for line in status:
                    if line.startswith("VmRSS:"):
                        return int(line.split()[1]) / 1024
        except OSError:
            pass
        return 0.0

    def stop(self) -> int | None:
        """SIGTERM, then the exit status (None if it had to be killed)."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            return None


def post(server: Server, path: str, body: bytes, timeout: float = 30) -> tuple[int, bytes]:
    """One POST on a new connection (the server closes each after its answer)."""
    connection = http.client.HTTPConnection(server.host, server.port, timeout=timeout)
    try:
        connection.request(
            "POST",
            path,
            body,
            {"Content-Type": "application/json", "Host": f"{server.host}:{server.port}"},
        )
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


# -- the contacts ----------------------------------------------------------------------------


def epoch_ms(moment: datetime.datetime) -> int:
    return (moment - EPOCH) // datetime.timedelta(milliseconds=1)


def _to_json(value: Any) -> Any:
    if isinstance(value, datetime.datetime):
        return value.astimezone(UTC).isoformat(timespec="milliseconds")
    raise TypeError(f"cannot write {type(value).__name__} to JSON")


def seed(
    server: Server, count: int, start: datetime.datetime, end: datetime.datetime
) -> dict[str, int]:
    """Add `count` mixed contacts over start..end; return each Id's InitiationTimestamp (ms)."""
    initiated: dict[str, int] = {}
    batch: list[dict[str, Any]] = []

    def send() -> None:
        status, body = post(server, "/_mock/contacts", json.dumps(batch, default=_to_json).encode())
        if status != 200:
            raise RuntimeError(f"seeding was refused: {status} {body[:500]!r}")
        batch.clear()

    for contact in factory.mix(count, start=start, end=end, seed=1):
        initiated[contact["Id"]] = epoch_ms(
            contact["InitiationTimestamp"]
        )  # as written: to the millisecond
        batch.append(contact)
        if len(batch) == SEED_BATCH:
            send()
    if batch:
        send()
    return initiated


# -- the load --------------------------------------------------------------------------------


@dataclass
class Tally:
    """Every request's latency and every failure, shared by the threads (append is atomic)."""

    latencies: dict[str, list[float]] = field(default_factory=lambda: {"search": [], "add": []})
    errors: Counter[str] = field(default_factory=Counter)
    examples: list[str] = field(default_factory=list)

    def failed(self, kind: str, detail: str) -> None:
        self.errors[kind] += 1
        if len(self.examples) < 5:
            self.examples.append(f"{kind}: {detail[:300]}")


@dataclass
class Walk:
    pager: int
    number: int
    returned: int
    repeated: int
    skipped: int
    complete: bool  # the server gave no NextToken
    pages: int


class Store:
    """What the soak knows is in the server's store: the seeded contacts and those the writer
    added, each with the moment its addition was acknowledged."""

    def __init__(self, initiated: dict[str, int]) -> None:
        self._lock = threading.Lock()
        self.seeded = initiated
        self._seeded_by_time = sorted((ms, contact) for contact, ms in initiated.items())
        self._seeded_times = [ms for ms, _ in self._seeded_by_time]
        self.added: list[tuple[float, int, str]] = []  # (acknowledged at, ms, Id), ms rising

    def acknowledge(self, contact: str, ms: int) -> None:
        with self._lock:
            self.added.append((time.monotonic(), ms, contact))

    def present_since(self, moment: float, newer_than: int | None) -> set[str]:
        """The Ids in the store since before `moment` whose initiation is after `newer_than`
        (epoch ms; None: every one)."""
        start = 0 if newer_than is None else bisect.bisect_right(self._seeded_times, newer_than)
        found = {contact for _, contact in self._seeded_by_time[start:]}
        with self._lock:
            added = list(self.added)
        found.update(
            contact
            for acknowledged, ms, contact in added
            if acknowledged < moment and (newer_than is None or ms > newer_than)
        )
        return found


def search_body(window: tuple[float, float], token: str | None) -> bytes:
    body: dict[str, Any] = {
        "InstanceId": DEFAULT_INSTANCE_ID,
        "TimeRange": {"Type": "INITIATION_TIMESTAMP", "StartTime": window[0], "EndTime": window[1]},
        "Sort": {"FieldName": "INITIATION_TIMESTAMP", "Order": "DESCENDING"},
        "MaxResults": PAGE_SIZE,
    }
    if token is not None:
        body["NextToken"] = token
    return json.dumps(body).encode()


def timed_post(
    server: Server, path: str, body: bytes, kind: str, tally: Tally
) -> dict[str, Any] | None:
    """POST, timed from connect to the answer's last byte; the decoded answer, or None after
    counting the failure."""
    started = time.perf_counter()
    try:
        status, answer = post(server, path, body)
    except (OSError, http.client.HTTPException) as error:
        tally.failed(f"{kind} {type(error).__name__}", str(error))
        return None
    tally.latencies[kind].append(time.perf_counter() - started)
    if status != 200:
        tally.failed(f"{kind} HTTP {status}", answer.decode("utf-8", "replace"))
        return None
    try:
        decoded: dict[str, Any] = json.loads(answer)
    except ValueError as error:
        tally.failed(f"{kind} not JSON", str(error))
        return None
    return decoded


def pager(
    index: int,
    server: Server,
    store: Store,
    window: tuple[float, float],
    deadline: float,
    tally: Tally,
) -> tuple[list[Walk], Walk | None]:
    """Walk the search to its end, over and over, until the deadline; the finished walks and
    the one the deadline cut short (None if none was)."""
    walks: list[Walk] = []
    number = 0
    while time.monotonic() < deadline:
        number += 1
        began = time.monotonic()
        seen: list[str] = []
        oldest: int | None = None
        token: str | None = None
        pages = 0
        while True:
            page = timed_post(
                server, "/search-contacts", search_body(window, token), "search", tally
            )
            if page is None:
                break  # counted as an error; the walk starts again
            pages += 1
            for contact in page["Contacts"]:
                seen.append(contact["Id"])
                oldest = round(contact["InitiationTimestamp"] * 1000)
            token = page.get("NextToken")
            if token is None or time.monotonic() >= deadline:
                break
        if page is None:
            continue
        complete = token is None and len(seen) < RESULT_WINDOW
        expected = store.present_since(began, None if complete else oldest)
        returned = set(seen)
        walk = Walk(
            pager=index,
            number=number,
            returned=len(seen),
            repeated=len(seen) - len(returned),
            skipped=len(expected - returned),
            complete=token is None,
            pages=pages,
        )
        if token is None:
            walks.append(walk)
        else:
            return walks, walk
    return walks, None


def writer(server: Server, store: Store, rate: float, deadline: float, tally: Tally) -> int:
    """Add one contact newer than every other, `rate` times a second (0: as fast as it can)."""
    added = 0
    last_ms = 0
    next_at = time.monotonic()
    while time.monotonic() < deadline:
        if rate > 0:
            next_at += 1 / rate
            pause = next_at - time.monotonic()
            if pause > 0:
                time.sleep(pause)
        ms = max(epoch_ms(datetime.datetime.now(UTC)), last_ms + 1)
        last_ms = ms
        contact = {
            "Id": f"soak-{added:07d}",
            "Channel": "CHAT",
            "InitiationMethod": "INBOUND",
            "InitiationTimestamp": datetime.datetime.fromtimestamp(ms / 1000, UTC).isoformat(
                timespec="milliseconds"
            ),
        }
        answer = timed_post(server, "/_mock/contacts", json.dumps([contact]).encode(), "add", tally)
        if answer is not None:
            store.acknowledge(contact["Id"], ms)
            added += 1
    return added


# -- the report ------------------------------------------------------------------------------


def percentile(values: list[float], fraction: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def report(rows: list[tuple[str, str, str, bool | None]]) -> None:
    table = [("measure", "value", "target", "met")] + [
        (name, value, target, "" if met is None else ("yes" if met else "NO"))
        for name, value, target, met in rows
    ]
    widths = [max(len(line[column]) for line in table) for column in range(4)]
    for number, line in enumerate(table):
        print(
            "  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip()
        )
        if number == 0:
            print("  ".join("-" * width for width in widths))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--seconds", type=float, default=60, help="how long the load runs (60)")
    parser.add_argument("--contacts", type=int, default=100_000, help="contacts seeded (100000)")
    parser.add_argument("--pagers", type=int, default=16, help="concurrent pagers (16)")
    parser.add_argument(
        "--writes-per-second", type=float, default=50, help="contacts the writer adds a second; 0: "
        "as fast as it can (50)",
    )  # fmt: skip
    parser.add_argument("--walks", action="store_true", help="print every walk, not only the sums")
    parser.add_argument(
        "--max-calls",
        type=int,
        default=None,
        metavar="N",
        help="passed to the server: the calls its log keeps (default: the server's default)",
    )
    options = parser.parse_args(argv)

    with tempfile.TemporaryFile("w+") as log:
        try:
            extra = [] if options.max_calls is None else ["--max-calls", str(options.max_calls)]
            server = Server(log, extra)
        except (RuntimeError, OSError, TimeoutError) as error:
            print(f"soak: {error}", file=sys.stderr)
            return 1
        try:
            return soak(server, options)
        except RuntimeError as error:
            print(f"soak: {error}", file=sys.stderr)
            return 1
        finally:
            status = server.stop()
            print(f"server exit status after SIGTERM: {status}")
            log.seek(0)
            problems = [line for line in log if "Traceback" in line or "ERROR" in line]
            if problems:
                print(f"server stderr has {len(problems)} error lines; first: {problems[0]!r}")


def soak(server: Server, options: argparse.Namespace) -> int:
    now = datetime.datetime.now(UTC)
    seeding = time.monotonic()
    initiated = seed(
        server,
        options.contacts,
        now - datetime.timedelta(days=7),
        now - datetime.timedelta(minutes=1),
    )
    seeded_in = time.monotonic() - seeding
    store = Store(initiated)
    window = (
        (now - datetime.timedelta(days=8)).timestamp(),
        (now + datetime.timedelta(seconds=options.seconds + 600)).timestamp(),
    )
    rss_start = server.rss_mb()
    print(
        f"{options.contacts:,} contacts seeded in {seeded_in:.1f} s; {options.pagers} pagers and "
        f"one writer for {options.seconds:g} s against {server.url}",
        flush=True,
    )
    tally = Tally()
    started = time.monotonic()
    deadline = started + options.seconds
    with ThreadPoolExecutor(options.pagers + 1) as pool:
        pagers = [
            pool.submit(pager, index, server, store, window, deadline, tally)
            for index in range(options.pagers)
        ]
        written = pool.submit(writer, server, store, options.writes_per_second, deadline, tally)
        rss_series = [rss_start]
        while wait(pagers, timeout=max(min(options.seconds / 6, 10), 0.5)).not_done:
            rss_series.append(server.rss_mb())
        outcomes = [future.result() for future in pagers]
        added = written.result()
    elapsed = time.monotonic() - started
    rss_end = server.rss_mb()

    walks = [walk for finished, _ in outcomes for walk in finished]
    partial = [cut for _, cut in outcomes if cut is not None]
    if options.walks:
        for walk in walks + partial:
            state = "complete" if walk.complete else "cut short at the deadline"
            print(
                f"pager {walk.pager:2d} walk {walk.number:3d}: {walk.returned:6,} returned in "
                f"{walk.pages} pages, {walk.repeated} repeated, {walk.skipped} skipped ({state})"
            )
    latencies = tally.latencies["search"] + tally.latencies["add"]
    requests = len(latencies) + sum(tally.errors.values())
    p50, p99 = percentile(latencies, 0.50) * 1000, percentile(latencies, 0.99) * 1000
    errors = sum(tally.errors.values())
    repeated = sum(walk.repeated for walk in walks + partial)
    skipped = sum(walk.skipped for walk in walks + partial)
    worst = max(walks + partial, key=lambda walk: walk.repeated + walk.skipped, default=None)
    growth = rss_end - rss_start
    print()
    report(
        [
            ("requests", f"{requests:,} in {elapsed:.1f} s ({added:,} contacts added)", "", None),
            ("requests/s", f"{requests / elapsed:,.0f}", "", None),
            ("search p50 / p99", _ms_pair(tally.latencies["search"]), "", None),
            ("add p50 / p99", _ms_pair(tally.latencies["add"]), "", None),
            ("all requests p50", f"{p50:.1f} ms", "", None),
            ("all requests p99", f"{p99:.1f} ms", f"< {TARGET_P99_MS} ms", p99 < TARGET_P99_MS),
            ("errors", f"{errors:,}", "0", errors == 0),
            (
                "walks",
                f"{len(walks):,} complete, {len(partial)} cut short at the deadline",
                "",
                None,
            ),
            ("contacts repeated (all walks)", f"{repeated:,}", "0", repeated == 0),
            ("contacts skipped (all walks)", f"{skipped:,}", "0", skipped == 0),
            (
                "worst walk",
                "-"
                if worst is None
                else f"pager {worst.pager} walk {worst.number}: "
                f"{worst.repeated:,} repeated, {worst.skipped:,} skipped of {worst.returned:,}",
                "",
                None,
            ),  # fmt: skip
            ("server RSS start / end", f"{rss_start:.0f} MB / {rss_end:.0f} MB", "", None),
            (
                "server RSS during the run",
                " ".join(f"{rss:.0f}" for rss in [*rss_series, rss_end]) + " MB",
                "",
                None,
            ),
            (
                "server RSS growth",
                f"{growth:+.1f} MB",
                f"< {TARGET_RSS_GROWTH_MB} MB",
                growth < TARGET_RSS_GROWTH_MB,
            ),
        ]
    )
    for example in tally.examples:
        print(f"error: {example}")
    if tally.errors:
        print("errors by kind: " + ", ".join(f"{kind} {n}" for kind, n in tally.errors.items()))
    return 0


def _ms_pair(values: list[float]) -> str:
    if not values:
        return "-"
    return f"{percentile(values, 0.5) * 1000:.1f} / {percentile(values, 0.99) * 1000:.1f} ms"


if __name__ == "__main__":
    sys.exit(main())
