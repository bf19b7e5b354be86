"""The HTTP server through boto3 and raw HTTP: the scenario, region and host handling, unknown
operations, the control surface, and starting and stopping."""

from __future__ import annotations

import datetime
import http.client
import json
import socket
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from connect_contacts_mock import ContactStore, MockUsageError
from connect_contacts_mock.faults import TokenBucket
from connect_contacts_mock.server import MockServer, serve

from .server_scenario import (
    DOCUMENT,
    INSTANCE,
    check_scenario,
    post,
    scenario_steps,
)

UTC = datetime.timezone.utc


def connect(url: str, region: str = "us-east-1") -> Any:
    return boto3.client("connect", region_name=region, endpoint_url=url)


def with_datetimes(value: Any, key: str = "") -> Any:
    if key in ("StartTime", "EndTime") and isinstance(value, float):
        return datetime.datetime.fromtimestamp(value, UTC)
    if isinstance(value, dict):
        return {name: with_datetimes(item, name) for name, item in value.items()}
    return value


def run_step(url: str, step: dict[str, Any]) -> dict[str, Any]:
    client = connect(url, step.get("region", "us-east-1"))
    params = with_datetimes(step["input"])
    try:
        if step["action"] == "paginate":
            paginator = client.get_paginator("search_contacts")
            pages = list(paginator.paginate(**params, PaginationConfig={"PageSize": 2}))
        elif step["action"] == "pages":
            pages = [client.search_contacts(**params)]
            while "NextToken" in pages[-1]:
                pages.append(client.search_contacts(**params, NextToken=pages[-1]["NextToken"]))
        else:
            pages = [client.search_contacts(**params)]
    except ClientError as error:
        code = error.response["Error"]["Code"]
        assert isinstance(error, getattr(client.exceptions, code)), "not the modelled class"
        assert error.response["Error"]["Message"]
        status = error.response["ResponseMetadata"]["HTTPStatusCode"]
        return {"error": {"code": code, "status": status}}
    return {"pages": pages}


def test_the_scenario_through_boto3(seeded_server: MockServer) -> None:
    """Seed, filter, sort, page, a validation error and unknown instances, as in-process."""
    results = {step["name"]: run_step(seeded_server.url, step) for step in scenario_steps()}
    check_scenario(results, seeded_server.store)


def search_body(instance_id: str = INSTANCE) -> dict[str, Any]:
    now = datetime.datetime.now(UTC).timestamp()
    return {
        "InstanceId": instance_id,
        "TimeRange": {"Type": "INITIATION_TIMESTAMP", "StartTime": now - 86_400, "EndTime": now},
    }


ONE_CONTACT = [{"Channel": "VOICE", "InitiationMethod": "INBOUND", "InitiationTimestamp": "-1h"}]


def test_the_region_comes_from_the_signature(server: MockServer) -> None:
    """An instance known in every region answers each client with ARNs of the client's region."""
    server.store.load(ONE_CONTACT)
    for region in ("eu-west-1", "ap-southeast-2"):
        client = connect(server.url, region)
        response = client.search_contacts(**with_datetimes(search_body(server.store.instance_id)))
        assert response["Contacts"][0]["Arn"].startswith(f"arn:aws:connect:{region}:123456789012:")


