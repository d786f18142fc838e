"""Splitting of owner cells ("RESPONSIBLE", "BY WHOM", "LEAD OFFICERS").

Text extraction runs several lead roles together ("Named Nurse Named
Doctor Named Midwife").  A role is read as *modifiers + head noun +
complement*: the head is a word such as Nurse, Doctor, Chair, Manager,
Lead, Team; the complement is what follows it ("of LSCB", "for
Orthopaedics", "Kingston Police").  A new role starts where, after a head,
more words follow that contain another head; inside an "of/for …"
complement only a well-known role opening ("Chair of", "Named Nurse",
"Directorate Head of") starts a new one.  Ranks such as Commander and
Inspector take the unit after them as their complement ("Detective
Inspector Child Abuse Investigation Team" is one role).
"""

from __future__ import annotations

import re

from .memo import short_text_cache
from .role_words import (
    ABSORBING,
    HEADS,
    MODIFIER_HEADS,
    PREPOSITIONS,
    canonical_role,
    is_role_head,
    names_a_person,
    role_word,
)
from .sections import names_an_organisation
from .text import clean_text, is_ditto, normalise_space, split_tags

__all__ = ["canonical_role", "is_role_head", "split_roles"]

# Openings trusted to start a new role even inside a complement.
# (Anchored by .match, also at a word's place in a longer text: match(text, pos).)
_STRONG_START = re.compile(
    r"""(?:named\s+(?:nurse|doctor|midwife|gp|professional|nursing)
    |designated\s+(?:nurse|doctor|professional|teacher|officer)
    |directorate\s+head\s+of|(?:associate\s+|assistant\s+|deputy\s+)?director\s+of
    |head\s+of|chair\s+of|clinical\s+director|senior\s+sister|charge\s+nurse
    |lead\s+midwife|consultant\s+paediatrician|lscb\s+(?:chair|manager)|cp\s+chair
    |qa\s+lead|executive\s+of|borough\s+commander
    |detective\s+(?:chief\s+)?(?:inspector|superintendent|sergeant|constable))\b""",
    re.IGNORECASE | re.VERBOSE,
)
# Words that qualify a head after a comma: "Senior Sister, Safeguarding".
_COMMA_COMPLEMENTS = ("safeguarding children", "child protection", "safeguarding")
_CELL_BLOCK_RE = re.compile(r"</?(?:p|li|ul|ol|div)\b[^>]*>", re.IGNORECASE)
_LABEL_RE = re.compile(
    r"^(?:\(?(?:[a-z]|\d{1,2}|[ivx]{1,4})(?:\s?[ivx]{1,4})?(?:\)|\.\s)\s*"
    # "1.1 Adult Safeguarding Manager", "3.1 & 3.2 Head of Patient Flow": sub-actions' numbers
    r"|(?:\d{1,2}(?:\.\d{1,2})+\s*(?:&|and|,)\s*)*\d{1,2}(?:\.\d{1,2})+\s+)"
)
_BR_RE = re.compile(r"<br\s*/?>", re.IGNORECASE)
# (?<!\s): a match starts where a run of spaces starts, never inside it, so a
# long run is scanned once rather than once from each of its spaces.
_CONJ_RE = re.compile(r"(?<!\s)\s+(?:&|and)\s+", re.IGNORECASE)
_ACRONYM_RE = re.compile(r"^[A-Z][A-Z&]+$")


def _split_outside_parens(text: str, seps: str) -> list[str]:
    parts: list[str] = []
    depth = 0
    start = 0
    for i, ch in enumerate(text):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        elif ch in seps and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return parts


def _has_head(text: str) -> bool:
    return any(is_role_head(t) for t in text.split())


def _modifiers(text: str) -> list[str]:
    """Words before the first head ("Named" in "Named Doctor")."""
    out: list[str] = []
    for token in text.split():
        if is_role_head(token):
            break
        out.append(token)
    return out


def _tail(text: str) -> str:
    """The head and what follows it ("professionals within …")."""
    tokens = text.split()
    for i, token in enumerate(tokens):
        if is_role_head(token):
            return " ".join(tokens[i:])
    return text


