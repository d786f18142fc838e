"""Cells safe for a terminal and a spreadsheet: escape sequences out, formulas defused."""

from __future__ import annotations

import doctest
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reviewgraph.graph import cells
from reviewgraph.graph.cells import (
    LIST_SEPARATOR,
    cell_text,
    is_plain_number,
    needs_neutralising,
    neutralise_formula,
    spreadsheet_text,
    strip_controls,
    terminal_text,
)


def test_doctests():
    assert doctest.testmod(cells).failed == 0


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("Deliver training\x1b[2J now", "Deliver training now"),  # clear screen (CSI)
        ("Named Nurse\x1b]0;pwned\x07", "Named Nurse"),  # window title (OSC, BEL)
        ("link \x1b]8;;http://x\x1b\\here\x1b]8;;\x1b\\", "link here"),  # hyperlink (OSC, ST)
        ("a\x1bPq#0;2;0;0;0\x1b\\b", "ab"),  # DCS (sixel)
        ("a\x1b(Bb", "ab"),  # character set (nF escape)
        ("a\x1b7b\x1b8c", "abc"),  # save / restore cursor
        ("a\x9b2Jb", "ab"),  # 8-bit CSI
        ("a\x9d0;t\x9cb", "ab"),  # 8-bit OSC and ST
        ("a\x00b\x07c\x08d\x7fe\x85f", "abcde\nf"),  # C0, DEL, NEL
        ("line one\r\nline two\rthree", "line one\nline two\nthree"),
        ("page\x0cbreak", "page\nbreak"),
        ("cell\tcell", "cell cell"),
        ("abc\u202edcba\u202c", "abcdcba"),  # bidirectional override
        ("unterminated \x1b]0;title\nnext line", "unterminated \nnext line"),
    ],
)
def test_escape_sequences_and_controls_are_removed(raw, shown):
    assert strip_controls(raw) == shown


def test_keep_chooses_what_stays():
    assert strip_controls("a\tb\nc", keep="\t\n") == "a\tb\nc"
    assert strip_controls("a\nb", keep="") == "a b"


_CONTROL = set(map(chr, range(0x20))) | set(map(chr, range(0x7F, 0xA0)))


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=0x250), max_size=60))
def test_nothing_but_newlines_survive(text):
    shown = strip_controls(text)
    assert not (set(shown) & (_CONTROL - {"\n"}))
    assert "\x1b" not in shown


def test_stripping_is_linear():
    """Runs of escape starts must not make the scanner backtrack."""
    timings = []
    for size in (20_000, 40_000):
        started = time.perf_counter()
        for unit in ("\x1b[", "\x1b]", "\x1b[1;", "\x9b0"):
            strip_controls(unit * size)
        timings.append(time.perf_counter() - started)
    assert timings[1] < 4 * timings[0] + 0.05


@pytest.mark.parametrize(
    "text",
    [
        '=HYPERLINK("http://x","y")',
        "+cmd|' /C calc'!A0",
        "-2+3+cmd|' /C calc'!A0",
        "@SUM(1+1)*cmd|' /C calc'!A0",
        "\t=1+1",
        "\r=1+1",
        "  =1+1",
        "＝1+1",
        "- Training delivered",
    ],
)
def test_formula_like_cells_are_neutralised(text):
    assert needs_neutralising(text)
    assert neutralise_formula(text) == "'" + text


@pytest.mark.parametrize("text", ["-3", "-1.5", "+44", "-1,000.50", "12%", "3.3.9", "Named Nurse"])
def test_numbers_and_words_stay_as_they_are(text):
    assert neutralise_formula(text) == text


def test_plain_numbers():
    assert is_plain_number("-1.5e3") and not is_plain_number("-1.5e3+A1")


def test_spreadsheet_text_strips_then_neutralises():
    assert spreadsheet_text("\x1b[31m=1+1") == "'=1+1"
    assert spreadsheet_text("one\r\ntwo\tthree") == "one\ntwo three"


def test_lists_are_joined_the_same_way_everywhere():
    assert LIST_SEPARATOR == "; "
    assert cell_text(["HWPH", "HWPHT"]) == "HWPH; HWPHT"
    assert terminal_text(("a\x1b[2J", "b")) == "a; b"
    assert spreadsheet_text(["=a", "b"]) == "'=a; b"
