"""The scenario every client runs against the server (boto3, the AWS CLI, the JavaScript SDK)
and its expected outcome.

The scenario is plain JSON (times as epoch seconds) so the same steps can be handed to any
client; each client's test turns its output into the shape `check_scenario` reads:
{step name: {"pages": [response, ...]} or {"error": {"code", "status"}}}.
"""

from __future__ import annotations

import datetime
import json
import time
import urllib.error
import urllib.request
from typing import Any

from connect_contacts_mock import ContactStore

INSTANCE = "5e7b2c1a-0c1d-4e8f-9a6b-3d2f1e0c9b8a"
UNKNOWN_INSTANCE = "99999999-9999-4999-8999-999999999999"
REGION = "us-east-1"
ACCOUNT = "123456789012"

#: Seeded through POST /_mock/contacts; k6 lies outside the scenario's window.
DOCUMENT: dict[str, Any] = {
    "instances": [
        {
            "InstanceId": INSTANCE,
            "Region": REGION,
            "Contacts": [
                {
                    "Id": "k1",
                    "Channel": "VOICE",
                    "InitiationMethod": "INBOUND",
                    "InitiationTimestamp": "-1h",
                    "QueueInfo": {"Id": "q1", "EnqueueTimestamp": "-59m"},
                    "DisconnectTimestamp": "-50m",
                },
                {
                    "Id": "k2",
                    "Channel": "CHAT",
                    "InitiationMethod": "INBOUND",
                    "InitiationTimestamp": "-2h",
                },
                {
                    "Id": "k3",
                    "Channel": "VOICE",
                    "InitiationMethod": "OUTBOUND",
                    "InitiationTimestamp": "-3h",
                    "DisconnectTimestamp": "-2h",
                },
                {
                    "Id": "k4",
                    "Channel": "TASK",
                    "InitiationMethod": "API",
                    "InitiationTimestamp": "-4h",
                    "ScheduledTimestamp": "2030-01-01T00:00:00.125Z",
                    "Name": "Refund order 123",
                },
                {
                    "Id": "k5",
                    "Channel": "VOICE",
                    "InitiationMethod": "TRANSFER",
                    "InitiationTimestamp": "-5h",
                },
                {
                    "Id": "k6",
                    "Channel": "VOICE",
                    "InitiationMethod": "INBOUND",
                    "InitiationTimestamp": "-3d",
                },
            ],
        }
    ]
}

#: The contact Ids of each page a successful step returns.
EXPECTED_PAGES = {
    "window": [["k1", "k2", "k3", "k4", "k5"]],
    "filter": [["k1", "k3", "k5"]],
    "sort": [["k5", "k4", "k3", "k2", "k1"]],
    "pages": [["k1", "k2"], ["k3", "k4"], ["k5"]],
    "paginate": [["k1", "k2"], ["k3", "k4"], ["k5"]],
}
EXPECTED_TOTALS = {"window": 5, "filter": 3, "sort": 5, "pages": 5, "paginate": 5}
#: The error code and HTTP status of each failing step.
EXPECTED_ERRORS = {
    "invalid": ("InvalidParameterException", 400),
    "unknown_instance": ("ResourceNotFoundException", 404),
    "other_region": ("ResourceNotFoundException", 404),
}


def scenario_steps() -> list[dict[str, Any]]:
    """Seed, filter, sort, page, a validation error and unknown instances, over the last day.

    `action` is "search" (one call), "pages" (follow NextToken by hand) or "paginate" (the
    client's own paginator, `pageSize` per page); `region` defaults to us-east-1.
    """
    now = time.time()
    base = {
        "InstanceId": INSTANCE,
        "TimeRange": {
            "Type": "INITIATION_TIMESTAMP",
            "StartTime": round(now - 86_400, 3),  # fractional epoch seconds on purpose
            "EndTime": round(now + 300, 3),
        },
    }
    return [
        {"name": "window", "action": "search", "input": base},
        {
            "name": "filter",
            "action": "search",
            "input": {**base, "SearchCriteria": {"Channels": ["VOICE"]}},
        },
        {
            "name": "sort",
            "action": "search",
            "input": {**base, "Sort": {"FieldName": "INITIATION_TIMESTAMP", "Order": "ASCENDING"}},
        },
        {"name": "pages", "action": "pages", "input": {**base, "MaxResults": 2}},
        {"name": "paginate", "action": "paginate", "input": base, "pageSize": 2},
        {"name": "invalid", "action": "search", "input": {**base, "MaxResults": 101}},
        {
            "name": "unknown_instance",
            "action": "search",
            "input": {**base, "InstanceId": UNKNOWN_INSTANCE},
        },
        {"name": "other_region", "action": "search", "input": base, "region": "us-west-2"},
    ]


def to_ms(value: Any) -> int:
    """Epoch milliseconds of a timestamp as a client shows it: number, ISO string or datetime."""
    if isinstance(value, str):
        value = datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
    if isinstance(value, datetime.datetime):
        value = value.timestamp()
    return round(value * 1000)


def timestamps(contact: dict[str, Any], prefix: str = "") -> dict[str, int]:
    """Every `...Timestamp` member of a contact, at any depth, in epoch milliseconds."""
    found: dict[str, int] = {}
    for name, value in contact.items():
        if isinstance(value, dict):
            found.update(timestamps(value, f"{prefix}{name}."))
        elif name.endswith("Timestamp"):
            found[prefix + name] = to_ms(value)
    return found


def check_scenario(
    results: dict[str, Any], store: ContactStore, *, merged: tuple[str, ...] = ()
) -> None:
    """Assert the outcome of `scenario_steps()`; steps in `merged` came back as one page that
    the client assembled from several."""
    assert sorted(results) == sorted(step["name"] for step in scenario_steps())
    for name, expected_pages in EXPECTED_PAGES.items():
        assert "error" not in results[name], (name, results[name])
        pages = results[name]["pages"]
        ids = [[contact["Id"] for contact in page["Contacts"]] for page in pages]
        if name in merged:
            assert ids == [[i for page in expected_pages for i in page]], name
        else:
            assert ids == expected_pages, name
            tokens = [page.get("NextToken") for page in pages]
            assert all(tokens[:-1]) and tokens[-1] is None, (name, tokens)
            assert len(set(tokens[:-1])) == len(tokens) - 1, (name, tokens)
        for page in pages:
            assert page["TotalCount"] == EXPECTED_TOTALS[name], name
            for contact in page["Contacts"]:
                assert contact["Arn"] == (
                    f"arn:aws:connect:{REGION}:{ACCOUNT}:instance/{INSTANCE}/contact/{contact['Id']}"
                )
                stored = store.get(contact["Id"], instance_id=INSTANCE)
                assert timestamps(contact) == timestamps(stored), contact["Id"]
    for name, (code, status) in EXPECTED_ERRORS.items():
        assert results[name].get("error", {}).get("code") == code, (name, results[name])
        assert results[name]["error"]["status"] == status, name


def post(
    url: str, path: str, body: Any = None, *, method: str = "POST", headers: Any = None
) -> tuple[int, dict[str, str], Any]:
    """Send one request to the server; return the status, headers and decoded JSON body."""
    data = json.dumps(body).encode() if body is not None else b""
    sent = {"Content-Type": "application/json", **(headers or {})}
    request = urllib.request.Request(url + path, data=data, method=method, headers=sent)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as error:
        with error:
            return error.code, dict(error.headers), json.loads(error.read() or b"{}")