@pytest.mark.parametrize(
    ("headers", "region"),
    [
        ({"Host": "connect.us-west-2.amazonaws.com"}, "us-west-2"),
        ({"Host": "example.invalid"}, "us-east-1"),
        (
            {
                "Host": "anything:1234",
                "Authorization": "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240101/eu-central-1/"
                "connect/aws4_request, SignedHeaders=host, Signature=00",
            },
            "eu-central-1",
        ),
    ],
    ids=["unsigned-aws-host", "unsigned-other-host", "bad-signature"],
)
def test_any_host_is_accepted_and_the_signature_is_not_checked(
    server: MockServer, headers: dict[str, str], region: str
) -> None:
    """The region is the credential scope's, else the AWS host's, else us-east-1, as in-process."""
    server.store.load(ONE_CONTACT)
    body = search_body(server.store.instance_id)
    status, _, answer = post(server.url, "/search-contacts", body, headers=headers)
    assert status == 200, answer
    assert answer["Contacts"][0]["Arn"].startswith(f"arn:aws:connect:{region}:123456789012:")


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/search-contacts"),
        ("PUT", "/search-contacts"),
        ("POST", "/"),
        ("POST", "/search-contacts/extra"),
        ("GET", "/users/instance/user"),
        ("POST", "/_mocks/reset"),
    ],
)
def test_other_methods_and_paths_are_unknown_operations(
    server: MockServer, method: str, path: str
) -> None:
    """404 with x-amzn-ErrorType UnknownOperationException and a Message, as rest-json sends."""
    status, headers, body = post(server.url, path, {}, method=method)
    assert status == 404
    assert headers["x-amzn-ErrorType"] == "UnknownOperationException"
    assert headers["x-amzn-RequestId"]
    message = body["Message"]
    assert f"{method} {path}" in message
    assert "does not serve" in message or "is not an operation" in message
    assert "POST /_mock/contacts" in message and "POST /_mock/reset" in message
    assert len(server.store.requests) == 0


def test_another_connect_operation_raises_unknown_operation_in_boto3(server: MockServer) -> None:
    with pytest.raises(ClientError) as caught:
        connect(server.url).describe_user(InstanceId=INSTANCE, UserId="u1")
    assert caught.value.response["Error"]["Code"] == "UnknownOperationException"
    assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404
    message = caught.value.response["Error"]["Message"]
    assert message.startswith("DescribeUser (GET /users/")
    assert "this connect-contacts-mock server does not serve" in message


def test_requests_are_logged_in_the_store(seeded_server: MockServer) -> None:
    now = datetime.datetime.now(UTC).replace(microsecond=0)
    connect(seeded_server.url).search_contacts(
        InstanceId=INSTANCE,
        TimeRange={"Type": "INITIATION_TIMESTAMP", "StartTime": now, "EndTime": now},
    )
    assert seeded_server.store.requests == [
        {
            "InstanceId": INSTANCE,
            "TimeRange": {"Type": "INITIATION_TIMESTAMP", "StartTime": now, "EndTime": now},
        }
    ]


def test_limit_time_window_is_passed_to_the_service() -> None:
    long_ago = datetime.datetime(2026, 1, 1, tzinfo=UTC)
    params = {
        "InstanceId": INSTANCE,
        "TimeRange": {
            "Type": "INITIATION_TIMESTAMP",
            "StartTime": long_ago,
            "EndTime": long_ago + datetime.timedelta(days=57),
        },
    }
    store = ContactStore()
    store.add_instance(INSTANCE)
    with serve(store, limit_time_window=False) as url:
        assert connect(url).search_contacts(**params)["TotalCount"] == 0
    with serve(store) as url, pytest.raises(ClientError, match="InvalidParameterException"):
        connect(url).search_contacts(**params)


def test_throttle_is_passed_to_the_service() -> None:
    store = ContactStore()
    client_config = Config(retries={"max_attempts": 0})
    with serve(store, throttle=TokenBucket(rate=0.5, burst=1)) as url:
        client = boto3.client(
            "connect", region_name="us-east-1", endpoint_url=url, config=client_config
        )
        params = with_datetimes(search_body(store.instance_id))
        client.search_contacts(**params)
        with pytest.raises(client.exceptions.ThrottlingException) as caught:
            client.search_contacts(**params)
    assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 429


def test_faults_injected_in_the_store_are_answered_by_the_server(server: MockServer) -> None:
    """The store's fail_next works over HTTP too: one core behind both transports."""
    server.store.fail_next("InternalServiceException", message="injected")
    client = boto3.client(
        "connect",
        region_name="us-east-1",
        endpoint_url=server.url,
        config=Config(retries={"max_attempts": 0}),
    )
    with pytest.raises(client.exceptions.InternalServiceException, match="injected"):
        client.search_contacts(**with_datetimes(search_body(server.store.instance_id)))


# -- the control surface ------------------------------------------------------------------


