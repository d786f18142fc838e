"""Pairing: logical rows into recommendations, with their actions and parallel cells.

Once the rows are joined into logical rows, each row's recommendation cell
gives numbered items, its action cell gives steps, and the other cells (dates,
owners, statuses, progress) are paired with the steps; this module holds how
entries are placed under their parents, how steps and values line up, how
"As above" takes the value above it, and which item each action belongs to.
"""

from __future__ import annotations

import re

from .cells import span
from .continuations import LogicalRow, SubRow
from .lists import labelled, leading_status, pick, pick_labelled, split_due_list
from .model import ActionItem, Block, RecommendationItem, Unplaced
from .numbering import Entry, rec_entries
from .reference_words import find_references
from .roles import split_roles
from .status import split_statuses
from .text import clean_text, is_ditto, split_steps

__all__ = ["pair_items"]


#: characters: a longer value that several steps of a row would share is given to
#: the first only (copied to each, one long cell beside many steps fills the store)
SHARED_TEXT = 1000
#: steps one row's action cells split into; the rest stay together in the last
MAX_STEPS = 100


def _copied(
    given: dict[str, dict[int, tuple[str, Block]]], name: str, value: tuple[str, Block]
) -> bool:
    """Whether ``value`` was given to an earlier step already and is too long to copy."""
    seen = given.setdefault(name, {})  # kept alive, so no id is reused
    if id(value) in seen:
        return len(value[0]) > SHARED_TEXT
    seen[id(value)] = value
    return False


# A sentence's end: a full stop, "!" or "?" and a space before a capital letter.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")


