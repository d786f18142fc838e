"""The terminal the output goes to: its width, whether to colour, when to page.

Decided once here so that every command behaves alike: tables fit
``$COLUMNS`` or the terminal, and 100 columns when piped; colour only on a
terminal (``NO_COLOR`` and ``TERM=dumb`` switch it off, ``FORCE_COLOR`` on);
the pager only for a terminal and text taller than it.
"""

from __future__ import annotations

import os
import shutil
import sys

import click

__all__ = [
    "PIPE_WIDTH",
    "MIN_WIDTH",
    "stdout_is_terminal",
    "terminal_width",
    "use_colour",
    "needs_pager",
    "page",
]

#: Width of tables sent to a pipe or a file when ``COLUMNS`` does not say.
PIPE_WIDTH = 100
#: Narrowest width tables are laid out for, whatever ``COLUMNS`` says.
MIN_WIDTH = 20


def stdout_is_terminal() -> bool:
    try:
        return sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


def terminal_width(*, to_terminal: bool | None = None) -> int:
    """The width tables are laid out for.

    ``$COLUMNS`` when it is a positive number; else the terminal's width when
    standard output is a terminal; else :data:`PIPE_WIDTH` (100), so that
    piped output and files look the same on every machine.

    Raises
    ------
    OSError
        Never; an unreadable terminal size falls back to :data:`PIPE_WIDTH`.

    Examples
    --------
    >>> import os
    >>> os.environ["COLUMNS"] = "132"
    >>> terminal_width()
    132
    >>> del os.environ["COLUMNS"]
    """
    columns = os.environ.get("COLUMNS", "").strip()
    if columns.isdigit() and int(columns) > 0:
        return max(int(columns), MIN_WIDTH)
    if stdout_is_terminal() if to_terminal is None else to_terminal:
        size = shutil.get_terminal_size((PIPE_WIDTH, 24))
        return max(size.columns, MIN_WIDTH)
    return PIPE_WIDTH


def use_colour() -> bool:
    """Whether to colour: on a terminal, unless ``NO_COLOR`` is set or ``TERM`` is dumb.

    ``FORCE_COLOR`` (any non-empty value) colours even when not a terminal.

    Raises
    ------
    OSError
        Never.

    Examples
    --------
    >>> import os
    >>> os.environ["NO_COLOR"] = "1"
    >>> use_colour()
    False
    >>> del os.environ["NO_COLOR"]
    """
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return stdout_is_terminal() and os.environ.get("TERM") != "dumb"


def needs_pager(text: str) -> bool:
    """Whether ``text`` should be paged: a terminal, and more lines than fit on it.

    Raises
    ------
    OSError
        Never; an unreadable terminal size counts as 24 lines.

    Examples
    --------
    >>> needs_pager("one line\\n")
    False
    """
    if not stdout_is_terminal() or os.environ.get("TERM") == "dumb":
        return False
    height = shutil.get_terminal_size((80, 24)).lines
    return text.count("\n") > height - 2


def page(text: str, *, colour: bool) -> None:
    """Show ``text`` through ``$PAGER`` (``less`` by default, as ``less -FRX``).

    Like git: ``-F`` quits when the text fits after all, ``-R`` keeps colours,
    ``-X`` leaves the text on the screen afterwards. ``PAGER=cat`` turns
    paging off.

    Raises
    ------
    OSError
        When the pager cannot be started (click falls back to plain output).
    """
    os.environ.setdefault("LESS", "FRX")
    click.echo_via_pager(text, color=colour or None)
