"""Printing a synthetic plan in a layout: pipe tables with HTML cells, tab-separated rows, prose.

A writer turns a :class:`~.synthetic_plan.Plan` into the bytes of one file and
decides only what does not change the plan's meaning: where pages break, how
headers repeat, whether a cut row carries on in the next table. Adding a file
format is one more :class:`Writer` in :data:`WRITERS` (a ``.docx`` writer would
print the same rows through python-docx).
"""

from __future__ import annotations

import html
import random
import re

from .synthetic_phrases import runnable
from .synthetic_plan import Action, Plan, Row

__all__ = ["Writer", "PipeHtmlWriter", "TabWriter", "ProseWriter", "WRITERS", "write_plan"]


def _escape(text: str) -> str:
    return html.escape(text, quote=False)


def _roles_text(action: Action, style: str = "run") -> str:
    roles = [o.role or o.printed or "" for o in action.owners]
    if style == "slash" or not runnable(roles):
        return " / ".join(roles)
    first, *rest = (r.split() for r in roles)
    if (
        style == "and"
        and len(roles) == 2
        and len(first) == len(rest[0]) == 2
        and (first[0] == rest[0][0])
    ):
        # "Named Doctor & Nurse": the shared first word printed once.
        return f"{roles[0]} & {rest[0][1]}"
    return " ".join(roles)


def _due_text(action: Action) -> str:
    return action.dittos.get("due_raw") or action.due or ""


def _owner_text(action: Action, style: str = "run") -> str:
    return action.dittos.get("owner_raw") or _roles_text(action, style)


def _field_text(action: Action, name: str) -> str:
    if name == "due":
        return _due_text(action)
    if name == "owner":
        return _owner_text(action)
    key_field = {"status": "status_raw"}.get(name, name)
    if key_field in action.dittos:
        return action.dittos[key_field]
    return getattr(action, key_field) or ""


def _cut(text: str, rng: random.Random) -> tuple[str, str] | None:
    """Split ``text`` where a page break could fall: before a lower-case word mid-sentence.

    Only the first clause is cut, so that pointer words after it ("… – see 2.2
    below") stay in one piece, as the scanner of one cell finds them.
    """
    clause = re.split(r" – |\. ", text, maxsplit=1)[0]
    tokens = clause.split(" ")
    places = [
        i
        for i in range(3, len(tokens) - 1)
        if re.fullmatch(r"[a-z][a-z'-]*", tokens[i]) and not tokens[i - 1].endswith((".", ":"))
    ]
    if not places:
        return None
    at = rng.choice(places)
    head = " ".join(tokens[:at])
    return head, text[len(head) + 1 :]


class Writer:
    """Prints plans in one layout or file format.

    ``layout`` is the name ``--layouts`` takes and the layout the answer key
    says a loader should detect; ``builds`` the builder layout whose plans it
    prints (its own by default: a ``.docx`` writer would print the tables of
    ``pipe-html`` plans); ``suffix`` the file ending; ``binary`` whether
    :meth:`write` gives bytes.
    """

    layout = ""
    builds = ""
    suffix = ".txt"
    binary = False

    def write(self, plan: Plan) -> str | bytes:  # pragma: no cover - abstract
        raise NotImplementedError

    @staticmethod
    def rng(plan: Plan) -> random.Random:
        return random.Random(f"reviewgraph-synth-writer:{plan.seed}:{plan.index}")


# -- pipe tables with HTML cells -------------------------------------------------------