class _Pairing:
    """Turns the logical rows of one document into recommendations with their actions."""

    def __init__(self, unplaced: list[Unplaced]) -> None:
        self.recommendations: list[RecommendationItem] = []
        self.unplaced = unplaced
        self.pending_intro: str | None = None
        self.last_numbered: Entry | None = None
        self.previous_values: dict[str, tuple[str, int]] = {}
        self.current_section_for_items: int | None = -1
        self.children_of: dict[int, list[int]] = {}  # item index -> its sub-items' indexes

    # logical rows into items
    def _items(self, logical: LogicalRow) -> None:
        if logical.section != self.current_section_for_items:
            self.current_section_for_items = logical.section
            self.last_numbered = None
            self.pending_intro = None
            # "SEE ABOVE" never reaches into another agency's section.
            self.previous_values = {}
        main = logical.rows[0]
        entries = rec_entries(main.fields.get("recommendation", []))
        steps_per_row = [self._steps(sub) for sub in logical.rows]
        action_count = sum(len(s) for s in steps_per_row)
        targets = self._place_entries(entries, logical.section, action_count, main)
        actions: list[ActionItem] = []
        for sub, steps in zip(logical.rows, steps_per_row, strict=True):
            actions.extend(self._actions(sub, steps, len(targets)))
        self._attach(actions, targets, main)

    def _place_entries(
        self, entries: list[Entry], section: int | None, action_count: int, main: SubRow
    ) -> list[int]:
        """Add the row's recommendations; return the indexes that actions attach to."""

        def leaves(separate_paragraphs: bool) -> int:
            count = 0
            open_item = False
            for entry in entries:
                if entry.kind in ("num", "sub"):
                    count += 1 if entry.text or entry.kind == "sub" else 0
                    open_item = True
                elif entry.kind == "para":
                    if separate_paragraphs or not open_item:
                        count += 1
                    open_item = True
            return count

        # A plain paragraph after numbered items is either more words of the item
        # above or an item of its own; the parallel action list decides.
        numbered = any(e.kind in ("num", "sub") for e in entries)
        separate = numbered and leaves(True) == action_count != leaves(False)
        targets: list[int] = []
        more: dict[int, list[str]] = {}
        parent_of: dict[str, int] = {}
        last: int | None = None
        top_level: list[int] = []
        intro_ref: str | None = None
        for entry in entries:
            if entry.kind == "intro":
                self.pending_intro = entry.text
                intro_ref = entry.label
                if entry.label:
                    self.last_numbered = None
                continue
            # Words ending in ":" introduce the list after them ("discharge planning:" |
            # "• includes a home check;"): one recommendation, however the actions count.
            introduced = last is not None and self.recommendations[last].text.rstrip().endswith(":")
            if entry.kind == "note" or (
                entry.kind == "para" and last is not None and (not separate or introduced)
            ):
                if last is not None:
                    rec = self.recommendations[last]
                    # More words of the item: gathered, joined once below (a long
                    # run of paragraphs would otherwise be copied once per paragraph).
                    if not rec.text:
                        rec.text = entry.text
                    elif entry.text:
                        more.setdefault(last, []).append(entry.text)
                    rec.line_end = max(rec.line_end, entry.line_end)
                    continue
            ref: str | None = None
            parent: int | None = None
            if entry.kind == "num":
                ref = entry.label
                # The longest item number of this cell that "3.3.1" continues ("3.3", then "3").
                for cut in range(len(ref or "") - 1, -1, -1):
                    if ref and ref[cut] == "." and ref[:cut] in parent_of:
                        parent = parent_of[ref[:cut]]
                        break
            elif entry.kind == "sub":
                anchor = self.last_numbered
                if anchor is not None and anchor.index is not None:
                    parent_rec = self.recommendations[anchor.index]
                    parent = anchor.index
                    ref = f"{parent_rec.ref}({entry.label})" if parent_rec.ref else entry.label
                elif intro_ref:
                    ref = f"{intro_ref}({entry.label})"
                else:
                    ref = entry.label
            rec = RecommendationItem(
                ref=ref,
                text=entry.text,
                line_start=entry.line_start,
                line_end=entry.line_end,
                section=section,
                parent=parent,
                intro=self.pending_intro,
            )
            self.recommendations.append(rec)
            entry.index = len(self.recommendations) - 1
            if parent is not None:
                self.children_of.setdefault(parent, []).append(entry.index)
            last = entry.index
            if entry.kind == "num":
                parent_of[entry.label or ""] = entry.index
                self.last_numbered = entry
            if parent is None or self.recommendations[parent].text == "":
                top_level.append(entry.index)
        for index, words in more.items():
            rec = self.recommendations[index]
            rec.text = " ".join([rec.text, *words])
        for index in top_level:
            rec = self.recommendations[index]
            if rec.text or not self.children_of.get(index):
                targets.append(index)
        if not targets and self.recommendations and main.fields.get("action"):
            # A row of actions under a recommendation given in an earlier row.
            targets.append(
                self.last_numbered.index
                if self.last_numbered and self.last_numbered.index is not None
                else len(self.recommendations) - 1
            )
        return targets

    def _steps(self, sub: SubRow) -> list[tuple[str | None, str, Block]]:
        steps: list[tuple[str | None, str, Block]] = []
        for block in sub.fields.get("action", []):
            for step in split_steps(block.text):
                text = clean_text(step.text)
                if text:
                    steps.append((step.label, text, block))
        dues = self._list(sub, "due")
        owners = self._list(sub, "owner")
        # The parallel lists say how many steps the row has; a cell whose steps were run
        # together as sentences ("… best practice. Write standard …") is split to match.
        wanted = len(dues) if len(dues) > 1 else 0
        if wanted and len(owners) > 1 and len(owners) != wanted:
            wanted = 0
        if wanted > len(steps) >= 1:
            steps = _split_to(steps, wanted)
        # An intro step ("… has been rolled out:") is the lead-in of the steps after it,
        # unless the dates give it one of its own.
        if len(steps) > 1 and steps[0][1].endswith(":") and len(dues) != len(steps):
            label, intro, block = steps[0]
            nxt = steps[1]
            steps = [(nxt[0], f"{intro} {nxt[1]}", nxt[2]), *steps[2:]]
        if len(steps) > MAX_STEPS:
            rest = steps[MAX_STEPS - 1 :]
            lines = span([b for _, _, b in rest])
            self.unplaced.append(
                Unplaced(
                    text=rest[0][1][:60] + "…",
                    line=lines[0],
                    reason="limit",
                    what=f"the row's action cells give {len(steps):,} steps, over the limit of "
                    f"{MAX_STEPS}: steps {MAX_STEPS} to {len(steps):,} are kept as one action",
                )
            )
            merged = Block(text="", line_start=lines[0], line_end=lines[1])
            steps = [*steps[: MAX_STEPS - 1], (rest[0][0], " ".join(t for _, t, _ in rest), merged)]
        return steps

    def _list(self, sub: SubRow, name: str) -> list[tuple[str, Block]]:
        values: list[tuple[str, Block]] = []
        for block in sub.fields.get(name, []):
            text = clean_text(block.text)
            if not text:
                continue
            if name == "due":
                values.extend((part, block) for part in split_due_list(text))
            else:
                values.append((text, block))
        return values

    def _actions(
        self, sub: SubRow, steps: list[tuple[str | None, str, Block]], target_count: int
    ) -> list[ActionItem]:
        dues = self._list(sub, "due")
        owners = self._list(sub, "owner")
        if len(owners) == 1 and len(steps) > 1:
            roles = split_roles(owners[0][0])
            # Only roles the extraction ran together pair with steps; "X and Y" own jointly,
            # and so do roles printed once beside steps set out as paragraphs of their own.
            run_together = " ".join(roles) == re.sub(r"\s+", " ", owners[0][0]).strip()
            one_block = len({id(block) for _, _, block in steps}) == 1
            if (
                len(roles) == len(steps)
                and run_together
                and one_block
                and not is_ditto(owners[0][0])
            ):
                owners = [(r, owners[0][1]) for r in roles]
        # "Complete Ongoing" is one status per step; "Complete – see …" one, as printed.
        statuses = [
            (piece, block)
            for text, block in self._list(sub, "status")
            for piece in split_statuses(text)
        ]
        count = len(steps)
        if count == 1 and max(len(dues), len(owners)) > 1 and len(steps[0][1]) <= SHARED_TEXT:
            wider = max(len(dues), len(owners))
            agreeing = len(dues) == len(owners) == wider
            if (
                len(dues) in (1, wider)
                and len(owners) in (1, wider)
                and (agreeing or wider == target_count)
            ):
                steps = steps * wider
                count = wider
        if count == 0:
            texts = [
                t
                for name in ("progress", "outcome", "evidence", "due", "owner", "status")
                for t, _ in self._list(sub, name)
            ]
            if not texts:
                return []
            blocks = [b for blocks in sub.fields.values() for b in blocks]
            start, end = span(blocks)
            steps = [(None, "", Block(text="", line_start=start, line_end=end))]
            count = 1
        labels_given = count > 1 and all(label for label, _, _ in steps)
        paired = (
            ("due_raw", dues),
            ("owner_raw", owners),
            ("status_raw", statuses),
            ("number", self._list(sub, "action_ref")),
        )
        paired_labels = {name: labelled(v) if labels_given else None for name, v in paired}
        notes = {name: self._list(sub, name) for name in ("progress", "outcome", "evidence", "rag")}
        progress = notes["progress"]
        if count > 1 and len(progress) == 1:
            # One update for several steps, a sentence each ("Form changed Jan 25.
            # Briefings ongoing. Audit not yet started."): each step its own sentence.
            sentences = [p for p in _SENTENCE_END.split(progress[0][0]) if p.strip()]
            if len(sentences) == count:
                notes["progress"] = [(p.strip(), progress[0][1]) for p in sentences]
        notes_labels = {n: labelled(v) if labels_given and v else None for n, v in notes.items()}
        # Extra "As above" entries repeat a step the action column never printed;
        # they add nothing, so the rest still pair one to one.
        one_each = {
            name: len(values) == count
            or (len(values) > count and all(is_ditto(t) for t, _ in values[count:]))
            for name, values in notes.items()
        }
        whole = {
            name: (" ".join(t for t, _ in values), span([b for _, b in values]))
            for name, values in notes.items()
            if values and not one_each[name]
        }
        given: dict[str, dict[int, tuple[str, Block]]] = {}  # values already given a step
        actions = []
        for position, (label, text, block) in enumerate(steps):
            item = ActionItem(
                text=text, line_start=block.line_start, line_end=block.line_end, label=label
            )
            item.field_lines["text"] = (block.line_start, block.line_end)
            for name, values in paired:
                by_label = paired_labels[name]
                value = (
                    pick_labelled(by_label, label) if by_label else pick(values, position, count)
                )
                if value is not None and _copied(given, name, value):
                    value = None
                if value is not None:
                    setattr(item, name, value[0])
                    item.field_lines[name] = (value[1].line_start, value[1].line_end)
                    if name == "owner_raw":
                        item.owner_line = value[1].line_start
                    if name == "status_raw":
                        item.status_in_column = True
            for name, values in notes.items():
                if not values:
                    continue
                by_label = notes_labels[name]
                if by_label and pick_labelled(by_label, label):
                    chosen = [pick_labelled(by_label, label)]
                elif one_each[name]:
                    chosen = [values[position]]
                elif 1 < len(values) < count and count in (len(dues), len(owners)):
                    # The row's lists run one per step from the top: the steps below the
                    # last entry have none, unless that entry is an "As above" for the rest.
                    if position < len(values):
                        chosen = [values[position]]
                    elif is_ditto(values[-1][0]):
                        chosen = [values[-1]]
                    else:
                        continue
                elif position == 0 or len(whole[name][0]) <= SHARED_TEXT:
                    # A cell that does not pair with the steps is about all of them.
                    chosen = values
                else:
                    continue
                if chosen is values:
                    setattr(item, name, whole[name][0])
                    item.field_lines[name] = whole[name][1]
                else:
                    setattr(item, name, " ".join(t for t, _ in chosen))
                    item.field_lines[name] = span([b for _, b in chosen])
                if name == "progress":
                    item.progress_entries = [t for t, _ in chosen]
            if not item.status_raw:
                item.status_raw = leading_status(item.progress) or leading_status(
                    item.text, reported=True
                )
            self._dittos(item)
            item.line_start = min([item.line_start, *(s for s, _ in item.field_lines.values())])
            item.line_end = max([item.line_end, *(e for _, e in item.field_lines.values())])
            actions.append(item)
        return actions

    def _dittos(self, item: ActionItem) -> None:
        """Cells that say "As above" take the value above them; the words are kept."""
        for name in (
            "text",
            "due_raw",
            "owner_raw",
            "status_raw",
            "outcome",
            "progress",
            "evidence",
        ):
            value = getattr(item, name)
            if value and is_ditto(value):
                above = self.previous_values.get(name)
                item.dittos[name] = value
                # A long value above is not copied: the words stay, and the
                # cross-reference they make points at it.
                copy = above is not None and len(above[0]) <= SHARED_TEXT
                setattr(item, name, above[0] if copy else value)
                if name == "progress" and copy:
                    item.progress_entries = [above[0]]
            elif value:
                self.previous_values[name] = (value, item.line_start)

    def _attach(self, actions: list[ActionItem], targets: list[int], main: SubRow) -> None:
        if not actions:
            return
        if not targets:
            for action in actions:
                self.unplaced.append(
                    Unplaced(
                        text=action.text,
                        line=action.line_start,
                        what="action with no recommendation",
                    )
                )
            return
        if len(targets) == len(actions):
            for index, action in zip(targets, actions, strict=True):
                self.recommendations[index].actions.append(action)
            return
        # A lead-in ("… an electronic system that will:") with one step per sub-item
        # beside it: each sub-item takes the step in its place.
        if len(targets) == 1:
            children = self.children_of.get(targets[0], [])
            lead_in = self.recommendations[targets[0]].text.rstrip().endswith(":")
            unlabelled = not any(a.label for a in actions)
            if lead_in and unlabelled and len(children) == len(actions) > 1:
                for index, action in zip(children, actions, strict=True):
                    self.recommendations[index].actions.append(action)
                return
        # Lettered steps ("a i)", "b)") go to the sub-item with that letter.
        children = sorted(i for t in set(targets) for i in self.children_of.get(t, []))
        parts = {
            (r.ref or "").rsplit("(", 1)[-1].rstrip(")"): i
            for i, r in ((i, self.recommendations[i]) for i in children)
            if r.ref and r.ref.endswith(")")
        }
        if parts and all(a.label and a.label.split()[0] in parts for a in actions):
            for action in actions:
                self.recommendations[parts[action.label.split()[0]]].actions.append(action)
            return
        for action in actions:
            self.recommendations[targets[0]].actions.append(action)
        if len(targets) > 1:
            for action in actions:
                action.shared_with = targets[1:]


