"""The Cypher a push writes with: schema, batched writes, and taking plans off the server.

Labels and relationship types go into a statement's text only from DOMAIN.md's
fixed vocabulary (:func:`quoted` refuses any other name); every value travels
as a parameter.
"""

from __future__ import annotations

from collections.abc import Iterable

from neo4j.exceptions import Neo4jError

from .bolt import Connection
from .core import SHARED_LABELS
from .errors import GraphError, ServerError
from .models import NODE_TYPES, RELATIONSHIPS
from .neo4j_model import DOCUMENT_ID, DOCUMENT_IDS, shared_type

__all__ = [
    "OWN_LABELS",
    "quoted",
    "schema_statements",
    "ensure_schema",
    "node_statement",
    "child_statement",
    "edge_statement",
    "STAMP",
    "remove_plans",
]

#: Labels whose nodes belong to one plan (``document_id``).
OWN_LABELS = tuple(label for label in NODE_TYPES if label not in SHARED_LABELS)

#: Gives finished plans their hash: from then on the server holds them whole.
STAMP = (
    "UNWIND $rows AS row MATCH (d:Document {id: row.id}) "
    "SET d.sha256 = row.sha256, d.loaded_at = row.loaded_at, d.load_order = row.load_order, "
    "d.push_format = row.push_format "
    "RETURN count(*) AS done"
)


def quoted(name: str, allowed: Iterable[str]) -> str:
    """A label or type for a statement's text: only names of DOMAIN.md's vocabulary.

    Raises
    ------
    GraphError
        When ``name`` is not one of ``allowed``.

    Examples
    --------
    >>> quoted("Agency", NODE_TYPES)
    '`Agency`'
    >>> quoted("Agency`) DETACH DELETE (x", NODE_TYPES)
    Traceback (most recent call last):
    ...
    reviewgraph.graph.errors.GraphError: 'Agency`) DETACH DELETE (x' is not a label or \
relationship type of the graph
    """
    if name not in allowed:
        raise GraphError(f"{name!r} is not a label or relationship type of the graph")
    return f"`{name}`"


def schema_statements() -> list[tuple[str, str]]:
    """The constraints and indexes a push relies on, as (name, Cypher) in Neo4j 5 syntax.

    Examples
    --------
    >>> schema_statements()[0]
    ('reviewgraph_document_id', 'CREATE CONSTRAINT reviewgraph_document_id IF NOT EXISTS \
FOR (n:`Document`) REQUIRE n.id IS UNIQUE')
    """
    statements = []
    for label in NODE_TYPES:
        name = f"reviewgraph_{label.lower()}_id"
        statements.append(
            (
                name,
                f"CREATE CONSTRAINT {name} IF NOT EXISTS FOR (n:{quoted(label, NODE_TYPES)}) "
                "REQUIRE n.id IS UNIQUE",
            )
        )
    for label in OWN_LABELS:
        name = f"reviewgraph_{label.lower()}_document"
        statements.append(
            (
                name,
                f"CREATE INDEX {name} IF NOT EXISTS FOR (n:{quoted(label, NODE_TYPES)}) "
                f"ON (n.{DOCUMENT_ID})",
            )
        )
    return statements


def ensure_schema(connection: Connection) -> list[str]:
    """Create the uniqueness constraints on ``id`` and the ``document_id`` indexes.

    A server that refuses a constraint (an edition without them, a user
    without schema rights, duplicate ids already there) gets a plain index
    on ``id`` instead, and the push goes on; what was refused is returned as
    warnings.

    Raises
    ------
    ServerError
        When the server cannot be reached.
    """
    warnings = []
    for name, statement in schema_statements():
        try:
            connection.write(statement)
        except ServerError as error:
            if not isinstance(error.__cause__, Neo4jError):
                raise
            label = statement.split("(n:`", 1)[1].split("`", 1)[0]
            if "CONSTRAINT" in statement:
                fallback = f"CREATE INDEX {name}_index IF NOT EXISTS FOR (n:`{label}`) ON (n.id)"
                try:
                    connection.write(fallback)
                    kept = "an index on id instead"
                except ServerError:
                    kept = "no index: merging will be slow"
                warnings.append(f"no uniqueness constraint on {label}.id ({error}); {kept}")
            else:
                warnings.append(f"no index on {label}.{DOCUMENT_ID} ({error})")
    return warnings


