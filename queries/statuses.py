"""Statuses as people name them in a filter: ours, or the plans' own words."""

from __future__ import annotations

from reviewgraph.graph.errors import NotFoundError
from reviewgraph.graph.models import Status

from ._common import close_matches, fold

__all__ = ["parse_status", "RAG_STATUS"]

#: What a RAG colour means when a plan gives no legend of its own.
RAG_STATUS = {"green": Status.COMPLETE, "amber": Status.IN_PROGRESS, "red": Status.DELAYED}


def parse_status(text: str | Status) -> Status:
    """A status named loosely: ``in progress``, ``In-Progress``, ``in_progress`` and
    the plans' own words (``Ongoing``, ``Completed``, ``Green``) are understood.

    Raises
    ------
    NotFoundError
        When the words name no status.

    Examples
    --------
    >>> [parse_status(words).value for words in ("In progress", "Ongoing", "Green")]
    ['in_progress', 'in_progress', 'complete']
    """
    if isinstance(text, Status):
        return text
    key = fold(text).replace(" ", "_").replace("-", "_")
    if not key:
        raise NotFoundError("a status must be named (e.g. complete, in progress, delayed)")
    for status in Status:
        if key == status.value:
            return status
    from reviewgraph.loaders.status import normalise_status

    status, rag = normalise_status(text)
    if status != "unknown":
        return Status(status)
    if rag is not None and fold(text) == rag:
        return RAG_STATUS[rag]
    values = [s.value for s in Status]
    raise NotFoundError(
        f"no status {text!r} (one of {', '.join(values)}, or the plans' words such as Ongoing)",
        close_matches(key, values),
    )
