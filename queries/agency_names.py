"""Which agencies the graph knows, how each is spelt, and which might be one organisation.

Merge candidates are found by blocking, not by comparing every pair: agencies
meet only when they share a spelling, when one's spelling is the other's
initials, or when they share a distinctive word; only those pairs are scored.
"""

from __future__ import annotations

import re
from collections import defaultdict
from itertools import combinations
from typing import Any

from pydantic import BaseModel, ConfigDict

from ._common import fold, natural_key
from .accountability import ACCOUNTABLE_CYPHER
from .backend import Fetch, as_backend

__all__ = ["AgencyRow", "MergeCandidate", "agencies", "merge_candidates", "AGENCY_REACH"]


class AgencyRow(BaseModel):
    """One agency: its name, every spelling, and the plans that involve it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    agency: str
    aliases: list[str]
    reviews: list[str]
    recommendations: int
    roles: int
    actions: int


class MergeCandidate(BaseModel):
    """Two agencies that may be one organisation; a person decides (``--aliases``)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    agency: str
    other: str
    agency_id: str
    other_id: str
    score: float
    reason: str


# -- data access, once per backend -------------------------------------------------


def _reach_embedded(store, p: dict[str, Any]) -> list[dict[str, Any]]:
    sql = """
        WITH involved(agency, document) AS (
            SELECT e.target, n.document FROM edges e JOIN nodes n ON n.id = e.source
            WHERE e.type IN ('DIRECTED_AT', 'MENTIONS')
            UNION
            SELECT x.agency, n.document FROM accountable x JOIN nodes n ON n.id = x.action
        )
        SELECT g.id AS id,
          (SELECT json_group_array(DISTINCT i.document) FROM involved i WHERE i.agency = g.id)
            AS documents,
          (SELECT count(DISTINCT e.source) FROM edges e
           WHERE e.target = g.id AND e.type = 'DIRECTED_AT') AS recommendations,
          (SELECT count(DISTINCT e.source) FROM edges e
           WHERE e.target = g.id AND e.type = 'MEMBER_OF') AS roles,
          (SELECT count(DISTINCT x.action) FROM accountable x WHERE x.agency = g.id) AS actions
        FROM nodes g WHERE g.label = 'Agency'
    """
    import json

    rows = []
    for row in store.rows(sql):
        record = dict(row)
        record["documents"] = [d for d in json.loads(record["documents"] or "[]") if d]
        rows.append(record)
    return rows


def _reach_cypher(server, p: dict[str, Any]) -> list[dict[str, Any]]:
    records = server.read(
        """
        MATCH (g:Agency)
        OPTIONAL MATCH (r)-[:DIRECTED_AT]->(g)
        WITH g, count(DISTINCT r) AS recommendations
        OPTIONAL MATCH (w)-[:MEMBER_OF]->(g)
        WITH g, recommendations, count(DISTINCT w) AS roles
        OPTIONAL MATCH (n)-[:DIRECTED_AT|MENTIONS]->(g)
        RETURN g.id AS id, recommendations, roles, collect(DISTINCT n.document_id) AS named
        """
    )
    owning: dict[str, tuple[set[str], set[str]]] = defaultdict(lambda: (set(), set()))
    for r in server.read(
        f"MATCH (a:Action) {ACCOUNTABLE_CYPHER} "
        "RETURN DISTINCT agency.id AS agency, a.id AS action, a.document_id AS document"
    ):
        actions, documents = owning[r["agency"]]
        actions.add(r["action"])
        documents.add(r["document"])
    rows = []
    for r in records:
        actions, documents = owning.get(r["id"], (set(), set()))
        rows.append(
            {
                "id": r["id"],
                "documents": sorted({d for d in [*r["named"], *documents] if d}),
                "recommendations": r["recommendations"],
                "roles": r["roles"],
                "actions": len(actions),
            }
        )
    return rows


AGENCY_REACH = Fetch("agencies", embedded=_reach_embedded, cypher=_reach_cypher)


# -- the questions ------------------------------------------------------------------------


def agencies(source) -> list[AgencyRow]:
    """Every agency with its aliases and the plans that involve it, by name.

    A plan involves an agency when one of its recommendations is directed at
    it or names it, or one of its actions is the agency's to answer for.

    Returns
    -------
    list of AgencyRow
        ``agency`` (its name), ``aliases``, ``reviews`` (plan handles), how many
        recommendations are directed at it, its lead roles and the actions it
        answers for.

    Raises
    ------
    StoreError
        When the store cannot be read.

    Examples
    --------
    >>> from reviewgraph.graph.core import ReviewGraph
    >>> agencies(ReviewGraph())
    []
    """
    backend = as_backend(source)
    handles = {d.id: d.handle for d in backend.documents()}
    nodes = {a["id"]: a for a in backend.nodes_of("Agency")}
    rows = []
    for record in backend.fetch(AGENCY_REACH):
        agency = nodes[record["id"]]
        reviews = sorted({handles[d] for d in record["documents"] if d in handles}, key=natural_key)
        rows.append(
            AgencyRow(
                id=agency["id"],
                agency=agency["name"],
                aliases=sorted(agency.get("aliases") or []),
                reviews=reviews,
                recommendations=record["recommendations"],
                roles=record["roles"],
                actions=record["actions"],
            )
        )
    return sorted(rows, key=lambda row: (fold(row.agency), row.id))


