"""What is late: a dated action past its last day, never an open-ended one."""

from __future__ import annotations

import datetime as dt

from reviewgraph.queries import owners
from reviewgraph.queries.checks import run_checks


def test_open_ended_dates_are_never_overdue(seed_graph):
    graph = seed_graph("kingston")
    overdue = {
        f.line_start
        for f in run_checks(graph, as_of=dt.date(2026, 1, 1))
        if f.rule == "overdue-action"
    }
    # 3.3.9(ii) "January 2006 onwards." (line 30) and 3.7.4 "Sept 2006 and then ongoing" (72).
    assert 30 not in overdue
    assert 72 not in overdue
    # L15 "April 2006-March 2007", in progress ("Establish numbers trained by 30 September");
    # 3.7.2 (line 71) reports its sharing done ("staff … have received … cubes").
    assert 15 in overdue
    assert 71 not in overdue
    texts = {row.text for row in owners(graph, overdue=True, as_of=dt.date(2026, 1, 1))}
    assert "Monthly file audit completed by senior managers." not in texts
    assert "Policies reviewed and changed" not in texts  # complete


def test_nothing_is_overdue_before_its_last_day(seed_graph):
    graph = seed_graph("kingston")
    findings = run_checks(graph, as_of=dt.date(2006, 3, 1))
    assert not [f for f in findings if f.rule == "overdue-action" and f.line_start == 38]
    later = run_checks(graph, as_of=dt.date(2006, 6, 1))
    # 3.3.13 (b) and (c) each have an action due May 2006 ((c)'s date is "As above").
    late = [f.quoted for f in later if f.rule == "overdue-action" and f.line_start == 38]
    assert late == ["May 2006", "May 2006"]
