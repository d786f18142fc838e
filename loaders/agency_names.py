"""Agency names in a plan's words: every way a plan names its agencies, and where it does.

A plan names an agency by its section title ("Housing RBK"), the aliases its key
and headings give ("HWPH", "hospital 1"), the initials of its name ("SWYPFT",
"BCT", "LSCB" for a Local Safeguarding Children Board), the name without the
board's place or the council's initials ("PCT" in the Kingston plan, "RBK
Housing" beside "Housing RBK"), an abbreviation the text defines in brackets
("Health Commissioners (PCT)", "Clinical Commissioning Groups (CCGs)") and the
spelled-out form of an abbreviation in its name ("Kingston Primary Care Trust"
for "Kingston PCT").

Matching is by whole words and keeps ordinary words ordinary:

* a name's capitalised first word must be capitalised where the text uses it
  ("Social care" names Social Care; "social care staff" does not);
* initials match only in capitals, with a plural ``s`` allowed ("CCGs") and the
  plan's own variants ("HWPHT" for "HWPH", "SWYFPT" for "SWYPFT");
* a short generic form ("Police", "Hospital", "Housing", "LSCB") does not
  match where another place or body qualifies it ("Thames Valley Police",
  "Berkshire LSCB"), and a one-word form matches in lower case only inside a
  list of agencies ("shared across police, RBK Housing, PCT and Hospital");
* a form two agencies share ("Social Care" of a council's children's and adults'
  departments) names the one the board serves (children or adults), else none.
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass, field

from .initials import InitialsIndex, acronyms, defined_abbreviations
from .sections import is_abbreviation_variant
from .text import clean_text

__all__ = ["AgencyNames", "NameMatch", "GENERIC_WORDS"]

#: kinds of name, most trusted first
_KINDS = ("name", "alias", "acronym", "derived", "generic")

# Words that describe a kind of organisation rather than name one.
GENERIC_WORDS = _GENERIC = frozenset(
    """police constabulary housing health healthcare hospital hospitals children's childrens
    children adult adults adults' social care services service primary commissioners
    commissioning clinical groups group probation nhs trust foundation community mental school
    schools education youth offending team early help partnership council county borough
    local safeguarding board the of and & for family support""".split()
)
# Capitalised words that open a sentence or list rather than qualify a name after them.
_FUNCTION_WORDS = frozenset(
    """the a an all each every any this these that those our its their his her with by for and
    or to of in on at from as via through between across within into both other some no
    while when where once if after before since following during including""".split()
)
_AUTHORITY = re.compile(r"^(?:[A-Z]{2,5}|LA)$")
# (?<!\s): a dash's spaces are scanned once, from where they start.
_DASH = re.compile(r"(?<!\s)\s+[–—-]\s+")
_COLON = re.compile(r":\s+")
# Asked of every name found in a text.
_INITIALS = re.compile(r"[A-Z&]{2,8}")


def _norm(text: str) -> str:
    return text.replace("’", "'").replace("‘", "'")


@dataclass
class NameMatch:
    """Words of a text that name agencies: where, which, and by what kind of name."""

    start: int
    end: int
    words: str
    agencies: frozenset[str]
    kind: str


@dataclass
class _Name:
    words: str
    agencies: set[str] = field(default_factory=set)
    kind: str = "name"


class AgencyNames:
    """The names of one plan's agencies, and where a text uses them.

    Parameters
    ----------
    agencies : dict
        Agency id -> the names the plan gives it (section title, aliases, key entries).
    board_agency : str or None
        The id of the board that published the plan.
    place : str or None
        The area the board serves ("Kingston"), taken off names to give their short forms.
    serves : {"children", "adults"} or None
        Whom the board safeguards, to tell "Children's Social Care" from "Adult Social Care"
        where the plan writes only "Social Care".
    text : str
        The plan's text, for the abbreviations it defines and spells out.

    Raises
    ------
    Nothing: names that match nothing are kept and never found.

    Examples
    --------
    >>> names = AgencyNames({"agency:pct": ["Kingston PCT"], "agency:housing": ["Housing RBK"]},
    ...     board_agency=None, place="Kingston", serves="children", text="")
    >>> sorted(names.mentioned("records shared across RBK Housing and the PCT"))
    ['agency:housing', 'agency:pct']
    """

    def __init__(
        self,
        agencies: dict[str, list[str]],
        *,
        board_agency: str | None = None,
        place: str | None = None,
        serves: str | None = None,
        text: str = "",
    ) -> None:
        self.board_agency = board_agency
        self.place = place
        self.serves = serves
        self._spellings = {agency: list(names) for agency, names in agencies.items()}
        self._names: dict[str, _Name] = {}
        for agency, spellings in agencies.items():
            for spelling in spellings:
                self._add(spelling, agency, "name" if spelling == spellings[0] else "alias")
        for agency, spellings in agencies.items():
            for spelling in list(spellings):
                for short in self._short_forms(spelling):
                    self._add(short, agency, "generic" if _is_generic(short) else "derived")
                for initials in acronyms(spelling):
                    self._add(initials, agency, "acronym")
                for short in self._short_forms(spelling):
                    # Initials of a generic form ("LSCB") can be another area's too.
                    for initials in acronyms(short):
                        self._add(initials, agency, "derived")
        if board_agency:
            self._add("the Board", board_agency, "derived")
        #: agency -> abbreviations the text defines for it in brackets
        self.defined: dict[str, set[str]] = {}
        for full, abbreviation in defined_abbreviations(clean_text(text)) if text else []:
            owners = self._owners_of_phrase(full)
            if len(owners) == 1:
                agency = next(iter(owners))
                self._add(abbreviation, agency, "alias")
                self.defined.setdefault(agency, set()).add(abbreviation)
        for spelled in self._spelled_out(clean_text(text)) if text else []:
            self._add(*spelled)
        # Longest names first. A name's pattern is compiled when first tried: most
        # derived names of a plan are never tried, and compiling costs more than matching.
        self._ordered = sorted(self._names.values(), key=lambda n: -len(n.words))
        # Each name by the word a text must hold where it would match: only those
        # patterns run over a text, not every name of the plan over every text.
        self._by_first_word: dict[str, list[int]] = {}
        self._always: list[int] = []
        for position, name in enumerate(self._ordered):
            words = _first_words(name.words)
            if words is None:
                self._always.append(position)
            for word in words or ():
                self._by_first_word.setdefault(word, []).append(position)
        # Capitals that may stand for an entry (see ``is_abbreviation_variant``), by the
        # spelling and by the sorted letters.
        self._initials: dict[str, list[_Name]] = {}
        self._letters: dict[str, list[_Name]] = {}
        for entry in self._names.values():
            if entry.kind in ("acronym", "alias", "name") and re.fullmatch(
                r"[A-Z&]{3,8}", entry.words
            ):
                self._initials.setdefault(entry.words, []).append(entry)
                self._letters.setdefault("".join(sorted(entry.words)), []).append(entry)
        self._token_owners: dict[str, frozenset[str]] = {}
        self._found: dict[str, list[NameMatch]] = {}

    # -- building the names ------------------------------------------------
    def _add(self, words: str, agency: str, kind: str) -> None:
        words = " ".join(_norm(clean_text(words)).split()).strip(" .,;:")
        if len(words) < 2 or words.lower() in _FUNCTION_WORDS:
            return
        if _is_generic(words):
            kind = "generic"  # a one-word name any area could use ("Police")
        key = words.lower()
        entry = self._names.setdefault(key, _Name(words=words, kind=kind))
        entry.agencies.add(agency)
        if _KINDS.index(kind) < _KINDS.index(entry.kind):
            entry.kind = kind

    def _short_forms(self, name: str) -> list[str]:
        """The name without the board's place, a council's initials or a department's owner."""
        name = _norm(clean_text(name))
        forms: list[str] = []
        if self.place and name.lower().startswith(self.place.lower() + " "):
            forms.append(name[len(self.place) + 1 :])
        for separator in (_DASH, _COLON):
            parts = separator.split(name)
            if len(parts) == 2 and len(parts[1].split()) >= 2:
                # "Buckinghamshire County Council – Children's Social Care"
                forms.append(parts[1])
        for form in [name, *forms]:
            words = form.split()
            if len(words) >= 2 and _AUTHORITY.match(words[0]) and _all_generic(words[1:]):
                rest = " ".join(words[1:])
                forms += [rest, f"{' '.join(words[1:])} {words[0]}"]
            if len(words) >= 2 and _AUTHORITY.match(words[-1]) and _all_generic(words[:-1]):
                rest = " ".join(words[:-1])
                forms += [rest, f"{words[-1]} {rest}"]
        for form in [name, *forms]:
            words = form.split()
            # "Housing Services" is also "Housing" ("Head of Housing"), "Education Service"
            # "Education"; not "Children's Services", whose rest only qualifies.
            if (
                len(words) >= 2
                and words[-1].lower() in ("services", "service", "department")
                and not re.search(r"['’]s?$|s['’]$", words[-2])
                and _all_generic(words[:-1])
            ):
                forms.append(" ".join(words[:-1]))
        for form in list(forms):
            words = form.split()
            # "Children's Social Care" is also "Social Care"; "Adults' Social Care" too.
            if len(words) == 3 and words[0].lower().rstrip("'s’") in (
                "children",
                "adult",
                "adults",
            ):
                forms.append(" ".join(words[1:]))
        return [f for f in dict.fromkeys(forms) if f and f != name]

    def _owners_of_phrase(self, phrase: str) -> set[str]:
        """Agencies a bracketed definition's name stands for: a name, or ending in a short form."""
        phrase = _norm(phrase).lower()
        owners: set[str] = set()
        # The names the phrase can be: itself, what follows any of its spaces (a name of
        # two words or more), and itself without "the ". Looked up, not searched for.
        keys = {phrase}
        for at, char in enumerate(phrase):
            if char == " ":
                keys.add(phrase[at + 1 :])
        if phrase.startswith("the "):
            keys.add(phrase[4:])
        for key in keys:
            entry = self._names.get(key)
            if entry is None or entry.kind == "acronym":
                continue
            if key == phrase or len(key.split()) >= 2:
                owners |= entry.agencies
        return owners

    def _spelled_out(self, text: str) -> list[tuple[str, str, str]]:
        """Names with their initials spelled out as the text spells them ("Primary Care Trust")."""
        found: list[tuple[str, str, str]] = []
        phrases = InitialsIndex(text)
        for entry in list(self._names.values()):
            if entry.kind not in ("name", "alias", "derived") or " " not in entry.words:
                continue  # a bare abbreviation's expansion is a name already, or another body
            for token in re.findall(r"\b[A-Z]{3,6}\b", entry.words):
                for phrase in sorted(phrases.phrases(token)):
                    spelled = entry.words.replace(token, phrase)
                    for agency in entry.agencies:
                        found.append((spelled, agency, "derived"))
        return found

    @staticmethod
    @functools.lru_cache(maxsize=20_000)
    def _compile(words: str) -> re.Pattern[str]:
        # Cached: the same agency names recur in plan after plan of a batch.
        parts = []
        for token in words.split():
            token = re.escape(token).replace("'", "['’]?").replace("\\&", "(?:&|and)")
            parts.append(token)
        body = r"\s+".join(parts)
        if re.fullmatch(r"[A-Z][A-Z&]+", words):
            body += "s?"
        return re.compile(rf"(?<![\w'’&-]){body}(?![\w&-]|['’]\w)", re.IGNORECASE)

    @property
    def _patterns(self) -> list[tuple[_Name, re.Pattern[str]]]:
        """Every name with its pattern, longest first, all compiled (for comparisons)."""
        return [(name, self._compile(name.words)) for name in self._ordered]

    # -- finding names in a text -------------------------------------------
    def find(self, text: str) -> list[NameMatch]:
        """Every place ``text`` names an agency, longest names first, without overlaps.

        Examples
        --------
        >>> names = AgencyNames({"agency:police": ["Kingston Police", "Police"]},
        ...     place="Kingston")
        >>> [m.words for m in names.find("joint work with Thames Valley Police and Police")]
        ['Police']
        """
        text = _norm(text)
        # The names never change once built, and the same words are searched again and
        # again (an action's text for its owners, then for its mentions).
        cached = self._found.get(text)
        if cached is None:
            cached = self._found[text] = self._find(text)
        return list(cached)

    def _find(self, text: str) -> list[NameMatch]:
        found: list[NameMatch] = []
        taken = _Spans()
        # ASCII text (nearly every text) folds as it lower-cases: one call for all its words.
        if text.isascii():
            words = set(_WORD_RUN.findall(text.lower()))
        else:
            words = {_fold(w) for w in _WORD_RUN.findall(text)}
        tried = {*self._always}
        for word in words:
            tried.update(self._by_first_word.get(word, ()))
        for position in sorted(tried):
            name = self._ordered[position]
            pattern = self._compile(name.words)
            for match in pattern.finditer(text):
                start, end = match.span()
                if taken.overlaps(start, end):
                    continue
                if not self._fits(name, text, start, end):
                    continue
                agencies = self._choose(name.agencies)
                if not agencies:
                    continue
                found.append(NameMatch(start, end, match.group(0), agencies, name.kind))
                taken.add(start, end)
        for match in _CAPITALS.finditer(text):
            start, end = match.span()
            if taken.overlaps(start, end):
                continue
            token = match.group(0).rstrip("s") if match.group(0)[-1] == "s" else match.group(0)
            agencies = self._token_owners.get(token)
            if agencies is None:
                owners = {agency for entry in self._spelt_by(token) for agency in entry.agencies}
                agencies = self._token_owners[token] = self._choose(owners)
            if agencies:
                found.append(NameMatch(start, end, match.group(0), agencies, "acronym"))
                taken.add(start, end)
        found.sort(key=lambda m: m.start)
        return self._drop_lowercase_outside_lists(text, found)

    def _spelt_by(self, token: str) -> list[_Name]:
        """Entries in capitals that ``token`` spells (``is_abbreviation_variant``)."""
        candidates = [*self._initials.get(token, ())]
        # HWPHT and HWPHFT for HWPH: up to two of T, F, N after it.
        for cut in (1, 2):
            if len(token) > cut and set(token[-cut:]) <= set("TFN"):
                candidates += self._initials.get(token[:-cut], ())
        if len(token) >= 4:
            candidates += self._letters.get("".join(sorted(token)), ())
        return [e for e in candidates if is_abbreviation_variant(token, e.words)]

    def _fits(self, name: _Name, text: str, start: int, end: int) -> bool:
        words = text[start:end]
        if name.kind == "acronym" or _INITIALS.fullmatch(name.words):
            # Initials only in capitals: "LA" is not "la", "PCT" not "pct"; generic ones
            # ("LSCB") not where another place qualifies them ("Berkshire LSCB").
            capitals = words.rstrip("s").upper() == words.rstrip("s")
            generic = name.kind in ("derived", "generic")
            return capitals and not (generic and _qualified(text, start))
        # The first capitalised word of the name is capitalised in the text too.
        for name_word, text_word in zip(name.words.split(), words.split(), strict=False):
            if name_word[:1].isupper():
                if not text_word[:1].isupper() and (
                    name.kind != "generic" or len(name.words.split()) > 1
                ):
                    return False
                break
        generic = name.kind in ("derived", "generic") or _all_generic(name.words.split())
        if generic and _qualified(text, start):
            return False
        return True

    def _choose(self, agencies: set[str]) -> frozenset[str]:
        """One agency, or the one of several that serves those the board safeguards."""
        if len(agencies) == 1:
            return frozenset(agencies)
        if not agencies or not self.serves:
            return frozenset()
        word = "child" if self.serves == "children" else "adult"
        serving = {
            a for a in agencies if any(word in _norm(n).lower() for n in self._spellings.get(a, []))
        }
        return frozenset(serving) if len(serving) == 1 else frozenset()

    def _drop_lowercase_outside_lists(self, text: str, found: list[NameMatch]) -> list[NameMatch]:
        """Lower-case generic names ("police") count only as an entry of a list that
        names at least two agencies in capitals in the same clause."""
        if not any(m.words[:1].islower() and m.kind == "generic" for m in found):
            return found
        clauses = _Clauses(text)
        starts = [m.start for m in found]
        # capitals[i]: matches before i whose words open with a capital
        capitals = [0]
        for m in found:
            capitals.append(capitals[-1] + bool(m.words[:1].isupper()))
        kept = []
        for match in found:
            if match.words[:1].islower() and match.kind == "generic":
                begin, end = clauses.around(match.start)
                first = bisect.bisect_left(starts, begin)
                last = bisect.bisect_left(starts, end)
                # the match itself opens with a lower-case letter, so is not counted
                if capitals[last] - capitals[first] < 2 or not _in_list(text, match):
                    continue
            kept.append(match)
        return kept

    def mentioned(self, text: str) -> set[str]:
        """The agencies ``text`` names, by any of their names."""
        return {a for m in self.find(text) for a in m.agencies}

    def agency_of(self, words: str) -> str | None:
        """The one agency a role or body's own words name, or None.

        Examples
        --------
        >>> names = AgencyNames({"agency:housing": ["Housing RBK"],
        ...     "agency:fss": ["RWBM Family Support Services", "FSS"]})
        >>> names.agency_of("Head of Housing"), names.agency_of("PARIS Support")
        ('agency:housing', None)
        """
        found = {a for m in self.find(words) for a in m.agencies}
        return found.pop() if len(found) == 1 else None

    def names_of(self, agency: str) -> list[str]:
        """Every spelling this plan gives ``agency``."""
        return [n.words for n in self._names.values() if agency in n.agencies]


