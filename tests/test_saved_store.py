"""Saved stores: contacts.save(path), then contacts.load(path) (or `data=`, or the server's
`--data`) answers every search and describe as the saved store did; a file this version cannot
read as written is refused by name, and a refusal changes nothing."""

from __future__ import annotations

import copy
import datetime
import json
import pathlib
import sys
from collections.abc import Callable, Iterator
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

import connect_contacts_mock
from connect_contacts_mock import (
    ContactStore,
    InvalidContactError,
    ModelView,
    mock_search_contacts,
)
from connect_contacts_mock.model import installed_service_description
from server.test_cli import served

UTC = datetime.timezone.utc
NOW = datetime.datetime.now(UTC).replace(microsecond=0)
REGION = "us-east-1"
OTHER = "22222222-2222-4222-8222-222222222222"
EMPTY = "33333333-3333-4333-8333-333333333333"
#: The first bytes of a saved store, as its documentation gives them.
MAGIC = b"\x93CONNECT-CONTACTS-MOCK STORE\r\n\x1a\n"
ARN = "arn:aws:connect:us-east-1:123456789012:instance/x/agent-group/"


def ago(hours: float) -> datetime.datetime:
    return NOW - datetime.timedelta(hours=hours)


def seed(store: ContactStore) -> None:
    """Contacts of every kind the store keeps: queue, agent and hierarchy, attributes, tags,
    segment attributes, a transcript, a chain, a name, a time zone other than UTC; a second
    instance known in one region, and an empty one."""
    store.add(
        {
            "Id": "voice-1",
            "Channel": "VOICE",
            "InitiationMethod": "INBOUND",
            "InitiationTimestamp": ago(5),
            "DisconnectTimestamp": ago(4.5),
            "QueueInfo": {"Id": "q1", "EnqueueTimestamp": ago(5)},
            "AgentInfo": {
                "Id": "a1",
                "ConnectedToAgentTimestamp": ago(4.9),
                "HierarchyGroups": {"Level1": {"Arn": ARN + "h1"}, "Level2": {"Arn": ARN + "h2"}},
            },
            "Attributes": {"Plan": "Gold", "Language": "en-US"},
            "Tags": {"Dept": "Sales"},
            "SegmentAttributes": {"connect:Subtype": {"ValueString": "connect:Telephony"}},
            "Transcript": [
                {"ParticipantRole": "CUSTOMER", "Content": "I want to cancel my plan"},
                {"ParticipantRole": "AGENT", "Content": "Sorry to hear that"},
            ],
        }
    )
    store.add(
        {
            "Id": "voice-2",
            "Channel": "VOICE",
            "InitiationMethod": "TRANSFER",
            "InitialContactId": "voice-1",
            "PreviousContactId": "voice-1",
            "InitiationTimestamp": ago(4.5),
            "Attributes": {"Plan": "Gold", "Language": "en-US"},
        }
    )
    store.add(
        {
            "Id": "task-1",
            "Channel": "TASK",
            "InitiationMethod": "API",
            "Name": "Call the customer back",
            # another time zone: kept as given, and given back so by `get`
            "InitiationTimestamp": ago(3).astimezone(
                datetime.timezone(datetime.timedelta(hours=2))
            ),
            "Attributes": {"Plan": "Silver"},
        }
    )
    store.add_instance(OTHER, region=REGION)
    store.add_many(
        [
            {
                "Id": f"chat-{number}",
                "Channel": "CHAT",
                "InitiationMethod": "INBOUND",
                "InitiationTimestamp": ago(number),
                "DisconnectTimestamp": ago(number - 0.5),
                "Tags": {"Dept": "Support"},
            }
            for number in (1, 2)
        ],
        instance_id=OTHER,
    )
    store.add_instance(EMPTY, region="eu-west-2")


@pytest.fixture
def client() -> Any:
    return boto3.client("connect", region_name=REGION)


