"""Names the queries accept, kept free of heavy imports so that ``--help`` starts fast."""

from __future__ import annotations

__all__ = [
    "SHARED_KINDS",
    "DEFAULT_THRESHOLD",
    "MAX_TWINS",
    "REFERENCE_KINDS",
    "OWNER_BASES",
    "RULE_IDS",
    "SEVERITIES",
]

#: Kinds of sharing ``shared`` reports.
SHARED_KINDS = ("action", "recommendation", "cross-reference", "named-in", "similar")
#: The default least similarity for two items to count as near-identical.
DEFAULT_THRESHOLD = 0.8
#: The most near-identical items ``shared`` lists for any one item (its closest).
MAX_TWINS = 3
#: Kinds of cross-reference.
REFERENCE_KINDS = ("explicit", "positional", "ditto")
#: Why an owner owns an action.
OWNER_BASES = ("named", "text", "agency")
#: The integrity rules of ``check``, in the order they are reported.
RULE_IDS = (
    "dangling-reference",
    "ambiguous-reference",
    "reference-cycle",
    "recommendation-without-action",
    "action-without-owner",
    "action-without-due",
    "unparsed-date",
    "duplicate-recommendation-number",
    "complete-but-due-after-as-at",
    "complete-but-work-outstanding",
    "overdue-action",
    "unplaced-text",
)
#: Severities from the most to the least serious.
SEVERITIES = ("error", "warning", "info")
