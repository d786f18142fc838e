"""``reviewgraph synth``: write a corpus of fictional plans, each with its answer key."""

from __future__ import annotations

from pathlib import Path

import click

from .main import main

__all__ = ["synth"]

LAYOUTS = "pipe-html,tab,prose"


@main.command()
@click.option(
    "--plans",
    type=click.IntRange(min=0),
    default=100,
    show_default=True,
    help="How many plans to write.",
)
@click.option(
    "--seed",
    type=int,
    default=1,
    show_default=True,
    help="The same plans and seed always give the same files.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    metavar="DIR",
    help="Folder to write the plans and keys into (made if missing).",
)
@click.option(
    "--layouts",
    default=LAYOUTS,
    show_default=True,
    help="Comma-separated layouts to take in turn.",
)
def synth(plans: int, seed: int, output: Path, layouts: str) -> None:
    """Write fictional action plans in every layout, each with an answer key.

    Each plan NAME.md or NAME.txt has NAME.key.json beside it: the review,
    recommendations, actions, owners and cross-references a loader should
    find in it, with every reference's true target (or that it dangles or is
    ambiguous). The content is invented (boards, places, children "Child Q");
    `python benchmarks/score_synth.py DIR` scores the loaders against the keys.

    Example:

    \b
        reviewgraph synth --plans 200 --seed 1 -o corpus
        reviewgraph synth --plans 12 --layouts tab,prose -o small
        reviewgraph load corpus
    """
    # Imported here: the generator is not needed by any other command.
    from reviewgraph.loaders.synthetic import write_corpus

    written = write_corpus(output, plans, seed, layouts)
    click.echo(f"Wrote {len(written)} plans and their answer keys to {output}", err=True)
