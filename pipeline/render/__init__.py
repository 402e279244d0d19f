"""Render: a letter's Document as briefing notes, and the batch's index.

  view.py       the note's view model, built once from the Document (and the index's entries)
  markdown.py   the .md note and index.md, from templates/*.md.j2 (every value escaped by md_text)
  html.py       the .html note and index.html, from templates/*.html.j2 and *.css (autoescaped)
  docx.py       the .docx note, with python-docx, from the same view model
  escape.py     the escaping itself: Markdown, HTML, Word's XML
  notes.py      write_note: one renderer per output format
  files.py      atomic file writing
"""
