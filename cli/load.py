"""``reviewgraph load``: plan files in, one line per file out.

The loading itself is :func:`reviewgraph.loaders.batch.load_paths`; this module
turns the options into its arguments and its result into lines.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager
from pathlib import Path

import click

from reviewgraph.graph.cells import strip_controls

from .main import main, writable_store
from .options import store_option

__all__ = ["load"]

#: Files loaded together beyond which a terminal shows a progress bar.
PROGRESS_THRESHOLD = 5


def _progress(files: list[Path]) -> AbstractContextManager[Iterable[Path]]:
    if len(files) <= PROGRESS_THRESHOLD or not sys.stderr.isatty():
        return contextlib.nullcontext(files)
    from reviewgraph.loaders.batch import display_path

    return click.progressbar(
        files,
        label="Loading",
        file=sys.stderr,
        item_show_func=lambda path: display_path(path) if path else None,
    )


def _say(line: str, err: bool = False) -> None:
    """One line about a file: its name and words may come from anywhere, so no controls."""
    click.echo(strip_controls(line, keep=""), err=err)


def _rag_map(pairs: tuple[str, ...]) -> dict[str, str] | None:
    """The ``--rag-map COLOUR=STATUS`` pairs as a mapping the loaders accept."""
    if not pairs:
        return None
    from reviewgraph.graph.errors import InputError
    from reviewgraph.loaders.pipeline import check_rag_map

    mapping = {}
    for pair in pairs:
        colour, equals, status = pair.partition("=")
        if not equals:
            raise click.BadParameter(f"{pair!r} is not COLOUR=STATUS", param_hint="--rag-map")
        mapping[colour.strip()] = status.strip()
    try:
        return check_rag_map(mapping)
    except InputError as error:
        raise click.BadParameter(f"{error.title}; {error.hint}", param_hint="--rag-map") from None


def _limits(file_size: str | None, cell_length: int | None) -> dict[str, str]:
    """``--max-file-size`` and ``--max-cell-length`` as the variables the loaders read."""
    limits = {}
    if file_size is not None:
        from reviewgraph.loaders.limits import parse_size

        try:
            limits["REVIEWGRAPH_MAX_FILE_SIZE"] = str(parse_size(file_size))
        except ValueError as error:
            raise click.BadParameter(str(error), param_hint="--max-file-size") from None
    if cell_length is not None:
        limits["REVIEWGRAPH_MAX_CELL_LENGTH"] = str(cell_length)
    return limits


@contextlib.contextmanager
def _environment(values: dict[str, str]) -> Iterator[None]:
    """The variables set for the loaders (and their worker processes), then restored."""
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@store_option
@click.option("--report", is_flag=True, help="List every text no node took, with file:line.")
@click.option("--force", is_flag=True, help="Reload files even when they have not changed.")
@click.option(
    "--aliases",
    "alias_file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    metavar="FILE",
    help="TOML file of agency spellings to join ([[agency]] name, aliases); "
    "add --force to apply it to plans already loaded.",
)
@click.option(
    "--rag-map",
    "rag_pairs",
    multiple=True,
    metavar="COLOUR=STATUS",
    help="How a RAG colour reads as a status, over the plan's own legend and the default "
    "green=complete, amber=in_progress, red=delayed; repeatable; add --force to re-read "
    "plans already loaded.",
)
@click.option(
    "--columns",
    "layout_file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    metavar="FILE",
    help='Layout file mapping column titles to fields ([columns] "Issue" = "recommendation"), '
    "for plans whose columns are not recognised; see reviewgraph inspect.",
)
@click.option(
    "--max-file-size",
    metavar="SIZE",
    default=None,
    help="Refuse a plan with more text than this: a text file's bytes, or the text a Word, "
    "PDF or Excel file gives (16M, 512K; default $REVIEWGRAPH_MAX_FILE_SIZE or 16 MB).",
)
@click.option(
    "--max-cell-length",
    type=click.IntRange(min=1),
    metavar="N",
    default=None,
    help="Cut cells longer than N characters, with a warning (default "
    "$REVIEWGRAPH_MAX_CELL_LENGTH or 65536).",
)
@click.pass_context
def load(
    ctx: click.Context,
    paths: tuple[Path, ...],
    store: Path,
    report: bool,
    force: bool,
    alias_file: Path | None,
    rag_pairs: tuple[str, ...],
    layout_file: Path | None,
    max_file_size: str | None,
    max_cell_length: int | None,
):
    """Load plan files, or folders of them, into the store.

    Text, Word (.docx), PDF, Excel (.xlsx), CSV and HTML files are read; each
    file's layout (tables, label/value blocks or prose) is detected from its
    content, and a plan that cannot be understood is refused saying what was
    found. A file loaded before is replaced when its content changed and left
    alone when it did not. A file that cannot be loaded is reported on stderr
    as path:line: problem (hint: fix), the other files still load, and the
    exit status is 2. The last line on stderr counts the files loaded,
    unchanged and refused.

    Example:

    \b
        reviewgraph load examples
        reviewgraph load --report examples/eastvale_child_k_2020.txt
        reviewgraph load --aliases agencies.toml --force plans
        reviewgraph load --rag-map red=not_started --force examples
        reviewgraph load --columns layout.toml plans/sar-adult-d.docx
        reviewgraph load --max-file-size 32M --max-cell-length 200000 examples
    """
    from reviewgraph.loaders.aliases import read_alias_file
    from reviewgraph.loaders.batch import load_paths
    from reviewgraph.loaders.layout_file import read_layout_file

    aliases = read_alias_file(alias_file) if alias_file else None
    rag_map = _rag_map(rag_pairs)
    columns = read_layout_file(layout_file) if layout_file else None
    new = not store.exists()
    limits = _limits(max_file_size, max_cell_length)
    with writable_store(store) as opened, _environment(limits):
        result = load_paths(
            opened,
            paths,
            force=force,
            aliases=aliases,
            progress=_progress,
            rag_map=rag_map,
            columns=columns,
        )
    if new and not result.loaded:
        # Nothing could be loaded: leave no empty store behind to puzzle the user.
        for suffix in ("", "-wal", "-shm"):
            Path(f"{store}{suffix}").unlink(missing_ok=True)
    for path in result.loaded:
        _say(f"{path}: loaded")
    for path in result.unchanged:
        _say(f"{path}: unchanged")
    for failure in result.failed:
        _say(failure.message, err=True)
    for note in result.notes:
        _say(note, err=True)
    for path, items in result.unplaced.items():
        for item in items:
            if item.reason == "limit":
                _say(f"{path}:{item.line}: warning: {item.what}", err=True)
    if alias_file and result.unchanged and not force:
        click.echo(
            f"note: the aliases apply to plans loaded now; {len(result.unchanged)} unchanged "
            "plan(s) keep their agencies (add --force to apply them there too)",
            err=True,
        )
    if report:
        for path, items in result.unplaced.items():
            for item in items:
                reason = f"{item.reason} ({item.what})" if item.what else item.reason
                _say(f"{path}:{item.line}: {reason}: {item.text}")
        for path in [*result.loaded, *result.unchanged]:
            if not result.unplaced.get(path):
                _say(f"{path}: every line placed")
    if len(result.loaded) + len(result.unchanged) + len(result.failed) > 1 or result.failed:
        click.echo(result.summary(), err=True)
    if result.failed:
        ctx.exit(2)
