"""Outputs are safe wherever they are viewed (issue #12): text from a letter or a file name, in any
field of the Document, never becomes active content in a .md or .html note or an index, and never
changes their structure (headings, table rows and cells, list items).

Hypothesis draws arbitrary text mixed with the payloads an attacker would try (script and img tags,
javascript:/data: links in Markdown and autolink form, table pipes, line breaks that open headings,
quotes or lists, control characters); every field of the Document gets its own draw.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import unquote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.names import safe_stem
from pipeline.document import Document, Flag, Footnote, KeyFact, Metadata, ModelInfo, Paragraph, Provenance, Section
from pipeline.render.escape import md_text, md_url
from pipeline.render.batch_html import index_script, render_batch_index_html, render_commitments_html, render_dossiers_html
from pipeline.render.batch_markdown import render_batch_index_md, render_commitments_md
from pipeline.render.batch_view import letter_entry
from pipeline.render.markdown import render_markdown
from pipeline.render.html import PRINT_SCRIPT, render_html

PROPERTY = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])

PAYLOADS = [
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "[x](javascript:alert(1))",
    "[x](data:text/html;base64,PHNjcmlwdD4=)", "<javascript:alert(1)>", "![i](javascript:alert(1))",
    "\n# forged heading\n", "\n> quote", "\n- item", "\n1. item", "| a | b |", "\n| x | y |\n",
    "</details><script>x</script>", "<svg onload=alert(1)>", "\x1b[31mred\x1b[0m\x07", "`code`",
    "&lt;script&gt;", "<a href=\"javascript:x\">a</a>", "\r\n## h\r\n", "\u2028# h", "    indented code",
    "<!-- c -->", "<iframe src=//evil>", "[^1]: forged note", "***", "---", "https://example.org/a_(b)",
    "<https://ok.example/x>", "\\", "\\<script>",
]
TEXT = st.one_of(st.text(max_size=40), st.sampled_from(PAYLOADS),
                 st.lists(st.one_of(st.text(max_size=10), st.sampled_from(PAYLOADS)), max_size=4).map("".join))
MAYBE = st.none() | TEXT


@st.composite
def documents(draw) -> Document:
    def paragraph() -> Paragraph:
        sentences = draw(st.lists(TEXT, min_size=1, max_size=2))
        english = draw(st.none() | st.lists(TEXT, min_size=len(sentences), max_size=len(sentences)))
        return Paragraph(text=" ".join(sentences), sentences=sentences, sentences_en=english,
                         text_en=" ".join(english) if english is not None else draw(MAYBE),
                         footnote_refs=draw(st.lists(st.integers(1, 3), max_size=2)),
                         flags=[Flag(sentence=0, kind="number", detail=draw(TEXT))] if draw(st.booleans()) else None)

    sections = [Section(id=f"s{i}", heading=draw(MAYBE), heading_en=draw(MAYBE), level=draw(st.integers(1, 3)),
                        topic=draw(MAYBE), summary_en=draw(MAYBE),
                        paragraphs=[paragraph() for _ in range(draw(st.integers(0, 2)))])
                for i in range(draw(st.integers(1, 3)))]
    facts = []
    for kind in draw(st.lists(st.sampled_from(["decision", "money", "reference", "date"]), max_size=3)):
        section = sections[0]
        facts.append(KeyFact(kind=kind, text_nl=draw(TEXT), text_en=draw(MAYBE), section_id=section.id,
                             paragraph=0, sentence=0, value=draw(MAYBE)))
    return Document(
        source=draw(TEXT) or "x.txt",
        metadata=Metadata(title=draw(MAYBE), title_en=draw(MAYBE), date=draw(MAYBE), document_type=draw(MAYBE),
                          sender=draw(MAYBE), kamerstuk=draw(MAYBE), questioners=draw(st.none() | st.lists(TEXT, max_size=2)),
                          questions_date=draw(MAYBE)),
        sections=sections, key_facts=facts,
        footnotes=[Footnote(n=n, text=draw(TEXT), text_en=draw(MAYBE)) for n in range(1, draw(st.integers(0, 2)) + 1)],
        summary_en=draw(MAYBE), warnings=draw(st.lists(TEXT, max_size=2)),
        provenance=Provenance(pipeline_version="test", config_hash=draw(MAYBE),
                              models={"translate": ModelInfo(id=draw(TEXT) or "m", revision=draw(MAYBE))}))


# --- what "active" means -------------------------------------------------------------------------

# The only raw HTML a Markdown note may carry is its own collapsible translation block; autolinks
# `<http(s)://…>` are links, checked separately.
_OWN_MD_TAGS = {"<details>", "</details>", "<summary>", "</summary>"}
_RAW_TAG = re.compile(r"<[A-Za-z/!?][^>\n]*>?")


def _unescaped(text: str, char: str) -> list[int]:
    """Positions of `char` in Markdown source not escaped by an odd run of backslashes."""
    positions = []
    for match in re.finditer(re.escape(char), text):
        run = len(text[:match.start()]) - len(text[:match.start()].rstrip("\\"))
        if run % 2 == 0:
            positions.append(match.start())
    return positions


def assert_inert_markdown(md: str, allowed_targets: set[str] = frozenset()) -> None:
    for tag in _RAW_TAG.findall(md):
        if tag in _OWN_MD_TAGS:
            continue
        assert re.match(r"<https?://[^\s<>]+>$", tag), f"raw HTML or a non-http(s) autolink: {tag!r}"
    assert "\x1b" not in md and "\x07" not in md and "\r" not in md
    # Inline links and images: `](` after an unescaped `]`; only the index links, to its notes.
    for pos in _unescaped(md, "]("):
        target = md[pos + 2:md.index(")", pos)]
        assert re.fullmatch(r"[\w%./~-]+", target) and unquote(target) in allowed_targets, f"link to {target!r}"
    assert not re.search(r"<\s*(?:javascript|data|vbscript):", md, re.IGNORECASE)


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts.append(data)


def assert_inert_html(page: str, own_script: str | None) -> None:
    """`own_script`: the page's one script, or None for a page that has none."""
    parser = _Tags()
    parser.feed(page)
    assert parser.scripts == ([own_script] if own_script is not None else []), "a script other than the page's own"
    for tag, attrs in parser.tags:
        assert tag not in {"img", "iframe", "object", "embed", "form", "base", "link", "frame", "math"}, tag
        for name, value in attrs:
            assert not name.startswith("on"), (tag, name, value)
            if name in {"href", "src", "action", "formaction", "xlink:href"}:
                assert re.match(r"(?:https?://|#|[\w.-]+\.(?:html|md|ics)(?:#[\w-]+)?$)", value or ""), (tag, name, value)


