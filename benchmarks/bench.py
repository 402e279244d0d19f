"""`make bench` / ``python -m benchmarks.bench``: how fast and how big is each translate engine?

Our machines cannot download the real checkpoints, so the benchmark builds full-size checkpoints
with the real architectures and random weights once into ``models/bench/`` (reused afterwards):

* opus-mt-nl-en: MarianMT, d_model 512, 6+6 layers, 8 heads, FFN 2048, vocabulary 67028 — the
  tokenizer is a SentencePiece model trained on the sample letter, vocab.json padded with dummy
  tokens to 67028 (the dummies get a large negative output bias so they are never generated);
* distilbart-cnn-12-6: BART, d_model 1024, 12 encoder + 6 decoder layers, 16 heads, FFN 4096,
  vocabulary 50264, 1024 positions — byte-level BPE trained on our texts, padded the same way;

each with its CTranslate2 conversion. Random weights rarely emit </s>, so the decode length is
**forced**: every model call decodes exactly ``forced_new_tokens(L)`` tokens, L being the longest
source (in tokens, </s> included) in the call, for every engine, and the pipeline engines and raw
CTranslate2 get the same batches. Summaries are forced to their maximum length.

Each engine runs in a fresh subprocess (so peak RSS — the kernel's VmHWM — is that engine's alone):

1. naive: transformers fp32, one sentence per ``generate`` call (a subset of sentences: it is slow);
2. the pipeline's Translator with the transformers backend, then with the CTranslate2 backend
   (cache on, in a fresh file; then a second, warm-cache run with a new Translator);
3. raw CTranslate2 ``translate_batch`` on pre-tokenized input, same batches, timing the calls alone;
4. the whole sample letter (translate + summarize) with each backend.

Beam 4, 2 threads. Prints one table; writes ``OUT/translate.json`` (the summary figures) and
``OUT/details.json`` (everything measured).
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from pipeline.config import PROJECT_ROOT, load_config

log = logging.getLogger(__name__)

SAMPLE = PROJECT_ROOT / "data" / "kamerbrieven" / "000_124582cb5ba853ae.txt"
MARIAN_DIR = "opus-mt-nl-en-random"
BART_DIR = "distilbart-cnn-12-6-random"
NUM_BEAMS = 4
_NOTE = ("full-size random weights (real architecture) for benchmarks only; output is nonsense by design")
_WARMUP = "Dit is een korte zin om op te warmen."

# Targets from the issue (beam 4, 2 threads).
TARGETS = {"pipeline_vs_naive": 10.0, "overhead_vs_raw_ct2": 0.10, "cache_speedup": 20.0,
           "ct2_peak_rss_mb": 1024.0, "ct2_letter_seconds": 60.0}


def forced_new_tokens(longest_source_tokens: int) -> int:
    """Tokens every row of a call decodes: as many as the call's longest source has (</s> included).

    A fixed function of the source length, applied identically to every engine (the real model's
    English output is about as long, in pieces, as its Dutch input)."""
    return longest_source_tokens


# ------------------------------------------------------------------------------------ checkpoints


def bench_models_ready(folder: Path) -> bool:
    from pipeline.models.conversion import conversion_is_current
    from pipeline.models.resolution import fingerprint

    for name in (MARIAN_DIR, BART_DIR):
        path = folder / name
        if not (path / "config.json").is_file() or not conversion_is_current(path / "ctranslate2", fingerprint(path)):
            return False
    return True


def build_bench_models(folder: Path, seed: int = 0) -> dict[str, Path]:
    """Build (or reuse) the full-size random checkpoints and their CTranslate2 conversions."""
    from pipeline.models.conversion import CT2_SUBDIR, convert_ctranslate2, swap_into_place
    from pipeline.testing.tiny_models import (Shape, build_summarize, build_translate, default_corpus,
                                      read_corpus)

    folder.mkdir(parents=True, exist_ok=True)
    targets = {"translate": folder / MARIAN_DIR, "summarize": folder / BART_DIR}
    letter_lines = read_corpus([SAMPLE])
    specs = {
        "translate": (build_translate, letter_lines,
                      {"shape": Shape(512, 6, 6, 8, 2048), "vocab_size": 67028}),
        "summarize": (build_summarize, read_corpus(default_corpus()),
                      {"shape": Shape(1024, 12, 6, 16, 4096), "vocab_size": 50264, "max_positions": 1024}),
    }
    for key, target in targets.items():
        if (target / "config.json").is_file():
            convert_ctranslate2(target, target / CT2_SUBDIR)  # no-op when current
            continue
        builder, lines, kwargs = specs[key]
        started = time.perf_counter()
        with tempfile.TemporaryDirectory(dir=folder, prefix=".build-") as tmp:
            staged = Path(tmp) / target.name
            builder(staged, lines, seed, note=_NOTE, **kwargs)
            convert_ctranslate2(staged, staged / CT2_SUBDIR)
            swap_into_place(staged, target)
        _progress(f"  built {target} in {time.perf_counter() - started:.0f} s")
    return targets


# --------------------------------------------------------------------------------------- helpers


class ForcedLengths:
    """Wraps a backend so every call decodes a fixed length (see module doc); same interface."""

    def __init__(self, inner: Any, mode: str) -> None:
        self.inner, self.mode = inner, mode  # mode: "translate" (forced_new_tokens) | "summarize" (max)
        self.info, self.position_limit, self.name = inner.info, inner.position_limit, inner.name

    def token_counts(self, texts: list[str]) -> list[int]:
        return self.inner.token_counts(texts)

    def settings(self) -> dict[str, Any]:
        return {**self.inner.settings(), "forced_lengths": self.mode}

    def translate_batch(self, texts: list[str], *, min_new_tokens: int = 0, max_new_tokens: int = 256) -> list[str]:
        if self.mode == "translate":
            n = forced_new_tokens(max(self.inner.token_counts(texts)) + 1)
        else:
            n = max_new_tokens
        return self.inner.translate_batch(texts, min_new_tokens=n, max_new_tokens=n)


def peak_rss_mb() -> float:
    """This process's peak resident set (VmHWM), in MiB."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def letter_sentences() -> tuple[list[str], str]:
    """The sample letter's distinct sentences, segmented by the pipeline (regex fallback)."""
    try:
        from pipeline.stages.ingest import ingest
        from pipeline.stages.segment import segment

        cfg = load_config()
        doc = segment(ingest(SAMPLE, cfg.ingest), cfg.segment)
        sentences = list(dict.fromkeys(s for s in doc.iter_sentences() if s.strip()))
        if sentences:
            return sentences, "pipeline ingest+segment"
    except Exception as exc:  # the benchmark must not depend on another stage's health
        log.warning("segmentation failed (%s); splitting sentences with a regex", exc)
    text = " ".join(SAMPLE.read_text(encoding="utf-8").split())
    return list(dict.fromkeys(s for s in re.split(r"(?<=[.!?])\s+", text) if s.strip())), "regex"


