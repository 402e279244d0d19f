"""The HTML and .docx notes: content, escaping of untrusted text, structure (the batch pages: test_batch_*.py)."""

from __future__ import annotations

import io
import re
from html.parser import HTMLParser

import pytest

from pipeline.document import Document, Flag, Footnote, KeyFact, Metadata, ModelInfo, Paragraph, Provenance, Section
from pipeline.render.docx import render_docx
from pipeline.render.escape import linkify
from pipeline.render.html import render_html
from pipeline.render.notes import write_note

EVIL = '<script>alert("x")</script>&<img src=x onerror=alert(1)>'


def _doc(tiny: bool = False, evil: str = "") -> Document:
    return Document(
        source=f"brief{evil}.txt",
        metadata=Metadata(title=f"Verslag van de Europese Raad{evil}", title_en=f"Report of the European Council{evil}",
                          date="2023-12-15", document_type="verslag", sender=f"Minister van Buitenlandse Zaken{evil}",
                          kamerstuk="21 501-20, nr. 2003"),
        sections=[
            Section(id="s1", heading=None, level=1, topic="International Affairs", role="introduction",
                    topic_scores={"International Affairs": 0.75, "Defense": 0.25},
                    paragraphs=[Paragraph(text="Eerste zin. Tweede zin" + evil, sentences=["Eerste zin.", "Tweede zin" + evil],
                                          sentences_en=["First sentence.", "Second sentence" + evil],
                                          text_en="First sentence. Second sentence" + evil, footnote_refs=[1])],
                    summary_en="Intro summary" + evil),
            Section(id="s2", heading="Migratie" + evil, heading_en="Migration" + evil, level=1, topic="Immigration",
                    role="decision_or_outcome", summary_en="Migration summary.", summary_chunks=2,
                    role_scores={"decision_or_outcome": 0.6, "mixed": 0.4},
                    paragraphs=[Paragraph(text="Over asiel.", sentences=["Over asiel."], sentences_en=["On asylum."],
                                          text_en="On asylum."),
                                Paragraph(text="Niet vertaald.", sentences=["Niet vertaald."])]),
        ],
        footnotes=[Footnote(n=1, text="Zie https://www.consilium.europa.eu/nl/x?a=1&b=2.",
                            text_en="See https://www.consilium.europa.eu/nl/x?a=1&b=2." + evil)],
        key_facts=[KeyFact(kind="decision", text_nl="Over asiel.", text_en="On asylum.", section_id="s2", paragraph=0,
                           sentence=0),
                   KeyFact(kind="money", text_nl="Tweede zin" + evil, text_en="Second sentence", section_id="s1",
                           paragraph=0, sentence=1, value="€ 5 miljard" + evil)],
        summary_en="Letter summary" + evil,
        provenance=Provenance(pipeline_version="9.9", config_hash="abc",
                              models={"translate": ModelInfo(id="m/t" + evil, tiny=tiny, revision="r1")}),
        warnings=["odd" + evil],
    )


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def _tags(html: str) -> list[tuple[str, dict]]:
    parser = _Collector()
    parser.feed(html)
    return parser.tags


