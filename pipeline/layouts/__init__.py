"""Parts of the layout generator (`pipeline.layout_generator`): words and line breaking, the letter's
furniture, page composition, and one renderer per output format (plain text, HTML, PDF).

Independent of the extractor on purpose: nothing here imports `pipeline.ingest` or `pipeline.segment`.
"""