def _config(models: Path, backend: str, threads: int) -> Any:
    return load_config(None, [f"translate.model={models / MARIAN_DIR}", f"summarize.model={models / BART_DIR}",
                              f"translate.backend={backend}", f"summarize.backend={backend}",
                              "translate.device=cpu", "summarize.device=cpu", f"translate.num_beams={NUM_BEAMS}",
                              f"summarize.num_beams={NUM_BEAMS}", f"threads={threads}", "cache.enabled=false"])


def _load(cfg: Any, purpose: str) -> Any:
    from pipeline.config import resolve_path
    from pipeline.models.loading import load_backend
    from pipeline.models.resolution import resolve

    models_dir = resolve_path(cfg.models_dir)
    spec = getattr(cfg, purpose)
    return load_backend(resolve(purpose, spec, models_dir), spec, cfg.threads, models_dir)


# --------------------------------------------------------------------------------------- workers
# Each runs in its own process: `python -m benchmarks.bench --worker NAME ...`; returns a dict.


def worker_naive(models: Path, threads: int, sentences: list[str], subset: int) -> dict[str, Any]:
    t0 = time.perf_counter()
    backend = _load(_config(models, "transformers", threads), "translate")
    load_s = time.perf_counter() - t0
    backend.translate_batch([_WARMUP], min_new_tokens=8, max_new_tokens=8)
    lengths = backend.token_counts(sentences)
    order = sorted(range(len(sentences)), key=lambda i: lengths[i])
    n = min(subset, len(order))
    picked = [order[round(k * (len(order) - 1) / max(1, n - 1))] for k in range(n)]  # spread over lengths
    tokens_before = backend.generated_tokens
    t1 = time.perf_counter()
    for i in picked:
        forced = forced_new_tokens(lengths[i] + 1)
        backend.translate_batch([sentences[i]], min_new_tokens=forced, max_new_tokens=forced)
    seconds = time.perf_counter() - t1
    return {"engine": "naive transformers fp32, 1 sentence per generate", "sentences": n, "seconds": seconds,
            "target_tokens": backend.generated_tokens - tokens_before, "load_s": load_s,
            "compute_type": backend.info.compute_type}


