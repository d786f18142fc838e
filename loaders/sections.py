"""Sections and agency naming: a section heading's agency, and the full name it is given.

A plan announces whose recommendations follow with a heading, a section row or
a key ("Wexham Park Hospital (HWPH)"); this module holds how such a heading is
recognised, which agency it names with which aliases, how abbreviations and
key entries are matched to it (HWPHT is HWPH; RWBM is RBWM), and how generic
names ("Police") are given the board's place.
"""

from __future__ import annotations

import re

from .model import SectionItem
from .review_info import board_place
from .text import clean_text

__all__ = [
    "section_agency",
    "looks_like_heading",
    "names_an_organisation",
    "is_abbreviation_variant",
    "name_section_agencies",
    "STATUS_WORDS",
    "KEY_LINE",
]

_BOARD_WORDS = re.compile(
    # LSCB, SCP, KSCB; SAB, SAPB (adults' boards)
    r"\b([A-Z]{0,3}SC[BP]|[A-Z]{0,3}SAP?B|Safeguarding (Children|Adults)['’]?s? "
    r"(Board|Partnership)|the Board|[A-Z]{0,3}CSP|Community Safety Partnership)\b"
)
# "Multi-agency", "All agencies", "All partners": the board's, not an agency's.
_EVERY_AGENCY = re.compile(
    r"^(?:multi-?agency|cross-?agency|all\s+(?:partner\s+)?(?:agencies|partners|organisations)"
    r"|local|national|regional|general|specific|other|partnership-wide)\W*$",
    re.IGNORECASE,
)
_NUMBERED_HEADING = re.compile(r"^\s*(\d{1,2})\.?\s+(\S.*)$")
STATUS_WORDS = re.compile(
    r"^(all actions? (completed?|complete)|complete[d]?|in progress|ongoing|delayed|"
    r"not started|green|amber|red)\b",
    re.IGNORECASE,
)


# (?<!\s): matches start where a run of spaces starts, so the run is scanned once.
_PARTNERS = re.compile(r"(?<!\s)\s*&\s*partner agencies$", re.IGNORECASE)
_ACTIONS_WORD = re.compile(r"(?<!\s)\s+(actions?|recommendations?)$", re.IGNORECASE)


def _final_parenthesis(name: str) -> tuple[int, str] | None:
    """Where a closing "(…)" starts (with the spaces before it) and what it holds.

    What ``re.search(r"\\s*\\(([^)]+)\\)\\s*$", name)`` finds, found without
    rescanning the text from every "(" of a run of them.

    Examples
    --------
    >>> _final_parenthesis("Dartford NHS Trust (hospital 1) ")
    (18, 'hospital 1')
    >>> _final_parenthesis("Police ((((") is None
    True
    """
    stripped = name.rstrip()
    close = len(stripped) - 1
    if close < 0 or stripped[close] != ")":
        return None
    # The leftmost "(" with no ")" between it and the last one, and something inside.
    opening = stripped.find("(", stripped.rfind(")", 0, close) + 1, close)
    if opening < 0 or opening == close - 1:
        return None
    return len(stripped[:opening].rstrip()), stripped[opening + 1 : close]


def section_agency(title: str) -> tuple[str, list[str]]:
    """The agency a section title names, and the aliases the title gives.

    Examples
    --------
    >>> section_agency("4. BHFT Actions")
    ('BHFT', [])
    >>> section_agency("3. Dartford & Gravesham NHS Trust (hospital 1)")
    ('Dartford & Gravesham NHS Trust', ['hospital 1'])
    >>> section_agency("2. Specific Recommendations to Bexley LSCB")
    ('Bexley LSCB', [])
    >>> section_agency("Agency: Harrowdene Police"), section_agency("Section 5: Police")
    (('Harrowdene Police', []), ('Police', []))
    """
    name = clean_text(title).strip("*# ")
    name = _NUMBERED_HEADING.sub(r"\2", name)
    aliases: list[str] = []
    found = _final_parenthesis(name)
    if found:
        start, inner = found
        aliases.append(inner.strip())
        name = name[:start]
    name = re.sub(
        r"^(general|specific)\s+(actions|recommendations)\s+(by|to|for)\s+",
        "",
        name,
        flags=re.IGNORECASE,
    )
    name = _LABEL.sub("", name)
    name = _PARTNERS.sub("", name)
    name = _ACTIONS_WORD.sub("", name)
    return name.strip(" :-–") or clean_text(title), aliases


# "Agency: Harrowdene Police", "Lead organisation – …": the label before the name.
_LABEL = re.compile(
    r"^(?:(?:lead\s+|responsible\s+)?(?:agency|organisation|organization|partner|service)"
    r"|(?:section|part)\s+\d{1,2}(?:\.\d{1,2})*)\s*[:.–-]\s+",
    re.IGNORECASE,
)


