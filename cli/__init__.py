"""The ``reviewgraph`` command line: thin click commands over the library.

The entry point is :func:`reviewgraph.cli.main.main`; shared options and the
table/JSON/CSV rendering live in :mod:`reviewgraph.cli.main` and
:mod:`reviewgraph.cli.output` for every command to reuse.
"""

__all__: list[str] = []