def test_seed_adds_the_document_and_returns_the_ids(server: MockServer) -> None:
    status, _, body = post(server.url, "/_mock/contacts", DOCUMENT)
    assert status == 200
    assert body["Ids"] == [contact["Id"] for contact in DOCUMENT["instances"][0]["Contacts"]]
    assert len(server.store) == 6
    assert server.store.find_instance(INSTANCE, "us-west-2", None) is None


def test_seed_takes_a_plain_list_for_the_default_instance(server: MockServer) -> None:
    contact = {
        "Id": "a",
        "Channel": "CHAT",
        "InitiationMethod": "API",
        "InitiationTimestamp": "now",
    }
    status, _, body = post(server.url, "/_mock/contacts", [contact])
    assert (status, body) == (200, {"Ids": ["a"]})
    assert server.store.get("a")["Channel"] == "CHAT"


def test_a_bad_seed_is_refused_naming_the_field_and_adds_nothing(server: MockServer) -> None:
    document = [
        {"Channel": "VOICE", "InitiationMethod": "INBOUND", "InitiationTimestamp": "-1h"},
        {"Channel": "FAX", "InitiationMethod": "INBOUND", "InitiationTimestamp": "-1h"},
    ]
    status, _, body = post(server.url, "/_mock/contacts", document)
    assert status == 400
    assert body["Error"] == "InvalidContactError"
    assert "contact 2 of the batch: field 'Channel': 'FAX' is not one of" in body["Message"]
    assert len(server.store) == 0


def test_a_seed_that_is_not_json_is_refused(server: MockServer) -> None:
    request = urllib.parse.urlsplit(server.url)
    connection = http.client.HTTPConnection(request.hostname, request.port, timeout=10)
    connection.request(
        "POST", "/_mock/contacts", body=b"[{", headers={"Content-Type": "application/json"}
    )
    response = connection.getresponse()
    assert response.status == 400
    assert b'"Error": "BadJson"' in response.read()
    connection.close()


def test_reset_empties_the_store_and_the_request_log(seeded_server: MockServer) -> None:
    connect(seeded_server.url).search_contacts(**with_datetimes(scenario_steps()[0]["input"]))
    status, _, body = post(seeded_server.url, "/_mock/reset")
    assert (status, body) == (200, {})
    assert len(seeded_server.store) == 0
    assert seeded_server.store.requests == []


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [("GET", "/_mock/contacts", 405), ("POST", "/_mock/unknown", 404), ("GET", "/_mock/", 404)],
)
def test_control_mistakes_are_answered_in_json(
    server: MockServer, method: str, path: str, status: int
) -> None:
    answer_status, headers, body = post(server.url, path, method=method)
    assert answer_status == status
    assert "POST /_mock/" in body["Message"]
    assert "x-amzn-ErrorType" not in headers


# -- starting and stopping ----------------------------------------------------------------


def test_serve_yields_the_url_and_stopping_closes_the_port() -> None:
    with serve() as url:
        assert url.startswith("http://127.0.0.1:")
        port = urllib.parse.urlsplit(url).port
        assert post(url, "/_mock/reset")[0] == 200
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", port), timeout=2)


def test_a_server_is_started_once_and_has_a_url_only_while_running() -> None:
    server = MockServer()
    with pytest.raises(MockUsageError, match="not running"):
        _ = server.url
    with server:
        with pytest.raises(MockUsageError, match="already running"):
            server.start()
        assert repr(server).startswith(f"<MockServer {server.url} <ContactStore")
    server.stop()  # stopping a stopped server does nothing
    assert repr(server).startswith("<MockServer stopped")


def test_a_port_in_use_is_an_os_error(server: MockServer) -> None:
    port = urllib.parse.urlsplit(server.url).port
    assert port is not None
    with pytest.raises(OSError, match=f"cannot listen on 127.0.0.1:{port}"):
        MockServer(port=port).start()


@pytest.mark.parametrize("body", ['"/etc/hostname"', "5", "null"], ids=["path", "number", "null"])
def test_control_contacts_takes_only_a_document_never_a_path(body: str) -> None:
    store = ContactStore()
    with MockServer(store) as server:
        request = urllib.request.Request(
            f"{server.url}/_mock/contacts",
            data=body.encode(),
            method="POST",
            headers={"Content-Type": "application/json"},
        )
        with pytest.raises(urllib.error.HTTPError) as raised:
            urllib.request.urlopen(request, timeout=10)
    assert raised.value.code == 400
    assert json.loads(raised.value.read())["Error"] == "BadJson"
    assert len(store) == 0


