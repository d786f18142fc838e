"""How rows reach the user: one :class:`Output` for every command and format.

A command builds its rows with the library and hands them to
:meth:`Output.emit` (one table) or :meth:`Output.emit_tables` (several, such
as ``stats``), saying which columns a person should see. The formats:

``table``
    rich tables that fit the terminal (see :mod:`reviewgraph.cli.tables`),
    coloured on a terminal, paged when taller than it.
``json``
    a list of flat records with every field of every row (``[]`` when
    empty); a command with several tables prints one object of lists unless
    ``--table`` picks one.
``jsonl``
    one record per line, for streaming; with several tables each record
    names its ``table``.
``csv``
    one table per invocation (``--table`` picks it); UTF-8, with a byte-order
    mark when written to a file with ``-o`` so that Excel reads it right.
``xlsx``
    an Excel workbook written with ``-o FILE``, one sheet per table.

The contract (key names, exit codes) is written down in ``docs/output.md``.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from reviewgraph.graph.cells import cell_text, strip_controls

from .columns import Column, Sheet
from .json_text import JSON_SCALARS, indented_json
from .sheets import BYTE_ORDER_MARK, SheetData, csv_text, workbook_bytes
from .terminal import (
    MIN_WIDTH,
    PIPE_WIDTH,
    needs_pager,
    page,
    stdout_is_terminal,
    terminal_width,
    use_colour,
)

if TYPE_CHECKING:
    from pydantic import BaseModel

__all__ = [
    "FORMATS",
    "TEXT_FORMATS",
    "PIPE_WIDTH",
    "Column",
    "Sheet",
    "Output",
    "render",
    "render_report",
    "cell_text",
    "clean_text",
    "records",
    "terminal_width",
    "use_colour",
    "stdout_is_terminal",
]

#: Every format a listing command offers.
FORMATS = ("table", "json", "jsonl", "csv", "xlsx")
#: Formats that are text (the others need ``-o FILE``).
TEXT_FORMATS = ("table", "json", "jsonl", "csv")


_TAG = re.compile(r"<[^<>]{0,500}>")


def clean_text(text: str | None) -> str:
    """Document text as a terminal should show it: markup and control codes gone,
    runs of spaces and tabs single.

    Raises
    ------
    TypeError
        When ``text`` is neither text nor None.

    Examples
    --------
    >>> clean_text("<p>Audit\tfiles</p>\x1b[2J<br/>now")
    'Audit files now'
    """
    return " ".join(strip_controls(_TAG.sub(" ", text or ""), keep="").split())


def _json_value(value: Any) -> Any:
    if type(value) in JSON_SCALARS:
        return value
    if hasattr(type(value), "model_fields"):  # a pydantic model: not flat, but kept whole
        return value.model_dump(mode="json")
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple | set | frozenset):
        return [_json_value(item) for item in value]
    if isinstance(value, Mapping):
        return {str(key): _json_value(item) for key, item in value.items()}
    return value


def records(rows: Sequence[Mapping[str, Any]], fields: Sequence[str]) -> list[dict[str, Any]]:
    """Rows as JSON-ready records with ``fields`` in order (dates ISO, enums their value).

    Raises
    ------
    TypeError
        Never for rows of plain values and pydantic models.

    Examples
    --------
    >>> import datetime as dt
    >>> records([{"id": "a", "due_end": dt.date(2012, 3, 31)}], ["id", "due_end"])
    [{'id': 'a', 'due_end': '2012-03-31'}]
    """
    return [{name: _json_value(row.get(name)) for name in fields} for row in rows]


def _render_table(*args: Any, **kwargs: Any) -> str:
    # rich is loaded when a table is drawn, not when a command module is imported.
    from .tables import render_table

    return render_table(*args, **kwargs)


def _wrap(*args: Any, **kwargs: Any) -> list[str]:
    from .layout import wrap_lines

    return wrap_lines(*args, **kwargs)


@dataclass
class Output:
    """Where and how a command's rows are written: the shared output options.

    Parameters
    ----------
    format : str
        One of :data:`FORMATS` (``text``, ``junit`` … for commands that have them).
    path : Path, optional
        ``-o FILE``: write there (atomically) instead of standard output.
    limit : int, optional
        Show at most this many rows of each table; ``None`` or 0 shows all.
    table : str, optional
        ``--table``: the one table to write, of a command that has several.
    width : int, optional
        Lay tables out for this width instead of the terminal's.
    colour, pager : bool, optional
        Force colour or the pager on or off; decided from the terminal otherwise.
    """

    format: str = "table"
    path: Path | None = None
    limit: int | None = None
    table: str | None = None
    width: int | None = None
    colour: bool | None = None
    pager: bool | None = None

    # -- what commands call -------------------------------------------------

    def emit(
        self,
        rows: Sequence[BaseModel | Mapping[str, Any]],
        columns: Sequence[Column] | None = None,
        *,
        fields: Sequence[str] | type[BaseModel] | None = None,
        group_by: Sequence[str] = (),
        group_title: Callable[[Mapping[str, Any]], str] | None = None,
        footer: str | None = None,
        empty: str = "",
        specific: bool = False,
        name: str = "rows",
    ) -> None:
        """Write one table of rows in the chosen format.

        ``specific`` says the user asked for something in particular (an item,
        words, a filter): when no row answers, the command exits with status 1.

        Raises
        ------
        click.UsageError
            When ``xlsx`` is asked for without ``-o FILE``.
        click.exceptions.Exit
            With status 1 when ``specific`` and there are no rows.
        """
        sheet = Sheet(
            name,
            rows,
            columns,
            fields=fields,
            group_by=group_by,
            empty=empty,
            group_title=group_title,
            footer=footer,
        )
        self.emit_tables([sheet], specific=specific)

    def emit_tables(self, sheets: Sequence[Sheet], *, specific: bool = False) -> None:
        """Write several tables: all for ``table``/``json``/``jsonl``/``xlsx``, one for ``csv``.

        Raises
        ------
        click.UsageError
            When ``--table`` names no table, or ``xlsx`` has no ``-o FILE``.
        click.exceptions.Exit
            With status 1 when ``specific`` and no table has a row.
        """
        sheets = self._chosen(sheets)
        if self.format == "xlsx" and self.path is None:
            raise click.UsageError("--format xlsx needs -o FILE.xlsx to write the workbook to")
        if self.format == "csv" and len(sheets) > 1:
            names = ", ".join(s.name for s in sheets[1:])
            click.echo(
                f"Note: CSV holds one table; this is {sheets[0].name!r}. "
                f"Choose another with --table ({names}).",
                err=True,
            )
        data = self.payload(sheets)
        if isinstance(data, bytes):
            self._write_bytes(data)
        else:
            self.write_text(data, bom=self.format == "csv", paged=self.format == "table")
        if self.format != "table":
            for sheet in sheets:
                hidden = self._hidden(sheet)
                if hidden:
                    click.echo(
                        f"… {hidden} more rows of {sheet.name} left out by --limit", err=True
                    )
            if not any(s.dicts for s in sheets) and sheets[0].empty:
                click.echo(sheets[0].empty, err=True)
        if specific and not any(s.dicts for s in sheets):
            raise click.exceptions.Exit(1)

    def payload(self, sheets: Sequence[Sheet]) -> str | bytes:
        """What ``sheets`` make in this format: text, or a workbook's bytes.

        Raises
        ------
        click.UsageError
            When the format is not one of :data:`FORMATS`.
        """
        if self.format == "xlsx":
            return workbook_bytes([self._sheet_data(s) for s in sheets])
        if self.format == "csv":
            return csv_text(self._sheet_data(sheets[0]))
        if self.format == "json":
            if len(sheets) == 1:
                data: Any = self._records(sheets[0])
            else:
                data = {s.name: self._records(s) for s in sheets}
            return indented_json(data) + "\n"
        if self.format == "jsonl":
            lines = []
            for sheet in sheets:
                for record in self._records(sheet):
                    if len(sheets) > 1:
                        record = {"table": sheet.name, **record}
                    lines.append(json.dumps(record, ensure_ascii=False) + "\n")
            return "".join(lines)
        if self.format == "table":
            return self._tables_text(sheets)
        raise click.UsageError(f"--format {self.format} is not available here")

    def emit_lines(self, lines: Sequence[tuple[int, str] | tuple[int, str, int]]) -> None:
        """Write indented text lines, each wrapped between words to the width.

        For block outputs (``check``, ``trace``): ``(indent, text)`` pairs,
        or ``(indent, text, hanging)`` where a wrapped line's continuation
        should hang ``hanging`` cells further in than ``indent`` (4 by default).

        Raises
        ------
        click.UsageError
            Never; listed for symmetry with :meth:`emit`.
        """
        width = self._width()
        out: list[str] = []
        for line in lines:
            indent, text = line[0], line[1]
            hanging = line[2] if len(line) > 2 else 4  # type: ignore[misc]
            safe = strip_controls(text)
            if not safe.strip():
                out.append("")
                continue
            for paragraph in safe.split("\n"):
                out.extend(_wrap(paragraph, width, indent, hanging))
        self.write_text("\n".join(out) + "\n" if out else "", paged=True)

    # -- formats ------------------------------------------------------------

    def _chosen(self, sheets: Sequence[Sheet]) -> list[Sheet]:
        if self.table is None:
            return list(sheets)
        chosen = [s for s in sheets if s.name == self.table]
        if not chosen:
            names = ", ".join(s.name for s in sheets)
            raise click.UsageError(f"no table {self.table!r} here; the tables are: {names}")
        return chosen

    def _visible(self, sheet: Sheet) -> list[dict[str, Any]]:
        return sheet.dicts[: self.limit] if self.limit else sheet.dicts

    def _hidden(self, sheet: Sheet) -> int:
        return len(sheet.dicts) - len(self._visible(sheet))

    def _records(self, sheet: Sheet) -> list[dict[str, Any]]:
        return records(self._visible(sheet), sheet.field_names())

    def _sheet_data(self, sheet: Sheet) -> SheetData:
        kinds = {c.key: c.kind for c in sheet.columns or () if c.kind in ("status", "rag", "flag")}
        return SheetData(sheet.name, sheet.field_names(), self._visible(sheet), kinds)

    def _tables_text(self, sheets: Sequence[Sheet]) -> str:
        width = self._width()
        colour = self._colour()
        blocks = []
        for sheet in sheets:
            body = _render_table(
                self._visible(sheet),
                sheet.shown_columns(),
                width=width,
                colour=colour,
                group_by=sheet.group_by,
                group_title=sheet.group_title,
            )
            if not sheet.dicts:
                body = f"{sheet.empty}\n" if sheet.empty else ""
            hidden = self._hidden(sheet)
            if hidden:
                body += f"… {hidden} more rows (--limit 0 shows all)\n"
            if sheet.footer and sheet.dicts:
                footer = _wrap(strip_controls(sheet.footer, keep=""), width, 0, 2)
                body += "\n" + "\n".join(footer) + "\n"
            if len(sheets) > 1:
                title = sheet.title or sheet.name.replace("_", " ").replace("-", " ").capitalize()
                body = f"{title}\n\n{body}"
            blocks.append(body)
        return "\n".join(blocks)

    # -- where the text goes ------------------------------------------------

    def _width(self) -> int:
        if self.width is not None:
            return max(self.width, MIN_WIDTH)
        return terminal_width(to_terminal=None if self.path is None else False)

    def _colour(self) -> bool:
        if self.path is not None:
            return False
        return use_colour() if self.colour is None else self.colour

    def _write_bytes(self, data: bytes) -> None:
        from reviewgraph.graph.files import write_atomic

        assert self.path is not None
        write_atomic(self.path, data)
        click.echo(f"Wrote {self.path}", err=True)

    def write_text(self, text: str, *, bom: bool = False, paged: bool = False) -> None:
        """Write ``text`` to ``-o FILE`` (atomically) or standard output.

        ``bom`` starts a file with a UTF-8 byte-order mark; ``paged`` sends
        text taller than the terminal through the pager.

        Raises
        ------
        StoreError
            When the file cannot be written.
        """
        if self.path is not None:
            prefix = BYTE_ORDER_MARK if bom else ""
            self._write_bytes((prefix + text).encode("utf-8"))
            return
        try:
            if paged and text and self._page(text):
                return
            click.echo(text, nl=False, color=self._colour() or None)
        except BrokenPipeError:
            # The reader (head, a closed pager) has gone: stop quietly, as cat does.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            raise click.exceptions.Exit(1) from None

    def _page(self, text: str) -> bool:
        """Page ``text`` when it is taller than the terminal; whether it was paged."""
        if self.pager is False or (self.pager is None and not needs_pager(text)):
            return False
        page(text, colour=self._colour())
        return True


# -- the earlier string API, kept for commands not yet moved to Output --------


def render(
    rows: Sequence[BaseModel | Mapping[str, Any]],
    format: str = "table",
    columns: Sequence[str] | None = None,
    width: int = PIPE_WIDTH,
) -> str:
    """Rows as a table, JSON, JSON Lines or CSV text.

    Parameters
    ----------
    rows : sequence of pydantic models (or mappings)
    format : {"table", "json", "jsonl", "csv"}
    columns : sequence of str, optional
        Which fields, in order; every field by default.
    width : int, optional
        The widest a table line may be.

    Raises
    ------
    ValueError
        When ``format`` is not one of :data:`TEXT_FORMATS`.

    Examples
    --------
    >>> rows = [{"name": "Named Nurse", "actions": 3}, {"name": "LSCB Chair", "actions": 12}]
    >>> print(render(rows), end="")
    name         actions
    -----------  -------
    Named Nurse        3
    LSCB Chair        12
    >>> print(render(rows, "csv"), end="")
    name,actions
    Named Nurse,3
    LSCB Chair,12
    """
    if format not in TEXT_FORMATS:
        raise ValueError(f"unknown format {format!r}; use one of {', '.join(TEXT_FORMATS)}")
    sheet = Sheet("rows", rows, fields=columns)
    if columns is not None:
        sheet.columns = [c for c in sheet.shown_columns() if c.key in columns]
    text = Output(format=format, width=width, colour=False, pager=False).payload([sheet])
    assert isinstance(text, str)
    return text


def render_report(report: BaseModel, format: str = "table", width: int = PIPE_WIDTH) -> str:
    """A report whose fields are lists of rows, one table per field.

    Raises
    ------
    ValueError
        When ``format`` is not one of :data:`TEXT_FORMATS`.

    Examples
    --------
    >>> from pydantic import BaseModel
    >>> class Count(BaseModel):
    ...     label: str
    ...     count: int
    >>> class Report(BaseModel):
    ...     labels: list[Count]
    >>> print(render_report(Report(labels=[Count(label="Action", count=4)])), end="")
    label   count
    ------  -----
    Action      4
    """
    if format not in TEXT_FORMATS:
        raise ValueError(f"unknown format {format!r}; use one of {', '.join(TEXT_FORMATS)}")
    sheets = [Sheet(name, getattr(report, name)) for name in type(report).model_fields]
    text = Output(format=format, width=width, colour=False, pager=False).payload(sheets)
    assert isinstance(text, str)
    return text
