"""Typed nodes and relationships of the accountability graph.

The labels, relationship types and key properties are the public contract
named in docs/model.md: the JSON export, the Neo4j labels and every query speak
them. Properties beyond those are welcome and are marked as such below.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

__all__ = [
    "Source",
    "Status",
    "UnplacedText",
    "Node",
    "Document",
    "Review",
    "Agency",
    "Recommendation",
    "Action",
    "LeadRole",
    "CrossReference",
    "Edge",
    "NODE_TYPES",
    "RELATIONSHIPS",
    "OWNER_BASES",
    "node_from_dict",
]


class Source(BaseModel):
    """Where an item's words stand: the document and its 1-based line range.

    For a PDF, Word or Excel file the lines are those of the text the loader
    read from it (``reviewgraph trace`` shows them); ``page``, ``table``,
    ``row``, ``cell`` and ``sheet`` say where in the file they stand, and
    ``locator`` says it in words. ``cell`` is a column letter and row
    ("B5") for Excel, a column number for PDF and Word tables.

    Examples
    --------
    >>> Source(document="plan.txt", line_start=3, line_end=4).line_end
    4
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    document: str
    line_start: Annotated[int, Field(ge=1)]
    line_end: Annotated[int, Field(ge=1)]
    #: the place in a PDF, Word, Excel or HTML file, where the file has one; the
    #: page also for text with form feeds (pdftotext), counted by them
    page: int | None = None
    table: int | None = None
    row: int | None = None
    cell: str | None = None
    sheet: str | None = None
    #: the place in words ("page 3, table 2, row 5"); None for plain text
    locator: str | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Source:
        if self.line_end < self.line_start:
            raise ValueError(f"line_end {self.line_end} is before line_start {self.line_start}")
        return self


class Status(StrEnum):
    """The normalised progress of an action; the printed words stay in ``status_raw``."""

    COMPLETE = "complete"
    IN_PROGRESS = "in_progress"
    DELAYED = "delayed"
    NOT_STARTED = "not_started"
    UNKNOWN = "unknown"


NonEmpty = Annotated[str, Field(min_length=1)]


class Node(BaseModel):
    """Base of every node: a stable ``id`` and the ``source`` of its words."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)
    label: ClassVar[str] = "Node"

    id: NonEmpty
    source: Source
    #: the printed reference commands print and accept (``003:56/2``), set by the store
    handle: str | None = None

    def properties(self) -> dict[str, Any]:
        """The node's properties as JSON-ready values (dates as ISO strings)."""
        return self.model_dump(mode="json")


