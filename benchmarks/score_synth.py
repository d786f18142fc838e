"""Score the loaders against a synthetic corpus's answer keys.

Loads every plan of a folder written by ``reviewgraph synth`` and compares
the graph with the plan's ``.key.json``:

* recommendations, matched by printed reference (or by position within their
  section when unnumbered), their texts and sub-item parents;
* actions, matched by recommendation and text, and the recommendations a
  shared action delivers;
* owners (lead role names per action) and the agencies the roles belong to;
* due text and interval, status and RAG of each matched action;
* cross-references, matched by their words and the item citing them; their
  kind and field; resolution accuracy (resolved to the true target, or
  dangling, or ambiguous between the true candidates); dangling caught;
* the review's board, subject and kind.

Run on demand::

    python benchmarks/score_synth.py CORPUS [--json score.json] [--details 5]

For our own layouts every figure should be 1.0; anything lower is a loader
bug or a generator case to explain. The graph is read by :func:`read_graph`
alone, so scoring a store instead of fresh loads changes one function.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reviewgraph.graph.core import ReviewGraph
from reviewgraph.loaders import load_document

KEY_SUFFIX = ".key.json"

#: measure -> what it counts (in the order printed)
MEASURES = {
    "review": "board, subject and kind of each review",
    "recommendations": "recommendations by printed ref, or position in their section",
    "recommendation text": "matched recommendations whose text is exact",
    "sub-item parents": "matched recommendations with the right parent (or none)",
    "agency directed at": "matched recommendations directed at their section's agency",
    "actions": "actions by recommendation and text",
    "shared action links": "further recommendations a shared action delivers",
    "owners": "lead role names per matched action",
    "owner agencies": "matched roles that belong to the right agency",
    "agency owners": "owner cells naming an agency, no role: OWNED_BY the agency itself",
    "unnamed owners": "actions no owner cell names: OWNED_BY their recommendation's agency",
    "due text": "matched actions whose due date is printed as in the key",
    "due interval": "matched actions whose due interval is right",
    "status": "matched actions with the right status",
    "rag": "matched actions with the right RAG rating",
    "references": "cross-references by words and citing item",
    "reference kind": "matched references of the right kind",
    "reference field": "matched references in the right field",
    "resolution": "matched references resolved to the true target / dangling / ambiguous",
    "dangling caught": "references the key says dangle, found dangling",
}


def read_graph(plan: Path) -> ReviewGraph:
    """The graph of one plan, as the product holds it.

    Today each plan is loaded afresh with the loaders; reading the same plan
    back from the store (``reviewgraph load`` then a query of its document)
    only changes this function.
    """
    return load_document(plan).graph


# -- comparing --------------------------------------------------------------------------


def _norm(text: str | None) -> str:
    """Words as printed: one space between them, straight apostrophes, case kept."""
    return " ".join((text or "").replace("’", "'").split())


def _fold(text: str | None) -> str:
    """Names compared whatever their case: agencies, roles (which the loader title-cases)."""
    return _norm(text).lower()


def _ref_key(ref: str | None) -> str:
    return re.sub(r"\s+", "", (ref or "").lower()).rstrip(".")


@dataclass
class Tally:
    """Counts for one measure: found (true positives), expected (key), produced (graph)."""

    found: int = 0
    expected: int = 0
    produced: int | None = None

    def add(self, other: Tally) -> None:
        self.found += other.found
        self.expected += other.expected
        if other.produced is not None:
            self.produced = (self.produced or 0) + other.produced

    @property
    def recall(self) -> float:
        return self.found / self.expected if self.expected else 1.0

    @property
    def precision(self) -> float | None:
        if self.produced is None:
            return None
        return self.found / self.produced if self.produced else 1.0


@dataclass
class PlanScore:
    plan: str
    layout: str
    style: str
    tallies: dict[str, Tally] = field(default_factory=lambda: {m: Tally() for m in MEASURES})
    misses: list[str] = field(default_factory=list)
    error: str | None = None

    def miss(self, measure: str, detail: str) -> None:
        self.misses.append(f"{measure}: {detail}")


def _agency_names(graph: ReviewGraph, node_id: str) -> set[str]:
    names = set()
    for agency in graph.targets(node_id, "DIRECTED_AT") + graph.targets(node_id, "MEMBER_OF"):
        names.add(_fold(agency.name))
        names.update(_fold(a) for a in agency.aliases)
    return names


def score_plan(key: dict[str, Any], graph: ReviewGraph) -> PlanScore:
    """Compare one plan's graph with its answer key."""
    score = PlanScore(key["plan"], key["layout"], key.get("style", ""))
    t = score.tallies
    spellings = {
        a["id"]: {_fold(s) for s in [a["name"], a["printed"], *a["spellings"]]}
        for a in key["agencies"]
    }

    # review
    review = next(graph.nodes("Review"), None)
    for name in ("board", "subject", "kind"):
        t["review"].expected += 1
        got = getattr(review, name, None) if review else None
        if _norm(got) == _norm(key["review"][name]):
            t["review"].found += 1
        else:
            score.miss("review", f"{name} {got!r} != {key['review'][name]!r}")

    # recommendations
    recs = sorted(graph.nodes("Recommendation"), key=lambda r: r.order)
    t["recommendations"].produced = len(recs)
    by_ref: dict[str, list[Any]] = defaultdict(list)
    by_section: dict[str, list[Any]] = defaultdict(list)
    for rec in recs:
        if rec.ref:
            by_ref[_ref_key(rec.ref)].append(rec)
        else:
            by_section[_norm(rec.section)].append(rec)
    used: set[str] = set()
    rec_map: dict[str, str] = {}
    unnumbered_seen: Counter[str] = Counter()
    for item in key["recommendations"]:
        t["recommendations"].expected += 1
        if item["ref"]:
            candidates = [r for r in by_ref.get(_ref_key(item["ref"]), []) if r.id not in used]
            match = candidates[0] if candidates else None
        else:
            section = _norm(item["section_heading"])
            position = unnumbered_seen[section]
            unnumbered_seen[section] += 1
            pool = by_section.get(section, [])
            match = pool[position] if position < len(pool) else None
        if match is None:
            score.miss("recommendations", f"{item['id']} {item['ref'] or item['text']!r} not found")
            continue
        used.add(match.id)
        rec_map[item["id"]] = match.id
        t["recommendations"].found += 1
    reverse_rec = {v: k for k, v in rec_map.items()}
    key_recs = {r["id"]: r for r in key["recommendations"]}
    for item in key["recommendations"]:
        node_id = rec_map.get(item["id"])
        if node_id is None:
            continue
        node = graph.node(node_id)
        for measure in ("recommendation text", "sub-item parents", "agency directed at"):
            t[measure].expected += 1
        if item["text"] is None or _norm(node.text) == _norm(item["text"]):
            t["recommendation text"].found += 1
        else:
            score.miss(
                "recommendation text",
                f"{item['ref'] or item['id']}: {node.text!r} != {item['text']!r}",
            )
        parents = [reverse_rec.get(p.id, p.id) for p in graph.sources(node_id, "HAS_PART")]
        if parents == ([item["parent"]] if item["parent"] else []):
            t["sub-item parents"].found += 1
        else:
            score.miss("sub-item parents", f"{item['ref']}: {parents} != {item['parent']}")
        if _agency_names(graph, node_id) & spellings.get(item["agency"], set()):
            t["agency directed at"].found += 1
        else:
            score.miss(
                "agency directed at",
                f"{item['ref'] or item['id']}: "
                f"{sorted(_agency_names(graph, node_id))} not {item['agency']}",
            )

    # actions
    actions = list(graph.nodes("Action"))
    t["actions"].produced = len(actions)
    action_map: dict[str, str] = {}
    taken: set[str] = set()
    for item in key["actions"]:
        t["actions"].expected += 1
        first = rec_map.get(item["recommendations"][0])
        pool = graph.targets(first, "HAS_ACTION") if first else []
        pool = sorted(pool, key=lambda a: int(a.id.rsplit(":", 1)[1]))
        match = next(
            (a for a in pool if a.id not in taken and _norm(a.text) == _norm(item["text"])), None
        )
        if match is None:
            owner = key_recs[item["recommendations"][0]]
            texts = [a.text for a in pool]
            score.miss(
                "actions",
                f"{item['id']} of {owner['ref'] or owner['id']} {item['text']!r} not in {texts}",
            )
            continue
        taken.add(match.id)
        action_map[item["id"]] = match.id
        t["actions"].found += 1
        for other in item["recommendations"][1:]:
            t["shared action links"].expected += 1
            other_id = rec_map.get(other)
            if other_id and match.id in {a.id for a in graph.targets(other_id, "HAS_ACTION")}:
                t["shared action links"].found += 1
            else:
                score.miss("shared action links", f"{item['id']} not linked to {other}")

    roles_produced = 0
    for item in key["actions"]:
        node_id = action_map.get(item["id"])
        if node_id is None:
            continue
        node = graph.node(node_id)
        owned = graph.targets(node_id, "OWNED_BY")
        roles = [o for o in owned if o.label == "LeadRole"]
        roles_produced += len(roles)
        expected = Counter(_fold(o["role"]) for o in item["owners"] if o["role"])
        got = Counter(_fold(getattr(r, "name", "")) for r in roles)
        hits = expected & got
        t["owners"].expected += sum(expected.values())
        t["owners"].found += sum(hits.values())
        if hits != expected or hits != got:
            score.miss(
                "owners", f"{item['id']} {node.owner_raw!r}: {sorted(got)} != {sorted(expected)}"
            )
        if not item["owners"]:
            # DOMAIN.md: with no owner named, the recommendation's agency owns the action.
            t["unnamed owners"].expected += 1
            rec_agency = key_recs[item["recommendations"][0]]["agency"]
            names = {_fold(n) for a in owned if a.label == "Agency" for n in [a.name, *a.aliases]}
            if not roles and names & spellings.get(rec_agency, set()):
                t["unnamed owners"].found += 1
            else:
                score.miss(
                    "unnamed owners",
                    f"{item['id']}: owned by {sorted(f'{a.label} {a.name}' for a in owned)}, "
                    f"not {rec_agency}",
                )
        for owner in item["owners"]:
            if owner["role"] is None:
                # DOMAIN.md: OWNED_BY goes to the Agency when no role is named.
                t["agency owners"].expected += 1
                names = {
                    _fold(n) for a in owned if a.label == "Agency" for n in [a.name, *a.aliases]
                }
                if names & spellings.get(owner["agency"], set()):
                    t["agency owners"].found += 1
                else:
                    score.miss(
                        "agency owners",
                        f"{item['id']} {owner['printed']!r}: owned by "
                        f"{sorted(f'{a.label} {a.name}' for a in owned)}, not {owner['agency']}",
                    )
                continue
            role = next((r for r in roles if _fold(r.name) == _fold(owner["role"])), None)
            if role is None:
                continue
            t["owner agencies"].expected += 1
            if _agency_names(graph, role.id) & spellings.get(owner["agency"], set()):
                t["owner agencies"].found += 1
            else:
                score.miss(
                    "owner agencies",
                    f"{item['id']} {owner['role']}: "
                    f"{sorted(_agency_names(graph, role.id))} not {owner['agency']}",
                )
        checks = [
            ("due text", _norm(node.due_raw), _norm(item["due"])),
            (
                "due interval",
                (_iso(node.due_start), _iso(node.due_end)),
                (item["due_start"], item["due_end"]),
            ),
            ("status", str(getattr(node.status, "value", node.status)), item["status"]),
            ("rag", node.rag, item["rag"]),
        ]
        for measure, got_value, want in checks:
            t[measure].expected += 1
            if got_value == want:
                t[measure].found += 1
            else:
                score.miss(measure, f"{item['id']} ({item['due']!r}): {got_value!r} != {want!r}")
    t["owners"].produced = roles_produced

    # references
    crossrefs = sorted(graph.nodes("CrossReference"), key=lambda r: int(r.id.rsplit(":", 1)[1]))
    t["references"].produced = len(crossrefs)
    citers = {c.id: {s.id for s in graph.sources(c.id, "CITES")} for c in crossrefs}
    item_map = {**rec_map, **action_map}
    reverse_item = {v: k for k, v in item_map.items()}
    claimed: set[str] = set()
    for ref in key["references"]:
        t["references"].expected += 1
        citing = {item_map[c] for c in ref["citing"] if c in item_map}
        candidates = [
            c
            for c in crossrefs
            if c.id not in claimed and _norm(c.raw) == _norm(ref["raw"]) and citers[c.id] & citing
        ]
        # One item can cite the same words twice ("As above" as its owner and its date).
        match = next((c for c in candidates if c.field == ref["field"]), None) or next(
            iter(candidates), None
        )
        if ref["resolution"] == "dangling":
            t["dangling caught"].expected += 1
        if match is None:
            score.miss(
                "references", f"{ref['id']} {ref['raw']!r} cited by {ref['citing']} not found"
            )
            continue
        claimed.add(match.id)
        t["references"].found += 1
        for measure, got_value, want in (
            ("reference kind", match.kind, ref["kind"]),
            ("reference field", match.field, ref["field"]),
        ):
            t[measure].expected += 1
            if got_value == want:
                t[measure].found += 1
            else:
                score.miss(measure, f"{ref['id']} {ref['raw']!r}: {got_value!r} != {want!r}")
        targets = sorted(
            reverse_item.get(x.id, x.id) for x in graph.targets(match.id, "RESOLVES_TO")
        )
        t["resolution"].expected += 1
        if match.resolution == ref["resolution"] and targets == sorted(ref["targets"]):
            t["resolution"].found += 1
        else:
            score.miss(
                "resolution",
                f"{ref['id']} {ref['raw']!r} line {match.source.line_start}: "
                f"{match.resolution} {targets} != {ref['resolution']} {ref['targets']}"
                + (f" ({match.reason})" if getattr(match, "reason", None) else ""),
            )
        if ref["resolution"] == "dangling" and match.resolution == "dangling":
            t["dangling caught"].found += 1
    for c in crossrefs:
        if c.id not in claimed:
            score.miss(
                "references",
                f"extra {c.raw!r} line {c.source.line_start} cited by "
                f"{sorted(reverse_item.get(x, x) for x in citers[c.id])}",
            )
    return score


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


