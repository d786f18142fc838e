"""Recommendations and actions of synthetic plans, composed from varied wording.

A step is one of a few kinds (revise, audit, brief …) and its words are drawn
from the vocabularies of :mod:`.synthetic_wording`: a verb, a frame, the staff
and settings of the agency that owns it, a qualifier, and the local places of
its board. Most texts are therefore worded as only their board would word
them; a few are the stock wording boards copy from one another, the
near-duplicates across agencies a national corpus holds.
"""

from __future__ import annotations

import random
import re

from . import synthetic_vocabulary as words
from . import synthetic_wording as wording

__all__ = [
    "PURPOSES",
    "STAFF",
    "STOCK_CHANCE",
    "local_names",
    "recommendation_text",
    "action_texts",
]

#: why a recommendation matters
PURPOSES = [*words.PURPOSES, *wording.EXTRA_PURPOSES]
#: who a narrative report says is trained or briefed
STAFF = list(dict.fromkeys([*words.STAFF, *wording.GENERAL_STAFF]))
#: how often a step or a recommendation is the stock wording boards share
STOCK_CHANCE = 0.06

_TAKEN = {w.lower() for name in [*words.PLACES, *words.HOSPITAL_TOWNS] for w in name.split()}
_TAKEN |= {w.lower() for region, _ in words.REGIONS for w in region.split()}
_SLOT = re.compile(r"\{(\w+)\}")


def local_names(rng: random.Random, count: int = 8) -> list[str]:
    """Names of a board's own neighbourhoods, schools and surgeries ("Hazelford").

    Names that are a board's or a region's place are left out, so that local
    words never read as an agency's.

    Raises
    ------
    ValueError
        When ``count`` is negative.

    Examples
    --------
    >>> names = local_names(random.Random(1), 3)
    >>> len(names), all(n[0].isupper() for n in names)
    (3, True)
    """
    if count < 0:
        raise ValueError(f"count must be 0 or more, not {count}")
    names: list[str] = []
    while len(names) < count:
        name = rng.choice(wording.LOCAL_STEMS) + rng.choice(wording.LOCAL_ENDINGS)
        if name.lower() not in _TAKEN and name not in names:
            names.append(name)
    return names


def _staff(rng: random.Random, kind: str) -> str:
    if rng.random() < 0.5:
        return rng.choice(wording.AGENCY_STAFF[kind])
    return rng.choice(wording.GENERAL_STAFF)


def _setting(rng: random.Random, kind: str, local: list[str]) -> str:
    roll = rng.random()
    if roll < 0.55:
        text = rng.choice(wording.AGENCY_SETTINGS[kind])
    elif roll < 0.85:
        text = rng.choice(["at {local} ", "in the {local} ", "across the {local} "])
        text += rng.choice(wording.LOCAL_FEATURES)
    else:
        text = rng.choice(["across the partnership", "in every team", "in each locality"])
    return text.replace("{local}", rng.choice(local))


def _fill(rng: random.Random, frame: str, kind: str, local: list[str], **given: str) -> str:
    """``frame`` with each slot drawn at random (only the slots it has)."""
    draw = {
        "staff": lambda: _staff(rng, kind),
        "audience": lambda: rng.choice(wording.AUDIENCES),
        "setting": lambda: _setting(rng, kind, local),
        "qualifier": lambda: rng.choice(wording.QUALIFIERS),
        "lesson": lambda: rng.choice(wording.LESSONS),
        "forum": lambda: rng.choice(wording.FORUMS),
        "channel": lambda: rng.choice(wording.CHANNELS),
        "programme": lambda: rng.choice(wording.PROGRAMMES),
        "sample": lambda: rng.choice(wording.SAMPLES),
        "local": lambda: rng.choice(local),
        "purpose": lambda: rng.choice(PURPOSES),
        "about": lambda: rng.choice(wording.ABOUT),
        "induction": lambda: rng.choice(wording.INDUCTIONS),
    }
    values = {}
    for slot in _SLOT.findall(frame):
        if slot not in values:
            values[slot] = given[slot] if slot in given else draw[slot]()
    return frame.format(**values)


def recommendation_text(
    rng: random.Random, *, subject: str, topic: str, kind: str, local: list[str]
) -> str:
    """A recommendation to the agency called ``subject`` (of ``kind``) about ``topic``.

    Raises
    ------
    KeyError
        When ``kind`` is not a kind of agency the vocabulary knows.

    Examples
    --------
    >>> text = recommendation_text(random.Random(2), subject="The police",
    ...     topic="the escalation policy", kind="police", local=["Hazelford"])
    >>> text.startswith("The police "), "the escalation policy" in text, text[-1]
    (True, True, '.')
    """
    if rng.random() < STOCK_CHANCE:
        return rng.choice(words.RECOMMENDATION_TEMPLATES).format(
            S=subject,
            topic=topic,
            purpose=rng.choice(words.PURPOSES),
            staff=rng.choice(words.STAFF),
        )
    frame = rng.choice(wording.RECOMMENDATION_FRAMES)
    text = _fill(
        rng,
        frame,
        kind,
        local,
        S=subject,
        topic=topic,
        modal=rng.choice(wording.MODALS),
        verb=rng.choice(wording.RECOMMENDATION_VERBS),
    )
    return f"{text}."


def action_texts(
    rng: random.Random, *, topic: str, count: int, kind: str, local: list[str]
) -> list[str]:
    """``count`` steps delivering a recommendation about ``topic``, each of another kind.

    Raises
    ------
    ValueError
        When ``count`` is more than the kinds of step (eight).

    Examples
    --------
    >>> steps = action_texts(random.Random(4), topic="the chronology template", count=3,
    ...     kind="social", local=["Millbury"])
    >>> len(steps), all("the chronology template" in s for s in steps)
    (3, True)
    """
    texts = []
    for step in rng.sample(wording.STEP_KINDS, count):
        if rng.random() < STOCK_CHANCE:
            frame = wording.STOCK_STEPS[step]
            texts.append(frame.format(topic=topic, staff=rng.choice(words.STAFF)))
            continue
        frame = rng.choice(wording.STEP_FRAMES[step])
        verb = rng.choice(wording.STEP_VERBS[step])
        texts.append(_fill(rng, frame, kind, local, verb=verb, topic=topic))
    return texts