class PipeHtmlWriter(Writer):
    """Markdown pipe tables whose cells hold ``<p>``, ``<ul><li>``, ``<br/>`` and ``<b><u>``."""

    layout = "pipe-html"
    suffix = ".md"

    def write(self, plan: Plan) -> str:
        rng = self.rng(plan)
        as_of = plan.as_of or "2000-01-01"
        year, month, day = (int(p) for p in as_of.split("-"))
        columns = [
            "RECOMMENDATION",
            "ACTION",
            rng.choice(["TIMESCALE", "BY WHEN", "TARGET DATE"]),
            rng.choice(["RESPONSIBLE", "LEAD", "BY WHOM"]),
            f"PROGRESS AS AT {day}.{month}.{year % 100:02d}",
        ]
        header = "| " + " | ".join(columns) + " |\n|" + "---|" * len(columns)
        out = [
            "",
            f"# **{plan.kind} {plan.subject} – Action Plan {plan.plan_date}**",
            "",
            f"**{plan.board} ({plan.board_abbreviation}) publishes this plan with the agencies "
            f"named below, so that progress on every recommendation can be followed in one "
            f"place.**",
            "",
            header,
        ]
        in_label_table = False
        rows_in_table = 0
        for section in plan.sections:
            for row in section.rows:
                if row.label_column:
                    if not in_label_table:
                        out += [
                            "",
                            "|" + "   |" * (len(columns) + 1),
                            "|" + "---|" * (len(columns) + 1),
                        ]
                        in_label_table = True
                    out.append(self._label_row(plan, row))
                    continue
                if in_label_table or rows_in_table >= rng.randint(3, 7):
                    out += ["", header]
                    in_label_table = False
                    rows_in_table = 0
                cut = self._cut_row(plan, row, rng)
                out.append(self._row(plan, row, cut[0] if cut else None))
                rows_in_table += 1
                if cut:
                    rest = "| " + f"<p>{_escape(cut[1])}</p>" + " |" + "  |" * (len(columns) - 1)
                    if rng.random() < 0.5:
                        out += ["", "|" + "   |" * len(columns), "|" + "---|" * len(columns)]
                    else:
                        out += ["", header]
                    out.append(rest)
                    rows_in_table = 1
        out += ["", f"**{plan.place} Independent Chair**  ", f"**{plan.board}**", ""]
        return "\n".join(out)

    @staticmethod
    def _cut_row(plan: Plan, row: Row, rng: random.Random) -> tuple[str, str] | None:
        if not row.recommendations or rng.random() > 0.12:
            return None
        last = plan.recommendations[row.recommendations[-1]]
        if not last.text or len(last.text.split()) < 8:
            return None
        return _cut(last.text, rng)

    def _rec_cell(self, plan: Plan, row: Row, cut_text: str | None) -> str:
        parts = []
        if row.heading:
            if row.intro and not row.intro_label:
                parts.append(f"<p><b>{_escape(row.heading)}</b><br/>{_escape(row.intro)}</p>")
            else:
                parts.append(f"<p><b><u>{_escape(row.heading)}</u></b></p>")
        if row.intro_label and row.intro:
            parts.append(f"<p>{_escape(row.intro)}</p>")
        for position, rec_id in enumerate(row.recommendations):
            rec = plan.recommendations[rec_id]
            text = rec.text
            if cut_text is not None and position == len(row.recommendations) - 1:
                text = cut_text
            if rec.label and text:
                parts.append(f"<p>{_escape(rec.label)} {_escape(text)}</p>")
            elif rec.label:
                parts.append(f"<p>{_escape(rec.label)}</p>")
            else:
                parts.append(f"<p>{_escape(text)}</p>")
        return " ".join(parts)

    @staticmethod
    def _list(values: list[str], style: str) -> str:
        values = [v for v in values]
        if style == "ul" and len(values) > 1:
            items = " ".join(f"<li>• {_escape(v)}</li>" for v in values)
            return f'<ul style="list-style-type: none"> {items} </ul>'
        if style == "br" and len(values) > 1:
            return "<p>" + "<br/>".join(_escape(v) for v in values) + "</p>"
        return " ".join(f"<p>{_escape(v)}</p>" for v in values if v)

    def _cells(self, plan: Plan, row: Row) -> list[str]:
        actions = [plan.actions[a] for a in row.actions]
        if not actions:
            return ["", "", "", ""]
        style = row.styles.get("action", "p")

        def column(name: str, list_style: str = "p") -> str:
            if name in row.shared:
                return self._list([_field_text(actions[0], name)], "p")
            return self._list([_field_text(a, name) for a in actions], list_style)

        joint = row.styles.get("owner", "run")
        owners = (
            self._list([_owner_text(actions[0], joint)], "p")
            if "owner" in row.shared
            else self._list([_owner_text(a, joint) for a in actions], "p")
        )
        return [
            self._list([a.text for a in actions], style),
            column("due"),
            owners,
            column("progress", "ul"),
        ]

    def _row(self, plan: Plan, row: Row, cut_text: str | None) -> str:
        cells = [self._rec_cell(plan, row, cut_text), *self._cells(plan, row)]
        return "| " + " | ".join(cells) + " |"

    def _label_row(self, plan: Plan, row: Row) -> str:
        rec = plan.recommendations[row.recommendations[0]]
        (action_id,) = row.actions
        action = plan.actions[action_id]
        progress = _field_text(action, "progress")
        cells = [
            rec.label or "",
            _escape(rec.text),
            _escape(action.text),
            _escape(_due_text(action)),
            _escape(_owner_text(action)),
            f'<ul style="list-style-type: none"> <li>{_escape(progress)}</li> </ul>'
            if progress
            else "",
        ]
        return "| " + " | ".join(cells) + " |"


