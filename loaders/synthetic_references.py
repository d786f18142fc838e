"""Cross-references in a synthetic plan, each placed where a reader would meet it.

Every pointer a board prints is made here — "See 3.3.9 (v)", "see 2.2 below",
"… covered – see above", "see LSCB above", "See action 34", "as action 18",
"see LSCB action line 2", "As above" and "SEE ABOVE" cells — with its true
target, and a few broken on purpose: numbers the plan does not have, sections
it does not have, a number printed twice, a ditto with nothing above it.
"""

from __future__ import annotations

import re

from . import synthetic_vocabulary as words
from .synthetic_dittos import DittoMaker
from .synthetic_plan import Action, Plan, Recommendation, Reference, Row

__all__ = ["ReferenceMaker", "topic_cap", "words_of"]

_STOP = frozenset("the of for and on in to a an with by".split())


def words_of(text: str) -> set[str]:
    """Lower-case words of ``text`` that can tell one subject from another.

    Examples
    --------
    >>> sorted(words_of("the escalation policy"))
    ['escalation', 'policy']
    """
    return {w for w in re.findall(r"[a-z]+", text.lower()) if w not in _STOP}


def topic_cap(topic: str) -> str:
    """A topic as the head of a sentence: "the escalation policy" -> "Escalation policy".

    Examples
    --------
    >>> topic_cap("the escalation policy")
    'Escalation policy'
    """
    text = re.sub(r"^the\s+", "", topic)
    return text[:1].upper() + text[1:]


def _stems(found: set[str]) -> set[str]:
    """Words as the reader compares them ("visits", "visiting" -> "visit")."""
    stems = set()
    for word in found:
        for suffix in ("ing", "ed", "es", "s"):
            if len(word) > len(suffix) + 3 and word.endswith(suffix):
                word = word[: -len(suffix)]
                break
        stems.add(word)
    return stems


# A pointer names its subject by its words ("Escalation policy covered – see above")
# and the reader takes the nearest item holding most of them; so a topic is named
# only while no other item of the plan holds half of the pointer's words.
_CLEAR = 0.5
_POINTER_STEMS = _stems(set(words.POINTER_WORDS))


