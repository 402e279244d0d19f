"""The persistent translation cache: hits without model calls, keys, concurrency, size cap, --no-cache."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap

import pytest

from pipeline.models.cache import TranslationCache, namespace
from pipeline.cli import main
from pipeline.stages.translate.translator import Translator
from tests.conftest import PROJECT_ROOT, CountingBackend, load_tiny_backend

pytestmark = pytest.mark.filterwarnings("ignore:Recommended. pip install sacremoses")

SENTENCES = ["De Europese Raad sprak over Oekraïne.", "Nederland steunt dit.", "Het kabinet is tevreden.",
             "De Raad besprak migratie."]


def test_roundtrip_and_namespaces_are_separate(tmp_path):
    with TranslationCache(tmp_path / "c.sqlite") as cache:
        cache.put_many("a", {"een": "one", "twee": "two"})
        cache.put_many("b", {"een": "ONE"})
        assert cache.get_many("a", ["een", "twee", "drie"]) == {"een": "one", "twee": "two"}
        assert cache.get_many("b", ["een", "twee"]) == {"een": "ONE"}
        assert len(cache) == 3
    with TranslationCache(tmp_path / "c.sqlite") as again:  # persistent
        assert again.get_many("a", ["twee"]) == {"twee": "two"}
        assert again._db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_second_run_hits_the_cache_without_calling_the_model(tiny_config, tmp_path):
    backend, spec = load_tiny_backend(tiny_config, "translate", "ctranslate2")
    path = tmp_path / "cache.sqlite"
    first = CountingBackend(backend)
    with TranslationCache(path) as cache:
        out1 = Translator(first, spec, cache).translate(SENTENCES)
    assert sorted(first.seen) == sorted(SENTENCES)
    second = CountingBackend(backend)  # a new process would have a new Translator: no in-memory memo
    with TranslationCache(path) as cache:
        t = Translator(second, spec, cache)
        out2 = t.translate(SENTENCES + ["Een nieuwe zin."])
    assert second.seen == ["Een nieuwe zin."]  # only the new sentence reached the model
    assert out2[:len(SENTENCES)] == out1
    assert t.stats["cache_hits"] == len(SENTENCES)


def test_keys_differ_by_decoding_backend_and_model(tiny_config, tmp_path):
    ct2, spec = load_tiny_backend(tiny_config, "translate", "ctranslate2")
    hf, _ = load_tiny_backend(tiny_config, "translate", "transformers")
    ct2_beam3, spec3 = load_tiny_backend(tiny_config, "translate", "ctranslate2", num_beams=3)
    ct2_f32, _ = load_tiny_backend(tiny_config, "translate", "ctranslate2", compute_type="float32")
    other_model = CountingBackend(ct2, info=ct2.info.model_copy(update={"id": "someone/else"}))
    with TranslationCache(tmp_path / "cache.sqlite") as cache:
        base = Translator(CountingBackend(ct2), spec, cache)
        base.translate(SENTENCES)
        variants = {
            "backend": Translator(CountingBackend(hf), spec, cache),
            "beams": Translator(CountingBackend(ct2_beam3), spec3, cache),
            "compute type": Translator(CountingBackend(ct2_f32), spec, cache),
            "length ratio": Translator(CountingBackend(ct2), spec.model_copy(update={"max_length_ratio": 1.5}), cache),
            "model": Translator(other_model, spec, cache),
        }
        for what, translator in variants.items():
            assert translator.namespace != base.namespace, what
            translator.translate(SENTENCES)
            assert sorted(translator.backend.seen) == sorted(SENTENCES), f"stale hit across {what}"
        assert len({t.namespace for t in variants.values()}) == len(variants)
        same = Translator(CountingBackend(ct2), spec, cache)
        assert same.namespace == base.namespace


def test_size_cap_evicts_least_recently_used(tmp_path):
    with TranslationCache(tmp_path / "c.sqlite", max_entries=3) as cache:
        for word in ("a", "b", "c"):
            cache.put_many("n", {word: word.upper()})
        assert cache.get_many("n", ["a"]) == {"a": "A"}  # a is now the most recently used
        cache.put_many("n", {"d": "D"})
        assert len(cache) == 3
        assert cache.get_many("n", ["a", "b", "c", "d"]) == {"a": "A", "c": "C", "d": "D"}
        cache.put_many("n", {"e": "E", "f": "F"})
        assert len(cache) == 3


_WRITER = textwrap.dedent("""
    import sys
    from pipeline.models.cache import TranslationCache
    path, who, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
    cache = TranslationCache(path)
    for i in range(n):  # many small transactions, interleaved with the other writer's
        cache.put_many("ns", {f"{who}-{i}": f"T{who}-{i}", "shared": "same"})
        got = cache.get_many("ns", [f"{who}-{i}", "shared"])
        assert got[f"{who}-{i}"] == f"T{who}-{i}", got
    cache.close()
    print("done")
""")


@pytest.mark.slow
def test_concurrent_writers_from_two_processes(tmp_path):
    path = tmp_path / "shared.sqlite"
    n = 1500
    procs = [subprocess.Popen([sys.executable, "-c", _WRITER, str(path), who, str(n)], cwd=PROJECT_ROOT,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for who in ("A", "B")]
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err[-2000:]
        assert "done" in out
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    rows = dict(db.execute("SELECT source, target FROM translations WHERE namespace = 'ns'").fetchall())
    assert len(rows) == 2 * n + 1
    assert all(rows[f"{who}-{i}"] == f"T{who}-{i}" for who in "AB" for i in range(n))
    db.close()


def test_namespace_is_stable_and_sensitive():
    assert namespace(a=1, b="x") == namespace(b="x", a=1)
    assert namespace(a=1, b="x") != namespace(a=2, b="x")


@pytest.mark.slow
def test_cli_no_cache_neither_reads_nor_writes(tmp_path, tiny_overrides):
    letter = tmp_path / "brief.txt"
    letter.write_text("Geachte voorzitter,\n\nDe Europese Raad sprak over Oekraïne. Nederland steunt dit.\n\n"
                      "Hoogachtend,\n\nde minister\n", encoding="utf-8")
    cache = tmp_path / "c" / "cache.sqlite"
    args = [a for o in tiny_overrides for a in ("--set", o)] + ["--set", f"cache.path={cache}"]
    assert main(["-q", "translate", str(letter), "--out", str(tmp_path / "o1"), "--no-cache", *args]) == 0
    assert not cache.exists()
    assert main(["-q", "translate", str(letter), "--out", str(tmp_path / "o2"), *args]) == 0
    with TranslationCache(cache) as c:
        assert len(c) > 0
