"""The read stage for every format, and the check that a plan was understood.

``read_plan`` gives the pipeline its text: a text file's own, or the text a
Word, PDF, Excel, CSV or HTML file renders to, or the table a label/value
plan's blocks make. ``Plan.items`` runs the detect, rows and items stages on
it and then asks whether the result can be trusted: a plan whose tables or
labels could not be understood is refused with what was found ("a table with
columns Issue, Owner, Date: no column holds recommendations"), never loaded
as an empty or plausible-looking wrong graph.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from reviewgraph.graph.core import ReviewGraph
from reviewgraph.graph.errors import InputError

from ..limits import Limits, format_size
from ..lines import split_lines
from ..model import DocumentItems, Unplaced
from ..read import read_document
from ..text import clean_text
from . import content_suffix, is_formatted, render_file
from .confidence import check_items, describe_tables, describe_text_tables
from .document import Place
from .labels import blocks_table, find_blocks
from .places import apply_places
from .render import LinePlace, Rendered

__all__ = ["Plan", "read_plan", "settle_items"]

_MAPPING_HINT = "map its columns with --columns (see reviewgraph inspect FILE)"
_NO_TABLE_HINT = (
    "check this is the action plan and not the review's report: a plan lists each "
    "recommendation with its actions, owners and dates"
)


@dataclass
class Plan:
    """A plan file's text for the pipeline, and where its lines came from."""

    path: str
    text: str
    sha256: str
    encoding: str
    rendered: Rendered | None = None

    def items(self, stages: Callable[[str, str], DocumentItems]) -> DocumentItems:
        """Run the detect, rows and items stages, then check the plan was understood.

        Raises
        ------
        InputError
            When the stages fail or the result cannot be trusted; for a file
            read by a format reader, the place is given in the file's terms.
        """
        try:
            items = stages(self.text, self.path)
        except InputError as error:
            raise self._explain(error) from None
        return settle_items(items, self)

    def place(self, graph: ReviewGraph) -> None:
        """Give the graph's items their places in the file."""
        if self.rendered is not None:
            apply_places(graph, self.rendered)

    def locator(self, line: int | None) -> str | None:
        if self.rendered is None or line is None:
            return None
        found = self.rendered.place_of(line)
        return found.place.locator() if found else None

    def _explain(self, error: InputError) -> InputError:
        if self.rendered is None:
            if error.title.startswith("unknown layout"):
                found = describe_text_tables(self.text, self.path)
                if found:
                    return InputError(self.path, found[0], found[1], _MAPPING_HINT)
            return error
        if error.title.startswith("unknown layout"):
            found = describe_tables(self.rendered)
            hint = _NO_TABLE_HINT if found.startswith("no table") else _MAPPING_HINT
            return InputError(self.path, None, found, hint)
        where = self.locator(error.line)
        title = f"{where}: {error.title}" if where else error.title
        return InputError(self.path, None, title, error.hint)


def _text_places(text: str) -> list[LinePlace | None]:
    return [LinePlace(Place(line=n)) for n, _ in enumerate(split_lines(text), 1)]


def _label_plan(path: str, lines: list[str], places: list[LinePlace | None]) -> list[str] | None:
    blocks = find_blocks(lines)
    if len(blocks) < 1 or not any(b.values.get("recommendation") for b in blocks):
        # Numbered paragraphs, each with its actions' labelled parts; not a narrative's
        # numbered paragraphs, which have no parts.
        blocks = find_blocks(lines, numbered=True)
        parted = [b for b in blocks if set(b.values) - {"recommendation"}]
        if not blocks or len(parted) * 2 < len(blocks):
            return None
    first = blocks[0].start
    head = [line for line in lines[:first] if line.strip() and not line.startswith("|")]
    head_places = [places[i] for i, line in enumerate(lines[:first]) if line in head]
    table, table_places = blocks_table(blocks, places)
    del path
    # Lines after the last block ("Signed: …") follow the table, to be reported.
    last = blocks[-1].end + 1
    tail = [i for i in range(last, len(lines)) if lines[i].strip()]
    return (
        [*head, "", *table, *([""] if tail else []), *(lines[i] for i in tail)],
        [*head_places, None, *table_places, *([None] if tail else []), *(places[i] for i in tail)],
    )


