"""Who owns an action: the roles an owner cell names, else the body the words name, else the agency.

Every action ends with an owner and the basis it was read on:

``named``
    the plan's owner column ("RESPONSIBLE", "BY WHOM", "LEAD OFFICERS"). Each
    role it names is a lead role of the agency its own words name ("Head of
    Housing", "Designated Nurse BCT"), else of the agency of its section; an
    owner that *is* an agency ("BHFT", "Health commissioners", "HWPHT") owns
    the action itself; a role whose title ends with an organisation's initials
    that the plan names nowhere else ("Senior Investigating Officer MPS") is
    that organisation's.
``text``
    no owner column, but the action's own words name the body doing the work:
    the subject of an active verb ("KSCB Unit have developed…", "the Vulnerable
    Adults and Their Children Workstream will lead…", "NHS Kirklees, in
    consultation with SWYFPT has now developed…", "We will continue…") or the
    agent of a passive one ("…has been issued … by Divisional Manager"). A
    named organisation is the agency itself; "We", "the Trust", "the Force" are
    the agency whose statement it is; a team, unit, service or workstream
    becomes a lead role of its agency, which for a board's own section is the
    agency in whose section the plan otherwise names it.
``agency``
    nothing names an owner: the action's recommendation's agency owns it.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass

from .agency_names import GENERIC_WORDS, AgencyNames
from .role_words import names_a_person
from .roles import canonical_role, is_role_head, split_roles
from .sections import names_an_organisation
from .text import clean_text, is_ditto, last_words

__all__ = ["named_agencies", "Owner", "named_owners", "text_owners", "ROLE_ABBREVIATION"]


@dataclass(frozen=True)
class Owner:
    """An owner read from a plan: a role of an agency, or an agency itself.

    ``agency`` is an agency id, or None with ``new_agency`` naming an organisation
    the plan names only here (the caller creates it).
    """

    role: str | None
    agency: str | None
    basis: str
    new_agency: str | None = None


#: "Lead Locality Nurse (LLN)": initials a role's title defines for itself
ROLE_ABBREVIATION = re.compile(r"\(\s*([A-Z]{2,6})\s*\)\s*$")
# Initials that stand for a service, a plan or a process, not an organisation.
_NOT_ORGANISATIONS = frozenset(
    """CP GP GPS QA IT HR LAC CIN CAF OOH MASH SPA ICS CAMHS EDS DV CSE SEN PLO SCR IRO
    NNCP HV HVS SW ICC ISA FFTF PCHR ED AE NICE""".split()
)
_LEADING_THE = re.compile(r"^the\s+", re.IGNORECASE)
_TRAILING_INITIALS = re.compile(r"^(?P<title>.+?\S)\s+(?P<initials>[A-Z]{3,6})$")
# A role, a comma, and the capitalised name of a whole organisation after it.
_TRAILING_ORGANISATION = re.compile(
    r"^(?P<title>[^,–]+?\S(?:,\s+[^,–]+?\S)?)(?:,|\s+[–-])\s+(?P<organisation>[A-Z][^,–]*?)\W*$"
)


# An organisation's name, then a team of it: "Calderholt Police Public Protection Unit".
_ORGANISATION_THEN_UNIT = re.compile(
    r"^(?P<organisation>.+?\b(?:Police|Constabulary|Council|Trust|NHS|ICB|CCG|Services?|Care|"
    r"Health|Housing|Probation))\s+(?P<unit>[A-Z].*\b(?:Unit|Team|Department|Directorate|Hub))$"
)


_EMAIL = re.compile(r"\s*\(?[\w.+-]+@[\w-]+(?:\.[\w-]+)*(?:\.\.\.|…)?\)?")
_PERSON_BEFORE_TITLE = re.compile(
    r"(?m)^\s*(?:(?:Mr|Mrs|Ms|Miss|Dr)\.?\s+)?[A-Z]\.?\s*(?:[A-Z]\.\s*)?[A-Z][a-z'’-]+,\s+(?=[A-Z])"
)
_BRACKETED_ORGANISATION = re.compile(r"^(.+?\S)\s*\(([A-Z][^()]+)\)\W*$")


def _an_organisation(words: str) -> bool:
    """A whole organisation's name ("Penrose Council", "Castlemere Women's Aid"), not a
    role in one ("Named Nurse Acute Trust") nor a team ("Public Protection Unit")."""
    # Words that only say what kind of body it is ("Adult Social Care") name no
    # organisation of their own: the section's agency is meant.
    proper = [
        w
        for w in re.findall(r"[\w'’&]+", words)
        if _norm_word(w) not in GENERIC_WORDS and _norm_word(w) not in _SERVICE_WORDS
    ]
    return (
        bool(proper)
        and (names_an_organisation(words) or bool(_CHARITY_END.search(words)))
        and not names_a_person(words)
        and not re.search(r"\b(?:unit|team|department|directorate)\W*$", words, re.IGNORECASE)
    )


# Words that name a kind of service within a body ("Acute and Crisis Care"), never a
# body of its own.
_SERVICE_WORDS = frozenset(
    """acute crisis emergency urgent specialist integrated universal maternity neonatal
    paediatric paediatrics older people learning disability disabilities substance misuse
    domestic abuse quality assurance patient safety nursing medicine surgery division
    operations strategic commissioning planned unplanned inpatient outpatient district
    adults' children's women's""".split()
)