def worker_pipeline(models: Path, threads: int, sentences: list[str], backend_name: str) -> dict[str, Any]:
    from pipeline.models.cache import TranslationCache
    from pipeline.stages.translate.translator import Translator

    t0 = time.perf_counter()
    cfg = _config(models, backend_name, threads)
    backend = _load(cfg, "translate")
    load_s = time.perf_counter() - t0
    backend.translate_batch([_WARMUP], min_new_tokens=8, max_new_tokens=8)
    forced = ForcedLengths(backend, "translate")
    with tempfile.TemporaryDirectory() as tmp:
        cache_path = Path(tmp) / "cache.sqlite"
        tokens_before = backend.generated_tokens
        with TranslationCache(cache_path) as cache:
            translator = Translator(forced, cfg.translate, cache)
            t1 = time.perf_counter()
            cold = translator.translate(sentences)
            cold_s = time.perf_counter() - t1
        tokens = backend.generated_tokens - tokens_before
        calls = translator.stats["batches"]
        with TranslationCache(cache_path) as cache:  # a second run: new Translator, same cache file
            again = Translator(forced, cfg.translate, cache)
            t2 = time.perf_counter()
            warm = again.translate(sentences)
            warm_s = time.perf_counter() - t2
    assert warm == cold and again.stats["translated"] == 0, "warm run reached the model"
    assert len(cold) == len(sentences) and all(cold)
    return {"engine": f"pipeline {backend_name} {backend.info.compute_type}", "sentences": len(sentences),
            "seconds": cold_s, "target_tokens": tokens, "load_s": load_s, "calls": calls,
            "warm_seconds": warm_s, "cache_speedup": cold_s / max(warm_s, 1e-9),
            "long_sentence_splits": translator.long_sentence_splits, "compute_type": backend.info.compute_type}


