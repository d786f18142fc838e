"""The words of role titles: the head nouns a role ends in (Nurse, Chair, Team),
the ranks and prepositions around them, and one canonical spelling per role.

:mod:`.roles` splits owner cells into roles with these words.
"""

from __future__ import annotations

import re

from .memo import short_text_cache
from .text import clean_text, normalise_space

__all__ = [
    "HEADS",
    "MODIFIER_HEADS",
    "ABSORBING",
    "PREPOSITIONS",
    "SMALL_WORDS",
    "BODY_HEADS",
    "names_a_person",
    "role_word",
    "is_role_head",
    "canonical_role",
]

HEADS = frozenset(
    """
    nurse nurses doctor doctors midwife midwives gp gps professional professionals
    director directors head heads chair chairs chairman chairperson manager managers
    officer officers lead leads commander inspector superintendent sergeant constable
    paediatrician paediatricians psychiatrist psychiatrists psychologist psychologists
    consultant consultants sister matron team teams unit
    group panel committee sub-committee subcommittee sub-group subgroup board
    coordinator coordinators co-ordinator co-ordinators visitor visitors commissioners
    trusts member members executive iro iros trainers worker workers practitioner
    practitioners teacher teachers clinician clinicians administrator administrators
    adviser advisers advisor advisors partners
    """.split()
)
# Heads that also work as modifiers: "Lead Midwife", "Consultant
# Paediatrician", "Board Director", "Professional and locality leads".
MODIFIER_HEADS = frozenset("lead consultant board team professional".split())
# Ranks whose following words name their unit, not a second role.
ABSORBING = frozenset("commander inspector superintendent sergeant constable".split())
PREPOSITIONS = frozenset(
    "of for with within reporting to at in on from across responsible via".split()
)
SMALL_WORDS = frozenset("of for and the to with within in on at by from a an".split())


#: heads that name a body of people, not one person
BODY_HEADS = frozenset(
    """team teams unit group panel committee sub-committee subcommittee sub-group subgroup
    board trusts partners members executive""".split()
)


def names_a_person(text: str) -> bool:
    """Whether words hold the head of a person's title (Nurse, Chair), not only a body's.

    Examples
    --------
    >>> names_a_person("Named Nurse Acute Trust"), names_a_person("Tarnside Care Board")
    (True, False)
    """
    return any(word in HEADS and word not in BODY_HEADS for word in map(role_word, text.split()))


def role_word(token: str) -> str:
    """A word as the role vocabulary holds it: lower case, no punctuation, no possessive.

    Examples
    --------
    >>> role_word("Nurse's"), role_word("(IRO)")
    ('nurse', 'iro')
    """
    token = token.lower().strip('.,;:()[]"“”')
    return re.sub(r"['’]s?$", "", token)


def is_role_head(token: str) -> bool:
    """Tell whether a word is the head noun of a role title.

    Parameters
    ----------
    token : str
        One word, punctuation and a possessive ``'s`` allowed.

    Returns
    -------
    bool
        True for Nurse, Doctors, Chair, Manager, Lead, Team, IRO's ...

    Examples
    --------
    >>> is_role_head("Nurse's"), is_role_head("Safeguarding")
    (True, False)
    """
    return role_word(token) in HEADS


def _title_word(word: str) -> str:
    if not word.isalpha():
        # Keep "GP's", "A&E", "C&YP", "Sub-Group" parts tidy but as printed.
        if "-" in word:
            return "-".join(_title_word(w) for w in word.split("-"))
        return word
    lower = word.lower()
    if lower in SMALL_WORDS:
        return lower
    if word.isupper() and len(word) <= 3:
        return word  # GP, CP, QA: too short to be a shouted word
    if (
        word.isupper()
        and len(word) <= 5
        and lower not in HEADS
        and lower
        not in {
            "named",
            "senior",
        }
    ):
        return word  # an acronym such as LSCB, CAMHS, QA
    return word[0].upper() + word[1:].lower()


# Pure, and called with the same few values for action after action, plan after plan.
@short_text_cache(maxsize=16_384)
def canonical_role(name: str) -> str:
    """Normalise a role name so spellings of one role compare equal.

    Collapses whitespace, straightens apostrophes, drops trailing
    punctuation, spells ``&`` between words as ``and``, title-cases words
    (keeping acronyms such as LSCB and small words such as "of").

    Parameters
    ----------
    name : str
        A role as split by :func:`split_roles`.

    Returns
    -------
    str
        The canonical spelling.

    Examples
    --------
    >>> canonical_role("Named NURSE.") == canonical_role("named nurse") == "Named Nurse"
    True
    >>> canonical_role("Chair of  LSCB")
    'Chair of LSCB'
    """
    text = normalise_space(clean_text(name).replace("’", "'").replace("‘", "'"))
    text = text.strip(" .,;:-–")
    text = re.sub(r"\s&\s", " and ", text)
    words = [_title_word(w) for w in text.split()]
    if words and words[0] in SMALL_WORDS:
        words[0] = words[0].capitalize()
    return " ".join(words)
