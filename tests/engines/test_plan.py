"""pipeline.engines.plan: what a run will do, decided before any model loads — output names, the key
that says whether a note is current, which letters are skipped, and the record of a failure."""

from __future__ import annotations

import errno
from pathlib import Path

from pipeline.config import load_config
from pipeline.document import Document, Metadata, OfficialRecord, Provenance
from pipeline.errors import InputError
from pipeline.engines.plan import (current_note, describe_plan, disk_full, failure_record, file_sha256, output_stems,
                                   plan_batch, run_key, sort_letters)

MODELS = {"translate": {"id": "m/t", "revision": "r1", "fingerprint": "f"}}


def test_output_names_are_unique_even_when_stems_clash():
    files = [Path("a/brief.txt"), Path("b/Brief.pdf"), Path("c/brief.txt"), Path("d/other file.txt")]
    stems = output_stems(files)
    assert len({s.lower() for s in stems.values()}) == len(files)
    assert stems[Path("d/other file.txt")] == "other_file"
    assert stems[Path("b/Brief.pdf")] == "Brief-pdf"  # the suffix tells the two apart


def test_run_key_follows_what_changes_a_note_and_ignores_what_does_not():
    base = load_config()
    key = run_key("sha", base, MODELS)
    assert key == run_key("sha", load_config(), MODELS)  # deterministic
    assert key == run_key("sha", load_config(None, ["threads=3", "ingest.max_pages=7"]), MODELS)
    assert key != run_key("sha2", base, MODELS)
    assert key != run_key("sha", load_config(None, ["translate.num_beams=1"]), MODELS)
    assert key != run_key("sha", base, {"translate": {**MODELS["translate"], "revision": "r2"}})


def _note(out: Path, stem: str, key: str, formats: list[str]) -> None:
    doc = Document(source=f"{stem}.txt", metadata=Metadata(title="T"),
                   provenance=Provenance(pipeline_version="t", run_key=key))
    for fmt in formats:
        (out / f"{stem}.{fmt}").write_text(doc.to_json() if fmt == "json" else "note", encoding="utf-8")


def test_a_note_is_current_only_when_complete_and_made_with_the_same_key(tmp_path):
    _note(tmp_path, "a", "k1", ["md", "json"])
    assert current_note(tmp_path, "a", "k1", ["md", "json"]).source == "a.txt"
    assert current_note(tmp_path, "a", "k2", ["md", "json"]) is None  # made otherwise
    assert current_note(tmp_path, "a", "k1", ["md", "html", "json"]) is None  # a format missing
    assert current_note(tmp_path, "a", "k1", ["md"]) is None  # no JSON: nothing records the key
    (tmp_path / "b.json").write_text("{half a note", encoding="utf-8")
    assert current_note(tmp_path, "b", "k1", ["json"]) is None


def test_failure_records_say_what_and_how_to_fix(tmp_path):
    path = tmp_path / "brief.txt"
    known = failure_record(InputError("empty", path=str(path), stage="ingest", fix="x"), path, "ingest", tmp_path)
    assert known == {"error": "InputError", "path": str(path), "stage": "ingest", "message": "empty", "fix": "x"}
    io = failure_record(PermissionError(13, "Permission denied"), path, "render", tmp_path)
    assert io["stage"] == "render" and "permissions" in io["fix"]
    bug = failure_record(RuntimeError("x" * 5000), path, "translate", tmp_path)
    assert len(bug["message"]) == 2000 and "bug" in bug["fix"]


def test_only_a_full_disk_is_a_full_disk():
    assert disk_full(OSError(errno.ENOSPC, "No space left on device"))
    assert not disk_full(OSError(errno.EACCES, "Permission denied")) and not disk_full(ValueError())


def test_a_dry_run_plans_and_describes_without_creating_out(tmp_path, tiny_config):
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "a.txt").write_text("Brief.", encoding="utf-8")
    (inputs / ".hidden").write_text("x", encoding="utf-8")
    out = tmp_path / "out"
    plan = plan_batch([inputs], out, tiny_config, dry_run=True)
    assert plan.todo == [inputs / "a.txt"] and not out.exists()
    text = describe_plan(plan, out)
    assert "1 letter(s) to do" in text and "a.txt -> a.* (to do)" in text and "skipped: .hidden" in text
    assert "model translate:" in text


def _record(**changes) -> OfficialRecord:
    return OfficialRecord.model_validate({
        "id": "kst-36512-7", "url": "https://zoek.officielebekendmakingen.nl/kst-36512-7.html", "title": "T",
        "date": "2024-01-31", "document_type": "brief", "ministry": "Ministerie van Buitenlandse Zaken",
        "dossier": "36512", "kamerstuk": "36 512, nr. 7", "source": "officielebekendmakingen",
        "fetched_at": "2024-06-08T10:00:00+00:00", "sha256": "0" * 64} | changes)


def test_run_key_follows_the_official_record_but_not_its_check():
    base = load_config()
    plain = run_key("sha", base, MODELS)
    assert plain == run_key("sha", base, MODELS, None)  # letters without a sidecar keep their keys
    key = run_key("sha", base, MODELS, _record())
    assert key != plain and key == run_key("sha", base, MODELS, _record(mismatches=["date"]))
    for field, value in (("title", "Other"), ("date", "2024-02-01"), ("ministry", "Defensie"), ("sha256", "1" * 64)):
        assert key != run_key("sha", base, MODELS, _record(**{field: value})), field


def test_a_changed_sidecar_makes_a_current_note_due_again(tmp_path, tiny_config):
    inputs, out = tmp_path / "in", tmp_path / "out"
    inputs.mkdir()
    out.mkdir()
    letter = inputs / "a.txt"
    letter.write_text("Brief.", encoding="utf-8")
    sidecar = inputs / "a.source.json"
    sidecar.write_text(_record().model_dump_json(exclude={"mismatches"}), encoding="utf-8")
    plan = plan_batch([inputs], out, tiny_config, sort=False)
    key = run_key(file_sha256(letter), tiny_config, plan.models_used, _record())
    _note(out, "a", key, tiny_config.render.formats)
    sort_letters(plan, out, tiny_config)
    assert plan.current and not plan.todo  # the note was made with this record
    sidecar.write_text(_record(title="Another title").model_dump_json(exclude={"mismatches"}), encoding="utf-8")
    sort_letters(plan, out, tiny_config)
    assert plan.todo == [letter] and not plan.current
    sidecar.unlink()
    sort_letters(plan, out, tiny_config)
    assert plan.todo == [letter]