def _is_generic(words: str) -> bool:
    tokens = _norm(words).lower().split()
    return len(tokens) == 1 and tokens[0] in _GENERIC


def _all_generic(words: list[str]) -> bool:
    return all(_norm(w).lower() in _GENERIC for w in words)


def _qualified(text: str, start: int) -> bool:
    """Another capitalised name stands right before the words ("Thames Valley Police")."""
    # One space (any spacing character) between, and a word before it.
    if start < 2 or not text[start - 1].isspace() or text[start - 2].isspace():
        return False
    word = _last_name_word(text, start - 1)
    if not word:
        return False
    lowered = _norm(word).lower()
    return word[0].isupper() and lowered not in _FUNCTION_WORDS and lowered not in _GENERIC


def _last_name_word(text: str, end: int) -> str | None:
    """What ``re.search(r"([A-Za-z][\\w'’&-]*)$", text[:end])`` finds, reading back only
    as far as the word goes."""
    size = 32
    while True:
        begin = max(0, end - size)
        run = _NAME_CHARS_REVERSED.match(text[begin:end][::-1]).end()
        if run < end - begin or begin == 0:
            break
        size *= 4
    word = text[end - run : end]
    first = _ASCII_LETTER.search(word)
    return word[first.start() :] if first else None


_NAME_CHARS_REVERSED = re.compile(r"[\w'’&-]*")
_ASCII_LETTER = re.compile(r"[A-Za-z]")