def node_statement(label: str, shared: bool) -> str:
    """The statement merging a batch of ``$rows`` (``id``, ``properties``) of one label.

    A plan's own nodes get exactly their properties (``SET n =``); shared
    nodes are updated (``SET n +=``, absent properties sent as null) and gain
    the plans of ``row.documents`` in ``document_ids``.

    Raises
    ------
    GraphError
        When the label is not one of DOMAIN.md's.

    Examples
    --------
    >>> node_statement("Action", shared=False)
    'UNWIND $rows AS row CREATE (n:`Action`) SET n = row.properties RETURN count(*) AS done'
    >>> node_statement("Document", shared=False)
    'UNWIND $rows AS row MERGE (n:`Document` {id: row.id}) SET n = row.properties \
RETURN count(*) AS done'
    """
    name = quoted(label, NODE_TYPES)
    if not shared and label != "Document":
        # A plan's own nodes are written only after its old subgraph was deleted
        # (push removes it first, a cut push included), so they are created rather
        # than merged: a quarter faster on the server. A duplicate id would still
        # be refused by the uniqueness constraint, never silently doubled.
        return (
            f"UNWIND $rows AS row CREATE (n:{name}) SET n = row.properties RETURN count(*) AS done"
        )
    if not shared:
        # The Document node is kept while its plan is rewritten (it holds the
        # push's own marks), so it is merged.
        return (
            f"UNWIND $rows AS row MERGE (n:{name} {{id: row.id}}) SET n = row.properties "
            "RETURN count(*) AS done"
        )
    return (
        f"UNWIND $rows AS row MERGE (n:{name} {{id: row.id}}) SET n += row.properties "
        f"SET n.{DOCUMENT_IDS} = [d IN coalesce(n.{DOCUMENT_IDS}, []) "
        f"WHERE NOT d IN row.documents] + row.documents RETURN count(*) AS done"
    )


def child_statement(label: str, type_: str, parent: str) -> str:
    """The statement creating a batch of own nodes, each with its relationship from a parent.

    Rows are ``parent`` (the id of a ``parent``-labelled node already on the
    server) and ``properties``. Writing a node and the relationship that
    places it in its plan in one row spares the server a second lookup of the
    node and the client a second row: a third of the push's rows are such
    relationships. ``done`` counts the rows whose parent was found.

    Raises
    ------
    GraphError
        When a label or the type is not one of DOMAIN.md's.

    Examples
    --------
    >>> child_statement("Action", "HAS_ACTION", "Recommendation")
    'UNWIND $rows AS row MATCH (p:`Recommendation` {id: row.parent}) \
CREATE (p)-[:`HAS_ACTION`]->(n:`Action`) SET n = row.properties RETURN count(*) AS done'
    """
    return (
        f"UNWIND $rows AS row MATCH (p:{quoted(parent, NODE_TYPES)} {{id: row.parent}}) "
        f"CREATE (p)-[:{quoted(type_, RELATIONSHIPS)}]->(n:{quoted(label, NODE_TYPES)}) "
        "SET n = row.properties RETURN count(*) AS done"
    )


def _label_expression(labels: str) -> str:
    return "|".join(quoted(label, NODE_TYPES) for label in labels.split("|"))