# Government and national bodies a plan may give actions to.
_NATIONAL_BODY = re.compile(
    r"^(?:the\s+)?(?:department\s+(?:for|of)\s+[A-Z][\w ,&]+|home\s+office|ministry\s+of\s+"
    r"[A-Z][\w ]+|nhs\s+england|welsh\s+government|scottish\s+government|ofsted|cqc|"
    r"care\s+quality\s+commission|his\s+majesty'?s\s+\w+|[A-Z][\w ]+\s+government)\W*$",
    re.IGNORECASE,
)


def _norm_word(word: str) -> str:
    return word.lower().replace("’", "'")


# Voluntary bodies' names: "Castlemere Women's Aid", "Castlemere Homes".
_CHARITY_END = re.compile(
    r"\b(?:aid|homes|refuge|association|charity|project|foundation|society|cafcass|nspcc)\W*$",
    re.IGNORECASE,
)


def _whole_agency(words: str, names: AgencyNames) -> str | None:
    """The agency an owner entry is, when its words are nothing but an agency's name."""
    text = clean_text(words).strip(" .,;:")
    text = _LEADING_THE.sub("", text)
    found = names.find(text)
    if len(found) == 1 and found[0].start == 0 and found[0].end >= len(text.rstrip(".")):
        (agency,) = found[0].agencies
        return agency
    return None


