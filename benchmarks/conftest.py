"""Shared fixtures of the benchmarks, and the table of figures printed at the end of the run.

Run from the repository root (pytest-benchmark installed):

    python -m pytest benchmarks --benchmark-only -p no:cacheprovider

Each benchmark records its figures with `figures.add(...)`; `pytest_terminal_summary` prints
them side by side with the floor or the reference they are compared to, the ratio and the target.
Times are the best (min) and the median of pytest-benchmark's rounds; the machine may be shared,
so the best is the figure least disturbed by neighbours and is the one judged against the target.
"""

from __future__ import annotations

from typing import Any

import boto3
import pytest
from _support import FIGURES, REGION, Figures


@pytest.fixture(scope="session")
def figures() -> Figures:
    return FIGURES


@pytest.fixture(scope="session")
def client() -> Any:
    """One client for every benchmark, as a test suite shares one."""
    return boto3.client("connect", region_name=REGION)


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if not FIGURES.rows:
        return
    write = terminalreporter.write_line
    terminalreporter.section("connect-contacts-mock: figures and targets")
    headers = ("measure", "value (best / median)", "compared with", "target", "met")
    table = [headers] + [
        (
            f"{row.section}: {row.name}",
            row.value,
            row.compared,
            row.target,
            "" if row.met is None else ("yes" if row.met else "NO"),
        )
        for row in FIGURES.rows
    ]
    widths = [max(len(line[column]) for line in table) for column in range(len(headers))]
    for number, line in enumerate(table):
        cells = (cell.ljust(width) for cell, width in zip(line, widths, strict=True))
        write("  ".join(cells).rstrip())
        if number == 0:
            write("  ".join("-" * width for width in widths))
