"""``reviewgraph inspect FILE``: what the loader sees in a plan, before loading it."""

from __future__ import annotations

from pathlib import Path

import click

from .main import main

__all__ = ["inspect"]


@main.command()
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--columns",
    "layout_file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    metavar="FILE",
    help='Layout file mapping the plan\'s column titles to fields ([columns] "Issue" = '
    '"recommendation").',
)
@click.option(
    "--format",
    "format_",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text for people; json for scripts (one object: the report).",
)
def inspect(path: Path, layout_file: Path | None, format_: str) -> None:
    """Show what the loader sees in a plan file, without loading it.

    Prints the layout detected, each table's column titles and the field each
    is matched to (or "not matched"), the first recommendations with their
    actions split into fields, the text left unplaced, and why the plan would
    be refused. Run it first when a plan does not load right, then map its
    columns with a layout file and --columns.

    Example:

    \b
        reviewgraph inspect examples/marshfield_dhr_anna_2022.docx
        reviewgraph inspect --columns layout.toml plans/sar-adult-d.docx
    """
    from reviewgraph.loaders.inspection import inspect_document, render_inspection
    from reviewgraph.loaders.layout_file import read_layout_file

    columns = read_layout_file(layout_file) if layout_file else None
    report = inspect_document(path, columns=columns)
    if format_ == "json":
        click.echo(report.model_dump_json(indent=2))
    else:
        click.echo(render_inspection(report))
