"""The graph on a Neo4j server (or any Bolt server speaking Cypher), read as a query backend.

:class:`CypherBackend` answers the :class:`~reviewgraph.queries.backend.Backend`
primitives in Cypher, in read transactions, and hands back exactly what the
embedded store gives: node dicts of the same shape and values (``handle``,
``document``, ``source`` as an object, nulls and empty lists as the model has
them), edges with their properties, plans in the store's load order. What the
store keeps that the server needs comes with ``reviewgraph push``
(docs/neo4j.md): each plan's ``load_order``, every node's printed ``handle``
and its indexed search terms.

Dates are the one type the two hold differently: the server holds Cypher
``date`` values where the store holds ISO text. :meth:`CypherBackend.read`
turns every date in a result into ISO text, so each Cypher implementation of a
:class:`~reviewgraph.queries.backend.Fetch` returns the same records as its SQL
twin.

Labels and relationship types go into query text only from the graph's fixed
vocabulary (:func:`~reviewgraph.graph.neo4j_cypher.quoted`); every value is a
parameter.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any

from .backend import DocumentInfo, Fetch

if TYPE_CHECKING:  # pragma: no cover
    from reviewgraph.graph.bolt import Connection

__all__ = ["CypherBackend", "connect_backend", "label_of", "iso_dates", "ID_PREFIXES"]

Record = dict[str, Any]

#: How a node's id starts, per label (``action:003_plan:12``): ids are looked up under
#: their label, where the server's uniqueness constraint makes it an index seek.
ID_PREFIXES = {
    "document": "Document",
    "review": "Review",
    "recommendation": "Recommendation",
    "action": "Action",
    "crossref": "CrossReference",
    "agency": "Agency",
    "role": "LeadRole",
}

#: Ids sent in one query.
_CHUNK = 5000
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def label_of(node_id: str) -> str | None:
    """The label a node id names by its prefix, or None for an id of another form.

    Examples
    --------
    >>> label_of("role:police:dci"), label_of("003:56")
    ('LeadRole', None)
    """
    return ID_PREFIXES.get(node_id.split(":", 1)[0]) if ":" in node_id else None


def iso_dates(value: Any) -> Any:
    """``value`` with every date (at any depth) as ISO text, as the store holds dates.

    Examples
    --------
    >>> iso_dates({"due_end": dt.date(2012, 3, 31), "counts": [1, dt.date(2012, 1, 1)]})
    {'due_end': '2012-03-31', 'counts': [1, '2012-01-01']}
    """
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {k: iso_dates(v) for k, v in value.items()}
    if isinstance(value, list):
        return [iso_dates(v) for v in value]
    return value


def _nocase(text: str) -> str:
    """Text as SQLite's ``COLLATE NOCASE`` compares it: ASCII letters folded only."""
    return text.translate(_ASCII_LOWER)


