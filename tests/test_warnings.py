"""Faithful answers that are easy to misread say so: a search that left out contacts past the
24-month retention, or named a contact-attribute key not declared searchable, warns once with
the counts and what to do (the category can be turned into errors)."""

from __future__ import annotations

import datetime
import warnings
from typing import Any

import boto3
import pytest
from freezegun import freeze_time

from connect_contacts_mock import (
    MockWarning,
    RetentionWarning,
    UnsearchableAttributeWarning,
    mock_search_contacts,
)

UTC = datetime.timezone.utc
NOW = datetime.datetime(2024, 5, 10, tzinfo=UTC)


def contact(at: datetime.datetime, **extra: Any) -> dict[str, Any]:
    return {"Channel": "VOICE", "InitiationMethod": "INBOUND", "InitiationTimestamp": at, **extra}


def search(instance_id: str, start: datetime.datetime, end: datetime.datetime, **extra: Any) -> Any:
    return boto3.client("connect", region_name="us-east-1").search_contacts(
        InstanceId=instance_id,
        TimeRange={"Type": "INITIATION_TIMESTAMP", "StartTime": start, "EndTime": end},
        **extra,
    )


def mock_warnings(caught: list[warnings.WarningMessage]) -> list[warnings.WarningMessage]:
    return [warning for warning in caught if issubclass(warning.category, MockWarning)]


@freeze_time(NOW)
def test_a_search_that_retention_shortened_warns_once_with_the_count() -> None:
    old = datetime.datetime(2022, 5, 1, tzinfo=UTC)  # past 24 months on 2024-05-10
    with mock_search_contacts() as contacts:
        contacts.add_many([contact(old), contact(old + datetime.timedelta(days=5))])
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            found = search(contacts.instance_id, old, old + datetime.timedelta(days=30))
    assert found["Contacts"] == []  # as the service answers
    [warning] = mock_warnings(caught)
    assert warning.category is RetentionWarning
    assert "left out 2 matching contacts" in str(warning.message)
    assert "freeze the clock" in str(warning.message)


@freeze_time(NOW)
def test_a_search_that_left_nothing_out_does_not_warn() -> None:
    with mock_search_contacts(searchable_attributes=["Plan"]) as contacts:
        contacts.add(contact(NOW - datetime.timedelta(hours=1), Attributes={"Plan": "Gold"}))
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            found = search(
                contacts.instance_id,
                NOW - datetime.timedelta(days=1),
                NOW,
                SearchCriteria={
                    "SearchableContactAttributes": {
                        "Criteria": [{"Key": "Plan", "Values": ["Gold"]}]
                    }
                },
            )
    assert len(found["Contacts"]) == 1
    assert mock_warnings(caught) == []


@freeze_time(NOW)
def test_a_criterion_on_an_undeclared_key_warns_naming_it_and_how_many_carry_it() -> None:
    with mock_search_contacts(searchable_attributes=["Plan"]) as contacts:
        contacts.add_many(
            [contact(NOW - datetime.timedelta(hours=n), Attributes={"Tier": "1"}) for n in (1, 2)]
        )
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            found = search(
                contacts.instance_id,
                NOW - datetime.timedelta(days=1),
                NOW,
                SearchCriteria={
                    "SearchableContactAttributes": {"Criteria": [{"Key": "Tier", "Values": ["1"]}]}
                },
            )
    assert found["Contacts"] == []  # as the service answers: the key is not indexed
    [warning] = mock_warnings(caught)
    assert warning.category is UnsearchableAttributeWarning
    message = str(warning.message)
    assert "'Tier'" in message and "2 contacts" in message
    assert "searchable_attributes=[..., 'Tier']" in message


@freeze_time(NOW)
def test_later_pages_of_the_same_search_do_not_warn_again() -> None:
    old = datetime.datetime(2022, 5, 1, tzinfo=UTC)
    with mock_search_contacts(limit_time_window=False) as contacts:
        contacts.add(contact(old))
        contacts.add_many(contact(NOW - datetime.timedelta(minutes=n)) for n in range(1, 4))
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            first = search(contacts.instance_id, old, NOW, MaxResults=2)
            search(contacts.instance_id, old, NOW, MaxResults=2, NextToken=first["NextToken"])
    assert len(mock_warnings(caught)) == 1


@freeze_time(NOW)
def test_the_category_turned_into_errors_fails_the_search_with_the_warning() -> None:
    old = datetime.datetime(2022, 5, 1, tzinfo=UTC)
    with mock_search_contacts() as contacts:
        contacts.add(contact(old))
        with warnings.catch_warnings():
            warnings.simplefilter("error", MockWarning)
            with pytest.raises(RetentionWarning, match="left out 1 matching contact of"):
                search(contacts.instance_id, old, old + datetime.timedelta(days=1))