def _is_complete(text: str) -> bool:
    """A role that could end here: ends in a head or has a complement."""
    tokens = text.split()
    if not tokens:
        return False
    if is_role_head(tokens[-1]):
        return True
    seen_head = False
    for token in tokens:
        if is_role_head(token):
            seen_head = True
        elif seen_head and token.lower() in PREPOSITIONS:
            return True
    return False


class _Tokens:
    """A text's words, joined by single spaces, with where each starts and whether a
    head follows: so "the rest of the text from word i" needs no new string."""

    def __init__(self, text: str) -> None:
        self.words = text.split()
        self.joined = " ".join(self.words)
        self.starts: list[int] = []
        position = 0
        for word in self.words:
            self.starts.append(position)
            position += len(word) + 1
        self.heads = [is_role_head(w) for w in self.words]
        # head_from[i]: a head among words i, i+1, …
        self.head_from = [False] * (len(self.words) + 1)
        for i in range(len(self.words) - 1, -1, -1):
            self.head_from[i] = self.heads[i] or self.head_from[i + 1]

    def strong_start(self, i: int) -> bool:
        """Whether a well-known role opens at word ``i``."""
        return bool(_STRONG_START.match(self.joined, self.starts[i]))


def _strong_start_index(text: str) -> int | None:
    """Index of the first word opening a well-known role, if any."""
    tokens = _Tokens(text)
    for i in range(len(tokens.words)):
        if tokens.strong_start(i):
            return i
    return None


def _complement_open(text: str) -> bool:
    """The text ends inside an "of/for …" complement after a head."""
    tokens = text.split()
    seen_head = False
    in_compl = False
    for token in tokens:
        if is_role_head(token):
            seen_head, in_compl = True, False
        elif seen_head and token.lower() in PREPOSITIONS:
            in_compl = True
    return in_compl


class _Role:
    """A role being built from parts, knowing what :func:`_is_complete` and
    :func:`_complement_open` would say of its text without rereading it."""

    def __init__(self, text: str) -> None:
        self.pieces = [text]
        self.count = 0
        self.first = ""
        self.seen_head = self.open = self.prep_after_head = self.last_head = False
        self._read(text)

    def _read(self, text: str) -> None:
        for token in text.split():
            if not self.count:
                self.first = token
            self.count += 1
            self.last_head = is_role_head(token)
            if self.last_head:
                self.seen_head, self.open = True, False
            elif self.seen_head and token.lower() in PREPOSITIONS:
                self.open = self.prep_after_head = True

    def extend(self, *texts: str) -> None:
        for text in texts:
            self.pieces.append(text)
            self._read(text)

    @property
    def complete(self) -> bool:
        return self.count > 0 and (self.last_head or self.prep_after_head)

    @property
    def text(self) -> str:
        if len(self.pieces) > 1:
            self.pieces = ["".join(self.pieces)]
        return self.pieces[0]


def _distribute(left: str | _Role, right: str) -> tuple[str, str] | None:
    """Share words across a conjunction ("Named Doctor & Nurse")."""
    role = left if isinstance(left, _Role) else _Role(left)
    right_tokens = right.split()
    if len(right_tokens) == 1 and is_role_head(right_tokens[0]) and role.complete:
        mods = _modifiers(_segment(role.text)[-1])
        return role.text, " ".join([*mods, right])
    if (
        role.count == 1
        and not _ACRONYM_RE.match(role.first)
        and (not is_role_head(role.first) or role_word(role.first) in MODIFIER_HEADS)
        and _has_head(right)
        and _modifiers(right)
    ):
        return f"{role.text} {_tail(right)}", right
    return None


def _split_conj(piece: str, pattern: re.Pattern[str]) -> list[str]:
    """Split at "&"/"and" (or "/") only where both sides are roles."""
    parts = [p.strip() for p in pattern.split(piece)]
    out: list[_Role] = []
    joiners = pattern.findall(piece)
    for i, part in enumerate(parts):
        if not part:
            continue
        if not out:
            out.append(_Role(part))
            continue
        left = out[-1]
        lead = _strong_start_index(part)
        if lead and left.open and not _has_head(" ".join(part.split()[:lead])):
            # "… Children's Services and Safeguarding Head of Housing": the
            # words before the new role still belong to the left complement.
            words = part.split()
            left.extend(joiners[i - 1], " ".join(words[:lead]))
            out.append(_Role(" ".join(words[lead:])))
            continue
        shared = _distribute(left, part)
        if shared:
            out[-1:] = [_Role(text) for text in shared]
        elif _has_head(part) and left.complete:
            out.append(_Role(part))
        else:
            # The words are more of the role on the left, kept as parts until read.
            left.extend(joiners[i - 1], part)
    return [role.text for role in out]