def test_html_note_has_every_part_in_order():
    html = render_html(_doc())
    parts = ['<h1 id="title" lang="nl">Verslag van de Europese Raad', "Report of the European Council",
             'id="legend"', "<dt>Date</dt><dd>2023-12-15", "<dt>Sender</dt><dd>Minister van Buitenlandse Zaken",
             "<dt>Kamerstuk</dt><dd>21 501-20, nr. 2003", "<dt>Topics</dt><dd>Immigration, International Affairs",
             'href="https://zoek.officielebekendmakingen.nl/kst-21501-20-2003.html"', "Letter summary",
             "<h2>Headline points</h2>", "<h2>Commitments and dates</h2>", 'id="appendix"', "Appendix A: every key fact",
             ">Decisions</h3>", ">Money</h3>", "€ 5 miljard", ">§1 (opening", "Topic: International Affairs",
             "Intro summary", '<details class="translation">', '<td lang="nl">Eerste zin.</td><td lang="en" class="machine">First sentence.',
             'class="section-heading" lang="nl">§2 Migratie', "Migration", "Role: Decision / outcome", "summarized in 2 chunks",
             "(not translated)", "<h2>Footnotes</h2>", 'id="fn-1"', "m/t", "config abc"]
    positions = [html.index(p) for p in parts]
    assert positions == sorted(positions)
    assert "(cue shares: International Affairs 75%, Defense 25%)" in html  # the why is text, not a tooltip
    assert "(cue shares: Decision / outcome 60%, Mixed 40%)" in html
    assert '<a href="#fn-1" id="ref-1">1</a>' in html  # footnote marker after the paragraph's last sentence
    assert "nonsense by design" not in html and 'id="tiny-banner"' not in html
    assert "@media print" in html and "size:A4" in html and "<link" not in html and "src=" not in html


def test_html_key_points_put_the_dutch_first_and_link_the_section_by_number_and_dutch_heading():
    html = render_html(_doc())
    row = re.search(r'<table class="facts kind-decision">.*?</table>', html, re.S).group(0)
    assert "Value" not in row  # decisions carry no value column
    assert '<p class="nl" lang="nl">Over asiel.</p><p class="en machine" lang="en">' in row
    assert '<a href="#sec-s2" lang="nl">§2 Migratie' in row and ">Migration<" not in row
    money = re.search(r'<table class="facts kind-money">.*?</table>', html, re.S).group(0)
    assert "Value" in money and "€ 5 miljard" in money
    assert "<details><summary>All 2 key facts, by kind</summary>" in html  # the full list is collapsed


def test_html_tiny_banner():
    html = render_html(_doc(tiny=True))
    assert 'id="tiny-banner"' in html and "nonsense by design" in html


def test_html_escapes_every_untrusted_field():
    html = render_html(_doc(evil=EVIL))
    scripts = [attrs for tag, attrs in _tags(html) if tag == "script"]
    assert len(scripts) == 1  # only the note's own print script
    assert not [t for t, _ in _tags(html) if t == "img"]
    assert "<script>alert" not in html and "onerror=alert(1)>" not in html
    assert html.count("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&lt;img") >= 10
    # the CSP lets nothing external in and only the note's own script run
    csp = next(a["content"] for t, a in _tags(html) if t == "meta" and a.get("http-equiv") == "Content-Security-Policy")
    assert "default-src 'none'" in csp and "script-src 'sha256-" in csp


def test_linkify_only_http_urls_and_escapes_them():
    assert linkify("zie https://a.nl/x?a=1&b=2.") == ('zie <a href="https://a.nl/x?a=1&amp;b=2" rel="noopener noreferrer">'
                                                     "https://a.nl/x?a=1&amp;b=2</a>.")
    assert "<a" not in linkify("javascript:alert(1) en data:text/html,x")
    out = linkify('https://a.nl/"onmouseover=alert(1)')
    assert 'href="https://a.nl/"' in out and "onmouseover=alert(1)" in out and '"onmouseover' not in out
    assert linkify("a\x00b\x0bc") == "abc"  # control characters dropped


def test_html_footnote_links_are_clickable():
    html = render_html(_doc())
    hrefs = [a["href"] for t, a in _tags(html) if t == "a" and a["href"].startswith("https://www.consilium")]
    assert hrefs == ["https://www.consilium.europa.eu/nl/x?a=1&b=2"] * 2  # Dutch and English text


