"""HTML cell pieces: a table cell's markup split into paragraph-level blocks.

Cells arrive as the HTML-ish markup the readers keep (``<p>``, ``<li>``,
``<br/>``); this module holds how that markup divides a cell into the
:class:`~reviewgraph.loaders.model.Block` pieces the items stage works with,
and the line span of a set of blocks.
"""

from __future__ import annotations

import html
import re

from .model import Block
from .text import clean_text, split_tags, sub_tags

__all__ = ["cell_blocks", "span"]

_BLOCK_TAGS = re.compile(r"</?(?:p|li|ul|ol|div)\b[^>]*>", re.IGNORECASE)
_BLOCK_OR_BREAK = re.compile(r"</?(?:p|li|ul|ol|div)\b[^>]*>|<br\s*/?>", re.IGNORECASE)
_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")


def _pieces(raw: str, *, split_breaks: bool = True) -> list[str]:
    """Paragraph-level pieces of a cell: ``<p>``, ``<li>`` and (optionally) ``<br/>``."""
    if split_breaks:
        parts = split_tags(_BLOCK_OR_BREAK, raw)
    else:
        parts = split_tags(_BLOCK_TAGS, sub_tags(_BREAK, " ", raw))
    out = []
    for part in parts:
        part = html.unescape(sub_tags(_TAG, "", part))
        part = " ".join(part.split())
        if part:
            out.append(part)
    return out


def cell_blocks(cell_raw: str, line_start: int, line_end: int, *, split_breaks: bool = True):
    return [
        Block(text=p, line_start=line_start, line_end=line_end)
        for p in _pieces(cell_raw, split_breaks=split_breaks)
    ]


def _join(blocks: list[Block], separator: str = " ") -> str | None:
    text = separator.join(clean_text(b.text) for b in blocks if clean_text(b.text))
    return text or None


def span(blocks: list[Block]) -> tuple[int, int]:
    return min(b.line_start for b in blocks), max(b.line_end for b in blocks)