def _headings(md: str) -> list[str]:
    return [line for line in md.splitlines() if line.startswith("#")]


# --- properties ----------------------------------------------------------------------------------

@PROPERTY
@given(documents())
def test_markdown_note_is_inert_and_keeps_its_structure(doc):
    md = render_markdown(doc)
    assert_inert_markdown(md)
    key_point_groups = len({f.kind for f in doc.key_facts})
    # title; summary, headline points, commitments and dates; appendix A (every key fact, by kind); appendix B
    expected = (1 + 3 + (1 + key_point_groups if doc.key_facts else 0) + 1 + len(doc.sections)
                + (1 if doc.footnotes else 0))
    assert len(_headings(md)) == expected, _headings(md)
    table = [line for line in md.splitlines() if line.startswith("| ")]
    assert all(len(_unescaped(row, "|")) == 3 for row in table), table  # two cells per metadata row
    assert md.count("<details>") == md.count("</details>") == sum(1 for s in doc.sections if s.paragraphs)


@PROPERTY
@given(documents())
def test_html_note_is_inert(doc):
    assert_inert_html(render_html(doc), PRINT_SCRIPT)


@PROPERTY
@given(st.lists(st.tuples(TEXT, documents()), max_size=4), st.dictionaries(TEXT, TEXT, max_size=4))
def test_batch_pages_rows_and_cells_survive_any_text(letters, failures):
    entries = [letter_entry(safe_stem(stem) + f"-{i}", doc) for i, (stem, doc) in enumerate(letters)]
    md = render_batch_index_md(entries, failures)
    assert_inert_markdown(md, {f"{e.stem}.md" for e in entries})
    lines = md.splitlines()
    header = next(line for line in lines if line.startswith("| Date |"))
    table = [line for line in lines if line.startswith("| ") and line != header]
    assert len(table) == len(entries)
    assert all(len(_unescaped(row, "|")) == len(_unescaped(header, "|")) for row in table), table  # no cell gained or lost
    assert len(_headings(md)) == 1 + (1 if failures else 0)
    assert len([line for line in lines if line.startswith("- ")]) == len(failures)
    assert_inert_markdown(render_commitments_md(entries), {f"{e.stem}.md" for e in entries})
    assert_inert_html(render_batch_index_html(entries, failures), index_script())
    for page in (render_commitments_html(entries), render_dossiers_html(entries)):
        assert_inert_html(page, None)


# --- the escaping itself ---------------------------------------------------------------------------

@pytest.mark.parametrize("text", PAYLOADS)
def test_md_text_is_one_line_with_no_markup(text):
    out = md_text(text)
    assert "\n" not in out and "<" not in out and ">" not in out
    assert not out.startswith(("#", "-", "+", "=", ">")) and not re.match(r"\d+[.)]", out)
    assert not _unescaped(out, "[") and not _unescaped(out, "|") and not _unescaped(out, "`")


def test_md_text_keeps_ordinary_text_readable():
    assert md_text("De minister (BZ) schrijft: 3,5 miljoen.") == "De minister (BZ) schrijft: 3,5 miljoen."
    assert md_text("12. juni") == "12\\. juni"  # would otherwise open an ordered list


def test_only_http_links_become_links():
    assert md_url("https://www.tweedekamer.nl/kamerstukken") == "<https://www.tweedekamer.nl/kamerstukken>"
    for url in ["javascript:alert(1)", "data:text/html,x", "vbscript:x", "ftp://x", "https://a b", "//evil"]:
        assert md_url(url) is None
    assert md_url("https://x.example/a>b") is None  # an autolink would end at the >
    assert md_url("https://x.example/\"q\"") == "<https://x.example/%22q%22>"


def test_hostile_title_and_name_in_a_rendered_note():
    doc = Document(source="brief<img src=x onerror=alert(1)>\n# kop.txt",
                   metadata=Metadata(title="Betreft: <script>alert(1)</script> [x](javascript:alert(1))"),
                   sections=[Section(id="s1", heading="| a | b |", level=1,
                                     paragraphs=[Paragraph(text="x", text_en="\n> quote <svg onload=x>")])],
                   provenance=Provenance(pipeline_version="test"))
    md = render_markdown(doc)
    assert_inert_markdown(md)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in md  # shown as text, not dropped
    assert_inert_html(render_html(doc), PRINT_SCRIPT)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_docx_note_renders_any_text(doc):
    """The .docx note has no active content of its own; it must only never fail on what a letter
    holds (XML forbids control characters and lone surrogates)."""
    from pipeline.render.docx import render_docx

    assert render_docx(doc).startswith(b"PK")
