"""Building a synthetic plan at random: what it says, and how its cells are shared.

One :class:`PlanBuilder` makes one :class:`~.synthetic_plan.Plan` from a seeded
random generator, in the style of one layout (a style is one way boards print
that layout: Bexley-like numbered sections, Kirklees-like agency headings …).
Cross-references are added last, once every item stands where a reader will
meet it, so that each one's true target is known.
"""

from __future__ import annotations

import calendar
import datetime as dt
import random
import re

from . import synthetic_vocabulary as words
from .synthetic_plan import Action, Agency, Owner, Plan, Recommendation, Row, Section
from .synthetic_references import ReferenceMaker, topic_cap

__all__ = ["STYLES", "PlanBuilder", "due_date", "runnable"]

#: layout -> the styles of it the builder writes, in turn
STYLES = {
    "pipe-html": ["numbered"],
    "tab": ["sections", "headings", "keyed"],
    "prose": ["report"],
}

_ROMAN = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii"]
_LETTERS = "abcdef"


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower().replace("'", "")).strip("-")


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def due_date(rng: random.Random, year: int, *, runnable: bool = False):
    """A due date in one of the forms plans print, with the interval it means.

    ``runnable`` keeps to the forms that stay apart when a cell runs several
    together ("June 2010 September 2010").

    Returns
    -------
    tuple of (str, str or None, str or None)
        The printed text and the first and last day (ISO) it means.

    Examples
    --------
    >>> text, start, end = due_date(random.Random(3), 2010)
    >>> isinstance(text, str)
    True
    """
    year = year + rng.choice([-1, 0, 0, 1])
    month = rng.randint(1, 12)
    name = words.MONTHS[month - 1]
    first = dt.date(year, month, 1)
    last = _month_end(year, month)
    forms = (
        ["month", "day", "end", "span"]
        if runnable
        else [
            "month",
            "month",
            "short",
            "day",
            "end",
            "span",
            "range",
            "slash",
            "now",
            "ongoing",
            "onwards",
            "quarter",
            "two-digit",
            "financial",
        ]
    )
    form = rng.choice(forms)
    if form == "month":
        return f"{name} {year}", first.isoformat(), last.isoformat()
    if form == "short":
        return f"{name[:3]}-{year % 100:02d}", first.isoformat(), last.isoformat()
    if form == "two-digit":
        return f"{name} {year % 100:02d}", first.isoformat(), last.isoformat()
    if form == "day":
        day = rng.randint(1, last.day)
        return (
            f"{day} {name} {year}",
            dt.date(year, month, day).isoformat(),
            dt.date(year, month, day).isoformat(),
        )
    if form == "end":
        return f"end {name} {year}", last.isoformat(), last.isoformat()
    if form == "slash":
        day = rng.randint(1, last.day)
        return (
            f"{day:02d}/{month:02d}/{year}",
            dt.date(year, month, day).isoformat(),
            dt.date(year, month, day).isoformat(),
        )
    if form == "span":
        to = min(12, month + rng.randint(2, 5))
        short = words.MONTHS[to - 1][:3] if rng.random() < 0.5 else words.MONTHS[to - 1]
        text = f"{name} – {short} {year}"
        return text, first.isoformat(), _month_end(year, to).isoformat()
    if form == "range":
        end_month = month - 1 or 12
        end_year = year + 1 if month > 1 else year
        text = f"{name} {year}-{words.MONTHS[end_month - 1]} {end_year}"
        return text, first.isoformat(), _month_end(end_year, end_month).isoformat()
    if form == "now":
        return rng.choice(["Now", "Immediate"]), None, None
    if form == "ongoing":
        return "Ongoing", None, None
    if form == "onwards":
        if rng.random() < 0.5:
            return f"{name} {year} onwards", first.isoformat(), None
        return (
            f"{name[:4] if name == 'September' else name} {year} and then ongoing",
            (first.isoformat()),
            None,
        )
    if form == "quarter":
        quarter = (month - 1) // 3 + 1
        return (
            f"Q{quarter} {year}",
            dt.date(year, 3 * quarter - 2, 1).isoformat(),
            _month_end(year, 3 * quarter).isoformat(),
        )
    # financial year
    return (
        f"{year}-{(year + 1) % 100:02d}",
        dt.date(year, 4, 1).isoformat(),
        dt.date(year + 1, 3, 31).isoformat(),
    )


def runnable(roles: list[str]) -> bool:
    """Whether owners printed run together can still be told apart by a reader.

    Examples
    --------
    >>> runnable(["Named Nurse", "Head of Midwifery"])
    True
    >>> runnable(["Head of Housing", "Team Manager"])
    False
    """
    return all(r.split()[-1].lower() in words.PERSON_HEADS for r in roles[:-1])


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