def pair_items(
    logical_rows: list[LogicalRow], unplaced: list[Unplaced]
) -> list[RecommendationItem]:
    """The recommendations of a document's logical rows, each with its actions.

    Parameters
    ----------
    logical_rows : list of LogicalRow
        The rows of the document, page-break continuations joined.
    unplaced : list of Unplaced
        Where actions no recommendation takes are reported (appended to).

    Returns
    -------
    list of RecommendationItem
        In document order; ``parent`` and ``section`` are indexes.

    Raises
    ------
    Nothing: rows that give no recommendation leave their actions in ``unplaced``.

    Examples
    --------
    >>> row = LogicalRow(section=None, rows=[SubRow(
    ...     fields={"recommendation": [Block(text="1. Audit", line_start=2, line_end=2)],
    ...             "action": [Block(text="Run it", line_start=2, line_end=2)]},
    ...     line_start=2, line_end=2)])
    >>> [(r.ref, r.text, [a.text for a in r.actions]) for r in pair_items([row], [])]
    [('1', 'Audit', ['Run it'])]
    """
    pairing = _Pairing(unplaced)
    for logical in logical_rows:
        pairing._items(logical)
    return pairing.recommendations


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z“\"'(])")
_ABBREVIATION_END = re.compile(r"\b(?:e\.g|i\.e|etc|Dr|Mr|Mrs|Ms|No|St|para)\.$", re.IGNORECASE)


