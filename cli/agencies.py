"""``reviewgraph agencies``: every agency, its spellings, its plans, and possible duplicates."""

from __future__ import annotations

from pathlib import Path

import click

from reviewgraph.queries.agencies import AgencyRow, MergeCandidate, merge_candidates
from reviewgraph.queries.agencies import agencies as list_agencies

from .main import main, read_graph
from .options import Fraction, output_options, store_option
from .output import Column, Output, Sheet

__all__ = ["agencies"]


AGENCY_COLUMNS = [
    Column("name", kind="text"),
    Column("aliases"),
    Column("reviews"),
    Column("recommendations", kind="number"),
    Column("roles", kind="number"),
]


@main.command()
@store_option
@output_options(tables=("agencies", "merge_candidates"))
@click.option(
    "--threshold",
    type=Fraction(),
    default=0.5,
    show_default=True,
    help="How alike (0 to 1) two names must be to be shown as a possible duplicate.",
)
def agencies(store: Path, output: Output, threshold: float) -> None:
    """List agencies with their aliases and the plans that mention them.

    Agencies are merged only where a plan's own words (a key such as
    "Wexham Park Hospital (HWPH)", a section title) or the alias file given to
    `reviewgraph load --aliases` say so. Pairs that look alike but were kept
    apart are listed after the agencies as merge candidates (CSV: --table
    merge_candidates).

    Example:

    \b
        reviewgraph agencies
        reviewgraph agencies --format csv -o agencies.csv
    """
    graph = read_graph(store)
    if graph is None:
        return
    output.emit_tables(
        [
            Sheet("agencies", list_agencies(graph), AGENCY_COLUMNS, fields=AgencyRow),
            Sheet(
                "merge_candidates",
                merge_candidates(graph, threshold=threshold),
                fields=MergeCandidate,
                title="Possibly the same organisation (join them in an alias file if so)",
                empty="No merge candidates: no two agencies look like one organisation.",
            ),
        ]
    )
