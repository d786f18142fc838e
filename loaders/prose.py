"""The items stage for narrative progress reports (numbered agency sections of prose).

A section is a line such as ``2 Buckinghamshire Healthcare NHS Trust``. Inside
it, a sentence that says what the review recommended or identified is a
recommendation directed at that agency; the sentences after it, up to the
next such sentence, say what has been done and become its actions, with a
status where the words give one.
"""

from __future__ import annotations

import re

from .dates import parse_due
from .lines import split_lines
from .model import (
    ActionItem,
    DocumentItems,
    RecommendationItem,
    SectionItem,
    TextLine,
    Unplaced,
)
from .review_info import review_info
from .sections import section_agency
from .text import clean_text

__all__ = ["NOT_QUOTED", "prose_items", "split_sentences", "is_recommendation_sentence"]

#: text of the recommendation that holds a section's progress when no sentence states one
NOT_QUOTED = "The review's recommendations for {agency} (not quoted in the report)"

_SECTION = re.compile(r"^\s*(\d{1,2})\.?\s+([A-Z][^.]{2,100})$")
_RECOMMENDATION = re.compile(
    r"\b(the review|the report|the scr|this review)\s+(also\s+)?"
    r"(recommended|identified|found|highlighted|noted|concluded)\b"
    r"|\brecommendations?\s+(for|made|to)\b|\bthe\s+(specific\s+)?recommendations?\b",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z“\"'(])")
_ABBREVIATIONS = re.compile(r"\b(e\.g|i\.e|etc|Dr|Mr|Mrs|Ms|No|St|para)\.$", re.IGNORECASE)


def split_sentences(text: str) -> list[str]:
    """Split prose into sentences, keeping abbreviations such as "e.g." whole.

    Examples
    --------
    >>> split_sentences("Work was done, e.g. training. It is now in place.")
    ['Work was done, e.g. training.', 'It is now in place.']
    """
    parts = _SENTENCE_END.split(text.strip())
    sentences: list[str] = []
    for part in parts:
        if sentences and _ABBREVIATIONS.search(sentences[-1]):
            sentences[-1] = f"{sentences[-1]} {part}"
        else:
            sentences.append(part)
    return [s.strip() for s in sentences if s.strip()]


def is_recommendation_sentence(sentence: str) -> bool:
    """True when the sentence states what the review recommended or identified.

    Examples
    --------
    >>> is_recommendation_sentence("The review recommended that training be updated.")
    True
    >>> is_recommendation_sentence("Training has been updated.")
    False
    """
    return bool(_RECOMMENDATION.search(sentence))


def _paragraphs(text: str) -> list[TextLine]:
    return [
        TextLine(text=line.strip(), line=number)
        for number, line in enumerate(split_lines(text), 1)
        if line.strip()
    ]


_PROGRESS_WORD = re.compile(r"\b(?:progress|update)")
_DASHED_DATE = re.compile(r"[–-]\s*+([A-Z][a-z]++ \d{4})")


def _progress_date(text: str) -> str | None:
    """The "June 2017" of "… progress against … – June 2017", or None.

    What ``re.search(r"\\b(?:progress|update)[^\\n]*?[–-]\\s*([A-Z][a-z]+ \\d{4})", text)``
    gives, in linear time: only a line's first "progress" needs trying, as any
    date after a later one also follows the first.

    Examples
    --------
    >>> _progress_date("Agency progress update – June 2017\\n")
    'June 2017'
    """
    line_end = -1
    for word in _PROGRESS_WORD.finditer(text):
        if word.start() <= line_end:
            continue
        line_end = text.find("\n", word.end())
        line_end = len(text) if line_end < 0 else line_end
        for dash in re.finditer("[–-]", text[word.end() : line_end]):
            date = _DASHED_DATE.match(text, word.end() + dash.start())
            if date:
                return date.group(1)
    return None


def prose_items(text: str, path: str) -> DocumentItems:
    """Items of a narrative progress report.

    Examples
    --------
    >>> report = ("Progress report\\n\\n1 Thames Valley Police\\n\\n"
    ...     "The review recommended better risk assessment. Training has been delivered.\\n")
    >>> items = prose_items(report, "report.txt")
    >>> [(s.agency, len(items.recommendations)) for s in items.sections]
    [('Thames Valley Police', 1)]
    >>> items.recommendations[0].actions[0].text
    'Training has been delivered.'
    """
    lines = _paragraphs(text)
    first_section = next(
        (i for i, line in enumerate(lines) if _SECTION.match(line.text)), len(lines)
    )
    head = lines[:first_section]
    sections: list[SectionItem] = []
    recommendations: list[RecommendationItem] = []
    unplaced: list[Unplaced] = []
    title_lines = [line for line in head if len(line.text.split()) <= 14]
    for line in head:
        what = "title" if line in title_lines else "introduction"
        unplaced.append(
            Unplaced(text=clean_text(line.text), line=line.line, reason="decoration", what=what)
        )
    current: int | None = None
    section_index: int | None = None
    for line in lines[first_section:]:
        heading = _SECTION.match(line.text)
        if heading and len(line.text.split()) <= 14:
            agency, aliases = section_agency(line.text)
            sections.append(
                SectionItem(
                    title=clean_text(line.text),
                    agency=agency,
                    aliases=aliases,
                    line_start=line.line,
                    line_end=line.line,
                )
            )
            section_index = len(sections) - 1
            current = None
            continue
        for sentence in split_sentences(clean_text(line.text)):
            if is_recommendation_sentence(sentence) or current is None:
                recommendations.append(
                    RecommendationItem(
                        ref=None,
                        text=sentence,
                        line_start=line.line,
                        line_end=line.line,
                        section=section_index,
                    )
                )
                current = len(recommendations) - 1
                if is_recommendation_sentence(sentence):
                    continue
                # No sentence states what was recommended: the progress still
                # answers the review's recommendations for this agency, so it
                # hangs from a recommendation that says they are not quoted.
                agency = sections[section_index].agency if section_index is not None else "the"
                recommendations[current].text = NOT_QUOTED.format(agency=agency)
            recommendations[current].actions.append(
                ActionItem(
                    text=sentence,
                    line_start=line.line,
                    line_end=line.line,
                    progress=sentence,
                    field_lines={"text": (line.line, line.line)},
                )
            )
    info = review_info(text, [TextLine(text=h.text, line=h.line) for h in title_lines], None)
    # "Agency progress against action plan recommendations – June 2017": progress as at then.
    as_of = _progress_date(text)
    if as_of:
        info.plan_date = as_of
        due = parse_due(as_of)
        info.as_of = due.end.isoformat() if due.end else None
    return DocumentItems(
        path=path,
        layout="prose",
        review=info,
        sections=sections,
        recommendations=recommendations,
        unplaced=unplaced,
    )