# -- the corpus ---------------------------------------------------------------------------


def plan_keys(folder: Path) -> list[tuple[Path, dict[str, Any]]]:
    """Every (plan file, key) pair of a synthetic corpus folder, in name order."""
    pairs = []
    for key_path in sorted(folder.glob(f"*{KEY_SUFFIX}")):
        key = json.loads(key_path.read_text(encoding="utf-8"))
        pairs.append((folder / key["plan"], key))
    return pairs


def score_corpus(folder: Path) -> list[PlanScore]:
    """Load and score every plan of ``folder``; a plan that fails to load scores zero."""
    scores = []
    for plan, key in plan_keys(folder):
        try:
            graph = read_graph(plan)
        except Exception as error:  # noqa: BLE001 - a crash is a score of zero, reported
            score = PlanScore(key["plan"], key["layout"], key.get("style", ""))
            score.error = f"{type(error).__name__}: {error}"
            for measure in ("recommendations", "actions", "references"):
                score.tallies[measure].expected = len(key[measure.rstrip("s") + "s"])
            scores.append(score)
            continue
        scores.append(score_plan(key, graph))
    return scores


def totals(scores: list[PlanScore], group: str | None = None) -> dict[str, Tally]:
    """Tallies summed over plans (of one ``layout/style`` group, or all)."""
    summed = {m: Tally() for m in MEASURES}
    for score in scores:
        if group and f"{score.layout}/{score.style}" != group:
            continue
        for measure, tally in score.tallies.items():
            summed[measure].add(tally)
    return summed