def worker_raw_ct2(models: Path, threads: int, sentences: list[str], reps: int = 2) -> dict[str, Any]:
    """Raw ``translate_batch`` on pre-tokenized input and the same batches as the pipeline.

    Also measures the pipeline's overhead precisely: the Translator over a backend wrapping this
    very ctranslate2.Translator, alternated with the raw calls (A/B, best of `reps`), so machine
    drift between processes does not masquerade as overhead."""
    from pipeline.models.backends import CTranslate2Backend, Decoding
    from pipeline.stages.translate.translator import Translator, plan_batches

    t0 = time.perf_counter()
    import ctranslate2

    from pipeline.models.loading import load_tokenizer

    cfg = _config(models, "ctranslate2", threads)
    translator = ctranslate2.Translator(str(models / MARIAN_DIR / "ctranslate2"), device="cpu",
                                        compute_type="int8", inter_threads=1, intra_threads=threads)
    tokenizer = load_tokenizer(models / MARIAN_DIR)
    load_s = time.perf_counter() - t0
    kwargs = {"beam_size": NUM_BEAMS, "max_input_length": 0, "max_batch_size": 0}
    translator.translate_batch([tokenizer.convert_ids_to_tokens(tokenizer(_WARMUP)["input_ids"])],
                               min_decoding_length=8, max_decoding_length=8, **kwargs)
    ids = tokenizer(sentences)["input_ids"]  # with </s>
    source = [tokenizer.convert_ids_to_tokens(row) for row in ids]
    lengths = [len(row) - 1 for row in ids]
    batches = plan_batches(lengths, cfg.translate.sentences_per_call, cfg.translate.max_batch_tokens)

    def raw() -> tuple[float, int]:
        tokens = 0
        t1 = time.perf_counter()
        for batch in batches:
            n = forced_new_tokens(max(lengths[i] for i in batch) + 1)
            results = translator.translate_batch([source[i] for i in batch], min_decoding_length=n,
                                                 max_decoding_length=n, **kwargs)
            tokens += sum(len(r.hypotheses[0]) for r in results)
        return time.perf_counter() - t1, tokens

    info = _load_info(models, "int8")
    backend = ForcedLengths(CTranslate2Backend(translator, tokenizer, Decoding(NUM_BEAMS), info,
                                               tokenizer.model_max_length), "translate")

    def pipeline() -> float:
        t1 = time.perf_counter()
        out = Translator(backend, cfg.translate).translate(sentences)  # fresh: no memo, no cache
        assert len(out) == len(sentences)
        return time.perf_counter() - t1

    raw_s, pipe_s, tokens = [], [], 0
    for _ in range(reps):
        seconds, tokens = raw()
        raw_s.append(seconds)
        pipe_s.append(pipeline())
    return {"engine": "raw CTranslate2 int8 translate_batch", "sentences": len(sentences), "seconds": min(raw_s),
            "all_seconds": raw_s, "target_tokens": tokens, "load_s": load_s, "calls": len(batches),
            "compute_type": "int8", "source_tokens": sum(lengths), "same_process_pipeline_seconds": pipe_s,
            "overhead": min(pipe_s) / min(raw_s) - 1}


def _load_info(models: Path, compute_type: str) -> Any:
    from pipeline.document import ModelInfo

    return ModelInfo(id=str(models / MARIAN_DIR), path=str(models / MARIAN_DIR), backend="ctranslate2",
                     compute_type=compute_type, device="cpu")


def worker_letter(models: Path, threads: int, backend_name: str) -> dict[str, Any]:
    from pipeline.engines.local import analyse
    from pipeline.stages.classify import load_taxonomy
    from pipeline.config import resolve_path
    from pipeline.stages.summarize import Summarizer, summarize_document
    from pipeline.stages.translate.translator import Translator, translate_document

    t0 = time.perf_counter()
    # Random weights fail every summary faithfulness check, so the guard would generate every summary
    # twice; a real model rarely needs that. Time one pass (the guard still checks and falls back).
    cfg = _config(models, backend_name, threads)
    cfg = cfg.model_copy(update={"summarize": cfg.summarize.model_copy(update={"regenerate": False})})
    t_backend, s_backend = _load(cfg, "translate"), _load(cfg, "summarize")
    load_s = time.perf_counter() - t0
    t1 = time.perf_counter()
    try:
        doc = analyse(SAMPLE, cfg, load_taxonomy(resolve_path(cfg.classify.taxonomy)))
    except Exception as exc:  # classification is not what is measured here
        log.warning("analyse failed (%s); using ingest+segment only", exc)
        from pipeline.stages.ingest import ingest
        from pipeline.stages.segment import segment

        doc = segment(ingest(SAMPLE, cfg.ingest), cfg.segment)
    t2 = time.perf_counter()
    doc = translate_document(doc, Translator(ForcedLengths(t_backend, "translate"), cfg.translate))
    t3 = time.perf_counter()
    doc = summarize_document(doc, Summarizer(ForcedLengths(s_backend, "summarize"), cfg.summarize))
    t4 = time.perf_counter()
    assert doc.summary_en
    return {"backend": backend_name, "load_s": load_s, "analyse_s": t2 - t1, "translate_s": t3 - t2,
            "summarize_s": t4 - t3, "letter_s": t4 - t1, "with_load_s": t4 - t0,
            "sections_summarized": sum(1 for s in doc.sections if s.summary_en),
            "summary_chunked_sections": doc.provenance.summary_chunked_sections}