def search(client: Any, instance_id: str, **criteria: Any) -> dict[str, Any]:
    """The first page of a search over the last day, without what differs between two equal
    answers (the request id, and the NextToken's time of issue)."""
    params: dict[str, Any] = {
        "InstanceId": instance_id,
        "TimeRange": {"Type": "INITIATION_TIMESTAMP", "StartTime": ago(24), "EndTime": NOW},
    }
    if criteria:
        params["SearchCriteria"] = criteria
    answer = client.search_contacts(**params)
    answer.pop("ResponseMetadata")
    answer.pop("NextToken", None)
    return dict(answer)


QUERIES: list[tuple[str, dict[str, Any]]] = [
    ("everything", {}),
    ("channel", {"Channels": ["VOICE"]}),
    ("agent", {"AgentIds": ["a1"]}),
    ("queue", {"QueueIds": ["q1"]}),
    ("hierarchy", {"AgentHierarchyGroups": {"L2Ids": ["h2"]}}),
    (
        "attribute",
        {"SearchableContactAttributes": {"Criteria": [{"Key": "Plan", "Values": ["Gold"]}]}},
    ),
    (
        "name",
        {"Name": {"SearchText": ["customer"], "MatchType": "MATCH_ANY"}},
    ),
    (
        "transcript",
        {
            "ContactAnalysis": {
                "Transcript": {
                    "Criteria": [
                        {
                            "ParticipantRole": "CUSTOMER",
                            "SearchText": ["cancel"],
                            "MatchType": "MATCH_ALL",
                        }
                    ],
                    "MatchType": "MATCH_ALL",
                }
            }
        },
    ),
    ("tags", {"ContactTags": {"TagCondition": {"TagKey": "Dept", "TagValue": "Sales"}}}),
]


def answers(client: Any, store: ContactStore) -> dict[str, Any]:
    """What the store answers: searches of each instance, each contact described, `get`."""
    found: dict[str, Any] = {}
    for name, criteria in QUERIES:
        try:
            found[name] = search(client, store.instance_id, **criteria)
        except ClientError as error:  # a criterion this botocore does not model
            found[name] = error.response["Error"]["Code"]
    found["other instance"] = search(client, OTHER)
    found["empty instance"] = boto3.client("connect", region_name="eu-west-2").search_contacts(
        InstanceId=EMPTY,
        TimeRange={"Type": "INITIATION_TIMESTAMP", "StartTime": ago(24), "EndTime": NOW},
    )["Contacts"]
    for instance_id, contact_id in [
        (store.instance_id, "voice-1"),
        (store.instance_id, "voice-2"),
        (store.instance_id, "task-1"),
        (OTHER, "chat-1"),
    ]:
        described = client.describe_contact(InstanceId=instance_id, ContactId=contact_id)
        found[f"describe {contact_id}"] = described["Contact"]
    found["stored"] = list(store)
    return found