_TITLE_WORDS = re.compile(
    r"(action plan|serious case review|executive summary|key to|multi-agency|inter-agency|"
    r"monitoring version|safeguarding adults? review|domestic homicide review|practice review|"
    r"learning review|serious incident|\b(SAR|DHR|CSPR|LCSPR|SCR)\b|^\W*$)",
    re.IGNORECASE,
)


def looks_like_heading(text: str) -> bool:
    words = clean_text(text).strip("*# ").split()
    if not words or len(words) > 14:
        return False
    if text.rstrip().endswith((".", ";", ",")) and not _NUMBERED_HEADING.match(text):
        return False
    return not _TITLE_WORDS.search(clean_text(text))


# -- agency names ----------------------------------------------------------------

# Words a name of an organisation ends in: "Tamebridge Police and Children's Services"
# is two agencies; "Wexcombe and Dunmoor Delivery Unit" is one.
_ORGANISATION_END = re.compile(
    r"\b(?:police|constabulary|services?|council|trust|board|icb|ccg|partnership|housing|"
    r"health|probation|care|authority|team|unit|department|hospitals?|nhs|schools?|college|"
    r"practices?|gps?|ambulance|fire|prison|directorate|education|cafcass)\W*$",
    re.IGNORECASE,
)


def names_an_organisation(text: str) -> bool:
    """Whether words end as the name of an organisation does ("Fellmoor Police",
    "Tamebridge Council Children's Services"), not of a person or a team.

    Examples
    --------
    >>> names_an_organisation("Fellmoor Police"), names_an_organisation("Page 3 of 10")
    (True, False)
    """
    return bool(_ORGANISATION_END.search(clean_text(text)))


# Local-authority prefixes that a section adds to a name the key gives without them.
_AUTHORITY_PREFIX = re.compile(r"^(?:[A-Z]{2,5}|LA|the)\s+", re.IGNORECASE)


def _core_name(name: str) -> str:
    name = _AUTHORITY_PREFIX.sub("", clean_text(name)).lower().replace("’", "'")
    return re.sub(r"s\b", "", name).strip()


def is_abbreviation_variant(token: str, abbreviation: str) -> bool:
    """HWPHT and HWPHFT are spellings of HWPH; RWBM of RBWM (letters transposed)."""
    if token == abbreviation:
        return True
    if token.startswith(abbreviation) and len(token) - len(abbreviation) <= 2:
        return set(token[len(abbreviation) :]) <= set("TFN")
    return len(token) == len(abbreviation) >= 4 and sorted(token) == sorted(abbreviation)


def _same_agency(section: str, abbreviation: str, full: str) -> bool:
    """Whether a section title and a key entry ("Full Name (ABBR)") name one organisation.

    Examples
    --------
    >>> _same_agency("HWPHT", "HWPH", "Wexham Park Hospital")
    True
    >>> _same_agency("RWBM Family Support Services", "FSS", "LA Family Support Service")
    True
    >>> _same_agency("BHFT", "BECHS", "East Berks Community Health Services")
    False
    >>> _same_agency("Primary Care", "PC", "Primary healthcare")
    True
    """
    if is_abbreviation_variant(section.strip(), abbreviation):
        return True
    # "Primary Care" is what the key's "Primary healthcare (PC)" abbreviates.
    words = clean_text(section).split()
    if len(words) >= 2 and "".join(w[0] for w in words if w[0].isupper()) == abbreviation:
        return True
    return _core_name(section) == _core_name(full)


class _Key:
    """A plan's key (abbreviation -> full name), looked up by a section's name.

    Finds the first entry that :func:`_same_agency` would accept, without
    trying every entry for every section.
    """

    def __init__(self, aliases: dict[str, str]) -> None:
        self.entries = list(aliases.items())
        self.by_abbreviation: dict[str, int] = {}
        self.by_letters: dict[str, int] = {}
        self.by_core: dict[str, int] = {}
        for position, (abbreviation, full) in enumerate(self.entries):
            self.by_abbreviation.setdefault(abbreviation, position)
            if len(abbreviation) >= 4:
                self.by_letters.setdefault("".join(sorted(abbreviation)), position)
            self.by_core.setdefault(_core_name(full), position)

    def first(self, section: str) -> tuple[str, str] | None:
        token = section.strip()
        found = [self.by_abbreviation.get(token), self.by_core.get(_core_name(section))]
        # HWPHT and HWPHFT for HWPH: up to two of T, F, N after the abbreviation.
        for cut in (1, 2):
            if len(token) > cut and set(token[-cut:]) <= set("TFN"):
                found.append(self.by_abbreviation.get(token[:-cut]))
        if len(token) >= 4:
            found.append(self.by_letters.get("".join(sorted(token))))
        # "Primary Care" is what the key's "Primary healthcare (PC)" abbreviates.
        words = clean_text(section).split()
        if len(words) >= 2:
            initials = "".join(w[0] for w in words if w[0].isupper())
            found.append(self.by_abbreviation.get(initials))
        positions = [p for p in found if p is not None]
        return self.entries[min(positions)] if positions else None


