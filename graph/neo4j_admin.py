"""``export --format neo4j-admin``: CSV files for ``neo4j-admin database import full``.

For a very large first load, Neo4j's offline importer is far faster than any
push. The folder holds one ``nodes_<Label>.csv`` per label and one
``relationships_<TYPE>.csv`` per relationship type, with the importer's
headers (``id:ID``, ``:LABEL``, typed properties such as ``order:long``,
``due_start:date``, ``aliases:string[]``; ``:START_ID``, ``:END_ID``,
``:TYPE``), an ``import.sh`` with the exact command, and ``schema.cypher``
with the constraints and indexes to create once the database runs.

The properties are exactly those ``reviewgraph push`` writes (the same
flattening, :func:`~reviewgraph.graph.neo4j_model.flatten_node`, and the same
``document_id`` / ``document_ids`` bookkeeping, and each ``Document``'s
``sha256``, ``loaded_at``, ``load_order`` and ``push_format``, and the search terms), so a
push after the import finds every plan up to date.

Text values are always quoted (a quote inside is doubled), so an empty text
stays an empty text while a missing value is an empty field. Arrays are
joined with a delimiter no value contains: ``;`` when possible.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .core import SHARED_LABELS
from .errors import GraphError
from .files import write_atomic
from .models import NODE_TYPES, RELATIONSHIPS
from .neo4j_cypher import schema_statements
from .neo4j_model import (
    DOCUMENT_ID,
    DOCUMENT_IDS,
    LOAD_ORDER,
    LOADED_AT,
    PUSH_FORMAT,
    PUSH_FORMAT_VERSION,
    document_rows,
    node_property_types,
    shared_type,
    sync_key,
    value_type,
)
from .store_view import StoreReader

__all__ = ["ARRAY_DELIMITERS", "write_neo4j_admin", "csv_field", "choose_array_delimiter"]

#: Array delimiters tried in turn; the first that no array value contains is used.
ARRAY_DELIMITERS = (";", "|", "\u001f")

#: neo4j-admin's names for the flat property types.
HEADER_TYPES = {
    "string": "string",
    "json": "string",
    "int": "long",
    "float": "double",
    "boolean": "boolean",
    "date": "date",
    "string[]": "string[]",
}


def choose_array_delimiter(values: Iterable[str]) -> str:
    """The first of :data:`ARRAY_DELIMITERS` that none of the array values contains.

    Raises
    ------
    GraphError
        When every candidate occurs in some value.

    Examples
    --------
    >>> choose_array_delimiter(["HWPH", "Wexham Park"]), choose_array_delimiter(["a;b"])
    (';', '|')
    """
    values = list(values)
    for candidate in ARRAY_DELIMITERS:
        if not any(candidate in value for value in values):
            return candidate
    raise GraphError("every array delimiter occurs in some array value; cannot write arrays")


def csv_field(value: Any, delimiter: str = ";") -> str:
    """One value as a field of the importer's CSV (comma-separated, ``"`` quoted).

    Examples
    --------
    >>> csv_field('say "hi", \\\\ $x'), csv_field(None), csv_field(""), csv_field(3)
    ('"say ""hi"", \\\\ $x"', '', '""', '3')
    >>> csv_field(["a", 'b"c']), csv_field(True), csv_field(dt.date(2012, 3, 1))
    ('"a;b""c"', 'true', '2012-03-01')
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        value = delimiter.join(str(item) for item in value)
    text = str(value)
    return '"' + text.replace('"', '""') + '"'


def _line(fields: Iterable[str]) -> str:
    return ",".join(fields) + "\n"


