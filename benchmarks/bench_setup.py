"""What every run of the translate benchmark (benchmarks/bench.py) shares: the full-size random-weight
checkpoints, the config and backends they are loaded with, the forced decode lengths that make the
engines do the same work, the sample letter's sentences, and peak RSS."""

from __future__ import annotations

import logging
import re
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from pipeline.config import PROJECT_ROOT, load_config
from pipeline.models.conversion import CT2_SUBDIR, conversion_is_current, convert_ctranslate2, swap_into_place
from pipeline.models.loading import load_backend
from pipeline.models.resolution import fingerprint, resolve
from pipeline.stages.ingest import ingest
from pipeline.stages.segment import segment
from pipeline.testing.tiny_models import Shape, build_summarize, build_translate, default_corpus, read_corpus

log = logging.getLogger(__name__)

SAMPLE = PROJECT_ROOT / "data" / "kamerbrieven" / "000_124582cb5ba853ae.txt"
MARIAN_DIR = "opus-mt-nl-en-random"
BART_DIR = "distilbart-cnn-12-6-random"
NUM_BEAMS = 4
_NOTE = ("full-size random weights (real architecture) for benchmarks only; output is nonsense by design")


def forced_new_tokens(longest_source_tokens: int) -> int:
    """Tokens every row of a call decodes: as many as the call's longest source has (</s> included).

    A fixed function of the source length, applied identically to every engine (the real model's
    English output is about as long, in pieces, as its Dutch input)."""
    return longest_source_tokens


# ------------------------------------------------------------------------------------ checkpoints


def bench_models_ready(folder: Path) -> bool:
    for name in (MARIAN_DIR, BART_DIR):
        path = folder / name
        if not (path / "config.json").is_file() or not conversion_is_current(path / "ctranslate2", fingerprint(path)):
            return False
    return True


def build_bench_models(folder: Path, seed: int = 0) -> dict[str, Path]:
    """Build (or reuse) the full-size random checkpoints and their CTranslate2 conversions."""
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
        progress(f"  built {target} in {time.perf_counter() - started:.0f} s")
    return targets


# --------------------------------------------------------------------------------------- helpers


class ForcedLengths:
    """Wraps a backend so every call decodes a fixed length (see benchmarks/bench.py); the backend
    interface (pipeline/models/backends.py), decoding changes included."""

    def __init__(self, inner: Any, mode: str) -> None:
        self.inner, self.mode = inner, mode  # mode: "translate" (forced_new_tokens) | "summarize" (max)
        self.info, self.position_limit, self.name = inner.info, inner.position_limit, inner.name
        self.decoding = inner.decoding

    def with_decoding(self, **settings: Any) -> ForcedLengths:
        return ForcedLengths(self.inner.with_decoding(**settings), self.mode)

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


def progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def letter_sentences() -> tuple[list[str], str]:
    """The sample letter's distinct sentences, segmented by the pipeline (regex fallback)."""
    try:
        cfg = load_config()
        doc = segment(ingest(SAMPLE, cfg.ingest), cfg.segment)
        sentences = list(dict.fromkeys(s for s in doc.iter_sentences() if s.strip()))
        if sentences:
            return sentences, "pipeline ingest+segment"
    except Exception as exc:  # the benchmark must not depend on another stage's health
        log.warning("segmentation failed (%s); splitting sentences with a regex", exc)
    text = " ".join(SAMPLE.read_text(encoding="utf-8").split())
    return list(dict.fromkeys(s for s in re.split(r"(?<=[.!?])\s+", text) if s.strip())), "regex"


def bench_config(models: Path, backend: str, threads: int) -> Any:
    return load_config(None, [f"translate.model={models / MARIAN_DIR}", f"summarize.model={models / BART_DIR}",
                              f"translate.backend={backend}", f"summarize.backend={backend}",
                              "translate.device=cpu", "summarize.device=cpu", f"translate.num_beams={NUM_BEAMS}",
                              f"summarize.num_beams={NUM_BEAMS}", f"threads={threads}", "cache.enabled=false"])


def bench_backend(cfg: Any, purpose: str) -> Any:
    models_dir = Path(cfg.models_dir)
    spec = getattr(cfg, purpose)
    return load_backend(resolve(purpose, spec, models_dir), spec, cfg.threads, models_dir)