class _Clauses:
    """Where each clause of a text starts and ends (after ".", ";" or ":"; before "." or ";")."""

    def __init__(self, text: str) -> None:
        self.length = len(text)
        self.marks = [i for i, c in enumerate(text) if c in ".;:"]
        self.stops = [i for i in self.marks if text[i] in ".;"]

    def around(self, position: int) -> tuple[int, int]:
        before = bisect.bisect_left(self.marks, position)
        start = self.marks[before - 1] + 1 if before else 0
        after = bisect.bisect_left(self.stops, position)
        return start, self.stops[after] if after < len(self.stops) else self.length


def _clause(text: str, position: int) -> tuple[int, int]:
    return _Clauses(text).around(position)


def _in_list(text: str, match: NameMatch) -> bool:
    """The words are an entry of a comma list ("police, RBK Housing, … and Hospital")."""
    before = match.start
    while before and text[before - 1].isspace():
        before -= 1
    after = match.end
    while after < len(text) and text[after].isspace():
        after += 1
    ends_list = any(text.endswith(w, 0, before) for w in (",", "across", "and", "between", "with"))
    return ends_list and (text.startswith((",", "and "), after) or text.endswith(",", 0, before))


class _Spans:
    """Spans of a text already taken, in order, none overlapping another."""

    def __init__(self) -> None:
        self.spans: list[tuple[int, int]] = []

    def overlaps(self, start: int, end: int) -> bool:
        at = bisect.bisect_left(self.spans, (end,))
        return bool(at) and self.spans[at - 1][1] > start

    def add(self, start: int, end: int) -> None:
        bisect.insort(self.spans, (start, end))