def named_owners(
    owner_raw: str | None,
    names: AgencyNames,
    section_agency: str | None,
    abbreviations: dict[str, str] | None = None,
) -> list[Owner]:
    """The owners an owner cell names, each a role of its agency or an agency itself.

    Parameters
    ----------
    owner_raw : str or None
        The owner cell as printed (after a ditto took the value above it).
    names : AgencyNames
        The plan's agency names.
    section_agency : str or None
        The agency whose section the action stands in.
    abbreviations : dict, optional
        Role initials defined earlier in the plan ("LLN" -> "Lead Locality Nurse's (LLN)"),
        updated in place with those this cell defines.

    Returns
    -------
    list of Owner
        In the cell's order, without repeats.

    Raises
    ------
    Nothing: an empty or ditto cell gives no owners.

    Examples
    --------
    >>> names = AgencyNames({"agency:bhft": ["BHFT"], "agency:lscb": ["LSCB"]})
    >>> [(o.role, o.agency) for o in named_owners("LSCB Chair / BHFT", names, "agency:lscb")]
    [('LSCB Chair', 'agency:lscb'), (None, 'agency:bhft')]
    """
    if abbreviations is None:
        abbreviations = {}
    owners: list[Owner] = []
    # "J. Smith, Head of Service", "Safeguarding Lead (safeguarding@…)": the role, without
    # the person's name or the address.
    owner_raw = _EMAIL.sub("", owner_raw or "")
    owner_raw = _PERSON_BEFORE_TITLE.sub("", owner_raw)
    for role_name in split_roles(owner_raw):
        if is_ditto(role_name):
            continue
        agency = _whole_agency(role_name, names)
        if agency:
            owners.append(Owner(None, agency, "named"))
            continue
        if _NATIONAL_BODY.match(clean_text(role_name)):
            # "Department for Education", "Home Office": a body the plan names, not a role.
            owners.append(Owner(None, None, "named", clean_text(role_name).strip(" .")))
            continue
        bracketed = _BRACKETED_ORGANISATION.match(clean_text(role_name))
        if bracketed and _an_organisation(bracketed.group(2)):
            # "Education Safeguarding Lead (Ferrowby Council)": a role of that body.
            role_name = f"{bracketed.group(1)}, {bracketed.group(2)}"
        role = canonical_role(role_name)
        defined = ROLE_ABBREVIATION.search(role)
        if defined:
            abbreviations[defined.group(1)] = role
        role = abbreviations.get(role, role)
        new_agency = None
        agency = names.agency_of(role)
        organisation = _TRAILING_ORGANISATION.match(role)
        if organisation and agency is not None:
            # "Detective Inspector, Brackley Police": the role, of the agency it names.
            if _whole_agency(organisation.group("organisation"), names) == agency:
                role = organisation.group("title")
            organisation = None
        found_in: str | None = None
        if organisation:
            words = organisation.group("organisation")
            unit = _ORGANISATION_THEN_UNIT.match(words)
            if _an_organisation(words):
                found_in, role = words, organisation.group("title")
            elif unit and _an_organisation(unit.group("organisation")):
                # "Detective Inspector, Calderholt Police Public Protection Unit".
                found_in = unit.group("organisation")
                role = f"{organisation.group('title')}, {unit.group('unit')}"
        if found_in and len(organisation.group("title").split()) <= 8:
            # "Head of Adult Social Work, Penrose Council": a role of that organisation.
            agency = _whole_agency(found_in, names)
            if agency is None:
                new_agency = found_in
        if agency is None and new_agency is None:
            trailing = _TRAILING_INITIALS.match(role)
            if (
                trailing
                and trailing.group("initials") not in _NOT_ORGANISATIONS
                and is_role_head(trailing.group("title").split()[-1])
            ):
                new_agency = trailing.group("initials")
        owners.append(
            Owner(role, agency or (None if new_agency else section_agency), "named", new_agency)
        )
    return list(dict.fromkeys(owners))


_AGENCY_LIST = re.compile(r"\s*(?:[;/\n]|,(?=\s*[A-Z0-9]))\s*")
_AGENCY_AND = re.compile(r"\s+(?:and|&)\s+")
_EVERY_AGENCY = re.compile(r"^(?:all|every|each)\b", re.IGNORECASE)


def named_agencies(owner_raw: str | None, names: AgencyNames, board: str | None) -> list[Owner]:
    """The agencies an owner cell of a "Lead Agency" column names, each an owner itself.

    Agencies are parted by new lines, ``/``, ``;``, commas, and ``and`` between two
    names of organisations; "All agencies" is the board's. A name the plan gives
    nowhere else is a new agency (``new_agency``).

    Raises
    ------
    Nothing: an empty or ditto cell gives no owners.

    Examples
    --------
    >>> names = AgencyNames({"agency:police": ["Tamebridge Police"]})
    >>> [(o.agency, o.new_agency) for o in named_agencies(
    ...     "Tamebridge Police and Tamebridge Council Children's Services", names, None)]
    [('agency:police', None), (None, "Tamebridge Council Children's Services")]
    >>> [o.new_agency for o in named_agencies("Probation – Wexcombe and Dunmoor Unit", names, None)]
    ['Probation – Wexcombe and Dunmoor Unit']
    """
    owners: list[Owner] = []
    for listed in _AGENCY_LIST.split(clean_text(owner_raw or "")):
        parts = _AGENCY_AND.split(listed)
        if len(parts) > 1 and not all(names_an_organisation(p) for p in parts[:-1]):
            parts = [listed]
        for part in parts:
            name = part.strip(" .,;:-–")
            if not name or is_ditto(name):
                continue
            if _EVERY_AGENCY.match(name):
                if board:
                    owners.append(Owner(None, board, "named"))
                continue
            agency = _whole_agency(name, names)
            if agency:
                owners.append(Owner(None, agency, "named"))
            else:
                owners.append(Owner(None, None, "named", _LEADING_THE.sub("", name)))
    return list(dict.fromkeys(owners))


