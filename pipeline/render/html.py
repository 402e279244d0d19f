"""Render: the self-contained, printable HTML note per letter and the batch's index.html.

Everything that comes from a letter (text, metadata, footnotes, model ids) is untrusted: it is escaped
with html.escape on the way out, only http(s) URLs become links, and the pages carry a Content
Security Policy that allows no external asset and only their own inline script (by hash).
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections import Counter
from html import escape

from pipeline.document import Document, Paragraph, Section
from pipeline.render.markdown import (IndexEntry, _one_line, key_fact_groups, question_rows, section_badges,
                             sentence_pairs)

# XML 1.0 forbids these (python-docx refuses them); in HTML they are noise at best.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
_URL = re.compile(r"https?://[^\s<>\"'`]+", re.IGNORECASE)


def clean(text: str | None) -> str:
    return _CONTROL.sub("", text or "")


def esc(text: str | None) -> str:
    return escape(clean(text), quote=True)


def linkify(text: str | None) -> str:
    """Escape `text` and turn the http(s) URLs in it into links (trailing punctuation stays text)."""
    text = clean(text)
    out, pos = [], 0
    for match in _URL.finditer(text):
        url = match.group(0)
        stripped = url.rstrip(".,;:!?)]}")
        out.append(escape(text[pos:match.start()]))
        out.append(f'<a href="{escape(stripped, quote=True)}" rel="noopener noreferrer">{escape(stripped)}</a>')
        out.append(escape(url[len(stripped):]))
        pos = match.end()
    out.append(escape(text[pos:]))
    return "".join(out)


def _csp(script: str | None) -> str:
    script_src = "'none'"
    if script:
        digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
        script_src = f"'sha256-{digest}'"
    return (f"default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src {script_src}; "
            "base-uri 'none'; form-action 'none'")


_CSS = """
:root{--ink:#1d232b;--muted:#5b6571;--line:#d5dbe1;--accent:#154273;--soft:#f2f5f8;--warn:#8a1c1c}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0 auto;max-width:60rem;padding:1.5rem;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,
 "Helvetica Neue",Arial,sans-serif;color:var(--ink);background:#fff;overflow-wrap:anywhere}
h1{font-size:1.7rem;line-height:1.25;margin:.2rem 0}
h2{font-size:1.3rem;border-bottom:2px solid var(--accent);padding-bottom:.2rem;margin-top:2rem}
h3,h4,h5,h6{font-size:1.1rem;margin:1.4rem 0 .3rem}
a{color:var(--accent)}
.dutch{color:var(--muted);font-style:italic}
.banner{border:2px solid var(--warn);background:#fdecec;color:var(--warn);padding:.6rem .9rem;margin:1rem 0;
 font-weight:600}
dl.meta{display:grid;grid-template-columns:max-content minmax(0,1fr);gap:.2rem 1rem;margin:1rem 0;
 padding:.8rem 1rem;background:var(--soft);border-left:4px solid var(--accent)}
dl.meta dt{font-weight:600}
dl.meta dd{margin:0}
.summary{font-size:1.05rem}
table{border-collapse:collapse;width:100%;table-layout:fixed;margin:.4rem 0 1rem}
th,td{border:1px solid var(--line);padding:.35rem .5rem;vertical-align:top;text-align:left}
th{background:var(--soft)}
table.facts col.value{width:18%}table.facts col.section{width:16%}
.badge{display:inline-block;border-radius:1rem;padding:.05rem .6rem;margin:0 .3rem .3rem 0;font-size:.85rem;
 background:#e3ecf6;color:var(--accent);cursor:help}
.badge.role{background:#eef3e3;color:#3c5a14}
.check{display:inline-block;margin-left:.3rem;padding:0 .4rem;border-radius:.3rem;background:#fff3cd;color:#7a4b00;font-size:.85rem;cursor:help}
details{margin:.5rem 0 1rem;border:1px solid var(--line);border-radius:.3rem;padding:.3rem .6rem}
summary{cursor:pointer;font-weight:600;color:var(--accent)}
table.parallel td:first-child{color:var(--muted)}
table.parallel tr.para-start td{border-top:2px solid var(--accent)}
sup a{text-decoration:none}
ol.footnotes li{margin:.2rem 0}
footer.provenance{margin-top:2.5rem;padding-top:.6rem;border-top:1px solid var(--line);color:var(--muted);
 font-size:.85rem}
.warnings{color:var(--warn)}
@media print{
 body{max-width:none;padding:0;font-size:11pt}
 a{color:inherit}
 details{border:none;padding:0}
 details>summary{list-style:none}
 details::details-content{content-visibility:visible;display:contents}
 h2,h3,h4{break-after:avoid}
 tr,.badge,dl.meta{break-inside:avoid}
 .banner{border-width:1pt}
}
"""

# Opens every collapsed translation before printing (browsers without ::details-content).
_PRINT_SCRIPT = ("addEventListener('beforeprint',function(){document.querySelectorAll('details')"
                 ".forEach(function(d){d.open=true})});")


def _heading(section: Section) -> str:
    return section.heading_en or ("Opening" if section.heading is None else section.heading)


def _section_anchor(section_id: str) -> str:
    return "sec-" + re.sub(r"[^A-Za-z0-9_-]", "_", section_id)


def _refs(paragraph: Paragraph) -> str:
    return "".join(f'<sup><a href="#fn-{int(n)}" id="ref-{int(n)}">{int(n)}</a></sup>'
                   for n in paragraph.footnote_refs)


def _parallel(section: Section) -> list[str]:
    """Dutch | English, paragraph by paragraph; sentence by sentence where both sides align."""
    out = ['<table class="parallel"><thead><tr><th scope="col">Dutch original</th>'
           '<th scope="col">English translation</th></tr></thead><tbody>']
    for paragraph in section.paragraphs:
        refs = _refs(paragraph)
        pairs = sentence_pairs(paragraph)
        for i, (nl, english, flags) in enumerate(pairs):
            cls = ' class="para-start"' if i == 0 else ""
            last = i == len(pairs) - 1
            english_html = esc(english) if english is not None else '<em>(not translated)</em>'
            # Fidelity flags (pipeline.stages.translate.fidelity) on the sentence they concern.
            check = "".join(f' <span class="check" title="{esc(f.kind)}: {esc(f.detail)}">⚠ Check</span>'
                            for f in flags)
            out.append(f'<tr{cls}><td lang="nl">{esc(nl)}</td>'
                       f'<td lang="en">{english_html}{check}{refs if last else ""}</td></tr>')
    out.append("</tbody></table>")
    return out


def _key_points(doc: Document) -> list[str]:
    if not doc.key_facts:
        return []
    sections = {s.id: s for s in doc.sections}
    out = ['<section class="key-points" id="key-points"><h2>Key points</h2>']
    for kind, label, groups in key_fact_groups(doc):
        with_values = any(f.value for facts in groups for f in facts)
        out.append(f'<h3 class="kind-{esc(kind)}">{esc(label)}</h3>')
        out.append(f'<table class="facts kind-{esc(kind)}"><colgroup>'
                   + ('<col class="value">' if with_values else "") + '<col><col><col class="section"></colgroup>'
                   '<thead><tr>' + ('<th scope="col">Fact</th>' if with_values else "")
                   + '<th scope="col">English</th><th scope="col">Dutch original</th><th scope="col">Section</th>'
                   '</tr></thead><tbody>')
        for facts in groups:
            section_id = facts[0].section_id
            values = "; ".join(linkify(f.value) if kind == "reference" else esc(f.value) for f in facts if f.value)
            english = esc(facts[0].text_en) if facts[0].text_en else "<em>(not translated)</em>"
            section = sections.get(section_id)
            where = (f'<a href="#{_section_anchor(section_id)}">{esc(_heading(section))}</a>' if section
                     else esc(section_id))
            value_cell = f'<td class="value"><strong>{values or "—"}</strong></td>' if with_values else ""
            out.append(f'<tr class="fact">{value_cell}<td lang="en">{english}</td>'
                       f'<td lang="nl" class="dutch">{esc(facts[0].text_nl)}</td><td>{where}</td></tr>')
        out.append("</tbody></table>")
    out.append("</section>")
    return out


def tiny_models(doc: Document) -> list[str]:
    return [m.id for m in doc.provenance.models.values() if m.tiny]


def render_html(doc: Document) -> str:
    meta = doc.metadata
    title = meta.title_en or meta.title or doc.source
    topics = sorted({s.topic for s in doc.sections if s.topic})
    out = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
           f'<meta http-equiv="Content-Security-Policy" content="{_csp(_PRINT_SCRIPT)}">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           '<meta name="referrer" content="no-referrer">',
           f"<title>{esc(title)}</title><style>{_CSS}</style></head><body>",
           '<header class="note-header">', f'<h1 id="title">{esc(title)}</h1>']
    if meta.title and meta.title != title:
        out.append(f'<p class="dutch" lang="nl" id="title-nl">{esc(meta.title)}</p>')
    tiny = tiny_models(doc)
    if tiny:
        out.append('<div class="banner" role="alert" id="tiny-banner"><strong>Test output — not a translation.</strong>'
                   f" This note was made with tiny random-weight test models ({esc(', '.join(tiny))}); its English is "
                   "nonsense by design. Configure the real models (<code>make models</code>) for real notes.</div>")
    rows = [("Date", meta.date or "unknown"), ("Sender", meta.sender or "unknown"),
            ("Kamerstuk", meta.kamerstuk or "—"), ("Document type", meta.document_type or "unknown"),
            ("Topics", ", ".join(topics) or "—"), ("Source", doc.source)]
    rows[3:3] = question_rows(meta)
    out.append('<dl class="meta">' + "".join(f"<dt>{esc(k)}</dt><dd>{esc(v)}</dd>" for k, v in rows) + "</dl>")
    out.append("</header><main>")
    out.append('<section id="summary"><h2>Summary</h2>'
               f'<p class="summary">{esc(doc.summary_en) or "<em>No summary (no body text).</em>"}</p></section>')
    out += _key_points(doc)
    out.append('<section id="sections"><h2>The letter, section by section</h2>')
    for section in doc.sections:
        depth = min(6, 2 + section.level)
        out.append(f'<section class="letter-section" id="{_section_anchor(section.id)}">')
        out.append(f'<h{depth} class="section-heading">{esc(_heading(section))}</h{depth}>')
        if section.heading:
            out.append(f'<p class="dutch" lang="nl">Dutch heading: {esc(section.heading)}</p>')
        badges = [f'<span class="badge {name.lower()}" title="{esc(shares or "no cue shares recorded")}">'
                  f"{name}: {esc(label)}</span>" for name, label, shares in section_badges(section)]
        if badges:
            out.append('<p class="badges">' + "".join(badges) + "</p>")
        if section.paragraphs:
            if section.summary_en:
                chunks = (f" <em>(summarized in {int(section.summary_chunks)} chunks)</em>"
                          if (section.summary_chunks or 0) > 1 else "")
                out.append(f'<p class="section-summary"><strong>Summary.</strong> {esc(section.summary_en)}{chunks}</p>')
            out.append("<details><summary>Full translation, with the Dutch original</summary>")
            out += _parallel(section)
            out.append("</details>")
        out.append("</section>")
    out.append("</section>")
    if doc.footnotes:
        out.append('<section id="footnotes"><h2>Footnotes</h2><ol class="footnotes">')
        for fn in doc.footnotes:
            dutch = (f' <span class="dutch" lang="nl">(Dutch: {linkify(fn.text)})</span>'
                     if fn.text_en and fn.text_en != fn.text else "")
            out.append(f'<li id="fn-{int(fn.n)}" value="{int(fn.n)}">{linkify(fn.text_en or fn.text)}{dutch} '
                       f'<a href="#ref-{int(fn.n)}" aria-label="back to text">↩</a></li>')
        out.append("</ol></section>")
    out.append("</main>")
    prov = doc.provenance
    models = "; ".join(f"{k}: {m.id}" + (f"@{m.revision}" if m.revision else "") + (" (tiny)" if m.tiny else "")
                       for k, m in prov.models.items())
    out.append('<footer class="provenance" id="provenance"><p>'
               f"Provenance: kamerbrief-pipeline {esc(prov.pipeline_version)} | models: {esc(models or 'none')} | "
               f"config {esc(prov.config_hash)} | input sha256 {esc((prov.input_sha256 or '')[:12])} | "
               f"created {esc(prov.created or 'unknown')} | long sentences split: {int(prov.long_sentence_splits or 0)}"
               f" | sections summarized in chunks: {int(prov.summary_chunked_sections or 0)}.</p>")
    if doc.warnings:
        out.append('<ul class="warnings">' + "".join(f"<li>{esc(w)}</li>" for w in doc.warnings) + "</ul>")
    out.append("</footer>")
    out.append(f"<script>{_PRINT_SCRIPT}</script></body></html>")
    return "\n".join(out) + "\n"


# --- index.html -------------------------------------------------------------------------------------

_INDEX_CSS = """
*{box-sizing:border-box}
body{margin:0 auto;max-width:72rem;padding:1.5rem;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,Arial,
 sans-serif;color:#1d232b;overflow-wrap:anywhere}
h1{font-size:1.6rem}h2{font-size:1.2rem;margin-top:2rem}
a{color:#154273}
table{border-collapse:collapse;width:100%;table-layout:fixed}
th,td{border:1px solid #d5dbe1;padding:.35rem .5rem;vertical-align:top;text-align:left}
th{background:#f2f5f8}
col.date{width:7.5rem}col.sender{width:12%}col.topics{width:15%}
th button{font:inherit;font-weight:600;border:0;background:none;padding:0;cursor:pointer;color:#154273}
svg.chart{max-width:100%;height:auto}
svg.chart text{font:12px system-ui,Arial,sans-serif;fill:#1d232b}
svg.chart rect{fill:#154273}
.failed{color:#8a1c1c}
@media print{th button{color:inherit}}
"""

# Sorts the rows by their data-date on a click on the Date header; without JS they stay newest first.
_SORT_SCRIPT = ("(function(){var b=document.getElementById('sort-date');if(!b)return;var t=document"
                ".getElementById('letters').tBodies[0],th=b.parentNode;b.addEventListener('click',function(){"
                "var asc=th.getAttribute('aria-sort')!=='ascending';var r=Array.prototype.slice.call(t.rows);"
                "r.sort(function(x,y){var a=x.dataset.date,c=y.dataset.date;return (a<c?-1:a>c?1:0)*(asc?1:-1)});"
                "r.forEach(function(row){t.appendChild(row)});th.setAttribute('aria-sort',asc?'ascending':"
                "'descending')})})();")


def topic_chart(entries: list[IndexEntry]) -> str:
    """An inline SVG bar chart: how many letters touch each topic."""
    counts = Counter(t for e in entries for t in e.topics)
    if not counts:
        return '<p class="no-topics">No topics.</p>'
    items = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    label_w, bar_w, row_h, width = 260, 380, 22, 700
    most = max(counts.values())
    height = row_h * len(items) + 8
    parts = [f'<svg class="chart" role="img" aria-labelledby="chart-title" viewBox="0 0 {width} {height}" '
             f'width="{width}" height="{height}" xmlns="http://www.w3.org/2000/svg">',
             '<title id="chart-title">Letters per topic</title>']
    for i, (topic, n) in enumerate(items):
        y = 4 + i * row_h
        w = max(2, round(bar_w * n / most))
        parts.append(f'<g class="bar" data-topic="{esc(topic)}" data-count="{n}">'
                     f'<text x="{label_w - 8}" y="{y + 15}" text-anchor="end">{esc(_one_line(topic, 38))}</text>'
                     f'<rect x="{label_w}" y="{y + 3}" width="{w}" height="{row_h - 6}"><title>{esc(topic)}: {n}'
                     f'</title></rect><text x="{label_w + w + 6}" y="{y + 15}">{n}</text></g>')
    parts.append("</svg>")
    return "".join(parts)


def render_index_html(entries: list[IndexEntry], failures: dict[str, str], link_ext: str = "html") -> str:
    ordered = sorted(entries, key=lambda e: (e.date or "", e.stem), reverse=True)
    title = "Kamerbrieven — briefing notes"
    out = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
           f'<meta http-equiv="Content-Security-Policy" content="{_csp(_SORT_SCRIPT)}">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           f"<title>{title}</title><style>{_INDEX_CSS}</style></head><body>",
           f"<h1>{title}</h1>",
           f"<p>{len(entries)} letter(s) processed" + (f", {len(failures)} failed" if failures else "") + ".</p>",
           '<table id="letters"><colgroup><col class="date"><col class="title"><col class="sender">'
           '<col class="topics"><col class="summary"></colgroup><thead><tr>'
           '<th scope="col" aria-sort="descending"><button type="button" id="sort-date">Date</button></th>'
           '<th scope="col">Title</th><th scope="col">Sender</th><th scope="col">Topics</th>'
           '<th scope="col">Summary</th></tr></thead><tbody>']
    for e in ordered:
        href = escape(f"{e.stem}.{link_ext}", quote=True)
        out.append(f'<tr data-date="{esc(e.date or "")}"><td>{esc(e.date or "—")}</td>'
                   f'<td><a href="{href}">{esc(_one_line(e.title, 120))}</a></td><td>{esc(e.sender or "—")}</td>'
                   f'<td>{esc(", ".join(e.topics) or "—")}</td><td>{esc(_one_line(e.summary, 200) or "—")}</td></tr>')
    out.append("</tbody></table>")
    out.append('<h2 id="topics">Topics across the batch</h2>')
    out.append(topic_chart(entries))
    if failures:
        out.append('<h2 id="failed">Failed inputs</h2><p>See <code>errors.json</code> for details.</p>'
                   '<ul class="failed">')
        out += [f"<li><code>{esc(name)}</code>: {esc(_one_line(reason, 200))}</li>"
                for name, reason in sorted(failures.items())]
        out.append("</ul>")
    out.append(f"<script>{_SORT_SCRIPT}</script></body></html>")
    return "\n".join(out) + "\n"
