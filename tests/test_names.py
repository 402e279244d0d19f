"""pipeline.names: any file name or letter text becomes safe text (valid UTF-8, one inert line), and
any input name or identifier a safe output file stem."""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.names import distinct_stem, inert, is_undecodable, name_text, printable, safe_stem

# A file name from bytes that are not UTF-8, as Python hands it over (PEP 383 surrogateescape).
LATIN1_NAME = os.fsdecode(b"caf\xe9.txt")
INERT_CATEGORIES = {"Cc", "Cf", "Zl", "Zp", "Cn", "Co", "Cs"}


def test_undecodable_names_are_told_apart_from_any_valid_text():
    assert is_undecodable(LATIN1_NAME)
    assert not is_undecodable("café ✓ 数据.txt")


def test_name_text_escapes_undecodable_bytes_and_keeps_the_rest():
    assert name_text(LATIN1_NAME) == "caf\\xe9.txt"
    assert name_text(Path("dir") / "brief é.txt") == "dir/brief é.txt"
    assert name_text("line\nbreak") == "line\nbreak"  # recoverable: only bytes that are not UTF-8 change


@given(st.text())
def test_printable_is_one_line_of_valid_text_without_control_characters(text):
    shown = printable(text)
    shown.encode("utf-8")  # never a lone surrogate
    assert all(unicodedata.category(c) not in INERT_CATEGORIES for c in shown)
    assert "\n" not in shown and "\x1b" not in shown


def test_printable_escapes_controls_and_bidi_overrides_and_keeps_letters():
    assert printable("a\x1b[31mb\x07") == "a\\x1b[31mb\\x07"
    assert printable("evil\u202etxt.exe") == "evil\\u202etxt.exe"
    assert printable("Oekraïne – één") == "Oekraïne – één"
    assert printable(Path(LATIN1_NAME)) == "caf\\xe9.txt"


def test_inert_keeps_ordinary_whitespace_but_escapes_the_rest():
    assert inert(None) is None
    assert inert("two\nlines\tand a tab") == "two\nlines\tand a tab"
    assert inert("bell\x07 and \u2028separator") == "bell\\x07 and \\u2028separator"


@pytest.mark.parametrize("stem, expected", [
    ("brief met spaties", "brief_met_spaties"),
    ("brief-ëïü-中文-ελληνικά", "brief-ëïü-中文-ελληνικά"),
    ("..", "letter"),
    ("../../etc/passwd", "etc_passwd"),
    ("..brief..met..punten", "brief.met.punten"),
    ("-rf --help", "rf_--help"),
    ("index", "index-letter"),
    ("errors", "errors-letter"),
    ("con", "con-letter"),
    ("a\x00b\nc\\d", "a_b_c_d"),
    ("x" * 400, "x" * 150),
    ("ë" * 400, "ë" * 75),
])
def test_output_names_are_safe(stem, expected):
    assert safe_stem(stem) == expected


def test_distinct_stems_are_safe_stable_and_never_shared():
    assert distinct_stem("kst-21501-20-2003") == "kst-21501-20-2003"  # a plain identifier is its own stem
    odd = ["../etc/passwd", ".hidden", "a b", "a/b", "a\nb", "", "é", "index", "a_b"]
    stems = [distinct_stem(name) for name in odd]
    assert len(set(stems)) == len(odd)
    for stem in stems:
        assert stem and stem[0] not in ".-" and all(c.isalnum() or c in "._-" for c in stem)
    assert distinct_stem("a b") == distinct_stem("a b")
