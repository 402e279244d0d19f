"""HTML reader: zoek.officielebekendmakingen.nl Kamerstuk pages and plain HTML letters."""

from __future__ import annotations

import re

from lxml import etree

from pipeline.stages.ingest.markup_reader import (
    CONTAINER, FURNITURE, HEADING, INLINE, PARAGRAPH, SKIP, TITLE, TUSSENKOP_RANK, Buffer, Reader, class_tokens,
    furniture_kind, local_name, place_date, store_footnote)

_HTML_SKIP = frozenset({
    "script", "style", "noscript", "template", "nav", "aside", "form", "button", "select", "option",
    "iframe", "svg", "canvas", "object", "embed", "head", "title", "meta", "link", "input",
    "textarea", "map", "audio", "video", "img", "picture", "hr"})
_HTML_HEADINGS = {f"h{n}": n for n in range(1, 7)}
_HTML_PARAGRAPHS = frozenset({"p", "li", "dt", "dd", "td", "th", "caption", "blockquote", "pre",
                              "address", "figcaption", "summary", "legend"})
_HTML_INLINE = frozenset({
    "a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "dfn", "em", "font", "i", "kbd", "mark",
    "q", "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var", "wbr", "del",
    "ins", "nobr", "tt", "big", "strike", "acronym", "label"})
_HTML_BLOCKS = _HTML_PARAGRAPHS | frozenset(_HTML_HEADINGS) | frozenset({
    "div", "section", "article", "main", "ul", "ol", "dl", "table", "thead", "tbody", "tfoot", "tr",
    "figure", "details", "center", "header", "footer", "nav", "aside", "form", "body"})
# Class tokens of page chrome; hyphenated class names are split ("site-header" → "header").
_CHROME_TOKENS = frozenset({
    "nav", "navbar", "navigation", "menu", "breadcrumb", "breadcrumbs", "skiplink", "skiplinks",
    "cookie", "cookiebar", "cookies", "banner", "sidebar", "toolbar", "share", "social", "header",
    "footer", "zoekbalk", "searchbar", "print"})
_CHROME_ROLES = frozenset({"navigation", "banner", "contentinfo", "search", "complementary"})
# Classes the officielebekendmakingen HTML gives to the title lines of a Kamerstuk.
_TITLE_CLASSES = frozenset({"kamerstuktitel", "dossiertitel", "stuktitel", "kamerstukkop",
                            "documenttitel", "kamervraagomschrijving", "kamervraagomschrijving_kop",
                            "kamervraagopmerking", "kamervraagmededeling"})
_FURNITURE_CLASSES = frozenset({"adres", "dagtekening", "plaats-datum", "plaatsdatum", "kamerstukdatum",
                                "slotformule", "ondertekening", "handtekening"})
_NOTE_CONTAINER_TOKENS = frozenset({"noten", "voetnoten", "footnotes", "endnotes", "notes"})
# Blocks that hold one footnote when a footnote link points into them.
_NOTE_BLOCKS = frozenset({"li", "p", "div", "dd", "tr", "aside", "section"})
_REF_CLASS_HINTS = ("nootnum", "footnote-ref", "noteref", "footnoteref")


def _is_note_container(el: etree._Element) -> bool:
    tokens = class_tokens(el) | {(el.get("id") or "").lower(), (el.get("role") or "").lower()}
    return bool(tokens & _NOTE_CONTAINER_TOKENS) or "doc-endnotes" in tokens


def _container_items(container: etree._Element) -> list[etree._Element]:
    """The notes in a notes container: list items, else table rows (officielebekendmakingen's
    `Noot` table has one row per note: number cell, text cell), else its div/p children."""
    items = [el for el in container.iter(etree.Element) if local_name(el) == "li"]
    if not items:
        items = [el for el in container.iter(etree.Element) if local_name(el) == "tr"
                 and re.search(r"\w", "".join(el.itertext()))]
    return items or [el for el in container if local_name(el) in ("div", "p")]


def _linked_note_targets(root: etree._Element) -> list[etree._Element]:
    """Footnotes without a notes container: the targets of the text's footnote links.

    The HTML footnote convention: a marker is a link `href="#id"` whose text is the note's number
    (usually in a <sup>), pointing to the note further down the page; the note is the block
    (li, p, div, dd, tr) holding the target. Links to targets before the link (a back-link, a table
    of contents) are no footnote markers."""
    order = {el: i for i, el in enumerate(root.iter(etree.Element))}
    ids = {el.get("id") or el.get("name"): el for el in order if el.get("id") or el.get("name")}
    entries: list[etree._Element] = []
    for link in order:
        href = link.get("href") or ""
        target = ids.get(href[1:]) if local_name(link) == "a" and href.startswith("#") else None
        marker = re.fullmatch(r"\d{1,3}", "".join(link.itertext()).strip())
        if target is None or order[target] < order[link] or not marker:
            continue
        entry = next((el for el in (target, *target.iterancestors()) if local_name(el) in _NOTE_BLOCKS), None)
        # The note's block never holds the marker itself (then the target is a whole section).
        if entry is not None and entry not in entries and not any(el is link for el in entry.iter()):
            entries.append(entry)
    return entries


