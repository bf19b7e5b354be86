"""Fixture documents: the two layouts, every way of writing a timestamp, and the error messages."""

from __future__ import annotations

import datetime
import json
import pathlib
from typing import Any

import boto3
import pytest
from freezegun import freeze_time

from connect_contacts_mock import (
    ContactStore,
    InvalidContactError,
    MockUsageError,
    mock_search_contacts,
)
from connect_contacts_mock.fixtures import load_into

UTC = datetime.timezone.utc
NOW = datetime.datetime(2026, 11, 2, 12, 0, tzinfo=UTC)
I1 = "11111111-1111-4111-8111-111111111111"
I2 = "22222222-2222-4222-8222-222222222222"


def contact(**members: Any) -> dict[str, Any]:
    base = {"Channel": "VOICE", "InitiationMethod": "INBOUND", "InitiationTimestamp": "-1h"}
    return {**base, **members}


def initiated(text: Any) -> datetime.datetime:
    store = ContactStore()
    [contact_id] = load_into(store, [contact(InitiationTimestamp=text)])
    moment: datetime.datetime = store.get(contact_id)["InitiationTimestamp"]
    return moment


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("2024-05-01T10:00:00Z", datetime.datetime(2024, 5, 1, 10, tzinfo=UTC)),
        ("2024-05-01T10:00:00.250Z", datetime.datetime(2024, 5, 1, 10, 0, 0, 250000, tzinfo=UTC)),
        ("2024-05-01T12:00:00+02:00", datetime.datetime(2024, 5, 1, 10, tzinfo=UTC)),
        ("2024-05-01T10:00:00", datetime.datetime(2024, 5, 1, 10, tzinfo=UTC)),
        ("2024-05-01", datetime.datetime(2024, 5, 1, tzinfo=UTC)),
        (1714557600, datetime.datetime(2024, 5, 1, 10, tzinfo=UTC)),
        (1714557600.25, datetime.datetime(2024, 5, 1, 10, 0, 0, 250000, tzinfo=UTC)),
        (
            datetime.datetime(2024, 5, 1, 10, tzinfo=UTC),
            datetime.datetime(2024, 5, 1, 10, tzinfo=UTC),
        ),
    ],
)
def test_absolute_timestamps(written: Any, expected: datetime.datetime) -> None:
    """ISO-8601 (no offset means UTC), epoch seconds as on the wire, or a datetime as it is."""
    assert initiated(written) == expected


@pytest.mark.parametrize(
    ("written", "offset"),
    [
        ("now", datetime.timedelta(0)),
        ("-2h", datetime.timedelta(hours=-2)),
        ("+30m", datetime.timedelta(minutes=30)),
        ("-1d", datetime.timedelta(days=-1)),
        ("-1w", datetime.timedelta(weeks=-1)),
        ("-90s", datetime.timedelta(seconds=-90)),
        ("-1.5h", datetime.timedelta(minutes=-90)),
    ],
)
def test_relative_timestamps(written: str, offset: datetime.timedelta) -> None:
    """A time relative to now: units s, m, h, d, w."""
    with freeze_time(NOW):
        assert initiated(written) == NOW + offset


def test_now_is_read_when_the_document_is_loaded() -> None:
    """The same document loaded at two moments gives two different times (read late)."""
    document = [contact(Id="c", InitiationTimestamp="-1h")]
    later = NOW + datetime.timedelta(days=3)
    loaded = []
    for moment in (NOW, later):
        store = ContactStore()
        with freeze_time(moment):
            load_into(store, document)
        loaded.append(store.get("c")["InitiationTimestamp"])
    assert loaded == [NOW - datetime.timedelta(hours=1), later - datetime.timedelta(hours=1)]


