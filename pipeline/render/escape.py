"""Text from a letter or a file name made inert: for Markdown (the .md notes and index.md), for HTML
(the .html notes and index.html) and for Word's XML (the .docx note).

Markdown
--------

A Markdown viewer renders raw HTML (`<script>`, `<img onerror=…>`), links of any scheme
(`[x](javascript:…)`, `<javascript:…>`), and gives structure to what a line starts with (`#`
heading, `>` quote, `-`/`+`/`*`/`1.` list, four spaces code) and to `|` inside a table row. So every
untrusted string goes through `md_text` before it is placed in the note:

  * non-printing characters are escaped as names.inert does (ESC, BEL, bidi overrides, lone
    surrogates), and all whitespace, line breaks included, folds to single spaces: a string is one
    inline run and can never open a block of its own;
  * `&`, `<`, `>` become character references (CommonMark shows them as the characters themselves,
    never as markup, in every inline context and in table cells);
  * the other characters CommonMark gives meaning inline (`\\ ` * _ [ ] | ~`) are backslash-escaped,
    so no emphasis, code span, link, image, footnote reference or table cell can be opened;
  * a leading `#`, `+`, `-`, `=` or an ordered-list number is escaped too, for a string that starts a line.

Only http(s) URLs ever become links (`md_url`), as CommonMark autolinks with the characters an
autolink cannot hold percent-encoded.

The Markdown templates apply `md_text` to every value they print (pipeline.render.markdown);
`InertMarkdown` marks what is already inert (the output of these functions, or template text).

HTML and Word
-------------
`clean` drops the characters XML 1.0 forbids (python-docx refuses them; in HTML they are noise at
best); `html_text` escapes the rest (`&`, `<`, `>`, both quotes), which the HTML templates apply to
every value they print (pipeline.render.html); `linkify` escapes and turns http(s) URLs into links.
"""

from __future__ import annotations

import re
from html import escape
from urllib.parse import quote

from markupsafe import Markup

from pipeline.names import inert

_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
# CommonMark's inline punctuation with a meaning here (emphasis, code, links, images via `[`, GFM
# strikethrough and table cells); `!` and `(` mean nothing without an unescaped `[`.
_BACKSLASHED = set("\\`*_[]|~")
# What opens a block when it starts a line (CommonMark §4-5): ATX heading, list items, setext
# underline, ordered list item `12.` / `12)`.
_LINE_START = re.compile(r"^(?:[#+\-=]|\d{1,9}(?=[.)]))")
_SAFE_URL = re.compile(r"https?://[^\s<>]+\Z", re.IGNORECASE)
_XML_FORBIDDEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
_HTTP_URL = re.compile(r"https?://[^\s<>\"'`]+", re.IGNORECASE)


class InertMarkdown(str):
    """Markdown that is inert already: made by md_text / md_url / md_link_target, or by the pipeline."""


def md_text(text: str | None) -> str:
    """`text` as one inert inline Markdown run (see the module docstring)."""
    folded = " ".join((inert(text) or "").split())
    escaped = "".join(_ENTITIES.get(c) or ("\\" + c if c in _BACKSLASHED else c) for c in folded)
    match = _LINE_START.match(escaped)
    if match:
        escaped = escaped[:match.end()] + "\\" + escaped[match.end():] if match.group(0)[0].isdigit() \
            else "\\" + escaped
    return escaped


def md_url(url: str) -> str | None:
    """An http(s) URL as a CommonMark autolink `<…>`, or None for any other scheme (or no URL)."""
    url = url.strip()
    if not _SAFE_URL.match(url):
        return None
    # An autolink ends at `>` and holds no spaces or controls; quote() keeps a valid URL's own
    # reserved characters and %-escapes as they are.
    return "<" + quote(url, safe=":/?#[]@!$&'()*+,;=%~-._") + ">"


def md_link_target(target: str) -> str:
    """A relative link target (a note's own file name): letters and digits (any script) and `/-._~`
    kept, everything else percent-encoded, so neither `)` nor a space nor `<` can end the link or
    open anything."""
    return "".join(c if c.isalnum() or c in "/-._~" else quote(c, safe="") for c in inert(target) or "")


def clean(text: str | None) -> str:
    """`text` without the characters XML 1.0 forbids (controls, lone surrogates, U+FFFE/U+FFFF)."""
    return _XML_FORBIDDEN.sub("", text or "")


def html_text(text: str | None) -> Markup:
    """`text` cleaned and escaped for HTML text and quoted attribute values."""
    # Markup: the result is escaped here, so the template engine must not escape it again.
    return Markup(escape(clean(text), quote=True))


def linkify(text: str | None) -> Markup:
    """`text` escaped for HTML, its http(s) URLs as links (trailing punctuation stays text)."""
    text = clean(text)
    out, pos = [], 0
    for match in _HTTP_URL.finditer(text):
        url = match.group(0)
        stripped = url.rstrip(".,;:!?)]}")
        out.append(escape(text[pos:match.start()]))
        out.append(f'<a href="{escape(stripped, quote=True)}" rel="noopener noreferrer">{escape(stripped)}</a>')
        out.append(escape(url[len(stripped):]))
        pos = match.end()
    out.append(escape(text[pos:]))
    # Markup: every piece of the letter's text above went through html.escape.
    return Markup("".join(out))