class HtmlReader(Reader):
    inline_tags = _HTML_INLINE
    block_tags = _HTML_BLOCKS

    def __init__(self) -> None:
        super().__init__()
        self._note_ids: dict[str, int] = {}
        self._skip: set[etree._Element] = set()

    def read(self, root: etree._Element) -> None:
        self._read_meta(root)
        self._read_footnotes(root)
        self.walk(self._content_root(root))
        self._drop_lone_h1_title()

    # -- metadata and footnotes --------------------------------------------------------------
    def _read_meta(self, root: etree._Element) -> None:
        for el in root.iter(etree.Element):
            if local_name(el) == "meta":
                self.facts.add_meta(el.get("name") or el.get("property"), el.get("content"))
            elif local_name(el) == "title" and local_name(el.getparent()) == "head":
                self.facts.add_meta("html.title", "".join(el.itertext()))
        lang = root.get("lang") or root.get("{http://www.w3.org/XML/1998/namespace}lang")
        self.facts.language = (lang or "").split("-")[0].lower() or None

    def _note_entries(self, root: etree._Element) -> list[etree._Element]:
        """Footnote bodies: OB's div.voet.noot, else the items of a notes container (ol/div)."""
        containers = [el for el in root.iter(etree.Element) if _is_note_container(el)]
        entries = [el for el in root.iter(etree.Element) if {"voet", "noot"} <= class_tokens(el)]
        if not entries:
            for container in containers:
                entries.extend(_container_items(container))
        if not entries:
            entries = _linked_note_targets(root)
        # Neither the notes list nor its items are body text.
        self._skip.update(containers)
        self._skip.update(entries)
        return entries

    def _read_footnotes(self, root: etree._Element) -> None:
        for position, entry in enumerate(self._note_entries(root), start=1):
            number, text = self._note_number_and_text(entry)
            n = number if number is not None else position
            if not text:
                continue
            n = store_footnote(self.footnotes, n, text, self.warnings)
            for el in entry.iter(etree.Element):
                for key in ("id", "name"):
                    if el.get(key):
                        self._note_ids[el.get(key)] = n

    def _note_number_and_text(self, entry: etree._Element) -> tuple[int | None, str]:
        marker = next((el for el in entry.iter(etree.Element) if "nootnum" in class_tokens(el)), None)
        first = next(iter(entry.iterchildren(etree.Element)), None)
        if marker is None and first is not None and local_name(first) == "sup" and not (entry.text or "").strip():
            # A leading <sup> is the note's number; a <sup> later in the text is an exponent.
            marker = first
        number = None
        if marker is not None:
            digits = re.sub(r"\D", "", "".join(marker.itertext()))
            number = int(digits) if digits else None
        buf = Buffer()
        self._collect_note(entry, marker, buf)
        text = buf.text()
        if number is None:
            lead = re.match(r"^(\d+)[.)]?\s+(.*)$", text)
            if lead:
                number, text = int(lead[1]), lead[2]
        return number, re.sub(r"\s*↩\s*$", "", text)

    def _collect_note(self, el: etree._Element, marker: etree._Element | None, buf: Buffer) -> None:
        """Footnote text without its number marker, its close button ("X Noot") or back-link."""
        buf.add(el.text)
        for child in el:
            if isinstance(child.tag, str) and child is not marker and not self._note_chrome(child):
                sep = "" if local_name(child) in _HTML_INLINE else " "
                buf.add(sep)
                self._collect_note(child, marker, buf)
                buf.add(sep)
            buf.add(child.tail)

    @staticmethod
    def _note_chrome(el: etree._Element) -> bool:
        classes = class_tokens(el)
        # A back-link to the marker is a link inside the note whose text is only an arrow ("↩", "^").
        back_arrow = (local_name(el) == "a" and (el.get("href") or "").startswith("#")
                      and not re.search(r"\w", "".join(el.itertext())))
        return (local_name(el) in _HTML_SKIP or any("close" in c or "backref" in c for c in classes)
                or (el.get("role") or "") == "doc-backlink" or back_arrow)

    # -- structure ---------------------------------------------------------------------------
    @staticmethod
    def _content_root(root: etree._Element) -> etree._Element:
        """The letter's part of the page, so that site chrome around it is never walked."""
        candidates = [
            lambda el: (el.get("id") or "").lower() == "broodtekst",
            lambda el: "kamerstuk" in class_tokens(el),
            lambda el: local_name(el) in ("article", "main") or el.get("role") == "main",
            lambda el: "stuk" in class_tokens(el),
            lambda el: local_name(el) == "body",
        ]
        for test in candidates:
            found = next((el for el in root.iter(etree.Element) if test(el)), None)
            if found is not None:
                return found
        return root

    def _is_chrome(self, el: etree._Element, tag: str) -> bool:
        if tag in ("header", "footer"):
            # A page header/footer is chrome; one inside the article belongs to the letter.
            return not any(local_name(a) in ("article", "main", "section") for a in el.iterancestors())
        if (el.get("role") or "").lower() in _CHROME_ROLES:
            return True
        if el.get("hidden") is not None or (el.get("aria-hidden") or "").lower() == "true":
            return True
        tokens = {part for cls in class_tokens(el) for part in re.split(r"[-_]", cls)}
        tokens |= set(re.split(r"[-_]", (el.get("id") or "").lower()))
        return bool(tokens & _CHROME_TOKENS)

    def role(self, el: etree._Element, depth: int) -> str:
        tag = local_name(el)
        if el in self._skip or tag in _HTML_SKIP or self._is_chrome(el, tag):
            return SKIP
        classes = class_tokens(el)
        if classes & _TITLE_CLASSES:
            return TITLE
        if classes & _FURNITURE_CLASSES:
            return FURNITURE
        if tag in _HTML_HEADINGS or any(c.startswith("tussenkop") for c in classes):
            return HEADING
        if tag in _HTML_INLINE or tag == "br":
            return INLINE
        if tag in _HTML_PARAGRAPHS or tag not in _HTML_BLOCKS:
            # Unknown elements are taken for their text, as a paragraph or as a container.
            return CONTAINER if self.has_blocks(el) else PARAGRAPH
        return CONTAINER

    def heading_rank(self, el: etree._Element, depth: int) -> int:
        return _HTML_HEADINGS.get(local_name(el), TUSSENKOP_RANK)

    def furniture(self, el: etree._Element) -> None:
        lines = self.lines(el)
        if "ondertekening" in class_tokens(el) or "handtekening" in class_tokens(el):
            self.facts.absorb_signature(lines)
        for line in lines:
            if self.facts.letter_date is None:
                self.facts.letter_date = place_date(line)

    def title(self, el: etree._Element) -> None:
        if any(c.startswith("kamervraag") for c in class_tokens(el)):  # the intro of answers to written questions
            self.facts.intro.append(self.collect(el).text())
            return
        # Line by line: a kamerstukkop holds "Tweede Kamer ..." and "Vergaderjaar ..." as separate lines.
        for line in self.lines(el):
            self.facts.absorb_title_text(line)

    def inline_special(self, el: etree._Element, buf: Buffer) -> bool:
        tag = local_name(el)
        if tag in _HTML_SKIP:
            return True
        if tag not in ("a", "sup", "span"):
            return False
        n = self._ref_number(el)
        if n is None:
            return False
        buf.refs.append(n)
        return True

    def _ref_number(self, el: etree._Element) -> int | None:
        """The footnote an inline marker points to, or None when it is ordinary text."""
        href = el.get("href") or ""
        if href.startswith("#") and href[1:] in self._note_ids:
            return self._note_ids[href[1:]]
        if any(hint in c for c in class_tokens(el) for hint in _REF_CLASS_HINTS):
            digits = re.sub(r"\D", "", "".join(el.itertext()))
            return int(digits) if digits else None
        return None

    def _drop_lone_h1_title(self) -> None:
        """A page with one h1 that opens its headings: that h1 is the document title, not a section."""
        headings = [b for b in self.blocks if b.kind == "heading"]
        h1s = [b for b in headings if b.rank == 1]
        if len(h1s) == 1 and headings[0] is h1s[0]:
            if furniture_kind(h1s[0].text, before_body=True) == "dossier_line":
                # A Kamerstuk page's h1 is often its dossier line "36 512 Bescherming van …": the
                # dossier number goes to the citation, the dossier's title is the title.
                self.facts.absorb_line("dossier_line", h1s[0].text)
            else:
                self.facts.heading_title = self.facts.heading_title or h1s[0].text
            self.blocks.remove(h1s[0])