class CypherBackend:
    """A Neo4j (or other Bolt) server holding pushed plans, read in Cypher.

    Parameters
    ----------
    connection : Connection
        From :func:`~reviewgraph.graph.bolt.connect`; closed by :meth:`close`.

    Examples
    --------
    >>> from reviewgraph.graph.bolt import connect, server_settings
    >>> backend = CypherBackend(connect(server_settings()))  # doctest: +SKIP
    >>> backend.kind  # doctest: +SKIP
    'neo4j'
    """

    kind = "neo4j"

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self._documents: list[DocumentInfo] | None = None

    # -- the two calls every Cypher implementation uses ------------------------------
    def read(self, query: str, parameters: Mapping[str, Any] | None = None) -> list[Record]:
        """Run a read query in a read transaction; rows with dates as ISO text.

        Raises
        ------
        ServerError
            When the server refuses the query or cannot be reached.
        """
        return [iso_dates(row) for row in self.connection.read(query, dict(parameters or {}))]

    def node(self, properties: Mapping[str, Any], label: str) -> Record:
        """A node read from the server (``properties(n)``) as the store's node dict.

        The flat properties are rebuilt into the model (:func:`unflatten_node`),
        so absent properties come back as the model's defaults (None, ``[]``,
        ``{}``), exactly as the store holds them; ``handle`` and ``document``
        (the owning plan's id, None for agencies and roles) come last, as
        :func:`~reviewgraph.graph.store.node_dict` puts them.

        Raises
        ------
        ServerError
            When the properties do not make a valid node of ``label`` (a node that
            reviewgraph did not push).
        """
        from reviewgraph.graph.errors import ServerError
        from reviewgraph.graph.models import node_from_dict
        from reviewgraph.graph.neo4j_model import DOCUMENT_ID, unflatten_node

        flat = dict(properties)
        handle = flat.pop("handle", None)
        try:
            model = node_from_dict(unflatten_node(label, flat))
        except ValueError as error:
            details = error.errors() if hasattr(error, "errors") else []
            problem = (
                f"{'.'.join(map(str, details[0]['loc']))}: {details[0]['msg'].lower()}"
                if details
                else str(error)
            )
            raise ServerError(
                f"{self.connection.settings.where}: the {label} {flat.get('id')!r} on the "
                f"server is not as reviewgraph pushes it ({problem}) "
                "(hint: push the store to a database that only reviewgraph writes to)"
            ) from error
        data = model.properties()
        data.pop("id", None)
        data.pop("handle", None)
        return {
            "id": model.id,
            "label": label,
            **data,
            "handle": handle,
            "document": flat.get(DOCUMENT_ID),
        }

    # -- the Backend protocol -------------------------------------------------------
    def documents(self) -> list[DocumentInfo]:
        """Every plan on the server, in the store's load order.

        Raises
        ------
        ServerError
            When the server cannot be read, or holds a plan that a push did not finish
            or that an older reviewgraph pushed (no load order, no search terms).
        """
        if self._documents is None:
            rows = self.read(
                "MATCH (d:Document) "
                "OPTIONAL MATCH (r:Review {document_id: d.id}) "
                "RETURN d.id AS id, d.handle AS handle, d.path AS path, d.sha256 AS sha256, "
                "d.load_order AS load_order, r.id AS review_id, r.title AS title, "
                "r.as_of AS as_of"
            )
            unfinished = sorted(r["id"] for r in rows if r["sha256"] is None)
            older = sorted(r["id"] for r in rows if r["load_order"] is None)
            if unfinished or older:
                from reviewgraph.graph.errors import ServerError

                what = "did not finish" if unfinished else "is from an older reviewgraph"
                raise ServerError(
                    f"{self.connection.settings.where}: the push of {(unfinished or older)[0]} "
                    f"{what}, so its answers would not be the store's (hint: run reviewgraph "
                    "push again)"
                )
            rows.sort(key=lambda r: (r["load_order"], r["id"]))
            self._documents = [
                DocumentInfo(
                    id=row["id"],
                    key=row["id"].split(":", 1)[1],
                    handle=row["handle"],
                    path=row["path"],
                    sha256=row["sha256"],
                    review_id=row["review_id"],
                    title=row["title"],
                    as_of=row["as_of"],
                )
                for row in rows
            ]
        return self._documents

    def node_dicts(self, ids: Iterable[str]) -> list[Record]:
        """The nodes with these ids, by id (missing ids are left out).

        Raises
        ------
        ServerError
            When the server cannot be read.
        """
        found = self._by_id(ids, "n", "RETURN labels(n) AS labels, properties(n) AS node")
        nodes = [self.node(row["node"], _label(row["labels"])) for row in found]
        return sorted(nodes, key=lambda n: n["id"])

    def nodes_of(self, label: str) -> list[Record]:
        """Every node of one label.

        Raises
        ------
        GraphError
            When ``label`` is not one of the graph's labels.
        ServerError
            When the server cannot be read.
        """
        from reviewgraph.graph.models import NODE_TYPES
        from reviewgraph.graph.neo4j_cypher import quoted

        rows = self.read(f"MATCH (n:{quoted(label, NODE_TYPES)}) RETURN properties(n) AS node")
        return [self.node(row["node"], label) for row in rows]

    def nodes_by_handle(self, handles: Iterable[str]) -> list[Record]:
        """The nodes whose printed reference is one of ``handles``, ASCII letters
        compared without case (as the store's ``COLLATE NOCASE``).

        Raises
        ------
        ServerError
            When the server cannot be read.
        """
        wanted = {_nocase(h) for h in handles}
        if not wanted:
            return []
        rows = self.read(
            "MATCH (n) WHERE n.handle IS NOT NULL AND toLower(n.handle) IN $handles "
            "RETURN labels(n) AS labels, properties(n) AS node",
            {"handles": sorted({h.lower() for h in wanted})},
        )
        return [
            self.node(row["node"], _label(row["labels"]))
            for row in rows
            if _nocase(row["node"]["handle"]) in wanted
        ]

    def edge_dicts(
        self,
        *,
        sources: Iterable[str] | None = None,
        targets: Iterable[str] | None = None,
        types: Iterable[str] | None = None,
    ) -> list[Record]:
        """Distinct edges leaving ``sources`` or entering ``targets`` (of ``types``).

        Raises
        ------
        ServerError
            When the server cannot be read.
        """
        from reviewgraph.graph.models import RELATIONSHIPS
        from reviewgraph.graph.neo4j_cypher import quoted
        from reviewgraph.graph.neo4j_model import DOCUMENT_IDS

        kinds = ""
        if types is not None:
            known = sorted(set(types) & set(RELATIONSHIPS))
            if not known:
                return []
            kinds = ":" + "|".join(quoted(t, RELATIONSHIPS) for t in known)
        found: dict[tuple[str, str, str], Record] = {}
        returned = (
            f"MATCH (a)-[e{kinds}]->(b) RETURN a.id AS source, type(e) AS type, b.id AS target, "
            "properties(e) AS properties"
        )
        for ids, variable in ((sources, "a"), (targets, "b")):
            if ids is None:
                continue
            rows = self._by_id(ids, variable, returned)
            for row in rows:
                key = (row["source"], row["type"], row["target"])
                if key not in found:
                    extra = {k: v for k, v in row["properties"].items() if k != DOCUMENT_IDS}
                    found[key] = {
                        "source": row["source"],
                        "target": row["target"],
                        "type": row["type"],
                        **extra,
                    }
        return list(found.values())

    def fetch(self, question: Fetch, **parameters: Any) -> list[Record]:
        """Run the Cypher implementation of one question.

        Raises
        ------
        ServerError
            When the server refuses a query or cannot be reached.
        """
        return question.cypher(self, parameters)

    def close(self) -> None:
        """Close the connection."""
        self.connection.close()

    # -- helpers ----------------------------------------------------------------------
    def _by_id(self, ids: Iterable[str], variable: str, rest: str) -> list[Record]:
        """The rows of ``MATCH (variable) … rest`` for nodes with these ids.

        An id is looked up under the label its prefix names, where the server's
        uniqueness constraint on ``id`` makes it an index seek; an id of no
        known form is looked for under every label.
        """
        from reviewgraph.graph.models import NODE_TYPES
        from reviewgraph.graph.neo4j_cypher import quoted

        by_label: dict[str, list[str]] = defaultdict(list)
        for node_id in dict.fromkeys(ids):
            by_label[label_of(node_id) or ""].append(node_id)
        rows: list[Record] = []
        for label, wanted in sorted(by_label.items()):
            if label:
                name = quoted(label, NODE_TYPES)
                head = f"UNWIND $ids AS id MATCH ({variable}:{name} {{id: id}})"
            else:
                head = f"MATCH ({variable}) WHERE {variable}.id IN $ids"
            for start in range(0, len(wanted), _CHUNK):
                rows += self.read(f"{head} {rest}", {"ids": wanted[start : start + _CHUNK]})
        return rows


