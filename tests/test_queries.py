"""The analyst's questions answered on the five real plans, checked against what the plans say."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from click.testing import CliRunner

from reviewgraph import queries
from reviewgraph.cli.main import main
from reviewgraph.graph import NotFoundError
from reviewgraph.graph.store import Store
from reviewgraph.loaders.batch import load_paths
from reviewgraph.queries.backend import EmbeddedBackend
from reviewgraph.queries.constants import DEFAULT_THRESHOLD

DIRECTORATE_HEAD = "Directorate Head of Children's Services and Safeguarding"
AS_OF = dt.date(2012, 6, 30)


NAMES = ("kingston", "bexley", "kirklees", "windsor", "buckinghamshire")


@pytest.fixture(scope="module")
def store(seed_path, tmp_path_factory):
    path = tmp_path_factory.mktemp("store") / "plans.graph"
    with Store.open(path) as opened:
        report = load_paths(opened, [seed_path(name) for name in NAMES])
    assert not report.failed, report.failed
    return path


@pytest.fixture(scope="module")
def graph(store):
    """The seeds, read from the store on disk as every command reads them."""
    opened = Store.open(store, readonly=True)
    yield EmbeddedBackend(opened)
    opened.close()


def run(*args: str, store=None):
    arguments = [*args, "--store", str(store)] if store else list(args)
    return CliRunner().invoke(main, arguments, catch_exceptions=False)


# -- owners -----------------------------------------------------------------


def test_kingston_directorate_head_owns_the_childrens_services_actions(graph):
    rows = queries.owners(graph, role=DIRECTORATE_HEAD, review="000")
    texts = {row.text for row in rows}
    # Kingston plan lines 20-47: the RESPONSIBLE cells naming the Directorate Head
    # (and the "As above" cells under it).
    assert {
        "ISA operational with necessary flagging option",
        "Information shared",
        "Recruitment Strategy and Restructuring has taken place",
        "Improved Monitoring Arrangements",
        "Monthly file audit completed by senior managers.",
        "Protocol developed involving senior managers across Children's Services and Housing",
        "Training programme for relevant staff agreed",
    } <= texts
    # Owned by others: the LSCB Chair (3.3.9 vi), the police (3.5.1) and the LSCB training group.
    assert not texts & {
        "Case synopsis available and distributed. Recommendations in all relevant training "
        "programmes.",
        "System in place",
        "Effective and appropriate training programme",
    }
    assert {row.agency for row in rows} == {"Children's Services RBK"}
    assert {row.role for row in rows} == {DIRECTORATE_HEAD}


def test_owner_filters_match_aliases_and_any_case(graph):
    by_name = queries.owners(graph, agency="Kingston Local Safeguarding Children Board")
    assert by_name and {row.agency for row in by_name} == {
        "Kingston Local Safeguarding Children Board"
    }
    # An agency option takes every agency whose name or an alias holds the words.
    every_board = queries.owners(graph, agency="lscb")
    assert set(by_name) < set(every_board)
    assert {row.agency for row in every_board} >= {
        "Kingston Local Safeguarding Children Board",
        "Bexley Local Safeguarding Children Board",
    }
    lowered = queries.owners(graph, role=DIRECTORATE_HEAD.lower(), review="000")
    assert lowered == queries.owners(graph, role=DIRECTORATE_HEAD, review="000")


def test_overdue_is_past_due_and_not_complete(graph):
    rows = queries.owners(graph, review="003", overdue=True, as_of=AS_OF)
    assert rows
    for row in rows:
        assert row.status.value != "complete"
        assert (row.due_end or row.due_start) < AS_OF
    assert queries.owners(graph, review="001", overdue=True, as_of=AS_OF) == []


def test_unknown_agency_suggests_close_names(graph):
    with pytest.raises(NotFoundError, match="Housing RBK"):
        queries.owners(graph, agency="Housing RKB")


# -- status -------------------------------------------------------------------


def test_every_bexley_action_is_complete(graph):
    # Each section of the Bexley plan ends "All actions completed".
    (row,) = queries.status(graph, by="review", review="001", as_of=AS_OF)
    assert row.total >= 40
    assert row.complete == row.total
    assert (row.in_progress, row.delayed, row.not_started, row.unknown, row.overdue) == (0,) * 5
    assert row.rating == "green"


def test_status_by_agency_counts_owners_agencies(graph):
    rows = queries.status(graph, by="agency", agency="South London NHS Trust", as_of=AS_OF)
    assert [(r.name, r.complete == r.total) for r in rows] == [("South London NHS Trust", True)]


# -- shared -------------------------------------------------------------------


def test_kingston_housing_and_childrens_services_share_the_213a_protocol(graph):
    rows = queries.shared(graph, between=("Housing", "Children's Services"))
    actions = {row.text for row in rows if row.kind == "action"}
    # Kingston lines 43 and 47: owned by the Head of Housing and the Directorate Head.
    assert (
        "Protocol developed involving senior managers across Children's Services and Housing"
        in (actions)
    )
    assert "Training programme for relevant staff agreed" in actions
    similar = [row for row in rows if row.kind == "similar"]
    assert any(row.other == "000:3.4.1" for row in similar)


def test_check_to_refer_at_two_hospitals_is_near_identical(graph):
    rows = queries.shared(graph, kinds=("similar",), review="001")
    pairs = {(row.ref, row.other): row for row in rows}
    row = pairs[("001:3.1", "001:6.1")]
    assert row.score >= DEFAULT_THRESHOLD
    assert row.agencies == ["Dartford & Gravesham NHS Trust"]
    assert row.other_agencies == ["South London NHS Trust"]
    assert ("001:3.1", "001:6.1") not in {
        (r.ref, r.other) for r in queries.shared(graph, kinds=("similar",), threshold=0.95)
    }


def test_see_lscb_above_crosses_agency_lines(graph):
    rows = queries.shared(graph, kinds=("cross-reference",), review="000")
    crossing = {(row.ref, row.agencies[0], row.other_agencies[0]) for row in rows}
    assert (
        "000:3.3.9(i)/1",
        "Children's Services RBK",
        "Kingston Local Safeguarding Children Board",
    ) in crossing


# -- deps ---------------------------------------------------------------------


def test_windsor_56_depends_on_lscb_recommendation_2(graph):
    rows = queries.deps(graph, "003:56")
    reached = {row.target for row in rows if row.resolution == "resolved"}
    assert "003:2" in reached
    via = {row.raw for row in rows if row.target == "003:2"}
    assert via == {"see LSCB action line 2"}
    assert all(row.path[0] == "003:56" for row in rows)
    dependents = {row.citing for row in queries.deps(graph, "003:2", reverse=True)}
    assert {"003:56/1", "003:56/2"} <= dependents


def test_cycles_are_reported_not_followed(tmp_path):
    # The seeds hold no loop of references since dittos only look up: a plan made to loop.
    plan = tmp_path / "loop.txt"
    plan.write_text(
        "RECOMMENDATION\tACTION\tBY WHEN\tLEAD\n"
        "1.1 Audit files\tSee 1.2 below\tMay 2010\tNamed Nurse\n"
        "1.2 Train staff\tSee 1.1 above\tJune 2010\tNamed Doctor\n",
        encoding="utf-8",
    )
    path = tmp_path / "loop.graph"
    with Store.open(path) as opened:
        assert not load_paths(opened, [plan]).failed
    with Store.open(path, readonly=True) as opened:
        rows = queries.deps(EmbeddedBackend(opened), "action:loop:1")
    assert any(row.cycle for row in rows)
    assert len(rows) < 50


# -- trace and search ---------------------------------------------------------


def test_newsletter_published_traces_to_its_recommendations_and_lines(graph):
    rows = queries.trace(graph, "Newsletter published")
    # Windsor & Maidenhead lines 42, 44 and 50 report "Newsletter published".
    assert {row.recommendation for row in rows} == {"003:5", "003:7", "003:9"}
    seven = [row for row in rows if row.recommendation == "003:7"]
    assert {(row.line_start, row.line_end) for row in seven} == {(44, 44)}
    assert seven[0].review == "003"
    assert seven[0].lines[0].startswith("7. RBWM should publicise the role of Access Officer")
    assert "Newsletter published" in seven[0].lines[0]


def test_trace_of_a_role_goes_through_its_actions(graph):
    (owned,) = queries.owners(graph, role="Borough Commander Kingston Police")
    rows = queries.trace(graph, owned.role_id)
    assert [row.recommendation for row in rows] == ["000:3.5.1"]


def test_trace_says_when_the_document_moved(graph):
    moved = graph.store.graph()
    document = moved.node("document:003_ec582cd5a6ee9def")
    document.path = "/nonexistent/003_ec582cd5a6ee9def.txt"
    (row,) = queries.trace(moved, "003:2")
    assert row.lines == [] and "not there any more" in row.note


def test_search_ranks_phrase_matches_first_with_their_trace(graph):
    hits = queries.search(graph, "concealed pregnancy", limit=5)
    assert len(hits) == 5 and [h.rank for h in hits] == [1, 2, 3, 4, 5]
    # Stemmed: "conceal", "concealed" and "concealment" are one word to the index.
    assert all("conceal" in h.text.lower() for h in hits)
    assert hits[0].score >= hits[-1].score
    assert all(h.document.endswith(".txt") and h.line_start >= 1 for h in hits)
    assert queries.search(graph, "zzzzqqq") == []


def test_search_stems_the_words_once(graph):
    # "housing" is indexed as "hous"; asked as "hous", FTS5 would look for "hou".
    housing = queries.search(graph, "housing", limit=None)
    assert {"Housing RBK", "Head of Housing"} <= {h.text for h in housing}
    nurses = queries.search(graph, "nurses", limit=None)
    assert nurses and all("nurs" in h.text.lower() for h in nurses)
    assert any(h.text == "Named Nurse" and h.label == "LeadRole" for h in nurses)


def test_items_are_addressed_by_id_review_ref_or_text(graph):
    (by_ref,) = queries.resolve(graph, "003:34")
    assert by_ref["text"].startswith("Recommendations from this review will be incorporated")
    (sub_item,) = queries.resolve(graph, "000:3.3.9 (v)")
    assert sub_item["ref"] == "3.3.9(v)" and sub_item["handle"] == "000:3.3.9(v)"
    (action,) = queries.resolve(graph, "003:56/2")
    assert action["label"] == "Action" and queries.resolve(graph, action["id"]) == [action]
    assert queries.resolve(graph, "003_ec582cd5a6ee9def:34") == [by_ref]
    with pytest.raises(NotFoundError, match="did you mean"):
        queries.resolve(graph, "003:999")
    # Without the plan: that reference in every plan that has it.
    assert [n["handle"] for n in queries.resolve(graph, "56/2")] == ["003:56/2"]
    assert [n["handle"] for n in queries.resolve(graph, "3.3.9 (v)")] == ["000:3.3.9(v)"]
    assert [n["handle"] for n in queries.resolve(graph, "3.1")] == ["001:3.1"]


# -- the same answers from the store -------------------------------------------


def test_results_are_identical_after_the_store_round_trip(graph, store):
    reopened = graph.store.graph()  # the whole store read back into memory
    calls = [
        lambda g: queries.owners(g, as_of=AS_OF),
        lambda g: queries.shared(g),
        lambda g: queries.deps(g, "003:56"),
        lambda g: queries.deps(g, "003:2", reverse=True),
        lambda g: queries.trace(g, "Newsletter published"),
        lambda g: queries.status(g, as_of=AS_OF),
        lambda g: queries.search(g, "named nurse"),
    ]
    for call in calls:
        assert call(graph) == call(reopened)


def test_help_shows_rows_and_an_example():
    for function in (queries.owners, queries.shared, queries.deps, queries.trace, queries.status):
        doc = function.__doc__
        assert "Returns" in doc and "Examples" in doc and ">>>" in doc


# -- CLI --------------------------------------------------------------------


def test_cli_status_csv_is_exact(store):
    result = run(
        "status",
        "--review",
        "001",
        "--by",
        "review",
        "--as-of",
        "2010-01-01",
        "--format",
        "csv",
        store=store,
    )
    assert result.exit_code == 0
    assert result.output == (
        "group,id,name,review,agency,total,complete,in_progress,delayed,not_started,unknown,"
        "overdue,red,amber,green,rating,as_of,as_of_basis\n"
        "review,review:001_1c0d779375c8faf1,001 Bexley Local Safeguarding Children Board: Serious "
        "Case Review – Child A,001,,42,42,0,0,0,0,0,0,0,0,green,2010-01-01,given\n"
    )


def test_cli_owners_table_fits_and_json_is_complete(store):
    result = run("owners", "--role", "Borough Commander Kingston Police", store=store)
    assert result.exit_code == 0
    heading, columns = result.output.splitlines()[:2]
    assert heading == "Kingston Police · Borough Commander Kingston Police"
    assert columns.split() == ["ref", "action", "due", "status"]
    assert "3.5.1" in result.output and "System in place" in result.output
    assert max(len(line) for line in result.output.splitlines()) <= 100
    result = run(
        "owners", "--role", "Borough Commander Kingston Police", "--format", "json", store=store
    )
    (row,) = json.loads(result.output)
    assert set(row) == set(queries.OwnedAction.model_fields)
    assert row["recommendation"] == "000:3.5.1" and row["status"] == "complete"
    assert row["ref"] == "000:3.5.1/1" and row["basis"] == "named"


def test_cli_empty_result_says_so_and_exits_1(store):
    result = CliRunner().invoke(
        main,
        ["owners", "--store", str(store), "--agency", "Kingston Hospital", "--status", "delayed"],
    )
    assert result.exit_code == 1
    assert result.output == "No owned actions match.\n"
    result = CliRunner().invoke(
        main,
        ["owners", "--store", str(store), "--agency", "Kingston Hospital", "--status", "delayed"]
        + ["--format", "json"],
    )
    assert (result.exit_code, result.stdout) == (1, "[]\n")


def test_cli_unknown_item_exits_1_with_suggestions(store):
    result = CliRunner().invoke(main, ["trace", "003:999", "--store", str(store)])
    assert result.exit_code == 1
    assert "nothing matches '003:999'; did you mean: 003:9" in result.output


def test_cli_shared_deps_trace_and_search(store):
    result = run("shared", "--between", "Housing", "Children's Services", store=store)
    assert result.exit_code == 0 and "000:3.4.1" in result.output
    result = run("deps", "003:56", "--format", "csv", store=store)
    assert result.exit_code == 0 and "see LSCB action line 2" in result.output
    result = run("trace", "003:7", store=store)
    assert result.exit_code == 0
    assert "Recommendation 003:7: RBWM" in result.output
    assert "\n    44 │ 7. RBWM should publicise" in result.output
    result = run("search", "newsletter", "--limit", "2", "--format", "json", store=store)
    assert [hit["rank"] for hit in json.loads(result.output)] == [1, 2]


def test_stats_status_and_owners_agree_on_every_count(graph):
    """Every review and every agency has the same number of actions in all three."""
    report = queries.stats(graph)
    rollups = queries.status(graph)
    owned = queries.owners(graph)
    by_review: dict[str, set[str]] = {}
    by_agency: dict[str, set[str]] = {}
    for row in owned:
        by_review.setdefault(row.review, set()).add(row.id)
        by_agency.setdefault(row.agency_id, set()).add(row.id)
    reviews = {r.review: r.total for r in rollups if r.group == "review"}
    assert reviews == {r.review: r.actions for r in report.reviews}
    assert reviews == {review: len(ids) for review, ids in by_review.items()}
    agencies = {r.id: r.total for r in rollups if r.group == "agency"}
    assert agencies == {a.id: a.actions for a in report.agencies if a.actions}
    assert agencies == {agency: len(ids) for agency, ids in by_agency.items()}
    # Every action of the five plans has an owner, with its basis.
    assert sum(reviews.values()) == len({row.id for row in owned})
    assert {row.basis for row in owned} == {"named", "text", "agency"}
