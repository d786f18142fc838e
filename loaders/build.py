"""The graph stage: items of one document become nodes and relationships."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Sequence
from pathlib import Path

from reviewgraph.graph.core import ReviewGraph
from reviewgraph.graph.models import (
    Action,
    Agency,
    Document,
    LeadRole,
    Recommendation,
    Review,
    Source,
    Status,
)

from .agency_names import AgencyNames
from .aliases import AliasTable
from .dates import parse_due
from .memo import short_text_cache
from .mentions import add_mentions
from .model import DocumentItems
from .owners import Owner, named_agencies, named_owners, text_owners
from .review_info import board_place
from .status import DEFAULT_RAG_MAP, action_status

__all__ = ["build_graph", "document_key", "slug", "agency_id", "role_key"]


def document_key(path: str) -> str:
    """The part of every id that names the document: its file name without suffix.

    Examples
    --------
    >>> document_key("../plans/003_windsor.txt")
    '003_windsor'
    """
    return Path(path).stem


# Pure, and called with the same few values for action after action, plan after plan.
@short_text_cache(maxsize=16_384)
def slug(text: str) -> str:
    """A lower-case, hyphenated form of ``text`` for ids.

    Examples
    --------
    >>> slug("Children's Services RBK")
    'childrens-services-rbk'
    """
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = re.sub(r"['’`]", "", text.lower())
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-") or "x"


def agency_id(name: str) -> str:
    return f"agency:{slug(name)}"


def _as_date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def build_graph(
    items: DocumentItems,
    *,
    sha256: str,
    encoding: str = "utf-8",
    line_count: int = 1,
    aliases: AliasTable | None = None,
    rag_map: dict[str, str] | None = None,
    text: str | None = None,
    key: str | None = None,
    pages: Sequence[int] | None = None,
) -> ReviewGraph:
    """Build the graph of one document from its items.

    ``key`` names the document in every id (``recommendation:<key>:3``); the
    file's stem by default.

    Every action gets at least one ``OWNED_BY`` edge with its ``basis`` (see
    :mod:`~reviewgraph.loaders.owners`), a ``status_basis`` (see
    :mod:`~reviewgraph.loaders.status`), and ``MENTIONS`` edges to the agencies its
    words name (see :mod:`~reviewgraph.loaders.mentions`).

    Parameters
    ----------
    items : DocumentItems
        What the items stage found in the document.
    sha256, encoding, line_count
        The file's hash, encoding and number of lines.
    aliases : AliasTable, optional
        The user's agency alias file.
    rag_map : dict, optional
        Colour -> status, overriding the plan's own RAG legend and the default mapping.
    text : str, optional
        The document's text, for the abbreviations it defines and spells out.
    pages : sequence of int, optional
        The page of each line (PDF text with form feeds), which each node's
        ``source`` then names.

    Raises
    ------
    GraphError
        When an item breaks the graph contract (a loader bug, not bad input).
    """
    graph = ReviewGraph()
    path = items.path
    key = key or document_key(path)

    def source(start: int, end: int | None = None) -> Source:
        page = pages[start - 1] if pages and start <= len(pages) else None
        return Source(document=path, line_start=start, line_end=max(start, end or start), page=page)

    document = graph.add(
        Document(
            id=f"document:{key}",
            path=path,
            sha256=sha256,
            layout=items.layout,
            encoding=encoding,
            unplaced=[u.model_dump() for u in items.unplaced],
            source=source(1, line_count),
        )
    )
    info = items.review
    as_of = _as_date(info.as_of)
    review = graph.add(
        Review(
            id=f"review:{key}",
            title=info.title,
            board=info.board,
            subject=info.subject,
            kind=info.kind,
            as_of=as_of,
            as_of_raw=info.as_of_raw if as_of else None,
            plan_date=info.plan_date,
            source=source(info.line_start, info.line_end),
        )
    )
    graph.link(document.id, "DESCRIBES", review.id)

    agencies = _Agencies(graph, items, aliases, source, text or "")
    board_agency = agencies.board
    section_agencies = agencies.sections
    names = agencies.names
    mapping = {**DEFAULT_RAG_MAP, **items.rag_legend, **(rag_map or {})}

    rec_ids: list[str] = []
    rec_agency: list[str | None] = []
    pending_shares: list[tuple[int, str]] = []
    action_number = 0
    home_of = _UnitHomes(items, section_agencies, board_agency)
    role_abbreviations: dict[str, str] = {}
    mentions: list[tuple[str, str, set[str]]] = []
    for order, item in enumerate(items.recommendations, 1):
        section = items.sections[item.section] if item.section is not None else None
        rec = graph.add(
            Recommendation(
                id=f"recommendation:{key}:{order}",
                ref=item.ref,
                text=item.text,
                order=order,
                section=section.title if section else None,
                intro=item.intro,
                source=source(item.line_start, item.line_end),
            )
        )
        rec_ids.append(rec.id)
        graph.link(review.id, "HAS_RECOMMENDATION", rec.id)
        if item.parent is not None:
            graph.link(rec_ids[item.parent], "HAS_PART", rec.id)
        agency = section_agencies[item.section] if item.section is not None else board_agency
        if agency is None and item.section is not None:
            # A report's recommendation is directed at the agency its words name.
            named = names.find(item.text)
            agency = next(iter(named[0].agencies)) if named else board_agency
        rec_agency.append(agency)
        # With a "Lead Agency" column, a recommendation outside agencies' sections (one
        # heading over the whole table is the board's) is directed at the agencies that
        # lead its actions, or where it stands when none is named.
        directed_later = items.owners_are_agencies and (
            agency == board_agency or len(items.sections) <= 1
        )
        leads: dict[str, None] = {}
        if agency and not directed_later:
            graph.link(rec.id, "DIRECTED_AT", agency)
        mentions.append((rec.id, item.text, {agency} if agency else set()))
        for position, action_item in enumerate(item.actions, 1):
            action_number += 1
            due = parse_due(action_item.due_raw or "")
            status, rag, basis = action_status(
                status_raw=action_item.status_raw,
                from_status_column=action_item.status_in_column,
                rag=action_item.rag,
                progress="\n".join(action_item.progress_entries) or action_item.progress,
                due_raw=action_item.due_raw,
                section_status=section.status_raw if section else None,
                rag_map=mapping,
                as_of=as_of,
                outcome=action_item.outcome,
            )
            action = graph.add(
                Action(
                    id=f"action:{key}:{action_number}",
                    text=action_item.text,
                    order=position,
                    number=action_item.number,
                    due_raw=action_item.due_raw,
                    due_start=due.start,
                    due_end=due.end,
                    status_raw=action_item.status_raw,
                    status=Status(status),
                    rag=rag,
                    status_basis=basis,
                    outcome=action_item.outcome,
                    progress=action_item.progress,
                    evidence=action_item.evidence,
                    owner_raw=action_item.owner_raw,
                    dittos=action_item.dittos,
                    source=source(action_item.line_start, action_item.line_end),
                )
            )
            graph.link(rec.id, "HAS_ACTION", action.id)
            pending_shares.extend((other, action.id) for other in action_item.shared_with)
            owner_agency = agency or board_agency
            if items.owners_are_agencies:
                owners = named_agencies(action_item.owner_raw, names, board_agency)
            else:
                owners = named_owners(
                    action_item.owner_raw, names, owner_agency, role_abbreviations
                )
            if not owners and "text" not in action_item.dittos:
                in_own_section = (
                    section is not None and not section.report and (agency != board_agency)
                )
                owners = text_owners(
                    action_item.text, names, owner_agency, None if in_own_section else home_of
                )
            if not owners and owner_agency:
                owners = [Owner(None, owner_agency, "agency")]
            owned = set()
            for owner in owners:
                target = _owner_node(graph, owner, key, agencies, action_item, source)
                graph.link(action.id, "OWNED_BY", target, basis=owner.basis)
                if owner.role is None and owner.basis == "named":
                    leads[target] = None
                owned |= (
                    {target}
                    if owner.role is None
                    else {a.id for a in graph.targets(target, "MEMBER_OF")}
                )
            if "text" not in action_item.dittos:
                mentions.append((action.id, action_item.text, owned))
        if directed_later:
            for target in leads or ([agency] if agency else []):
                graph.link(rec.id, "DIRECTED_AT", target)
    for index, action_id in pending_shares:
        graph.link(rec_ids[index], "HAS_ACTION", action_id)
    add_mentions(graph, names, mentions, agencies.create_named)
    return graph


def _owner_node(graph, owner: Owner, key: str, agencies: _Agencies, item, source) -> str:
    """The node an owner is: the agency itself, or a lead role that is a member of it."""
    agency = owner.agency
    if owner.new_agency:
        agency = agencies.create(owner.new_agency, item.owner_line or item.line_start)
    if owner.role is None:
        return agency or ""
    agency_part = agency.split(":", 1)[1] if agency else key
    line = item.owner_line if owner.basis == "named" and item.owner_line else item.line_start
    role = graph.add(
        LeadRole(
            id=f"role:{agency_part}:{role_key(owner.role)}",
            name=owner.role,
            source=source(line),
        )
    )
    if agency:
        graph.link(role.id, "MEMBER_OF", agency)
    return role.id


class _Agencies:
    """The agencies of one document: the board, each section's, and those its key lists."""

    def __init__(self, graph, items: DocumentItems, aliases, source, text: str) -> None:
        self.graph = graph
        self.source = source
        info = items.review
        self.board: str | None = None
        spellings: dict[str, list[str]] = {}
        if info.board:
            entry = aliases.canonical(info.board) if aliases else None
            board_name = entry.name if entry else info.board
            self.board = graph.add(
                Agency(
                    id=agency_id(board_name),
                    name=board_name,
                    aliases=sorted({info.board, *(entry.aliases if entry else [])} - {board_name}),
                    source=source(info.line_start),
                )
            ).id
            spellings[self.board] = [info.board]
        self.sections: list[str | None] = []
        for section in items.sections:
            if section.report:
                self.sections.append(None)
                continue
            entry = aliases.canonical(section.agency) if aliases else None
            if entry is None and aliases:
                entry = next(filter(None, map(aliases.canonical, section.aliases)), None)
            if entry is not None and entry.name != section.agency:
                section = section.model_copy(
                    update={
                        "agency": entry.name,
                        "aliases": sorted({*section.aliases, section.agency, *entry.aliases}),
                    }
                )
            agency = graph.add(
                Agency(
                    id=agency_id(section.agency),
                    name=section.agency,
                    aliases=sorted(set(section.aliases) - {section.agency}),
                    source=source(section.line_start, section.line_end),
                )
            )
            self.sections.append(agency.id)
            spellings.setdefault(agency.id, []).extend([section.agency, *section.aliases])
        # Organisations the plan's key lists without a section of their own: agencies too,
        # made nodes when an item's words name them.
        self.listed: dict[str, tuple[str, str, int]] = {}
        taken = {s.lower() for names in spellings.values() for s in names}
        for abbreviation, full in items.aliases.items():
            if re.search(r"\breports?\b", full, re.IGNORECASE):
                continue
            if abbreviation.lower() in taken or full.lower() in taken:
                continue
            listed_id = agency_id(full)
            keys = [u for u in items.unplaced if u.what == "key"]
            line = next((u.line for u in keys if f"({abbreviation})" in u.text), 1)
            self.listed[listed_id] = (full, abbreviation, line)
            spellings[listed_id] = [full, abbreviation]
        place = board_place(info.board)
        board_words = (info.board or "").lower()
        serves = None
        if "adult" in board_words or "child" in board_words:
            serves = "adults" if "adult" in board_words else "children"
        self.names = AgencyNames(
            spellings, board_agency=self.board, place=place, serves=serves, text=text
        )
        # "Health Commissioners (PCT)", "Clinical Commissioning Groups (CCGs)": the plan's own
        # abbreviations for an agency are its aliases too.
        for agency, abbreviations in self.names.defined.items():
            node = graph.get(agency)
            if isinstance(node, Agency):
                node.aliases = sorted(set(node.aliases) | (abbreviations - {node.name}))

    def create_named(self, agency: str) -> bool:
        """Make a listed organisation a node when an item names it; False for unknown ids."""
        if agency in self.graph:
            return True
        if agency not in self.listed:
            return False
        full, abbreviation, line = self.listed[agency]
        node = Agency(id=agency, name=full, aliases=[abbreviation], source=self.source(line))
        self.graph.add(node)
        return True

    def create(self, name: str, line: int) -> str:
        """An organisation a role's title names and the plan names nowhere else."""
        node = self.graph.add(Agency(id=agency_id(name), name=name, source=self.source(line)))
        return node.id