_GENERIC_AGENCY_WORDS = frozenset(
    "police constabulary housing health education children's children childrens adult adults "
    "social care services service primary commissioners commissioning probation nhs hospital "
    "school schools youth offending team early help community mental and & the of".split()
)


def _is_generic(name: str) -> bool:
    """True for names any area could use ("Police", "Primary Care", "Health Commissioners")."""
    words = clean_text(name).lower().replace("’", "'").split()
    return bool(words) and all(w in _GENERIC_AGENCY_WORDS for w in words)


def _variants_in_text(tokens: dict[str, set[str]], names: list[str]) -> set[str]:
    """Spellings of an abbreviation that the plan uses elsewhere (HWPHFT beside HWPHT).

    ``tokens`` are the plan's words in capitals, by their sorted letters (see
    :func:`_capital_words`): a variant is the abbreviation with up to two of
    T, F, N after it, or its letters transposed.
    """
    found: set[str] = set()
    for name in names:
        if not re.fullmatch(r"[A-Z]{3,6}", name):
            continue
        spellings = {name, *(name + end for end in _VARIANT_ENDINGS)}
        for spelling in spellings:
            if spelling in tokens.get("".join(sorted(spelling)), ()):
                found.add(spelling)
        if len(name) >= 4:
            found |= tokens.get("".join(sorted(name)), set())
    return found


_VARIANT_ENDINGS = ("T", "F", "N", "TT", "TF", "TN", "FT", "FF", "FN", "NT", "NF", "NN")


def _capital_words(text: str) -> dict[str, set[str]]:
    by_letters: dict[str, set[str]] = {}
    for token in set(re.findall(r"\b[A-Z]{3,8}\b", text)):
        by_letters.setdefault("".join(sorted(token)), set()).add(token)
    return by_letters


KEY_LINE = re.compile(r"^\s*+(.+?)(?<!\s)\s*+\(([A-Z][A-Za-z/&]{1,9})\)\s*+$")


def name_section_agencies(
    sections: list[SectionItem], aliases: dict[str, str], board: str | None, text: str
) -> None:
    """Name each section's agency fully: the board, or the key's full name for it.

    Parameters
    ----------
    sections : list of SectionItem
        The document's sections, renamed in place.
    aliases : dict
        The plan's key: abbreviation -> full name.
    board : str or None
        The board the review names.
    text : str
        The document's text, for other spellings of an abbreviation.

    Raises
    ------
    Nothing: a section that matches no name keeps the name its title gives.

    Examples
    --------
    >>> police = SectionItem(title="Police", agency="Police", line_start=1, line_end=1)
    >>> name_section_agencies([police], {}, "Kingston Local Safeguarding Children Board", "")
    >>> police.agency, police.aliases
    ('Kingston Police', ['Police'])
    """
    key = _Key(aliases)
    for section in sections:
        if re.search(r"\breport\b", section.agency, re.IGNORECASE):
            section.report = True
            continue
        if board and (_BOARD_WORDS.search(section.agency) or _EVERY_AGENCY.match(section.agency)):
            if section.agency != board:
                section.aliases = sorted({*section.aliases, section.agency})
                section.agency = board
            continue
        entry = key.first(section.agency)
        if entry is not None:
            abbreviation, full = entry
            names = {*section.aliases, section.agency, abbreviation, full}
            # "HWPHT" is better named by the key; "RBWM Children's Social
            # Care" is more precise than the key's "Children's Social Care".
            if re.fullmatch(r"[A-Z&]{2,8}", section.agency):
                section.agency = full
            section.aliases = sorted(names - {section.agency})
        place = board_place(board)
        if place and _is_generic(section.agency):
            # "Police" of one plan is not "Police" of another: name the place.
            section.aliases = sorted({*section.aliases, section.agency})
            section.agency = f"{place} {section.agency}"
    if sections:
        known = {a for s in sections for a in (s.agency, *s.aliases)}
        tokens = _capital_words(text)
        for section in sections:
            section.aliases = sorted(
                {*section.aliases, *_variants_in_text(tokens, section.aliases)} - known
                | set(section.aliases)
            )
