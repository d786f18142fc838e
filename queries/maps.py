"""The four workshop maps as plain graphs: what to draw, in which colour, with which words.

:func:`view_graph` turns a :class:`~reviewgraph.graph.ReviewGraph` into a
networkx ``DiGraph`` whose nodes and edges carry display attributes (``label``,
``title`` tooltip, ``color``, ``shape``, ``size`` …) and whose ``graph``
attribute carries the header, filters, dates and legend. The renderers in
:mod:`reviewgraph.graph.render_html` and :mod:`reviewgraph.graph.render_image`
and the GEXF/GraphML writers draw it; none of them needs to know the model.

Views
-----
accountability
    agencies → lead roles → actions: who owns what. An action owned by an
    agency directly hangs under the agency; one with no owner hangs under its
    recommendation's agency by a dashed line.
plan
    review → recommendations (and sub-items) → actions, with the
    cross-references between items.
references
    only items joined by cross-references; dangling and ambiguous references
    as red nodes; edges on a cycle in purple.
agencies
    one node per agency; an edge between two agencies weighted by the actions,
    recommendations and references they share.
"""

from __future__ import annotations

import datetime as dt

import networkx as nx

from reviewgraph.graph.core import ReviewGraph
from reviewgraph.graph.errors import NotFoundError, TooLargeError
from reviewgraph.graph.models import Status
from reviewgraph.graph.style import KIND_COLOURS

from ._map_selection import _select, judged_as_of
from ._map_text import header_dates, legend
from ._map_views import BUILDERS

__all__ = [
    "VIEWS",
    "DEFAULT_MAX_NODES",
    "view_graph",
    "judged_as_of",
    "check_size",
    "map_graph",
]

VIEWS = ("accountability", "plan", "references", "agencies")
#: More nodes than this make a map nobody can read on a projector (and physics slow).
DEFAULT_MAX_NODES = 2000
_DESCRIPTIONS = {
    "accountability": "Who owns what: each agency, its lead roles and the actions they own",
    "plan": "Each plan: its recommendations, their sub-items and actions, and the "
    "cross-references between them",
    "references": "Items joined by cross-references (“see 3.3.9”, “as above”); "
    "broken references in red, loops in purple",
    "agencies": "Agencies and what they share: an edge's width counts the actions, "
    "recommendations and references two agencies have in common",
}


def map_graph(source, *, review: str | None = None) -> ReviewGraph:
    """The part of the store a map draws from: one plan and what it points at (its
    agencies, roles and the items its references reach in other plans), or every
    plan when no review is named.

    Raises
    ------
    NotFoundError
        When the review named does not exist.
    StoreError
        When the store cannot be read.

    Examples
    --------
    >>> from reviewgraph.graph.store import Store
    >>> map_graph(Store.open(":memory:"))
    <ReviewGraph 0 nodes, 0 edges>
    """
    from ._common import resolve_reviews
    from .backend import as_backend

    backend = as_backend(source)
    store = backend.store
    if review is None:
        return store.graph()
    documents = [d.id for d in resolve_reviews(backend, review)]
    marks = ",".join("?" * len(documents))
    ids = [
        row[0] for row in store.rows(f"SELECT id FROM nodes WHERE document IN ({marks})", documents)
    ]
    reached = {e["target"] for e in store.edge_dicts(sources=ids)}
    roles = [i for i in reached if i.startswith("role:")]
    reached |= {e["target"] for e in store.edge_dicts(sources=roles, types=["MEMBER_OF"])}
    return store.subgraph([*ids, *sorted(reached)])


def check_size(view: nx.DiGraph, max_nodes: int = DEFAULT_MAX_NODES) -> None:
    """Refuse a map too big to read, naming the filters that would shrink it.

    Raises
    ------
    TooLargeError
        When the view has more than ``max_nodes`` nodes.

    Examples
    --------
    >>> view = nx.DiGraph(view="plan", filters=[])
    >>> check_size(view, 10)
    """
    count = view.number_of_nodes()
    if count <= max_nodes:
        return
    given = " ".join(view.graph.get("filters", []))
    hints = [
        option
        for option, word in (
            ("--review (e.g. --review 003)", "review "),
            ("--agency NAME", "agency "),
            ("--overdue", "overdue"),
            ("--status STATUS", "status "),
        )
        if word not in given
    ]
    if view.graph["view"] != "agencies":
        hints.append("--view agencies")
    raise TooLargeError(
        f"the {view.graph['view']} map would draw {count:,} nodes, more than {max_nodes:,} "
        f"can be read on one screen; add {', '.join(hints)} to narrow it "
        "(or raise --max-nodes)"
    )


def view_graph(
    graph: ReviewGraph,
    view: str,
    *,
    review: str | None = None,
    agency: str | None = None,
    status: str | Status | None = None,
    overdue: bool = False,
    as_of: dt.date | None = None,
) -> nx.DiGraph:
    """The graph one workshop map draws, with its display attributes.

    Parameters
    ----------
    graph : ReviewGraph
        The loaded plans (or the part of them the filters need).
    view : {"accountability", "plan", "references", "agencies"}
        Which map; see the module's description.
    review : str, optional
        Only this review (id, document stem, its prefix such as ``003``, or title words).
    agency : str, optional
        Only items this agency owns or is directed at (name or any alias).
    status : str or Status, optional
        Only actions with this status (and what holds them).
    overdue : bool
        Only overdue actions (and what holds them).
    as_of : datetime.date, optional
        Judge overdue on this day; by default each plan's progress date, else today
        (see :func:`judged_as_of`).

    Returns
    -------
    networkx.DiGraph
        Nodes carry ``label`` (canvas text), ``name`` (readable name),
        ``title`` (tooltip text), ``kind`` (node label), ``color``,
        ``border``, ``border_width``, ``shape``, ``size``, ``level``; edges
        ``type``, ``color``, ``width`` and optionally ``dashes``, ``label``,
        ``title``. ``graph.graph`` holds ``view``, ``heading``,
        ``description``, ``filters``, ``dates`` and ``legend``.

    Raises
    ------
    NotFoundError
        When the view, review, agency or status named does not exist.

    Examples
    --------
    >>> view = view_graph(ReviewGraph(), "accountability")
    >>> view.number_of_nodes(), view.graph["heading"]
    (0, 'Accountability map')
    """
    if view not in VIEWS:
        raise NotFoundError(f"no map view {view!r} (one of {', '.join(VIEWS)})")
    selection, filters = _select(graph, review, agency, status, overdue, as_of)
    result = nx.DiGraph(
        view=view,
        heading=f"{view.capitalize()} map",
        description=_DESCRIPTIONS[view],
        filters=filters,
    )
    BUILDERS[view](selection, result)
    for _, data in result.nodes(data=True):
        data.setdefault("color", KIND_COLOURS.get(data["kind"], "#cfd8dc"))
        data.setdefault("group", data["kind"].lower())
        data.setdefault("size", 14)
        data.setdefault("border", "#455a64")
        data.setdefault("border_width", 1)
    for _, _, data in result.edges(data=True):
        data.setdefault("color", "#90a4ae")
        data.setdefault("width", 1.5)
    result.graph["dates"] = header_dates(graph, result, as_of)
    result.graph["legend"] = legend(result)
    result.graph.pop("agency_colours", None)
    return result
