"""The synthetic corpus: deterministic, every layout, keys true to the text, and scored 1.0."""

from __future__ import annotations

import doctest
import importlib.util
import json
import re
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reviewgraph.cli.main import main
from reviewgraph.loaders import (
    detect_layout,
    load_document,
    synthetic_references,
    synthetic_sentences,
)
from reviewgraph.loaders.synthetic import (
    KEY_SUFFIX,
    LAYOUT_NAMES,
    build_plan,
    generate_plans,
    parse_layouts,
    write_corpus,
)
from reviewgraph.loaders.synthetic_builder import STYLES
from reviewgraph.loaders.synthetic_writers import write_plan

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


def _scorer():
    """benchmarks/score_synth.py, which is a script, not a package module."""
    if "score_synth" in sys.modules:
        return sys.modules["score_synth"]
    spec = importlib.util.spec_from_file_location("score_synth", BENCHMARKS / "score_synth.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["score_synth"] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """Twelve plans: every layout and every style of each."""
    folder = tmp_path_factory.mktemp("corpus")
    write_corpus(folder, 12, seed=3)
    return folder


def _keys(folder: Path) -> list[dict]:
    return [
        json.loads(p.read_text(encoding="utf-8")) for p in sorted(folder.glob(f"*{KEY_SUFFIX}"))
    ]


def test_same_plans_and_seed_give_byte_identical_files(tmp_path, corpus):
    again = tmp_path / "again"
    write_corpus(again, 12, seed=3)
    names = sorted(p.name for p in corpus.iterdir())
    assert names == sorted(p.name for p in again.iterdir())
    assert len(names) == 24
    for name in names:
        assert (corpus / name).read_bytes() == (again / name).read_bytes(), name


def test_another_seed_gives_other_plans(tmp_path, corpus):
    other = tmp_path / "other"
    write_corpus(other, 12, seed=4)
    first = sorted(p.read_bytes() for p in corpus.glob("*.txt"))
    second = sorted(p.read_bytes() for p in other.glob("*.txt"))
    assert first != second


def test_a_plan_does_not_change_when_the_corpus_grows(tmp_path, corpus):
    write_corpus(tmp_path, 3, seed=3)
    for path in tmp_path.iterdir():
        assert path.read_bytes() == (corpus / path.name).read_bytes()


def test_every_layout_and_style_is_written_and_detected(corpus):
    keys = _keys(corpus)
    assert {(k["layout"], k["style"]) for k in keys} == {
        (layout, style) for layout, styles in STYLES.items() for style in styles
    }
    for key in keys:
        text = (corpus / key["plan"]).read_text(encoding="utf-8")
        assert detect_layout(text, key["plan"]) == key["layout"]


def test_layouts_can_be_chosen(tmp_path):
    assert [p.layout for p in generate_plans(4, 1, ["prose", "tab"])] == [
        "prose",
        "tab",
        "prose",
        "tab",
    ]
    assert parse_layouts("pipe-html, prose") == ["pipe-html", "prose"]
    with pytest.raises(Exception, match="unknown layout 'pdf'"):
        parse_layouts("tab,pdf")


def test_a_file_format_is_one_more_writer(tmp_path, monkeypatch):
    # A writer of its own format prints the plans of a layout the builder knows.
    from reviewgraph.loaders import synthetic_writers

    class TsvWriter(synthetic_writers.TabWriter):
        layout = "tsv"
        builds = "tab"
        suffix = ".tsv"
        binary = True

        def write(self, plan):
            return super().write(plan).encode("utf-8")

    monkeypatch.setitem(synthetic_writers.WRITERS, "tsv", TsvWriter())
    written = write_corpus(tmp_path, 2, seed=5, layouts="tsv")
    assert [p.suffix for p in written] == [".tsv", ".tsv"]
    keys = _keys(tmp_path)
    assert [(k["layout"], k["style"], k["plan"][-4:]) for k in keys] == [
        ("tsv", "sections", ".tsv"),
        ("tsv", "headings", ".tsv"),
    ]
    assert load_document(written[0]).layout == "tab"


def _flat(text: str) -> str:
    """Plan text without markup, tabs and pipes, in single spaces."""
    text = re.sub(r"<[^>]+>", " ", text).replace("&amp;", "&")
    text = re.sub(r"[|\t•*#]", " ", text)
    return " ".join(text.split())


def test_every_answer_in_a_key_is_printed_in_its_plan(corpus):
    for key in _keys(corpus):
        text = _flat((corpus / key["plan"]).read_text(encoding="utf-8"))
        assert key["review"]["subject"] in text
        for rec in key["recommendations"]:
            if rec["label"]:
                assert re.search(rf"(^| ){re.escape(rec['label'])}( |$)", text), rec
            if rec["text"]:
                # A page break may cut the words; their first three stay together.
                opening = " ".join(rec["text"].split()[:3])
                assert opening in text, rec
        for action in key["actions"]:
            assert " ".join(action["text"].split()[:3]) in text, action
            for owner in action["owners"]:
                assert owner["printed"].split()[-1] in text, owner
            if action["due"] and "due_raw" not in action["dittos"]:
                assert action["due"] in text, action
        for ref in key["references"]:
            assert ref["raw"] in text, ref
            assert ref["citing"], ref
            if ref["resolution"] == "resolved":
                assert len(ref["targets"]) == 1, ref
            elif ref["resolution"] == "ambiguous":
                assert len(ref["targets"]) > 1, ref
            else:
                assert ref["targets"] == [], ref


def test_keys_name_only_items_they_hold(corpus):
    for key in _keys(corpus):
        recs = {r["id"] for r in key["recommendations"]}
        items = recs | {a["id"] for a in key["actions"]}
        for rec in key["recommendations"]:
            assert rec["parent"] is None or rec["parent"] in recs
        for action in key["actions"]:
            assert set(action["recommendations"]) <= recs
        for ref in key["references"]:
            assert set(ref["citing"]) | set(ref["targets"]) <= items


def test_a_small_corpus_of_every_layout_scores_one(corpus):
    scorer = _scorer()
    scores = scorer.score_corpus(corpus)
    assert len(scores) == 12
    assert not [s.plan for s in scores if s.error]
    totals = scorer.totals(scores)
    # Every measure is exercised, and none falls short.
    assert totals["references"].expected > 20
    assert totals["dangling caught"].expected > 0
    shortfalls = {
        measure: (tally.found, tally.expected, tally.produced)
        for measure, tally in totals.items()
        if tally.recall != 1.0 or tally.precision not in (None, 1.0)
    }
    misses = [m for s in scores for m in s.misses if m.split(":")[0] not in KNOWN_SHORTFALLS]
    assert set(shortfalls) <= set(KNOWN_SHORTFALLS), misses[:10]
    assert totals["owners"].recall == 1.0, misses[:10]
    if shortfalls:
        pytest.xfail("; ".join(KNOWN_SHORTFALLS[m] for m in sorted(shortfalls)))


#: measures the loaders fall short on, and why (each a known gap, not a generator case)
KNOWN_SHORTFALLS: dict[str, str] = {}


def test_the_scorer_finds_a_wrong_graph(corpus, tmp_path):
    # A plan whose text was changed after its key was written scores below 1.0.
    scorer = _scorer()
    key_path = sorted(corpus.glob(f"*{KEY_SUFFIX}"))[1]
    key = json.loads(key_path.read_text(encoding="utf-8"))
    plan = corpus / key["plan"]
    (tmp_path / key_path.name).write_text(key_path.read_text(encoding="utf-8"), encoding="utf-8")
    text = plan.read_text(encoding="utf-8")
    first = next(r["text"] for r in key["recommendations"] if r["text"] and r["text"] in text)
    broken = text.replace(first, first.upper(), 1)
    (tmp_path / key["plan"]).write_text(broken, encoding="utf-8")
    (score,) = scorer.score_corpus(tmp_path)
    assert score.tallies["recommendation text"].recall < 1.0
    assert any(m.startswith("recommendation text") for m in score.misses)


def test_score_script_prints_a_table_and_writes_json(corpus, tmp_path, capsys):
    out = tmp_path / "score.json"
    assert _scorer().main([str(corpus), "--json", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "12 plans scored" in printed
    assert re.search(r"^references\s+\d+\s+\d+\s+\d+\s+1\.000\s+1\.000", printed, re.M)
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["plans"] == 12
    assert report["overall"]["resolution"]["recall"] == 1.0
    assert set(report["by_style"]) == {f"{lay}/{sty}" for lay, ss in STYLES.items() for sty in ss}


def test_wording_varies_like_plans_of_many_boards():
    # Boards word the same step in their own words: at 100 plans most action texts
    # are unique and the words number in hundreds (the fixed templates gave under
    # half distinct and ~230 words), yet some stock steps recur across agencies.
    plans = list(generate_plans(100, seed=1))
    texts = [(a.text, _agency_of(p, a)) for p in plans for a in p.actions.values()]
    actions = [text for text, _ in texts]
    vocabulary = {w for text in actions for w in re.findall(r"[a-z]+", text.lower())}
    assert len(set(actions)) / len(actions) > 0.85
    assert len(vocabulary) > 600
    agencies_of: dict[str, set[str]] = {}
    for text, agency in texts:
        agencies_of.setdefault(text, set()).add(agency)
    shared = [text for text, agencies in agencies_of.items() if len(agencies) > 1]
    assert len(shared) > 20, "stock wording should recur across agencies"
    recommendations = [r.text for p in plans for r in p.recommendations.values() if r.text]
    assert len(set(recommendations)) / len(recommendations) > 0.85


@pytest.mark.parametrize("module", [synthetic_sentences, synthetic_references])
def test_wording_doctests(module):
    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0 and result.failed == 0


def _agency_of(plan, action) -> str:
    """The agency whose section holds the action's recommendation."""
    return plan.sections[plan.recommendations[action.recommendations[0]].section].agency


def test_every_narrative_report_of_a_large_corpus_is_known_for_one():
    # A report whose agencies all gave progress without restating a recommendation
    # held one "The review recommended" sentence, too few to detect (plan 1973 of
    # seed 1 at one point): every prose plan of 2,000 must be detected.
    for index in range(2, 2000, 3):
        plan = build_plan(1, index, "prose")
        assert detect_layout(write_plan(plan), plan.file_name) == "prose", index


def test_synth_command_writes_plans_and_keys(tmp_path):
    result = CliRunner().invoke(
        main,
        ["synth", "--plans", "4", "--seed", "9", "--layouts", "tab,prose", "-o", str(tmp_path)],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    assert "Wrote 4 plans and their answer keys to" in result.output
    assert len(list(tmp_path.glob("*.txt"))) == 4
    assert len(list(tmp_path.glob(f"*{KEY_SUFFIX}"))) == 4
    assert {json.loads(k.read_text())["layout"] for k in tmp_path.glob("*.json")} == {
        "tab",
        "prose",
    }


def test_synth_command_refuses_an_unknown_layout_in_one_line(tmp_path):
    result = CliRunner().invoke(
        main, ["synth", "--layouts", "tab,docx", "-o", str(tmp_path)], catch_exceptions=False
    )
    assert result.exit_code == 1
    assert result.output == ("Error: unknown layout 'docx': choose from pipe-html, tab, prose\n")


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    seed=st.integers(min_value=0, max_value=10**9),
    index=st.integers(min_value=0, max_value=10**5),
    layout=st.sampled_from(LAYOUT_NAMES),
)
def test_any_seed_gives_a_plan_the_loaders_read_whole(tmp_path, seed, index, layout):
    plan = build_plan(seed, index, layout)
    path = tmp_path / plan.file_name
    path.write_text(write_plan(plan), encoding="utf-8")
    result = load_document(path)
    key = plan.key()
    assert result.layout == layout
    assert result.graph.count("Recommendation") == len(key["recommendations"])
    assert result.graph.count("Action") == len(key["actions"])
    assert result.graph.count("CrossReference") == len(key["references"])
    assert not [u for u in result.unplaced if u.reason == "unplaced"]
