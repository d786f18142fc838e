"""A push's search terms are the very terms the store's FTS5 index holds.

``search_properties`` tokenizes each whitespace-separated piece once and
remembers it; the oracle here gives FTS5 each whole value, as the store does.
"""

from __future__ import annotations

import json
import sqlite3

from hypothesis import given, settings
from hypothesis import strategies as st

from reviewgraph.graph import search_terms
from reviewgraph.graph.search_terms import search_properties
from reviewgraph.graph.store import SEARCH_FIELDS, SEARCH_TOKENIZER
from reviewgraph.graph.store_view import open_store


def whole_values(nodes):
    """The search properties from FTS5 over each node's whole values (json_extract)."""
    connection = sqlite3.connect(":memory:")
    columns = ", ".join(SEARCH_FIELDS)
    connection.execute(
        f'CREATE VIRTUAL TABLE search USING fts5({columns}, tokenize="{SEARCH_TOKENIZER}")'
    )
    connection.execute("CREATE VIRTUAL TABLE terms USING fts5vocab(search, 'instance')")
    connection.execute("CREATE TABLE nodes (number INTEGER PRIMARY KEY, id TEXT, props TEXT)")
    connection.executemany(
        "INSERT INTO nodes (id, props) VALUES (?, ?)",
        [
            (
                node["id"],
                json.dumps({f: node[f] for f in SEARCH_FIELDS if f in node}, ensure_ascii=False),
            )
            for node in nodes
        ],
    )
    values = ", ".join(f"json_extract(props, '$.{f}') AS {f}" for f in SEARCH_FIELDS)
    searched = " OR ".join(f"{f} IS NOT NULL" for f in SEARCH_FIELDS)
    connection.execute(
        f"INSERT INTO search (rowid, {columns}) SELECT number, {columns} FROM "
        f"(SELECT number, {values} FROM nodes) WHERE {searched}"
    )
    ids = dict(
        connection.execute("SELECT n.number, n.id FROM search s JOIN nodes n ON n.number = s.rowid")
    )
    postings = {number: {} for number in ids}
    for number, field, term, count in connection.execute(
        "SELECT doc, col, term, count(*) FROM terms GROUP BY doc, col, term"
    ):
        postings[number].setdefault(field, {})[term] = count
    found = {}
    for number, node_id in ids.items():
        fields = postings[number]
        properties = {"search_length": sum(sum(c.values()) for c in fields.values())}
        if fields:
            terms = sorted({t for c in fields.values() for t in c})
            properties["search_terms"] = " " + " ".join(terms) + " "
            properties["search_postings"] = json.dumps(fields, ensure_ascii=False, sort_keys=True)
        found[node_id] = properties
    return found


# Words, and the characters that make tokenizing hard: separators of every kind,
# diacritics, '&' (a token character here), digits, other scripts, controls.
text = st.lists(
    st.one_of(
        st.sampled_from(
            [
                "Training",
                "trained",
                "A&E",
                "&&",
                "café",
                "Cafe\u0301",
                "GP's",
                "re-refer",
                "3.3.9",
                "(v)",
                "ÆON",
                "ﬁnal",
                "İstanbul",
                "straße",
                "١٢٣",
                "日本語",
                "—",
                "\u00a0",
                "\u2028",
                "\t",
                "\n",
                " ",
                "\x1c",
                "\x00",
                "x\u200by",
                "😀",
                "\\n",
            ]
        ),
        st.text(min_size=1, max_size=12),
    ),
    max_size=12,
).map("".join)
value = st.one_of(
    st.none(),
    text,
    st.lists(text, max_size=3),
    st.integers(-5, 10**6),
    st.booleans(),
    st.floats(allow_nan=False, allow_infinity=False),
)
node = st.fixed_dictionaries(
    {}, optional={name: value for name in ("text", "name", "aliases", "progress", "raw")}
)


@settings(max_examples=300, deadline=None)
@given(st.lists(node, max_size=6))
def test_same_terms_as_whole_values(fields):
    nodes = [{"id": f"n{number}", "label": "Action", **data} for number, data in enumerate(fields)]
    search_terms._PIECES.clear()
    assert search_properties(nodes) == whole_values(nodes)
    # Again, now from the remembered pieces.
    assert search_properties(nodes) == whole_values(nodes)


def test_seed_nodes_have_the_store_terms(seed_store):
    with open_store(seed_store) as store:
        nodes = [
            n for record in store.documents() for n in store.document_graph(record.id)["nodes"]
        ]
    found = search_properties(nodes)
    assert found == whole_values(nodes)
    # The seeds' words reach the server: 003's actions speak of training.
    assert sum(" train " in p.get("search_terms", "") for p in found.values()) > 10


def test_remembered_pieces_are_bounded(monkeypatch):
    monkeypatch.setattr(search_terms, "_PIECES_LIMIT", 3)
    search_terms._PIECES.clear()
    nodes = [{"id": "a", "label": "Action", "text": "one two three four five"}]
    assert search_properties(nodes)["a"]["search_length"] == 5
    assert len(search_terms._PIECES) == 5
    nodes = [{"id": "b", "label": "Action", "text": "six"}]
    assert search_properties(nodes)["b"]["search_terms"] == " six "
    assert len(search_terms._PIECES) == 1
