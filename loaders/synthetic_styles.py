"""The layouts' styles of a synthetic plan: which items share a row, how cells list them.

Each style is one way boards print a layout: pipe tables numbered 3.3.1 with
sub-items (``numbered``), tab-separated rows under numbered section rows
(``sections``), under agency headings with RAG (``headings``), or numbered 1..N
under an abbreviation key (``keyed``), and a narrative report (``report``).
"""

from __future__ import annotations

import datetime as dt

from . import synthetic_vocabulary as words
from .synthetic_phrases import capital, due_date, month_end, runnable, windsor_status
from .synthetic_plan import Action, Owner, Plan, Row, Section
from .synthetic_references import topic_cap
from .synthetic_sentences import PURPOSES, STAFF
from .synthetic_wording import STEP_KINDS

__all__ = ["StyleMaker"]

_ROMAN = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii"]
_RAG_STATUS = {"Green": "complete", "Amber": "in_progress", "Red": "delayed"}
_LETTERS = "abcdef"


class StyleMaker:
    """The per-style half of :class:`~.synthetic_builder.PlanBuilder`: rows of items.

    It relies on the builder's item helpers (``_rec``, ``_action``, ``_fill`` …).
    """

    plan: Plan

    # -- pipe tables with HTML cells -------------------------------------------------------
    def _pipe(self, total: int) -> None:
        rng = self.rng
        plan = self.plan
        chapter = rng.randint(2, 4)
        keys = [k for k in plan.agencies if k != "board"]
        shares = self._shares(total, len(keys) + 1)
        # The board's own recommendations come first, unnumbered (Kingston-like).
        board = Section(
            heading=plan.board_abbreviation, agency=plan.agencies["board"].id, board=True
        )
        plan.sections.append(board)
        board.rows.append(
            Row(
                recommendations=[],
                actions=[],
                heading=plan.board_abbreviation,
                intro=f"The review makes the following recommendations for the "
                f"{plan.board_abbreviation}",
            )
        )
        for _ in range(shares[0]):
            self._simple_row(0, "board", ref=None, label=None)
        for number, key in enumerate(keys, 1):
            agency = plan.agencies[key]
            section_index = len(plan.sections)
            plan.sections.append(Section(heading=agency.printed, agency=agency.id))
            prefix = f"{chapter}.{number}"
            count = shares[number]
            item = 0
            first = True
            while item < count:
                item += 1
                ref = f"{prefix}.{item}"
                roll = rng.random()
                if first:
                    # Bold agency name, an intro line, then items with parallel actions.
                    group = min(count - item + 1, rng.randint(1, 3))
                    row = self._group_row(section_index, key, prefix, item, group)
                    row.heading = agency.printed
                    row.intro = (
                        f"{prefix} {self._subject_words(agency)} identified the following "
                        f"recommendations:"
                    )
                    row.intro_label = prefix
                    item += group - 1
                    first = False
                elif roll < 0.12 and count - item >= 1:
                    self._roman_rows(section_index, key, ref, rng.randint(2, 4))
                elif roll < 0.22:
                    self._intro_items(section_index, key, ref, rng.randint(2, 3))
                elif roll < 0.32:
                    self._lettered(section_index, key, ref, rng.randint(2, 4))
                elif roll < 0.45 and count - item >= 1:
                    group = min(count - item + 1, rng.randint(2, 3))
                    self._group_row(section_index, key, prefix, item, group)
                    item += group - 1
                else:
                    self._simple_row(section_index, key, ref=ref, label=ref)

    @staticmethod
    def _shares(total: int, parts: int) -> list[int]:
        base = max(1, total // parts)
        shares = [base] * parts
        for i in range(total - base * parts):
            shares[i % parts] += 1
        return shares

    def _simple_row(
        self, section: int, agency_key: str, *, ref: str | None, label: str | None
    ) -> Row:
        """One recommendation with 1-4 actions, its cells parallel lists or shared."""
        rng = self.rng
        agency = self.plan.agencies[agency_key]
        topic = self._topic()
        rec = self._rec(section, ref, label, self._rec_text(agency, topic), topic)
        count = rng.choice([1, 1, 1, 2, 2, 3, 4])
        row = Row(recommendations=[rec.id], actions=[])
        texts = self._action_texts(topic, count, agency)
        joint = count == 1 and rng.random() < 0.3
        for text in texts:
            action = self._action([rec], text)
            self._fill(action, agency_key, joint=joint)
            row.actions.append(action.id)
        self._share_cells(row)
        if joint:
            roles = [o.role or "" for o in self.plan.actions[row.actions[0]].owners]
            choices = ["run", "run", "slash", "and"] if runnable(roles) else ["slash"]
            row.styles["owner"] = rng.choice(choices)
        self.plan.sections[section].rows.append(row)
        return row

    def _share_cells(self, row: Row) -> None:
        """Print some of a multi-action row's cells once for all its actions."""
        if len(row.actions) < 2:
            return
        actions = [self.plan.actions[a] for a in row.actions]
        first = actions[0]
        for name in ("due", "owner", "progress"):
            if self.rng.random() < 0.3:
                row.shared.add(name)
                for action in actions[1:]:
                    if name == "due":
                        action.due, action.due_start, action.due_end = (
                            first.due,
                            first.due_start,
                            first.due_end,
                        )
                    elif name == "owner":
                        action.owners = list(first.owners)
                    else:
                        action.progress = first.progress
                        action.status, action.rag = first.status, first.rag
                        action.status_raw = first.status_raw
        row.styles["action"] = self.rng.choice(["ul", "p", "p", "br"])

    def _group_row(self, section: int, agency_key: str, prefix: str, start: int, count: int) -> Row:
        """Several numbered items in one cell, one action each (or one shared by all)."""
        agency = self.plan.agencies[agency_key]
        recs = []
        for offset in range(count):
            ref = f"{prefix}.{start + offset}"
            topic = self._topic()
            recs.append(self._rec(section, ref, ref, self._rec_text(agency, topic), topic))
        row = Row(recommendations=[r.id for r in recs], actions=[])
        if count > 1 and self.rng.random() < 0.25:
            # One step answers them all: it delivers each of them.
            action = self._action(recs, self._action_texts(recs[0].topic, 1, agency)[0])
            self._fill(action, agency_key)
            row.actions.append(action.id)
        else:
            for rec in recs:
                action = self._action([rec], self._action_texts(rec.topic, 1, agency)[0])
                self._fill(action, agency_key)
                row.actions.append(action.id)
        row.styles["action"] = "p"
        self.plan.sections[section].rows.append(row)
        return row

    def _roman_rows(self, section: int, agency_key: str, ref: str, count: int) -> None:
        """A number printed alone, its items i., ii. … each on a row of its own."""
        parent = self._rec(section, ref, ref, "")
        agency = self.plan.agencies[agency_key]
        for position in range(count):
            numeral = _ROMAN[position]
            topic = self._topic()
            child = self._rec(
                section,
                f"{ref}({numeral})",
                f"{numeral}.",
                self._rec_text(agency, topic),
                topic,
                parent=parent.id,
            )
            action = self._action([child], self._action_texts(topic, 1, agency)[0])
            self._fill(action, agency_key)
            row = Row(
                recommendations=[parent.id, child.id] if position == 0 else [child.id],
                actions=[action.id],
                label_column=position > 0,
            )
            self.plan.sections[section].rows.append(row)

    def _intro_items(self, section: int, agency_key: str, ref: str, count: int) -> None:
        """ "3.3.17 The review made the following recommendations:" then i., ii. in the cell."""
        agency = self.plan.agencies[agency_key]
        row = Row(recommendations=[], actions=[])
        row.intro = f"{ref} {self._subject_words(agency)} made the following recommendations:"
        row.intro_label = ref
        for position in range(count):
            numeral = _ROMAN[position]
            topic = self._topic()
            child = self._rec(
                section, f"{ref}({numeral})", f"{numeral}.", self._rec_text(agency, topic), topic
            )
            row.recommendations.append(child.id)
            action = self._action([child], self._action_texts(topic, 1, agency)[0])
            self._fill(action, agency_key)
            row.actions.append(action.id)
        row.styles["action"] = "p"
        self.plan.sections[section].rows.append(row)

    def _lettered(self, section: int, agency_key: str, ref: str, count: int) -> None:
        """An item listing its parts a), b) …, with steps beside them.

        One step per part pairs with the parts, a step each (as a reader pairs them,
        Kingston 3.3.13); any other number of steps delivers the item as a whole.
        """
        rng = self.rng
        agency = self.plan.agencies[agency_key]
        topic = self._topic()
        text = f"{self._subject_words(agency)} should strengthen {topic} by making sure that:"
        parent = self._rec(section, ref, ref, text, topic)
        row = Row(recommendations=[parent.id], actions=[])
        children = []
        for position in range(count):
            letter = _LETTERS[position]
            part = rng.choice(PURPOSES)
            child = self._rec(section, f"{ref}({letter})", f"{letter})", part, parent=parent.id)
            row.recommendations.append(child.id)
            children.append(child)
        texts = self._action_texts(topic, rng.randint(1, 4), agency)
        for position, action_text in enumerate(texts):
            owner = children[position] if len(texts) == len(children) else parent
            action = self._action([owner], action_text)
            self._fill(action, agency_key)
            row.actions.append(action.id)
        self._share_cells(row)
        self.plan.sections[section].rows.append(row)

    # -- tab-separated, numbered section rows (Bexley-like) ---------------------------------
    def _sections(self, total: int) -> None:
        plan = self.plan
        keys = ["board", *[k for k in plan.agencies if k != "board"]]
        shares = self._shares(total, len(keys))
        for key, share in zip(keys, shares, strict=True):
            agency = plan.agencies[key]
            if key != "board":
                self._numbered_section(key, agency.printed, share)
                continue
            board = f"{plan.place} {plan.board_abbreviation}"
            agency.spellings.append(board)
            title = f"General actions for {board} and partners"
            if share >= 4 and self.rng.random() < 0.4:
                # Some plans give the board two sections: general actions, then its own.
                self._numbered_section(key, title, share // 2)
                self._numbered_section(
                    key, f"Recommendations made to the {board}", share - share // 2
                )
            else:
                self._numbered_section(key, title, share)

    def _numbered_section(self, key: str, title: str, count: int) -> None:
        plan = self.plan
        number = str(len(plan.sections) + 1)
        heading = f"{number}. {title}"
        agency = plan.agencies[key]
        section = Section(heading=heading, agency=agency.id, number=number, board=key == "board")
        plan.sections.append(section)
        index = len(plan.sections) - 1
        for item in range(1, count + 1):
            ref = f"{number}.{item}"
            row = self._simple_row(index, key, ref=ref, label=ref)
            self._outcome(row)
            self._tab_styles(row)
        statuses = {plan.actions[a].status for r in section.rows for a in r.actions}
        if statuses == {"complete"}:
            section.status = "All actions completed"

    def _outcome(self, row: Row) -> None:
        rec = self.plan.recommendations[row.recommendations[0]]
        outcome = self.rng.choice(words.OUTCOME_TEMPLATES).format(
            topic=rec.topic or "the guidance", purpose=self.rng.choice(PURPOSES)
        )
        for action_id in row.actions:
            self.plan.actions[action_id].outcome = outcome
        row.shared.add("outcome")

    def _tab_styles(self, row: Row) -> None:
        """How a tab-separated row prints its lists: HTML paragraphs, or run together."""
        rng = self.rng
        if len(row.actions) == 1:
            return
        row.styles["action"] = rng.choice(["bullets", "p", "ul"])
        for name in ("due", "owner", "progress"):
            if name in row.shared:
                continue
            row.styles[name] = (
                "p" if row.styles["action"] != "bullets" or name == "progress" else "run"
            )
        if row.styles.get("owner") == "run" and not runnable(
            [o.role or "" for a in row.actions for o in self.plan.actions[a].owners]
        ):
            row.styles["owner"] = "p"
        if row.styles.get("due") == "run":
            for action_id in row.actions:
                action = self.plan.actions[action_id]
                action.due, action.due_start, action.due_end = due_date(
                    rng, self.year, runnable=True
                )

    # -- tab-separated, agency headings and RAG (Kirklees-like) -------------------------------
    def _headings(self, total: int) -> None:
        rng = self.rng
        plan = self.plan
        keys = ["board", *[k for k in plan.agencies if k != "board"]]
        shares = self._shares(total, len(keys))
        for number, key in enumerate(keys):
            agency = plan.agencies[key]
            heading = plan.board if key == "board" else agency.printed
            plan.sections.append(Section(heading=heading, agency=agency.id, board=key == "board"))
            index = len(plan.sections) - 1
            for _ in range(shares[number]):
                topic = self._topic()
                rec = self._rec(index, None, None, self._rec_text(agency, topic), topic)
                count = rng.choice([1, 1, 1, 1, 2, 3])
                row = Row(recommendations=[rec.id], actions=[])
                rag = rng.choice(["Green", "Green", "Amber", "Red"])
                due = due_date(rng, self.year) if rng.random() < 0.85 else (None, None, None)
                if rng.random() < 0.3:
                    month = rng.randint(1, 12)
                    due = (
                        f"{words.MONTHS[month - 1][:3]}-{self.year % 100:02d}",
                        dt.date(self.year, month, 1).isoformat(),
                        month_end(self.year, month).isoformat(),
                    )
                evidence = rng.choice(words.EVIDENCE_TEMPLATES) if rng.random() < 0.6 else None
                # Green says done: some updates say so in words too.
                done = rag == "Green" and rng.random() < 0.4
                for position, text in enumerate(self._action_texts(topic, count, agency)):
                    if done and position == 0 and count == 1:
                        text = f"Completed. {text}"
                    action = self._action([rec], text)
                    action.rag = rag.lower()
                    action.due, action.due_start, action.due_end = due
                    action.evidence = evidence
                    # A RAG column gives the status: Green complete, Amber in progress, Red
                    # delayed (the default reading when a plan prints no legend).
                    action.status = _RAG_STATUS[rag]
                    action.status_raw = "Completed" if text.startswith("Completed.") else None
                    row.actions.append(action.id)
                if count > 1:
                    row.styles["action"] = "bullets"
                row.shared.update({"due", "rag", "evidence"})
                plan.sections[index].rows.append(row)

    # -- tab-separated, abbreviation key, numbered 1..N (Windsor-like) ------------------------
    def _keyed(self, total: int) -> None:
        rng = self.rng
        plan = self.plan
        keys = ["board", *[k for k in plan.agencies if k != "board"]]
        shares = self._shares(total, len(keys))
        number = 0
        for position, key in enumerate(keys, 1):
            agency = plan.agencies[key]
            if key != "board":
                plan.key_lines.append((agency.name, agency.abbreviation))
                agency.spellings += [agency.name, agency.abbreviation]
                shown = agency.abbreviation if rng.random() < 0.6 else agency.name
            else:
                shown = plan.board_abbreviation
            heading = f"{position}. {shown} Actions"
            plan.sections.append(Section(heading=heading, agency=agency.id, board=key == "board"))
            index = len(plan.sections) - 1
            for _ in range(shares[position - 1]):
                number += 1
                ref = str(number)
                topic = self._topic()
                rec = self._rec(index, ref, f"{ref}.", self._rec_text(agency, topic), topic)
                count = rng.choice([1, 1, 2, 2, 3, 4, 5, 6])
                # Windsor-like cells are sentences: each ends with a full stop.
                texts = [
                    f"{t}." for t in self._action_texts(topic, min(count, len(STEP_KINDS)), agency)
                ]
                outcome = (
                    rng.choice(words.OUTCOME_TEMPLATES).format(
                        topic=topic, purpose=rng.choice(PURPOSES)
                    )
                    + "."
                )
                in_cell = rng.randint(1, min(3, count)) if count > 1 else 1
                main = Row(recommendations=[rec.id], actions=[])
                for text in texts[:in_cell]:
                    action = self._action([rec], text)
                    self._fill(action, key)
                    self._agency_owner(action, key)
                    action.progress = None
                    action.status_raw = windsor_status(action.status, rng)
                    action.outcome = outcome
                    action.evidence = rng.choice(words.EVIDENCE_TEMPLATES)
                    main.actions.append(action.id)
                main.shared.update({"outcome"})
                if in_cell > 1:
                    main.styles["action"] = rng.choice(["semicolon", "p"])
                    if main.styles["action"] == "semicolon":
                        main.styles.update(due="run", status="run", owner="single", evidence="one")
                        main.shared.update({"owner", "evidence"})
                        first = plan.actions[main.actions[0]]
                        for action_id in main.actions[:-1]:
                            # "a; b; c." – only the last clause keeps the full stop.
                            plan.actions[action_id].text = plan.actions[action_id].text[:-1]
                        for action_id in main.actions:
                            action = plan.actions[action_id]
                            action.due, action.due_start, action.due_end = due_date(
                                rng, self.year, runnable=True
                            )
                            action.owners = list(first.owners)
                            action.evidence = first.evidence
                    else:
                        main.styles.update(due="p", status="p", owner="p", evidence="p")
                plan.sections[index].rows.append(main)
                for text in texts[in_cell:]:
                    action = self._action([rec], text)
                    self._fill(action, key)
                    self._agency_owner(action, key)
                    action.progress = None
                    action.status_raw = windsor_status(action.status, rng)
                    action.outcome = outcome
                    action.evidence = rng.choice(words.EVIDENCE_TEMPLATES)
                    plan.sections[index].rows.append(
                        Row(recommendations=[], actions=[action.id], extra=True)
                    )

    def _agency_owner(self, action: Action, key: str) -> None:
        """Some lead-officer cells name the agency, not a role ("BHFT", "LSCB")."""
        if self.rng.random() < 0.12:
            agency = self.plan.agencies[key]
            shown = self.plan.board_abbreviation if key == "board" else agency.abbreviation
            action.owners = [Owner(None, agency.id, shown)]

    # -- narrative report (prose) ---------------------------------------------------------------
    def _report(self, total: int) -> None:
        rng = self.rng
        plan = self.plan
        keys = ["board", *[k for k in plan.agencies if k != "board"]]
        shares = self._shares(total, len(keys))
        # Some agencies report progress without restating what the review recommended.
        silent = {key: key != "board" and rng.random() < 0.15 for key in keys}
        if sum(n for key, n in zip(keys, shares, strict=True) if not silent[key]) < 2:
            # A reader knows a narrative report by its sentences of what the review
            # recommended: one alone is not enough to tell it from other prose.
            silent = dict.fromkeys(keys, False)
        for number, key in enumerate(keys, 1):
            agency = plan.agencies[key]
            heading = f"{number} {plan.board if key == 'board' else agency.printed}"
            if key == "board":
                agency.spellings.append(plan.board)
            plan.sections.append(Section(heading=heading, agency=agency.id, board=key == "board"))
            index = len(plan.sections) - 1
            unstated = silent[key]
            for item in range(1 if unstated else shares[number - 1]):
                topic = self._topic()
                staff = rng.choice(STAFF)
                if unstated:
                    rec = self._rec(index, None, None, "", topic, stated=False)
                else:
                    sentence = rng.choice(words.PROSE_RECOMMENDATION_TEMPLATES).format(
                        topic=topic, purpose=rng.choice(PURPOSES), staff=staff
                    )
                    rec = self._rec(index, None, None, sentence, topic)
                row = Row(recommendations=[rec.id], actions=[])
                templates = rng.sample(words.PROSE_PROGRESS_TEMPLATES, rng.randint(1, 3))
                for status, template in templates:
                    text = template.format(
                        topic=topic,
                        Topic=topic_cap(topic),
                        staff=rng.choice(STAFF),
                        Staff=capital(rng.choice(STAFF)),
                    )
                    action = self._action([rec], text)
                    action.progress = text
                    action.status = status
                    row.actions.append(action.id)
                # Some boards start what has been done on a paragraph of its own.
                row.styles["paragraphs"] = "split" if rng.random() < 0.25 else "one"
                plan.sections[index].rows.append(row)
                del item