# ---------------------------------------------------------------------------------- orchestration


def _run_worker(name: str, args: argparse.Namespace, extra: list[str], timeout: float = 1800) -> dict[str, Any]:
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as f:
        result_path = Path(f.name)
    cmd = [sys.executable, "-m", "benchmarks.bench", "--worker", name, "--models", str(args.models),
           "--threads", str(args.threads), "--naive-sentences", str(args.naive_sentences),
           "--result", str(result_path), *extra]
    env = {**os.environ, "TOKENIZERS_PARALLELISM": "false", "OMP_NUM_THREADS": str(args.threads),
           "TRANSFORMERS_VERBOSITY": "error", "HF_HUB_OFFLINE": "1"}
    started = time.perf_counter()
    proc = subprocess.run(cmd, env=env, cwd=PROJECT_ROOT, timeout=timeout, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True)
    if proc.returncode != 0:
        result_path.unlink(missing_ok=True)
        raise RuntimeError(f"benchmark worker {name} {extra} failed:\n{proc.stderr[-3000:]}")
    result = json.loads(result_path.read_text())
    result_path.unlink(missing_ok=True)
    _progress(f"  {name} {' '.join(extra)}: done in {time.perf_counter() - started:.0f} s")
    return result


def machine_description(threads: int) -> str:
    from importlib.metadata import PackageNotFoundError, version

    cpu = platform.processor() or platform.machine()
    try:
        names = [line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                 if line.startswith("model name")]
        cpu = names[0] if names else cpu
    except OSError:
        pass
    try:
        kb = int(next(line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines()
                      if line.startswith("MemTotal")))
        mem = f"{kb / 1024**2:.0f} GiB RAM"
    except (OSError, StopIteration, ValueError):
        mem = "RAM unknown"
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()

    def v(pkg: str) -> str:
        try:
            return version(pkg)
        except PackageNotFoundError:
            return "absent"

    return (f"{cpu}, {cores} cores, {mem}; {threads} threads; {platform.system()} {platform.machine()}; "
            f"Python {platform.python_version()}, torch {v('torch')}, transformers {v('transformers')}, "
            f"ctranslate2 {v('ctranslate2')}")


def _rate(r: dict[str, Any]) -> tuple[float, float]:
    return r["sentences"] / r["seconds"], r["target_tokens"] / r["seconds"]


