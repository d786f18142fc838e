"""Hostile plans: small files that once made a loader backtrack for seconds or hours.

Each entry of :data:`CASES` builds a plan whose one bad cell (or line) repeats
a piece ``n`` times; issue 14 lists them. The load-time tests and
``benchmarks/bench_hostile.py`` load each at ``n`` and ``2 n`` and compare.
:func:`big_plan` builds a long, well-formed plan of a given size for the
MB/s figures.
"""

from __future__ import annotations

from collections.abc import Callable

__all__ = ["CASES", "TAB_HEADER", "big_plan", "tab_plan", "pipe_plan"]

TAB_HEADER = "RECOMMENDATION\tACTION\tBY WHEN\tRESPONSIBLE\n"
PIPE_HEADER = "| RECOMMENDATION | ACTION | TIMESCALE | RESPONSIBLE |\n|---|---|---|---|\n"


def tab_plan(*rows: tuple[str, str, str, str], before: str = "") -> str:
    """A tab-separated plan with the usual header and the given rows."""
    return before + TAB_HEADER + "".join("\t".join(row) + "\n" for row in rows)


def pipe_plan(*rows: tuple[str, str, str, str], before: str = "") -> str:
    """A markdown pipe-table plan with the usual header and the given rows."""
    return before + PIPE_HEADER + "".join("| " + " | ".join(row) + " |\n" for row in rows)


_GOOD = ("1.1 Audit the files", "Run the audit", "May 2010", "Named Nurse")

#: name -> function of the repeat count giving the plan's text
CASES: dict[str, Callable[[int], str]] = {
    # dates._GAP_RE: exponential in the number of "i) " labels between two dates.
    "due cell with i) labels": lambda n: tab_plan(
        _GOOD, ("1.2 Train", "Train staff", "May 2010 " + "i) " * n + "zzz June 2011", "Lead")
    ),
    # reference_citers._best / _tail: every mention against every occurrence.
    "see 1.1 repeated in an action": lambda n: tab_plan(
        _GOOD, ("1.2 Train", "see 1.1 " * n, "June 2010", "Lead")
    ),
    # items._bold_section: <b> then spaces, no </b>.
    "<b> and spaces in a recommendation": lambda n: tab_plan(
        _GOOD, ("<b>" + " " * n + "x", "Train staff", "June 2010", "Lead")
    ),
    # numbering._INTRO: "made … recommendations" many times over.
    "made recommendations repeated": lambda n: tab_plan(
        _GOOD, ("1.2 " + "made recommendations " * n + ". x", "Train", "June 2010", "Lead")
    ),
    # rows._SEPARATOR: a pipe row after many leading spaces.
    "pipe row with leading spaces": lambda n: pipe_plan(_GOOD)
    + " " * n
    + "| 1.2 Train | Train staff | June 2010 | Lead |\n",
    # sections.section_agency: a heading ending in many "(".
    "heading ending in (": lambda n: "Kingston Police " + "(" * n + "\n" + tab_plan(_GOOD),
    # continuations._TERMINAL: dots before a page-break continuation.
    "dots before a continuation": lambda n: tab_plan(
        _GOOD, ("1.2 Train", "Train staff" + "." * n + "x", "June 2010", "Lead")
    )
    + TAB_HEADER
    + "\tMore words\t\t\n",
    # review_info._SUBJECT_AGED: "Child aged " repeated in a title line.
    "Child aged repeated in a title": lambda n: "Serious Case Review "
    + "Child aged " * n
    + ".\n"
    + tab_plan(_GOOD),
    # text/cells: a run of "<" with no ">" (<[^>]+>, </?[a-zA-Z][^>]*>).
    "run of < in a cell": lambda n: tab_plan(
        _GOOD, ("1.2 Train", "<" * n + " <a" * n, "June 2010", "Lead")
    ),
    # dates._points: a year looked for after every yearless date.
    "1 May repeated in a due cell": lambda n: tab_plan(
        _GOOD, ("1.2 Train", "Train staff", "1 May " * n, "Lead")
    ),
    # Structure, not cells: shapes whose handling once compared every row with every other.
    "page-break continuations repeated": lambda n: tab_plan(_GOOD)
    + (TAB_HEADER + "\tand more words see 1.1\t\t\n") * n,
    "page-break rows of further actions": lambda n: tab_plan(_GOOD)
    + (TAB_HEADER + "\tA further step\tJune 2010\t\n") * n,
    "rows adding actions to one recommendation": lambda n: tab_plan(
        _GOOD, *[("", f"Step {i} as above", "June 2010", "As above") for i in range(n)]
    ),
    "agency sections repeated": lambda n: tab_plan(
        *[row for i in range(n) for row in (
            (f"{i + 1}. Agency {i} Trust", "", "", ""),
            (f"{i + 1}.1 Audit", "see Agency 1 above", "May 2010", f"Head of Agency {i}"),
        )]
    ),
    "key lines repeated": lambda n: "".join(f"Agency number {i} (AG{i % 10}X)\n" for i in range(n))
    + tab_plan(_GOOD),
    "items numbered alike": lambda n: tab_plan(
        *[("1.1 Audit", "see 1.1 above", "May 2010", "Named Nurse") for _ in range(n)]
    ),
    "prose sections repeated": lambda n: "Progress report – June 2017\n\n"
    + "".join(
        f"{i % 90 + 1} Agency {i} Trust\n\nThe review recommended audits. Training has been "
        "delivered, see above.\n\n"
        for i in range(n)
    ),
}


def big_plan(size: int) -> str:
    """A well-formed tab-separated plan of about ``size`` characters.

    Sections of five numbered recommendations, each with two actions, dates,
    owners, statuses and cross-references, numbered so that no two items
    share a number (a real plan's pointers are unambiguous).
    """
    parts = [
        "Northmoor Local Safeguarding Children Board\nSerious Case Review Child Q\n\n",
        "RECOMMENDATION\tACTION\tBY WHEN\tLEAD OFFICER\tSTATUS\n",
    ]
    length = sum(map(len, parts))
    section = 0
    while length < size:
        section += 1
        rows = [f"{section}. Agency {section} Health Trust\t\t\t\tAll actions completed\n"]
        for item in range(1, 6):
            ref = f"{section}.{item}"
            see = f"see {section}.{item - 1} above" if item > 1 else "as above"
            rows.append(
                f"{ref} Staff in service {section} will record fathers in every assessment"
                f"\t<p>Audit {item} of case files; report to the board</p>"
                f"<p>Training for staff, {see}</p>"
                f"\t<p>May 2012</p><p>end June 2013</p>"
                f"\t<p>Named Nurse</p><p>Head of Safeguarding</p>"
                f"\t<p>Complete</p><p>In progress</p>\n"
            )
        text = "".join(rows)
        parts.append(text)
        length += len(text)
    return "".join(parts)