def test_timestamps_at_any_depth_of_the_model_are_converted() -> None:
    """Every member the model types as a timestamp, inside structures, lists and maps."""
    store = ContactStore()
    with freeze_time(NOW):
        [contact_id] = load_into(
            store,
            [
                contact(
                    QueueInfo={"Id": "q1", "EnqueueTimestamp": "-59m"},
                    AgentInfo={"Id": "a1", "ConnectedToAgentTimestamp": "-58m"},
                    DisconnectTimestamp="2026-11-02T11:30:00Z",
                    RoutingCriteria={
                        "Steps": [{"Expiry": {"ExpiryTimestamp": "+1h"}, "Status": "ACTIVE"}]
                    },
                )
            ],
        )
    stored = store.get(contact_id)
    assert stored["QueueInfo"]["EnqueueTimestamp"] == NOW - datetime.timedelta(minutes=59)
    assert stored["AgentInfo"]["ConnectedToAgentTimestamp"] == NOW - datetime.timedelta(minutes=58)
    assert stored["DisconnectTimestamp"] == datetime.datetime(2026, 11, 2, 11, 30, tzinfo=UTC)
    expiry = stored["RoutingCriteria"]["Steps"][0]["Expiry"]["ExpiryTimestamp"]
    assert expiry == NOW + datetime.timedelta(hours=1)


def test_strings_that_are_not_timestamps_are_left_alone() -> None:
    """Only timestamp-typed members are converted; "-1h" as a Name stays text."""
    store = ContactStore()
    [contact_id] = load_into(store, [contact(Name="-1h", Attributes={"When": "now"})])
    assert store.get(contact_id)["Name"] == "-1h"
    assert store.get(contact_id)["Attributes"] == {"When": "now"}


def test_the_document_given_is_not_modified() -> None:
    document = [contact(QueueInfo={"Id": "q1", "EnqueueTimestamp": "-1h"})]
    before = json.dumps(document)
    load_into(ContactStore(), document)
    assert json.dumps(document) == before


def test_instances_layout_adds_to_each_instance_known_in_its_region() -> None:
    """{"instances": [...]}: each instance in its Region only; without Region, in every one."""
    document = {
        "instances": [
            {"InstanceId": I1, "Region": "us-east-1", "Contacts": [contact(Id="east")]},
            {"InstanceId": I2, "Contacts": [contact(Id="anywhere")]},
        ]
    }
    with mock_search_contacts() as contacts:
        assert contacts.load(document) == ["east", "anywhere"]

        def search(instance_id: str, region: str) -> list[str]:
            client = boto3.client("connect", region_name=region)
            now = datetime.datetime.now(UTC)
            response = client.search_contacts(
                InstanceId=instance_id,
                TimeRange={
                    "Type": "INITIATION_TIMESTAMP",
                    "StartTime": now - datetime.timedelta(days=1),
                    "EndTime": now,
                },
            )
            return [found["Id"] for found in response["Contacts"]]

        assert search(I1, "us-east-1") == ["east"]
        assert search(I2, "eu-west-1") == ["anywhere"]
        with pytest.raises(boto3.client("connect").exceptions.ResourceNotFoundException):
            search(I1, "eu-west-1")


def test_an_instance_without_contacts_is_made_known() -> None:
    store = ContactStore()
    assert load_into(store, {"instances": [{"InstanceId": I2, "Region": "us-west-2"}]}) == []
    assert store.find_instance(I2, "us-west-2", None) is not None
    assert store.find_instance(I2, "us-east-1", None) is None