# -- tab-separated rows ------------------------------------------------------------------


class TabWriter(Writer):
    """Tab-separated rows under a header row that repeats at page breaks, in three styles."""

    layout = "tab"

    def write(self, plan: Plan) -> str:
        return {"sections": self._sections, "headings": self._headings, "keyed": self._keyed}[
            plan.style
        ](plan, self.rng(plan))

    # cells
    @staticmethod
    def _join(values: list[str], style: str) -> str:
        values = [v for v in values if v]
        if not values:
            return ""
        if len(values) == 1:
            return values[0]
        if style == "p":
            return " ".join(f"<p>{v}</p>" for v in values)
        if style == "ul":
            items = " ".join(f"<li>• {v}</li>" for v in values)
            return f'<ul style="list-style-type: none"> {items} </ul>'
        if style == "bullets":
            return (
                '<ul style="list-style-type: none"> '
                + " ".join(f"• {v}" for v in values)
                + " </ul>"
            )
        if style == "semicolon":
            return "; ".join(values)
        return " ".join(values)

    def _column(self, plan: Plan, row: Row, name: str) -> str:
        actions = [plan.actions[a] for a in row.actions]
        if not actions:
            return ""
        if name == "action":
            return self._join([a.text for a in actions], row.styles.get("action", "p"))
        if name == "owner" and len(actions) == 1 and not actions[0].dittos.get("owner_raw"):
            return _roles_text(actions[0], row.styles.get("owner", "run"))
        if name in row.shared or len(actions) == 1:
            return _field_text(actions[0], name)
        return self._join([_field_text(a, name) for a in actions], row.styles.get(name, "p"))

    # Bexley-like: numbered section rows, OUTCOME and MONITORING columns
    def _sections(self, plan: Plan, rng: random.Random) -> str:
        header = "\t".join(
            [
                "RECOMMENDATION",
                "OUTCOME What difference should it make?",
                "ACTION What will be done?",
                "BY WHOM Who leads it?",
                "BY WHEN Target date",
                "MONITORING Progress so far",
            ]
        )
        out = [
            "",
            "",
            "",
            plan.board,
            "",
            plan.kind,
            "",
            plan.subject,
            "",
            "PARTNERSHIP ACTION PLAN",
            "",
            header,
        ]
        rows_on_page = 0
        for section in plan.sections:
            out.append(f"{section.heading}\t\t\t\t{section.status or ''}\t")
            for row in section.rows:
                if rows_on_page >= rng.randint(3, 6):
                    out += ["", header]
                    rows_on_page = 0
                rec = plan.recommendations[row.recommendations[0]]
                cells = [
                    f"{rec.label} {rec.text}",
                    self._column(plan, row, "outcome"),
                    self._column(plan, row, "action"),
                    self._column(plan, row, "owner"),
                    self._column(plan, row, "due"),
                    self._column(plan, row, "progress"),
                ]
                rest = ["", "", "", "", "", ""]
                if rng.random() < 0.15:
                    cut = _cut(rec.text, rng)
                    if cut:
                        cells[0], rest[0] = f"{rec.label} {cut[0]}", cut[1]
                    action = plan.actions[row.actions[-1]]
                    cut = _cut(action.text, rng) if len(row.actions) == 1 else None
                    if cut and rng.random() < 0.5:
                        cells[2], rest[2] = cut
                out.append("\t".join(cells))
                rows_on_page += 1
                if any(rest):
                    out += ["", header, "\t".join(rest)]
                    rows_on_page = 1
        return "\n".join(out) + "\n"

    # Kirklees-like: agency headings as lines, unnumbered items, RAG
    def _headings(self, plan: Plan, rng: random.Random) -> str:
        due = rng.choice(["Target date", "Completion date", "Due date"])
        header = "\t".join(["Recommendation", "RAG", "Update", due, "Evidence"])
        out = [
            "",
            "",
            "",
            "",
            plan.board,
            plan.kind,
            "",
            "Partnership action plan",
            "",
            plan.subject,
            "",
            plan.plan_date,
            "",
        ]
        for section in plan.sections:
            out += [section.heading, "", header]
            rows_on_page = 0
            for row in section.rows:
                if rows_on_page >= rng.randint(3, 6):
                    out += ["", header]
                    rows_on_page = 0
                rec = plan.recommendations[row.recommendations[0]]
                first = plan.actions[row.actions[0]]
                cells = [
                    rec.text,
                    (first.rag or "").capitalize(),
                    self._column(plan, row, "action"),
                    _due_text(first),
                    _field_text(first, "evidence"),
                ]
                out.append("\t".join(cells))
                rows_on_page += 1
            out.append("")
        return "\n".join(out)

    # Windsor-like: a key of abbreviations, "N. X Actions" headings, several actions a row
    def _keyed(self, plan: Plan, rng: random.Random) -> str:
        legend = (
            'STATUS <ul style="list-style-type: none"> ● Complete ● In progress ● Delayed </ul>'
            if rng.random() < 0.5
            else "STATUS ● Complete ● In progress ● Delayed"
        )
        header = "\t".join(
            [
                "RECOMMENDATION",
                "ACTION REQUIRED",
                "BY WHEN",
                "LEAD OFFICER",
                "OUTCOME SOUGHT",
                legend,
                "EVIDENCE OF WHAT HAS BEEN DONE",
            ]
        )
        # The board's name broken over lines, its kind in capitals.
        words_of_board = plan.board[len(plan.place) + 1 :].upper().split()
        half = len(words_of_board) // 2
        board_lines = [
            plan.place,
            f"**{' '.join(words_of_board[:half])}",
            f"{' '.join(words_of_board[half:])}**",
        ]
        out = [
            "",
            "",
            "",
            *board_lines,
            "",
            plan.kind,
            plan.subject,
            "Action plan – **progress version**",
            "",
            "Key to abbreviations:",
            "",
        ]
        for full, abbreviation in plan.key_lines:
            out += [f"{full} ({abbreviation})", ""]
        out += [
            "NB Actions that the review gave to more than one agency are listed in the plan of "
            "the agency that leads them, and the others are named in its text.",
            "",
        ]
        for section in plan.sections:
            out += [section.heading, "", header]
            rows_on_page = 0
            for row in section.rows:
                if rows_on_page >= rng.randint(3, 6):
                    out += ["", header]
                    rows_on_page = 0
                if row.extra:
                    rec_cell = ""
                else:
                    rec = plan.recommendations[row.recommendations[0]]
                    rec_cell = f"{rec.label} {rec.text}"
                cells = [
                    rec_cell,
                    self._column(plan, row, "action"),
                    self._column(plan, row, "due"),
                    self._column(plan, row, "owner"),
                    self._column(plan, row, "outcome"),
                    self._column(plan, row, "status"),
                    self._column(plan, row, "evidence"),
                ]
                out.append("\t".join(cells))
                rows_on_page += 1
            out.append("")
        return "\n".join(out)