def render(details: dict[str, Any]) -> str:
    e = details["engines"]
    naive_sps = _rate(e["naive"])[0]
    rows = [("naive", e["naive"]), ("pipeline transformers", e["pipeline_transformers"]),
            ("pipeline ctranslate2", e["pipeline_ctranslate2"]), ("raw ctranslate2", e["raw_ct2"])]
    lines = [
        f"Translate benchmark — {details['sample']}: {details['sentences']} distinct sentences "
        f"({details['source_tokens']} source tokens; segmentation: {details['segmentation']})",
        f"Full-size random-weight checkpoints (real architectures), beam {NUM_BEAMS}, {details['threads']} threads, "
        "decode length forced to the longest source in each call (same batches for every batched engine).",
        f"Machine: {details['machine']}",
        f"Load average (1 min) at start {details['load_average']['start']:.1f}, at end "
        f"{details['load_average']['end']:.1f}: anything above ~0.2 means other processes shared the "
        "CPUs and depressed some figures (compare engines within one run only).",
        "",
        "| engine | sentences | sent/s | target tok/s | load s | peak RSS MB | × naive |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for label, r in rows:
        sps, tps = _rate(r)
        n = f"{r['sentences']}" + (" (subset)" if label == "naive" and r["sentences"] < details["sentences"] else "")
        lines.append(f"| {r['engine']} | {n} | {sps:.2f} | {tps:.0f} | {r['load_s']:.1f} | "
                     f"{r['peak_rss_mb']:.0f} | {sps / naive_sps:.1f}× |")
    pt, pc, raw = e["pipeline_transformers"], e["pipeline_ctranslate2"], e["raw_ct2"]
    overhead = details["overhead_vs_raw_ct2"]
    lt, lc = details["letters"]["transformers"], details["letters"]["ctranslate2"]
    lines += [
        "",
        f"- CTranslate2 vs transformers in the pipeline: {_rate(pc)[0] / _rate(pt)[0]:.1f}× sentences/s.",
        f"- Pipeline overhead vs raw CTranslate2 on the same sentences and batches: {overhead * 100:+.1f} % "
        f"(same process, runs alternated, best of {len(raw['all_seconds'])}; between the separate processes "
        f"above: {details['overhead_across_processes'] * 100:+.1f} %, which includes machine drift)",
        f"- Translation cache: cold {pc['seconds']:.2f} s, warm second run {pc['warm_seconds'] * 1000:.1f} ms "
        f"→ {pc['cache_speedup']:.0f}× faster (transformers backend: {pt['cache_speedup']:.0f}×)",
        f"- Sample letter end to end (translate + summarize, decode lengths forced, summary regeneration off "
        f"because random weights fail every faithfulness check, summaries at their "
        f"maximum length): transformers {lt['letter_s']:.1f} s (+{lt['load_s']:.1f} s load, peak "
        f"{lt['peak_rss_mb']:.0f} MB), ctranslate2 {lc['letter_s']:.1f} s (+{lc['load_s']:.1f} s load, "
        f"peak {lc['peak_rss_mb']:.0f} MB)",
        f"- Naive baseline measured on {e['naive']['sentences']} of {details['sentences']} sentences, spread "
        "evenly over the length range (it is slow).",
        "",
        "Targets:",
    ]
    for name, (value, target, ok, unit) in details["targets"].items():
        lines.append(f"  {'PASS' if ok else 'FAIL'}  {name}: {value:.3g}{unit} (target {target:g}{unit})")
    return "\n".join(lines)


def orchestrate(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    load_before = os.getloadavg()[0]
    args.models = args.models.resolve()
    sentences, how = letter_sentences()
    if not bench_models_ready(args.models):
        _progress(f"[1/4] building full-size random checkpoints in {args.models} (once; reused later)")
        _run_worker("build", args, [])
    else:
        _progress(f"[1/4] reusing checkpoints in {args.models}")
    _progress(f"[2/4] {len(sentences)} sentences; engines, each in a fresh process")
    engines = {
        "naive": _run_worker("naive", args, []),
        "pipeline_transformers": _run_worker("pipeline", args, ["--backend", "transformers"]),
        "pipeline_ctranslate2": _run_worker("pipeline", args, ["--backend", "ctranslate2"]),
        "raw_ct2": _run_worker("raw_ct2", args, []),
    }
    _progress("[3/4] the sample letter end to end, per backend")
    letters = {b: _run_worker("letter", args, ["--backend", b]) for b in ("transformers", "ctranslate2")}
    naive_sps = _rate(engines["naive"])[0]
    pipe = {b: engines[f"pipeline_{b}"] for b in ("transformers", "ctranslate2")}
    raw_sps = _rate(engines["raw_ct2"])[0]
    overhead = engines["raw_ct2"]["overhead"]  # same process, alternated: see worker_raw_ct2
    overhead_across = raw_sps / _rate(pipe["ctranslate2"])[0] - 1
    best = max(_rate(p)[0] for p in pipe.values())
    ct2_letter = letters["ctranslate2"]["with_load_s"]
    details = {
        "sample": SAMPLE.name, "sentences": len(sentences), "segmentation": how, "threads": args.threads,
        "source_tokens": engines["raw_ct2"]["source_tokens"], "machine": machine_description(args.threads),
        "engines": engines, "letters": letters, "overhead_vs_raw_ct2": overhead,
        "overhead_across_processes": overhead_across,
        "forced_new_tokens": "longest source tokens in the call (</s> included)",
        "targets": {
            "pipeline (ctranslate2) vs naive": (_rate(pipe["ctranslate2"])[0] / naive_sps,
                                                TARGETS["pipeline_vs_naive"],
                                                _rate(pipe["ctranslate2"])[0] / naive_sps >= TARGETS["pipeline_vs_naive"], "×"),
            "pipeline overhead vs raw CT2": (overhead * 100, TARGETS["overhead_vs_raw_ct2"] * 100,
                                             overhead <= TARGETS["overhead_vs_raw_ct2"], " %"),
            "warm-cache speedup": (pipe["ctranslate2"]["cache_speedup"], TARGETS["cache_speedup"],
                                   pipe["ctranslate2"]["cache_speedup"] >= TARGETS["cache_speedup"], "×"),
            "CT2 translate-only peak RSS": (pipe["ctranslate2"]["peak_rss_mb"], TARGETS["ct2_peak_rss_mb"],
                                            pipe["ctranslate2"]["peak_rss_mb"] <= TARGETS["ct2_peak_rss_mb"], " MB"),
            "sample letter end to end, CT2 (with load)": (ct2_letter, TARGETS["ct2_letter_seconds"],
                                                          ct2_letter <= TARGETS["ct2_letter_seconds"], " s"),
        },
        "best_pipeline_sent_per_s": best,
        "load_average": {"start": load_before, "end": os.getloadavg()[0]},
    }
    summary = {
        "sentences": len(sentences),
        "naive_sent_per_s": naive_sps,
        "raw_ct2_sent_per_s": raw_sps,
        "pipeline": {b: {"sent_per_s": _rate(p)[0], "peak_rss_mb": p["peak_rss_mb"]} for b, p in pipe.items()},
        "cache_speedup": pipe["ctranslate2"]["cache_speedup"],
        "letter_seconds": {b: letters[b]["with_load_s"] for b in ("transformers", "ctranslate2")},
        "machine": details["machine"],
    }
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "translate.json").write_text(json.dumps(summary, indent=2) + "\n", "utf-8")
    details["total_seconds"] = time.perf_counter() - started
    (args.out / "details.json").write_text(json.dumps(details, indent=2, default=str) + "\n", "utf-8")
    table = render(details)
    (args.out / "translate.md").write_text(table + "\n", "utf-8")
    _progress(f"[4/4] done in {details['total_seconds'] / 60:.1f} min; wrote {args.out}/translate.json")
    print(table)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bench", description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=PROJECT_ROOT / "out" / "bench")
    parser.add_argument("--models", type=Path, default=PROJECT_ROOT / "models" / "bench",
                        help="where the full-size random checkpoints are built (once) and reused")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--naive-sentences", type=int, default=16,
                        help="sentences the (slow) naive baseline is measured on")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the checkpoints")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--backend", help=argparse.SUPPRESS)
    parser.add_argument("--result", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    if args.worker:
        return _worker(args)
    if args.rebuild:
        for name in (MARIAN_DIR, BART_DIR):
            shutil.rmtree(args.models / name, ignore_errors=True)
    return orchestrate(args)


def _worker(args: argparse.Namespace) -> int:
    if args.worker == "build":
        build_bench_models(args.models)
        result: dict[str, Any] = {}
    elif args.worker == "letter":
        result = worker_letter(args.models, args.threads, args.backend)
    else:
        sentences, _ = letter_sentences()
        if args.worker == "naive":
            result = worker_naive(args.models, args.threads, sentences, args.naive_sentences)
        elif args.worker == "pipeline":
            result = worker_pipeline(args.models, args.threads, sentences, args.backend)
        elif args.worker == "raw_ct2":
            result = worker_raw_ct2(args.models, args.threads, sentences)
        else:
            raise SystemExit(f"unknown worker {args.worker}")
    result["peak_rss_mb"] = peak_rss_mb()
    args.result.write_text(json.dumps(result), "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
