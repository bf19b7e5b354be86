"""`contacts.serve()` answers over HTTP from the same store, for clients outside the process."""

from __future__ import annotations

import datetime
import json
import urllib.error
import urllib.request

from connect_contacts_mock import ContactStore

UTC = datetime.timezone.utc


def post(url: str, body: dict[str, object]) -> tuple[int, dict[str, object], str | None]:
    request = urllib.request.Request(
        f"{url}/search-contacts", data=json.dumps(body).encode(), method="POST"
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read()), None
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read()), error.headers.get("x-amzn-ErrorType")


def test_store_serve_answers_raw_http_from_the_same_store() -> None:
    store = ContactStore()
    now = datetime.datetime.now(UTC)
    contact_id = store.add(
        {"Channel": "TASK", "InitiationMethod": "API", "InitiationTimestamp": now}
    )
    window = {
        "Type": "INITIATION_TIMESTAMP",
        "StartTime": now.timestamp() - 60,
        "EndTime": now.timestamp() + 60,
    }
    with store.serve() as url:
        status, body, _ = post(url, {"InstanceId": store.instance_id, "TimeRange": window})
        assert status == 200
        assert [c["Id"] for c in body["Contacts"]] == [contact_id]  # type: ignore[index]
        status, body, error_type = post(url, {"InstanceId": "nope", "TimeRange": window})
        assert (status, error_type) == (404, "ResourceNotFoundException")
        assert "nope" in str(body["Message"])
    assert [call.status for call in store.calls] == [200, 404]


def test_store_serve_applies_the_throttle_option() -> None:
    store = ContactStore()
    window = {"Type": "INITIATION_TIMESTAMP", "StartTime": 0, "EndTime": 60}
    with store.serve(throttle=True, limit_time_window=False) as url:
        assert post(url, {"InstanceId": store.instance_id, "TimeRange": window})[0] == 200
        status, _, error_type = post(url, {"InstanceId": store.instance_id, "TimeRange": window})
    assert (status, error_type) == (429, "ThrottlingException")