def test_describe_contact_is_answered_over_http_from_the_same_store(
    seeded_server: MockServer,
) -> None:
    contact = connect(seeded_server.url).describe_contact(InstanceId=INSTANCE, ContactId="k4")[
        "Contact"
    ]
    assert contact["Name"] == "Refund order 123"
    assert contact["ScheduledTimestamp"] == datetime.datetime(2030, 1, 1, 0, 0, 0, 125000, UTC)
    assert [call.operation for call in seeded_server.store.calls] == ["DescribeContact"]


def test_updates_over_http_are_seen_by_the_next_search_and_describe(
    seeded_server: MockServer,
) -> None:
    """Attributes, tags (UntagContact's repeated TagKeys query) and the name, each sent to the
    server, change the one store that answers SearchContacts and DescribeContact."""
    client = connect(seeded_server.url)
    client.update_contact_attributes(
        InstanceId=INSTANCE, InitialContactId="k1", Attributes={"Plan": "Gold"}
    )
    client.tag_contact(InstanceId=INSTANCE, ContactId="k1", Tags={"Team": "A", "Site": "B"})
    client.untag_contact(InstanceId=INSTANCE, ContactId="k1", TagKeys=["Site"])
    client.update_contact(InstanceId=INSTANCE, ContactId="k1", Name="Renamed call")
    contact = client.describe_contact(InstanceId=INSTANCE, ContactId="k1")["Contact"]
    assert (contact["Attributes"], contact["Tags"], contact["Name"]) == (
        {"Plan": "Gold"},
        {"Team": "A"},
        "Renamed call",
    )
    now = datetime.datetime.now(UTC)
    found = client.search_contacts(
        InstanceId=INSTANCE,
        TimeRange={
            "Type": "INITIATION_TIMESTAMP",
            "StartTime": now - datetime.timedelta(days=1),
            "EndTime": now,
        },
        SearchCriteria={"ContactTags": {"TagCondition": {"TagKey": "Team", "TagValue": "A"}}},
    )
    assert [summary["Id"] for summary in found["Contacts"]] == ["k1"]


@pytest.mark.parametrize(
    ("headers", "status"),
    [
        ({"Content-Type": "text/plain"}, 415),
        ({}, 415),
        ({"Content-Type": "application/json", "Host": "attacker.example"}, 403),
    ],
    ids=["text-plain", "no-content-type", "foreign-host"],
)
def test_a_control_request_a_web_page_could_send_is_refused_and_changes_nothing(
    seeded_server: MockServer, headers: dict[str, str], status: int
) -> None:
    """A page in the developer's browser can POST text/plain without a CORS preflight, and
    with DNS rebinding name its own host: neither may empty the store."""
    split = urllib.parse.urlsplit(seeded_server.url)
    connection = http.client.HTTPConnection(split.hostname, split.port, timeout=10)
    connection.request("POST", "/_mock/reset", body=b"{}", headers=headers)
    response = connection.getresponse()
    body = json.loads(response.read())
    connection.close()
    assert response.status == status, body
    assert response.getheader("Content-Type", "").startswith("application/json")
    assert len(seeded_server.store) == 6


def test_a_path_with_a_doubled_slash_is_no_operation(server: MockServer) -> None:
    """The model's requestUri is matched as sent: `//search-contacts` is not SearchContacts."""
    split = urllib.parse.urlsplit(server.url)
    connection = http.client.HTTPConnection(split.hostname, split.port, timeout=10)
    connection.request(
        "POST", "//search-contacts", body=b"{}", headers={"Content-Type": "application/json"}
    )
    response = connection.getresponse()
    body = json.loads(response.read())
    connection.close()
    assert response.status == 404
    assert response.getheader("x-amzn-ErrorType") == "UnknownOperationException"
    assert body["Message"].startswith("POST //search-contacts is not an operation")
