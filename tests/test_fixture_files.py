"""Fixture files: contacts.load(path), the `data` option, and the pytest marker carrying it."""

from __future__ import annotations

import datetime
import json
import pathlib
from typing import Any

import boto3
import pytest
from freezegun import freeze_time

from connect_contacts_mock import ContactStore, InvalidContactError, mock_search_contacts

UTC = datetime.timezone.utc
HERE = pathlib.Path(__file__).parent
FIXTURE = HERE / "data" / "two_contacts.json"


def search_ids(instance_id: str, start: datetime.datetime, end: datetime.datetime) -> list[str]:
    client = boto3.client("connect", region_name="us-east-1")
    response = client.search_contacts(
        InstanceId=instance_id,
        TimeRange={"Type": "INITIATION_TIMESTAMP", "StartTime": start, "EndTime": end},
        Sort={"FieldName": "INITIATION_TIMESTAMP", "Order": "ASCENDING"},
    )
    return [contact["Id"] for contact in response["Contacts"]]


def write(tmp_path: pathlib.Path, document: Any, name: str = "contacts.json") -> pathlib.Path:
    path = tmp_path / name
    path.write_text(json.dumps(document))
    return path


def test_load_adds_contacts_with_iso_and_relative_timestamps(
    connect_contacts: ContactStore, tmp_path: pathlib.Path
) -> None:
    path = write(
        tmp_path,
        [
            {
                "Id": "iso",
                "Channel": "VOICE",
                "InitiationMethod": "INBOUND",
                "InitiationTimestamp": "2026-11-01T10:00:00Z",
            },
            {
                "Id": "relative",
                "Channel": "CHAT",
                "InitiationMethod": "INBOUND",
                "InitiationTimestamp": "-2h",
                "DisconnectTimestamp": "-1h",
            },
        ],
    )
    with freeze_time("2026-11-02T12:00:00Z"):
        assert connect_contacts.load(path) == ["iso", "relative"]
        start = datetime.datetime(2026, 11, 1, tzinfo=UTC)
        assert search_ids(
            connect_contacts.instance_id, start, start + datetime.timedelta(days=2)
        ) == [
            "iso",
            "relative",
        ]
        stored = connect_contacts.get("relative")
        assert stored["InitiationTimestamp"] == datetime.datetime(2026, 11, 2, 10, tzinfo=UTC)


def test_bad_contact_in_a_file_names_the_field_and_adds_nothing(
    connect_contacts: ContactStore, tmp_path: pathlib.Path
) -> None:
    path = write(
        tmp_path,
        [
            {"Channel": "VOICE", "InitiationMethod": "INBOUND", "InitiationTimestamp": "-1h"},
            {"Channel": "FAX", "InitiationMethod": "INBOUND", "InitiationTimestamp": "-1h"},
        ],
    )
    with pytest.raises(InvalidContactError, match="Channel"):
        connect_contacts.load(path)
    assert len(connect_contacts) == 0


def test_data_option_loads_the_file_into_each_new_store() -> None:
    with freeze_time("2026-11-02T12:00:00Z"):
        mock = mock_search_contacts(data=FIXTURE)
        for _ in range(2):
            with mock as contacts:
                assert sorted(contact["Id"] for contact in contacts) == ["fixture-1", "fixture-2"]


@pytest.mark.connect_contacts(data=FIXTURE, region="us-east-1")
def test_marker_loads_the_fixture_file(connect_contacts: ContactStore) -> None:
    now = datetime.datetime.now(UTC)
    found = search_ids(connect_contacts.instance_id, now - datetime.timedelta(days=1), now)
    assert found == ["fixture-1", "fixture-2"]


def test_a_document_with_a_bad_later_entry_adds_nothing_and_makes_nothing_known(
    connect_contacts: ContactStore,
) -> None:
    now = "-1h"
    voice = {"Channel": "VOICE", "InitiationMethod": "INBOUND", "InitiationTimestamp": now}
    an_hour_ago = datetime.datetime.now(UTC) - datetime.timedelta(hours=1)
    connect_contacts.add(
        {**voice, "Id": "stored", "InitiationTimestamp": an_hour_ago}, instance_id="i-1"
    )
    documents = [
        {  # the same Id twice for one instance, in two entries
            "instances": [
                {"InstanceId": "i-2", "Contacts": [{**voice, "Id": "a"}, {**voice, "Id": "dup"}]},
                {"InstanceId": "i-2", "Region": "eu-west-1", "Contacts": [{**voice, "Id": "dup"}]},
            ]
        },
        {  # an Id already stored, in a later entry
            "instances": [
                {"InstanceId": "i-3", "Region": "eu-west-1", "Contacts": [{**voice, "Id": "x"}]},
                {"InstanceId": "i-1", "Contacts": [{**voice, "Id": "stored"}]},
            ]
        },
    ]
    for document in documents:
        with pytest.raises(InvalidContactError, match="Id"):
            connect_contacts.load(document)
    assert [contact["Id"] for contact in connect_contacts] == ["stored"]
    client = boto3.client("connect", region_name="eu-west-1")
    for unknown in ("i-2", "i-3"):
        with pytest.raises(client.exceptions.ResourceNotFoundException):
            client.search_contacts(
                InstanceId=unknown,
                TimeRange={
                    "Type": "INITIATION_TIMESTAMP",
                    "StartTime": datetime.datetime(2026, 1, 1, tzinfo=UTC),
                    "EndTime": datetime.datetime(2026, 1, 1, tzinfo=UTC),
                },
            )


def test_a_file_that_is_not_utf8_text_is_refused_naming_it_and_adds_nothing(
    connect_contacts: ContactStore, tmp_path: pathlib.Path
) -> None:
    path = tmp_path / "contacts.json"
    path.write_bytes(b'[{"Channel": "VOICE\xff"}]')
    with pytest.raises(InvalidContactError, match=r"contacts\.json: not UTF-8 text"):
        connect_contacts.load(path)
    assert len(connect_contacts) == 0
