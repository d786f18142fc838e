"""The ``reviewgraph`` command line: thin click commands over the library.

The entry point is :func:`reviewgraph.cli.main.main`; shared options and the
table/JSON/CSV rendering live in :mod:`reviewgraph.cli.main` and
:mod:`reviewgraph.cli.output` for every command to reuse.
"""

__all__ = ["__version__"]

#: The version ``reviewgraph --version`` prints; kept equal to pyproject.toml's by a test,
#: so the command need not read the installed package's metadata (slow) to say it.
__version__ = "0.1.0"
