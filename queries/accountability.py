"""Which agencies answer for an action, in SQL and in Cypher, defined once for every query.

An action's accountable agencies are those of its owners: an agency that owns
it directly, or the agency a lead role owning it is ``MEMBER_OF``. An action
with no owner at all answers through the agencies its recommendations are
``DIRECTED_AT``. ``stats``, ``status``, ``owners`` and ``shared`` all count by
this definition, so their numbers agree.
"""

from __future__ import annotations

__all__ = ["ACCOUNTABLE_SQL", "ACCOUNTABLE_CYPHER"]

#: A common table expression ``accountable(action, agency)``, one row per pair.
ACCOUNTABLE_SQL = """
accountable(action, agency) AS (
    SELECT o.source, w.id
    FROM edges o JOIN nodes w ON w.id = o.target
    WHERE o.type = 'OWNED_BY' AND w.label = 'Agency'
    UNION
    SELECT o.source, m.target
    FROM edges o JOIN edges m ON m.source = o.target AND m.type = 'MEMBER_OF'
    WHERE o.type = 'OWNED_BY'
    UNION
    SELECT h.target, d.target
    FROM edges h JOIN edges d ON d.source = h.source AND d.type = 'DIRECTED_AT'
    WHERE h.type = 'HAS_ACTION'
      AND NOT EXISTS (SELECT 1 FROM edges x WHERE x.source = h.target AND x.type = 'OWNED_BY')
)
"""

#: A Cypher fragment: from ``a`` (an Action) to ``agency`` (each accountable Agency),
#: leaving ``a`` and ``agency`` bound, one row per pair.
ACCOUNTABLE_CYPHER = """
CALL {
    WITH a
    MATCH (a)-[:OWNED_BY]->(g:Agency) RETURN g AS agency
    UNION
    WITH a
    MATCH (a)-[:OWNED_BY]->(:LeadRole)-[:MEMBER_OF]->(g:Agency) RETURN g AS agency
    UNION
    WITH a
    MATCH (r:Recommendation)-[:HAS_ACTION]->(a)
    WHERE NOT EXISTS { MATCH (a)-[:OWNED_BY]->() }
    MATCH (r)-[:DIRECTED_AT]->(g:Agency) RETURN g AS agency
}
"""
