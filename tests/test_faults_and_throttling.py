"""Injected faults and the throttle go through botocore's real retry handler."""

from __future__ import annotations

import datetime
from typing import Any

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from connect_contacts_mock import ContactStore, MockUsageError, mock_search_contacts

UTC = datetime.timezone.utc


def request(instance_id: str, **extra: Any) -> dict[str, Any]:
    now = datetime.datetime.now(UTC)
    return {
        "InstanceId": instance_id,
        "TimeRange": {
            "Type": "INITIATION_TIMESTAMP",
            "StartTime": now - datetime.timedelta(hours=1),
            "EndTime": now,
        },
        **extra,
    }


def client(mode: str | None = None, attempts: int | None = None) -> Any:
    retries: dict[str, Any] = {}
    if mode:
        retries["mode"] = mode
    if attempts is not None:
        retries["max_attempts"] = attempts
    return boto3.client("connect", region_name="us-east-1", config=Config(retries=retries))


@pytest.mark.connect_contacts(retry_sleep=False)
@pytest.mark.parametrize(
    ("code", "status"),
    [("ThrottlingException", 429), ("InternalServiceException", 500)],
)
def test_retryable_fault_is_retried_by_legacy_mode_then_raised(
    connect_contacts: ContactStore, code: str, status: int
) -> None:
    connect_contacts.fail_next(code, times=None)
    with pytest.raises(ClientError) as raised:
        client("legacy").search_contacts(**request(connect_contacts.instance_id))
    assert raised.value.response["Error"]["Code"] == code
    assert raised.value.response["ResponseMetadata"]["HTTPStatusCode"] == status
    assert raised.value.response["ResponseMetadata"]["RetryAttempts"] == 4
    assert len(connect_contacts.calls) == 5


@pytest.mark.connect_contacts(retry_sleep=False)
def test_standard_mode_makes_three_attempts(connect_contacts: ContactStore) -> None:
    connect_contacts.fail_next("ThrottlingException", times=None)
    with pytest.raises(ClientError):
        client("standard").search_contacts(**request(connect_contacts.instance_id))
    assert len(connect_contacts.calls) == 3


@pytest.mark.connect_contacts(retry_sleep=False)
def test_fault_injected_twice_is_recovered_by_retries(connect_contacts: ContactStore) -> None:
    connect_contacts.fail_next("ThrottlingException", times=2)
    response = client("legacy").search_contacts(**request(connect_contacts.instance_id))
    assert response["ResponseMetadata"]["RetryAttempts"] == 2
    assert [call.status for call in connect_contacts.calls] == [429, 429, 200]


def test_non_retryable_fault_is_raised_at_once_as_the_modelled_class(
    connect_contacts: ContactStore,
) -> None:
    connect_contacts.fail_next("InvalidRequestException", message="Nope")
    api = client()
    with pytest.raises(api.exceptions.InvalidRequestException) as raised:
        api.search_contacts(**request(connect_contacts.instance_id))
    assert raised.value.response["Message"] == "Nope"
    assert api.search_contacts(**request(connect_contacts.instance_id))["Contacts"] == []


def test_fault_with_a_predicate_hits_only_matching_requests(connect_contacts: ContactStore) -> None:
    connect_contacts.fail_next(
        "ResourceNotFoundException",
        times=None,
        when=lambda params: "VOICE" in params.get("SearchCriteria", {}).get("Channels", []),
    )
    api = client()
    assert api.search_contacts(**request(connect_contacts.instance_id))["TotalCount"] == 0
    with pytest.raises(api.exceptions.ResourceNotFoundException):
        api.search_contacts(
            **request(connect_contacts.instance_id, SearchCriteria={"Channels": ["VOICE"]})
        )


def test_unknown_fault_name_lists_the_modelled_errors(connect_contacts: ContactStore) -> None:
    with pytest.raises(MockUsageError, match="ThrottlingException"):
        connect_contacts.fail_next("Teapot")


@pytest.mark.connect_contacts(throttle=True)
def test_throttle_refuses_the_second_immediate_call(connect_contacts: ContactStore) -> None:
    """Spec case 39: 0.5 requests/s, burst 1; no retries so the 429 surfaces."""
    api = client(attempts=0)
    api.search_contacts(**request(connect_contacts.instance_id))
    with pytest.raises(api.exceptions.ThrottlingException) as raised:
        api.search_contacts(**request(connect_contacts.instance_id))
    assert raised.value.response["ResponseMetadata"]["HTTPStatusCode"] == 429


@pytest.mark.connect_contacts(throttle=True, retry_sleep=False)
def test_throttled_client_in_legacy_mode_makes_five_attempts(
    connect_contacts: ContactStore,
) -> None:
    api = client("legacy")
    api.search_contacts(**request(connect_contacts.instance_id))
    with pytest.raises(api.exceptions.ThrottlingException):
        api.search_contacts(**request(connect_contacts.instance_id))
    assert [call.status for call in connect_contacts.calls] == [200] + [429] * 5


def test_throttle_refills_as_the_clock_moves() -> None:
    freezegun = pytest.importorskip("freezegun")
    with (
        freezegun.freeze_time("2024-05-10T12:00:00Z") as frozen,
        mock_search_contacts(throttle=True) as contacts,
    ):
        api = client(attempts=0)
        api.search_contacts(**request(contacts.instance_id))
        frozen.tick(2)
        assert api.search_contacts(**request(contacts.instance_id))["TotalCount"] == 0


def test_throttle_is_per_region() -> None:
    with mock_search_contacts(throttle=True) as contacts:
        boto3.client("connect", region_name="us-east-1").search_contacts(
            **request(contacts.instance_id)
        )
        west = boto3.client("connect", region_name="us-west-2")
        assert west.search_contacts(**request(contacts.instance_id))["TotalCount"] == 0


def test_back_off_skip_ends_with_the_call_it_was_for(monkeypatch: pytest.MonkeyPatch) -> None:
    """Once SearchContacts' retries are spent, the next back-off sleep (of some other request)
    is real again."""
    import time

    import botocore.endpoint

    with mock_search_contacts(retry_sleep=False) as contacts:
        contacts.fail_next("ThrottlingException", times=None)
        with pytest.raises(ClientError):
            client("legacy").search_contacts(**request(contacts.instance_id))
        slept: list[float] = []
        monkeypatch.setattr(time, "sleep", slept.append)
        botocore.endpoint.time.sleep(1.5)
    assert slept == [1.5]


def test_a_run_of_a_decorated_coroutine_ending_leaves_an_overlapping_run_active() -> None:
    """Each run stops its own activation: when the first ends, the second still answers from
    its own store (while both run, the innermost, latest, activation answers both)."""
    import asyncio

    mock = mock_search_contacts()
    statuses: list[int] = []

    @mock
    async def run(name: str, delay: float, search: bool, contacts: ContactStore) -> None:
        contacts.add_instance(name)
        await asyncio.sleep(delay)
        if search:
            api = boto3.client("connect", region_name="us-east-1")
            api.search_contacts(**request(name))
            statuses.append(contacts.calls[-1].status)

    async def both() -> None:
        await asyncio.gather(run("first", 0.0, False), run("second", 0.05, True))

    asyncio.run(both())
    assert statuses == [200]