@pytest.fixture(params=["small store", "compact forms"])
def forms(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """The forms the stores of a test keep their contacts in: a small store's (strings in
    place, encodings unmarshalled), or the compact ones a store takes past its first 256
    contacts (strings numbered in its table, marshalled), for the saving and the loading
    store alike."""
    if request.param == "compact forms":
        monkeypatch.setattr("connect_contacts_mock.store._SMALL_STORE", 0)
    return str(request.param)


@pytest.fixture
def saved(
    tmp_path: pathlib.Path, client: Any, forms: str
) -> Iterator[tuple[pathlib.Path, dict[str, Any]]]:
    """A saved store of `seed`'s contacts, and what that store answered."""
    path = tmp_path / "contacts.store"
    with mock_search_contacts(searchable_attributes=["Plan", "Language"]) as store:
        seed(store)
        store.save(path)
        yield path, answers(client, store)


def test_a_loaded_store_answers_every_search_and_describe_as_the_saved_one(
    saved: tuple[pathlib.Path, dict[str, Any]], client: Any
) -> None:
    path, before = saved
    with mock_search_contacts() as store:
        assert store.load(path) == ["voice-1", "voice-2", "task-1", "chat-1", "chat-2"]
        assert answers(client, store) == before
        assert len(store) == 5


def test_a_loaded_store_takes_changes_and_new_contacts_as_any_store(
    saved: tuple[pathlib.Path, Any], client: Any
) -> None:
    path, _ = saved
    with mock_search_contacts() as store:
        store.load(path)
        client.update_contact_attributes(
            InstanceId=store.instance_id, InitialContactId="voice-1", Attributes={"Plan": "Silver"}
        )
        store.add(
            {
                "Id": "new",
                "Channel": "VOICE",
                "InitiationMethod": "INBOUND",
                "InitiationTimestamp": ago(0.5),
                "QueueInfo": {"Id": "q1", "EnqueueTimestamp": ago(0.5)},
                "Attributes": {"Plan": "Gold", "Language": "en-US"},
            }
        )
        gold = search(client, store.instance_id, **QUERIES[5][1])
        assert [c["Id"] for c in gold["Contacts"]] == ["new"]
        assert store.get("voice-1")["Attributes"] == {"Plan": "Silver", "Language": "en-US"}
        assert store.get("new")["QueueInfo"]["Id"] == "q1"


def test_a_contact_comes_back_with_its_time_zone(saved: tuple[pathlib.Path, Any]) -> None:
    path, _ = saved
    with mock_search_contacts() as store:
        store.load(path)
        started = store.get("task-1")["InitiationTimestamp"]
    assert started == ago(3)
    assert started.utcoffset() == datetime.timedelta(hours=2)


def test_instances_keep_their_regions(saved: tuple[pathlib.Path, Any]) -> None:
    path, _ = saved
    with mock_search_contacts() as store:
        store.load(path)
        elsewhere = boto3.client("connect", region_name="eu-west-1")
        with pytest.raises(ClientError, match="ResourceNotFoundException"):
            search(elsewhere, OTHER)
        assert [c["Id"] for c in search(elsewhere, store.instance_id)["Contacts"]] == [
            "task-1",
            "voice-2",
            "voice-1",
        ]


def test_searchable_attributes_travel_to_a_store_declaring_none(
    saved: tuple[pathlib.Path, Any], client: Any
) -> None:
    """The saved store declared Plan and Language searchable; a store declaring none takes
    them (and warns of other keys, as the saved one did); a store declaring its own keeps
    them."""
    path, _ = saved
    tier = {"SearchableContactAttributes": {"Criteria": [{"Key": "Tier", "Values": ["x"]}]}}
    with mock_search_contacts() as store:
        store.load(path)
        with pytest.warns(connect_contacts_mock.UnsearchableAttributeWarning):
            search(client, store.instance_id, **tier)
    with mock_search_contacts(searchable_attributes=["Tier"]) as store:
        store.load(path)
        with pytest.warns(connect_contacts_mock.UnsearchableAttributeWarning):
            search(client, store.instance_id, Channels=["VOICE"], **QUERIES[5][1])


def test_the_data_option_loads_a_saved_store(
    saved: tuple[pathlib.Path, dict[str, Any]], client: Any
) -> None:
    path, before = saved
    with mock_search_contacts(data=path) as store:
        assert search(client, store.instance_id) == before["everything"]


def test_loading_into_a_store_with_other_contacts_adds_to_them(
    saved: tuple[pathlib.Path, dict[str, Any]], client: Any
) -> None:
    path, before = saved
    with mock_search_contacts() as store:
        store.add(
            {
                "Id": "mine",
                "Channel": "EMAIL",
                "InitiationMethod": "INBOUND",
                "InitiationTimestamp": ago(0.5),
                "Attributes": {"Plan": "Bronze"},
                "QueueInfo": {"Id": "q9", "EnqueueTimestamp": ago(0.5)},
            }
        )
        store.load(path)
        everything = search(client, store.instance_id)
        assert [c["Id"] for c in everything["Contacts"]] == [
            "mine",
            *(c["Id"] for c in before["everything"]["Contacts"]),
        ]
        described = client.describe_contact(InstanceId=store.instance_id, ContactId="voice-1")
        assert described["Contact"] == before["describe voice-1"]
        assert store.get("mine")["Attributes"] == {"Plan": "Bronze"}


def test_a_contact_id_already_in_the_instance_refuses_the_whole_file(
    saved: tuple[pathlib.Path, Any], client: Any
) -> None:
    path, _ = saved
    with mock_search_contacts() as store:
        store.add(
            {
                "Id": "voice-2",
                "Channel": "CHAT",
                "InitiationMethod": "API",
                "InitiationTimestamp": ago(1),
            }
        )
        with pytest.raises(InvalidContactError) as refused:
            store.load(path)
        assert str(refused.value) == (
            f"{path}: contact 'voice-2' of instance {store.instance_id!r} is already in that "
            "instance of the store; Ids are unique within an instance, so nothing was loaded: "
            "load the saved store into a store without those contacts (a fresh one, or after "
            "clear())"
        )
        assert [c["Id"] for c in store] == ["voice-2"]
        with pytest.raises(ClientError, match="ResourceNotFoundException"):
            search(client, OTHER)  # the file's other instance was not made known either


# -- refused files ---------------------------------------------------------------------------


def header_and_payload(data: bytes) -> tuple[dict[str, Any], bytes]:
    start = len(MAGIC) + 4
    size = int.from_bytes(data[len(MAGIC) : start], "big")
    return json.loads(data[start : start + size]), data[start + size :]


def with_header(data: bytes, **changes: Any) -> bytes:
    header, payload = header_and_payload(data)
    header.update(changes)
    encoded = json.dumps(header).encode()
    return MAGIC + len(encoded).to_bytes(4, "big") + encoded + payload


def flip_in_payload(data: bytes) -> bytes:
    place = len(data) - len(header_and_payload(data)[1]) // 2
    return data[:place] + bytes([data[place] ^ 0x01]) + data[place + 1 :]


DAMAGES: list[tuple[str, Callable[[bytes], bytes], str]] = [
    (
        "cut in the payload",
        lambda data: data[: len(data) - 100],
        "a saved store cut short: its header promises",
    ),
    (
        "cut in the header",
        lambda data: data[: len(MAGIC) + 10],
        "a saved store whose header is cut short or damaged",
    ),
    (
        "cut in the first bytes",
        lambda data: data[:5],
        "a saved store cut short inside its first bytes",
    ),
    (
        "one bit changed",
        flip_in_payload,
        "a saved store whose contents were changed after it was written",
    ),
    ("bytes appended", lambda data: data + b"\0", "a saved store whose contents were changed"),
    (
        "line ends translated",
        lambda data: data.replace(b"\r\n", b"\n"),
        "a saved store whose line ends were translated",
    ),
    (
        "garbage",
        lambda data: b"\x93" + bytes(range(256)) * 4,
        "neither a saved store (its first bytes differ) nor a JSON or YAML fixture",
    ),
    (
        "another format",
        lambda data: with_header(data, format=99),
        "a saved store of file format 99",
    ),
    (
        "another layout",
        lambda data: with_header(data, layout=["frozen", "id"]),
        "keeps contacts differently from this one",
    ),
    (
        "no payload size",
        lambda data: with_header(data, payload_bytes=None),
        "a saved store whose header is damaged",
    ),
]


@pytest.fixture
def target() -> Iterator[ContactStore]:
    """The store a refused file is loaded into: one contact, which must stay alone."""
    with mock_search_contacts() as store:
        store.add(
            {
                "Id": "kept",
                "Channel": "VOICE",
                "InitiationMethod": "INBOUND",
                "InitiationTimestamp": ago(1),
            }
        )
        yield store


def assert_unchanged(store: ContactStore, client: Any) -> None:
    assert [contact["Id"] for contact in store] == ["kept"]
    assert [c["Id"] for c in search(client, store.instance_id)["Contacts"]] == ["kept"]
    with pytest.raises(ClientError, match="ResourceNotFoundException"):
        search(client, OTHER)


@pytest.mark.parametrize(
    ("damage", "expected"), [(d, e) for _, d, e in DAMAGES], ids=[n for n, _, _ in DAMAGES]
)
def test_a_damaged_or_foreign_file_is_refused_by_name_and_changes_nothing(
    saved: tuple[pathlib.Path, Any],
    target: ContactStore,
    client: Any,
    damage: Callable[[bytes], bytes],
    expected: str,
) -> None:
    path, _ = saved
    path.write_bytes(damage(path.read_bytes()))
    with pytest.raises(
        InvalidContactError, match=r"^" + str(path).replace("\\", "\\\\") + ": "
    ) as refused:
        target.load(path)
    assert expected in str(refused.value)
    assert "save the store again" in str(refused.value)
    assert_unchanged(target, client)


def test_a_file_of_another_package_version_is_refused(
    tmp_path: pathlib.Path, target: ContactStore, client: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "old.store"
    with mock_search_contacts() as old:
        seed(old)
        monkeypatch.setattr(connect_contacts_mock, "__version__", "0.0.1")
        old.save(path)
        monkeypatch.undo()
    with pytest.raises(InvalidContactError) as refused:
        target.load(path)
    version = connect_contacts_mock.__version__
    assert f"written by connect-contacts-mock 0.0.1; this is {version}," in str(refused.value)
    assert_unchanged(target, client)


def edited_model() -> ModelView:
    """The installed model with one more Channel: its contacts obey other rules."""
    description = copy.deepcopy(installed_service_description())
    channel = description["shapes"]["Channel"]
    channel["enum"] = [*channel["enum"], "CARRIER_PIGEON"]
    return ModelView(description)


def test_a_file_made_against_another_model_is_refused_either_way(
    tmp_path: pathlib.Path, target: ContactStore, client: Any
) -> None:
    path = tmp_path / "other-model.store"
    with mock_search_contacts(model=edited_model()) as other:
        other.add(
            {
                "Channel": "CARRIER_PIGEON",
                "InitiationMethod": "INBOUND",
                "InitiationTimestamp": ago(1),
            }
        )
        other.save(path)
    with pytest.raises(
        InvalidContactError, match="a saved store made against another Connect model"
    ):
        target.load(path)
    assert_unchanged(target, client)
    target.save(path)
    with mock_search_contacts(model=edited_model()) as other:
        with pytest.raises(InvalidContactError, match="another Connect model"):
            other.load(path)
        assert len(other) == 0


def test_a_failed_save_leaves_no_file(tmp_path: pathlib.Path, target: ContactStore) -> None:
    with pytest.raises(OSError):
        target.save(tmp_path / "absent" / "contacts.store")
    assert list(tmp_path.iterdir()) == []


# -- the server ------------------------------------------------------------------------------


def test_the_server_serves_a_saved_store_given_as_data(
    saved: tuple[pathlib.Path, dict[str, Any]],
) -> None:
    pytest.importorskip("werkzeug")
    path, before = saved
    argv = [sys.executable, "-m", "connect_contacts_mock", "serve", "--port", "0"]
    with served([*argv, "--data", str(path)], timeout=30) as running:
        remote = boto3.client("connect", region_name=REGION, endpoint_url=running.url)
        assert search(remote, connect_contacts_mock.DEFAULT_INSTANCE_ID) == before["everything"]
        assert search(remote, OTHER) == before["other instance"]
    assert "5 contacts loaded" in running.stderr