def _fold(word: str) -> str:
    """A word as case-insensitive matching compares it ("İ", "ı" are "i", "K" is "k" …)."""
    return word.translate(_FOLDS).lower()


_FOLDS = str.maketrans({"İ": "i", "ı": "i", "K": "k", "ſ": "s"})
_WORD_RUN = re.compile(r"\w+")
_CAPITALS = re.compile(r"\b[A-Z][A-Z&]{2,7}s?\b")


def _first_words(words: str) -> set[str] | None:
    """The words a text holds where the name ``words`` matches (see ``_compile``): its first
    word with or without each apostrophe, "&" as "and", a plural "s" for initials. None
    when the name opens with a sign, or with letters case-folding may change."""
    first = words.split()[0]
    if not first.isascii():
        return None
    if first.count("'") + first.count("&") > 6:
        return None
    spellings = {first.lower()}
    for sign, options in (("'", ("", "'")), ("&", ("&", "and"))):
        # Each pass drops (or spells out) the first sign left, or keeps it: what decides
        # where the word ends is which sign is the first kept.
        for _ in range(first.count(sign)):
            spellings = {
                s.replace(sign, option, 1) if sign in s else s
                for s in spellings
                for option in options
            }
    if re.fullmatch(r"[A-Z][A-Z&]+", words):
        spellings |= {s + "s" for s in spellings}
    found = {_WORD_RUN.match(s).group(0) if _WORD_RUN.match(s) else "" for s in spellings}
    return None if "" in found else found
