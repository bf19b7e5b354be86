"""Fault path: a test of throttling retries with the back-off switched off: enter the mock with
`retry_sleep=False`, queue two ThrottlingExceptions, make one call (botocore retries twice and
gets the page), leave."""

from __future__ import annotations

import datetime
from typing import Any

from _support import UTC, Figures, best_and_median_ms, search_kwargs

from connect_contacts_mock import mock_search_contacts

NOW = datetime.datetime.now(UTC).replace(microsecond=0)
TARGET_MS = 10.0
THROTTLES = 2


def test_throttling_retries_without_back_off(benchmark: Any, client: Any, figures: Figures) -> None:
    kwargs = search_kwargs(start=NOW - datetime.timedelta(days=1), end=NOW)
    statuses: list[list[int]] = []

    def one_test() -> None:
        with mock_search_contacts(retry_sleep=False) as contacts:
            contacts.fail_next("ThrottlingException", times=THROTTLES)
            client.search_contacts(**kwargs)
            statuses.append([call.status for call in contacts.calls])

    # Explicit rounds: the first call (botocore's retry set-up) is slow enough to make the
    # automatic calibration choose only a handful.
    benchmark.pedantic(one_test, rounds=300, warmup_rounds=3)
    assert all(seen == [429] * THROTTLES + [200] for seen in statuses)
    best, median = best_and_median_ms(benchmark)
    figures.add(
        "fault path",
        f"{THROTTLES} throttles retried + success, retry_sleep=False",
        f"{best:.3f} / {median:.3f} ms",
        "",
        f"< {TARGET_MS:.0f} ms",
        best < TARGET_MS,
    )
