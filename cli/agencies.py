"""``reviewgraph agencies``: every agency, its spellings, its plans, and possible duplicates."""

from __future__ import annotations

import json
from pathlib import Path

import click

from reviewgraph.queries.agencies import agencies as list_agencies
from reviewgraph.queries.agencies import merge_candidates

from .main import format_option, main, read_graph, store_option
from .output import render

__all__ = ["agencies"]


@main.command()
@store_option
@format_option
@click.option(
    "--threshold",
    type=click.FloatRange(0, 1),
    default=0.5,
    show_default=True,
    help="How alike two names must be to be shown as a possible duplicate.",
)
def agencies(store: Path, format_: str, threshold: float) -> None:
    """List agencies with their aliases and the plans that mention them.

    Agencies are merged only where a plan's own words (a key such as
    "Wexham Park Hospital (HWPH)", a section title) or the alias file given to
    `reviewgraph load --aliases` say so. Pairs that look alike but were kept
    apart are listed after the agencies as merge candidates.

    Example:

    \b
        reviewgraph agencies
        reviewgraph agencies --format json
    """
    graph = read_graph(store)
    if graph is None:
        return
    rows = list_agencies(graph)
    candidates = merge_candidates(graph, threshold=threshold)
    if format_ == "json":
        payload = {
            "agencies": [row.model_dump(mode="json") for row in rows],
            "merge_candidates": [c.model_dump(mode="json") for c in candidates],
        }
        click.echo(json.dumps(payload, indent=2, ensure_ascii=False))
        return
    if format_ == "csv":
        click.echo(render(rows, "csv"), nl=False)
        return
    click.echo(
        render(rows, "table", columns=["name", "aliases", "reviews", "recommendations", "roles"]),
        nl=False,
    )
    click.echo()
    if candidates:
        click.echo("Possibly the same organisation (join them in an alias file if so):")
        click.echo(render(candidates, "table"), nl=False)
    else:
        click.echo("No merge candidates: no two agencies look like one organisation.")
