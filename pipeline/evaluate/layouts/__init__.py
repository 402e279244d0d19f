"""Parts of the layout generator (`pipeline.evaluate.layouts.generator`): words and line breaking, the letter's
furniture, page composition, and one renderer per output format (plain text, HTML, PDF).

Independent of the extractor on purpose: nothing here imports `pipeline.stages.ingest` or `pipeline.stages.segment`.
"""
