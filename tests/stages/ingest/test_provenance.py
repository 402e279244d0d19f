"""The provenance every reader stamps on a freshly read letter."""

from __future__ import annotations

import hashlib

import pipeline
from pipeline.stages.ingest.provenance import STAGE, ingest_provenance


def test_provenance_records_version_input_hash_and_the_ingest_stage():
    data = "Geachte voorzitter,".encode()
    provenance = ingest_provenance(data)
    assert provenance.pipeline_version == pipeline.__version__
    assert provenance.input_sha256 == hashlib.sha256(data).hexdigest()
    assert provenance.stages == [STAGE] == ["ingest"]


def test_each_input_gets_its_own_hash():
    assert ingest_provenance(b"a").input_sha256 != ingest_provenance(b"b").input_sha256
