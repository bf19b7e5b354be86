"""Nothing in the installed model is silently ignored: every member and enum has its handler."""

from __future__ import annotations

from connect_contacts_mock.contact import TIMESTAMP_PATHS
from connect_contacts_mock.criteria import MATCHERS
from connect_contacts_mock.model import installed_model
from connect_contacts_mock.query import SORT_KEYS


def test_every_search_criteria_member_of_the_installed_model_has_a_matcher() -> None:
    members = list(installed_model().search_criteria_shape.members)
    missing = [name for name in members if name not in MATCHERS]
    assert not missing, f"SearchCriteria members without a matcher: {missing}"


def test_every_time_range_type_of_the_installed_model_reads_a_contact_timestamp() -> None:
    missing = [kind for kind in installed_model().time_range_types() if kind not in TIMESTAMP_PATHS]
    assert not missing, f"TimeRange.Type values without a timestamp: {missing}"


def test_every_sort_field_of_the_installed_model_has_a_sort_key() -> None:
    missing = [name for name in installed_model().sort_fields() if name not in SORT_KEYS]
    assert not missing, f"Sort.FieldName values without a sort key: {missing}"
