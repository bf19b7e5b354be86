"""Import: `import connect_contacts_mock` after `import boto3`, in a fresh process.

Each round starts a new interpreter, imports boto3, then times the import of the package alone
(so Python's start-up and boto3's own import are not counted). moto's `mock_aws` is timed the
same way for reference.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
from typing import Any

import pytest
from _support import Figures

TARGET_MS = 30.0

_CHILD = """
import time
import boto3
started = time.perf_counter()
{statement}
print((time.perf_counter() - started) * 1000)
"""


def _import_ms(statement: str) -> float:
    completed = subprocess.run(
        [sys.executable, "-c", _CHILD.format(statement=statement)],
        capture_output=True,
        text=True,
        check=True,
    )
    return float(completed.stdout.strip().splitlines()[-1])


def _measure(benchmark: Any, statement: str, rounds: int) -> tuple[float, float]:
    times: list[float] = []
    benchmark.pedantic(lambda: times.append(_import_ms(statement)), rounds=rounds)
    return min(times), statistics.median(times)


def test_import_moto_for_reference(benchmark: Any, figures: Figures) -> None:
    pytest.importorskip("moto")
    best, median = _measure(benchmark, "from moto import mock_aws", rounds=5)
    figures.values["import-moto"] = (best, median)
    figures.add("import", "from moto import mock_aws after boto3", f"{best:.0f} / {median:.0f} ms")


def test_import_package(benchmark: Any, figures: Figures) -> None:
    best, median = _measure(benchmark, "import connect_contacts_mock", rounds=15)
    moto: Any = figures.values.get("import-moto")
    figures.add(
        "import",
        "import connect_contacts_mock after boto3",
        f"{best:.1f} / {median:.1f} ms",
        f"moto's mock_aws {moto[0]:.0f} / {moto[1]:.0f} ms" if moto else "",
        f"<= {TARGET_MS:.0f} ms",
        best <= TARGET_MS,
    )
