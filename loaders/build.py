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

from .aliases import AliasTable
from .dates import parse_due
from .model import ActionItem, DocumentItems
from .roles import canonical_role, split_roles
from .status import normalise_status, status_from_text

__all__ = ["build_graph", "document_key", "slug", "agency_id", "role_key"]


def document_key(path: str) -> str:
    """The part of every id that names the document: its file name without suffix.

    Examples
    --------
    >>> document_key("../plans/003_windsor.txt")
    '003_windsor'
    """
    return Path(path).stem


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


def _status(item: ActionItem) -> tuple[Status, str | None]:
    status, rag = normalise_status(item.status_raw)
    if item.rag and not rag:
        _, rag = normalise_status(item.rag)
    if status == "unknown" and not item.status_raw:
        guessed = status_from_text(item.progress or "") if item.progress else None
        status = guessed or "unknown"
    return Status(status), rag


def build_graph(
    items: DocumentItems,
    *,
    sha256: str,
    encoding: str = "utf-8",
    line_count: int = 1,
    aliases: AliasTable | None = None,
    pages: Sequence[int] | None = None,
) -> ReviewGraph:
    """Build the graph of one document from its items.

    ``pages`` gives the page of each line (PDF text with form feeds), which
    each node's ``source`` then names.

    Raises
    ------
    GraphError
        When an item breaks the graph contract (a loader bug, not bad input).
    """
    graph = ReviewGraph()
    path = items.path
    key = document_key(path)

    def source(start: int, end: int | None = None) -> Source:
        page = pages[start - 1] if pages and start <= len(pages) else None
        return Source(
            document=path, line_start=start, line_end=max(start, end or start), page=page
        )

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
    review = graph.add(
        Review(
            id=f"review:{key}",
            title=info.title,
            board=info.board,
            subject=info.subject,
            kind=info.kind,
            as_of=_as_date(info.as_of),
            plan_date=info.plan_date,
            source=source(info.line_start, info.line_end),
        )
    )
    graph.link(document.id, "DESCRIBES", review.id)

    board_agency: str | None = None
    if info.board:
        entry = aliases.canonical(info.board) if aliases else None
        board_name = entry.name if entry else info.board
        board_agency = graph.add(
            Agency(
                id=agency_id(board_name),
                name=board_name,
                aliases=sorted({info.board, *(entry.aliases if entry else [])} - {board_name}),
                source=source(info.line_start),
            )
        ).id
    section_agencies: list[str | None] = []
    agency_names: dict[str, list[str]] = {}
    if board_agency and info.board:
        agency_names[board_agency] = [info.board]
    for section in items.sections:
        if section.report:
            section_agencies.append(None)
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
        section_agencies.append(agency.id)
        agency_names.setdefault(agency.id, []).extend([section.agency, *section.aliases])
    named_agency = _AgencyMatcher(agency_names)

    rec_ids: list[str] = []
    pending_shares: list[tuple[int, str]] = []
    action_number = 0
    for order, item in enumerate(items.recommendations, 1):
        section_title = items.sections[item.section].title if item.section is not None else None
        rec = graph.add(
            Recommendation(
                id=f"recommendation:{key}:{order}",
                ref=item.ref,
                text=item.text,
                order=order,
                section=section_title,
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
            agency = named_agency(item.text) or board_agency
        if agency:
            graph.link(rec.id, "DIRECTED_AT", agency)
        for position, action_item in enumerate(item.actions, 1):
            action_number += 1
            action_id = f"action:{key}:{action_number}"
            due = parse_due(action_item.due_raw or "")
            status, rag = _status(action_item)
            action = graph.add(
                Action(
                    id=action_id,
                    text=action_item.text,
                    order=position,
                    due_raw=action_item.due_raw,
                    due_start=due.start,
                    due_end=due.end,
                    status_raw=action_item.status_raw,
                    status=status,
                    rag=rag,
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
            for role_name in split_roles(action_item.owner_raw or ""):
                role_agency = named_agency(role_name) or owner_agency
                agency_part = role_agency.split(":", 1)[1] if role_agency else key
                role = graph.add(
                    LeadRole(
                        id=f"role:{agency_part}:{role_key(canonical_role(role_name))}",
                        name=canonical_role(role_name),
                        source=source(action_item.owner_line or action_item.line_start),
                    )
                )
                graph.link(action.id, "OWNED_BY", role.id)
                if role_agency:
                    graph.link(role.id, "MEMBER_OF", role_agency)
    for index, action_id in pending_shares:
        graph.link(rec_ids[index], "HAS_ACTION", action_id)
    return graph


_GENERIC_WORDS = frozenset(
    "the of and for & in to a an with local safeguarding children children's childrens board "
    "nhs trust foundation services service council team care health partnership lead leads "
    "ward".split()
)
_JOINING_WORDS = frozenset("the of and for & in to a an with".split())
_WORD_RUN = re.compile(r"\w+")
_RUN = re.compile(r"\w+|\W+")


def _words(text: str) -> set[str]:
    """Words and word pairs that can tell one agency from another.

    Pairs matter where a single word would mislead: "Children's Services" names
    Children's Services RBK, while "Children's" alone is also a hospital's
    "Children's Ward".
    """
    words = re.findall(r"[a-z0-9'’&]+", text.lower().replace("’", "'"))
    single = {w for w in words if w not in _GENERIC_WORDS and len(w) >= 3 and not w.isdigit()}
    pairs = {
        f"{a} {b}"
        for a, b in zip(words, words[1:], strict=False)
        if a not in _JOINING_WORDS and b not in _JOINING_WORDS and not (a + b).isdigit()
    }
    return single | pairs


class _AgencyMatcher:
    """Finds the agency a role's own words name, by a full name or alias, else a
    word that only one agency of the plan has ("Head of Housing" → Housing RBK)."""

    def __init__(self, agencies: dict[str, list[str]]) -> None:
        self.phrases = sorted(
            ((name.lower(), agency) for agency, names in agencies.items() for name in names),
            key=lambda item: -len(item[0]),
        )
        # A phrase that starts and ends with a word stands in a role, between word
        # boundaries, exactly when its runs of word and other characters are some of
        # the role's runs: looked up by those runs instead of searched for one by one.
        self.by_runs: dict[tuple[str, ...], int] = {}
        self.run_counts: set[int] = set()
        self.searched: list[int] = []  # phrases opening or closing with "&", "(" …
        for position, (phrase, _) in enumerate(self.phrases):
            if len(phrase) < 3:
                continue
            runs = tuple(_RUN.findall(phrase))
            if _WORD_RUN.fullmatch(runs[0]) and _WORD_RUN.fullmatch(runs[-1]):
                self.by_runs.setdefault(runs, position)
                self.run_counts.add(len(runs))
            else:
                self.searched.append(position)
        counts: dict[str, set[str]] = {}
        for agency, names in agencies.items():
            for word in set().union(*(_words(n) for n in names)):
                counts.setdefault(word, set()).add(agency)
        self.distinctive = {w: next(iter(a)) for w, a in counts.items() if len(a) == 1}
        self.acronyms = [
            (acronym, agency)
            for agency, names in agencies.items()
            for name in names
            for acronym in _acronyms(name)
        ]
        # Where each acronym (and its letters, for transpositions) first stands in that list.
        self.acronym_at: dict[str, int] = {}
        self.letters_at: dict[str, int] = {}
        for position, (acronym, _) in enumerate(self.acronyms):
            self.acronym_at.setdefault(acronym, position)
            if len(acronym) >= 4:
                self.letters_at.setdefault("".join(sorted(acronym)), position)

    def __call__(self, role: str) -> str | None:
        padded = f" {role.lower()} "
        runs = _RUN.findall(padded)
        found = [
            self.by_runs.get(tuple(runs[start : start + count]), len(self.phrases))
            for start in range(len(runs))
            if _WORD_RUN.fullmatch(runs[start])
            for count in self.run_counts
        ]
        first = min(found, default=len(self.phrases))
        for position in self.searched:
            if position >= first:
                break
            phrase, _ = self.phrases[position]
            if re.search(rf"(?<![\w]){re.escape(phrase)}(?![\w])", padded):
                first = position
                break
        if first < len(self.phrases):
            return self.phrases[first][1]
        for token in re.findall(r"\b[A-Z]{3,8}\b", role):
            position = self._acronym(token)
            if position is not None:
                return self.acronyms[position][1]
        found = {self.distinctive[w] for w in _words(role) if w in self.distinctive}
        return found.pop() if len(found) == 1 else None

    def _acronym(self, token: str) -> int | None:
        """The first acronym that ``token`` spells (see ``is_abbreviation_variant``)."""
        found = [self.acronym_at.get(token)]
        # HWPHT, HWPHFT: the acronym and up to two of T, F, N after it.
        for cut in (1, 2):
            if len(token) > cut and set(token[-cut:]) <= set("TFN"):
                found.append(self.acronym_at.get(token[:-cut]))
        if len(token) >= 4:
            # RWBM for RBWM: the same letters, same length.
            found.append(self.letters_at.get("".join(sorted(token))))
        found = [f for f in found if f is not None]
        return min(found) if found else None


def _acronyms(name: str) -> set[str]:
    """Initials a plan may use for a long name: SWYPFT for South West Yorkshire Partnership
    NHS Foundation Trust (with and without the NHS)."""
    words = [w for w in re.findall(r"[A-Za-z]+", name) if w[0].isupper()]
    if len(words) < 3:
        return set()
    return {
        "".join(w[0] for w in words),
        "".join(w[0] for w in words if w != "NHS"),
    }


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
