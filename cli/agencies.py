"""``reviewgraph agencies``: every agency, its spellings, its plans, and possible duplicates."""

from __future__ import annotations

from pathlib import Path

import click

from .main import backend_option, main, open_backend
from .options import Fraction, output_options, store_option
from .output import Column, Output, Sheet

__all__ = ["agencies"]

AGENCY_COLUMNS = [
    Column("agency", kind="text"),
    Column("aliases"),
    Column("reviews"),
    Column("recommendations", kind="number"),
    Column("roles", kind="number"),
    Column("actions", kind="number"),
]
CANDIDATE_COLUMNS = [
    Column("agency", kind="text"),
    Column("other", kind="text"),
    Column("score", kind="number"),
    Column("reason", kind="text"),
]


@main.command()
@store_option
@output_options(tables=("agencies", "merge_candidates"))
@backend_option
@click.option(
    "--threshold",
    type=Fraction(),
    default=0.5,
    show_default=True,
    help="How alike (0 to 1) two names must be to be shown as a possible duplicate.",
)
def agencies(store: Path, output: Output, backend: str, threshold: float) -> None:
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
    from reviewgraph.queries.agency_names import AgencyRow, MergeCandidate, merge_candidates
    from reviewgraph.queries.agency_names import agencies as list_agencies

    with open_backend(store, backend) as source:
        rows = list_agencies(source)
        candidates = merge_candidates(source, threshold=threshold)
    output.emit_tables(
        [
            Sheet("agencies", rows, AGENCY_COLUMNS, fields=AgencyRow),
            Sheet(
                "merge_candidates",
                candidates,
                CANDIDATE_COLUMNS,
                fields=MergeCandidate,
                title="Possibly the same organisation (join them in an alias file if so)",
                empty="No merge candidates: no two agencies look like one organisation.",
            ),
        ]
    )
