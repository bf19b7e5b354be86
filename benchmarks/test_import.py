"""Import: `import connect_contacts_mock` after `import boto3`, in a fresh process.

Each round starts a new interpreter, imports boto3, then times the import of the package alone
(so Python's start-up and boto3's own import are not counted). moto's `mock_aws` is timed the
same way for reference. Bytecode is cached as it is after an install (a first, uncounted round
writes it, under a temporary `PYTHONPYCACHEPREFIX`), even where the environment sets
`PYTHONDONTWRITEBYTECODE`: compiling the sources on every import is not what users pay.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
from typing import Any

import pytest
from _support import Figures

TARGET_MS = 20.0

_CHILD = """
import time
import boto3
started = time.perf_counter()
{statement}
print((time.perf_counter() - started) * 1000)
"""


def _import_ms(statement: str, environment: dict[str, str]) -> float:
    completed = subprocess.run(
        [sys.executable, "-c", _CHILD.format(statement=statement)],
        capture_output=True,
        text=True,
        check=True,
        env=environment,
    )
    return float(completed.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def environment(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    cached = {
        name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"
    }
    cached["PYTHONPYCACHEPREFIX"] = str(tmp_path_factory.mktemp("pycache"))
    return cached


def _measure(
    benchmark: Any, statement: str, rounds: int, environment: dict[str, str]
) -> tuple[float, float]:
    _import_ms(statement, environment)  # writes the bytecode
    times: list[float] = []
    benchmark.pedantic(lambda: times.append(_import_ms(statement, environment)), rounds=rounds)
    return min(times), statistics.median(times)


def test_import_moto_for_reference(
    benchmark: Any, figures: Figures, environment: dict[str, str]
) -> None:
    pytest.importorskip("moto")
    best, median = _measure(benchmark, "from moto import mock_aws", 5, environment)
    figures.values["import-moto"] = (best, median)
    figures.add("import", "from moto import mock_aws after boto3", f"{best:.0f} / {median:.0f} ms")


def test_import_package(benchmark: Any, figures: Figures, environment: dict[str, str]) -> None:
    best, median = _measure(benchmark, "import connect_contacts_mock", 15, environment)
    moto: Any = figures.values.get("import-moto")
    figures.add(
        "import",
        "import connect_contacts_mock after boto3",
        f"{best:.1f} / {median:.1f} ms",
        f"moto's mock_aws {moto[0]:.0f} / {moto[1]:.0f} ms" if moto else "",
        f"<= {TARGET_MS:.0f} ms",
        best <= TARGET_MS,
    )


def test_import_package_compiling_sources(benchmark: Any, figures: Figures) -> None:
    """For reference: with no bytecode cache at all, every import compiles the sources."""
    uncached = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
    times: list[float] = []
    benchmark.pedantic(
        lambda: times.append(_import_ms("import connect_contacts_mock", uncached)), rounds=5
    )
    figures.add(
        "import",
        "the same, compiling the sources (no bytecode cache)",
        f"{min(times):.1f} / {statistics.median(times):.1f} ms",
        "",
        "(reference)",
    )