def test_docx_note_content():
    docx = pytest.importorskip("docx")
    word = docx.Document(io.BytesIO(render_docx(_doc(tiny=True, evil=EVIL + "\x00\x0b"))))
    headings = [(p.style.name, p.text) for p in word.paragraphs if p.style.name.startswith(("Heading", "Title"))]
    assert headings[0] == ("Title", "Verslag van de Europese Raad" + EVIL)
    names = [text for _, text in headings]
    assert names[1:5] == ["Summary", "Headline points", "Commitments and dates", "Appendix A: every key fact"]
    assert names[5:] == ["Decisions", "Money", "Appendix B: the letter, section by section",
                         "§1 (opening, before the first heading)", "§2 Migratie" + EVIL, "Footnotes",
                         "Warnings"]
    text = "\n".join(p.text for p in word.paragraphs)
    assert "nonsense by design" in text and "Letter summary" + EVIL in text and "Provenance" in text
    assert "[Machine] Report of the European Council" + EVIL in text
    bullets = [p.text for p in word.paragraphs if p.style.name == "List Bullet"]
    assert bullets[0] == "Decision (§2 Migratie" + EVIL + ")"
    assert bullets[1] == "Money: € 5 miljard" + EVIL + " (§1 (opening, before the first heading))"
    meta, first, second = word.tables
    assert [r.cells[0].text for r in meta.rows][:3] == ["Date", "Sender", "Kamerstuk"]
    assert [[c.text for c in r.cells] for r in first.rows] == [
        ["Dutch original [Letter]", "English [Machine]"], ["Eerste zin.", "First sentence."],
        ["Tweede zin" + EVIL, "Second sentence" + EVIL + " [1]"]]
    assert [[c.text for c in r.cells] for r in second.rows][1:] == [["Over asiel.", "On asylum."],
                                                                    ["Niet vertaald.", "(not translated)"]]


def test_write_note_all_formats(tmp_path):
    written = write_note(_doc(), tmp_path, "brief", ["md", "json", "html", "docx"])
    assert [p.name for p in written] == ["brief.md", "brief.html", "brief.docx", "brief.json"]  # JSON last
    assert (tmp_path / "brief.docx").read_bytes()[:2] == b"PK"
    assert (tmp_path / "brief.html").read_text("utf-8").startswith("<!DOCTYPE html>")
    assert not list(tmp_path.glob(".*.tmp"))


def test_sample_note_renders_every_section(tmp_path):
    from tests.sample_note import sample_note

    doc = sample_note()
    html = render_html(doc)
    headings = re.findall(r'<h[3-6] class="section-heading" lang="nl">(.*?)</h', html)
    assert len(headings) == len(doc.sections) and any("Uitbreiding" in h for h in headings)
    assert html.count('<details class="translation">') == len(doc.content_sections())
    assert html.count('<tr class="fact">') == len({(f.section_id, f.paragraph, f.sentence, f.kind) for f in doc.key_facts})


def _flagged_doc() -> Document:
    paragraph = Paragraph(text="Een. Twee.", sentences=["Een.", "Twee."], sentences_en=["One.", "Two."],
                          text_en="One. Two.", flags=[Flag(sentence=1, kind="number", detail="lost <5 miljard>"),
                                                      Flag(sentence=1, kind="glossary", detail="House missing")])
    return Document(source="x.txt", metadata=Metadata(title="Brief"), provenance=Provenance(pipeline_version="t"),
                    sections=[Section(id="s1", heading="Kop", level=1, paragraphs=[paragraph])],
                    warnings=["Check title: degenerate: loop", "Check heading 'Kop': number: '3' lost"])


def test_fidelity_flags_show_their_reasons_as_text_in_html():
    page = render_html(_flagged_doc())
    badges = re.findall(r'<span class="check" role="note"><strong>⚠ Check:</strong> ([^<]*)</span>', page)
    # one badge per flagged sentence with all its reasons, the title's and the heading's beside them
    assert badges == ["degenerate: loop", "number: &#x27;3&#x27; lost", "number: lost &lt;5 miljard&gt;; glossary: House missing"]
    assert page.index("Two.") < page.index("number: lost &lt;5") and "title=" not in page.split("<main>")[1]
    assert page.index("degenerate: loop") < page.index('id="legend"')  # on the title, not in the footer


