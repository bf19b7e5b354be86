"""The HTTP server through the AWS CLI (`aws connect search-contacts --endpoint-url ...`), with
`--no-paginate` and with the CLI's own pagination; skipped where `aws` is not installed."""

from __future__ import annotations

import datetime
import json
import os
import re
import shutil
import subprocess
import sysconfig
from pathlib import Path
from typing import Any

import pytest

from connect_contacts_mock.server import MockServer

from .server_scenario import INSTANCE, check_scenario, scenario_steps

UTC = datetime.timezone.utc


def find_aws() -> str | None:
    """The `aws` next to this Python (no shim in between), else the one on PATH."""
    beside = Path(sysconfig.get_path("scripts")) / "aws"
    return str(beside) if beside.is_file() else shutil.which("aws")


AWS = find_aws()
pytestmark = pytest.mark.skipif(AWS is None, reason="the AWS CLI (`aws`) is not installed")

ENVIRONMENT = {
    **{name: value for name, value in os.environ.items() if not name.startswith("AWS_")},
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_DEFAULT_REGION": "us-east-1",
    "AWS_CONFIG_FILE": os.devnull,
    "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
    "AWS_EC2_METADATA_DISABLED": "true",
    "AWS_PAGER": "",
}


def aws(url: str, *arguments: str, region: str = "us-east-1") -> subprocess.CompletedProcess[str]:
    assert AWS is not None
    command = [AWS, "connect", *arguments, "--endpoint-url", url, "--region", region]
    return subprocess.run(
        [*command, "--output", "json"],
        env=ENVIRONMENT,
        capture_output=True,
        text=True,
        timeout=60,
    )


def cli_input(params: dict[str, Any]) -> str:
    """The parameters as --cli-input-json, times written as ISO-8601 with milliseconds."""
    time_range = params["TimeRange"]
    iso = {
        name: datetime.datetime.fromtimestamp(time_range[name], UTC).isoformat(
            timespec="milliseconds"
        )
        for name in ("StartTime", "EndTime")
    }
    return json.dumps({**params, "TimeRange": {**time_range, **iso}})


def search(url: str, step: dict[str, Any], params: dict[str, Any], *extra: str) -> Any:
    done = aws(
        url,
        "search-contacts",
        "--cli-input-json",
        cli_input(params),
        *extra,
        region=step.get("region", "us-east-1"),
    )
    if done.returncode != 0:
        raised = re.search(
            r"An error occurred \((\w+)\) when calling the SearchContacts", done.stderr
        )
        assert raised, done.stderr
        return {"code": raised.group(1)}
    assert done.stderr == ""
    return json.loads(done.stdout)


def run_step(server: MockServer, step: dict[str, Any]) -> dict[str, Any]:
    url, params = server.url, step["input"]
    calls_before = len(server.store.calls)
    if step["action"] == "paginate":
        outcome = search(url, step, params, "--page-size", str(step["pageSize"]))
        if "code" not in outcome:
            sent = [call.params for call in server.store.calls[calls_before:]]
            assert [request.get("MaxResults") for request in sent] == [2, 2, 2]
            assert [("NextToken" in request) for request in sent] == [False, True, True]
        pages = [outcome]
    elif step["action"] == "pages":
        pages = [search(url, step, params, "--no-paginate")]
        while "NextToken" in pages[-1]:
            token = pages[-1]["NextToken"]
            pages.append(search(url, step, {**params, "NextToken": token}, "--no-paginate"))
    else:
        pages = [search(url, step, params, "--no-paginate")]
    if "code" in pages[-1]:
        return {"error": {**pages[-1], "status": server.store.calls[-1].status}}
    return {"pages": pages}


def test_the_scenario_through_the_aws_cli(seeded_server: MockServer) -> None:
    """The CLI's automatic pagination merges the pages into one output."""
    results = {step["name"]: run_step(seeded_server, step) for step in scenario_steps()}
    check_scenario(results, seeded_server.store, merged=("paginate",))


def test_an_error_exits_non_zero_naming_the_code(seeded_server: MockServer) -> None:
    done = aws(
        seeded_server.url,
        "search-contacts",
        "--instance-id",
        "missing",
        "--time-range",
        "Type=INITIATION_TIMESTAMP,StartTime=2026-01-01T00:00:00Z,EndTime=2026-01-02T00:00:00Z",
    )
    assert done.returncode != 0
    assert "An error occurred (ResourceNotFoundException) when calling the SearchContacts" in (
        done.stderr
    )
    assert "Instance 'missing' not found" in done.stderr


def test_another_operation_exits_non_zero_with_unknown_operation(server: MockServer) -> None:
    done = aws(server.url, "describe-user", "--instance-id", "i", "--user-id", "u")
    assert done.returncode != 0
    assert "(UnknownOperationException) when calling the DescribeUser operation" in done.stderr


def test_describe_contact_through_the_aws_cli(seeded_server: MockServer) -> None:
    done = aws(
        seeded_server.url, "describe-contact", "--instance-id", INSTANCE, "--contact-id", "k1"
    )
    assert done.returncode == 0, done.stderr
    contact = json.loads(done.stdout)["Contact"]
    assert (contact["Id"], contact["Channel"], contact["QueueInfo"]["Id"]) == ("k1", "VOICE", "q1")


def test_describe_contact_of_an_unknown_contact_exits_naming_not_found(
    seeded_server: MockServer,
) -> None:
    done = aws(
        seeded_server.url, "describe-contact", "--instance-id", INSTANCE, "--contact-id", "zz"
    )
    assert done.returncode != 0
    assert "(ResourceNotFoundException)" in done.stderr and "Contact not found" in done.stderr
