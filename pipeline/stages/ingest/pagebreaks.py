"""What the layout shows where a page break falls inside or between paragraphs.

A page's first line after the last body line of the page before (footnotes and furniture between
them removed) either goes on with that paragraph or starts a new one. The text rules of `clean.py`
decide it from the words (a lower-case start goes on); where the last line ends a sentence only
the layout can tell, by the conventions of typeset text set out in `page_evidence`.
"""

from __future__ import annotations

from pipeline.stages.ingest.linewidth import LineWidth, padded
from pipeline.stages.ingest.textshape import BLANK, PAGE, ends_sentence, indent_of, raw_line


def first_line_indents(stream: list[tuple]) -> bool:
    """Whether the letter starts its paragraphs with a first-line indent: at least twice a line is
    indented deeper than the line before it, which ended a sentence."""
    lines = [item for item in stream if item not in (BLANK, PAGE)]
    return sum(indent_of(b) > indent_of(a) and ends_sentence(a[1]) for a, b in zip(lines, lines[1:])) >= 2


def page_evidence(before: tuple, item: tuple, width: LineWidth, indents: bool) -> bool | None:
    """What the layout shows about a page's first line `item` after the previous page's last body
    line `before` (footnotes and furniture between them removed): True when the paragraph goes on,
    False when a new one starts, None when it does not show. Conventions of typeset text:

    * the layout fills a line as far as the words go: when the page's first word would have fitted
      on the last line, the author ended the paragraph there (`LineWidth.author_break`);
    * justified setting stretches every line of a paragraph but its last to the column: a page's
      last line set to the column goes on (a paragraph's own last line rarely fills it exactly),
      and so does one padded with extra spaces to the column wherever the letter's setting could
      not be measured (a short letter whose wrapped head lines are not justified); a line short of
      the column in justified text ends its paragraph;
    * where paragraphs start with a first-line indent, a page's first line set flush goes on with
      the paragraph of the page before, and an indented one starts a paragraph: the indent is the
      surer sign, for a paragraph's own last line may happen to end right at the column.
    """
    last, first = raw_line(before), raw_line(item)
    if width.author_break(last, first):
        return False
    if indents and indent_of(item) > indent_of(before):
        return False  # an indent opens a paragraph, even after a last line that happens to fill the column
    if width.fills_justified_measure(last) or stretched(last, width):
        return True
    if width.short_of_justified_measure(last):
        return False
    if indents:
        return indent_of(item) <= indent_of(before)
    return None


def stretched(raw: str, width: LineWidth) -> bool:
    """A line padded with extra spaces to exactly the column: set justified, so not a paragraph's last."""
    return width.column is not None and len(raw.rstrip()) == width.column and padded(raw)