def _columns(declared: dict[str, str], rows: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """(name, type) for each column: declared ones, then any other property the rows hold."""
    columns = dict(declared)
    extra: dict[str, set[str]] = {}
    for row in rows:
        for name, value in row.items():
            if name not in columns:
                kind = value_type(value)
                if kind:
                    extra.setdefault(name, set()).add(kind)
    for name in sorted(extra):
        kinds = extra[name]
        columns[name] = kinds.pop() if len(kinds) == 1 else "string"
    return list(columns.items())


def _header(name: str, kind: str) -> str:
    return f"{name}:{HEADER_TYPES[kind]}"


def write_neo4j_admin(store: StoreReader, folder: str | Path) -> list[Path]:
    """Write the store as neo4j-admin import files into ``folder``; the files written.

    Parameters
    ----------
    store : StoreReader
        From :func:`~reviewgraph.graph.store_view.open_store`.
    folder : str or Path
        Created when missing; files in it are replaced one by one, atomically.

    Returns
    -------
    list of Path
        The node files, the relationship files, ``schema.cypher`` and ``import.sh``.

    Raises
    ------
    StoreError
        When a file cannot be written.
    GraphError
        When the store holds a value that cannot be written.

    Examples
    --------
    >>> import tempfile
    >>> from reviewgraph.graph.core import ReviewGraph
    >>> from reviewgraph.graph.store_view import GraphStoreView
    >>> files = write_neo4j_admin(GraphStoreView(ReviewGraph()), tempfile.mkdtemp())
    >>> [path.name for path in files][:2], files[0].read_text().splitlines()[0][:26]
    (['nodes_Document.csv', 'nodes_Review.csv'], 'id:ID,:LABEL,handle:string')
    """
    folder = Path(folder)
    nodes: dict[str, dict[str, dict[str, Any]]] = {label: {} for label in NODE_TYPES}
    edges: dict[str, dict[tuple[str, str], dict[str, Any]]] = {t: {} for t in RELATIONSHIPS}
    for record in store.documents():
        rows = document_rows(record.id, store.document_graph(record.id))
        for node in rows.nodes:
            if node.id == record.id:
                node.properties[LOADED_AT] = sync_key(record)[1]
                number = getattr(record, "number", None)
                if number is not None:
                    node.properties[LOAD_ORDER] = number
                node.properties[PUSH_FORMAT] = PUSH_FORMAT_VERSION
            found = nodes[node.label].get(node.id)
            if found is None:
                nodes[node.label][node.id] = dict(node.properties)
            elif node.shared:
                found[DOCUMENT_IDS] = sorted({*found[DOCUMENT_IDS], record.id})
        for edge in rows.edges:
            key = (edge.source, edge.target)
            found = edges[edge.type].get(key)
            if found is None:
                edges[edge.type][key] = dict(edge.properties)
            elif edge.shared:
                found[DOCUMENT_IDS] = sorted({*found[DOCUMENT_IDS], record.id})
    arrays = [
        item
        for table in (*nodes.values(), *edges.values())
        for properties in table.values()
        for value in properties.values()
        if isinstance(value, list)
        for item in value
    ]
    delimiter = choose_array_delimiter(arrays)
    written: list[Path] = []
    for label, table in nodes.items():
        declared = dict(node_property_types(label))
        if label in SHARED_LABELS:
            declared[DOCUMENT_IDS] = "string[]"
        else:
            declared[DOCUMENT_ID] = "string"
        if label == "Document":
            declared[LOADED_AT] = "string"
            declared[LOAD_ORDER] = "int"
            declared[PUSH_FORMAT] = "int"
        columns = [
            (name, kind) for name, kind in _columns(declared, list(table.values())) if name != "id"
        ]
        lines = [_line(["id:ID", ":LABEL", *(_header(n, k) for n, k in columns)])]
        for node_id in sorted(table):
            properties = table[node_id]
            fields = [csv_field(node_id), csv_field(label)]
            fields += [csv_field(properties.get(name), delimiter) for name, _ in columns]
            lines.append(_line(fields))
        written.append(_write(folder / f"nodes_{label}.csv", lines))
    for type_, table in edges.items():
        columns = _columns(
            {DOCUMENT_IDS: "string[]"} if shared_type(type_) else {}, list(table.values())
        )
        lines = [_line([":START_ID", ":END_ID", ":TYPE", *(_header(n, k) for n, k in columns)])]
        for source, target in sorted(table):
            properties = table[(source, target)]
            fields = [csv_field(source), csv_field(target), csv_field(type_)]
            fields += [csv_field(properties.get(name), delimiter) for name, _ in columns]
            lines.append(_line(fields))
        written.append(_write(folder / f"relationships_{type_}.csv", lines))
    schema = "".join(f"{statement};\n" for _, statement in schema_statements())
    written.append(_write(folder / "schema.cypher", [schema]))
    written.append(_write(folder / "import.sh", [_import_script(written, delimiter)]))
    (folder / "import.sh").chmod(0o755)
    return written


def _write(path: Path, lines: list[str]) -> Path:
    write_atomic(path, "".join(lines).encode("utf-8"))
    return path


def _delimiter_option(delimiter: str) -> str:
    if delimiter.isprintable():
        return f"'{delimiter}'"
    return f"U+{ord(delimiter):04X}"


def _import_script(files: list[Path], delimiter: str) -> str:
    node_files = [path.name for path in files if path.name.startswith("nodes_")]
    edge_files = [path.name for path in files if path.name.startswith("relationships_")]
    options = [f"    --nodes={name} \\\n" for name in node_files]
    options += [f"    --relationships={name} \\\n" for name in edge_files]
    return (
        "#!/bin/sh\n"
        "# Import this reviewgraph export into a Neo4j 5 database with neo4j-admin.\n"
        "#\n"
        "#   ./import.sh [DATABASE] [neo4j-admin options]   (DATABASE defaults to neo4j)\n"
        "#\n"
        "# The database must be stopped (or not exist yet); add --overwrite-destination to\n"
        "# replace one that holds data. Once it runs, create the constraints and indexes:\n"
        "#   cypher-shell -d DATABASE -f schema.cypher\n"
        "# (or run `reviewgraph push` once: it creates them and finds every plan up to date).\n"
        "set -eu\n"
        'cd "$(dirname "$0")"\n'
        'database="${1:-neo4j}"\n'
        "if [ $# -gt 0 ]; then shift; fi\n"
        "exec neo4j-admin database import full \\\n"
        "    --id-type=string \\\n"
        "    --delimiter=',' \\\n"
        f"    --array-delimiter={_delimiter_option(delimiter)} \\\n"
        "    --quote='\"' \\\n"
        "    --multiline-fields=true \\\n" + "".join(options) + '    "$@" "$database"\n'
    )
