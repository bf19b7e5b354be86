"""Bad input is refused where it enters, with a bounded message, and nothing half-added:
timestamps no answer could carry, relative times out of range, instance ids no request could
name, and requests with a million bad values."""

from __future__ import annotations

import datetime
import json
import urllib.error
import urllib.request
from typing import Any

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError
from tests.server.server_scenario import post

from connect_contacts_mock import ContactStore, InvalidContactError, mock_search_contacts

UTC = datetime.timezone.utc


def contact(**extra: Any) -> dict[str, Any]:
    return {
        "Channel": "VOICE",
        "InitiationMethod": "INBOUND",
        "InitiationTimestamp": datetime.datetime(2024, 5, 1, tzinfo=UTC),
        **extra,
    }


@pytest.mark.parametrize(
    "moment",
    [
        datetime.datetime(
            9999, 12, 31, 23, 59, 59, tzinfo=datetime.timezone(-datetime.timedelta(hours=14))
        ),
        datetime.datetime(1, 1, 1, tzinfo=datetime.timezone(datetime.timedelta(hours=14))),
    ],
    ids=["after-9999-in-utc", "before-year-1-in-utc"],
)
def test_a_timestamp_outside_years_1_to_9999_in_utc_is_refused_at_add(
    moment: datetime.datetime,
) -> None:
    store = ContactStore()
    with pytest.raises(InvalidContactError, match=r"field 'DisconnectTimestamp'.*outside years 1"):
        store.add(contact(DisconnectTimestamp=moment))
    assert len(store) == 0


def test_the_edge_of_year_9999_in_utc_is_accepted() -> None:
    store = ContactStore()
    edge = datetime.datetime(
        9999, 12, 31, 9, tzinfo=datetime.timezone(datetime.timedelta(hours=14))
    )
    store.add(contact(DisconnectTimestamp=edge))
    assert len(store) == 1


def test_a_relative_time_too_far_from_now_is_refused_naming_where() -> None:
    store = ContactStore()
    with pytest.raises(InvalidContactError, match=r"'\+99999999999w' is too far from now"):
        store.load(
            [
                {
                    "Channel": "VOICE",
                    "InitiationMethod": "INBOUND",
                    "InitiationTimestamp": "+99999999999w",
                }
            ]
        )
    assert len(store) == 0


@pytest.mark.parametrize("instance_id", ["x" * 101, ""], ids=["101-characters", "empty"])
def test_an_instance_id_no_request_could_name_is_refused(instance_id: str) -> None:
    store = ContactStore()
    with pytest.raises(InvalidContactError):
        store.add_instance(instance_id)
    if instance_id:
        with pytest.raises(InvalidContactError, match="at most 100 allowed"):
            store.add(contact(), instance_id=instance_id)
    assert len(store) == 0


def test_a_request_with_many_bad_values_gets_a_short_message_counting_the_rest() -> None:
    client = boto3.client(
        "connect", region_name="us-east-1", config=Config(parameter_validation=False)
    )
    now = datetime.datetime.now(UTC)
    with mock_search_contacts() as contacts, pytest.raises(ClientError) as raised:
        client.search_contacts(
            InstanceId=contacts.instance_id,
            TimeRange={"Type": "INITIATION_TIMESTAMP", "StartTime": now, "EndTime": now},
            SearchCriteria={"Channels": ["FAX"] * 100_000},
        )
    message = raised.value.response["Error"]["Message"]
    assert message.startswith("100,000 validation errors detected:")
    assert message.endswith("; and 99,990 more")
    assert len(message) < 2_000


def test_the_control_endpoint_answers_an_out_of_range_document_with_400_json() -> None:
    from connect_contacts_mock.server import MockServer

    document = [
        {"Channel": "VOICE", "InitiationMethod": "INBOUND", "InitiationTimestamp": "+99999999999w"}
    ]
    with MockServer(ContactStore()) as server:
        status, headers, body = post(server.url, "/_mock/contacts", document)
        assert status == 400
        assert headers["Content-Type"].startswith("application/json")
        assert "too far from now" in body["Message"]
        assert len(server.store) == 0


def test_the_control_endpoint_answers_a_deeply_nested_document_with_400_json() -> None:
    from connect_contacts_mock.server import MockServer

    with MockServer(ContactStore()) as server:
        request = urllib.request.Request(
            server.url + "/_mock/contacts",
            data=b"[" * 100_000 + b"]" * 100_000,
            headers={"Content-Type": "application/json"},
            method="POST",
        )
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=10)
        assert refused.value.code == 400
        assert refused.value.headers["Content-Type"].startswith("application/json")
        assert "nested too deeply" in json.loads(refused.value.read())["Message"]
        assert len(server.store) == 0


def test_a_servers_call_log_keeps_only_its_newest_calls() -> None:
    """A server runs as long as its user likes: its store's log keeps the last `max_calls`
    (10,000 in process, 200 for the command, unless `--max-calls` says otherwise), the
    oldest dropped first."""
    from connect_contacts_mock.server import MockServer

    with MockServer(ContactStore(), max_calls=3) as server:
        client = boto3.client("connect", region_name="us-east-1", endpoint_url=server.url)
        for number in range(5):
            with pytest.raises(ClientError):
                client.describe_contact(InstanceId=server.store.instance_id, ContactId=f"c{number}")
        assert [call.params["ContactId"] for call in server.store.calls if call.params] == [
            "c2",
            "c3",
            "c4",
        ]


def test_a_reset_forgets_what_the_server_remembered_between_requests() -> None:
    """After POST /_mock/reset a search seeded anew answers from the new contacts, and the
    server holds no decoded body or result of before."""
    from connect_contacts_mock.server import MockServer

    now = datetime.datetime.now(UTC)
    window = {
        "Type": "INITIATION_TIMESTAMP",
        "StartTime": now - datetime.timedelta(hours=1),
        "EndTime": now,
    }
    with MockServer(ContactStore()) as server:
        client = boto3.client("connect", region_name="us-east-1", endpoint_url=server.url)
        server.store.add(contact(InitiationTimestamp=now - datetime.timedelta(minutes=5), Id="old"))
        assert [
            hit["Id"]
            for hit in client.search_contacts(
                InstanceId=server.store.instance_id, TimeRange=window
            )["Contacts"]
        ] == ["old"]
        assert post(server.url, "/_mock/reset", {})[0] == 200
        assert server.service._received == {}  # nothing decoded before the reset is kept
        server.store.add(contact(InitiationTimestamp=now - datetime.timedelta(minutes=5), Id="new"))
        found = client.search_contacts(InstanceId=server.store.instance_id, TimeRange=window)
        assert [hit["Id"] for hit in found["Contacts"]] == ["new"]
