"""Building a synthetic plan at random: what it says, and how its cells are shared.

One :class:`PlanBuilder` makes one :class:`~.synthetic_plan.Plan` from a seeded
random generator, in the style of one layout (a style is one way boards print
that layout: Bexley-like numbered sections, Kirklees-like agency headings …).
Cross-references are added last, once every item stands where a reader will
meet it, so that each one's true target is known.
"""

from __future__ import annotations

import datetime as dt
import random

from . import synthetic_vocabulary as words
from . import synthetic_wording as wording
from .synthetic_phrases import due_date, leading_status_words, slug
from .synthetic_plan import Action, Agency, Owner, Plan, Recommendation
from .synthetic_references import ReferenceMaker
from .synthetic_sentences import action_texts, local_names, recommendation_text
from .synthetic_styles import StyleMaker

__all__ = ["STYLES", "PlanBuilder"]

#: layout -> the styles of it the builder writes, in turn
STYLES = {
    "pipe-html": ["numbered"],
    "tab": ["sections", "headings", "keyed"],
    "prose": ["report"],
}


class PlanBuilder(StyleMaker, ReferenceMaker):
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
        # Adults' boards publish plans after Safeguarding Adults Reviews that look the same.
        self.adults = rng.random() < 0.1
        partnership = self.year >= 2019 or rng.random() < 0.25
        if self.adults:
            board = f"{place} Safeguarding Adults Board"
            abbreviation = "SAB"
        elif partnership:
            board = f"{place} Safeguarding Children Partnership"
            abbreviation = "SCP"
        else:
            board = f"{place} Local Safeguarding Children Board"
            abbreviation = "LSCB"
        if self.adults:
            kind = "Safeguarding Adults Review"
        elif partnership and rng.random() < 0.6:
            kind = "Child Safeguarding Practice Review"
        else:
            kind = rng.choice(words.REVIEW_KINDS)
        subject_word = "Adult" if self.adults else rng.choice(words.SUBJECT_WORDS)
        subject = f"{subject_word} {rng.choice(words.SUBJECT_LETTERS)}"
        month = rng.randint(1, 12)
        as_of = dt.date(self.year, month, rng.randint(1, 28))
        name = f"synth_{self.seed}_{self.index:05d}_{slug(place)}_{slug(subject)}"
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
            adults=self.adults,
        )
        self._agencies(region, initials, town, place)
        # The board's own neighbourhoods, schools and surgeries, named in its steps.
        self.local = local_names(rng, rng.randint(5, 10))
        topics = [*words.TOPICS, *wording.EXTRA_TOPICS]
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
            id=f"board-{slug(place)}",
            name=plan.board,
            kind="board",
            printed=plan.board_abbreviation,
            abbreviation=plan.board_abbreviation,
            spellings=board_spellings,
        )
        local = words.ADULT_AGENCIES if self.adults else words.LOCAL_AGENCIES
        pool = [(spec, True) for spec in words.REGIONAL_AGENCIES] + [
            (spec, False) for spec in local
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
                id=slug(name),
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
            "adultsocial": "Adult social care",
        }[agency.kind]

    def _rec_text(self, agency: Agency, topic: str) -> str:
        return recommendation_text(
            self.rng,
            subject=self._subject_words(agency),
            topic=topic,
            kind=agency.kind,
            local=self.local,
        )

    def _action_texts(self, topic: str, count: int, agency: Agency) -> list[str]:
        return action_texts(self.rng, topic=topic, count=count, kind=agency.kind, local=self.local)

    def _roles(self, agency: Agency) -> list[str]:
        if agency.kind == "board":
            return [r.replace("{B}", self.plan.board_abbreviation) for r in words.BOARD_ROLES]
        return list(words.ROLES[agency.kind])

    def _owners(self, agency_key: str, joint: bool = False) -> list[Owner]:
        agency = self.plan.agencies[agency_key]
        housing = self.plan.agencies.get("housing")
        if housing and agency_key != "housing" and not joint and self.rng.random() < 0.05:
            # A role whose own words name another agency of the plan belongs to it.
            return [Owner("Head of Housing", housing.id)]
        roles = self._roles(agency)
        count = 2 if joint and len(roles) > 1 else 1
        return [Owner(role, agency.id) for role in self.rng.sample(roles, count)]

    def _progress(self, action: Action) -> None:
        # Only a RAG column gives a RAG rating; progress words give a status.
        status, _, text = self.rng.choice(words.PROGRESS_TEMPLATES)
        action.status = status
        action.status_raw = leading_status_words(text)
        action.progress = text

    def _fill(self, action: Action, agency_key: str, *, joint: bool = False) -> None:
        action.owners = self._owners(agency_key, joint=joint)
        action.due, action.due_start, action.due_end = due_date(self.rng, self.year)
        self._progress(action)
