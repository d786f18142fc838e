"""A real Bolt server for the tests: ArcadeDB from PyPI, or the Neo4j named by ``NEO4J_URI``.

ArcadeDB (``arcadedb-embedded``, the test extra) ships its own JRE, so a
machine with nothing but Python can start it: :class:`ArcadeServer` runs it on
free 127.0.0.1 ports with a fresh root folder and password, waits for the log
to say "Server started", and stops it again. It can also be stopped and
restarted on the same ports mid-test, to see what a push does when the server
goes away.

When ``NEO4J_URI`` is set (with ``NEO4J_USER``, ``NEO4J_PASSWORD`` and
``NEO4J_DATABASE``), the session uses that server instead. Its database must
be a throwaway one: the tests delete everything in it, so a database that
already holds anything is refused.

The module also runs on its own, for benchmarks and the Cypher survey::

    python tests/bolt_server.py      # starts ArcadeDB, prints the URI, Ctrl-C stops it
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

__all__ = [
    "ArcadeServer",
    "BoltTarget",
    "ServerStartError",
    "arcadedb_package",
    "free_port",
    "running_arcadedb",
    "target_from_environment",
]

#: The database ArcadeDB creates at start, as DEVELOPERS.md names it.
DATABASE = "reviewgraph"
#: The log line ArcadeDB prints once every listener is up.
READY = "Server started"
#: Words of its log that mean a start failed for good (the JVM may linger after them).
FAILED = (
    "Error on starting",
    "Error starting plugin",
    "Unable to listen",
    'Exception in thread "main"',
    "Address already in use",
    "BindException",
)


class ServerStartError(RuntimeError):
    """The server could not be started; the message ends with the tail of its log."""


@dataclass
class BoltTarget:
    """Where a Bolt server is and how to log in; ``server`` is set when we started it."""

    uri: str
    user: str
    password: str = field(repr=False)
    database: str | None
    server: ArcadeServer | None = None

    @property
    def kind(self) -> str:
        """``arcadedb`` for a server the tests started, ``neo4j`` for one named by NEO4J_URI."""
        return "arcadedb" if self.server is not None else "neo4j"

    def environment(self) -> dict[str, str]:
        """The ``NEO4J_*`` variables that point a ``reviewgraph`` command at this server."""
        values = {"NEO4J_URI": self.uri, "NEO4J_USER": self.user, "NEO4J_PASSWORD": self.password}
        if self.database:
            values["NEO4J_DATABASE"] = self.database
        return values


def arcadedb_package() -> Path | None:
    """The folder of the installed ``arcadedb_embedded`` package (JRE and jars), or None.

    The package is located, never imported: importing it starts a JVM in this
    process.
    """
    spec = importlib.util.find_spec("arcadedb_embedded")
    if spec is None or spec.origin is None:
        return None
    folder = Path(spec.origin).parent
    if not (folder / "jre" / "bin" / "java").exists() or not (folder / "jars").is_dir():
        return None
    return folder


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class ArcadeServer:
    """One ArcadeDB server process speaking Bolt on 127.0.0.1.

    Parameters
    ----------
    root : Path
        An empty folder for its databases, configuration and logs.
    password : str, optional
        The root user's password (8 characters or more); random by default.
    heap : str
        The JVM's maximum heap, as ``-Xmx`` takes it.
    """

    def __init__(self, root: Path, password: str | None = None, heap: str = "512m") -> None:
        package = arcadedb_package()
        if package is None:
            raise ServerStartError(
                "arcadedb-embedded is not installed (pip install -e '.[test]' installs it)"
            )
        self.package = package
        self.root = Path(root)
        self.password = password or secrets.token_urlsafe(12)
        self.heap = heap
        self.bolt_port = free_port()
        self.http_port = free_port()
        self.process: subprocess.Popen[bytes] | None = None
        self._log_offset = 0

    @property
    def uri(self) -> str:
        return f"bolt://127.0.0.1:{self.bolt_port}"

    @property
    def log_path(self) -> Path:
        return self.root / "server.out"

    def target(self) -> BoltTarget:
        """How to reach this server."""
        return BoltTarget(self.uri, "root", self.password, DATABASE, server=self)

    def _command(self) -> list[str]:
        java = str(self.package / "jre" / "bin" / "java")
        return [
            java,
            f"-Xmx{self.heap}",
            "-cp",
            f"{self.package / 'jars'}/*",
            f"-Darcadedb.server.rootPath={self.root}",
            f"-Darcadedb.server.rootPassword={self.password}",
            "-Darcadedb.server.plugins=Bolt:com.arcadedb.bolt.BoltProtocolPlugin",
            "-Darcadedb.bolt.host=127.0.0.1",
            f"-Darcadedb.bolt.port={self.bolt_port}",
            "-Darcadedb.server.httpIncomingHost=127.0.0.1",
            f"-Darcadedb.server.httpIncomingPort={self.http_port}",
            f"-Darcadedb.server.defaultDatabases={DATABASE}[root]",
            "com.arcadedb.server.ArcadeDBServer",
        ]

    def start(self, timeout: float = 90.0) -> None:
        """Start the server and wait until it accepts Bolt connections.

        Raises
        ------
        ServerStartError
            When it exits or does not say "Server started" within ``timeout`` seconds.
        """
        if self.running:
            return
        self.root.mkdir(parents=True, exist_ok=True)
        self._log_offset = self.log_path.stat().st_size if self.log_path.exists() else 0
        with open(self.log_path, "ab") as log:
            # ArcadeDB writes its log folder relative to the working directory.
            self.process = subprocess.Popen(
                self._command(),
                cwd=self.root,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            text = self._new_log()
            if READY in text and self._accepts():
                return
            if self.process.poll() is not None or any(word in text for word in FAILED):
                break
            time.sleep(0.1)
        tail = "\n".join(self._new_log().splitlines()[-15:])
        self.stop()
        raise ServerStartError(f"ArcadeDB did not start on {self.uri}:\n{tail}")

    def _new_log(self) -> str:
        try:
            with open(self.log_path, "rb") as log:
                log.seek(self._log_offset)
                return log.read().decode("utf-8", "replace")
        except OSError:
            return ""

    def _accepts(self) -> bool:
        with (
            contextlib.suppress(OSError),
            socket.create_connection(("127.0.0.1", self.bolt_port), timeout=1),
        ):
            return True
        return False

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def stop(self, timeout: float = 30.0) -> None:
        """Stop the server (SIGTERM, then SIGKILL after ``timeout`` seconds)."""
        process, self.process = self.process, None
        if process is None or process.poll() is not None:
            return
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout)

    def kill(self) -> None:
        """Kill the server at once, as a crash or a pulled cable would."""
        process, self.process = self.process, None
        if process is not None and process.poll() is None:
            process.kill()
            process.wait(30)

    def restart(self, timeout: float = 90.0) -> None:
        """Stop the server and start it again on the same ports with the same data."""
        self.stop()
        self.start(timeout)


def target_from_environment() -> BoltTarget | None:
    """The server ``NEO4J_URI`` names, with its user, password and database; None when unset."""
    uri = os.environ.get("NEO4J_URI")
    if not uri:
        return None
    return BoltTarget(
        uri=uri,
        user=os.environ.get("NEO4J_USER") or "neo4j",
        password=os.environ.get("NEO4J_PASSWORD") or "",
        database=os.environ.get("NEO4J_DATABASE") or None,
    )


@contextlib.contextmanager
def running_arcadedb(root: Path | None = None, heap: str = "512m") -> Iterator[ArcadeServer]:
    """An ArcadeDB server for the duration of a ``with`` block, in a temporary folder.

    Raises
    ------
    ServerStartError
        When it cannot start.
    """
    folder = Path(tempfile.mkdtemp(prefix="reviewgraph-arcadedb-")) if root is None else root
    server = ArcadeServer(folder, heap=heap)
    try:
        server.start()
        yield server
    finally:
        server.stop()
        if root is None:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":  # pragma: no cover
    with running_arcadedb() as running:
        print(f"{running.uri} user root password {running.password} database {DATABASE}")
        with contextlib.suppress(KeyboardInterrupt):
            signal.pause()
