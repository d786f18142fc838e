"""Text that XML 1.0 can hold: plan words never make an exported file unreadable.

XML 1.0 forbids most control characters (``\\x00``–``\\x08``, ``\\x0b``, ``\\x0c``,
``\\x0e``–``\\x1f``), lone surrogates (a file name that was not UTF-8) and
``\\ufffe``/``\\uffff``; not even ``&#1;`` may stand for them. Every writer of
GraphML, GEXF, JUnit or SVG passes document text through :func:`xml_text`, and
ids through :func:`xml_id`, which keeps distinct ids distinct.
"""

from __future__ import annotations

import re

__all__ = ["XML_FORBIDDEN", "xml_id", "xml_text"]

#: the characters XML 1.0 does not allow anywhere in a document
XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(text: str) -> str:
    """``text`` without the characters XML 1.0 forbids, so plan text never breaks a file.

    Examples
    --------
    >>> xml_text("Audit\\x0bfiles\\x00")
    'Auditfiles'

    Raises
    ------
    TypeError
        When ``text`` is not a string.
    """
    return XML_FORBIDDEN.sub("", text)


def xml_id(text: str) -> str:
    """``text`` with each character XML 1.0 forbids written out as ``\\xNN`` (or
    ``\\uNNNN``), so that two ids that differ only there still differ.

    Examples
    --------
    >>> xml_id("document:plan\\x01"), xml_id("document:plan\\x02")
    ('document:plan\\\\x01', 'document:plan\\\\x02')

    Raises
    ------
    TypeError
        When ``text`` is not a string.
    """
    return XML_FORBIDDEN.sub(
        lambda m: m.group(0).encode("unicode_escape", "backslashreplace").decode("ascii"), text
    )
