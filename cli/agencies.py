"""``reviewgraph agencies``: every agency, its spellings, its plans, and possible duplicates."""

from __future__ import annotations

import json
from pathlib import Path

import click

from .main import backend_option, format_option, main, open_backend, store_option

__all__ = ["agencies"]


@main.command()
@store_option
@format_option
@backend_option
@click.option(
    "--threshold",
    type=click.FloatRange(0, 1),
    default=0.5,
    show_default=True,
    help="How alike two names must be to be shown as a possible duplicate.",
)
def agencies(store: Path, format_: str, backend: str, threshold: float) -> None:
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
    from reviewgraph.queries.agency_names import agencies as list_agencies
    from reviewgraph.queries.agency_names import merge_candidates

    from .output import render

    with open_backend(store, backend) as source:
        rows = list_agencies(source)
        candidates = merge_candidates(source, threshold=threshold)
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
        render(
            rows,
            "table",
            columns=["agency", "aliases", "reviews", "recommendations", "roles", "actions"],
        ),
        nl=False,
    )
    click.echo()
    if candidates:
        click.echo("Possibly the same organisation (join them in an alias file if so):")
        click.echo(
            render(candidates, "table", columns=["agency", "other", "score", "reason"]), nl=False
        )
    else:
        click.echo("No merge candidates: no two agencies look like one organisation.")