def read_plan(path: str, name: str | None = None, *, max_size: int | None = None) -> Plan:
    """Read a plan file of any supported format into the pipeline's text.

    ``name`` is the path as the plan's items and errors record it (``path``
    by default). ``max_size`` bounds a text file's bytes, or the text a
    Word, PDF, Excel, CSV or HTML file gives (see :mod:`~reviewgraph.loaders.limits`).

    Raises
    ------
    InputError
        When the file cannot be read (missing, empty, binary text, damaged,
        encrypted, scanned, too large).

    Examples
    --------
    >>> import tempfile, os
    >>> with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as f:
    ...     _ = f.write("Recommendation 1: Audit files\\nAction: Run an audit\\nLead: Nurse\\n")
    >>> plan = read_plan(f.name)
    >>> plan.text.splitlines()[1]
    '| Ref | Recommendation | Action | Lead |'
    >>> os.unlink(f.name)
    """
    if name is not None and name != path:
        try:
            plan = read_plan(path, max_size=max_size)
        except InputError as error:
            raise InputError(name, error.line, error.title, error.hint) from None
        plan.path = name
        return plan
    if is_formatted(path) or content_suffix(path):
        rendered, sha256 = render_file(path)
        if not clean_text(rendered.text):
            raise InputError(path, None, "the file holds no text", "check it is the action plan")
        limit = Limits.from_environment(max_file_size=max_size).max_file_size
        if len(rendered.text) > limit:
            raise InputError(
                path,
                None,
                f"the file's text is {len(rendered.text):,} characters, over the limit of "
                f"{format_size(limit)} for one plan",
                "split the plan, or raise the limit (--max-file-size, $REVIEWGRAPH_MAX_FILE_SIZE)",
            )
        if not any(t.role == "plan" for t in rendered.tables):
            lines = split_lines(rendered.text)
            found = _label_plan(path, lines, rendered.places)
            if found:
                text_lines, places = found
                rendered.text = "\n".join(text_lines) + "\n"
                rendered.places = places
                rendered.form = "label-value"
        return Plan(path, rendered.text, sha256, rendered.kind, rendered)
    text, sha256, encoding = read_document(path, max_size=max_size)
    from ..detect import detect_layout

    try:
        detect_layout(text, path)
    except InputError:
        found = _label_plan(path, split_lines(text), _text_places(text))
        if found:
            text_lines, places = found
            rendered = Rendered(
                path=path,
                kind="text",
                text="\n".join(text_lines) + "\n",
                places=places,
                form="label-value",
            )
            return Plan(path, rendered.text, sha256, encoding, rendered)
    return Plan(path, text, sha256, encoding)


def settle_items(items: DocumentItems, plan: Plan) -> DocumentItems:
    """Name the layout in the file's terms and check the plan was understood.

    Raises
    ------
    InputError
        When the items cannot be trusted (see :func:`.confidence.check_items`).
    """
    rendered = plan.rendered
    if rendered is not None:
        if rendered.form == "label-value":
            layout = "label-value" if rendered.kind == "text" else f"{rendered.kind}-label-value"
        elif items.layout == "prose":
            layout = f"{rendered.kind}-prose"
        else:
            layout = f"{rendered.kind}-table"
        items = items.model_copy(update={"layout": layout})
        # Unplaced text is reported by the file's places, not by rendered lines.
        notes = [
            Unplaced(text=text.split(" ")[-1], line=1, what=f"{text}, {place.locator()}")
            for text, place in rendered.notes
        ]
        items = items.model_copy(
            update={"unplaced": [*notes, *(_placed(u, plan) for u in items.unplaced)]}
        )
    check_items(items, plan.path, rendered)
    return items


def _placed(unplaced: Unplaced, plan: Plan) -> Unplaced:
    found = plan.rendered.place_of(unplaced.line) if plan.rendered else None
    if found is None:
        return unplaced
    if found.place.line is not None:
        return unplaced.model_copy(update={"line": found.place.line})
    return unplaced.model_copy(update={"what": _where(unplaced.what, found.place.locator())})


def _where(what: str, locator: str | None) -> str:
    if not locator:
        return what
    return f"{what}, {locator}" if what else locator
