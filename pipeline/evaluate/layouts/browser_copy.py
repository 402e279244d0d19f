"""A browser copy of a web page: select all, copy, paste as plain text (what a user saves from
tweedekamer.nl or officielebekendmakingen.nl, data/gold/real/). What browsers do when they copy a
page's text, and so what this writes from a page of the HTML layout:

- every block element (heading, paragraph, list item, table row, navigation item) ends its line; a
  paragraph is one line however long, whitespace in the source collapses; `<br>` breaks the line;
- headings lose their level (plain lines like any other);
- superscript footnote markers are glued to the word before them (`Oekraïne.1`);
- ordered-list items keep their number (`1. …`) or lose the point (`1 …`), table cells are separated
  by a tab, or each cell stands on a line of its own;
- the head (`<title>`, `<meta>`), scripts and forms' inputs are not copied; site chrome is;
- blank lines between blocks, or none (drawn).
"""

from __future__ import annotations

import random
import re
from html.parser import HTMLParser

_BLOCKS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "tr", "header", "footer", "nav", "main",
           "article", "section", "ol", "ul", "table", "form", "label", "hr"}
_SKIP = {"head", "script", "style", "title"}
_CELL = "\ue000"  # a cell boundary, kept apart from the whitespace that collapses


class _Copy(HTMLParser):
    def __init__(self, list_number: str, cells: str) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.current: list[str] = []
        self.skip = 0
        self.list_number, self.cells = list_number, cells
        self.counters: list[int] = []
        self.cell = 0

    def end_line(self) -> None:
        text = re.sub(r"\s+", " ", "".join(self.current)).strip()
        text = re.sub(f" ?{_CELL} ?", "\t", text)
        if text:
            self.lines.append(text)
        self.current = []

    def handle_starttag(self, tag, attrs):
        if tag in _SKIP:
            self.skip += 1
        elif tag == "br":
            self.end_line()
        elif tag in _BLOCKS:
            self.end_line()
            if tag == "ol":
                self.counters.append(0)
            elif tag == "ul":
                self.counters.append(-1)
            elif tag == "li" and self.counters and self.counters[-1] >= 0:
                self.counters[-1] += 1
                self.current.append(f"{self.counters[-1]}{self.list_number}")
            elif tag == "tr":
                self.cell = 0
        elif tag == "td":
            if self.cell and self.cells == "tab":
                self.current.append(_CELL)
            elif self.cell:
                self.end_line()
            self.cell += 1

    def handle_endtag(self, tag):
        if tag in _SKIP:
            self.skip -= 1
        elif tag in _BLOCKS:
            self.end_line()
            if tag in ("ol", "ul") and self.counters:
                self.counters.pop()

    def handle_data(self, data):
        if not self.skip:
            self.current.append(data)


def copy_text(html: bytes, rng: random.Random) -> tuple[str, dict]:
    """The page's text as a browser copy gives it, and what was drawn."""
    drawn = {"list_number": rng.choice([". ", " "]), "cells": rng.choice(["tab", "lines"]),
             "blank_lines": rng.random() < 0.5}
    parser = _Copy(drawn["list_number"], drawn["cells"])
    parser.feed(html.decode("utf-8"))
    parser.close()
    parser.end_line()
    return ("\n\n" if drawn["blank_lines"] else "\n").join(parser.lines) + "\n", drawn
