"""The benchmark's fairness device: forced decode lengths make both engines do the same work."""

from __future__ import annotations

import pytest

from benchmarks.bench_setup import ForcedLengths, forced_new_tokens, peak_rss_mb
from tests.conftest import BACKENDS, load_tiny_backend

pytestmark = pytest.mark.filterwarnings("ignore:Recommended. pip install sacremoses")


def test_forced_lengths_make_engines_decode_the_same_number_of_tokens(tiny_config):
    texts = ["De Europese Raad sprak over Oekraïne.", "Nederland steunt dit.", "Het kabinet is tevreden over de uitkomst."]
    done = {}
    for name in BACKENDS:
        backend, _ = load_tiny_backend(tiny_config, "translate", name)
        longest = max(backend.token_counts(texts)) + 1
        before = backend.generated_tokens
        out = ForcedLengths(backend, "translate").translate_batch(texts, max_new_tokens=999)
        assert len(out) == len(texts)
        done[name] = backend.generated_tokens - before
        assert done[name] == len(texts) * forced_new_tokens(longest), name
    assert len(set(done.values())) == 1


def test_forced_summaries_run_to_their_maximum(tiny_config):
    for name in BACKENDS:
        backend, _ = load_tiny_backend(tiny_config, "summarize", name)
        before = backend.generated_tokens
        ForcedLengths(backend, "summarize").translate_batch(["The council met. " * 5], max_new_tokens=12)
        assert backend.generated_tokens - before == 12, name


def test_peak_rss_is_measured():
    assert peak_rss_mb() > 10
