"""Cell colours: the red, amber or green a plan gives as a cell's fill instead of a word."""

from __future__ import annotations

import colorsys
import re

__all__ = ["rag_of_colour"]

_NAMED = {
    "red": "red",
    "darkred": "red",
    "orange": "amber",
    "amber": "amber",
    "yellow": "amber",
    "gold": "amber",
    "green": "green",
    "lime": "green",
    "darkgreen": "green",
    "limegreen": "green",
}


def rag_of_colour(colour: str | None) -> str | None:
    """ "red", "amber" or "green" for a fill colour (hex RRGGBB, AARRGGBB or a name).

    Whites, greys, blues and pale tints (a header's shading) are no RAG rating.

    Examples
    --------
    >>> rag_of_colour("FF0000"), rag_of_colour("FFFFC000"), rag_of_colour("00B050")
    ('red', 'amber', 'green')
    >>> rag_of_colour("D9D9D9"), rag_of_colour("auto"), rag_of_colour("DEEAF6")
    (None, None, None)
    """
    if not colour:
        return None
    value = colour.strip().lstrip("#").lower()
    if value in _NAMED:
        return _NAMED[value]
    if not re.fullmatch(r"[0-9a-f]{6}|[0-9a-f]{8}", value):
        return None
    value = value[-6:]
    red, green, blue = (int(value[i : i + 2], 16) / 255 for i in (0, 2, 4))
    hue, lightness, saturation = colorsys.rgb_to_hls(red, green, blue)
    if saturation < 0.35 or lightness > 0.85 or lightness < 0.12:
        return None
    degrees = hue * 360
    if degrees < 15 or degrees >= 340:
        return "red"
    if degrees < 60:
        return "amber"
    if 75 <= degrees < 170:
        return "green"
    return None
