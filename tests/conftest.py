"""Shared fixtures. Tests never touch the network: the hub client is forced offline and pointed at
an empty cache, so a real model can never be found "by accident" and tests run the same everywhere."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

# Must be set before huggingface_hub is imported anywhere (it reads them at import).
os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["HF_HUB_CACHE"] = tempfile.mkdtemp(prefix="kamerbrief-empty-hf-cache-")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

import pytest  # noqa: E402

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SAMPLES = PROJECT_ROOT / "data" / "kamerbrieven"
SAMPLE_TXT = SAMPLES / "000_124582cb5ba853ae.txt"

# Cases of a parametrized test that are too slow for `make test-fast` (-m "not slow"), where a
# marker on the test function would take every case out of the inner loop.
SLOW_CASES = {
    "tests/engines/test_hostile_inputs.py::test_hostile_input[one-200000-char-line]",  # seconds of ingest
    "tests/engines/test_hostile_inputs.py::test_hostile_input[decompression-bomb-pdf]",  # inflates to the limit
}


@pytest.hookimpl(tryfirst=True)  # before -m deselects
def pytest_collection_modifyitems(items) -> None:
    for item in items:
        if item.nodeid in SLOW_CASES:
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def tiny_models(tmp_path_factory) -> dict[str, Path]:
    """Tiny random-weight checkpoints (real Marian and BART classes), built once per session, each
    with its CTranslate2 conversion (so both backends are tested)."""
    from pipeline.testing.tiny_models import build_tiny_models, default_corpus

    return build_tiny_models(tmp_path_factory.mktemp("tiny-models"), default_corpus())


@pytest.fixture(scope="session")
def tiny_overrides(tiny_models, tmp_path_factory) -> list[str]:
    # The translation cache goes to a temporary folder, never models/cache.sqlite.
    cache = tmp_path_factory.mktemp("cache") / "cache.sqlite"
    return [f"translate.model={tiny_models['translate']}", f"summarize.model={tiny_models['summarize']}",
            "translate.num_beams=2", "summarize.num_beams=2", "summarize.section_max_tokens=24",
            "summarize.letter_max_tokens=32", "threads=1", f"cache.path={cache}"]


@pytest.fixture(scope="session")
def tiny_config(tiny_overrides):
    from pipeline.config import load_config

    return load_config(None, tiny_overrides)


BACKENDS = ["transformers", "ctranslate2"]


def load_tiny_backend(tiny_config, purpose: str, backend: str, **changes):
    """A backend of the tiny `purpose` model ("translate" | "summarize"), on CPU."""
    from pipeline.config import resolve_path
    from pipeline.models.loading import load_backend
    from pipeline.models.resolution import resolve

    spec = getattr(tiny_config, purpose).model_copy(update={"backend": backend, "device": "cpu", **changes})
    models_dir = resolve_path(tiny_config.models_dir)
    resolved = resolve(purpose, spec, models_dir)
    return load_backend(resolved, spec, tiny_config.threads, models_dir), spec


class CountingBackend:
    """Wraps a backend and records every input it is asked to translate (to prove cache hits)."""

    def __init__(self, inner, info=None) -> None:
        self.inner = inner
        self.info = info or inner.info
        self.seen: list[str] = []

    def __getattr__(self, name):
        return getattr(self.inner, name)

    def settings(self):
        return {**self.inner.settings(), "model_info": self.info.model_dump()}

    def with_decoding(self, **settings):
        clone = CountingBackend(self.inner.with_decoding(**settings), self.info)
        clone.seen = self.seen  # one record of every input, retries included
        return clone

    def translate_batch(self, texts, **kwargs):
        self.seen.extend(texts)
        return self.inner.translate_batch(texts, **kwargs)