# -- narrative reports ---------------------------------------------------------------------


class ProseWriter(Writer):
    """Numbered agency sections of narrative: what the review recommended, what was done."""

    layout = "prose"

    def write(self, plan: Plan) -> str:
        out = [
            "",
            "",
            f"{plan.kind} – {plan.subject}",
            "",
            f"Progress made by agencies on the action plan – {plan.plan_date}",
            "",
            f"The {plan.kind.lower()} was completed some time ago. Since then the {plan.board} "
            f"({plan.board_abbreviation}) has monitored the progress each agency has made.",
            "",
            "Each agency named below has said, in its own words, what it has changed since "
            "the review was published.",
            "",
        ]
        for section in plan.sections:
            out += [section.heading, ""]
            for row in section.rows:
                rec = plan.recommendations[row.recommendations[0]]
                done = " ".join(plan.actions[a].text for a in row.actions)
                if not rec.stated:
                    out += [done, ""]
                elif row.styles.get("paragraphs") == "split":
                    out += [rec.text, "", done, ""]
                else:
                    out += [f"{rec.text} {done}", ""]
        return "\n".join(out)


#: layout -> its writer
WRITERS: dict[str, Writer] = {
    writer.layout: writer for writer in (PipeHtmlWriter(), TabWriter(), ProseWriter())
}


def write_plan(plan: Plan) -> str | bytes:
    """The file content of ``plan`` in its layout.

    Raises
    ------
    KeyError
        When no writer prints the plan's layout.

    Examples
    --------
    >>> from reviewgraph.loaders.synthetic import build_plan
    >>> write_plan(build_plan(1, 2, "prose")).splitlines()[2]
    'Child Safeguarding Practice Review – Infant T'
    """
    return WRITERS[plan.layout].write(plan)
