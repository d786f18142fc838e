"""``reviewgraph map``: a workshop map as an offline HTML page, a picture, or a Gephi/yEd file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from .main import main, open_backend, store_option

__all__ = ["map_command"]

MAP_FORMATS = ("html", "png", "svg", "gexf", "graphml")
#: The names of the views and layouts, here so that --help needs no heavy import.
VIEWS = ("accountability", "plan", "references", "agencies")
LAYOUTS = ("force", "hierarchical")
DEFAULT_MAX_NODES = 2000


@main.command(name="map")
@store_option
@click.option(
    "--view",
    type=click.Choice(VIEWS),
    default="accountability",
    show_default=True,
    help="accountability: agencies, their roles and the actions they own; plan: "
    "recommendations and actions; references: items joined by cross-references; "
    "agencies: what agencies share.",
)
@click.option("--review", help="Only this review (document stem or its prefix, e.g. 003).")
@click.option("--agency", help="Only what this agency owns or is directed at (name or alias).")
@click.option("--status", "status_", help="Only actions with this status, e.g. 'in progress'.")
@click.option("--overdue", is_flag=True, help="Only actions past their due date and not complete.")
@click.option(
    "--as-of",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Judge overdue on this day (YYYY-MM-DD); by default each plan's progress "
    "date, else today.",
)
@click.option(
    "--format",
    "format_",
    type=click.Choice(MAP_FORMATS),
    default=None,
    help="html (interactive, works offline), png or svg (pictures for slides), gexf or "
    "graphml (Gephi, yEd); by default from the output's suffix, else html.",
)
@click.option(
    "--layout",
    type=click.Choice(LAYOUTS),
    default="force",
    show_default=True,
    help="hierarchical draws levels left to right (plan → recommendation → action).",
)
@click.option(
    "--physics/--no-physics",
    default=True,
    show_default=True,
    help="Arrange the HTML map in the browser (it stops once settled); --no-physics "
    "places nodes in Python instead.",
)
@click.option(
    "--max-nodes",
    type=click.IntRange(1),
    default=DEFAULT_MAX_NODES,
    show_default=True,
    help="Refuse a map with more nodes than this (add a filter instead).",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    help="File to write; <view>-map.<format> by default.",
)
def map_command(
    store: Path,
    view: str,
    review: str | None,
    agency: str | None,
    status_: str | None,
    overdue: bool,
    as_of: dt.datetime | None,
    format_: str | None,
    layout: str,
    physics: bool,
    max_nodes: int,
    output: Path | None,
) -> None:
    """Draw a map of the plans for a workshop: one file, no network needed.

    The HTML page is self-contained (it works from a USB stick with no
    network): hover over a node for its full text, owner, due date, status
    and the source file and lines. Actions are coloured by status, overdue
    ones ringed in red; agencies keep one colour on every map.

    Example:

    \b
        reviewgraph map --review eastvale -o eastvale-owners.html
        reviewgraph map --view plan --layout hierarchical --review northmoor -o plan.html
        reviewgraph map --view agencies -o agencies.png
        reviewgraph map --agency Hospital --overdue -o hospital-late.svg
        reviewgraph map --view plan --review eastvale -o plan.gexf
    """
    from reviewgraph.graph.gephi import write_view_gexf, write_view_graphml
    from reviewgraph.graph.render_html import write_html
    from reviewgraph.graph.render_image import layout_positions, write_png, write_svg
    from reviewgraph.queries.maps import check_size, map_graph, view_graph

    if format_ is None:
        suffix = output.suffix.lower().lstrip(".") if output else ""
        format_ = suffix if suffix in MAP_FORMATS else "html"
    output = output or Path(f"{view}-map.{format_}")
    with open_backend(store, "embedded") as source:
        graph = map_graph(source, review=review)
    drawn = view_graph(
        graph,
        view,
        review=review,
        agency=agency,
        status=status_,
        overdue=overdue,
        as_of=as_of.date() if as_of else None,
    )
    check_size(drawn, max_nodes)
    if format_ == "html":
        positions = None if physics or layout == "hierarchical" else layout_positions(drawn)
        write_html(drawn, output, physics=physics, layout=layout, positions=positions)
    else:
        writers = {
            "png": write_png,
            "svg": write_svg,
            "gexf": write_view_gexf,
            "graphml": write_view_graphml,
        }
        writers[format_](drawn, output)
    nodes, edges = drawn.number_of_nodes(), drawn.number_of_edges()
    note = "" if nodes else " — nothing matches the filters"
    click.echo(f"Wrote {output} ({view} map: {nodes} nodes, {edges} edges){note}", err=True)
