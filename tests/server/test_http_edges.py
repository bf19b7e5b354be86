"""The server at the edges of HTTP: bodies that never arrive whole, malformed chunked bodies,
requests Python's parser refuses, its own faults, and stopping with requests in flight. Every
answer is JSON in the format of its path, never werkzeug's HTML page."""

from __future__ import annotations

import datetime
import http.client
import json
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.config import Config

from connect_contacts_mock import ContactStore, _botocore_events
from connect_contacts_mock.cli import main
from connect_contacts_mock.errors import MockUsageError
from connect_contacts_mock.server import MockServer

from .test_cli import served

UTC = datetime.timezone.utc
SOAK = Path(__file__).resolve().parents[2] / "benchmarks" / "soak.py"
posix_signals = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")


@pytest.fixture
def server() -> Iterator[MockServer]:
    """A server giving a silent client up after half a second, so the tests stay short."""
    assert _botocore_events.active() is None
    with MockServer(ContactStore(), read_timeout=0.5) as running:
        yield running


def port_of(url: str) -> int:
    return int(url.rsplit(":", 1)[1])


def search_body(instance_id: str) -> bytes:
    now = time.time()
    return json.dumps(
        {
            "InstanceId": instance_id,
            "TimeRange": {"Type": "INITIATION_TIMESTAMP", "StartTime": now - 3600, "EndTime": now},
        }
    ).encode()


