"""The items stage for narrative progress reports (numbered agency sections of prose).

A section is a line such as ``2 Buckinghamshire Healthcare NHS Trust``. Inside
it, a sentence that says what the review recommended or identified ("The
review recommended that…", "The specific recommendations for Thames Valley
Police … were centred on…") is a recommendation directed at that agency; the
sentences after it, up to the next such sentence, say what has been done.

They become actions at the grain a board uses: one action per piece of work a
paragraph reports. A sentence reporting work ("…has been developed", "There has
been a review of…", "X will continue to…", "…is now in place", "The CCGs
provide…") opens an action; a sentence of context or consequence ("This will
ensure that both agencies are clear…", "These sessions are well attended",
"There is now strong evidence…", "It is important that…", "However, …") stays
in the text of the action beside it: the one before it in its paragraph, else
the next one, else the last action of the recommendation. Each action's status
is read from its words.
"""

from __future__ import annotations

import re

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
from .status import rag_legend
from .text import clean_text

__all__ = [
    "NOT_QUOTED",
    "prose_items",
    "split_sentences",
    "is_recommendation_sentence",
    "reports_work",
]

#: text of the recommendation that holds a section's progress when no sentence states one
NOT_QUOTED = "The review's recommendations for {agency} (not quoted in the report)"

_SECTION = re.compile(r"^\s*(\d{1,2})\.?\s+([A-Z][^.]{2,100})$")
# The review is the subject: "The review recommended …", "The specific recommendations for
# Thames Valley Police … were …"; "The Trust has responded to the recommendations" is progress.
_RECOMMENDATION = re.compile(
    r"^\W*(?:(?:the|this)\s+(?:serious\s+case\s+)?(?:review|report|scr)\s+(?:also\s+)?"
    r"(?:recommended|identified|found|highlighted|noted|concluded|made|proposed|asked)\b"
    r"|(?:the\s+)?(?:specific\s+|main\s+|key\s+)?recommendations?\s+(?:for|to|of|made|were|was)\b"
    r"|it\s+was\s+recommended\b)",
    re.IGNORECASE,
)
_PARTICIPLE = (
    r"(?:\w{3,}ed|undertaken|taken|written|done|held|sent|given|made|begun|built|drawn|"
    r"led|met|set|put|brought|run|shared|spent|found|chosen|seen)"
)
# Participles that describe a state of mind, not work done ("We are committed to …").
_STATES = r"(?:committed|pleased|confident|assured|satisfied|concerned|encouraged|determined)"
_WORK = re.compile(
    rf"""\b(?:ha(?:s|ve|d)\s+(?:\w+ly\s+|also\s+|already\s+|now\s+|recently\s+)*
            (?:been\s+(?:\w+ly\s+)?)?(?!shown\b|had\b|been\b|{_STATES}\b){_PARTICIPLE}
        |there\s+ha(?:s|ve)\s+been\b
        |will\s+(?:\w+ly\s+|also\s+|further\s+|now\s+)*(?!not\b)[a-z]{{3,}}
        |will\s+be\s+(?:\w+ly\s+)?(?:{_PARTICIPLE}|\w{{3,}}ing)\b
        |continu(?:e|es|ed)\s+to\s+\w+
        |(?:is|are|was|were)\s+(?:now\s+|also\s+|still\s+)*(?:in\s+place|being\s+\w+
            |(?!{_STATES}\b){_PARTICIPLE}\b)
        |\bin\s+place\b
        |^\W*(?:[\w'’&-]+\s+){{1,4}}(?:provides?|offers?|delivers?|runs?|holds?|undertakes?|monitors?|
            leads?)\b)""",
    re.IGNORECASE | re.VERBOSE,
)
# Openings of a sentence that explains, judges or follows from the work beside it.
_CONTEXT = re.compile(
    r"^\W*(?:this|these|that|those|it|they|such|however|as\s+a\s+result|therefore|thus|"
    r"overall|in\s+summary|there\s+is\s+(?:now\s+)?(?:strong\s+|clear\s+|good\s+)?evidence)\b",
    re.IGNORECASE,
)
# Sentences about the review itself ("X has contributed fully to this review and endorses
# its findings") report no work.
# What "\b(?:contribut|endors|welcom|accept)\w*\b[^.]*\b(?:review|findings|recommendations)\b"
# finds, found without rescanning the rest of the sentence after every such verb.
_REVIEW_VERB = re.compile(r"\b(?:contribut|endors|welcom|accept)\w*\b", re.IGNORECASE)
_REVIEW_NOUN = re.compile(r"\b(?:review|findings|recommendations)\b", re.IGNORECASE)


