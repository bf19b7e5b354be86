"""Helpers of the benchmarks: the table of figures, the floor handler, request builders."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from botocore.awsrequest import AWSResponse

from connect_contacts_mock import DEFAULT_INSTANCE_ID

UTC = datetime.timezone.utc
REGION = "us-east-1"
EVENT = "before-send.connect.{operation}"


@dataclass
class Row:
    section: str
    name: str
    value: str
    compared: str = ""
    target: str = ""
    met: bool | None = None


@dataclass
class Figures:
    """The rows of the summary table, in the order the benchmarks ran."""

    rows: list[Row] = field(default_factory=list)
    values: dict[str, Any] = field(default_factory=dict)

    def add(
        self,
        section: str,
        name: str,
        value: str,
        compared: str = "",
        target: str = "",
        met: bool | None = None,
    ) -> None:
        self.rows.append(Row(section, name, value, compared, target, met))


FIGURES = Figures()


def best_and_median_ms(benchmark: Any) -> tuple[float, float]:
    """The best and the median round of a finished pytest-benchmark run, in milliseconds."""
    stats = benchmark.stats.stats
    return stats.min * 1000, stats.median * 1000


# -- helpers shared by the benchmarks ----------------------------------------------------------


def search_kwargs(
    page_size: int | None = None,
    *,
    start: datetime.datetime,
    end: datetime.datetime,
    criteria: dict[str, Any] | None = None,
    instance_id: str = DEFAULT_INSTANCE_ID,
) -> dict[str, Any]:
    kwargs: dict[str, Any] = {
        "InstanceId": instance_id,
        "TimeRange": {"Type": "INITIATION_TIMESTAMP", "StartTime": start, "EndTime": end},
    }
    if page_size is not None:
        kwargs["MaxResults"] = page_size
    if criteria:
        kwargs["SearchCriteria"] = criteria
    return kwargs


class _FixedBody:
    def __init__(self, body: bytes) -> None:
        self._body = body

    def stream(self, **_: Any) -> Iterator[bytes]:
        yield self._body


def fixed_response_handler(body: bytes) -> Callable[..., AWSResponse]:
    """The floor: a before-send handler answering every call with `body`, prepared once."""
    headers = {"Content-Type": "application/json", "x-amzn-RequestId": "floor"}

    def handler(request: Any = None, **_: Any) -> AWSResponse:
        return AWSResponse(request.url, 200, headers, _FixedBody(body))

    return handler


class floor_answering:
    """While active, `client`'s calls of `operation` are answered by a fixed prepared response
    (no mock may be active: botocore calls every before-send handler, so an active mock would
    still do its work)."""

    def __init__(self, client: Any, body: bytes, operation: str = "SearchContacts") -> None:
        self.client = client
        self.handler = fixed_response_handler(body)
        self.event = EVENT.format(operation=operation)

    def __enter__(self) -> None:
        self.client.meta.events.register_first(
            self.event, self.handler, unique_id="benchmark-floor"
        )

    def __exit__(self, *_: Any) -> None:
        self.client.meta.events.unregister(self.event, unique_id="benchmark-floor")


def ratio_row(
    figures: Figures,
    section: str,
    name: str,
    ours: tuple[float, float],
    floor: tuple[float, float],
    limit: float,
) -> None:
    best_ratio, median_ratio = ours[0] / floor[0], ours[1] / floor[1]
    figures.add(
        section,
        name,
        f"{ours[0]:.3f} / {ours[1]:.3f} ms",
        f"floor {floor[0]:.3f} / {floor[1]:.3f} ms: x{best_ratio:.3f} / x{median_ratio:.3f}",
        f"<= x{limit:.2f}",
        best_ratio <= limit,
    )


def record_turn(
    figures: Figures,
    benchmark: Any,
    key: str,
    kind: str,
    turn: int,
    name: str,
    limit: float,
    last_turn: int = 3,
    judged: str = "mock",
    section: str = "per call",
) -> None:
    """Keep one turn's best and median under `{key}-{kind}` ("floor", or the `judged` kind:
    "mock" by default); on the judged kind's last turn, add the row comparing the best of its
    turns with the best of the floor's (floor and mock run in turns so both meet the same
    drift of the machine)."""
    seen = figures.values.setdefault(f"{key}-{kind}", [])
    seen.append(best_and_median_ms(benchmark))
    if kind != judged or turn != last_turn:
        return
    floors = figures.values.get(f"{key}-floor", [])
    if not floors:
        pytest.skip("run with the floor turns to compare")
    ours = (min(b for b, _ in seen), min(m for _, m in seen))
    floor = (min(b for b, _ in floors), min(m for _, m in floors))
    ratio_row(figures, section, name, ours, floor, limit)


def answer_body(contacts: Any) -> bytes:
    """The body of the store's last answer, as sent: what the floor answers with."""
    body: bytes = contacts.calls[-1].body
    return body
