"""The mock's options are defined once: every door reads the same table, and a name that is no
option is refused with the valid ones and the closest match."""

from __future__ import annotations

import inspect
import typing

import pytest

from connect_contacts_mock import MockUsageError, mock_search_contacts
from connect_contacts_mock._options import help_lines, marker_help, names
from connect_contacts_mock.cli import _parser


def test_the_typed_signature_of_mock_search_contacts_lists_every_option() -> None:
    overloads = (
        typing.get_overloads(mock_search_contacts) if hasattr(typing, "get_overloads") else []
    )
    if not overloads:
        pytest.skip("typing.get_overloads needs Python 3.11")
    keywords = [
        name
        for name, parameter in inspect.signature(overloads[-1]).parameters.items()
        if parameter.kind is inspect.Parameter.KEYWORD_ONLY
    ]
    assert tuple(keywords) == names()


def test_a_misspelled_option_names_the_closest_and_every_valid_one() -> None:
    with pytest.raises(MockUsageError) as refused:
        mock_search_contacts(regoin="us-west-2")  # type: ignore[call-overload]
    message = str(refused.value)
    assert "'regoin' (did you mean 'region'?)" in message
    assert all(name in message for name in names())


def test_the_marker_help_lists_every_option() -> None:
    assert all(name in marker_help() for name in names())


def test_every_option_with_a_flag_is_on_the_command_line() -> None:
    usage = _parser().format_help() + _serve_help()
    for _, _, flag, _ in help_lines():
        if flag is not None:
            assert flag in usage


def _serve_help() -> str:
    parser = _parser()
    subparsers = next(
        action for action in parser._actions if action.__class__.__name__ == "_SubParsersAction"
    )
    return str(subparsers.choices["serve"].format_help())  # type: ignore[attr-defined]


def test_the_command_line_takes_searchable_attribute_keys() -> None:
    parsed = _parser().parse_args(
        ["serve", "--searchable-attribute", "Plan", "--searchable-attribute", "Tier"]
    )
    assert parsed.searchable_attributes == ["Plan", "Tier"]


def test_a_marker_with_an_unknown_option_is_refused_naming_the_closest(
    pytester: pytest.Pytester,
) -> None:
    pytester.makepyfile(
        """
        import pytest

        @pytest.mark.connect_contacts(acount_id="111122223333")
        def test_x(connect_contacts):
            pass
        """
    )
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*'acount_id' (did you mean 'account_id'?)*"])