class UnplacedText(BaseModel):
    """Words of a document that no node took, kept so that nothing is lost silently."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    text: str
    line: Annotated[int, Field(ge=1)]
    reason: Literal["decoration", "unplaced", "limit"] = "unplaced"
    what: str = ""


class Document(Node):
    """A plan as a file: where it is, its content hash and the layout detected."""

    label: ClassVar[str] = "Document"
    path: NonEmpty
    sha256: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
    layout: NonEmpty
    encoding: str = "utf-8"
    unplaced: list[UnplacedText] = Field(default_factory=list)


class Review(Node):
    """One review and its action plan."""

    label: ClassVar[str] = "Review"
    title: NonEmpty
    board: str | None = None
    subject: str | None = None
    kind: str | None = None
    as_of: dt.date | None = None
    #: the words the plan's own progress date was read from ("PROGRESS AS AT 1.7.06")
    as_of_raw: str | None = None
    plan_date: str | None = None


class Agency(Node):
    """An organisation that recommendations are directed at and whose staff own actions."""

    label: ClassVar[str] = "Agency"
    name: NonEmpty
    aliases: list[str] = Field(default_factory=list)


class Recommendation(Node):
    """A statement of what must change; sub-items are recommendations too."""

    label: ClassVar[str] = "Recommendation"
    ref: str | None = None
    text: str
    order: Annotated[int, Field(ge=1)]
    section: str | None = None
    intro: str | None = None


class Action(Node):
    """One distinct step that delivers a recommendation."""

    label: ClassVar[str] = "Action"
    text: str
    order: Annotated[int, Field(ge=1)] = 1
    #: the action's own number as the plan prints it (an "Action no." column), if any
    number: str | None = None
    due_raw: str | None = None
    due_start: dt.date | None = None
    due_end: dt.date | None = None
    status_raw: str | None = None
    status: Status = Status.UNKNOWN
    rag: Literal["red", "amber", "green"] | None = None
    #: where ``status`` was read from: the plan's status column, its RAG rating (through
    #: the plan's legend or the default mapping), the progress wording, or nowhere
    status_basis: Literal["status", "rag", "progress", "none"] = "none"
    outcome: str | None = None
    progress: str | None = None
    evidence: str | None = None
    owner_raw: str | None = None
    dittos: dict[str, str] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _interval(self) -> Action:
        if self.due_start and self.due_end and self.due_end < self.due_start:
            raise ValueError(f"due_end {self.due_end} is before due_start {self.due_start}")
        return self


class LeadRole(Node):
    """Who is responsible: a role within one agency."""

    label: ClassVar[str] = "LeadRole"
    name: NonEmpty


class CrossReference(Node):
    """Words in a cell that point at another item, kept even when they point nowhere."""

    label: ClassVar[str] = "CrossReference"
    raw: NonEmpty
    kind: Literal["explicit", "positional", "ditto"]
    field: NonEmpty
    resolution: Literal["resolved", "dangling", "ambiguous"] = "dangling"
    reason: str | None = None


NODE_TYPES: dict[str, type[Node]] = {
    cls.label: cls
    for cls in (Document, Review, Agency, Recommendation, Action, LeadRole, CrossReference)
}

#: relationship type -> (allowed source labels, allowed target labels)
RELATIONSHIPS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "DESCRIBES": (frozenset({"Document"}), frozenset({"Review"})),
    "HAS_RECOMMENDATION": (frozenset({"Review"}), frozenset({"Recommendation"})),
    "HAS_PART": (frozenset({"Recommendation"}), frozenset({"Recommendation"})),
    "DIRECTED_AT": (frozenset({"Recommendation"}), frozenset({"Agency"})),
    "HAS_ACTION": (frozenset({"Recommendation"}), frozenset({"Action"})),
    # property ``basis``: "named" (the plan's owner column), "text" (the body the action's
    # own words name as doing the work) or "agency" (its recommendation's agency)
    "OWNED_BY": (frozenset({"Action"}), frozenset({"LeadRole", "Agency"})),
    "MEMBER_OF": (frozenset({"LeadRole"}), frozenset({"Agency"})),
    "CITES": (frozenset({"Recommendation", "Action"}), frozenset({"CrossReference"})),
    "RESOLVES_TO": (frozenset({"CrossReference"}), frozenset({"Recommendation", "Action"})),
    # an agency the item's words name, other than the one it is directed at or owned by
    "MENTIONS": (frozenset({"Recommendation", "Action"}), frozenset({"Agency"})),
}

#: the values ``OWNED_BY``'s ``basis`` property takes, strongest first
OWNER_BASES = ("named", "text", "agency")


class Edge(BaseModel):
    """A typed relationship between two node ids, with optional properties."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    source: NonEmpty
    target: NonEmpty
    type: Literal[
        "DESCRIBES",
        "HAS_RECOMMENDATION",
        "HAS_PART",
        "DIRECTED_AT",
        "HAS_ACTION",
        "OWNED_BY",
        "MEMBER_OF",
        "CITES",
        "RESOLVES_TO",
        "MENTIONS",
    ]
    properties: dict[str, Any] = Field(default_factory=dict)


def node_from_dict(data: dict[str, Any]) -> Node:
    """Build a node from its exported form (``label`` plus properties).

    Raises
    ------
    ValueError
        When the label is unknown or a property is invalid.

    Examples
    --------
    >>> node = node_from_dict({"label": "LeadRole", "id": "r", "name": "Named Nurse",
    ...     "source": {"document": "d", "line_start": 1, "line_end": 1}})
    >>> node.name
    'Named Nurse'
    """
    data = dict(data)
    label = data.pop("label", None)
    if label not in NODE_TYPES:
        raise ValueError(f"unknown node label {label!r}")
    return NODE_TYPES[label].model_validate(data)