class ReferenceMaker(DittoMaker):
    """The cross-reference half of :class:`~.synthetic_builder.PlanBuilder`.

    It expects ``self.plan``, ``self.rng``, ``self.style``, ``self.layout``,
    ``self.ref_count`` and ``self.pointed`` (topics already pointed at).
    """

    plan: Plan
    ref_count: int
    pointed: set[str]

    def _references(self) -> None:
        makers = {
            "numbered": [
                (self._ref_number, 0.5),
                (self._ref_bare, 0.5),
                (self._ref_below, 0.2),
                (self._ref_board_above, 0.4),
                (self._ref_ditto_owner, 0.5),
                (self._ref_dangling_number, 0.25),
                (self._ref_ambiguous_number, 0.15),
                (self._ref_regarding, 0.2),
                (self._ref_ditto_due, 0.3),
                (self._ref_ditto_progress, 0.3),
            ],
            "sections": [
                (self._ref_number, 0.6),
                (self._ref_bare, 0.4),
                (self._ref_below, 0.2),
                (self._ref_ditto_owner, 0.4),
                (self._ref_dangling_number, 0.2),
                (self._ref_line, 0.3),
                (self._ref_ditto_due, 0.2),
            ],
            "headings": [(self._ref_bare, 0.6), (self._ref_ditto_evidence, 0.4)],
            "keyed": [
                (self._ref_action, 0.6),
                (self._ref_line, 0.5),
                (self._ref_ditto_outcome, 0.5),
                (self._ref_ditto_owner, 0.3),
                (self._ref_dangling_action, 0.25),
                (self._ref_dangling_line, 0.2),
            ],
            "report": [],
        }[self.style]
        # Rows do not move once built: where each item stands, which row holds it,
        # and which items' words hold each topic are worked out once.
        self.position = {item: i for i, item in enumerate(self.plan.reading_order())}
        self.row_of: dict[str, Row] = {}
        for section in self.plan.sections:
            for row in section.rows:
                for item in (*row.recommendations, *row.actions):
                    self.row_of[item] = row
        self.holders: dict[str, list[str]] = {}
        for item in self.plan.reading_order():
            node = self.plan.recommendations.get(item) or self.plan.actions.get(item)
            topic = self._topic_of(item)
            if topic and node is not None and topic in node.text:
                self.holders.setdefault(topic, []).append(item)
        size = max(1, len(self.plan.recommendations) // 8)
        for maker, chance in makers:
            for _ in range(size):
                if self.rng.random() < chance:
                    maker()

    def _reference(
        self,
        raw: str,
        kind: str,
        form: str,
        field_name: str,
        citing: list[str],
        resolution: str,
        targets: list[str],
    ) -> Reference:
        self.ref_count += 1
        ref = Reference(
            id=f"X{self.ref_count}",
            raw=raw,
            kind=kind,
            form=form,
            field=field_name,
            citing=citing,
            resolution=resolution,
            targets=targets,
        )
        self.plan.references.append(ref)
        return ref

    def _rows_with_actions(self) -> list[tuple[int, Row]]:
        return [
            (index, row)
            for index, section in enumerate(self.plan.sections)
            for row in section.rows
            if row.actions
        ]

    def _free(self, action: Action, field_name: str) -> bool:
        """Whether an action's field can take pointer words without disturbing others."""
        if field_name in action.dittos:
            return False
        return not any(
            action.id in r.citing and r.field == field_name for r in self.plan.references
        )

    def _pick_citer(self, after: str | None = None) -> tuple[int, Row, Action] | None:
        """An action of a row (after item ``after`` in reading order) whose text is free."""
        floor = self.position[after] if after else -1
        choices = []
        for index, row in self._rows_with_actions():
            if (
                row.label_column
                or row.recommendations
                and not self.plan.recommendations[row.recommendations[0]].stated
            ):
                continue
            for action_id in row.actions:
                action = self.plan.actions[action_id]
                if (
                    self.position[action_id] > floor
                    and self._free(action, "text")
                    and len(action.recommendations) == 1
                ):
                    choices.append((index, row, action))
        return self.rng.choice(choices) if choices else None

    def _numbered_targets(self) -> list[Recommendation]:
        counts: dict[str, int] = {}
        for rec in self.plan.recommendations.values():
            if rec.ref:
                counts[rec.ref] = counts.get(rec.ref, 0) + 1
        return [
            r
            for r in self.plan.recommendations.values()
            if r.ref
            and counts[r.ref] == 1
            and r.text
            and not r.ref.endswith(")")
            or (
                r.ref
                and r.ref.endswith(")")
                and counts[r.ref] == 1
                and r.label
                and r.label.endswith(".")
            )
        ]

    @staticmethod
    def _printed_ref(ref: str) -> str:
        """ "3.3.9(v)" as a plan prints it in a pointer: "3.3.9 (v)"."""
        return ref.replace("(", " (")

    def _ref_number(self) -> None:
        """ "See 2.1.3", "… – see 2.2 below": a recommendation by its number."""
        targets = self._numbered_targets()
        picked = self._pick_citer()
        if not targets or picked is None:
            return
        _, _, action = picked
        target = self.rng.choice(
            [t for t in targets if t.id not in action.recommendations] or targets
        )
        if target.id in action.recommendations:
            return
        above = self.position[target.id] < self.position[action.id]
        printed = self._printed_ref(target.ref or "")
        if self.layout == "pipe-html" and self.rng.random() < 0.4:
            raw = f"See {printed}"
            action.text = raw
        else:
            raw = f"see {printed} {'above' if above else 'below'}"
            action.text = f"{action.text} – {raw}"
        self._reference(raw, "explicit", "number", "text", [action.id], "resolved", [target.id])

    def _distinct_topics(self) -> set[str]:
        """Topics a pointer can name: used once, their words held by no other item."""
        counts: dict[str, int] = {}
        for rec in self.plan.recommendations.values():
            if rec.topic:
                counts[rec.topic] = counts.get(rec.topic, 0) + 1
        used = [t for t, n in counts.items() if n == 1]
        vocab: dict[str, int] = {}
        for topic in counts:
            for word in _stems(words_of(topic)):
                vocab[word] = vocab.get(word, 0) + 1
        stems = {item: _stems(words_of(self._text(item))) for item in self.position}
        return {
            t
            for t in used
            if all(vocab[w] == 1 for w in _stems(words_of(t))) and self._clear(t, stems)
        }

    def _clear(self, topic: str, stems: dict[str, set[str]]) -> bool:
        """Whether no item but the topic's holders could be taken for its subject."""
        mine = _stems(words_of(topic))
        size = len(mine) + 1  # and the pointer's own word ("covered")
        # Items that carry an earlier pointer ("… covered – see above") hold its word:
        # such a holder would outscore the nearest one, another item could reach half.
        mine |= _POINTER_STEMS
        holders = set(self.holders.get(topic, []))
        return all(
            not found & _POINTER_STEMS if item in holders else len(mine & found) / size < _CLEAR
            for item, found in stems.items()
        )

    def _pointer_topics(self, items: set[str] | None = None) -> list[str]:
        """Distinct topics not yet pointed at, held by an item (of ``items``, if given)."""
        found = []
        for topic in sorted(self._distinct_topics() - self.pointed):
            holders = self._topic_holders(topic)
            if items is not None:
                holders = [h for h in holders if h in items]
            if holders:
                found.append(topic)
        return found

    def _topic_of(self, item: str) -> str:
        recs = self.plan.recommendations
        rec = recs[item] if item in recs else recs[self.plan.actions[item].recommendations[0]]
        # A lettered part's steps are about its parent's subject.
        return rec.topic or (recs[rec.parent].topic if rec.parent else "")

    def _topic_holders(self, topic: str) -> list[str]:
        return [h for h in self.holders.get(topic, []) if topic in self._text(h)]

    def _text(self, item: str) -> str:
        node = self.plan.recommendations.get(item) or self.plan.actions[item]
        return node.text

    def _ref_bare(self) -> None:
        """ "Escalation policy covered – see above": the nearest item above on that subject."""
        topics = self._pointer_topics()
        if not topics:
            return
        topic = self.rng.choice(topics)
        holders = self._topic_holders(topic)
        picked = self._pick_citer(after=holders[-1])
        if picked is None:
            return
        index, row, action = picked
        # The pointer stands in a later row than its subject.
        holder_rows = {
            id(r)
            for _, r in self._rows_with_actions()
            if set(holders) & {*r.recommendations, *r.actions}
        }
        if id(row) in holder_rows:
            return
        target = max(holders, key=self.position.__getitem__)
        phrase = f"{topic_cap(topic)} {self.rng.choice(words.POINTER_WORDS)}"
        action.text = f"{action.text}. {phrase} – see above"
        self.pointed.add(topic)
        self._reference(
            "see above", "positional", "bare", "text", [action.id], "resolved", [target]
        )
        del index

    def _ref_below(self) -> None:
        """ "Escalation policy covered – see below": the nearest item below on that subject."""
        picked = self._pick_citer()
        if picked is None:
            return
        _, row, action = picked
        last = max(self.position[i] for i in (*row.recommendations, *row.actions))
        topics = [
            t
            for t in self._pointer_topics()
            if min(self.position[h] for h in self._topic_holders(t)) > last
        ]
        if not topics:
            return
        topic = self.rng.choice(topics)
        target = min(self._topic_holders(topic), key=self.position.__getitem__)
        phrase = f"{topic_cap(topic)} {self.rng.choice(words.POINTER_WORDS)}"
        action.text = f"{action.text}. {phrase} – see below"
        self.pointed.add(topic)
        self._reference(
            "see below", "positional", "bare", "text", [action.id], "resolved", [target]
        )

    def _ref_board_above(self) -> None:
        """ "… – see LSCB above": an item of the board's section, above."""
        plan = self.plan
        board = next((i for i, s in enumerate(plan.sections) if s.board), None)
        if board is None:
            return
        board_items = {
            i for r in plan.sections[board].rows for i in (*r.recommendations, *r.actions)
        }
        topics = self._pointer_topics(board_items)
        if not topics:
            return
        topic = self.rng.choice(topics)
        holders = [h for h in self._topic_holders(topic) if h in board_items]
        candidates = [
            (i, r, a)
            for i, r in self._rows_with_actions()
            if i != board and not r.label_column
            for a in (plan.actions[x] for x in r.actions)
            if self._free(a, "text") and len(a.recommendations) == 1
        ]
        if not candidates:
            return
        _, _, action = self.rng.choice(candidates)
        target = max(holders, key=self.position.__getitem__)
        phrase = f"{topic_cap(topic)} {self.rng.choice(words.POINTER_WORDS)}"
        raw = f"see {plan.board_abbreviation} above"
        action.text = f"{action.text}. {phrase} – {raw}"
        self.pointed.add(topic)
        self._reference(raw, "positional", "agency", "text", [action.id], "resolved", [target])

    def _ref_dangling_number(self) -> None:
        """ "See 4.9" where the plan has no 4.9."""
        picked = self._pick_citer()
        numbered = [r.ref for r in self.plan.recommendations.values() if r.ref]
        if picked is None or not numbered:
            return
        _, _, action = picked
        base = self.rng.choice([r for r in numbered if "(" not in r] or ["1"])
        head = base.rsplit(".", 1)[0] if "." in base else base
        missing = (
            f"{head}.{self.rng.randint(60, 90)}" if "." in base else str(self.rng.randint(200, 300))
        )
        raw = f"see {missing} below"
        action.text = f"{action.text} – {raw}"
        self.plan.notes.append(f"{raw!r} points at an item the plan does not have")
        self._reference(raw, "explicit", "number", "text", [action.id], "dangling", [])

    def _ref_ambiguous_number(self) -> None:
        """Two items printed with one number, and a pointer to that number."""
        plan = self.plan
        simple = [
            r
            for r in plan.recommendations.values()
            if r.ref
            and r.label == r.ref
            and r.text
            and r.parent is None
            and not any(c.parent == r.id for c in plan.recommendations.values())
        ]
        if len(simple) < 3:
            return
        first, second = self.rng.sample(simple, 2)
        if first.ref == second.ref or any(
            r.ref == first.ref for r in plan.recommendations.values() if r.id != first.id
        ):
            return
        picked = self._pick_citer()
        if picked is None:
            return
        _, _, action = picked
        if set(action.recommendations) & {first.id, second.id}:
            return
        # Pointers already naming the renumbered item now name another.
        if any({first.id, second.id} & set(r.targets) for r in plan.references):
            return
        plan.notes.append(f"{second.ref} is printed again as {first.ref} (a numbering slip)")
        second.ref = first.ref
        second.label = first.label
        raw = f"See {first.ref}"
        action.text = f"{action.text} – {raw}"
        self._reference(
            raw,
            "explicit",
            "number",
            "text",
            [action.id],
            "ambiguous",
            sorted([first.id, second.id], key=self.position.__getitem__),
        )

    def _evidence_citer(self) -> Action | None:
        choices = [
            self.plan.actions[a]
            for _, row in self._rows_with_actions()
            if "evidence" not in row.shared and len(row.actions) == 1
            for a in row.actions
            if self._free(self.plan.actions[a], "evidence") and self.plan.actions[a].evidence
        ]
        return self.rng.choice(choices) if choices else None

    def _ref_action(self) -> None:
        """ "See action 34" / "… as action 18" in the evidence column: recommendation 34."""
        targets = [r for r in self._numbered_targets() if "." not in (r.ref or ".")]
        action = self._evidence_citer()
        if not targets or action is None:
            return
        target = self.rng.choice(targets)
        if target.id in action.recommendations:
            return
        roll = self.rng.random()
        if roll < 0.4:
            raw, form = f"See action {target.ref}", "action"
            action.evidence = f"{action.evidence}. {raw}."
        elif roll < 0.7:
            raw, form = f"as action {target.ref}", "action"
            action.evidence = f"Included in the briefing sent out {raw}."
        else:
            raw, form = f"see recommendation {target.ref}", "number"
            action.evidence = f"{action.evidence} ({raw})."
        self._reference(raw, "explicit", form, "evidence", [action.id], "resolved", [target.id])

    def _status_citer(self) -> Action | None:
        choices = [
            self.plan.actions[a]
            for _, row in self._rows_with_actions()
            if len(row.actions) == 1 and not row.label_column
            for a in row.actions
            if self._free(self.plan.actions[a], "status_raw")
            and self.plan.actions[a].status_raw in ("Complete", "Completed")
        ]
        return self.rng.choice(choices) if choices else None

    def _ref_line(self) -> None:
        """ "see LSCB action line 2": the second item of the board's section (of each, if two)."""
        plan = self.plan
        boards = [s for s in plan.sections if s.board]
        if not boards:
            return
        tops = [
            [
                r
                for row in section.rows
                for r in row.recommendations
                if plan.recommendations[r].parent is None
            ]
            for section in boards
        ]
        longest = max(len(t) for t in tops)
        if not longest:
            return
        line = self.rng.randint(1, longest)
        raw = f"see {plan.board_abbreviation} action line {line}"
        picks = [t[line - 1] for t in tops if len(t) >= line]
        resolution = "resolved" if len(picks) == 1 else "ambiguous"
        if self.style == "keyed":
            action = self._status_citer()
            if action is None:
                return
            action.status_raw = f"{action.status_raw} – {raw}."
            field_name = "status_raw"
        else:
            picked = self._pick_citer()
            if picked is None:
                return
            action = picked[2]
            if set(action.recommendations) & set(picks):
                return
            action.text = f"{action.text} – {raw}"
            field_name = "text"
        if resolution == "ambiguous":
            plan.notes.append(f"{raw!r} fits line {line} of each of the board's sections")
        self._reference(raw, "explicit", "action", field_name, [action.id], resolution, picks)

    def _ref_regarding(self) -> None:
        """ "… * see 3.7.2 re training": a number in the progress column."""
        targets = self._numbered_targets()
        choices = [
            (row, self.plan.actions[a])
            for _, row in self._rows_with_actions()
            if not row.label_column
            for a in row.actions
            if self.plan.actions[a].progress and self._free(self.plan.actions[a], "progress")
        ]
        if not targets or not choices:
            return
        row, action = self.rng.choice(choices)
        target = self.rng.choice(targets)
        if target.id in action.recommendations:
            return
        holders = row.actions if "progress" in row.shared else [action.id]
        raw = f"see {self._printed_ref(target.ref or '')}"
        word = self.rng.choice(sorted(words_of(target.topic or "") or {"this"}))
        for holder in holders:
            self.plan.actions[holder].progress = f"{action.progress} * {raw} re {word}"
        self._reference(
            raw, "explicit", "number", "progress", list(holders), "resolved", [target.id]
        )

    def _ref_dangling_action(self) -> None:
        action = self._evidence_citer()
        if action is None:
            return
        missing = len(self.plan.recommendations) + self.rng.randint(20, 60)
        raw = f"See action {missing}"
        action.evidence = f"{action.evidence}. {raw}."
        self.plan.notes.append(f"{raw!r} points past the last recommendation")
        self._reference(raw, "explicit", "action", "evidence", [action.id], "dangling", [])

    def _ref_dangling_line(self) -> None:
        action = self._status_citer()
        if action is None:
            return
        named = {w for s in self.plan.sections for w in s.heading.split()}
        absent = next((a for a in ("CAMHS", "MASH", "IDVA", "Probation") if a not in named), None)
        if absent is None:
            return
        raw = f"see {absent} action line {self.rng.randint(1, 4)}"
        action.status_raw = f"{action.status_raw} – {raw}."
        self.plan.notes.append(f"{raw!r} names a section the plan does not have")
        self._reference(raw, "explicit", "action", "status_raw", [action.id], "dangling", [])
