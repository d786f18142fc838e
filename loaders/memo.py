"""Work done once per document: a stage's answer kept while one plan loads.

Several stages read the same things from a plan's text: the items stage and the
reference scan both tell its layout, split its rows and read its header rows.
Inside :func:`document_scope` (which :func:`~reviewgraph.loaders.pipeline.load_document`
opens around each plan) a function marked :func:`once_per_document` computes its
answer for given arguments once; outside a scope it is a plain call. The scope
lasts one plan, so nothing a load sets for that plan alone (a user's column
titles) can leak into the next, and nothing is kept once the plan is loaded.
Answers are shared between callers: they must not be changed in place.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar

__all__ = ["document_scope", "in_document_scope", "once_per_document", "remembered"]

F = TypeVar("F", bound=Callable[..., Any])

_SCOPE: ContextVar[dict[Hashable, Any] | None] = ContextVar("document_scope", default=None)


@contextmanager
def document_scope() -> Iterator[None]:
    """Keep the answers of :func:`once_per_document` functions until the block ends.

    Raises
    ------
    Nothing of its own.

    Examples
    --------
    >>> calls = []
    >>> @once_per_document
    ... def layout(text):
    ...     calls.append(text)
    ...     return "tab"
    >>> with document_scope():
    ...     layout("a\\tb"), layout("a\\tb")
    ('tab', 'tab')
    >>> len(calls)
    1
    """
    token = _SCOPE.set({})
    try:
        yield
    finally:
        _SCOPE.reset(token)


def remembered(key: Hashable, compute: Callable[[], Any]) -> Any:
    """``compute()``, once per ``key`` inside a :func:`document_scope` (every time outside).

    Raises
    ------
    Whatever ``compute`` raises; an error is not remembered.

    Examples
    --------
    >>> remembered(("twice", 2), lambda: 2 * 2)
    4
    """
    memo = _SCOPE.get()
    if memo is None:
        return compute()
    try:
        return memo[key]
    except KeyError:
        value = memo[key] = compute()
        return value


def once_per_document(function: F) -> F:
    """Mark a function of hashable arguments whose answer is kept for the document.

    Raises
    ------
    TypeError
        When called inside a scope with an argument that cannot be hashed.
    """

    @functools.wraps(function)
    def wrapper(*args: Any, **keywords: Any) -> Any:
        key = (function, args, tuple(sorted(keywords.items())))
        return remembered(key, lambda: function(*args, **keywords))

    return wrapper  # type: ignore[return-value]


def in_document_scope(function: F) -> F:
    """Run each call of ``function`` (loading one plan) in a :func:`document_scope` of its own.

    Raises
    ------
    Whatever ``function`` raises.
    """

    @functools.wraps(function)
    def wrapper(*args: Any, **keywords: Any) -> Any:
        with document_scope():
            return function(*args, **keywords)

    return wrapper  # type: ignore[return-value]