def _split_commas(piece: str) -> list[str]:
    parts = _split_outside_parens(piece, ",")
    out: list[list[str]] = []  # each role as its parts, joined once at the end
    for raw_part in parts:
        part = raw_part.strip()
        if not part:
            continue
        if not out:
            out.append([part])
            continue
        lowered = part.lower()
        for comp in _COMMA_COMPLEMENTS:
            if lowered == comp or lowered.startswith(comp + " "):
                rest = part[len(comp) :].strip()
                if not rest or _has_head(rest):
                    out[-1].append(part[: len(comp)])
                    part = rest
                break
        if not part:
            continue
        if _has_head(part) and not _UNIT_END.search(part) and not _organisation(part):
            out.append([part])
        else:
            # "Detective Chief Inspector, Public Protection Unit", "Designated Doctor,
            # Oakmere Integrated Care Board": where the role sits.
            out[-1].append(part)
    return [", ".join(role) for role in out]


def _organisation(words: str) -> bool:
    """An organisation's name ("Tarnside Integrated Care Board"), not a role in one
    ("Named Nurse Acute Trust")."""
    return names_an_organisation(words) and not names_a_person(words)


# A team or unit after a comma says where the role before it sits, not a second role.
_UNIT_END = re.compile(
    r"\b(?:unit|team|department|directorate|group|panel|committee|sub-?committee|sub-?group|"
    r"forum)\W*$",
    re.IGNORECASE,
)


def _segment(piece: str) -> list[str]:
    """Cut a run of roles printed without separators."""
    words = _Tokens(piece)
    tokens = words.words
    roles: list[list[str]] = []
    cur: list[str] = []
    state = "mods"  # "mods", "head" (just after a head run) or "compl"
    has_mods = False
    absorbing = False

    def start_new() -> None:
        nonlocal cur, state, has_mods, absorbing
        if cur:
            roles.append(cur)
        cur, state, has_mods, absorbing = [], "mods", False, False

    for i, token in enumerate(tokens):
        # "rest" is the text from this word on: words.strong_start(i), words.head_from[i]
        if state == "compl":
            if words.strong_start(i):
                start_new()
            else:
                cur.append(token)
                continue
        elif state == "head" and not is_role_head(token):
            if token.lower() in PREPOSITIONS:
                cur.append(token)
                state = "compl"
                continue
            if words.strong_start(i) or (not absorbing and has_mods and words.head_from[i]):
                start_new()
            elif not has_mods and words.head_from[i] and len(cur) == 1:
                # A lone head opening a title is a modifier: "Lead Locality Nurse".
                state = "mods"
                has_mods = True
            elif not has_mods and words.head_from[i]:
                # After a whole title ("Team Manager"), words leading to a head start
                # the next one ("YOT Manager").
                start_new()
            else:
                # Words without a head qualify this role: "… Kingston Police".
                cur.append(token)
                state = "compl"
                continue
        if (
            state == "head"
            and is_role_head(token)
            and role_word(cur[-1]) not in MODIFIER_HEADS
            and (
                words.strong_start(i)
                # "Locality Manager Lead Nurse", "Team Manager Team Manager": a head
                # that works as a modifier opens a title when another head follows.
                or (
                    role_word(token) in MODIFIER_HEADS
                    and i + 1 < len(tokens)
                    and is_role_head(tokens[i + 1])
                )
            )
        ):
            # "LSCB Manager Chair of …": a known opening ends the head run.
            start_new()
        if is_role_head(token):
            cur.append(token)
            state = "head"
            absorbing = role_word(token) in ABSORBING
        else:
            cur.append(token)
            has_mods = True
    start_new()
    return [" ".join(r) for r in roles]


_TRAILING_CONJUNCTION = re.compile(r"(?<!\s)\s+(?:and|&)$", re.IGNORECASE)


