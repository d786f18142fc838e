"""Which agencies the graph knows, how each is spelt, and which might be one organisation."""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from itertools import combinations

from pydantic import BaseModel

from reviewgraph.graph.core import ReviewGraph
from reviewgraph.graph.models import Agency

__all__ = ["AgencyRow", "MergeCandidate", "agencies", "merge_candidates"]


class AgencyRow(BaseModel):
    """One agency: its name, every spelling, and the plans that mention it."""

    id: str
    name: str
    aliases: list[str]
    reviews: list[str]
    recommendations: int
    roles: int


class MergeCandidate(BaseModel):
    """Two agencies that may be one organisation; a person decides (``--aliases``)."""

    first: str
    second: str
    score: float
    reason: str


def _reviews_mentioning(graph: ReviewGraph, agency: Agency) -> list[str]:
    documents: set[str] = set()
    for rec in graph.sources(agency.id, "DIRECTED_AT"):
        documents.add(rec.source.document)
    for role in graph.sources(agency.id, "MEMBER_OF"):
        for action in graph.sources(role.id, "OWNED_BY"):
            documents.add(action.source.document)
    titles = []
    for document in graph.nodes("Document"):
        if document.path in documents:
            titles.extend(r.title for r in graph.targets(document.id, "DESCRIBES"))
    return sorted(titles)


def agencies(graph: ReviewGraph) -> list[AgencyRow]:
    """Every agency with its aliases and the reviews whose plans mention it, by name.

    Returns
    -------
    list of AgencyRow
        ``name``, ``aliases``, ``reviews`` (titles), and how many recommendations
        are directed at it and how many lead roles belong to it.

    Raises
    ------
    Nothing: an empty graph gives an empty list.

    Examples
    --------
    >>> agencies(ReviewGraph())
    []
    """
    rows = [
        AgencyRow(
            id=agency.id,
            name=agency.name,
            aliases=sorted(agency.aliases),
            reviews=_reviews_mentioning(graph, agency),
            recommendations=len(graph.sources(agency.id, "DIRECTED_AT")),
            roles=len(graph.sources(agency.id, "MEMBER_OF")),
        )
        for agency in graph.nodes("Agency")
    ]
    return sorted(rows, key=lambda row: row.name.lower())


# Words every kind of agency uses; a match on them alone says nothing.
_GENERIC = frozenset(
    "the of and & for nhs trust foundation local safeguarding children children's childrens "
    "board partnership council county borough services service social care health team "
    "hospital hospitals group groups police constabulary housing education probation primary "
    "commissioners commissioning pct ccg ccgs clinical".split()
)


def _tokens(name: str) -> set[str]:
    words = re.findall(r"[a-z0-9']+", name.lower().replace("’", "'"))
    return {w for w in words if w not in _GENERIC}


def _initials(name: str) -> str:
    return "".join(w[0] for w in re.findall(r"[A-Za-z]+", name) if w[0].isupper())


# (?<!\s): a match starts where its run of spaces starts, so a run is scanned once.
_SAFEGUARDING = re.compile(r"(?<!\s)\s+(?:local\s+)?safeguarding\s", re.IGNORECASE)


def merge_candidates(graph: ReviewGraph, threshold: float = 0.5) -> list[MergeCandidate]:
    """Pairs of agencies whose names may mean one organisation but that were kept apart.

    Two spellings are only merged when a plan's own words or the alias file say
    so; this lists the pairs a person may want to join (with ``--aliases``):
    those sharing a spelling, those whose distinctive words mostly agree, and
    those where one name is the other's initials.

    Returns
    -------
    list of MergeCandidate
        Highest score first.

    Raises
    ------
    Nothing: an empty graph gives an empty list.

    Examples
    --------
    >>> merge_candidates(ReviewGraph())
    []
    """
    # Place names ("Kingston", "Windsor and Maidenhead") say where, not who.
    places: set[str] = set()
    for agency in graph.nodes("Agency"):
        board = _SAFEGUARDING.search(agency.name)
        if board and "\n" not in agency.name[: board.start()]:
            places |= _tokens(agency.name[: board.start()])
    found: list[MergeCandidate] = []
    for first, second in combinations(graph.nodes("Agency"), 2):
        first_names = [first.name, *first.aliases]
        second_names = [second.name, *second.aliases]
        shared = {n.lower() for n in first_names} & {n.lower() for n in second_names}
        shared = {n for n in shared if not re.fullmatch(r"l?sc[bp]|the board", n)}
        if shared:
            reason, score = f"both are spelt {sorted(shared)[0]!r}", 1.0
        elif any(
            len(a) >= 3 and a in {_initials(b) for b in second_names} for a in first_names
        ) or any(len(b) >= 3 and b in {_initials(a) for a in first_names} for b in second_names):
            reason, score = "one name is the initials of the other", 0.9
        else:
            a, b = _tokens(first.name) - places, _tokens(second.name) - places
            if not a or not b:
                continue
            score = round(len(a & b) / len(a | b), 2)
            reason = f"share the words {', '.join(sorted(a & b))}"
            if score < threshold or SequenceMatcher(None, first.name, second.name).ratio() < 0.5:
                continue
        found.append(
            MergeCandidate(first=first.name, second=second.name, score=score, reason=reason)
        )
    return sorted(found, key=lambda c: (-c.score, c.first, c.second))
