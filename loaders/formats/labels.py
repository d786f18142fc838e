"""Label/value plans: one block per recommendation, its parts under labels.

Web pages and some Word plans give each recommendation a block of its own::

    Recommendation 3
    Issues identified: Staff did not share the referral …
    Actions to be taken:
    • Audit referrals
    • Brief staff
    Person responsible: Head of Service
    Target completion date: March 2024

A block starts at "Recommendation N" (or "Rec N", "Recommendation PROVUL1"),
or at a recommendation label when the block open already has one; labels are
the same words as column titles (:func:`~reviewgraph.loaders.headers.field_of`),
or the user's. The blocks become one table, a row per block, so the rest of
the pipeline reads them as it reads any plan table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..headers import field_of
from .document import Place
from .render import LinePlace, cell_line, escape

__all__ = ["LabelBlock", "find_blocks", "blocks_table"]

_BLOCK_START = re.compile(
    r"^\W{0,3}(?:recommendation|rec\.?)\s*(?:no\.?\s*|number\s*)?"
    r"(?P<ref>\d{1,3}(?:\.\d{1,3})*(?:\s*\(?[a-z]{1,4}\))?|[A-Z]{2,10}\s?\d{1,3}[a-z]?)"
    r"\s*(?:[:.)–—-]\s*|\s+(?=[A-Z])|$)(?P<rest>.*)$",
    re.IGNORECASE,
)
# "1. Oakmere Maternity Services should …": a numbered paragraph opening a block, in a
# plan whose blocks hold labelled parts.
_NUMBERED_START = re.compile(r"^(?P<ref>\d{1,3}(?:\.\d{1,3}){0,3})[.)]\s+(?P<rest>[A-Z].*)$")
# "(a) Add a prompt …": an action of the block, its labelled parts following it.
_LETTERED = re.compile(r"^\((?P<label>[a-z]|[ivx]{1,4})\)\s+(?P<rest>\S.*)$")
#: parts given once per action, labelled with the action's letter in the table
_PER_ACTION = frozenset({"owner", "due", "status", "rag", "progress", "outcome", "evidence"})
#: parts of one line in a numbered block
_ONE_LINE = frozenset({"owner", "due", "status", "rag"})
_LABEL = re.compile(r"^\W{0,3}(?P<label>[A-Za-z][\w ()/&'’,-]{1,70}?)\s*[:：]\s*(?P<value>.*)$")
_BULLET = re.compile(r"^\s*(?:[•●▪◦■□○◆►▸‣⁃*]|-\s)\s*")
#: the order fields take as columns; a second recommendation label goes last
_ORDER = (
    "recommendation",
    "agency",
    "action",
    "owner",
    "due",
    "status",
    "rag",
    "outcome",
    "progress",
    "evidence",
    "scope",
)


@dataclass
class LabelBlock:
    """One recommendation's block: its number and each label's lines."""

    ref: str | None
    start: int  # index of its first line
    end: int
    values: dict[str, list[str]] = field(default_factory=dict)
    titles: dict[str, str] = field(default_factory=dict)
    extra: dict[str, list[str]] = field(default_factory=dict)


def _label(line: str) -> tuple[str, str, str] | None:
    """(field, label, value) when the line opens a labelled part."""
    match = _LABEL.match(line)
    if match:
        name = field_of(match.group("label"))
        if name and name != "ref":
            return name, match.group("label").strip(), match.group("value").strip()
    words = line.strip().rstrip(":")
    if 0 < len(words.split()) <= 6 and not words.endswith("."):
        name = field_of(words)
        if name and name != "ref":
            return name, words, ""
    return None


def find_blocks(lines: list[str], *, numbered: bool = False) -> list[LabelBlock]:
    """The label/value blocks among ``lines`` (text lines of a plan).

    With ``numbered``, a numbered paragraph ("1. Agencies should …") opens a block
    too, and lettered items in it ("(a) Add a prompt …") are its actions, each
    followed by its own labelled parts ("Owner: …", "By: …"), which are given the
    action's letter so that each pairs with its action.

    Examples
    --------
    >>> blocks = find_blocks(["Recommendation 1", "Audit the files.", "Action: Run audit",
    ...     "Lead: Named Nurse", "Recommendation 2: Train staff", "Action: Train"])
    >>> [(b.ref, b.values["recommendation"], b.values["action"]) for b in blocks]
    [('1', ['Audit the files.'], ['Run audit']), ('2', ['Train staff'], ['Train'])]
    >>> (block,) = find_blocks(["1. Staff should be trained.", "(a) Run training",
    ...     "Owner: Named Nurse", "(b) Audit", "Owner: Head of Service"], numbered=True)
    >>> block.values["action"], block.values["owner"]
    (['(a) Run training', '(b) Audit'], ['a) Named Nurse', 'b) Head of Service'])
    """
    blocks: list[LabelBlock] = []
    current: LabelBlock | None = None
    label: str | None = None
    letter: str | None = None
    after_blank = False
    for index, raw in enumerate(lines):
        line = raw.strip()
        if not line:
            after_blank = True
            continue
        blank, after_blank = after_blank, False
        start = _BLOCK_START.match(line)
        found = _label(line)
        if numbered and not start and not found:
            opened = _NUMBERED_START.match(line)
            if opened:
                current = LabelBlock(ref=opened.group("ref"), start=index, end=index)
                blocks.append(current)
                current.titles["recommendation"] = "Recommendation"
                current.values["recommendation"] = [opened.group("rest").strip()]
                label, letter = "recommendation", None
                continue
            item = _LETTERED.match(line) if current is not None else None
            if item and current is not None:
                letter = item.group("label")
                current.titles.setdefault("action", "Action")
                current.values.setdefault("action", []).append(line)
                label = "action"
                current.end = index
                continue
            if (blank and label != "recommendation") or label in _ONE_LINE:
                # Words standing apart after a block's parts ("Signed: …"), or after a
                # part of one line (a date, an owner), are not part of it.
                label = None
                continue
        if numbered and found and letter and found[0] in _PER_ACTION and current is not None:
            name, title, value = found
            current.titles.setdefault(name, title)
            # "a) …", as a table cell letters the entries of a parallel list.
            current.values.setdefault(name, []).append(f"{letter}) {value}")
            label = name
            current.end = index
            continue
        if start and not (found and found[0] != "recommendation" and not start.group("rest")):
            current = LabelBlock(ref=re.sub(r"\s+", "", start.group("ref")), start=index, end=index)
            blocks.append(current)
            label = "recommendation"
            current.titles.setdefault("recommendation", "Recommendation")
            rest = start.group("rest").strip()
            if rest:
                current.values.setdefault("recommendation", []).append(rest)
            continue
        if found:
            name, title, value = found
            if current is None or (
                name == "recommendation"
                and current.values.get("recommendation")
                and title.lower() == current.titles.get("recommendation", "").lower()
                and any(k != "recommendation" for k in current.values)
            ):
                current = LabelBlock(ref=None, start=index, end=index)
                blocks.append(current)
            if (
                name == "recommendation"
                and not current.values.get("recommendation")
                and current.titles.get(name, "").lower() == "recommendation"
            ):
                # "Recommendation 3" then "Issues identified: …": the issue is its text.
                current.titles[name] = title
            if name in current.titles and current.titles[name].lower() != title.lower():
                # "Issues identified" beside "Recommendation": kept, not mixed in.
                label = f"extra:{title}"
                current.extra.setdefault(title, [])
                if value:
                    current.extra[title].append(value)
                current.end = index
                continue
            current.titles.setdefault(name, title)
            label = name
            if value:
                current.values.setdefault(name, []).append(value)
            current.end = index
            continue
        if current is None or label is None:
            continue
        if label.startswith("extra:"):
            current.extra[label[6:]].append(line)
        else:
            current.values.setdefault(label, []).append(line)
        current.end = index
    for block in blocks:
        if numbered and len(block.values.get("action", [])) == 1:
            # One action: its parts need no letter to pair with it.
            for name in _PER_ACTION & set(block.values):
                block.values[name] = [re.sub(r"^[a-z]\) ", "", v) for v in block.values[name]]
    return [b for b in blocks if b.values.get("recommendation") or b.values.get("action")]


def _html(lines: list[str]) -> str:
    parts: list[str] = []
    items: list[str] = []
    for line in lines:
        bullet = _BULLET.match(line)
        if bullet:
            items.append(f"<li>{escape(line[bullet.end() :].strip())}</li>")
            continue
        if items:
            parts.append("<ul>" + "".join(items) + "</ul>")
            items = []
        parts.append(f"<p>{escape(line)}</p>")
    if items:
        parts.append("<ul>" + "".join(items) + "</ul>")
    return cell_line(" ".join(parts))


def blocks_table(
    blocks: list[LabelBlock], places: list[LinePlace | None]
) -> tuple[list[str], list[LinePlace | None]]:
    """The blocks as pipe-table lines (a header, then a row per block) and their places.

    Raises
    ------
    Nothing.
    """
    fields = [name for name in _ORDER if any(name in b.values for b in blocks)]
    extras: list[str] = []
    for block in blocks:
        extras.extend(t for t in block.extra if t not in extras)
    titles = ["Ref"]
    for name in fields:
        titles.append(next(b.titles[name] for b in blocks if name in b.titles))
    titles.extend(extras)
    lines = ["| " + " | ".join(escape(t) for t in titles) + " |"]
    line_places: list[LinePlace | None] = [None]
    for block in blocks:
        cells = [escape(block.ref or "")]
        cells += [_html(block.values.get(name, [])) for name in fields]
        cells += [_html(block.extra.get(title, [])) for title in extras]
        lines.append("| " + " | ".join(c or " " for c in cells) + " |")
        first = places[block.start] if block.start < len(places) else None
        last = places[block.end] if block.end < len(places) else None
        line_places.append(_span(first, last))
    return lines, line_places


def _span(first: LinePlace | None, last: LinePlace | None) -> LinePlace | None:
    if first is None:
        return last
    if last is None or first.place.line is None:
        return first
    place = first.place
    end = last.place.line_end or last.place.line
    merged = Place(**{**place.__dict__, "line_end": end})
    return LinePlace(merged, {})
