"""What a table shows: columns, their headings and kinds (no heavy imports here,
so command modules can name their columns at import time)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

__all__ = ["Column", "KINDS", "as_dict"]

#: Column kinds: how a column is sized, aligned and coloured.
KINDS = ("ref", "text", "short", "number", "status", "rag", "flag", "note")
Kind = Literal["ref", "text", "short", "number", "status", "rag", "flag", "note"]


@dataclass(frozen=True)
class Column:
    """One column of a table: the row field it shows, its heading and its kind.

    Kinds: ``ref`` (a reference or id: never wraps), ``text`` (long text: gets
    the room), ``short`` (a name or a phrase: what it needs), ``number``
    (right-aligned), ``status``, ``rag`` and ``flag`` (short, and coloured on
    a terminal: statuses by progress, RAG by colour, a true flag such as
    *overdue* in red; a false flag is left blank), and ``note`` (text shown
    under its row, across the table, rather than in a column: what a row
    points at, a detail that would squeeze the other columns). ``once`` blanks a value
    equal to the one above it in the same group, so an item listed on several
    rows shows its reference once. An ``optional`` column that says nothing
    (zero or empty on every row) is left out when the text would be cramped.
    ``alert`` names a true/false field that, when true, is said in the cell
    itself — ``Column("due", alert="overdue")`` shows "May 2019 (overdue)",
    in red on a terminal — instead of taking a column of its own.

    Examples
    --------
    >>> Column("due_raw", "due").heading
    'due'
    >>> Column("line_start").heading
    'line start'
    """

    key: str
    heading: str = ""
    kind: Kind = "short"
    once: bool = False
    optional: bool = False
    alert: str = ""

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown column kind {self.kind!r}; use one of {', '.join(KINDS)}")
        if not self.heading:
            object.__setattr__(self, "heading", self.key.replace("_", " "))


def as_dict(row: Any) -> dict[str, Any]:
    """A row's fields by name, values as they are (dates stay dates).

    Raises
    ------
    TypeError
        When the row is neither a pydantic model nor a mapping.

    Examples
    --------
    >>> as_dict({"id": "a"})
    {'id': 'a'}
    """
    fields = getattr(type(row), "model_fields", None)
    if fields is not None:  # a pydantic model
        return {name: getattr(row, name) for name in fields}
    if isinstance(row, Mapping):
        return dict(row)
    raise TypeError(f"a row must be a pydantic model or a mapping, not {type(row).__name__}")
