"""indented_json writes exactly what json.dumps(indent=2, ensure_ascii=False) writes."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from reviewgraph.cli.json_text import indented_json

scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text()
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
    max_leaves=8,
)


@given(st.lists(st.dictionaries(st.text(), values, max_size=5) | values, max_size=6))
def test_same_text_as_json_dumps(data):
    assert indented_json(data) == json.dumps(data, indent=2, ensure_ascii=False)


@given(st.dictionaries(st.text(), st.lists(st.dictionaries(st.text(), scalars))))
def test_sheets_by_name(data):
    assert indented_json(data) == json.dumps(data, indent=2, ensure_ascii=False)


def test_plan_text_with_quotes_and_controls():
    record = {"quoted": 'See "3.1" \\ below\u2028\x00', "line": 12, "due": None, "é": ["a", {}]}
    assert indented_json([record]) == json.dumps([record], indent=2, ensure_ascii=False)
