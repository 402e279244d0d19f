"""Semantic HTML: the letter head as paragraphs (the title as the page's h1 when the title is a
heading of its own), section headings h1–h6 by level, paragraphs, footnote markers as superscript
links and the notes as a list, a `Noot` table or paragraphs; sometimes inside site chrome (header,
navigation, breadcrumbs, footer), as pages of tweedekamer.nl, officielebekendmakingen.nl and
rijksoverheid.nl are. No hyphenation: a browser breaks lines, the source does not."""

from __future__ import annotations

import random
import textwrap
from html import escape

from pipeline.evaluate.layouts.flow import Block
from pipeline.evaluate.layouts.letter import HeadLine

IMPLEMENTED = True

_SITES = ["Tweede Kamer der Staten-Generaal", "Officiële bekendmakingen", "Rijksoverheid.nl",
          "Parlementaire Monitor"]
_NAV = ["Home", "Kamerstukken", "Debat en vergadering", "Kamerleden en commissies", "Onderwerpen", "Zoeken",
        "Documenten", "Nieuws", "Contact"]
_FOOTER = ["Naar boven", "Over deze website", "Privacy", "Cookies", "Toegankelijkheid", "Contact",
           "Copyright", "Sitemap"]


def _words_html(block: Block) -> str:
    out = []
    for w in block.words:
        text = escape(w.text)
        for n in w.markers:
            text += f'<sup><a href="#fn{n}" id="fnref{n}" class="nootref">{n}</a></sup>'
        out.append(text)
    return " ".join(out)


def _wrap(text: str, width: int) -> str:
    if not width:
        return text
    return "\n".join(textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False))


def render(gold: dict, blocks: list[Block], head: list[HeadLine], closing: list[HeadLine], p: dict,
           rng: random.Random) -> bytes:
    meta = gold["metadata"]
    title = meta.get("title") or ""
    offset = p["heading_offset"]
    site = rng.choice(_SITES)
    body: list[str] = []
    if p["chrome"]:
        nav = "".join(f'<li><a href="/{k}">{escape(n)}</a></li>' for k, n in enumerate(rng.sample(_NAV, 5)))
        body += [f'<header class="site"><a class="logo" href="/">{escape(site)}</a>',
                 f'<nav class="menu"><ul>{nav}</ul></nav>',
                 '<form role="search"><label for="q">Zoeken</label><input id="q" name="q"></form></header>',
                 '<nav class="breadcrumb"><ol><li><a href="/">Home</a></li><li><a href="/kamerstukken">'
                 f'Kamerstukken</a></li><li>{escape(title[:40])}</li></ol></nav>']
    body.append('<main id="content"><article class="document">')
    title_as_h1 = offset == 1
    # The title as the page heading when level-1 sections are h2; else only in the letter head.
    if title_as_h1 and p["head_style"] != "kamerstuk":
        body.append(f"<h1>{escape(title)}</h1>")
    for line in head:
        if not line.text or (title_as_h1 and p["head_style"] != "kamerstuk" and line.text == title):
            continue  # the title is the page's h1 already
        text = escape(line.text)
        if title_as_h1 and p["head_style"] == "kamerstuk" and line.strong and title in line.text:
            body.append(f'<h1 class="kop">{text}</h1>')
        elif line.strong:
            body.append(f'<p class="kop"><strong>{text}</strong></p>')
        else:
            body.append(f"<p>{text}</p>")
    for block in blocks:
        if block.kind == "label":
            body.append(f'<p class="kop"><strong>{escape(" ".join(w.text for w in block.words))}</strong></p>')
        elif block.kind == "heading":
            level = min(6, block.level + offset)
            body.append(f"<h{level}>{escape(' '.join(w.text for w in block.words))}</h{level}>")
        else:
            body.append(f"<p>{_wrap(_words_html(block), p['source_wrap'])}</p>")
    sign = [escape(c.text) for c in closing if c.text]
    if sign:
        body.append('<p class="ondertekening">' + "<br>\n".join(sign) + "</p>")
    body.append("</article>")
    body += _notes(gold, p, rng)
    body.append("</main>")
    if p["chrome"]:
        links = "".join(f'<li><a href="/{k}">{escape(n)}</a></li>' for k, n in enumerate(rng.sample(_FOOTER, 4)))
        body.append(f'<footer class="site"><ul>{links}</ul><p>© {escape(site)}</p></footer>')
        body.append('<script>window.dataLayer = window.dataLayer || [];</script>')
    head_html = [f"<title>{escape(title)}{' | ' + escape(site) if p['chrome'] else ''}</title>"]
    if rng.random() < 0.4:
        head_html.append(f'<meta name="DC.title" content="{escape(title, quote=True)}">')
    doc = ("<!DOCTYPE html>\n<html lang=\"nl\">\n<head>\n<meta charset=\"utf-8\">\n" + "\n".join(head_html)
           + "\n</head>\n<body>\n" + "\n".join(body) + "\n</body>\n</html>\n")
    return doc.encode("utf-8")


def _notes(gold: dict, p: dict, rng: random.Random) -> list[str]:
    notes = gold["footnotes"]
    if not notes:
        return []
    kind = p["notes_markup"]
    if kind == "ol":
        backlink = rng.random() < 0.3
        items = "".join(f'<li id="fn{f["n"]}">{escape(f["text"])}'
                        + (f' <a href="#fnref{f["n"]}" class="terug">↩</a>' if backlink else "") + "</li>\n"
                        for f in notes)
        return [f'<section class="footnotes"><hr>\n<ol>\n{items}</ol></section>']
    if kind == "table":  # the officielebekendmakingen `Noot` block
        rows = "".join(f'<tr><td class="nootnum"><a id="fn{f["n"]}">{f["n"]}</a></td>'
                       f'<td>{escape(f["text"])}</td></tr>\n' for f in notes)
        return [f'<div class="noten"><table class="noot">\n{rows}</table></div>']
    paras = "".join(f'<p id="fn{f["n"]}"><sup>{f["n"]}</sup> {escape(f["text"])}</p>\n' for f in notes)
    return [f'<div class="voetnoten">\n{paras}</div>']
