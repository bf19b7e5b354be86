"""The bytes of every error answer: status, headers and body, as the real service sends them.

Each kind of error is provoked through boto3; the raw answer is read at botocore's `before-parse`
event, before botocore interprets it, and the parsed error is checked as a caller sees it.
"""

from __future__ import annotations

import copy
import json
import uuid
from collections.abc import Callable
from typing import Any

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from conftest import I1, REGION, base_request
from connect_contacts_mock import ContactStore, ModelView
from connect_contacts_mock import criteria as criteria_module
from connect_contacts_mock.model import installed_model, installed_service_description

NO_RETRIES = Config(retries={"max_attempts": 0}, parameter_validation=False)


class Raw:
    """What came back on the wire for the last call of a client."""

    def __init__(self, client: Any) -> None:
        self.answers: list[dict[str, Any]] = []
        client.meta.events.register("before-parse.connect.SearchContacts", self._keep)

    def _keep(self, response_dict: dict[str, Any], **_: Any) -> None:
        self.answers.append(dict(response_dict))

    @property
    def last(self) -> dict[str, Any]:
        return self.answers[-1]


@pytest.fixture
def wire_client() -> tuple[Any, Raw]:
    client = boto3.client("connect", region_name=REGION, config=NO_RETRIES)
    return client, Raw(client)


def _bug(value: Any, context: Any) -> Any:
    raise RuntimeError("boom")


def invalid_parameter(store: ContactStore) -> dict[str, Any]:
    return base_request(MaxResults=101)


def invalid_request(store: ContactStore) -> dict[str, Any]:
    return base_request(MaxResults="ten")


def not_found(store: ContactStore) -> dict[str, Any]:
    return base_request(InstanceId="99999999-9999-9999-9999-999999999999")


def internal(store: ContactStore) -> dict[str, Any]:
    return base_request(SearchCriteria={"Channels": ["VOICE"]})


ERRORS: list[Any] = [
    pytest.param(invalid_parameter, "InvalidParameterException", 400, id="invalid-parameter"),
    pytest.param(invalid_request, "InvalidRequestException", 400, id="invalid-request"),
    pytest.param(not_found, "ResourceNotFoundException", 404, id="resource-not-found"),
    pytest.param(internal, "InternalServiceException", 500, id="internal-service"),
]


@pytest.fixture
def provoke(
    connect_contacts: ContactStore,
    wire_client: tuple[Any, Raw],
    monkeypatch: pytest.MonkeyPatch,
) -> Callable[[Callable[[ContactStore], dict[str, Any]]], tuple[ClientError, dict[str, Any]]]:
    """Call search_contacts with the request a row builds; return the error and the raw answer.

    For the 500 row a matcher is made to fail, as a bug in the mock would."""
    client, raw = wire_client
    connect_contacts.add_instance(I1)
    monkeypatch.setitem(criteria_module.MATCHERS, "Channels", _bug)

    def run(build: Callable[[ContactStore], dict[str, Any]]) -> tuple[ClientError, dict[str, Any]]:
        with pytest.raises(ClientError) as caught:
            client.search_contacts(**build(connect_contacts))
        return caught.value, raw.last

    return run


@pytest.mark.parametrize(("build", "code", "status"), ERRORS)
def test_error_status_and_headers(
    provoke: Any,
    build: Callable[[ContactStore], dict[str, Any]],
    code: str,
    status: int,
) -> None:
    """Status from the model; `x-amzn-ErrorType` is the bare exception name; a request id."""
    error, answer = provoke(build)
    assert answer["status_code"] == status == installed_model().error_status(code)
    headers = answer["headers"]
    assert headers["x-amzn-ErrorType"] == code
    assert headers["Content-Type"] == "application/json"
    assert uuid.UUID(headers["x-amzn-RequestId"])
    assert error.response["ResponseMetadata"]["RequestId"] == headers["x-amzn-RequestId"]
    assert error.response["ResponseMetadata"]["HTTPStatusCode"] == status


@pytest.mark.parametrize(("build", "code", "status"), ERRORS)
def test_error_body_is_a_message_object(
    provoke: Any,
    build: Callable[[ContactStore], dict[str, Any]],
    code: str,
    status: int,
) -> None:
    """The body is exactly `{"Message": "..."}`: capital M, no `__type`, no nulls, valid UTF-8."""
    error, answer = provoke(build)
    body = json.loads(answer["body"].decode("utf-8"))
    assert list(body) == ["Message"]
    assert isinstance(body["Message"], str)
    assert body["Message"]
    assert error.response["Message"] == body["Message"]
    assert error.response["Error"]["Message"] == body["Message"]


@pytest.mark.parametrize(("build", "code", "status"), ERRORS)
def test_boto3_raises_the_modelled_class(
    provoke: Any,
    wire_client: tuple[Any, Raw],
    build: Callable[[ContactStore], dict[str, Any]],
    code: str,
    status: int,
) -> None:
    """Spec case 38: the code is the exception name, never the status text, and boto3 raises
    `client.exceptions.<code>`."""
    client, _ = wire_client
    error, _answer = provoke(build)
    assert type(error) is getattr(client.exceptions, code)
    assert error.response["Error"]["Code"] == code
    assert error.response["Error"]["Code"] != str(status)
    assert code in installed_model().modelled_errors


def test_every_answer_has_its_own_request_id(provoke: Any) -> None:
    first, _ = provoke(invalid_parameter)
    second, _ = provoke(invalid_parameter)
    ids = {
        first.response["ResponseMetadata"]["RequestId"],
        second.response["ResponseMetadata"]["RequestId"],
    }
    assert len(ids) == 2


def test_error_message_quoting_unusual_text_stays_ascii_json(
    connect_contacts: ContactStore, wire_client: tuple[Any, Raw]
) -> None:
    """Messages quoting the request are sent ASCII-escaped: any text survives the trip."""
    client, raw = wire_client
    instance_id = "instance-é-\u2603"
    with pytest.raises(client.exceptions.ResourceNotFoundException) as caught:
        client.search_contacts(**base_request(InstanceId=instance_id))
    body = caught.value.response["Message"]
    assert instance_id in body
    assert raw.last["body"].isascii()


def test_error_status_follows_the_model(connect_contacts: ContactStore) -> None:
    """The status of an error comes from the model's error shape, not from a table here."""
    model = installed_model()
    statuses = {code: model.error_status(code) for code in model.modelled_errors}
    assert statuses["InvalidParameterException"] == 400
    assert statuses["InvalidRequestException"] == 400
    assert statuses["ResourceNotFoundException"] == 404
    assert statuses["InternalServiceException"] == 500
    description = copy.deepcopy(installed_service_description())
    description["shapes"]["ResourceNotFoundException"]["error"]["httpStatusCode"] = 410
    assert ModelView(description).error_status("ResourceNotFoundException") == 410
