"""`connect-contacts-mock serve`: prints the URL, answers, and stops cleanly on Ctrl-C."""

from __future__ import annotations

import datetime
import json
import signal
import subprocess
import sys
import sysconfig
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import boto3
import pytest
from botocore.exceptions import ClientError

from connect_contacts_mock.cli import main

from .server_scenario import post

UTC = datetime.timezone.utc
COMMAND = Path(sysconfig.get_path("scripts")) / "connect-contacts-mock"
INSTANCE = "0f0f0f0f-0000-4000-8000-000000000001"
posix_signals = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")


@pytest.fixture
def data_file(tmp_path: Path) -> Path:
    path = tmp_path / "contacts.json"
    contacts = [
        {
            "Id": "c1",
            "Channel": "VOICE",
            "InitiationMethod": "INBOUND",
            "InitiationTimestamp": "-1h",
        },
        {
            "Id": "c2",
            "Channel": "CHAT",
            "InitiationMethod": "INBOUND",
            "InitiationTimestamp": "-2h",
        },
    ]
    path.write_text(json.dumps(contacts))
    return path


def read_line(process: subprocess.Popen[str], timeout: float = 20) -> str:
    assert process.stdout is not None
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(process.stdout.readline).result(timeout=timeout)


class Served:
    """A `serve` command started by `served`: its process, the URL it printed, and (once it
    has stopped) what it wrote on stderr."""

    def __init__(self, process: subprocess.Popen[str], url: str) -> None:
        self.process, self.url, self.stderr = process, url, ""


@contextmanager
def served(argv: list[str], timeout: float = 20) -> Iterator[Served]:
    """The command `argv` (a `serve` on port 0) started, past the URL it prints first; killed,
    if it still runs, on leaving."""
    process = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = read_line(process, timeout)
        assert line.startswith("Serving SearchContacts on http://127.0.0.1:"), line
        running = Served(process, line.rsplit(" ", 1)[1].strip())
        yield running
    finally:
        if process.poll() is None:
            process.kill()
        _, stderr = process.communicate(timeout=10)
    running.stderr = stderr


@pytest.fixture
def serving(data_file: Path) -> Iterator[tuple[subprocess.Popen[str], str]]:
    """The installed command serving `data_file` on a free port, and the URL it printed."""
    if not COMMAND.is_file():
        pytest.skip(f"{COMMAND} is not installed; run `pip install -e .`")
    argv = [str(COMMAND), "serve", "--port", "0", "--data", str(data_file)]
    with served([*argv, "--region", "us-east-1", "--instance-id", INSTANCE]) as running:
        yield running.process, running.url


def search_ids(url: str, region: str = "us-east-1") -> list[str]:
    client = boto3.client("connect", region_name=region, endpoint_url=url)
    now = datetime.datetime.now(UTC)
    response = client.search_contacts(
        InstanceId=INSTANCE,
        TimeRange={
            "Type": "INITIATION_TIMESTAMP",
            "StartTime": now - datetime.timedelta(days=1),
            "EndTime": now,
        },
    )
    return [contact["Id"] for contact in response["Contacts"]]


@posix_signals
@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_serve_answers_from_the_data_file_and_stops_on_a_signal(
    serving: tuple[subprocess.Popen[str], str], stop: signal.Signals
) -> None:
    process, url = serving
    assert search_ids(url) == ["c1", "c2"]
    with pytest.raises(ClientError, match="ResourceNotFoundException"):
        search_ids(url, region="eu-west-1")  # --region: the instance exists in us-east-1 only
    started = time.monotonic()
    process.send_signal(stop)
    stdout, stderr = process.communicate(timeout=10)
    assert process.returncode == 0, stderr
    assert time.monotonic() - started < 3
    assert stdout == ""
    assert "2 contacts loaded; press Ctrl-C to stop" in stderr
    assert '"POST /search-contacts HTTP/1.1" 200' in stderr
    assert "Traceback" not in stderr


@posix_signals
def test_the_control_surface_reaches_the_command_s_store(
    serving: tuple[subprocess.Popen[str], str],
) -> None:
    process, url = serving
    assert post(url, "/_mock/reset")[0] == 200
    assert search_ids(url) == []
    process.send_signal(signal.SIGINT)
    assert process.wait(timeout=10) == 0


def test_a_bad_data_file_stops_before_serving(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text(json.dumps([{"Channel": "FAX"}]))
    done = subprocess.run(
        [sys.executable, "-m", "connect_contacts_mock", "serve", "--data", str(path)],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert done.returncode == 2
    assert done.stdout == ""
    expected = f"cannot load {path}: {path}: contact 1 of the batch: field 'Channel'"
    assert f"connect-contacts-mock: {expected}" in done.stderr


def test_a_missing_data_file_stops_before_serving(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["serve", "--data", str(tmp_path / "absent.json")]) == 2
    assert "No such file or directory" in capsys.readouterr().err


def test_without_a_command_the_help_is_printed(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    assert "serve" in capsys.readouterr().out


def test_serve_documents_its_options(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["serve", "--help"])
    assert exited.value.code == 0
    usage = capsys.readouterr().out
    for option in ("--host", "--port", "--data PATH", "--region", "--account-id"):
        assert option in usage
    for option in ("--instance-id", "--no-time-window-limit", "--throttle", "--quiet"):
        assert option in usage
