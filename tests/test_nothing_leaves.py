"""Nothing leaves the process unasked: inside a mock every Connect call is answered by the mock,
by moto's mock_aws when moto has it, sent on only when `passthrough` names it, else refused
before any connection is tried; a client made without credentials is answered too."""

from __future__ import annotations

import datetime
import socket
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError, EndpointConnectionError

from connect_contacts_mock import MockUsageError, mock_search_contacts

moto = pytest.importorskip("moto")

UTC = datetime.timezone.utc


class ConnectionAttempts:
    """Every DNS lookup and socket connect of the test, each refused loudly."""

    def __init__(self) -> None:
        self.seen: list[Any] = []

    def refuse(self, *args: Any, **_: Any) -> Any:
        self.seen.append(args)
        raise OSError("a connection was attempted during a mocked test")


@pytest.fixture
def attempts(monkeypatch: pytest.MonkeyPatch) -> Iterator[ConnectionAttempts]:
    attempts = ConnectionAttempts()
    monkeypatch.setattr(socket, "getaddrinfo", attempts.refuse)
    monkeypatch.setattr(socket.socket, "connect", attempts.refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", attempts.refuse)
    yield attempts


#: One attempt: a call that really goes for the network fails at once instead of retrying.
ONE_ATTEMPT = Config(retries={"max_attempts": 1, "mode": "standard"})


def connect() -> Any:
    return boto3.client("connect", region_name="us-east-1", config=ONE_ATTEMPT)


def refusal(call: Any) -> tuple[str, int, str]:
    with pytest.raises(ClientError) as raised:
        call()
    response = raised.value.response
    return (
        response["Error"]["Code"],
        response["ResponseMetadata"]["HTTPStatusCode"],
        response["Error"]["Message"],
    )


def test_an_operation_the_mock_does_not_answer_is_refused_without_a_connection(
    attempts: ConnectionAttempts,
) -> None:
    with mock_search_contacts() as contacts:
        code, status, message = refusal(
            lambda: connect().describe_user(InstanceId=contacts.instance_id, UserId="u1")
        )
        assert (code, status) == ("UnknownOperationException", 404)
        assert "does not answer DescribeUser" in message and "it was not sent" in message
        assert "mock_aws()" in message and "passthrough=['DescribeUser']" in message
        assert "DescribeContact" in message  # what the mock answers
        assert attempts.seen == []
        assert [(call.operation, call.status) for call in contacts.calls] == [("DescribeUser", 404)]


def test_a_refused_operation_is_not_retried(attempts: ConnectionAttempts) -> None:
    with mock_search_contacts() as contacts, pytest.raises(ClientError) as raised:
        # boto3's default retry settings: a 404 is not retried
        boto3.client("connect", region_name="us-east-1").list_queues(
            InstanceId=contacts.instance_id
        )
    assert raised.value.response["ResponseMetadata"]["RetryAttempts"] == 0
    assert attempts.seen == []


@pytest.mark.parametrize("mock_first", [True, False], ids=["mock-first", "moto-first"])
def test_inside_mock_aws_moto_answers_what_it_has_and_the_rest_is_refused(
    attempts: ConnectionAttempts, mock_first: bool
) -> None:
    mocks = [mock_search_contacts(), moto.mock_aws()]
    if not mock_first:
        mocks.reverse()
    with mocks[0], mocks[1]:
        client = connect()
        instance = client.create_instance(
            IdentityManagementType="CONNECT_MANAGED",
            InboundCallsEnabled=True,
            OutboundCallsEnabled=False,
        )["Id"]
        assert client.describe_instance(InstanceId=instance)["Instance"]["Id"] == instance
        code, status, message = refusal(
            lambda: client.describe_user(InstanceId=instance, UserId="u1")
        )
        assert (code, status) == ("UnknownOperationException", 404)
        assert "moto's mock_aws() is active but has no route for it either" in message
    assert attempts.seen == []


def test_passthrough_sends_the_operations_it_names(attempts: ConnectionAttempts) -> None:
    with mock_search_contacts(passthrough=["DescribeUser"]) as contacts:
        with pytest.raises(EndpointConnectionError):
            connect().describe_user(InstanceId=contacts.instance_id, UserId="u1")
        assert attempts.seen  # it really went for the network
        attempts.seen.clear()
        refusal(lambda: connect().list_queues(InstanceId=contacts.instance_id))
    assert attempts.seen == []


def test_passthrough_refuses_a_name_that_is_no_operation() -> None:
    with pytest.raises(MockUsageError, match=r"'DescribeUsers' \(did you mean 'DescribeUser'\?\)"):
        mock_search_contacts(passthrough=["DescribeUsers"])
    with pytest.raises(MockUsageError, match=r"passthrough=\['DescribeUser'\]"):
        mock_search_contacts(passthrough="DescribeUser")


def test_other_services_are_left_alone(attempts: ConnectionAttempts) -> None:
    with mock_search_contacts(), pytest.raises(EndpointConnectionError):
        boto3.client("sqs", region_name="us-east-1", config=ONE_ATTEMPT).list_queues()
    assert attempts.seen


def test_a_client_made_before_any_credentials_existed_is_answered(
    monkeypatch: pytest.MonkeyPatch, attempts: ConnectionAttempts
) -> None:
    """A module-level client of the code under test, made at import on a machine without
    credentials: the mock answers it (and refuses what it does not answer) all the same."""
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    made_at_import = boto3.session.Session().client("connect", region_name="eu-west-2")
    assert made_at_import._request_signer._credentials is None
    with mock_search_contacts(region="eu-west-2") as contacts:
        contact_id = contacts.add(
            {
                "Channel": "VOICE",
                "InitiationMethod": "INBOUND",
                "InitiationTimestamp": datetime.datetime.now(UTC),
            }
        )
        found = made_at_import.describe_contact(
            InstanceId=contacts.instance_id, ContactId=contact_id
        )
        assert found["Contact"]["Arn"].startswith("arn:aws:connect:eu-west-2:")
        code, _, _ = refusal(
            lambda: made_at_import.describe_user(InstanceId=contacts.instance_id, UserId="u")
        )
        assert code == "UnknownOperationException"
    assert attempts.seen == []
