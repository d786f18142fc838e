"""Package names imported on first use (PEP 562), so that a command loads only
the modules it asks for: ``reviewgraph --version`` needs neither pydantic nor
networkx, and ``trace`` not the loading pipeline.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["lazy_names"]


def lazy_names(
    package: str, homes: Mapping[str, str]
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """The ``__getattr__`` and ``__dir__`` of ``package``, whose names live in the
    submodules ``homes`` gives (name -> submodule); a name once read is kept.

    Raises
    ------
    AttributeError
        From the returned ``__getattr__``, for a name ``homes`` does not hold.

    Examples
    --------
    >>> get, names = lazy_names("reviewgraph.graph", {"ReviewgraphError": "errors"})
    >>> get("ReviewgraphError").__name__, names()
    ('ReviewgraphError', ['ReviewgraphError'])
    """

    def __getattr__(name: str) -> Any:
        home = homes.get(name)
        if home is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(f"{package}.{home}"), name)
        setattr(sys.modules[package], name, value)
        return value

    def __dir__() -> list[str]:
        return sorted(homes)

    return __getattr__, __dir__
