"""Kamerbrieven → English briefing notes.

The pipeline is one list of stages (`pipeline.stages.PIPELINE`), each a module with one job,
Document in, Document out, run by one runner (`pipeline.stages.runner`):

    ingest → segment → classify → keyfacts → translate (with the fidelity checks) → summarize

then render writes the notes (`pipeline.render`), an engine runs the list over a batch
(`pipeline.engines`), and evaluate measures the results against gold (`pipeline.evaluate`).
docs/ARCHITECTURE.md is the map of the package.
"""

__version__ = "0.1.0"