def test_a_bad_timestamp_names_the_file_and_path_and_adds_nothing(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "contacts.json"
    path.write_text(
        json.dumps(
            {
                "instances": [
                    {"InstanceId": I1, "Contacts": [contact()]},
                    {
                        "InstanceId": I2,
                        "Contacts": [
                            contact(),
                            contact(QueueInfo={"Id": "q1", "EnqueueTimestamp": "yesterday"}),
                        ],
                    },
                ]
            }
        )
    )
    store = ContactStore()
    with pytest.raises(InvalidContactError) as caught:
        load_into(store, path)
    assert str(caught.value) == (
        f"{path}: instances[1].Contacts[1].QueueInfo.EnqueueTimestamp: 'yesterday' is not a "
        "timestamp; write ISO-8601 (2024-05-01T10:00:00Z), a time relative to now (now, -2h, "
        "+30m, -1d; units s m h d w) or epoch seconds"
    )
    assert len(store) == 0


def test_a_bad_contact_in_a_later_instance_adds_nothing_in_earlier_ones() -> None:
    """The whole document is checked first; the contact is numbered within its own list."""
    store = ContactStore()
    load_into(store, [contact()])
    document = {
        "instances": [
            {"InstanceId": I1, "Contacts": [contact()]},
            {"InstanceId": I2, "Contacts": [contact(), contact(Id="fax", Channel="FAX")]},
        ]
    }
    with pytest.raises(InvalidContactError) as caught:
        load_into(store, document)
    message = str(caught.value)
    assert message.startswith(
        "fixture: instances[1].Contacts: contact 2 of the batch (Id 'fax'): field 'Channel': "
        "'FAX' is not one of VOICE, CHAT, TASK, EMAIL"
    )
    assert len(store) == 1


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ({"contacts": []}, 'fixture: expected a list of contacts, or {"instances"'),
        ({"instances": [], "Region": "x"}, "got ['Region', 'instances']"),
        ({"instances": {}}, "fixture: 'instances' must be a list"),
        ({"instances": [[]]}, "fixture: instances[0]: expected an object, got list"),
        ({"instances": [{"Contacts": []}]}, "'InstanceId' must be a non-empty string"),
        (
            {"instances": [{"InstanceId": I1, "Account": "1"}]},
            "fixture: instances[0]: unknown key 'Account'; an instance has InstanceId, Region, "
            "Contacts",
        ),
        ({"instances": [{"InstanceId": I1, "Region": 1}]}, "'Region' must be a string"),
        ({"instances": [{"InstanceId": I1, "Contacts": {}}]}, "'Contacts' must be a list"),
    ],
)
def test_a_document_of_another_layout_is_refused_saying_which_layouts_exist(
    document: Any, message: str
) -> None:
    with pytest.raises(InvalidContactError) as caught:
        load_into(ContactStore(), document)
    assert message in str(caught.value)


def test_a_file_that_is_not_json_is_refused_naming_it(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "contacts.json"
    path.write_text("[{")
    with pytest.raises(InvalidContactError, match=r"contacts\.json: not valid JSON"):
        load_into(ContactStore(), path)


def test_yaml_files_are_read_by_suffix(tmp_path: pathlib.Path) -> None:
    pytest.importorskip("yaml")
    path = tmp_path / "contacts.yml"
    path.write_text(
        "instances:\n"
        f"  - InstanceId: {I1}\n"
        "    Region: us-east-1\n"
        "    Contacts:\n"
        "      - Id: y1\n"
        "        Channel: CHAT\n"
        "        InitiationMethod: INBOUND\n"
        "        InitiationTimestamp: 2024-05-01T10:00:00Z\n"
        "      - Id: y2\n"
        "        Channel: VOICE\n"
        "        InitiationMethod: INBOUND\n"
        "        InitiationTimestamp: '-2h'\n"
    )
    store = ContactStore()
    with freeze_time(NOW):
        assert load_into(store, str(path)) == ["y1", "y2"]
    assert store.get("y1", instance_id=I1)["InitiationTimestamp"] == datetime.datetime(
        2024, 5, 1, 10, tzinfo=UTC
    )
    assert store.get("y2", instance_id=I1)["InitiationTimestamp"] == NOW - datetime.timedelta(
        hours=2
    )


_CONTACT: dict[str, Any] = {
    "Channel": "VOICE",
    "InitiationMethod": "INBOUND",
    "InitiationTimestamp": "-1h",
}


def test_load_takes_any_iterable_of_contacts_documents_and_paths(tmp_path: pathlib.Path) -> None:
    """A generator or tuple of contacts loads like a list; documents and paths in the same
    iterable load too, all or none."""
    path = tmp_path / "one.json"
    path.write_text(json.dumps([{**_CONTACT, "Id": "from-file"}]))
    store = ContactStore()
    ids = store.load(
        item
        for item in (
            {**_CONTACT, "Id": "a"},
            {"instances": [{"InstanceId": "i2", "Contacts": [{**_CONTACT, "Id": "b"}]}]},
            path,
            {**_CONTACT, "Id": "c"},
        )
    )
    assert ids == ["a", "b", "from-file", "c"]
    assert store.load(({**_CONTACT, "Id": "d"},)) == ["d"]


def test_load_of_something_else_says_what_it_takes() -> None:
    with pytest.raises(MockUsageError, match="load takes a fixture file's path"):
        ContactStore().load(42)  # type: ignore[arg-type]
