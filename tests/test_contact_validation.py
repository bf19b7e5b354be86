"""`contacts.add` refuses contacts the real service could never return, naming what is wrong.

The checks come from the installed model's `Contact` shape at any depth (the engine that checks
requests), plus the rules the model cannot express. A refused contact, or a refused batch,
leaves the store exactly as it was.
"""

from __future__ import annotations

import copy
import datetime
import re
from typing import Any

import pytest

from conftest import C1, I1, SPEC_CONTACTS, at, base_request
from connect_contacts_mock import ContactStore, InvalidContactError

UTC = datetime.timezone.utc
MODEL_NOTE = "(checked against Contact in the installed botocore"


def contact(**members: Any) -> dict[str, Any]:
    """A minimal valid contact with `members` changed (None removes a member)."""
    value: dict[str, Any] = {
        "Id": "new-contact",
        "Channel": "VOICE",
        "InitiationMethod": "INBOUND",
        "InitiationTimestamp": at(15),
    }
    value.update(members)
    return {name: item for name, item in value.items() if item is not None}


def snapshot(store: ContactStore) -> list[dict[str, Any]]:
    return copy.deepcopy(list(store))


REFUSED: list[Any] = [
    pytest.param(
        contact(InitiationTimestamp="2024-05-01T15:00:00Z"),
        "contact (Id 'new-contact'): field 'InitiationTimestamp': expected a datetime "
        "(aware, or naive meaning UTC), got str '2024-05-01T15:00:00Z'",
        id="timestamp-as-text",
    ),
    pytest.param(
        contact(InitiationTimestamp=1714575600),
        "field 'InitiationTimestamp': expected a datetime (aware, or naive meaning UTC), got int",
        id="timestamp-as-epoch-number",
    ),
    pytest.param(
        contact(Channel="FAX"),
        "field 'Channel': 'FAX' is not one of VOICE, CHAT, TASK, EMAIL",
        id="channel-unknown",
    ),
    pytest.param(
        contact(InitiationMethod="inbound"),
        "field 'InitiationMethod': 'inbound' is not one of INBOUND, OUTBOUND",
        id="initiation-method-wrong-case",
    ),
    pytest.param(
        contact(Channel=7),
        "field 'Channel': expected a string, got int 7",
        id="channel-wrong-type",
    ),
    pytest.param(
        contact(PhoneNumber="+15550100"),
        "field 'PhoneNumber': unknown member; allowed members are Arn, Id,",
        id="unknown-member",
    ),
    pytest.param(
        contact(QueueInfo={"Id": "q", "Name": "Sales"}),
        "field 'QueueInfo.Name': unknown member; allowed members are Id, EnqueueTimestamp",
        id="unknown-nested-member",
    ),
    pytest.param(
        contact(AgentInfo={"Id": "a", "HierarchyGroups": {"Level1": {"Arn": 5}}}),
        "field 'AgentInfo.HierarchyGroups.Level1.Arn': expected a string, got int 5",
        id="deep-wrong-type",
    ),
    pytest.param(
        contact(AgentInfo={"Id": "a", "ConnectedToAgentTimestamp": "10:01"}),
        "field 'AgentInfo.ConnectedToAgentTimestamp': expected a datetime",
        id="nested-timestamp-as-text",
    ),
    pytest.param(
        contact(AgentInfo={"Id": ""}),
        "field 'AgentInfo.Id': 0 characters (''), at least 1 required",
        id="nested-string-too-short",
    ),
    pytest.param(
        contact(Tags={f"Key{n}": "v" for n in range(7)}),
        "field 'Tags': 7 items, at most 6 allowed",
        id="tags-over-max",
    ),
    pytest.param(
        contact(Tags={}),
        "field 'Tags': 0 items, at least 1 required",
        id="tags-empty",
    ),
    pytest.param(
        contact(Tags={"aws:reserved": "v"}),
        "field \"Tags['aws:reserved'] (key)\": 'aws:reserved' does not match the pattern",
        id="tag-key-pattern",
    ),
    pytest.param(
        contact(Tags={"Dept": "v" * 257}),
        "field \"Tags['Dept']\": 257 characters",
        id="tag-value-too-long",
    ),
    pytest.param(
        contact(Name="n" * 1025),
        "field 'Name': 1025 characters ('nnnn",
        id="name-too-long",
    ),
    pytest.param(
        contact(QueuePriority=0),
        "field 'QueuePriority': 0 is below the minimum 1",
        id="integer-below-min",
    ),
    pytest.param(
        contact(QueuePriority=True),
        "field 'QueuePriority': expected an integer, got bool True",
        id="boolean-for-integer",
    ),
    pytest.param(
        contact(SegmentAttributes={"connect:Subtype": {"ValueString": 3}}),
        "field \"SegmentAttributes['connect:Subtype'].ValueString\": expected a string, got int 3",
        id="segment-attribute-wrong-type",
    ),
    pytest.param(
        contact(Transcript=[{"ParticipantRole": "BOT", "Content": "hi"}]),
        "field 'Transcript[0].ParticipantRole': 'BOT' is not one of AGENT, CUSTOMER",
        id="transcript-role-unknown",
    ),
    pytest.param(
        contact(Transcript=[{"ParticipantRole": "AGENT"}]),
        "field 'Transcript[0].Content': required member is missing",
        id="transcript-content-missing",
    ),
    pytest.param(
        contact(Transcript="hello"),
        "field 'Transcript': expected a list, got str 'hello'",
        id="transcript-not-a-list",
    ),
    pytest.param(
        contact(RoutingCriteria={"Steps": [{"Expression": {"AndExpression": [{"Or": []}]}}]}),
        "field 'RoutingCriteria.Steps[0].Expression.AndExpression[0].Or': unknown member",
        id="recursive-shape-deep",
    ),
    pytest.param(
        contact(
            RoutingCriteria={
                "Steps": [
                    {"Expression": {"AttributeCondition": {"ProficiencyLevel": float("nan")}}}
                ]
            }
        ),
        "field 'RoutingCriteria.Steps[0].Expression.AttributeCondition.ProficiencyLevel': "
        "nan is not a finite number",
        id="float-not-finite",
    ),
    pytest.param(
        contact(Channel=None),
        "field 'Channel' is required",
        id="channel-missing",
    ),
    pytest.param(
        contact(InitiationMethod=None),
        "field 'InitiationMethod' is required",
        id="initiation-method-missing",
    ),
    pytest.param(
        contact(InitiationTimestamp=None),
        "field 'InitiationTimestamp' is required",
        id="initiation-timestamp-missing",
    ),
    pytest.param(
        contact(DisconnectTimestamp=at(14, 59, 59)),
        "contact (Id 'new-contact'): field 'DisconnectTimestamp': 2024-05-01T14:59:59+00:00 "
        "is before InitiationTimestamp 2024-05-01T15:00:00+00:00",
        id="disconnect-before-initiation",
    ),
    pytest.param(
        contact(
            InitiationTimestamp=datetime.datetime(2024, 5, 1, 15),
            DisconnectTimestamp=datetime.datetime(
                2024, 5, 1, 16, tzinfo=datetime.timezone(datetime.timedelta(hours=2))
            ),
        ),
        "field 'DisconnectTimestamp': 2024-05-01T16:00:00+02:00 is before InitiationTimestamp",
        id="disconnect-before-initiation-across-zones",
    ),
    pytest.param(
        contact(Id=C1),
        f"field 'Id': {C1!r} is already in instance {I1!r}; Ids are unique within an instance",
        id="duplicate-id",
    ),
    pytest.param(
        contact(Id=""),
        "field 'Id': 0 characters (''), at least 1 required",
        id="id-empty",
    ),
    pytest.param(
        contact(Arn="arn:aws:connect:us-east-1:123456789012:instance/other/contact/new-contact"),
        "does not name this contact; it must be arn:<partition>:connect:<region>:123456789012:"
        f"instance/{I1}/contact/new-contact, or be left out",
        id="arn-of-another-instance",
    ),
]


