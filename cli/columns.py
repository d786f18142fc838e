"""What a table shows: columns, their headings and kinds, and the table of rows a
command hands over (no heavy imports here, so command modules can name their
columns at import time)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from pydantic import BaseModel

__all__ = ["Column", "KINDS", "Sheet", "as_dict"]

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


@dataclass
class Sheet:
    """One table of rows as a command hands it over.

    Parameters
    ----------
    name : str
        What ``--table`` calls it, the key in JSON, the worksheet's name.
    rows : sequence of pydantic models or mappings
    columns : sequence of Column, optional
        What the ``table`` format shows; every field when omitted. JSON, CSV
        and Excel always carry every field.
    fields : sequence of str or a pydantic model class, optional
        The fields of a row, for when there may be no rows to learn them from.
    group_by : sequence of str, optional
        Fields whose values head groups of rows in the ``table`` format.
    group_title : callable, optional
        A group's heading, from its first row (the values joined by default).
    footer : str, optional
        A line the ``table`` format prints under the rows (such as the day
        overdue was judged by); machine formats carry it in the rows.
    title : str, optional
        Heading of this table when a command prints several.
    empty : str, optional
        What the ``table`` format says when there are no rows.
    """

    name: str
    rows: Sequence[BaseModel | Mapping[str, Any]]
    columns: Sequence[Column] | None = None
    fields: Sequence[str] | type[BaseModel] | None = None
    group_by: Sequence[str] = ()
    title: str | None = None
    empty: str = ""
    group_title: Callable[[Mapping[str, Any]], str] | None = None
    footer: str | None = None
    dicts: list[dict[str, Any]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.dicts = [as_dict(row) for row in self.rows]

    def field_names(self) -> list[str]:
        """Every field of the rows, in the model's order (or first seen)."""
        if isinstance(self.fields, type) and hasattr(self.fields, "model_fields"):
            return list(self.fields.model_fields)
        if self.fields is not None:
            return list(self.fields)
        if self.rows and hasattr(type(self.rows[0]), "model_fields"):
            return list(type(self.rows[0]).model_fields)
        names: dict[str, None] = {}
        for row in self.dicts:
            names.update(dict.fromkeys(row))
        if not names and self.columns:
            names = dict.fromkeys(c.key for c in self.columns)
        return list(names)

    def shown_columns(self) -> list[Column]:
        if self.columns is not None:
            return list(self.columns)
        return [
            Column(name, kind="number" if self._numeric(name) else "short")
            for name in self.field_names()
        ]

    def _numeric(self, name: str) -> bool:
        values = [row.get(name) for row in self.dicts if row.get(name) is not None]
        return bool(values) and all(
            isinstance(v, int | float) and not isinstance(v, bool) for v in values
        )
