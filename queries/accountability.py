"""Which agencies answer for an action, in SQL and in Cypher, defined once for every query.

An action's accountable agencies are those of its owners: an agency that owns
it directly, or the agency a lead role owning it is ``MEMBER_OF``. An action
with no owner at all answers through the agencies its recommendations are
``DIRECTED_AT``. ``stats``, ``status``, ``owners`` and ``shared`` all count by
this definition, so their numbers agree. The embedded store works the pairs out
when it stores a plan (:func:`reviewgraph.graph.accountability.accountable_pairs`,
its ``accountable`` table); a Neo4j server follows the same pattern in Cypher.
"""

from __future__ import annotations

__all__ = ["ACCOUNTABLE_CYPHER"]

#: A Cypher fragment: from ``a`` (an Action) to ``agency`` (each accountable Agency),
#: leaving ``a`` and ``agency`` bound, one row per pair.
ACCOUNTABLE_CYPHER = """
CALL {
    WITH a
    MATCH (a)-[:OWNED_BY]->(g:Agency) RETURN g AS agency
    UNION
    WITH a
    MATCH (a)-[:OWNED_BY]->()-[:MEMBER_OF]->(g) RETURN g AS agency
    UNION
    WITH a
    MATCH (r)-[:HAS_ACTION]->(a)
    WHERE NOT EXISTS { MATCH (a)-[:OWNED_BY]->() }
    MATCH (r)-[:DIRECTED_AT]->(g) RETURN g AS agency
}
"""