def _figure(value: float | None) -> str:
    return "" if value is None else f"{value:.3f}"


def table(scores: list[PlanScore]) -> str:
    """The score table: one row per measure, recall and precision overall and per style."""
    groups = sorted({f"{s.layout}/{s.style}" for s in scores})
    overall = totals(scores)
    per_group = {g: totals(scores, g) for g in groups}
    head = ["measure", "found", "expected", "produced", "recall", "precision", *groups]
    rows = [head]
    for measure in MEASURES:
        tally = overall[measure]
        rows.append(
            [
                measure,
                str(tally.found),
                str(tally.expected),
                "" if tally.produced is None else str(tally.produced),
                _figure(tally.recall),
                _figure(tally.precision),
                *(_figure(per_group[g][measure].recall) for g in groups),
            ]
        )
    widths = [max(len(r[i]) for r in rows) for i in range(len(head))]
    lines = []
    for number, row in enumerate(rows):
        cells = [
            c.ljust(w) if i == 0 else c.rjust(w)
            for i, (c, w) in enumerate(zip(row, widths, strict=True))
        ]
        lines.append("  ".join(cells))
        if number == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def report(scores: list[PlanScore], seconds: float) -> dict[str, Any]:
    """The JSON form of a scoring run."""
    groups = sorted({f"{s.layout}/{s.style}" for s in scores})

    def dump(tallies: dict[str, Tally]) -> dict[str, Any]:
        return {
            m: {
                "found": x.found,
                "expected": x.expected,
                "produced": x.produced,
                "recall": x.recall,
                "precision": x.precision,
            }
            for m, x in tallies.items()
        }

    return {
        "plans": len(scores),
        "seconds": round(seconds, 2),
        "measures": MEASURES,
        "overall": dump(totals(scores)),
        "by_style": {g: dump(totals(scores, g)) for g in groups},
        "failed_to_load": {s.plan: s.error for s in scores if s.error},
        "misses": {s.plan: s.misses for s in scores if s.misses},
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="a corpus written by reviewgraph synth")
    parser.add_argument("--json", type=Path, default=None, help="write the scores here")
    parser.add_argument(
        "--details", type=int, default=0, metavar="N", help="print up to N misses per measure"
    )
    options = parser.parse_args(argv)
    if not options.folder.is_dir():
        print(f"{options.folder}: no such folder", file=sys.stderr)
        return 2
    start = time.perf_counter()
    scores = score_corpus(options.folder)
    seconds = time.perf_counter() - start
    if not scores:
        print(
            f"{options.folder}: no {KEY_SUFFIX} answer keys (write some with reviewgraph synth)",
            file=sys.stderr,
        )
        return 2
    print(f"{len(scores)} plans scored in {seconds:.1f} s")
    print(table(scores))
    failed = [s for s in scores if s.error]
    for score in failed:
        print(f"{score.plan}: failed to load: {score.error}")
    if options.details:
        by_measure: dict[str, list[str]] = defaultdict(list)
        for score in scores:
            for miss in score.misses:
                measure, detail = miss.split(": ", 1)
                by_measure[measure].append(f"{score.plan}: {detail}")
        for measure, misses in by_measure.items():
            print(f"\n{measure}: {len(misses)} misses")
            for miss in misses[: options.details]:
                print(f"  {miss}")
    if options.json:
        options.json.write_text(json.dumps(report(scores, seconds), indent=1), encoding="utf-8")
        print(f"wrote {options.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
