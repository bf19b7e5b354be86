"""Inputs that once slipped past the checks: each now gets a modelled answer or a clear error."""

from __future__ import annotations

import datetime
import json
import logging
from typing import Any

import boto3
import pytest
from botocore.config import Config

from connect_contacts_mock import ContactStore, InvalidContactError

UTC = datetime.timezone.utc
NOW = datetime.datetime.now(UTC)


def contact(**members: Any) -> dict[str, Any]:
    return {"Channel": "CHAT", "InitiationMethod": "API", "InitiationTimestamp": NOW, **members}


@pytest.mark.parametrize(
    "bad",
    [contact(Name="half \ud800 a pair"), contact(Attributes={"key\udc00": "value"})],
    ids=["in-a-value", "in-a-map-key"],
)
def test_contact_text_with_a_lone_surrogate_is_refused_at_add(
    connect_contacts: ContactStore, bad: dict[str, Any]
) -> None:
    """Such text cannot be sent as UTF-8 in any answer, so it is refused where it was written."""
    with pytest.raises(InvalidContactError, match="lone surrogate"):
        connect_contacts.add(bad)
    assert len(connect_contacts) == 0


def test_a_failing_when_predicate_is_answered_naming_the_predicate(
    connect_contacts: ContactStore, caplog: pytest.LogCaptureFixture
) -> None:
    connect_contacts.fail_next(
        "ThrottlingException", when=lambda params: params["SearchCriteria"]["Channels"] == []
    )
    client = boto3.client(
        "connect", region_name="us-east-1", config=Config(retries={"max_attempts": 0})
    )
    with (
        caplog.at_level(logging.ERROR),
        pytest.raises(client.exceptions.InternalServiceException) as raised,
    ):
        client.search_contacts(
            InstanceId=connect_contacts.instance_id,
            TimeRange={"Type": "INITIATION_TIMESTAMP", "StartTime": NOW, "EndTime": NOW},
        )
    message = raised.value.response["Message"]
    assert "when= predicate given to fail_next('ThrottlingException') raised KeyError" in message
    assert "when= predicate" in caplog.text


def test_a_body_nested_deeply_under_an_unknown_member_is_a_malformed_request(
    connect_contacts: ContactStore,
) -> None:
    client = boto3.client(
        "connect", region_name="us-east-1", config=Config(parameter_validation=False)
    )
    nested: Any = 1
    for _ in range(900):
        nested = {"a": nested}
    body = {
        "InstanceId": connect_contacts.instance_id,
        "TimeRange": {"Type": "INITIATION_TIMESTAMP", "StartTime": 0, "EndTime": 0},
        "Unknown": nested,
    }

    def replace_body(request: Any, **_: Any) -> None:
        request.body = json.dumps(body).encode()

    client.meta.events.register_first("before-send.connect.SearchContacts", replace_body)
    with pytest.raises(client.exceptions.InvalidRequestException):
        client.search_contacts(
            InstanceId=connect_contacts.instance_id,
            TimeRange={"Type": "INITIATION_TIMESTAMP", "StartTime": NOW, "EndTime": NOW},
        )
