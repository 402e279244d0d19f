"""The batch benchmark (`make bench-batch`): its synthetic letters and its measurement, on a tiny batch.

The real comparison (100 vs 1,000 letters) takes minutes; here the generator is checked for what the
benchmark relies on (deterministic, every letter different, varied lengths, readable by the
pipeline) and the measurement runs end to end on 2 and 3 letters with the session's tiny models.
"""

from __future__ import annotations

import json

import pytest

from benchmarks.bench_batch import DEFAULT_LETTERS_DIR, Sample, main, summarise_run, verdict
from benchmarks.synthetic_batch import generate_batch, load_pool
from pipeline.config import load_config
from pipeline.engines.local import analyse
from pipeline.stages.resources import Resources

pytestmark = pytest.mark.filterwarnings("ignore:Recommended. pip install sacremoses")


@pytest.fixture(scope="module")
def cfg():
    return load_config(None)


@pytest.fixture(scope="module")
def pool(cfg):
    return load_pool(DEFAULT_LETTERS_DIR, cfg)


@pytest.mark.slow
def test_generator_is_deterministic_varied_and_readable(pool, cfg, tmp_path):
    first = generate_batch(pool, tmp_path / "a", 40, seed=0)
    again = generate_batch(pool, tmp_path / "b", 40, seed=0)
    assert len(first) == 40 == len(list((tmp_path / "a").glob("*.txt")))
    texts = [p.read_text("utf-8") for p in first]
    assert texts == [p.read_text("utf-8") for p in again]
    assert len(set(texts)) == 40  # every letter differs
    # letter i does not depend on the batch size, so a smaller batch is a prefix of a larger one
    assert [p.read_text("utf-8") for p in generate_batch(pool, tmp_path / "c", 5, seed=0)] == texts[:5]
    assert generate_batch(pool, tmp_path / "d", 1, seed=1)[0].read_text("utf-8") != texts[0]
    lengths = sorted(map(len, texts))
    assert lengths[-1] > 4 * lengths[0]  # short to long
    resources = Resources.load(cfg)
    seen: set[str] = set()
    repeated = total = 0
    for path, text in list(zip(first, texts))[:4]:  # letter 0 holds every paragraph of the samples
        doc = analyse(path, cfg, resources)
        sentences = {x for s in doc.sections for p in s.paragraphs for x in p.sentences}
        repeated += len(sentences & seen)
        total += len(sentences)
        seen |= sentences
        assert doc.metadata.language == "nl" and doc.metadata.date and doc.metadata.kamerstuk
        assert doc.metadata.signatory and doc.metadata.sender
        headings = [s.heading for s in doc.sections if s.heading]
        assert headings and all(h in text for h in headings)
        # the body is the letter's paragraphs: nothing of the letter head or signature leaks in
        body = " ".join(p.text for s in doc.sections for p in s.paragraphs)
        assert "Staten-Generaal" not in body and doc.metadata.signatory not in body
    # sentences do not repeat across letters, so the translator's memo and cache cannot make it cheap
    assert repeated <= 0.02 * total


@pytest.mark.slow
def test_measurement_on_a_tiny_batch_writes_the_report(tiny_overrides, tmp_path, capsys):
    out = tmp_path / "bench"
    passed = [o for o in tiny_overrides if not o.startswith("threads=")]
    code = main(["--out", str(out), "--sizes", "3", "2", "--interval", "0.1",
                 *(arg for o in passed for arg in ("--set", o))])
    report = json.loads((out / "report.json").read_text("utf-8"))
    assert code == (0 if report["verdict"]["verdict"] == "flat" else 1)
    assert report["sizes"] == [2, 3]
    assert "cache.enabled=false" in report["overrides"] and "threads=1" in report["overrides"]
    assert report["formats"] == ["md", "json", "html", "docx"]
    for run, n in zip(report["runs"], (2, 3)):
        assert run["letters"] == n and run["ok"] == n and run["failed"] == 0 and run["exit_code"] == 0
        assert run["seconds"] > 0 and run["letters_per_min"] > 0 and run["first_note_seconds"] > 0
        assert run["peak_rss_mb"] > 50 and run["kernel_peak_rss_mb"] > 50
        assert set(run["rss_mb_at_done"]) == {"10%", "50%", "100%"}
        assert all(v is None or v > 0 for v in run["rss_mb_at_done"].values())
        assert run["samples"] and all(len(s) == 3 for s in run["samples"])
        notes = out / "runs" / str(n)
        assert len(list(notes.glob("synthetic_*.json"))) == n and len(list(notes.glob("synthetic_*.docx"))) == n
        assert len(list((out / f"letters-{n}").glob("*.txt"))) == n
    assert set(report["verdict"]) >= {"verdict", "peak_growth_mb", "allowed_mb", "tolerance"}
    md = (out / "report.md").read_text("utf-8")
    assert "letters/min" in md and "peak RSS" in md and f"Verdict: {report['verdict']['verdict']}" in md
    assert "| 3 | 3 | 0 |" in capsys.readouterr().out


def test_verdict_and_figures_from_samples():
    samples = [Sample(t, 100 + t, int(t)) for t in range(11)]  # 1 MiB per letter
    run = summarise_run(10, samples, [float(t) for t in range(1, 11)], 11.0, 0, 115.0, {}, {})
    assert run["peak_rss_mb"] == 115.0 and run["sampled_peak_rss_mb"] == 110.0
    assert run["rss_mb_at_done"] == {"10%": 101.0, "50%": 105.0, "100%": 110.0}
    assert run["rss_growth_mb"] == 9.0 and run["rss_slope_kib_per_letter"] == 1024.0
    assert run["letters_per_min_after_first"] == 60.0 and run["median_seconds_per_letter"] == 1.0
    small = {"letters": 100, "peak_rss_mb": 200.0}
    assert verdict([small, {"letters": 1000, "peak_rss_mb": 219.0}], 10, 20)["verdict"] == "flat"
    assert verdict([small, {"letters": 1000, "peak_rss_mb": 221.0}], 10, 20)["verdict"] == "grows"
    assert verdict([small, {"letters": 1000, "peak_rss_mb": 221.0}], 15, 20)["verdict"] == "flat"
