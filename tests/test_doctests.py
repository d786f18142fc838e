"""Every module's docstring examples run, so that none of them can go stale unseen.

Modules whose examples need a server or a file mark them ``# doctest: +SKIP``.
"""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

PACKAGES = ("graph", "loaders", "queries", "cli")


def module_names() -> list[str]:
    names = []
    for package in PACKAGES:
        found = importlib.import_module(f"reviewgraph.{package}")
        names.append(found.__name__)
        names += [m.name for m in pkgutil.walk_packages(found.__path__, f"{found.__name__}.")]
    return sorted(names)


def test_every_package_is_walked():
    names = module_names()
    assert "reviewgraph.loaders.initials" in names
    assert "reviewgraph.queries.text_likeness" in names
    assert len(names) > 100


@pytest.mark.parametrize("name", module_names())
def test_doctests(name):
    module = importlib.import_module(name)
    result = doctest.testmod(
        module, optionflags=doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS, report=True
    )
    assert result.failed == 0, name
