"""Every limit comes from the service model: change a copy of the model and the mock follows.

Each test edits a deep copy of the installed Connect service description, builds a `ModelView`
from it and activates `mock_search_contacts(model=...)`; the same request or contact is then
accepted or refused according to the copy. The installed model itself is never touched.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from typing import Any

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError
from freezegun import freeze_time

from conftest import I1, NOW, REGION, at, base_request
from connect_contacts_mock import InvalidContactError, ModelView, mock_search_contacts
from connect_contacts_mock.model import installed_service_description

UNVALIDATED = Config(parameter_validation=False)


def edited(change: Callable[[dict[str, Any]], None]) -> ModelView:
    """A model built from a copy of the installed description with `change` applied to its
    shapes."""
    description = copy.deepcopy(installed_service_description())
    change(description["shapes"])
    return ModelView(description)


def set_limit(shape: str, name: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def change(shapes: dict[str, Any]) -> None:
        if value is None:
            shapes[shape].pop(name, None)
        else:
            shapes[shape][name] = value

    return change


def add_enum_value(shape: str, value: str) -> Callable[[dict[str, Any]], None]:
    def change(shapes: dict[str, Any]) -> None:
        shapes[shape]["enum"] = [*shapes[shape]["enum"], value]

    return change


@pytest.fixture
def client() -> Any:
    return boto3.client("connect", region_name=REGION, config=UNVALIDATED)


def outcome(client: Any, params: dict[str, Any]) -> str:
    """ "ok", or the error code and message of the answer."""
    try:
        client.search_contacts(**params)
    except ClientError as error:
        return f"{error.response['Error']['Code']}: {error.response['Message']}"
    return "ok"


def queues(count: int) -> dict[str, Any]:
    return base_request(SearchCriteria={"QueueIds": [f"q{n}" for n in range(count)]})


def test_lowering_the_queue_list_maximum_refuses_longer_lists(client: Any) -> None:
    model = edited(set_limit("QueueIdList", "max", 2))
    with mock_search_contacts(model=model, instance_id=I1):
        assert outcome(client, queues(2)) == "ok"
        assert outcome(client, queues(3)) == (
            "InvalidParameterException: 1 validation error detected: "
            "SearchCriteria.QueueIds: 3 items, at most 2 allowed"
        )
    with mock_search_contacts(instance_id=I1):
        assert outcome(client, queues(3)) == "ok"


def test_removing_the_queue_list_maximum_accepts_any_length(client: Any) -> None:
    model = edited(set_limit("QueueIdList", "max", None))
    with mock_search_contacts(model=model, instance_id=I1):
        assert outcome(client, queues(250)) == "ok"
    with mock_search_contacts(instance_id=I1):
        assert "101 items" in outcome(client, queues(101))


@pytest.mark.parametrize(
    ("maximum", "accepted", "refused"), [(5, 5, 6), (100, 100, 101), (500, 500, 501)]
)
def test_max_results_follows_the_model(
    client: Any, maximum: int, accepted: int, refused: int
) -> None:
    model = edited(set_limit("MaxResult100", "max", maximum))
    with mock_search_contacts(model=model, instance_id=I1):
        assert outcome(client, base_request(MaxResults=accepted)) == "ok"
        assert outcome(client, base_request(MaxResults=refused)) == (
            "InvalidParameterException: 1 validation error detected: "
            f"MaxResults: {refused} is above the maximum {maximum}"
        )


def test_a_shared_shape_changes_every_member_using_it(client: Any) -> None:
    """`AgentResourceIdList` serves both SearchCriteria.AgentIds and the routing-step AgentIds."""
    model = edited(set_limit("AgentResourceIdList", "max", 1))
    routing = {"Steps": [{"AgentCriteria": {"AgentIds": ["a1", "a2"]}}]}
    with mock_search_contacts(model=model, instance_id=I1):
        assert "SearchCriteria.AgentIds: 2 items, at most 1 allowed" in outcome(
            client, base_request(SearchCriteria={"AgentIds": ["a1", "a2"]})
        )
        assert (
            "SearchCriteria.RoutingCriteria.Steps[0].AgentCriteria.AgentIds: 2 items, at most 1"
            in outcome(client, base_request(SearchCriteria={"RoutingCriteria": routing}))
        )


def test_a_changed_pattern_changes_what_is_accepted(client: Any) -> None:
    model = edited(set_limit("RegionName", "pattern", "^[A-Z_]+$"))
    with mock_search_contacts(model=model, instance_id=I1):
        assert outcome(client, base_request(SearchCriteria={"ActiveRegions": ["US_EAST"]})) == "ok"
        assert "does not match the pattern ^[A-Z_]+$" in outcome(
            client, base_request(SearchCriteria={"ActiveRegions": ["us-east-1"]})
        )


def test_a_new_channel_is_accepted_in_requests_and_contacts(client: Any) -> None:
    """Add `FAX` to the Channel enum: requests filtering on it and contacts carrying it pass,
    and the search finds the FAX contact; the installed model refuses both."""
    model = edited(add_enum_value("Channel", "FAX"))
    request = base_request(SearchCriteria={"Channels": ["FAX"]})
    fax = {"Channel": "FAX", "InitiationMethod": "INBOUND", "InitiationTimestamp": at(10)}
    voice = {"Channel": "VOICE", "InitiationMethod": "INBOUND", "InitiationTimestamp": at(11)}
    with mock_search_contacts(model=model, instance_id=I1) as contacts, freeze_time(NOW):
        fax_id = contacts.add(fax)
        contacts.add(voice)
        response = client.search_contacts(**request)
    assert [contact["Id"] for contact in response["Contacts"]] == [fax_id]
    assert response["Contacts"][0]["Channel"] == "FAX"
    with mock_search_contacts(instance_id=I1) as contacts:
        with pytest.raises(InvalidContactError, match="'FAX' is not one of VOICE, CHAT"):
            contacts.add(fax)
        assert "InvalidParameterException" in outcome(client, request)


def test_a_new_time_range_type_the_mock_cannot_search_is_refused_clearly(client: Any) -> None:
    """A value the model allows but this version cannot search is refused with
    InvalidRequestException saying so, never silently ignored."""
    model = edited(add_enum_value("SearchContactsTimeRangeType", "FICTIONAL_TIMESTAMP"))
    window = {**base_request()["TimeRange"], "Type": "FICTIONAL_TIMESTAMP"}
    with mock_search_contacts(model=model, instance_id=I1):
        result = outcome(client, base_request(TimeRange=window))
    assert result.startswith("InvalidRequestException: TimeRange.Type 'FICTIONAL_TIMESTAMP'")
    assert "does not support it yet" in result


def test_a_new_search_criteria_member_is_validated_then_refused_as_unsupported(
    client: Any,
) -> None:
    """A member the model gains (sent as a raw body: the installed botocore cannot serialise
    it) passes model validation and is refused as not supported yet."""

    def add_member(shapes: dict[str, Any]) -> None:
        shapes["SearchCriteria"]["members"]["CallerIds"] = {"shape": "QueueIdList"}

    body = {"InstanceId": I1, "TimeRange": {"Type": "INITIATION_TIMESTAMP", "StartTime": 1,
                                            "EndTime": 2}}  # fmt: skip
    sent: list[bytes] = []

    def replace_body(request: Any, **_: Any) -> None:
        request.body = sent.pop()

    client.meta.events.register_first("before-send.connect.SearchContacts", replace_body)
    with mock_search_contacts(model=edited(add_member), instance_id=I1):
        sent.append(json.dumps({**body, "SearchCriteria": {"CallerIds": ["x"] * 101}}).encode())
        too_long = outcome(client, base_request())
        sent.append(json.dumps({**body, "SearchCriteria": {"CallerIds": ["x"]}}).encode())
        unsupported = outcome(client, base_request())
    with mock_search_contacts(instance_id=I1):
        sent.append(json.dumps({**body, "SearchCriteria": {"CallerIds": ["x"]}}).encode())
        unknown = outcome(client, base_request())
    assert too_long.startswith("InvalidParameterException")
    assert "SearchCriteria.CallerIds: 101 items, at most 100 allowed" in too_long
    assert unsupported.startswith("InvalidRequestException: SearchCriteria.CallerIds is in")
    assert unknown.startswith("InvalidRequestException")
    assert "SearchCriteria.CallerIds: unknown member" in unknown


def test_contact_limits_follow_the_model_too(client: Any) -> None:
    """The store checks contacts with the same engine and the same model as requests."""
    model = edited(set_limit("ContactTagMap", "max", 1))
    tagged = {
        "Channel": "VOICE",
        "InitiationMethod": "INBOUND",
        "InitiationTimestamp": at(10),
        "Tags": {"Dept": "Sales", "Team": "North"},
    }
    with mock_search_contacts(model=model) as contacts:
        with pytest.raises(InvalidContactError, match="field 'Tags': 2 items, at most 1 allowed"):
            contacts.add(tagged)
        assert len(contacts) == 0
    with mock_search_contacts() as contacts:
        contacts.add(tagged)
        assert len(contacts) == 1


def test_editing_a_copy_leaves_the_installed_model_alone(client: Any) -> None:
    before = json.dumps(installed_service_description(), sort_keys=True, default=str)
    edited(set_limit("QueueIdList", "max", 1))
    edited(add_enum_value("Channel", "FAX"))
    assert json.dumps(installed_service_description(), sort_keys=True, default=str) == before
    with mock_search_contacts(instance_id=I1):
        assert outcome(client, queues(100)) == "ok"


@pytest.mark.parametrize(
    ("pattern", "accepted", "refused"),
    [
        # botocore's PhoneNumber: every escape doubled, so as written it matches no number
        (r"\\+[1-9]\\d{1,14}$", "+15555550100", "5555550100"),
        (r".*\\S.*", "x", "   "),
    ],
    ids=["phone-number", "not-blank"],
)
def test_an_over_escaped_pattern_is_read_as_the_format_it_stands_for(
    client: Any, pattern: str, accepted: str, refused: str
) -> None:
    model = edited(set_limit("RegionName", "pattern", pattern))
    with mock_search_contacts(model=model, instance_id=I1):
        assert outcome(client, base_request(SearchCriteria={"ActiveRegions": [accepted]})) == "ok"
        assert "does not match the pattern" in outcome(
            client, base_request(SearchCriteria={"ActiveRegions": [refused]})
        )


@pytest.mark.parametrize(
    ("pattern", "accepted", "refused"),
    [
        (r"^\P{C}*$", "eu-west-2", "eu\x07west"),  # no control characters (FileName)
        (r"^[\p{L}\p{N}-]+$", "région-1", "us east"),  # letters of any script, digits
    ],
    ids=["not-other", "letters-and-digits"],
)
def test_a_unicode_property_pattern_of_the_model_is_checked(
    client: Any, pattern: str, accepted: str, refused: str
) -> None:
    """The model's patterns are Java's: `\\p{L}` and `\\P{C}` are read as Unicode categories,
    not skipped as patterns Python's `re` cannot compile."""
    model = edited(set_limit("RegionName", "pattern", pattern))
    with mock_search_contacts(model=model, instance_id=I1):
        assert outcome(client, base_request(SearchCriteria={"ActiveRegions": [accepted]})) == "ok"
        assert "does not match the pattern" in outcome(
            client, base_request(SearchCriteria={"ActiveRegions": [refused]})
        )