def _about_review(sentence: str) -> bool:
    """A verb such as "contributed" or "endorses", then "review", "findings" or
    "recommendations" with no full stop between."""
    start = 0
    while True:
        verb = _REVIEW_VERB.search(sentence, start)
        if verb is None:
            return False
        stop = sentence.find(".", verb.end())
        stop = len(sentence) if stop < 0 else stop
        # The first verb of a stretch without full stops has every noun after it there.
        if _REVIEW_NOUN.search(sentence, verb.end(), stop):
            return True
        start = stop + 1


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


def reports_work(sentence: str) -> bool:
    """True when a sentence reports a piece of work done, under way or planned.

    Raises
    ------
    Nothing.

    Examples
    --------
    >>> reports_work("A new Joint Investigation Protocol has been developed.")
    True
    >>> reports_work("This will ensure that both agencies are clear about their roles.")
    False
    >>> reports_work("These sessions are well attended and well received.")
    False
    """
    if _CONTEXT.match(sentence) or _about_review(sentence):
        return False
    return bool(_WORK.search(sentence))


def _paragraphs(text: str) -> list[TextLine]:
    return [
        TextLine(text=line.strip(), line=number)
        for number, line in enumerate(split_lines(text), 1)
        if line.strip()
    ]


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

    def recommendation_for_progress(line: int) -> int:
        """The recommendation progress hangs from: the last stated, else one saying so."""
        nonlocal current
        if current is None:
            # No sentence states what was recommended: the progress still answers the
            # review's recommendations for this agency, so it hangs from a recommendation
            # that says they are not quoted.
            agency = sections[section_index].agency if section_index is not None else "the"
            recommendations.append(
                RecommendationItem(
                    ref=None,
                    text=NOT_QUOTED.format(agency=agency),
                    line_start=line,
                    line_end=line,
                    section=section_index,
                )
            )
            current = len(recommendations) - 1
        return current

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
        opened: ActionItem | None = None  # the action this paragraph last opened
        waiting: list[str] = []  # context before the paragraph's first piece of work
        for sentence in split_sentences(clean_text(line.text)):
            if is_recommendation_sentence(sentence):
                if waiting and current is not None:
                    _extend_last(recommendations[current], waiting, line.line)
                waiting = []
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
                opened = None
                continue
            if reports_work(sentence):
                words = " ".join([*waiting, sentence])
                waiting = []
                opened = ActionItem(
                    text=words,
                    line_start=line.line,
                    line_end=line.line,
                    progress=words,
                    field_lines={"text": (line.line, line.line)},
                )
                recommendations[recommendation_for_progress(line.line)].actions.append(opened)
            elif opened is not None:
                opened.text = opened.progress = f"{opened.text} {sentence}"
            else:
                waiting.append(sentence)
        if waiting:
            index = recommendation_for_progress(line.line)
            _extend_last(recommendations[index], waiting, line.line)
    info = review_info(
        text, [TextLine(text=h.text, line=h.line) for h in title_lines], None, reports_progress=True
    )
    return DocumentItems(
        path=path,
        layout="prose",
        review=info,
        sections=sections,
        recommendations=recommendations,
        rag_legend=rag_legend(text),
        unplaced=unplaced,
    )


def _extend_last(recommendation: RecommendationItem, sentences: list[str], line: int) -> None:
    """Context with no work after it joins the recommendation's last action, or makes one."""
    words = " ".join(sentences)
    if recommendation.actions:
        last = recommendation.actions[-1]
        last.text = last.progress = f"{last.text} {words}"
        last.line_end = max(last.line_end, line)
        start, _ = last.field_lines.get("text", (last.line_start, line))
        last.field_lines["text"] = (start, max(line, last.line_end))
        return
    recommendation.actions.append(
        ActionItem(
            text=words,
            line_start=line,
            line_end=line,
            progress=words,
            field_lines={"text": (line, line)},
        )
    )