def test_fidelity_flags_show_in_the_word_note():
    import docx

    word = docx.Document(io.BytesIO(render_docx(_flagged_doc())))
    cells = [c.text for t in word.tables for row in t.rows for c in row.cells]
    assert "Two. ⚠ Check: number: lost <5 miljard>; glossary: House missing" in cells and "One." in cells
    assert word.paragraphs[0].text == "Brief ⚠ Check: degenerate: loop"
    assert any(p.text == "§1 Kop ⚠ Check: number: '3' lost" for p in word.paragraphs)


def _headline_doc(headline: int = 10, facts: int = 14) -> Document:
    doc = _doc()
    doc.key_facts = [KeyFact(kind="money", text_nl=f"Zin {i}.", text_en=f"Sentence {i}.", section_id="s2", paragraph=0,
                             sentence=i, value=f"€ {i} miljoen", importance=float(facts - i), headline=i < headline)
                     for i in range(facts)]
    return doc


def test_html_headline_points_show_value_dutch_english_and_section():
    page = render_html(_headline_doc())
    headline = re.search(r'<ol class="headline">(.*?)</ol>', page, re.S).group(1)
    points = re.findall(r'<strong class="value">([^<]*)</strong>', headline)
    assert points == [f"€ {i} miljoen" for i in range(10)]
    assert headline.count('<p class="nl" lang="nl"><span class="tag tag-letter">Letter</span> Zin') == 10
    assert headline.count('<span class="tag tag-machine">Machine</span> Sentence') == 10
    assert headline.count('<a href="#sec-s2" lang="nl">§2 Migratie</a>') == 10
    legend = re.search(r'<dl class="legend".*?</dl>', page, re.S).group(0)
    assert "Letter" in legend and "Machine" in legend and "⚠ Check" in legend


def test_docx_is_a4_with_the_executive_view_before_the_appendix():
    docx = pytest.importorskip("docx")
    from docx.shared import Mm

    word = docx.Document(io.BytesIO(render_docx(_headline_doc())))
    for section in word.sections:
        assert (round(section.page_width / Mm(1)), round(section.page_height / Mm(1))) == (210, 297)
        assert 10 <= round(section.left_margin / Mm(1)) <= 25
    numbered = [p.text for p in word.paragraphs if p.style.name == "List Number"]
    assert numbered == [f"Money: € {i} miljoen (§2 Migratie)" for i in range(10)]
    texts = [p.text for p in word.paragraphs]
    assert texts.index("[Letter] Zin 0.") == texts.index(numbered[0]) + 1
    assert texts[texts.index("[Letter] Zin 0.") + 1] == "[Machine] Sentence 0."
    legend = [t for t in texts if t.startswith(("[Letter] verbatim", "[Machine] made by a model"))]
    assert len(legend) == 2 and texts.index(legend[0]) < texts.index("Summary")
    page_break = next(i for i, p in enumerate(word.paragraphs) if 'w:br w:type="page"' in p._p.xml)
    assert texts.index("Commitments and dates") < page_break < texts.index("Appendix A: every key fact")


def test_a_field_the_official_record_contradicts_is_flagged_beside_it_in_every_format():
    from pipeline.document import OfficialRecord
    from pipeline.render.markdown import render_markdown

    doc = _doc()
    doc.official = OfficialRecord(id="x", url="https://zoek.officielebekendmakingen.nl/kst-1-2.html", date="2023-12-18",
                                  source="officielebekendmakingen", fetched_at="now", sha256="0", mismatches=["date"])
    said = "the official record says: 2023-12-18"
    assert f'<dt>Date</dt><dd>2023-12-15 <span class="check" role="note"><strong>⚠ Check:</strong> {said}</span>' \
        in render_html(doc)
    assert f"| Date | 2023-12-15 **⚠ Check:** {said} |" in render_markdown(doc)
    docx = pytest.importorskip("docx")
    meta = docx.Document(io.BytesIO(render_docx(doc))).tables[0]
    assert [r.cells[1].text for r in meta.rows][0] == f"2023-12-15 ⚠ Check: {said}"