def edge_statement(
    type_: str, source: str, target: str, shared: bool, properties: bool = True
) -> str:
    """The statement writing a batch of ``$rows`` (``source``, ``target``, ``properties``).

    ``source`` and ``target`` are the labels of the ends (``A|B`` when either
    may be); ``properties`` says whether any row has some.

    A plan's own relationships start at its own nodes, which were deleted
    with all their relationships before the plan is written, so they are
    created: merging a relationship makes the server look through the
    relationships of its ends, which for an agency used by a thousand plans
    is most of the cost. Relationships between shared nodes are merged.
    Creating stays exact under retries: the driver retries a transaction only
    when it did not commit (a lost commit answer is ``IncompleteCommit``, which
    fails the push and leaves the plan unfinished, so the next push redoes it).

    Raises
    ------
    GraphError
        When a label or the type is not one of DOMAIN.md's.

    Examples
    --------
    >>> edge_statement("OWNED_BY", "Action", "LeadRole", shared=False, properties=False)
    'UNWIND $rows AS row MATCH (a:`Action` {id: row.source}) MATCH (b:`LeadRole` \
{id: row.target}) CREATE (a)-[e:`OWNED_BY`]->(b) RETURN count(*) AS done'
    """
    ends = [
        f"({name}:{_label_expression(labels)} {{id: row.{key}}})"
        for name, labels, key in (("a", source, "source"), ("b", target, "target"))
    ]
    verb = "MERGE" if shared else "CREATE"
    head = (
        f"UNWIND $rows AS row MATCH {ends[0]} MATCH {ends[1]} "
        f"{verb} (a)-[e:{quoted(type_, RELATIONSHIPS)}]->(b) "
    )
    if not shared:
        return head + ("SET e = row.properties " if properties else "") + "RETURN count(*) AS done"
    return head + (
        f"SET e += row.properties SET e.{DOCUMENT_IDS} = [d IN coalesce(e.{DOCUMENT_IDS}, []) "
        f"WHERE NOT d IN row.documents] + row.documents RETURN count(*) AS done"
    )


def remove_plans(
    connection: Connection, ids: list[str], keep_documents: bool, batch_size: int = 5000
) -> None:
    """Take plans off the server: own nodes, their part of shared nodes, then their Documents.

    The ``Document`` nodes lose their hash first, so a removal cut short is
    finished by the next push; with ``keep_documents`` they stay (the plans
    are about to be written again).

    Raises
    ------
    ServerError
        When the server refuses a statement or cannot be reached.
    """
    if not ids:
        return
    connection.write(
        "UNWIND $ids AS id MATCH (d:Document {id: id}) REMOVE d.sha256, d.loaded_at", {"ids": ids}
    )
    for label in OWN_LABELS:
        if label == "Document":
            continue
        statement = (
            f"UNWIND $ids AS id MATCH (n:{quoted(label, NODE_TYPES)} {{{DOCUMENT_ID}: id}}) "
            f"WITH n LIMIT $limit DETACH DELETE n RETURN count(*) AS deleted"
        )
        while connection.write(statement, {"ids": ids, "limit": batch_size})[0]["deleted"]:
            pass
    for type_ in RELATIONSHIPS:
        if not shared_type(type_):
            continue
        connection.write(
            f"MATCH ()-[e:{quoted(type_, RELATIONSHIPS)}]->() "
            f"WHERE any(d IN e.{DOCUMENT_IDS} WHERE d IN $ids) "
            f"SET e.{DOCUMENT_IDS} = [d IN e.{DOCUMENT_IDS} WHERE NOT d IN $ids] "
            f"WITH e WHERE size(e.{DOCUMENT_IDS}) = 0 DELETE e",
            {"ids": ids},
        )
    for label in sorted(SHARED_LABELS, key=lambda name: name != "LeadRole"):
        connection.write(
            f"MATCH (n:{quoted(label, NODE_TYPES)}) "
            f"WHERE any(d IN n.{DOCUMENT_IDS} WHERE d IN $ids) "
            f"SET n.{DOCUMENT_IDS} = [d IN n.{DOCUMENT_IDS} WHERE NOT d IN $ids] "
            f"WITH n WHERE size(n.{DOCUMENT_IDS}) = 0 DETACH DELETE n",
            {"ids": ids},
        )
    if not keep_documents:
        connection.write(
            "UNWIND $ids AS id MATCH (d:Document {id: id}) DETACH DELETE d", {"ids": ids}
        )