class PlanBuilder(ReferenceMaker):
    """Makes one plan: ``PlanBuilder(rng, seed=1, index=0, layout="tab").build()``.

    Examples
    --------
    >>> plan = PlanBuilder(random.Random(1), seed=1, index=0, layout="prose").build()
    >>> plan.layout, plan.style
    ('prose', 'report')
    """

    def __init__(
        self, rng: random.Random, *, seed: int, index: int, layout: str, style: str | None = None
    ) -> None:
        self.rng = rng
        self.seed = seed
        self.index = index
        self.layout = layout
        self.style = style or STYLES[layout][0]
        self.rec_count = 0
        self.action_count = 0
        self.ref_count = 0
        self.pointed: set[str] = set()

    # -- the plan ---------------------------------------------------------------------
    def build(self) -> Plan:
        rng = self.rng
        region_index = rng.randrange(len(words.REGIONS))
        region, initials = words.REGIONS[region_index]
        town = words.HOSPITAL_TOWNS[region_index]
        place = rng.choice(words.PLACES)
        self.year = rng.randint(2006, 2022)
        partnership = self.year >= 2019 or rng.random() < 0.25
        if partnership:
            board = f"{place} Safeguarding Children Partnership"
            abbreviation = "SCP"
        else:
            board = f"{place} Local Safeguarding Children Board"
            abbreviation = "LSCB"
        kind = (
            "Child Safeguarding Practice Review"
            if partnership and rng.random() < 0.6
            else rng.choice(words.REVIEW_KINDS)
        )
        subject = f"{rng.choice(words.SUBJECT_WORDS)} {rng.choice(words.SUBJECT_LETTERS)}"
        month = rng.randint(1, 12)
        as_of = dt.date(self.year, month, rng.randint(1, 28))
        name = f"synth_{self.seed}_{self.index:05d}_{_slug(place)}_{_slug(subject)}"
        self.plan = Plan(
            name=name,
            layout=self.layout,
            style=self.style,
            seed=self.seed,
            index=self.index,
            board=board,
            board_abbreviation=abbreviation,
            place=place,
            region=region,
            kind=kind,
            subject=subject,
            plan_date=f"{words.MONTHS[month - 1]} {self.year}",
            as_of=as_of.isoformat() if self.layout == "pipe-html" else None,
        )
        self._agencies(region, initials, town, place)
        topics = list(words.TOPICS)
        rng.shuffle(topics)
        self.topics = topics
        self.topic_index = 0
        total = self._total()
        {
            "numbered": self._pipe,
            "sections": self._sections,
            "headings": self._headings,
            "keyed": self._keyed,
            "report": self._report,
        }[self.style](total)
        self._references()
        return self.plan

    def _total(self) -> int:
        if self.layout == "prose":
            return self.rng.randint(4, 18)
        # Most plans hold 10-40 recommendations; a few run to 80.
        roll = self.rng.random()
        if roll < 0.15:
            return self.rng.randint(5, 10)
        if roll < 0.9:
            return self.rng.randint(10, 40)
        return self.rng.randint(40, 80)

    def _agencies(self, region: str, initials: str, town: str, place: str) -> None:
        rng = self.rng
        plan = self.plan
        board_spellings = [
            plan.board,
            plan.board_abbreviation,
            f"{place} {plan.board_abbreviation}",
        ]
        plan.agencies["board"] = Agency(
            id=f"board-{_slug(place)}",
            name=plan.board,
            kind="board",
            printed=plan.board_abbreviation,
            abbreviation=plan.board_abbreviation,
            spellings=board_spellings,
        )
        pool = [(spec, True) for spec in words.REGIONAL_AGENCIES] + [
            (spec, False) for spec in words.LOCAL_AGENCIES
        ]
        count = rng.randint(3, 6) if self.layout == "prose" else rng.randint(3, 7)
        chosen = rng.sample(pool, count)
        # The same organisation is one id across every plan that names it.
        for spec, regional in chosen:

            def fill(text: str) -> str:
                return (
                    text.replace("{R}", region)
                    .replace("{I}", initials)
                    .replace("{T}", town)
                    .replace("{t}", town[0])
                    .replace("{P}", place)
                )

            name = fill(spec["name"])
            spelling = fill(rng.choice(spec["spellings"]))
            abbreviation = fill(spec["abbreviation"])
            plan.agencies[spec["kind"]] = Agency(
                id=_slug(name),
                name=name,
                kind=spec["kind"],
                printed=spelling,
                abbreviation=abbreviation,
                spellings=[spelling],
            )
            del regional

    def _topic(self) -> str:
        topic = self.topics[self.topic_index % len(self.topics)]
        self.topic_index += 1
        return topic

    # -- items ------------------------------------------------------------------------
    def _rec(
        self,
        section: int,
        ref: str | None,
        label: str | None,
        text: str,
        topic: str = "",
        parent: str | None = None,
        stated: bool = True,
    ) -> Recommendation:
        self.rec_count += 1
        rec = Recommendation(
            id=f"R{self.rec_count}",
            ref=ref,
            label=label,
            text=text,
            section=section,
            parent=parent,
            topic=topic,
            stated=stated,
        )
        self.plan.recommendations[rec.id] = rec
        return rec

    def _action(self, recs: list[Recommendation], text: str) -> Action:
        self.action_count += 1
        action = Action(id=f"A{self.action_count}", recommendations=[r.id for r in recs], text=text)
        self.plan.actions[action.id] = action
        for rec in recs:
            rec.actions.append(action.id)
        return action

    def _subject_words(self, agency: Agency) -> str:
        if agency.kind == "board":
            return f"The {self.plan.board_abbreviation}"
        return {
            "police": "The police",
            "hospital": "The Trust",
            "community": "Community health services",
            "mental": "The Trust",
            "ccg": "Health commissioners",
            "probation": "The probation service",
            "social": "Children's social care",
            "housing": "Housing services",
            "education": "The education service",
            "earlyhelp": "The early help service",
            "yot": "The youth offending team",
        }[agency.kind]

    def _rec_text(self, agency: Agency, topic: str) -> str:
        template = self.rng.choice(words.RECOMMENDATION_TEMPLATES)
        return template.format(
            S=self._subject_words(agency),
            topic=topic,
            purpose=self.rng.choice(words.PURPOSES),
            staff=self.rng.choice(words.STAFF),
        )

    def _action_texts(self, topic: str, count: int) -> list[str]:
        templates = self.rng.sample(words.ACTION_TEMPLATES, count)
        return [t.format(topic=topic, staff=self.rng.choice(words.STAFF)) for t in templates]

    def _roles(self, agency: Agency) -> list[str]:
        if agency.kind == "board":
            return [r.replace("{B}", self.plan.board_abbreviation) for r in words.BOARD_ROLES]
        return list(words.ROLES[agency.kind])

    def _owners(self, agency_key: str, joint: bool = False) -> list[Owner]:
        agency = self.plan.agencies[agency_key]
        roles = self._roles(agency)
        count = 2 if joint and len(roles) > 1 else 1
        return [Owner(role, agency.id) for role in self.rng.sample(roles, count)]

    def _progress(self, action: Action) -> None:
        # Only a RAG column gives a RAG rating; progress words give a status.
        status, _, text = self.rng.choice(words.PROGRESS_TEMPLATES)
        action.status = status
        action.status_raw = _leading_status_words(text)
        action.progress = text

    def _fill(self, action: Action, agency_key: str, *, joint: bool = False) -> None:
        action.owners = self._owners(agency_key, joint=joint)
        action.due, action.due_start, action.due_end = due_date(self.rng, self.year)
        self._progress(action)

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
        texts = self._action_texts(topic, count)
        joint = count == 1 and rng.random() < 0.3
        for text in texts:
            action = self._action([rec], text)
            self._fill(action, agency_key, joint=joint)
            row.actions.append(action.id)
        self._share_cells(row)
        if joint:
            roles = [o.role for o in self.plan.actions[row.actions[0]].owners]
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
        row.styles["action"] = self.rng.choice(["ul", "p"])

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
            action = self._action(recs, self._action_texts(recs[0].topic, 1)[0])
            self._fill(action, agency_key)
            row.actions.append(action.id)
        else:
            for rec in recs:
                action = self._action([rec], self._action_texts(rec.topic, 1)[0])
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
            action = self._action([child], self._action_texts(topic, 1)[0])
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
            action = self._action([child], self._action_texts(topic, 1)[0])
            self._fill(action, agency_key)
            row.actions.append(action.id)
        row.styles["action"] = "p"
        self.plan.sections[section].rows.append(row)

    def _lettered(self, section: int, agency_key: str, ref: str, count: int) -> None:
        """An item listing its parts a), b) …; its actions deliver the item as a whole."""
        rng = self.rng
        agency = self.plan.agencies[agency_key]
        topic = self._topic()
        text = f"{self._subject_words(agency)} should strengthen {topic} by making sure that:"
        parent = self._rec(section, ref, ref, text, topic)
        row = Row(recommendations=[parent.id], actions=[])
        for position in range(count):
            letter = _LETTERS[position]
            part = rng.choice(words.PURPOSES)
            child = self._rec(section, f"{ref}({letter})", f"{letter})", part, parent=parent.id)
            row.recommendations.append(child.id)
        for action_text in self._action_texts(topic, rng.randint(1, 3)):
            action = self._action([parent], action_text)
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
            title = f"General Actions by {board} & Partner Agencies"
            if share >= 4 and self.rng.random() < 0.4:
                # Some plans give the board two sections: general actions, then its own.
                self._numbered_section(key, title, share // 2)
                self._numbered_section(
                    key, f"Specific Recommendations to {board}", share - share // 2
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
            topic=rec.topic or "the guidance", purpose=self.rng.choice(words.PURPOSES)
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
            [o.role for a in row.actions for o in self.plan.actions[a].owners]
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
                    due = (f"{words.MONTHS[rng.randint(0, 11)][:3]}-{self.year % 100:02d}",)
                    month = (
                        words.MONTHS.index(
                            next(m for m in words.MONTHS if m.startswith(due[0][:3]))
                        )
                        + 1
                    )
                    due = (
                        due[0],
                        dt.date(self.year, month, 1).isoformat(),
                        _month_end(self.year, month).isoformat(),
                    )
                evidence = rng.choice(words.EVIDENCE_TEMPLATES) if rng.random() < 0.6 else None
                done = rng.random() < 0.3
                for position, text in enumerate(self._action_texts(topic, count)):
                    if done and position == 0 and count == 1:
                        text = f"Completed. {text}"
                    action = self._action([rec], text)
                    action.rag = rag.lower()
                    action.due, action.due_start, action.due_end = due
                    action.evidence = evidence
                    if text.startswith("Completed."):
                        action.status, action.status_raw = "complete", "Completed"
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
                    f"{t}."
                    for t in self._action_texts(topic, min(count, len(words.ACTION_TEMPLATES)))
                ]
                outcome = (
                    rng.choice(words.OUTCOME_TEMPLATES).format(
                        topic=topic, purpose=rng.choice(words.PURPOSES)
                    )
                    + "."
                )
                in_cell = rng.randint(1, min(3, count)) if count > 1 else 1
                main = Row(recommendations=[rec.id], actions=[])
                for text in texts[:in_cell]:
                    action = self._action([rec], text)
                    self._fill(action, key)
                    action.progress = None
                    action.status_raw = _windsor_status(action.status, rng)
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
                    action.progress = None
                    action.status_raw = _windsor_status(action.status, rng)
                    action.outcome = outcome
                    action.evidence = rng.choice(words.EVIDENCE_TEMPLATES)
                    plan.sections[index].rows.append(
                        Row(recommendations=[], actions=[action.id], extra=True)
                    )

    # -- narrative report (prose) ---------------------------------------------------------------
    def _report(self, total: int) -> None:
        rng = self.rng
        plan = self.plan
        keys = ["board", *[k for k in plan.agencies if k != "board"]]
        shares = self._shares(total, len(keys))
        for number, key in enumerate(keys, 1):
            agency = plan.agencies[key]
            heading = f"{number} {plan.board if key == 'board' else agency.printed}"
            if key == "board":
                agency.spellings.append(plan.board)
            plan.sections.append(Section(heading=heading, agency=agency.id, board=key == "board"))
            index = len(plan.sections) - 1
            unstated = key != "board" and rng.random() < 0.15
            for item in range(1 if unstated else shares[number - 1]):
                topic = self._topic()
                staff = rng.choice(words.STAFF)
                if unstated:
                    rec = self._rec(index, None, None, "", topic, stated=False)
                else:
                    sentence = rng.choice(words.PROSE_RECOMMENDATION_TEMPLATES).format(
                        topic=topic, purpose=rng.choice(words.PURPOSES), staff=staff
                    )
                    rec = self._rec(index, None, None, sentence, topic)
                row = Row(recommendations=[rec.id], actions=[])
                templates = rng.sample(words.PROSE_PROGRESS_TEMPLATES, rng.randint(1, 3))
                for status, template in templates:
                    text = template.format(
                        topic=topic,
                        Topic=topic_cap(topic),
                        staff=rng.choice(words.STAFF),
                        Staff=_capital(rng.choice(words.STAFF)),
                    )
                    action = self._action([rec], text)
                    action.progress = text
                    action.status = status
                    row.actions.append(action.id)
                # Some boards start what has been done on a paragraph of its own.
                row.styles["paragraphs"] = "split" if rng.random() < 0.25 else "one"
                plan.sections[index].rows.append(row)
                del item


_STATUS_HEAD = re.compile(
    r"^(completed?|in progress|ongoing|delayed|not started)\b\.?", re.IGNORECASE
)


def _leading_status_words(text: str) -> str | None:
    match = _STATUS_HEAD.match(text)
    return match.group(1) if match else None


def _windsor_status(status: str, rng: random.Random) -> str:
    return {
        "complete": rng.choice(["Complete", "Completed"]),
        "in_progress": rng.choice(["In progress", "Ongoing"]),
        "delayed": "Delayed",
        "not_started": "Not started",
    }[status]