# -- owners the words name -----------------------------------------------------------

# Heads of a body's name: "KSCB Unit", "Duty and Assessment Service", "… Workstream".
_BODY_HEADS = frozenset(
    """unit team service services workstream group panel committee sub-group subgroup
    department directorate division forum board partnership network hub""".split()
)
_NAME_WORD = r"[A-Z][\w'’&-]*"
_JOIN = r"(?:and|of|for|&|the|The|on|in)"
# A capitalised name: words with capitals, joined by small words ("Vulnerable Adults and
# Their Children Workstream"). Bounded and without nested repetition: linear to match.
_BODY = re.compile(rf"\b{_NAME_WORD}(?:\s+(?:{_JOIN}\s+)?{_NAME_WORD}){{0,9}}")
_ADVERBS = r"(?:(?:also|now|already|recently|since|further|jointly|currently|successfully)\s+)"
_IRREGULAR = (
    "met|led|held|wrote|took|made|ran|began|gave|sent|set|undertook|brought|built|drew|"
    "taken|made|done|held|undertaken|written|given|sent|begun|run|set|brought|built|drawn|led"
)
_PAST = rf"(?:\w{{3,}}ed|{_IRREGULAR})"
_PRESENT = (
    r"(?:provides?|offers?|delivers?|recognises?|recognizes?|leads?|runs?|holds?|monitors?|"
    r"supports?|undertakes?|ensures?|chairs?|oversees?|works?|commissions?"
    # "continue to provide" is work; "Midwives continue to receive briefings" names those
    # the work is for, not who does it.
    r"|continues?(?!\s+to\s+(?:receive|attend|be|get|have|benefit)\b))"
)
# Matched where the name ends (.match(text, end)): no copy of the rest of the text.
_ACTIVE = re.compile(
    rf"""\s*(?:
        (?:has|have|had)\s+{_ADVERBS}*(?!been\b|had\b){_PAST}\b
      | will\s+{_ADVERBS}*(?!be\b|not\b)[a-z]{{3,}}\b
      | (?:is|are)\s+{_ADVERBS}*(?:leading|developing|undertaking|working|delivering|providing|
            reviewing|implementing|producing|preparing|auditing)\b
      | {_PRESENT}\b
      | (?!(?:advised|informed|asked|required|reminded|expected)\b){_PAST}\b(?!\s+(?:of|by|to)\b)
    )""",
    re.VERBOSE,
)
_PASSIVE_AGENT = re.compile(
    rf"\b(?:has|have|had|is|are|was|were|will|to)\s+{_ADVERBS}*be(?:en|ing)?\s+{_ADVERBS}*"
    rf"(?:\w+\s+)?{_PAST}\b(?:\s+[\w/-]+){{0,4}}?\s+by\s+(?:the\s+)?$"
)
# "issued by EDS. Service Manager": a full stop the extraction left inside a title.
_STRAY_STOP = re.compile(
    r"\b([A-Z]{2,6})\.\s+(?=[A-Z][a-z]+\s+(?:Manager|Officer|Lead|Team|Unit|Director)\b)"
)
# "NHS Kirklees, in consultation with SWYFPT has now developed": the partner is not the doer.
_ASIDE = re.compile(
    r",\s*(?:in\s+(?:consultation|partnership|conjunction)|together|along|jointly|working)"
    r"\s+with\s+[^,.;]{1,80}?(?:,|(?=\s+(?:has|have|had|will|is|are)\b))"
)
_SELF = re.compile(r"\b(?:We|[Tt]he\s+(?:Trust|Force|Council|Service|Partnership))\b")


def _tidy_body(words: str) -> str:
    return re.sub(r"^(?:The|the)\s+", "", words.strip(" ,.;:"))


# (?<!\s): a separator starts where its spaces start, so a run is scanned once.
_BODY_SEPARATORS = re.compile(r"(?<!\s)\s+and\s+|(?<!\s)\s*,\s*")


def _bodies(words: str) -> list[str]:
    """Split "Emergency Duty Service and Duty and Assessment Service" into its bodies."""
    pieces = _BODY_SEPARATORS.split(words)
    bodies: list[str] = []
    pending = ""
    for piece in pieces:
        pending = f"{pending} and {piece}" if pending else piece
        last = pending.split()[-1].lower().strip(".,")
        if last in _BODY_HEADS or is_role_head(last):
            bodies.append(pending)
            pending = ""
    if pending and bodies:
        bodies[-1] = f"{bodies[-1]} and {pending}"
    return bodies


