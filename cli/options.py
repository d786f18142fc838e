"""Options every command shares, as decorators, and the types that check their values.

Only click and the standard library are imported at the top: the library
modules a value needs (dates, statuses) load when a value is checked, so
``--help`` starts fast.

``--store`` and ``--format`` may stand before the subcommand or after it
(``reviewgraph --store plans.graph owners`` is ``reviewgraph owners --store
plans.graph``); after it wins. Values are checked where they are parsed, so
a bad one is a usage error (exit status 2) naming the option: an empty
filter, a date nobody can read, ``--threshold nan``, a status the plans do
not use.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import click

from .output import FORMATS, TEXT_FORMATS, Output

__all__ = [
    "CONTEXT_SETTINGS",
    "ALL_FORMATS",
    "NonEmptyText",
    "Fraction",
    "Day",
    "PlanStatus",
    "RAG_STATUS",
    "store_option",
    "format_option",
    "output_options",
    "as_of_option",
    "status_option",
    "root_value",
]

F = TypeVar("F", bound=Callable[..., Any])

#: ``-h`` is ``--help`` everywhere; help is wrapped at 100 columns at most.
CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}
#: Every format some command offers, for ``reviewgraph --format X COMMAND``.
ALL_FORMATS = (*FORMATS, "text", "junit", "graphml")
#: The status a RAG rating stands for when a plan gives no status of its own.
RAG_STATUS = {"green": "complete", "amber": "in_progress", "red": "delayed"}


class NonEmptyText(click.ParamType):
    """Text that must hold something: ``--agency ""`` is a usage error, not "everything".

    Examples
    --------
    >>> NonEmptyText().convert("  Named Nurse ", None, None)
    'Named Nurse'
    """

    name = "text"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None):
        text = str(value).strip()
        if not text:
            self.fail("must not be empty (leave the option out to mean everything)", param, ctx)
        return text


class Fraction(click.ParamType):
    """A number from 0 to 1; ``nan`` and ``inf`` are refused.

    Examples
    --------
    >>> Fraction().convert("0.75", None, None)
    0.75
    """

    name = "fraction"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None):
        try:
            number = float(value)
        except (TypeError, ValueError):
            self.fail(f"{value!r} is not a number from 0 to 1", param, ctx)
        if not math.isfinite(number) or not 0 <= number <= 1:
            self.fail(f"{value!r} is not a number from 0 to 1", param, ctx)
        return number


class Day(click.ParamType):
    """A day as people type it, day first (see :func:`~reviewgraph.loaders.dates.parse_day`).

    Examples
    --------
    >>> Day().convert("30.6.12", None, None)
    datetime.date(2012, 6, 30)
    """

    name = "date"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None):
        if isinstance(value, dt.date):
            return value
        from reviewgraph.loaders.dates import parse_day

        try:
            return parse_day(str(value))
        except ValueError as error:
            self.fail(str(error), param, ctx)


class PlanStatus(click.ParamType):
    """A status in the plans' own words, as the normalised status the graph stores.

    "Completed", "Complete" and "done" are ``complete``; "Ongoing" and "in
    progress" are ``in_progress``; RAG ratings stand for the status
    :data:`RAG_STATUS` gives them (Green complete, Amber in progress, Red
    delayed).

    Examples
    --------
    >>> [PlanStatus().convert(w, None, None) for w in ("Ongoing", "COMPLETED", "Red")]
    ['in_progress', 'complete', 'delayed']
    """

    name = "status"
    choices = ("complete", "in progress", "delayed", "not started", "unknown")

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None):
        text = " ".join(str(value).replace("_", " ").split())
        if not text:
            self.fail("must not be empty (leave the option out to mean every status)", param, ctx)
        from reviewgraph.loaders.status import normalise_status

        status, rag = normalise_status(text)
        if status == "unknown" and rag:
            return RAG_STATUS[rag]
        if status == "unknown" and text.lower() != "unknown":
            self.fail(
                f"{value!r} is not a status; use one of {', '.join(self.choices)} "
                "(or the plans' words: Completed, Ongoing, Red, Amber, Green)",
                param,
                ctx,
            )
        return status


def root_value(ctx: click.Context, name: str) -> Any:
    """The value the top-level ``reviewgraph`` command was given for option ``name``."""
    root = ctx.find_root()
    return root.params.get(name) if root is not ctx else None


def _store(ctx: click.Context, param: click.Parameter, value: Path | None) -> Path:
    if value is not None:
        return value
    from reviewgraph.graph.store import default_store_path

    return root_value(ctx, "store") or default_store_path()


def store_option(function: F) -> F:
    """``--store PATH``: the graph file; before or after the subcommand."""
    return click.option(
        "--store",
        type=click.Path(dir_okay=False, path_type=Path),
        metavar="PATH",
        default=None,
        callback=_store,
        show_default="$REVIEWGRAPH_STORE or ./reviewgraph.graph",
        help="The graph file to use.",
    )(function)


def format_option(
    function: F | None = None, *, choices: Iterable[str] = TEXT_FORMATS, default: str = "table"
) -> Any:
    """``--format``: one of ``choices`` (the text formats by default: xlsx needs
    :func:`output_options`); a ``--format`` before the subcommand counts too."""
    allowed = list(choices)

    def resolve(ctx: click.Context, param: click.Parameter, value: str | None) -> str:
        if value is not None:
            return value
        given = root_value(ctx, "format_")
        if given is None:
            return default
        if given not in allowed:
            raise click.BadParameter(
                f"{given!r} is not a format of '{ctx.info_name}'; use one of {', '.join(allowed)}",
                ctx,
                param,
            )
        return given

    def decorate(function: F) -> F:
        return click.option(
            "--format",
            "format_",
            type=click.Choice(allowed),
            default=None,
            callback=resolve,
            show_default=default,
            help="Output format.",
        )(function)

    return decorate(function) if function is not None else decorate


def output_options(
    function: F | None = None,
    *,
    formats: Sequence[str] = FORMATS,
    default: str = "table",
    tables: Sequence[str] = (),
    limit: bool = True,
) -> Any:
    """``--format``, ``-o FILE``, ``--limit N`` (and ``--table`` when there are
    ``tables``), handed to the command as one :class:`~reviewgraph.cli.output.Output`
    in its ``output`` argument."""

    def decorate(function: F) -> F:
        @functools.wraps(function)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            kwargs["output"] = Output(
                format=kwargs.pop("format_"),
                path=kwargs.pop("output_path"),
                limit=(kwargs.pop("limit") or None) if limit else None,
                table=kwargs.pop("table") if tables else None,
            )
            return function(*args, **kwargs)

        decorated: Any = wrapper
        if tables:
            decorated = click.option(
                "--table",
                type=click.Choice(list(tables)),
                default=None,
                help="Only this table (CSV holds one: the first unless this names another).",
            )(decorated)
        if limit:
            decorated = click.option(
                "--limit",
                type=click.IntRange(min=0),
                default=None,
                metavar="N",
                help="Show at most N rows (0: all), then say how many more there are.",
            )(decorated)
        decorated = click.option(
            "--output",
            "-o",
            "output_path",
            type=click.Path(dir_okay=False, path_type=Path),
            default=None,
            metavar="FILE",
            help="Write to FILE instead of the screen (needed for xlsx).",
        )(decorated)
        return format_option(decorated, choices=formats, default=default)

    return decorate(function) if function is not None else decorate


def as_of_option(function: F | None = None, *, help: str | None = None) -> Any:
    """``--as-of DATE``: the day overdue is judged on, in the forms people type."""

    def decorate(function: F) -> F:
        return click.option(
            "--as-of",
            type=Day(),
            default=None,
            metavar="DATE",
            help=help
            or "Judge overdue on this day: 2012-06-30, 30/06/2012, 30 June 2012, "
            "June 2012 (its last day) or today.",
        )(function)

    return decorate(function) if function is not None else decorate


def status_option(function: F) -> F:
    """``--status WORDS``: a status in the plans' own words."""
    return click.option(
        "--status",
        "status_",
        type=PlanStatus(),
        default=None,
        help="Only actions with this status: complete, in progress, delayed, not started, "
        "unknown, or the plans' words (Completed, Ongoing, Red, Amber, Green).",
    )(function)
