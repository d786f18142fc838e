"""The test server itself: a clear reason when it cannot start, skips that fail under CI."""

from __future__ import annotations

import socket

import pytest
from bolt_server import ArcadeServer, ServerStartError, arcadedb_package
from conftest import skip_or_fail


def test_a_missing_server_skips_locally_and_fails_under_ci(monkeypatch):
    monkeypatch.delenv("REVIEWGRAPH_CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="no Bolt server: because"):
        skip_or_fail("no Bolt server: because")
    monkeypatch.setenv("REVIEWGRAPH_CI", "1")
    with pytest.raises(pytest.fail.Exception, match="REVIEWGRAPH_CI=1: this test may not be"):
        skip_or_fail("no Bolt server: because")


def test_a_port_in_use_is_reported_with_the_servers_own_words(tmp_path):
    if arcadedb_package() is None:
        skip_or_fail("arcadedb-embedded is not installed (pip install -e '.[test]')")
    server = ArcadeServer(tmp_path / "arcadedb")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", server.bolt_port))
        taken.listen()
        with pytest.raises(ServerStartError) as caught:
            server.start(timeout=60)
    message = str(caught.value)
    assert message.startswith(f"ArcadeDB did not start on {server.uri}:\n")
    assert str(server.bolt_port) in message
    assert not server.running
