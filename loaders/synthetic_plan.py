"""The model of a synthetic plan, and the answer key it gives.

A :class:`Plan` is what the plan *means* — its review, agencies, sections,
recommendations, actions, owners and cross-references with their true
targets — plus the few choices of presentation that change what it means
(which items share a table row, which cell lists its entries in parallel).
Writers (:mod:`.synthetic_writers`) print a plan in a layout; :meth:`Plan.key`
is the answer a loader should give for it, whatever the layout.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "KEY_FORMAT",
    "KEY_VERSION",
    "Agency",
    "Owner",
    "Action",
    "Recommendation",
    "Reference",
    "Row",
    "Section",
    "Plan",
    "normalise_words",
]

KEY_FORMAT = "reviewgraph-synthetic-key"
KEY_VERSION = 1


def normalise_words(text: str | None) -> str:
    """Text as compared in a key: one space between words, straight apostrophes.

    Examples
    --------
    >>> normalise_words("  Children’s   Social Care ")
    "Children's Social Care"
    """
    return " ".join((text or "").replace("’", "'").split())


@dataclass
class Agency:
    """An organisation as this plan prints it.

    ``id`` is the organisation's identity across the corpus (the same for every
    board that names it); ``spellings`` are the names this plan prints for it.
    """

    id: str
    name: str
    kind: str
    printed: str
    abbreviation: str
    spellings: list[str] = field(default_factory=list)


@dataclass
class Owner:
    """A lead role and the agency it belongs to (an :class:`Agency` id).

    ``role`` is None when the owner cell names an agency and no role ("BHFT",
    "LSCB"): the action is owned by the agency itself; ``printed`` is then the
    name as the cell prints it.
    """

    role: str | None
    agency: str
    printed: str | None = None


@dataclass
class Action:
    """One step delivering one or more recommendations (ids), with what the plan says of it.

    Field values are what a loader should give: a ditto cell's value is the
    one it repeats, and ``dittos`` keeps the printed words per field.
    """

    id: str
    recommendations: list[str]
    text: str
    owners: list[Owner] = field(default_factory=list)
    owner_text: str | None = None
    due: str | None = None
    due_start: str | None = None
    due_end: str | None = None
    status: str = "unknown"
    status_raw: str | None = None
    rag: str | None = None
    progress: str | None = None
    outcome: str | None = None
    evidence: str | None = None
    dittos: dict[str, str] = field(default_factory=dict)


@dataclass
class Recommendation:
    """A recommendation: ``ref`` as a loader should give it, ``label`` as printed."""

    id: str
    ref: str | None
    label: str | None
    text: str
    section: int
    parent: str | None = None
    #: False for a report section whose progress answers recommendations it never quotes
    stated: bool = True
    topic: str = ""
    actions: list[str] = field(default_factory=list)


@dataclass
class Reference:
    """Cross-reference words as printed, where they stand and what they truly point at."""

    id: str
    raw: str
    kind: str  # explicit / positional / ditto
    form: str  # number / action / line / agency / bare / ditto
    field: str
    citing: list[str]
    resolution: str  # resolved / dangling / ambiguous
    targets: list[str] = field(default_factory=list)


@dataclass
class Row:
    """One printed row (or prose paragraph): the items it opens and the actions it lists.

    ``shared`` names the fields printed once for all of the row's actions;
    ``styles`` says how each multi-entry cell is printed (``p``, ``ul``, ``run``,
    ``semicolon``, ``bullets``); ``intro`` is a line introducing the row's items
    ("3.4 The police identified two recommendations:").
    """

    recommendations: list[str]
    actions: list[str]
    intro: str | None = None
    intro_label: str | None = None
    heading: str | None = None
    shared: set[str] = field(default_factory=set)
    styles: dict[str, str] = field(default_factory=dict)
    #: printed as a row with its sub-item label in a column of its own
    label_column: bool = False
    #: an extra row of actions under the recommendation of the row before it
    extra: bool = False
    #: the row's words run over a page break into the next table
    cut: bool = False


@dataclass
class Section:
    """A section of the plan directed at one agency."""

    heading: str
    agency: str
    number: str | None = None
    status: str | None = None
    board: bool = False
    rows: list[Row] = field(default_factory=list)


@dataclass
class Plan:
    """A whole synthetic plan: what it says, how it is laid out, and its references."""

    name: str
    layout: str
    style: str
    seed: int
    index: int
    board: str
    board_abbreviation: str
    place: str
    region: str
    kind: str
    subject: str
    plan_date: str
    as_of: str | None
    #: an adults' board (Safeguarding Adults Review) rather than a children's
    adults: bool = False
    agencies: dict[str, Agency] = field(default_factory=dict)
    sections: list[Section] = field(default_factory=list)
    recommendations: dict[str, Recommendation] = field(default_factory=dict)
    actions: dict[str, Action] = field(default_factory=dict)
    references: list[Reference] = field(default_factory=list)
    #: "Full Name (ABBR)" lines printed as the plan's key, in order
    key_lines: list[tuple[str, str]] = field(default_factory=list)
    #: what a human reader knows the writer did on purpose (shown in the key)
    notes: list[str] = field(default_factory=list)

    #: the file ending of the writer that prints it
    suffix: str = ".txt"

    @property
    def file_name(self) -> str:
        return f"{self.name}{self.suffix}"

    def reading_order(self) -> list[str]:
        """Item ids as a reader meets them: each row's recommendations, then its actions."""
        order: list[str] = []
        for section in self.sections:
            for row in section.rows:
                order.extend(row.recommendations)
                order.extend(row.actions)
        return order

    def key(self) -> dict[str, Any]:
        """The answer key: everything a loader should find in this plan.

        Examples
        --------
        >>> from reviewgraph.loaders.synthetic import build_plan
        >>> key = build_plan(seed=1, index=0, layout="tab").key()
        >>> key["format"], key["layout"], bool(key["recommendations"])
        ('reviewgraph-synthetic-key', 'tab', True)
        """
        sections = [
            {
                "heading": s.heading,
                "agency": s.agency,
                "board": s.board,
            }
            for s in self.sections
        ]
        recommendations = []
        for position, rec_id in enumerate(self._recommendation_order(), 1):
            rec = self.recommendations[rec_id]
            recommendations.append(
                {
                    "id": rec.id,
                    "ref": rec.ref,
                    "label": rec.label,
                    "position": position,
                    "section": rec.section,
                    "section_heading": self.sections[rec.section].heading,
                    "parent": rec.parent,
                    "text": normalise_words(rec.text) if rec.stated else None,
                    "stated": rec.stated,
                    "agency": self.sections[rec.section].agency,
                }
            )
        actions = []
        for action_id in self._action_order():
            action = self.actions[action_id]
            actions.append(
                {
                    "id": action.id,
                    "recommendations": list(action.recommendations),
                    "text": normalise_words(action.text),
                    "owners": [
                        {"role": o.role, "agency": o.agency, "printed": o.printed or o.role}
                        for o in action.owners
                    ],
                    "due": action.due,
                    "due_start": action.due_start,
                    "due_end": action.due_end,
                    "status": action.status,
                    "status_raw": action.status_raw,
                    "rag": action.rag,
                    "progress": normalise_words(action.progress) or None,
                    "outcome": normalise_words(action.outcome) or None,
                    "evidence": normalise_words(action.evidence) or None,
                    "dittos": dict(action.dittos),
                }
            )
        references = [
            {
                "id": r.id,
                "raw": r.raw,
                "kind": r.kind,
                "form": r.form,
                "field": r.field,
                "citing": list(r.citing),
                "resolution": r.resolution,
                "targets": list(r.targets),
            }
            for r in self.references
        ]
        agencies = [
            {
                "id": a.id,
                "name": a.name,
                "kind": a.kind,
                "printed": a.printed,
                "abbreviation": a.abbreviation,
                "spellings": sorted(set(a.spellings)),
            }
            for a in self.agencies.values()
        ]
        return {
            "format": KEY_FORMAT,
            "version": KEY_VERSION,
            "plan": self.file_name,
            "layout": self.layout,
            "style": self.style,
            "seed": self.seed,
            "index": self.index,
            "review": {
                "board": self.board,
                "board_abbreviation": self.board_abbreviation,
                "place": self.place,
                "region": self.region,
                "kind": self.kind,
                "subject": self.subject,
                "plan_date": self.plan_date,
                "as_of": self.as_of,
            },
            "agencies": agencies,
            "sections": sections,
            "recommendations": recommendations,
            "actions": actions,
            "references": references,
            "notes": list(self.notes),
        }

    def _recommendation_order(self) -> list[str]:
        return [i for i in self.reading_order() if i in self.recommendations]

    def _action_order(self) -> list[str]:
        return [i for i in self.reading_order() if i in self.actions]
