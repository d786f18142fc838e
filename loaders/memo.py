"""Work done once: a stage's answer kept while one plan loads, and pure functions'
answers kept for the short texts that recur from plan to plan.

Several stages read the same things from a plan's text: the items stage and the
reference scan both tell its layout, split its rows and read its header rows.
Inside :func:`document_scope` (which :func:`~reviewgraph.loaders.pipeline.load_document`
opens around each plan) a function marked :func:`once_per_document` computes its
answer for given arguments once; outside a scope it is a plain call. The scope
lasts one plan, so nothing a load sets for that plan alone (a user's column
titles) can leak into the next, and nothing is kept once the plan is loaded.
Answers are shared between callers: they must not be changed in place.

:func:`short_text_cache` keeps the answers of a pure function of a cell ("Named
Nurse", "Ongoing", "As above") for the whole process, as ``functools.lru_cache``
does, but a long text's (a whole document's) only while its plan loads.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar

__all__ = [
    "document_scope",
    "in_document_scope",
    "once_per_document",
    "remembered",
    "short_text_cache",
]

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


def short_text_cache(maxsize: int, longest: int = 1_000) -> Callable[[F], F]:
    """``functools.lru_cache(maxsize)`` for a function of a text and hashable arguments,
    used only when the text (the first argument) is at most ``longest`` characters;
    a longer text's answer is kept only inside a :func:`document_scope`.

    Raises
    ------
    TypeError
        When an argument cannot be hashed (as ``functools.lru_cache``).

    Examples
    --------
    >>> @short_text_cache(maxsize=16, longest=5)
    ... def shout(text):
    ...     return text.upper()
    >>> shout("ok"), shout("ok"), shout("longer text")
    ('OK', 'OK', 'LONGER TEXT')
    >>> shout.cache_info().hits, shout.cache_info().currsize
    (1, 1)
    """

    def decorate(function: F) -> F:
        cached = functools.lru_cache(maxsize=maxsize)(function)

        @functools.wraps(function)
        def wrapper(text: Any, *args: Any, **keywords: Any) -> Any:
            if text is not None and len(text) > longest:
                # A whole document, say: kept while its plan loads, not after.
                key = (function, text, args, tuple(sorted(keywords.items())))
                return remembered(key, lambda: function(text, *args, **keywords))
            return cached(text, *args, **keywords)

        @functools.wraps(function)
        def text_only(text: Any) -> Any:
            # The common case, called hundreds of thousands of times: no packing of
            # arguments (the fast path of the wrapper above).
            if text is not None and len(text) > longest:
                return remembered((function, text, (), ()), lambda: function(text))
            return cached(text)

        if len(inspect.signature(function).parameters) == 1:
            wrapper = text_only

        wrapper.cache_info = cached.cache_info  # type: ignore[attr-defined]
        wrapper.cache_clear = cached.cache_clear  # type: ignore[attr-defined]
        return wrapper  # type: ignore[return-value]

    return decorate
