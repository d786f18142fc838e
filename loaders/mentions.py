"""Mentions: the agencies a recommendation's or an action's own words name.

"Interim manual records … are shared across Police, RBK Housing, RBK Children's
Services, Kingston Hospital and the PCT" names five agencies; "joint
investigations … between Social Care and Thames Valley Police" names two. Each
becomes a ``MENTIONS`` edge from the item to the agency, so that sharing the
plan describes in words is found beside shared owners and cross-agency
references.

An item does not mention the agency it is directed at (a recommendation) or
owned by (an action): naming yourself is not sharing. Names are matched as
:mod:`~reviewgraph.loaders.agency_names` describes, so ordinary words stay
ordinary. The agencies mentioned are those of the plan's graph, and the
organisations its key lists ("East Berks Community Health Services (BECHS)"),
which become agency nodes when an item names them. Organisations the plan
names nowhere as agencies ("Ofsted", "CAFCASS", "Liquid Logic") are not
invented: a wrong mention would invent sharing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from reviewgraph.graph.core import ReviewGraph

from .agency_names import AgencyNames

__all__ = ["add_mentions", "mentioned_agencies"]


def mentioned_agencies(text: str, names: AgencyNames, exclude: Iterable[str] = ()) -> list[str]:
    """The agencies ``text`` names, in the order it names them, without ``exclude``.

    Raises
    ------
    Nothing.

    Examples
    --------
    >>> names = AgencyNames({"agency:police": ["Kingston Police", "Police"],
    ...     "agency:housing": ["Housing RBK"], "agency:pct": ["Kingston PCT"]},
    ...     place="Kingston")
    >>> mentioned_agencies("shared across Police, RBK Housing and the PCT", names,
    ...     exclude=["agency:housing"])
    ['agency:police', 'agency:pct']
    """
    skip = set(exclude)
    found: dict[str, None] = {}  # in order, each once
    for match in names.find(text):
        for agency in sorted(match.agencies):
            if agency not in skip:
                found.setdefault(agency)
    return list(found)


def add_mentions(
    graph: ReviewGraph,
    names: AgencyNames,
    items: Iterable[tuple[str, str, set[str]]],
    create: Callable[[str], bool] | None = None,
) -> int:
    """Add a ``MENTIONS`` edge from each item to each agency its words name.

    Parameters
    ----------
    graph : ReviewGraph
        The document's graph, with its items and agencies.
    names : AgencyNames
        The plan's agency names.
    items : iterable of (item id, words, agencies to leave out)
        Each recommendation or action with the words it prints and the agencies it is
        directed at or owned by.
    create : callable, optional
        Makes a listed organisation an agency node when first named; returns False for
        an id it does not know, which is then skipped.

    Returns
    -------
    int
        How many edges were added.

    Raises
    ------
    GraphError
        When an item id is not in the graph (a loader bug).
    """
    added = 0
    for item_id, words, exclude in items:
        for agency in mentioned_agencies(words, names, exclude):
            if agency not in graph and not (create and create(agency)):
                continue
            graph.link(item_id, "MENTIONS", agency)
            added += 1
    return added
