"""The tables of the embedded store: the SQL that makes them, and what marks the file.

The store's layout is one version number (SQLite's ``user_version``) under one
application id; :mod:`reviewgraph.graph.store` creates these tables in a new
file and refuses a file of a newer layout. The FTS5 index is an external-content
table over a view of the nodes, so the words are stored once.
"""

from __future__ import annotations

__all__ = [
    "APPLICATION_ID",
    "SCHEMA_VERSION",
    "SEARCH_FIELDS",
    "SEARCH_TOKENIZER",
    "SHARED_LABELS",
]

#: The layout of the tables; a store of a newer layout is refused, an older one upgraded.
SCHEMA_VERSION = 1
#: Marks a SQLite file as a reviewgraph store ("RGph").
APPLICATION_ID = 0x52477068
#: Labels whose nodes several plans share (one agency across plans).
SHARED_LABELS = frozenset({"Agency", "LeadRole"})
#: The words full-text search looks at, one FTS5 column each.
SEARCH_FIELDS = (
    "text",
    "outcome",
    "progress",
    "evidence",
    "due_raw",
    "status_raw",
    "owner_raw",
    "intro",
    "name",
    "aliases",
    "raw",
    "title",
    "board",
    "subject",
)
#: How FTS5 splits and stems those words (``A&E`` one word, ``training`` → ``train``).
SEARCH_TOKENIZER = "porter unicode61 remove_diacritics 2 tokenchars '&'"
_INSERT_NODE = (
    "INSERT INTO nodes (id, label, document, handle, name, ref, status, rag, due_start, "
    "due_end, props) VALUES (?,?,?,?,?,?,?,?,?,?,?)"
)
#: Keys of a node dict kept in their own columns rather than in ``props``.
_NOT_PROPERTIES = frozenset({"id", "label", "handle", "document"})

_SEARCH_COLUMNS = ", ".join(SEARCH_FIELDS)
_SEARCH_VALUES = ", ".join(f"json_extract(props, '$.{f}') AS {f}" for f in SEARCH_FIELDS)
#: Which nodes' words are indexed: the same test on insert and on delete, as FTS5 needs.
_SEARCHED = "(" + " OR ".join(f"{f} IS NOT NULL" for f in SEARCH_FIELDS) + ")"

_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS documents (
    number INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    key TEXT NOT NULL UNIQUE,
    handle TEXT NOT NULL UNIQUE,
    path TEXT NOT NULL UNIQUE,
    sha256 TEXT NOT NULL,
    layout TEXT NOT NULL,
    encoding TEXT,
    size INTEGER,
    loaded_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS nodes (
    id TEXT PRIMARY KEY,
    label TEXT NOT NULL,
    document TEXT,
    handle TEXT,
    name TEXT COLLATE NOCASE,
    ref TEXT,
    status TEXT,
    rag TEXT,
    due_start TEXT,
    due_end TEXT,
    props TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS nodes_label ON nodes(label, document);
CREATE INDEX IF NOT EXISTS nodes_document ON nodes(document);
CREATE INDEX IF NOT EXISTS nodes_handle ON nodes(handle COLLATE NOCASE);
CREATE INDEX IF NOT EXISTS nodes_name ON nodes(label, name);
CREATE INDEX IF NOT EXISTS nodes_ref ON nodes(ref, document);
CREATE INDEX IF NOT EXISTS nodes_status ON nodes(label, status);
CREATE INDEX IF NOT EXISTS nodes_due ON nodes(label, due_end);
CREATE TABLE IF NOT EXISTS contributions (
    node TEXT NOT NULL,
    document INTEGER NOT NULL,
    props TEXT NOT NULL,
    PRIMARY KEY (node, document)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS contributions_document ON contributions(document);
CREATE TABLE IF NOT EXISTS edges (
    source TEXT NOT NULL,
    type TEXT NOT NULL,
    target TEXT NOT NULL,
    document INTEGER NOT NULL,
    props TEXT,
    PRIMARY KEY (source, type, target, document)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS edges_target ON edges(target, type);
CREATE INDEX IF NOT EXISTS edges_document ON edges(document);
CREATE TABLE IF NOT EXISTS accountable (
    action TEXT NOT NULL,
    agency TEXT NOT NULL,
    document INTEGER NOT NULL,
    PRIMARY KEY (action, agency)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS accountable_agency ON accountable(agency);
CREATE INDEX IF NOT EXISTS accountable_document ON accountable(document);
CREATE VIEW IF NOT EXISTS search_source AS
    SELECT rowid AS node_rowid, id AS node, document, {_SEARCH_VALUES} FROM nodes;
CREATE VIRTUAL TABLE IF NOT EXISTS search USING fts5(
    {_SEARCH_COLUMNS},
    content='search_source',
    content_rowid='node_rowid',
    tokenize="{SEARCH_TOKENIZER}"
);
"""
