"""The HTTP server through the AWS SDK for JavaScript v3: `SearchContactsCommand` and
`paginateSearchContacts`, driven by tests/js/search.mjs with the machine's Node.js.

The SDK version is pinned in tests/js/package-lock.json; `npm ci` installs it into
tests/js/node_modules the first time. Skipped where node or npm is missing.
"""

from __future__ import annotations

import contextlib
import json
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from connect_contacts_mock.server import MockServer

from .server_scenario import DOCUMENT, INSTANCE, check_scenario, scenario_steps

JS = Path(__file__).parent.parent / "js"
SDK = JS / "node_modules" / "@aws-sdk" / "client-connect" / "package.json"

NODE, NPM = shutil.which("node"), shutil.which("npm")
pytestmark = pytest.mark.skipif(
    NODE is None or NPM is None,
    reason="Node.js and npm are needed to run the JavaScript SDK (node and npm not on PATH)",
)


@contextlib.contextmanager
def exclusive(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on `path`, so parallel workers install node_modules once."""
    try:
        import fcntl
    except ImportError:  # Windows: no parallel-install guard
        yield
        return
    with path.open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@pytest.fixture(scope="session")
def node_modules(tmp_path_factory: pytest.TempPathFactory) -> None:
    """The pinned SDK in tests/js/node_modules, installed from the lock file when missing."""
    assert NPM is not None
    # The parent of the base temporary directory is shared by pytest-xdist's workers.
    with exclusive(tmp_path_factory.getbasetemp().parent / "connect-contacts-mock-npm.lock"):
        if SDK.is_file():
            return
        done = subprocess.run(
            [NPM, "ci", "--no-audit", "--no-fund"],
            cwd=JS,
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert done.returncode == 0, f"npm ci failed in {JS}:\n{done.stdout}\n{done.stderr}"


def run_plan(url: str, steps: list[dict[str, Any]]) -> dict[str, Any]:
    """Run the steps in one Node.js process; return its results by step name."""
    assert NODE is not None
    done = subprocess.run(
        [NODE, str(JS / "search.mjs")],
        input=json.dumps({"endpoint": url, "steps": steps}),
        cwd=JS,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    results: dict[str, Any] = json.loads(done.stdout)
    return results


def as_scenario_result(result: dict[str, Any]) -> dict[str, Any]:
    if "error" not in result:
        return result
    error = result["error"]
    assert error["modelled"], f"{error['name']} did not arrive as the SDK's own exception class"
    assert error["message"]
    return {"error": {"code": error["name"], "status": error["status"]}}


def test_the_scenario_through_the_javascript_sdk(node_modules: None, server: MockServer) -> None:
    """Reset and seed over HTTP from Node.js, then the scenario; timestamps arrive as Dates
    (printed back as fractional epoch seconds) and errors as the SDK's modelled exceptions."""
    server.store.load(
        [{"Channel": "VOICE", "InitiationMethod": "INBOUND", "InitiationTimestamp": "-1h"}]
    )
    steps = [
        {"name": "reset", "action": "reset"},
        {"name": "seed", "action": "seed", "document": DOCUMENT},
        *scenario_steps(),
    ]
    results = run_plan(server.url, steps)
    assert results.pop("reset") == {"status": 200, "body": {}}
    assert results.pop("seed") == {
        "status": 200,
        "body": {"Ids": ["k1", "k2", "k3", "k4", "k5", "k6"]},
    }
    scheduled = results["window"]["pages"][0]["Contacts"][3]["ScheduledTimestamp"]
    assert scheduled == 1893456000.125
    check_scenario(
        {name: as_scenario_result(result) for name, result in results.items()}, server.store
    )


def test_errors_outside_the_model_reach_the_sdk_by_name(
    node_modules: None, server: MockServer
) -> None:
    """An operation the mock does not serve: UnknownOperationException, not modelled for
    DescribeUser; a bad seed: the control surface's 400 naming the field."""
    steps = [
        {
            "name": "describe",
            "action": "send",
            "command": "DescribeUserCommand",
            "input": {"InstanceId": "i", "UserId": "u"},
        },
        {"name": "bad seed", "action": "seed", "document": [{"Channel": "FAX"}]},
    ]
    results = run_plan(server.url, steps)
    error = results["describe"]["error"]
    assert (error["name"], error["status"]) == ("UnknownOperationException", 404)
    assert results["bad seed"]["status"] == 400
    assert "field 'Channel': 'FAX' is not one of" in results["bad seed"]["body"]["Message"]


def test_describe_contact_through_the_js_sdk_sees_the_seeded_contact(
    node_modules: None, server: MockServer
) -> None:
    steps = [
        {"name": "seed", "action": "seed", "document": DOCUMENT},
        {
            "name": "describe",
            "action": "send",
            "command": "DescribeContactCommand",
            "input": {"InstanceId": INSTANCE, "ContactId": "k4"},
        },
        {
            "name": "missing",
            "action": "send",
            "command": "DescribeContactCommand",
            "input": {"InstanceId": INSTANCE, "ContactId": "zz"},
        },
    ]
    results = run_plan(server.url, steps)
    contact = results["describe"]["pages"][0]["Contact"]
    assert (contact["Id"], contact["Name"]) == ("k4", "Refund order 123")
    assert contact["ScheduledTimestamp"] == 1893456000.125
    error = results["missing"]["error"]
    assert (error["name"], error["status"], error["modelled"]) == (
        "ResourceNotFoundException",
        404,
        True,
    )
    assert error["message"] == "Contact not found"
