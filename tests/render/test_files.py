"""Atomic writes: a reader sees the old file or the new one, never a partial one."""

from __future__ import annotations

import pytest

from pipeline.render.files import atomic_write, atomic_write_bytes


def test_atomic_write_replaces_the_file_and_leaves_no_temp_file(tmp_path):
    target = tmp_path / "sub" / "note.md"
    atomic_write(target, "old")
    atomic_write(target, "new\r\n")
    assert target.read_bytes() == b"new\r\n"  # as written: no newline translation
    atomic_write_bytes(tmp_path / "note.docx", b"PK\x00")
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["note.docx", "note.md", "sub"]


def test_atomic_write_leaves_old_file_on_failure(tmp_path, monkeypatch):
    target = tmp_path / "note.md"
    atomic_write(target, "old")

    def boom(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr("pipeline.render.files.os.replace", boom)
    with pytest.raises(OSError):
        atomic_write(target, "new")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["note.md"]


def test_text_written_piece_by_piece_is_atomic_too(tmp_path):
    target = tmp_path / "index.html"
    atomic_write(target, (piece for piece in ["<p>", "Oekraïne", "</p>\n"]))
    assert target.read_text(encoding="utf-8") == "<p>Oekraïne</p>\n"

    def pieces_then_a_failure():
        yield "<p>half a page"
        raise OSError("the spool could not be read")

    with pytest.raises(OSError):
        atomic_write(target, pieces_then_a_failure())
    assert target.read_text(encoding="utf-8") == "<p>Oekraïne</p>\n"  # the old page, whole
    assert [p.name for p in tmp_path.iterdir()] == ["index.html"]