def exchange(
    port: int, head: bytes, body: bytes = b"", *, shut_write: bool = False
) -> tuple[int, dict[str, str], Any, bool]:
    """Send `head` (request line and headers) and `body` as raw bytes, optionally shutting the
    write side; return the status, headers, decoded JSON body, and whether the server closed
    the connection after its answer."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
        connection.sendall(head + b"\r\n" + body)
        if shut_write:
            connection.shutdown(socket.SHUT_WR)
        response = http.client.HTTPResponse(connection)
        response.begin()
        headers = dict(response.getheaders())
        assert headers.get("Content-Type") == "application/json", headers
        decoded = json.loads(response.read())
        closed = connection.recv(1) == b""
        return response.status, headers, decoded, closed


def search_head(extra: str) -> bytes:
    return f"POST /search-contacts HTTP/1.1\r\nHost: 127.0.0.1\r\n{extra}".encode()


def control_head(extra: str) -> bytes:
    return (
        "POST /_mock/contacts HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        f"Content-Type: application/json\r\n{extra}"
    ).encode()


# -- bodies shorter than their Content-Length ----------------------------------------------------


def test_a_body_that_stops_arriving_is_answered_400_json_and_the_connection_closed(
    server: MockServer,
) -> None:
    """The thread waits at most the read timeout for the rest of the body, then answers."""
    status, headers, body, closed = exchange(
        port_of(server.url), search_head("Content-Length: 100\r\n"), b"{"
    )
    assert status == 400
    assert headers["x-amzn-ErrorType"] == "InvalidRequestException"
    assert body["Message"] == (
        "The request body is incomplete: 1 of the 100 bytes its Content-Length announced "
        "arrived, then nothing for 0.5 s; send the whole body, with a Content-Length equal to "
        "its size in bytes"
    )
    assert closed


def test_a_body_cut_short_by_the_client_closing_its_side_is_answered_400_json(
    server: MockServer,
) -> None:
    status, headers, body, closed = exchange(
        port_of(server.url), search_head("Content-Length: 100\r\n"), b"{", shut_write=True
    )
    assert (status, headers["x-amzn-ErrorType"]) == (400, "InvalidRequestException")
    assert "then the client closed its side of the connection" in body["Message"]
    assert closed


def test_a_content_length_that_is_no_number_is_answered_400_json(server: MockServer) -> None:
    status, _, body, _ = exchange(port_of(server.url), search_head("Content-Length: ten\r\n"))
    assert status == 400
    assert body["Message"].startswith("The request's Content-Length 'ten' is not a number")


def test_the_server_answers_others_while_a_body_is_awaited(server: MockServer) -> None:
    """A client that stalls mid-body holds only its own request; once given up, the server
    is as before."""
    with socket.create_connection(("127.0.0.1", port_of(server.url)), timeout=10) as stalled:
        stalled.sendall(search_head("Content-Length: 100\r\n") + b"\r\n{")
        client = boto3.client(
            "connect",
            region_name="us-east-1",
            endpoint_url=server.url,
            config=Config(retries={"max_attempts": 0}),
        )
        now = datetime.datetime.now(UTC)
        window = {"Type": "INITIATION_TIMESTAMP", "StartTime": now, "EndTime": now}
        found = client.search_contacts(InstanceId=server.store.instance_id, TimeRange=window)
        assert found["TotalCount"] == 0
        answer = http.client.HTTPResponse(stalled)
        answer.begin()
        assert answer.status == 400
    again = client.search_contacts(InstanceId=server.store.instance_id, TimeRange=window)
    assert again["TotalCount"] == 0


def test_a_control_body_cut_short_is_answered_in_the_control_format(server: MockServer) -> None:
    status, headers, body, closed = exchange(
        port_of(server.url), control_head("Content-Length: 50\r\n"), b"[", shut_write=True
    )
    assert status == 400
    assert "x-amzn-ErrorType" not in headers
    assert body["Error"] == "IncompleteBody"
    assert body["Message"].startswith("The request body is incomplete: 1 of the 50 bytes")
    assert closed
    assert len(server.store) == 0


# -- chunked bodies ------------------------------------------------------------------------------


def test_a_well_formed_chunked_body_is_read_whole(server: MockServer) -> None:
    payload = search_body(server.store.instance_id)
    chunked = b"".join(
        f"{len(part):x}\r\n".encode() + part + b"\r\n" for part in (payload[:10], payload[10:])
    )
    status, _, body, _ = exchange(
        port_of(server.url),
        search_head("Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n"),
        chunked + b"0\r\n\r\n",
    )
    assert (status, body["TotalCount"]) == (200, 0)


@pytest.mark.parametrize(
    ("body", "shut_write", "message"),
    [
        (b"zz\r\n{}\r\n0\r\n\r\n", False, "the chunk size 'zz' after 0 bytes is not a hexadecimal"),
        (b"-2\r\n{}\r\n0\r\n\r\n", False, "the chunk size '-2' after 0 bytes is not a hexadecimal"),
        (b"2\r\n{}}\r\n0\r\n\r\n", False, "the chunk of 2 bytes ending at byte 2 is longer"),
        (b"5\r\n{", True, "1 of the 5 bytes of the chunk starting after byte 0 arrived, then the"),
        (b"2\r\n{}\r\n", True, "after 2 bytes the client closed its side of the connection"),
        (b"5\r\n{", False, "1 of the 5 bytes of the chunk starting after byte 0 arrived, then no"),
        (b"", True, "after 0 bytes the client closed its side of the connection where a chunk"),
    ],
    ids=[
        "size-not-hex",
        "negative-size",
        "chunk-longer-than-its-size",
        "closed-mid-chunk",
        "closed-before-last-chunk",
        "stalled-mid-chunk",
        "closed-before-any-chunk",
    ],
)
def test_a_malformed_or_half_closed_chunked_body_is_answered_400_json(
    server: MockServer, body: bytes, shut_write: bool, message: str
) -> None:
    status, headers, answer, closed = exchange(
        port_of(server.url),
        search_head("Transfer-Encoding: chunked\r\n"),
        body,
        shut_write=shut_write,
    )
    assert (status, headers["x-amzn-ErrorType"]) == (400, "InvalidRequestException")
    assert message in answer["Message"]
    assert answer["Message"].endswith(
        "end the body with a chunk of size 0 followed by an empty line"
    )
    assert closed


def test_a_malformed_chunked_body_is_refused_with_the_operation_s_own_error(
    server: MockServer,
) -> None:
    """boto3 raises the modelled exception for it: DescribeContact models InvalidRequest too."""
    head = (
        f"GET /contacts/{server.store.instance_id}/c1 HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        "Transfer-Encoding: chunked\r\n"
    ).encode()
    status, headers, _, _ = exchange(port_of(server.url), head, b"x\r\n")
    assert status == 400
    assert headers["x-amzn-ErrorType"] in ("InvalidRequestException", "InvalidParameterException")


# -- what Python's HTTP parser refuses, and faults of the server ---------------------------------


@pytest.mark.parametrize(
    ("head", "status"),
    [
        (b"NONSENSE\r\n", 400),
        (b"GET /search-contacts HTTP/9.9\r\n", 505),
        (b"GET /search-contacts HTTP/1.1\r\nX-Long: " + b"a" * 70_000 + b"\r\n", 431),
    ],
    ids=["bad-request-line", "unknown-version", "header-too-long"],
)
def test_a_request_python_cannot_parse_is_answered_in_json(
    server: MockServer, head: bytes, status: int
) -> None:
    got, headers, body, closed = exchange(port_of(server.url), head)
    assert got == status
    assert headers["x-amzn-ErrorType"] == "InvalidRequestException"
    assert body["Message"].startswith("The HTTP request could not be read: ")
    assert closed


def test_a_fault_of_the_server_is_a_500_json_naming_it_a_bug(
    server: MockServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(request: Any) -> Any:
        raise RuntimeError("the answer could not be built")

    monkeypatch.setattr(server.service, "answer", broken)
    payload = search_body(server.store.instance_id)
    head = search_head(f"Content-Length: {len(payload)}\r\n")
    status, headers, body, _ = exchange(port_of(server.url), head, payload)
    assert (status, headers["x-amzn-ErrorType"]) == (500, "InternalServiceException")
    assert "RuntimeError: the answer could not be built" in body["Message"]
    assert "this is a bug in the mock, not in your code" in body["Message"]


def test_the_read_timeout_must_be_a_positive_number_of_seconds() -> None:
    with pytest.raises(MockUsageError, match="read_timeout must be a number of seconds above 0"):
        MockServer(read_timeout=0)


def test_the_command_refuses_a_read_timeout_that_is_no_positive_number(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["serve", "--read-timeout", "-1"])
    assert exited.value.code == 2
    assert "--read-timeout: expected a number of seconds above 0, got '-1'" in (
        capsys.readouterr().err
    )


# -- stopping with requests in flight ------------------------------------------------------------


@pytest.fixture
def command() -> Iterator[tuple[subprocess.Popen[str], int]]:
    """`python -m connect_contacts_mock serve` on a free port, and that port."""
    argv = [sys.executable, "-m", "connect_contacts_mock", "serve", "--port", "0"]
    with served([*argv, "--read-timeout", "2"]) as running:
        yield running.process, port_of(running.url)


def refused(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=2).close()
    except (ConnectionRefusedError, ConnectionResetError):  # reset: closed with it queued
        return True
    return False


@posix_signals
def test_sigterm_lets_a_request_in_flight_finish_then_exits_0(
    command: tuple[subprocess.Popen[str], int],
) -> None:
    """The port closes at once, the request whose body is still arriving gets its whole
    answer, and the command exits 0."""
    process, port = command
    payload = search_body("00000000-0000-4000-8000-000000000001")
    with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
        connection.sendall(search_head(f"Content-Length: {len(payload)}\r\n") + b"\r\n")
        connection.sendall(payload[:20])
        time.sleep(0.3)  # the server has the connection and waits for the rest of the body
        process.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + 5
        while not refused(port) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert refused(port), "the port still accepts connections after SIGTERM"
        assert process.poll() is None, "the command exited with a request in flight"
        connection.sendall(payload[20:])
        response = http.client.HTTPResponse(connection)
        response.begin()
        assert response.status == 200
        assert json.loads(response.read()) == {"Contacts": [], "TotalCount": 0}
    _, stderr = process.communicate(timeout=10)
    assert process.returncode == 0, stderr
    assert "Traceback" not in stderr


@posix_signals
def test_sigterm_gives_up_a_client_that_never_finishes_its_body_and_exits_0(
    command: tuple[subprocess.Popen[str], int],
) -> None:
    """Waiting for requests in flight is bounded: the silent client is answered 400 after the
    read timeout (2 s here), and the command exits 0."""
    process, port = command
    with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
        connection.sendall(search_head("Content-Length: 100\r\n") + b"\r\n{")
        time.sleep(0.3)
        process.send_signal(signal.SIGTERM)
        response = http.client.HTTPResponse(connection)
        response.begin()
        assert response.status == 400
        assert "then nothing for 2 s" in json.loads(response.read())["Message"]
    _, stderr = process.communicate(timeout=15)
    assert process.returncode == 0, stderr
    assert "Traceback" not in stderr


# -- the soak script -----------------------------------------------------------------------------


def test_the_soak_script_runs_briefly_and_prints_its_figures_beside_their_targets() -> None:
    done = subprocess.run(
        [sys.executable, str(SOAK), "--seconds", "2", "--contacts", "2000", "--pagers", "2"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    for figure in (
        "requests/s",
        "all requests p50",
        "all requests p99",
        "< 100 ms",
        "errors",
        "contacts repeated (all walks)",
        "contacts skipped (all walks)",
        "server RSS start / end",
        "server RSS growth",
        "< 50 MB",
    ):
        assert figure in done.stdout, figure
    assert "server exit status after SIGTERM: 0" in done.stdout
