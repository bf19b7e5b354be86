"""A member the installed model has but the mock cannot match is refused, never ignored."""

from __future__ import annotations

import copy
import datetime
import json

import boto3
import pytest
from botocore.config import Config

from connect_contacts_mock import ModelView, mock_search_contacts
from connect_contacts_mock.model import installed_service_description

UTC = datetime.timezone.utc
START = datetime.datetime(2026, 1, 1, tzinfo=UTC)


def model_with_extra_criterion() -> ModelView:
    description = copy.deepcopy(installed_service_description())
    description["shapes"]["SearchCriteria"]["members"]["FutureFilter"] = {"shape": "String"}
    return ModelView(description)


def test_unknown_criterion_of_a_newer_model_answers_invalid_request() -> None:
    client = boto3.client(
        "connect", region_name="us-east-1", config=Config(parameter_validation=False)
    )

    def add_member(request, **_):  # type: ignore[no-untyped-def]
        body = json.loads(request.body)
        body["SearchCriteria"] = {"FutureFilter": "x"}
        request.body = json.dumps(body).encode()

    client.meta.events.register_first("before-send.connect.SearchContacts", add_member)
    with (
        mock_search_contacts(model=model_with_extra_criterion()) as contacts,
        pytest.raises(client.exceptions.InvalidRequestException) as raised,
    ):
        client.search_contacts(
            InstanceId=contacts.instance_id,
            TimeRange={"Type": "INITIATION_TIMESTAMP", "StartTime": START, "EndTime": START},
        )
    message = raised.value.response["Message"]
    assert "SearchCriteria.FutureFilter" in message
    assert "does not support it yet" in message
