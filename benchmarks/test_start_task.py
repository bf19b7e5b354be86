"""StartTaskContact: one call against its floor, and a long run of starts staying flat.

The floor is botocore's own pipeline answered by a before-send handler returning the same
`{"ContactId": ...}` answer, prepared once. Each call of the mock makes a new task (botocore
fills in a new ClientToken every call, so no answer is remembered): it is checked against the
model, stored and indexed, and found by the next search. The run of 100,000 starts in a row
compares the cost per call of its last 1,000 with its first 1,000: a store that grows must
not make each start dearer.
"""

from __future__ import annotations

import json
import os
import time
from typing import Any

import pytest
from _support import Figures, floor_answering, record_turn

from connect_contacts_mock import DEFAULT_INSTANCE_ID, mock_search_contacts

TARGET = 1.10
ROUNDS = 2000
TURNS = [(kind, turn) for turn in (1, 2, 3) for kind in ("floor", "mock")]
KWARGS = {"InstanceId": DEFAULT_INSTANCE_ID, "ContactFlowId": "flow-1", "Name": "Call back"}
RUN = int(os.environ.get("CONNECT_CONTACTS_BENCH_STARTS", "100000"))
#: Calls at each end of the run that are compared.
WINDOW = 1000
#: The last calls may cost this much more than the first and still be flat.
FLAT_TOLERANCE = 1.10


@pytest.mark.parametrize(("kind", "turn"), TURNS)
def test_start_task_contact_per_call(
    benchmark: Any, client: Any, figures: Figures, kind: str, turn: int
) -> None:
    if kind == "floor":
        body = json.dumps({"ContactId": "a1b2c3d4-0000-4000-8000-000000000001"}).encode()
        with floor_answering(client, body, operation="StartTaskContact"):
            result = benchmark.pedantic(
                client.start_task_contact, kwargs=KWARGS, rounds=ROUNDS, warmup_rounds=20
            )
    else:
        with mock_search_contacts() as contacts:
            result = benchmark.pedantic(
                client.start_task_contact, kwargs=KWARGS, rounds=ROUNDS, warmup_rounds=20
            )
            assert len(contacts) == ROUNDS + 20
    assert result["ContactId"]
    record_turn(
        figures,
        benchmark,
        "start-task",
        kind,
        turn,
        "start_task_contact, a new task each call",
        TARGET,
    )


def test_a_long_run_of_starts_stays_flat(benchmark: Any, client: Any, figures: Figures) -> None:
    """The median call of the first and of the last WINDOW calls of RUN starts in a row. Each
    task is stopped after its start (not timed), as the instance's active-tasks quota (2,500
    open tasks) would refuse the rest: the store still grows by one task per start."""
    times: list[float] = []

    def run() -> None:
        with mock_search_contacts() as contacts:
            for _ in range(RUN):
                started = time.perf_counter()
                task = client.start_task_contact(**KWARGS)
                times.append((time.perf_counter() - started) * 1000)
                client.stop_contact(InstanceId=DEFAULT_INSTANCE_ID, ContactId=task["ContactId"])
            assert len(contacts) == RUN

    benchmark.pedantic(run, rounds=1, iterations=1)
    first = sorted(times[:WINDOW])[WINDOW // 2]
    last = sorted(times[-WINDOW:])[WINDOW // 2]
    figures.add(
        "scale",
        f"start_task_contact {RUN:,} times in a row: median call, first / last {WINDOW:,}",
        f"{first:.3f} / {last:.3f} ms",
        f"x{last / first:.3f}",
        f"last <= first x{FLAT_TOLERANCE:.2f}",
        last <= first * FLAT_TOLERANCE,
    )
