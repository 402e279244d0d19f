"""pipeline.engines.collect: every entry of an input folder is a letter, skipped (not a letter) or
refused (a letter that cannot be read safely), and each refusal or skip is a named record."""

from __future__ import annotations

import os

import pytest

from pipeline.errors import InputError
from pipeline.engines.collect import collect_inputs, skip_summary
from pipeline.fetch.state import STATE_NAME


def _touch(path, text="Brief."):
    path.write_text(text, encoding="utf-8")
    return path


def test_folder_letters_sorted_and_other_entries_skipped(tmp_path):
    b, a = _touch(tmp_path / "b.txt"), _touch(tmp_path / "a.PDF")
    _touch(tmp_path / ".hidden.txt")
    _touch(tmp_path / "notes.docx")
    (tmp_path / "sub").mkdir()
    os.mkfifo(tmp_path / "pipe.txt")
    refused, skipped = {}, {}
    assert collect_inputs([tmp_path], refused, skipped) == [a, b]
    assert refused == {}
    assert set(skipped) == {".hidden.txt", "notes.docx", "sub", "pipe.txt"}
    assert all(r["outcome"] == "skipped" and r["fix"] for r in skipped.values())
    assert "hidden file" in skip_summary(skipped)


def test_links_are_followed_only_to_readable_files_inside_the_folder(tmp_path):
    inside = tmp_path / "in"
    inside.mkdir()
    letter = _touch(inside / "letter.txt")
    outside = _touch(tmp_path / "secret.txt")
    (inside / "alias.txt").symlink_to(letter)
    (inside / "escape.txt").symlink_to(outside)
    (inside / "dangling.txt").symlink_to(inside / "gone.txt")
    (inside / "loop.txt").symlink_to(inside / "loop.txt")
    refused = {}
    files = collect_inputs([inside], refused, {})
    assert files == [inside / "alias.txt", letter]
    assert set(refused) == {"escape.txt", "dangling.txt", "loop.txt"}
    assert "outside the input folder" in refused["escape.txt"]["message"]
    assert "missing file" in refused["dangling.txt"]["message"]
    assert "loop" in refused["loop.txt"]["message"]
    assert all(r["error"] == "InputError" and r["stage"] == "collect" for r in refused.values())


def test_a_name_that_is_not_utf8_is_refused_with_a_readable_label(tmp_path):
    _touch(tmp_path / os.fsdecode(b"caf\xe9.txt"))
    refused = {}
    assert collect_inputs([tmp_path], refused, {}) == []  # a refusal is an outcome: the run goes on to report it
    assert list(refused) == ["caf\\xe9.txt"] and "UTF-8" in refused["caf\\xe9.txt"]["message"]


def test_a_named_file_is_taken_whatever_its_suffix(tmp_path):
    odd = _touch(tmp_path / "brief.odt")
    assert collect_inputs([odd]) == [odd]


def test_a_missing_path_stops_the_run(tmp_path):
    with pytest.raises(InputError, match="does not exist"):
        collect_inputs([tmp_path / "nope"])


def test_a_folder_without_letters_says_what_was_skipped(tmp_path):
    _touch(tmp_path / "a.docx")
    _touch(tmp_path / "b.docx")
    with pytest.raises(InputError, match=r"no letters found .*2 entries skipped: 2 unsupported type \.docx"):
        collect_inputs([tmp_path])


def test_what_fetch_keeps_beside_the_letters_is_neither_a_letter_nor_skipped(tmp_path):
    letter = _touch(tmp_path / "kst-21501-20-2003.xml", "<brief/>")
    _touch(tmp_path / "kst-21501-20-2003.source.json", "{}")
    _touch(tmp_path / "orphan.source.json", "{}")  # its letter failed to download: still no letter
    state = _touch(tmp_path / STATE_NAME, "{}")
    refused, skipped = {}, {}
    assert collect_inputs([tmp_path], refused, skipped) == [letter]
    assert refused == {} and skipped == {}
    # a shell glob names them on the command line: passed over there too
    assert collect_inputs(sorted(tmp_path.iterdir()), refused, skipped) == [letter]
    assert refused == {} and skipped == {}
    with pytest.raises(InputError, match="no letters found"):
        collect_inputs([tmp_path / "orphan.source.json", state])