def _tidy(role: str) -> str:
    role = normalise_space(role).strip(" ,;:&/-–")
    role = _TRAILING_CONJUNCTION.sub("", role)
    return role.rstrip(" .,;:").strip()


def split_roles(raw: str | None) -> list[str]:
    """Split an owner cell into its separate lead roles.

    Splits at paragraphs, ``/`` and ``;``; at ``,`` when the next part is a
    role; at ``&``/``and`` only when both sides are roles (sharing words
    where one side is bare: "Named Doctor & Nurse" is Named Doctor and Named
    Nurse); then cuts roles run together (see the module docstring).  A
    leading enumeration label ("a)") is dropped; ditto blocks ("As above")
    give nothing, so callers should test :func:`~.text.is_ditto` first.
    Roles keep their printed wording and order, duplicates included, so
    parallel owner lists still line up with their actions.

    Parameters
    ----------
    raw : str or None
        The owner cell as printed; HTML allowed (``<br/>`` is a space).

    Returns
    -------
    list of str
        Role names in order.

    Examples
    --------
    >>> split_roles("Named Nurse Named Doctor Named Midwife")
    ['Named Nurse', 'Named Doctor', 'Named Midwife']
    >>> split_roles("Borough Commander<br/>Kingston Police")
    ['Borough Commander Kingston Police']
    >>> split_roles("SCRIP, Executive of LSCB & Chair of LSCB")
    ['SCRIP', 'Executive of LSCB', 'Chair of LSCB']
    """
    return list(_split_roles(raw))


# Owner cells repeat from action to action and plan to plan: each is split once.
@short_text_cache(maxsize=16_384)
def _split_roles(raw: str | None) -> tuple[str, ...]:
    roles: list[str] = []
    for block in _lines(raw or ""):
        text = clean_text(block)
        text = _LABEL_RE.sub("", text)
        if not text or is_ditto(text):
            continue
        for slash_part in _split_conj_slash(text):
            for comma_part in _split_commas(slash_part):
                for conj_part in _split_conj(comma_part, _CONJ_RE):
                    # "Designated Nurse, Tarnside Integrated Care Board": one role and
                    # its organisation, not a run of two roles.
                    whole = "," in conj_part and _organisation(conj_part.rsplit(",", 1)[1])
                    for role in [conj_part] if whole else _segment(conj_part):
                        role = _tidy(role)
                        if not role or is_ditto(role):
                            continue
                        tokens = role.split()
                        if len(tokens) > 1 and all(_ACRONYM_RE.match(t) for t in tokens):
                            # "LSCB BHFT": parallel owners printed side by side.
                            roles.extend(tokens)
                        else:
                            roles.append(role)
    return tuple(roles)


def _lines(raw: str) -> list[str]:
    """Blocks of a cell; a ``<br/>`` line break only starts a new block
    when the next line opens a well-known role ("…<br/>Head of Housing"),
    since extraction also breaks lines inside one title ("Borough
    Commander<br/>Kingston Police")."""
    blocks: list[str] = []
    for block in split_tags(_CELL_BLOCK_RE, raw):
        lines = split_tags(_BR_RE, block)
        merged = [[lines[0]]]
        for line in lines[1:]:
            words = clean_text(line)
            previous = clean_text(" ".join(merged[-1]))
            if _STRONG_START.match(words) or (
                # "Head of Practice<br/>Quality Assurance Manager": two whole titles
                _is_complete(previous)
                and names_a_person(words)
                and words[:1].isupper()
                and role_word(words.split()[-1]) in HEADS
            ):
                merged.append([line])
            else:
                merged[-1].append(line)
        blocks.extend(" ".join(lines) for lines in merged)
    return blocks


def _split_conj_slash(text: str) -> list[str]:
    pieces: list[str] = []
    for part in _split_outside_parens(text, ";"):
        part = part.strip()
        if not part:
            continue
        slash_parts = [p.strip() for p in _split_outside_parens(part, "/") if p.strip()]
        out: list[str] = []
        for sp in slash_parts:
            shared = _distribute(out[-1], sp) if out else None
            if shared:
                out[-1:] = list(shared)
            else:
                out.append(sp)
        pieces.extend(out)
    return pieces
