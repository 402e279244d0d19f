"""Kamerbrieven → English briefing notes.

Stages (each a module with one job, Document in, Document out):
ingest → segment → classify → translate → summarize → render; evaluate scores the results.
"""

__version__ = "0.1.0"
