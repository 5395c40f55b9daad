"""Ids from dropdowns and API clients: anything that is not a positive integer gets a clear error, not a crash."""

from __future__ import annotations

import pytest

from components.context import as_id
from studio.errors import InvalidInput


@pytest.mark.parametrize("value", [7, "7", 7.0, " 7 "])
def test_whole_numbers_in_any_form_are_ids(value):
    assert as_id(value, "a take") == 7


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (None, "Pick a take first."),
        ("", "Pick a take first."),
        ("Take 2 · animatic · active", "'Take 2 · animatic · active' is not a take id: pick one from the list."),
        (2.5, "2.5 is not a take id."),
        (True, "True is not a take id."),
        (0, "0 is not a take id."),
        (-3, "-3 is not a take id."),
        ([1], "'[1]' is not a take id: pick one from the list."),
    ],
)
def test_anything_else_is_refused_with_a_sentence(value, message):
    with pytest.raises(InvalidInput) as refused:
        as_id(value, "a take")
    assert str(refused.value) == message