def _label(labels: list[str]) -> str:
    """A node's label (nodes carry one label of the graph's vocabulary)."""
    from reviewgraph.graph.models import NODE_TYPES

    known = [label for label in labels if label in NODE_TYPES]
    return known[0] if known else labels[0]


def connect_backend(
    uri: str | None = None,
    user: str | None = None,
    password: str | None = None,
    database: str | None = None,
    *,
    ask_password: Callable[[str], str] | None = None,
    retry_seconds: float = 30.0,
) -> CypherBackend:
    """A :class:`CypherBackend` on the server the arguments name, else ``NEO4J_URI``,
    ``NEO4J_USER``, ``NEO4J_PASSWORD`` and ``NEO4J_DATABASE`` (as ``push`` takes them).

    Raises
    ------
    ServerError
        One line with a hint when no server is named or it cannot be used.

    Examples
    --------
    >>> connect_backend("bolt://127.0.0.1:9", password="x", retry_seconds=0)
    Traceback (most recent call last):
    ...
    reviewgraph.graph.errors.ServerError: bolt://127.0.0.1:9: no answer from the server \
(hint: is it running, and is the host and port right?)
    """
    from reviewgraph.graph.bolt import connect, server_settings

    settings = server_settings(
        uri,
        user,
        password,
        database,
        ask_password=ask_password,
        retry_seconds=retry_seconds,
    )
    return CypherBackend(connect(settings))