def _is_body(words: str) -> bool:
    last = words.split()[-1].lower().strip(".,") if words.split() else ""
    return last in _BODY_HEADS or is_role_head(last)


def text_owners(
    text: str,
    names: AgencyNames,
    section_agency: str | None,
    home_of: Callable[[str], str | None] | None = None,
) -> list[Owner]:
    """The bodies an action's own words name as doing the work.

    Parameters
    ----------
    text : str
        The action's words (an update, a progress report).
    names : AgencyNames
        The plan's agency names.
    section_agency : str or None
        The agency whose statement the words are ("We", "the Trust").
    home_of : callable, optional
        The agency a team or unit belongs to, when the words name one of another
        agency's section; None when it is the section's own.

    Returns
    -------
    list of Owner
        Agencies and roles with basis ``text``, in the order the words name them.

    Raises
    ------
    Nothing: words that name no body give no owners.

    Examples
    --------
    >>> names = AgencyNames({"agency:kscb": ["Kirklees Safeguarding Children Board"]})
    >>> [o.role for o in text_owners(
    ...     "KSCB Unit have developed guidance. This guidance to be approved by the "
    ...     "Vulnerable Adults and Their Children Workstream.", names, "agency:kscb")]
    ['KSCB Unit', 'Vulnerable Adults and Their Children Workstream']
    """
    text = _STRAY_STOP.sub(r"\1 ", _ASIDE.sub(" ", clean_text(text)))
    found: list[tuple[int, Owner]] = []
    taken: list[tuple[int, int]] = []

    def add(position: int, owner: Owner, span: tuple[int, int]) -> None:
        # Spans taken so far, kept in order: the one starting last before this one's end
        # is the only one that can overlap it (they never overlap each other).
        at = bisect.bisect_left(taken, (span[1],))
        if at and taken[at - 1][1] > span[0]:
            return
        if at < len(taken) and taken[at][0] < span[1] and span[0] < taken[at][1]:
            return
        bisect.insort(taken, span)
        found.append((position, owner))

    # Agencies by name, and "We" / "the Trust", as the subject of an active verb.
    for match in names.find(text):
        if _ACTIVE.match(text, match.end) and not _after_preposition(text, match.start):
            (agency,) = match.agencies
            add(match.start, Owner(None, agency, "text"), (match.start, match.end))
    for match in _SELF.finditer(text):
        if section_agency and _ACTIVE.match(text, match.end()):
            add(match.start(), Owner(None, section_agency, "text"), match.span())
    # Teams, units and roles, as the subject of an active verb or the agent of a passive one.
    for match in _BODY.finditer(text):
        words = match.group(0)
        if not _is_body(words):
            continue
        # Only the words just before count: a bounded window keeps the search linear.
        is_agent = _PASSIVE_AGENT.search(text[max(0, match.start() - 160) : match.start()])
        active = _ACTIVE.match(text, match.end())
        if not (is_agent or (active and not _after_preposition(text, match.start()))):
            continue
        for body in _bodies(_tidy_body(words)):
            where = text.find(body, match.start())
            span = (where, where + len(body)) if where >= 0 else match.span()
            agency = _whole_agency(body, names)
            if agency:
                owner = Owner(None, agency, "text")
            else:
                role = canonical_role(body)
                home = names.agency_of(role) or (home_of(role) if home_of else None)
                owner = Owner(role, home or section_agency, "text")
            add(span[0], owner, span)
    found.sort(key=lambda item: item[0])
    return list(dict.fromkeys(owner for _, owner in found))


def _after_preposition(text: str, start: int) -> bool:
    """The words are the object of a preposition ("work within the CCGs has …")."""
    before = last_words(text, start, 2)
    while before and before[-1].lower() in ("the", "a", "an", "all"):
        before.pop()
    return bool(before) and before[-1].lower() in {
        "with",
        "within",
        "by",
        "to",
        "of",
        "for",
        "from",
        "across",
        "between",
        "at",
        "in",
        "on",
        "via",
        "through",
        "and",
        "into",
    }