# Words every kind of agency uses; a match on them alone says nothing.
_GENERIC = frozenset(
    "the of and & for nhs trust foundation local safeguarding children children's childrens "
    "board partnership council county borough services service social care health team "
    "hospital hospitals group groups police constabulary housing education probation primary "
    "commissioners commissioning pct ccg ccgs clinical".split()
)
_BOARD_WORDS = re.compile(r"^l?sc[bp]$|^the board$")
#: A word shared by more agencies than this is too common to say two are one.
_BLOCK_LIMIT = 40


# (?<!\s): a match starts where its run of spaces starts, so a run is scanned once.
def _tokens(name: str) -> set[str]:
    found = re.findall(r"[a-z0-9']+", name.lower().replace("’", "'"))
    return {w for w in found if w not in _GENERIC}


def _initials(name: str) -> str:
    return "".join(w[0] for w in re.findall(r"[A-Za-z]+", name) if w[0].isupper())


# (?<!\s): a match starts where its run of spaces starts, so a run is scanned once.
_SAFEGUARDING = re.compile(
    r"(?<!\s)\s+(?:(?:local\s+)?safeguarding\s|community\s+safety\s+partnership\b)", re.IGNORECASE
)


def merge_candidates(source, threshold: float = 0.5) -> list[MergeCandidate]:
    """Pairs of agencies whose names may mean one organisation but that were kept apart.

    Two spellings are only merged when a plan's own words or the alias file
    say so; this lists the pairs a person may want to join (with
    ``--aliases``): those sharing a spelling, those where one name is the
    other's initials, and those whose distinctive words mostly agree (place
    names of the boards aside).

    Parameters
    ----------
    source : Backend, Store or ReviewGraph
    threshold : float
        Least share of distinctive words in common for the last kind.

    Returns
    -------
    list of MergeCandidate
        Highest score first.

    Raises
    ------
    StoreError
        When the store cannot be read.

    Examples
    --------
    >>> from reviewgraph.graph.core import ReviewGraph
    >>> merge_candidates(ReviewGraph())
    []
    """
    from rapidfuzz import fuzz

    backend = as_backend(source)
    nodes = sorted(backend.nodes_of("Agency"), key=lambda a: a["id"])
    places: set[str] = set()
    for agency in nodes:
        board = _SAFEGUARDING.search(agency["name"])
        if board and "\n" not in agency["name"][: board.start()]:
            places |= _tokens(agency["name"][: board.start()])

    spellings: dict[str, list[int]] = defaultdict(list)
    initials: dict[str, list[int]] = defaultdict(list)
    words: dict[str, list[int]] = defaultdict(list)
    names = [[a["name"], *(a.get("aliases") or [])] for a in nodes]
    for index, agency in enumerate(nodes):
        for spelling in {fold(n) for n in names[index]}:
            if not _BOARD_WORDS.match(spelling):
                spellings[spelling].append(index)
        for name in names[index]:
            if len(_initials(name)) >= 3:
                initials[_initials(name)].append(index)
        for word in _tokens(agency["name"]) - places:
            words[word].append(index)

    found: dict[tuple[int, int], MergeCandidate] = {}

    def add(first: int, second: int, score: float, reason: str) -> None:
        key = (min(first, second), max(first, second))
        if key[0] == key[1] or (key in found and found[key].score >= score):
            return
        here = _tokens(nodes[key[0]]["name"]) & places
        there = _tokens(nodes[key[1]]["name"]) & places
        if here and there and here != there:
            return  # "Dunholm SAB" and "Greyford SAB": the same kind of body in two places
        a, b = nodes[key[0]], nodes[key[1]]
        found[key] = MergeCandidate(
            agency=a["name"],
            other=b["name"],
            agency_id=a["id"],
            other_id=b["id"],
            score=score,
            reason=reason,
        )

    for spelling, members in spellings.items():
        for first, second in combinations(sorted(set(members)), 2):
            add(first, second, 1.0, f"both are spelt {spelling!r}")
    for index in range(len(nodes)):
        for name in names[index]:
            for other in initials.get(name, []) if len(name) >= 3 else []:
                add(index, other, 0.9, "one name is the initials of the other")
    pairs: set[tuple[int, int]] = set()
    for members in words.values():
        if len(members) <= _BLOCK_LIMIT:
            pairs.update(combinations(sorted(set(members)), 2))
    for first, second in sorted(pairs):
        a = _tokens(nodes[first]["name"]) - places
        b = _tokens(nodes[second]["name"]) - places
        score = round(len(a & b) / len(a | b), 2)
        if score < threshold:
            continue
        if fuzz.ratio(nodes[first]["name"], nodes[second]["name"]) < 50:
            continue
        add(first, second, score, f"share the words {', '.join(sorted(a & b))}")
    return sorted(found.values(), key=lambda c: (-c.score, c.agency, c.other))
