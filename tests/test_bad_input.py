"""Input that is not a usable plan gets one clear error naming the file and the line."""

from __future__ import annotations

import pytest

from reviewgraph.graph import InputError
from reviewgraph.loaders import load_document

HEADER = "RECOMMENDATION\tACTION\tBY WHEN\tRESPONSIBLE\n"


def write(tmp_path, name: str, content: str | bytes):
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("name", "content", "line", "title"),
    [
        ("empty.txt", "", 1, "the file is empty"),
        ("blank.txt", "\n\n   \n", 1, "the file is empty"),
        (
            "word.txt",
            b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00",
            1,
            "binary file, not text",
        ),
        (
            "letter.txt",
            "Dear colleagues,\n\nPlease find the minutes attached.\n",
            1,
            "unknown layout",
        ),
        (
            "ragged.txt",
            HEADER + "1. Audit\tRun it\tMay 2010\tNamed Nurse\n"
            "2. Train\tTrain staff\tJune 2010\tNamed Doctor\tExtra\n",
            3,
            "ragged table row",
        ),
        (
            "ragged.md",
            "| RECOMMENDATION | ACTION | TIMESCALE |\n|---|---|---|\n"
            "| 1. Audit | Run it | May 2010 |\n| 2. Train | Train | June 2010 | stray |\n",
            4,
            "ragged table row",
        ),
    ],
)
def test_unusable_input_names_file_and_line(tmp_path, name, content, line, title):
    path = write(tmp_path, name, content)
    with pytest.raises(InputError) as raised:
        load_document(path)
    error = raised.value
    assert (error.path, error.line) == (str(path), line)
    assert error.title.startswith(title)
    assert error.hint
    assert str(error).startswith(f"{path}:{line}: {title}")
    assert "\n" not in str(error)


def test_windows_1252_text_loads_and_says_so(tmp_path):
    text = (
        HEADER
        + "1. Publish the L\u00e9arning \u2013 all staff\tBriefing\tMay 2010\tHead of Service\n"
    )
    path = write(tmp_path, "cp1252.txt", text.encode("cp1252"))
    result = load_document(path)
    (document,) = result.graph.nodes("Document")
    assert document.encoding == "cp1252"
    (rec,) = result.graph.nodes("Recommendation")
    assert rec.text == "Publish the L\u00e9arning \u2013 all staff"


def test_text_outside_any_usable_encoding_is_refused(tmp_path):
    path = write(tmp_path, "latin.txt", HEADER.encode() + b"1. Caf\x81\x8d\x8f\tx\ty\tz\n")
    with pytest.raises(InputError) as raised:
        load_document(path)
    assert raised.value.line == 2


def test_text_between_tables_is_reported_not_lost(tmp_path):
    path = write(
        tmp_path,
        "stray.txt",
        HEADER + "1. Audit\tRun it\tMay 2010\tNamed Nurse\n\nThis sentence belongs to no table.\n"
        "\n" + HEADER + "2. Train\tTrain staff\tJune 2010\tNamed Doctor\n",
    )
    result = load_document(path)
    assert [(u.line, u.reason, u.text) for u in result.unplaced] == [
        (4, "unplaced", "This sentence belongs to no table.")
    ]


def test_a_device_or_pipe_is_refused_not_read_forever(tmp_path, seed_path):
    """``load /dev/zero`` hashed the device until memory or patience ran out."""
    import os

    from click.testing import CliRunner

    from reviewgraph.cli.main import main

    pipe = tmp_path / "plan.txt"
    os.mkfifo(pipe)
    plan = seed_path("bexley")
    store = tmp_path / "store.graph"
    result = CliRunner().invoke(
        main,
        ["load", "/dev/zero", str(pipe), str(plan), "--store", str(store)],
        catch_exceptions=False,
    )
    assert result.exit_code == 2
    assert "/dev/zero: not a plan file (a device, pipe or socket)" in result.stderr
    assert f"{pipe}: not a plan file (a device, pipe or socket)" in result.stderr
    assert f"{plan}: loaded" in result.stdout