def _sentences(text: str) -> list[str]:
    parts: list[str] = []
    for part in _SENTENCE_END.split(text):
        if parts and _ABBREVIATION_END.search(parts[-1]):
            parts[-1] = f"{parts[-1]} {part}"
        else:
            parts.append(part)
    return [p.strip() for p in parts if p.strip()]


def _is_pointer(sentence: str) -> bool:
    """A sentence that is nothing but a cross-reference ("See 3.3.9 (v)")."""
    mentions = find_references(sentence)
    rest = sentence
    for mention in reversed(mentions):
        rest = rest[: mention.start] + rest[mention.end :]
    return bool(mentions) and not re.sub(r"[\W_]+", "", rest)


def _split_to(
    steps: list[tuple[str | None, str, Block]], wanted: int
) -> list[tuple[str | None, str, Block]]:
    """Split steps at sentences so that there are ``wanted`` of them, or leave them.

    A pointer sentence standing at a step's end ("… will be highlighted. See 3.3.9
    (v)") is tried first as a step of its own; then every sentence.
    """

    def pointer_split(text: str) -> list[str]:
        sentences = _sentences(text)
        if len(sentences) > 1 and _is_pointer(sentences[-1]):
            return [" ".join(sentences[:-1]), sentences[-1]]
        return [text]

    for splitter in (pointer_split, _sentences):
        pieces = [(label, piece, block) for label, text, block in steps for piece in splitter(text)]
        if len(pieces) == wanted:
            return pieces
    return steps
