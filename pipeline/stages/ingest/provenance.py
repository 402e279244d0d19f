"""What every reader stamps on a freshly read letter: the stage's name (in provenance and in every
InputError) and the provenance itself (pipeline version, the input's sha256)."""

from __future__ import annotations

import hashlib

import pipeline
from pipeline.document import Provenance

STAGE = "ingest"


def ingest_provenance(data: bytes) -> Provenance:
    """Provenance of a freshly ingested letter: pipeline version, the input's sha256, stage ingest."""
    return Provenance(pipeline_version=pipeline.__version__, input_sha256=hashlib.sha256(data).hexdigest(),
                      stages=[STAGE])