@pytest.mark.parametrize(("bad", "message"), REFUSED)
def test_bad_contact_is_refused_and_store_unchanged(
    spec_contacts: ContactStore, client: Any, bad: dict[str, Any], message: str
) -> None:
    """The error names the contact, the field path, the value and what is allowed, and the
    store (and what a search returns) is as it was."""
    before = snapshot(spec_contacts)
    with pytest.raises(InvalidContactError) as caught:
        spec_contacts.add(bad, instance_id=I1)
    assert message in str(caught.value)
    assert snapshot(spec_contacts) == before
    assert client.search_contacts(**base_request())["TotalCount"] == 5


def test_model_problems_name_the_model_and_list_every_problem(
    connect_contacts: ContactStore,
) -> None:
    bad = contact(Channel="FAX", InitiationMethod=3, Tags={"aws:x": "v"})
    with pytest.raises(InvalidContactError) as caught:
        connect_contacts.add(bad)
    text = str(caught.value)
    assert text.startswith("contact (Id 'new-contact'): ")
    assert "field 'Channel': 'FAX' is not one of" in text
    assert "field 'InitiationMethod': expected a string, got int 3" in text
    assert "field \"Tags['aws:x'] (key)\"" in text
    assert MODEL_NOTE in text
    assert len(connect_contacts) == 0


def test_invalid_contact_error_is_a_value_error(connect_contacts: ContactStore) -> None:
    with pytest.raises(ValueError, match="is not one of"):
        connect_contacts.add(contact(Channel="FAX"))


@pytest.mark.parametrize("not_a_contact", [None, "VOICE", ["Channel", "VOICE"], 3])
def test_not_a_dict_is_refused(connect_contacts: ContactStore, not_a_contact: Any) -> None:
    with pytest.raises(InvalidContactError, match=r"contact: expected a dict in the shape of "):
        connect_contacts.add(not_a_contact)
    assert len(connect_contacts) == 0


