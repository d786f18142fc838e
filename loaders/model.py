"""The stages' data: rows read from a layout, and the items built from them.

The pipeline is detect → rows → items → graph. Layouts differ only in how
text becomes :class:`Row` objects (and, for prose, items); everything after
that is shared.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "Block",
    "Cell",
    "Row",
    "TextLine",
    "ActionItem",
    "RecommendationItem",
    "SectionItem",
    "ReviewInfo",
    "Unplaced",
    "DocumentItems",
    "LoadResult",
]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Block(_Model):
    """One paragraph-level piece of a cell: a ``<p>``, an ``<li>``, a line."""

    text: str
    line_start: int
    line_end: int
    #: the item's number when a column of its own gives it ("No.", "Ref", "#")
    label: str | None = None


class Cell(_Model):
    """One table cell: its raw text (HTML kept) and the lines it came from."""

    raw: str
    line_start: int
    line_end: int

    @property
    def is_empty(self) -> bool:
        return not self.raw.strip()


class Row(_Model):
    """A table row as printed; ``table`` numbers the tables of the document."""

    cells: list[Cell]
    line_start: int
    line_end: int
    table: int = 0
    first_in_table: bool = False


class TextLine(_Model):
    """A line of the document outside any table."""

    text: str
    line: int


class ActionItem(_Model):
    """One step delivering a recommendation, with its paired date, owner and status."""

    text: str
    line_start: int
    line_end: int
    #: the enumeration printed before the step ("a ii"), used to pair it with sub-items
    label: str | None = None
    #: the action's own number, from an "Action no." column
    number: str | None = None
    due_raw: str | None = None
    owner_raw: str | None = None
    owner_line: int | None = None
    status_raw: str | None = None
    #: True when ``status_raw`` stands in a status column, False when it opened the progress
    status_in_column: bool = False
    rag: str | None = None
    outcome: str | None = None
    progress: str | None = None
    #: the progress entries (bullets, paragraphs) the progress text joins, for reading a status
    progress_entries: list[str] = Field(default_factory=list)
    evidence: str | None = None
    #: indexes of further recommendations this action also delivers
    shared_with: list[int] = Field(default_factory=list)
    #: field -> the printed ditto words ("As above") whose value was copied from above
    dittos: dict[str, str] = Field(default_factory=dict)
    #: field -> (line_start, line_end) of the words that field holds
    field_lines: dict[str, tuple[int, int]] = Field(default_factory=dict)


class RecommendationItem(_Model):
    """A recommendation as the plan lists it; ``parent`` is the index of its parent item."""

    ref: str | None
    text: str
    line_start: int
    line_end: int
    section: int | None = None
    parent: int | None = None
    intro: str | None = None
    actions: list[ActionItem] = Field(default_factory=list)


class SectionItem(_Model):
    """A section of the plan that names an agency."""

    title: str
    agency: str
    aliases: list[str] = Field(default_factory=list)
    line_start: int
    line_end: int
    status_raw: str | None = None
    #: the section gathers a report's recommendations ("Health Overview Report"), not an agency's
    report: bool = False


class ReviewInfo(_Model):
    title: str
    board: str | None = None
    subject: str | None = None
    kind: str | None = None
    as_of: str | None = None
    #: the words the progress date was read from
    as_of_raw: str | None = None
    plan_date: str | None = None
    line_start: int = 1
    line_end: int = 1


class Unplaced(_Model):
    """Text no node took. ``decoration`` says it was recognised as such (a title, a key);
    ``limit`` that a limit applied to it (a cell too long was cut there)."""

    text: str
    line: int
    reason: Literal["decoration", "unplaced", "limit"] = "unplaced"
    what: str = ""


class DocumentItems(_Model):
    """Everything the items stage found in one document."""

    path: str
    layout: str
    review: ReviewInfo
    sections: list[SectionItem] = Field(default_factory=list)
    recommendations: list[RecommendationItem] = Field(default_factory=list)
    aliases: dict[str, str] = Field(default_factory=dict)
    #: colour -> status, as the plan's own RAG key gives it ({} when it prints none)
    rag_legend: dict[str, str] = Field(default_factory=dict)
    #: True when the owner column is titled for agencies ("Lead Agency" with no officer
    #: column, as in the Home Office DHR template): each owner it names is an agency
    owners_are_agencies: bool = False
    unplaced: list[Unplaced] = Field(default_factory=list)


class LoadResult(_Model):
    """What loading one document gives: its graph, the text it left, and its layout."""

    model_config = ConfigDict(extra="forbid", arbitrary_types_allowed=True)

    path: str
    sha256: str
    layout: str
    graph: object
    unplaced: list[Unplaced] = Field(default_factory=list)
