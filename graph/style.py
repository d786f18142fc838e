"""Colours every picture of the graph shares: a stable palette per agency, one colour per status.

A board sees the same agency in the same colour on every map, slide and
Gephi file, whatever else the map holds: the colour comes from the agency's
id, not from its place in one map.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable

__all__ = [
    "AGENCY_PALETTE",
    "STATUS_COLOURS",
    "STATUS_NAMES",
    "KIND_COLOURS",
    "OVERDUE_COLOUR",
    "DANGER_COLOUR",
    "REFERENCE_COLOUR",
    "CYCLE_COLOUR",
    "agency_colour",
    "agency_colours",
    "rgb",
    "text_colour",
]

#: Twenty colours that stay apart on a projector (Tableau 20, reordered so that
#: neighbours differ), none of them the status red, amber or green at full strength.
AGENCY_PALETTE: tuple[str, ...] = (
    "#4e79a7",
    "#f28e2b",
    "#76b7b2",
    "#b07aa1",
    "#9c755f",
    "#edc948",
    "#59a14f",
    "#ff9da7",
    "#a0cbe8",
    "#ffbe7d",
    "#8cd17d",
    "#86bcb6",
    "#d4a6c8",
    "#d7b5a6",
    "#bab0ac",
    "#f1ce63",
    "#499894",
    "#79706e",
    "#fabfd2",
    "#b6992d",
)

#: Fill colour per normalised status (``Status`` values).
STATUS_COLOURS: dict[str, str] = {
    "complete": "#2e7d32",
    "in_progress": "#f9a825",
    "delayed": "#c62828",
    "not_started": "#8e99a4",
    "unknown": "#d9dee3",
}

#: How a status reads in a legend.
STATUS_NAMES: dict[str, str] = {
    "complete": "complete",
    "in_progress": "in progress",
    "delayed": "delayed",
    "not_started": "not started",
    "unknown": "status not given",
}

#: The ring drawn around an overdue action.
OVERDUE_COLOUR = "#b00020"
#: Dangling and ambiguous references.
DANGER_COLOUR = "#d50000"
#: Resolved references, and references on a loop.
REFERENCE_COLOUR = "#6a1b9a"
CYCLE_COLOUR = "#7b1fa2"

#: Colours of node types that have no agency or status of their own.
KIND_COLOURS: dict[str, str] = {
    "Document": "#cfd8dc",
    "Review": "#37474f",
    "Recommendation": "#90a4ae",
    "LeadRole": "#b0bec5",
    "CrossReference": "#ffcc80",
    "Agency": "#4e79a7",
    "Action": STATUS_COLOURS["unknown"],
}


def _slot(agency_id: str) -> int:
    digest = hashlib.sha1(agency_id.encode("utf-8")).digest()
    return int.from_bytes(digest[:4], "big") % len(AGENCY_PALETTE)


def agency_colour(agency_id: str) -> str:
    """The palette colour of one agency, from its id alone.

    Examples
    --------
    >>> agency_colour("agency:kingston-police") == agency_colour("agency:kingston-police")
    True
    >>> agency_colour("agency:kingston-police") in AGENCY_PALETTE
    True

    Raises
    ------
    TypeError
        When ``agency_id`` is not a string.
    """
    return AGENCY_PALETTE[_slot(agency_id)]


def agency_colours(agency_ids: Iterable[str]) -> dict[str, str]:
    """Colours for the agencies of one map: each its own colour where the palette allows.

    Each agency starts at its :func:`agency_colour`; when two of one map would
    share a colour the later id (in sorted order) takes the next free one, so
    a map of up to twenty agencies never shows two in one colour.

    Examples
    --------
    >>> colours = agency_colours(["agency:a", "agency:b", "agency:c"])
    >>> len(set(colours.values()))
    3

    Raises
    ------
    TypeError
        When an id is not a string.
    """
    taken: set[int] = set()
    colours: dict[str, str] = {}
    for agency_id in sorted(set(agency_ids)):
        slot = _slot(agency_id)
        if len(taken) < len(AGENCY_PALETTE):
            while slot in taken:
                slot = (slot + 1) % len(AGENCY_PALETTE)
        taken.add(slot)
        colours[agency_id] = AGENCY_PALETTE[slot]
    return colours


def rgb(colour: str) -> tuple[int, int, int]:
    """``#rrggbb`` as three integers.

    Examples
    --------
    >>> rgb("#2e7d32")
    (46, 125, 50)

    Raises
    ------
    ValueError
        When the colour is not ``#rrggbb``.
    """
    if not re.fullmatch(r"#[0-9a-fA-F]{6}", colour):
        raise ValueError(f"not a #rrggbb colour: {colour!r}")
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def text_colour(background: str) -> str:
    """Black or white, whichever reads better on ``background``.

    Examples
    --------
    >>> text_colour("#37474f"), text_colour("#f9a825")
    ('#ffffff', '#000000')

    Raises
    ------
    ValueError
        When the colour is not ``#rrggbb``.
    """
    red, green, blue = rgb(background)
    return "#000000" if 0.299 * red + 0.587 * green + 0.114 * blue > 150 else "#ffffff"