def test_contact_that_contains_itself_is_refused(connect_contacts: ContactStore) -> None:
    """A value nested without end (here: a segment attribute containing itself) is refused
    with InvalidContactError, not a RecursionError."""
    looping: dict[str, Any] = {}
    looping["ValueMap"] = {"again": looping}
    with pytest.raises(InvalidContactError, match="nested too deeply"):
        connect_contacts.add(contact(SegmentAttributes={"k": looping}))
    assert len(connect_contacts) == 0


def test_disconnect_equal_to_initiation_is_accepted(connect_contacts: ContactStore) -> None:
    contact_id = connect_contacts.add(contact(DisconnectTimestamp=at(15)))
    assert connect_contacts.get(contact_id)["DisconnectTimestamp"] == at(15)


def test_same_id_in_another_instance_is_accepted(spec_contacts: ContactStore) -> None:
    other = "33333333-3333-3333-3333-333333333333"
    assert spec_contacts.add(contact(Id=C1), instance_id=other) == C1
    assert spec_contacts.get(C1, instance_id=other)["Channel"] == "VOICE"
    assert spec_contacts.get(C1, instance_id=I1)["Channel"] == "VOICE"


def test_the_model_allows_what_the_contact_shape_allows(connect_contacts: ContactStore) -> None:
    """A contact using deep members of the model (6 tags, nested routing expressions, segment
    attribute maps, naive datetimes meaning UTC) is accepted."""
    rich = contact(
        InitiationTimestamp=datetime.datetime(2024, 5, 1, 15),
        Tags={f"Key{n}": "v" for n in range(6)},
        SegmentAttributes={
            "connect:ContactExpiry": {"ValueMap": {"ExpiryDuration": {"ValueInteger": 1440}}}
        },
        RoutingCriteria={
            "Steps": [
                {
                    "Expression": {
                        "OrExpression": [
                            {
                                "AttributeCondition": {
                                    "MatchCriteria": {"AgentsCriteria": {"AgentIds": ["a1"]}}
                                }
                            }
                        ]
                    },
                    "Status": "ACTIVE",
                }
            ]
        },
        Transcript=[{"ParticipantRole": "CUSTOMER", "Content": "hello"}],
    )
    assert connect_contacts.add(rich) == "new-contact"
    assert len(connect_contacts) == 1


# -- add_many: all or nothing ------------------------------------------------------------------


def test_add_many_with_one_bad_contact_adds_none(spec_contacts: ContactStore, client: Any) -> None:
    before = snapshot(spec_contacts)
    batch = [contact(Id="ok-1"), contact(Id="ok-2"), contact(Id="bad", Channel="FAX")]
    with pytest.raises(
        InvalidContactError, match=r"contact 3 of the batch \(Id 'bad'\): field 'Channel'"
    ):
        spec_contacts.add_many(batch, instance_id=I1)
    assert snapshot(spec_contacts) == before
    assert client.search_contacts(**base_request())["TotalCount"] == 5


def test_add_many_with_a_duplicate_inside_the_batch_adds_none(
    spec_contacts: ContactStore,
) -> None:
    before = snapshot(spec_contacts)
    batch = [contact(Id="twin"), contact(Id="other"), contact(Id="twin")]
    with pytest.raises(
        InvalidContactError, match="an earlier contact in this batch has the same Id"
    ):
        spec_contacts.add_many(batch, instance_id=I1)
    assert snapshot(spec_contacts) == before


def test_add_many_with_a_duplicate_of_a_stored_contact_adds_none(
    spec_contacts: ContactStore,
) -> None:
    before = snapshot(spec_contacts)
    with pytest.raises(InvalidContactError, match=re.escape(f"field 'Id': {C1!r} is already")):
        spec_contacts.add_many([contact(Id="fresh"), contact(Id=C1)], instance_id=I1)
    assert snapshot(spec_contacts) == before


def test_add_many_from_a_generator_that_fails_midway_adds_none(
    connect_contacts: ContactStore,
) -> None:
    def contacts() -> Any:
        yield contact(Id="first")
        yield contact(Id="second", DisconnectTimestamp=at(1))

    with pytest.raises(InvalidContactError, match=r"contact 2 of the batch \(Id 'second'\)"):
        connect_contacts.add_many(contacts())
    assert len(connect_contacts) == 0
    assert connect_contacts.add(contact(Id="first")) == "first"


def test_a_refused_contact_does_not_change_later_ids(
    connect_contacts: ContactStore,
) -> None:
    """After a refusal the store accepts the corrected contact as if nothing had happened."""
    with pytest.raises(InvalidContactError, match=r"contact \(Id 'new-contact'\): field 'Channel'"):
        connect_contacts.add(contact(Channel="FAX"))
    assert connect_contacts.add(contact()) == "new-contact"
    with pytest.raises(
        InvalidContactError, match=r"contact \(Id 'new-contact'\).*is already in instance"
    ):
        connect_contacts.add(contact())
    assert [item["Id"] for item in connect_contacts] == ["new-contact"]


def test_the_spec_fixture_is_accepted(connect_contacts: ContactStore) -> None:
    """The section 10 contacts are all valid; C7 is kept although it is past retention."""
    ids = connect_contacts.add_many(SPEC_CONTACTS, instance_id=I1)
    assert len(ids) == len(SPEC_CONTACTS) == len(connect_contacts)
