"""One exception hierarchy for the whole library.

Every error a user can cause carries the file, the line, a one-line title and
a hint for the fix, so the CLI can print it without a traceback.
"""

from __future__ import annotations

__all__ = [
    "ReviewgraphError",
    "InputError",
    "StoreError",
    "ServerError",
    "GraphError",
    "NotFoundError",
    "TooLargeError",
]


class ReviewgraphError(Exception):
    """Base class of every error reviewgraph raises on purpose."""

    exit_code = 1


class InputError(ReviewgraphError):
    """A document that cannot be used as a plan.

    Parameters
    ----------
    path : str
        The file, as the user named it.
    line : int or None
        1-based line where the problem is, when there is one.
    title : str
        What is wrong, in one line.
    hint : str
        What the user can do about it.

    Examples
    --------
    >>> str(InputError("plan.txt", 3, "ragged table row", "give every row 5 cells"))
    'plan.txt:3: ragged table row (hint: give every row 5 cells)'
    """

    exit_code = 2

    def __init__(self, path: str, line: int | None, title: str, hint: str = "") -> None:
        self.path = path
        self.line = line
        self.title = title
        self.hint = hint
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        text = f"{where}: {self.title}"
        return f"{text} (hint: {self.hint})" if self.hint else text


class StoreError(ReviewgraphError):
    """The graph file cannot be read or written."""

    exit_code = 2


class ServerError(StoreError):
    """A graph server (Neo4j over Bolt) that cannot be reached, logged into or used.

    Exits with 1, not 2: the input was fine, the server was not.
    """

    exit_code = 1


class GraphError(ReviewgraphError):
    """A node or edge that breaks the graph's contract (wrong label, unknown id)."""


class NotFoundError(ReviewgraphError):
    """An item the user named is not in the graph.

    ``suggestions`` lists close matches to offer instead. The command exits
    with status 1, as for any specific question that found nothing.
    """

    exit_code = 1

    def __init__(self, message: str, suggestions: list[str] | None = None) -> None:
        self.suggestions = suggestions or []
        if self.suggestions:
            message = f"{message}; did you mean: {', '.join(self.suggestions)}"
        super().__init__(message)


class TooLargeError(ReviewgraphError):
    """A picture asked for would hold more than a screen can show; the message names a filter.

    Examples
    --------
    >>> str(TooLargeError("the plan map would draw 9,000 nodes; add --review"))
    'the plan map would draw 9,000 nodes; add --review'
    """

    exit_code = 2
