"""The one runner: a letter through a list of stages (pipeline.stages.PIPELINE, or a part of it).

For each stage it checks the letter's deadline, calls the stage (under `Deadline.enforced` when the
stage writes nothing, so a slow text algorithm cannot hold the batch past the letter's limit),
records the stage in `provenance.stages` once, and logs its time (at debug).
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Sequence
from pathlib import Path

from pipeline.document import Document
from pipeline.models.deadline import Deadline
from pipeline.stages import Stage

log = logging.getLogger(__name__)


def run_stages(stages: Sequence[Stage], letter: Path | Document, deadline: Deadline) -> Document:
    """`letter` (a path when the list starts with ingest, else a Document) through `stages`."""
    doc = letter
    for stage in stages:
        deadline.check(stage.name)  # names the stage a LimitError or a crash is reported in
        started = time.perf_counter()
        with deadline.enforced() if stage.stoppable else contextlib.nullcontext():
            doc = stage(doc, deadline)
        if stage.name not in doc.provenance.stages:
            doc.provenance.stages.append(stage.name)
        log.debug("%s: %s in %.3f s", doc.source, stage.name, time.perf_counter() - started)
    return doc  # type: ignore[return-value]  # a Document once any stage ran


def close_stages(stages: Sequence[Stage]) -> None:
    """Let every stage release what it holds (the translation cache), once, when the run ends."""
    for stage in stages:
        stage.close()