class _UnitHomes:
    """Where a team a board's section names belongs: the one agency whose section names it."""

    def __init__(self, items: DocumentItems, section_agencies, board_agency) -> None:
        self.texts: dict[str, str] = {}
        for item in items.recommendations:
            if item.section is None:
                continue
            agency = section_agencies[item.section]
            if agency is None or agency == board_agency:
                continue
            words = " ".join([item.text, *(a.text for a in item.actions)])
            self.texts[agency] = f"{self.texts.get(agency, '')} {words}"

    def __call__(self, unit: str) -> str | None:
        pattern = re.compile(rf"(?<![\w]){re.escape(unit)}(?![\w])", re.IGNORECASE)
        homes = [agency for agency, words in self.texts.items() if pattern.search(words)]
        return homes[0] if len(homes) == 1 else None


# Pure, and called with the same few values for action after action, plan after plan.
@short_text_cache(maxsize=16_384)
def role_key(name: str) -> str:
    """The identity of a role within its agency: plural and "the" do not make a new role.

    Examples
    --------
    >>> role_key("Named Nurses") == role_key("named nurse")
    True
    """
    words = [w for w in slug(name).split("-") if w != "the"]
    if words and len(words[-1]) > 3 and words[-1].endswith("s") and not words[-1].endswith("ss"):
        words[-1] = words[-1][:-1]
    return "-".join(words) or "x"
