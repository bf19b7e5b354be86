"""The README's first-screen example passes as written, in a project with no conftest."""

from __future__ import annotations

import pathlib
import re

import pytest

README = pathlib.Path(__file__).resolve().parent.parent / "README.md"


def test_first_screen_example_passes_as_written(pytester: pytest.Pytester) -> None:
    first_block = re.search(r"```python\n(.*?)```", README.read_text(), re.DOTALL)
    assert first_block is not None
    pytester.makepyfile(test_readme_example=first_block.group(1))
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=1)
